import type { EC2Client, Image, LaunchPermission } from '@aws-sdk/client-ec2';
import { ModifyImageAttributeCommand, ModifySnapshotAttributeCommand } from '@aws-sdk/client-ec2';
import { ActionError, isAwsError } from '../../core/errors.js';
import { snapshotIdsOf } from './images.js';

export interface ShareTargets {
  accounts: readonly string[];
  organizations: readonly string[];
  ous: readonly string[];
}

export const sharesAnything = (t: ShareTargets): boolean =>
  t.accounts.length + t.organizations.length + t.ous.length > 0;

/**
 * Grants launch permission on the image, and create-volume permission on its snapshots to the accounts, so
 * they can also copy it. (Snapshots cannot be shared with organizations or OUs; launching needs only the
 * image's permission.)
 */
export async function shareImage(
  ec2: EC2Client,
  region: string,
  image: Image,
  t: ShareTargets,
): Promise<void> {
  const add: LaunchPermission[] = [
    ...t.accounts.map((UserId) => ({ UserId })),
    ...t.organizations.map((OrganizationArn) => ({ OrganizationArn })),
    ...t.ous.map((OrganizationalUnitArn) => ({ OrganizationalUnitArn })),
  ];
  await ec2.send(new ModifyImageAttributeCommand({ ImageId: image.ImageId, LaunchPermission: { Add: add } }));
  if (!t.accounts.length) return;
  for (const snapshotId of snapshotIdsOf(image)) {
    try {
      await ec2.send(
        new ModifySnapshotAttributeCommand({
          SnapshotId: snapshotId,
          CreateVolumePermission: { Add: t.accounts.map((UserId) => ({ UserId })) },
        }),
      );
    } catch (err) {
      if (isAwsError(err, 'InvalidParameter'))
        throw new ActionError(
          `snapshot ${snapshotId} of ${image.ImageId} in ${region} cannot be shared: ${(err as Error).message}. ` +
            `Snapshots encrypted with the default EBS key cannot be shared; give kms-key-ids a customer managed key for ${region}`,
        );
      throw err;
    }
  }
}
