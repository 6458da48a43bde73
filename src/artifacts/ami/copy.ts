import { createHash } from 'node:crypto';
import type { EC2Client, Image, Tag } from '@aws-sdk/client-ec2';
import { CopyImageCommand } from '@aws-sdk/client-ec2';
import { ActionError } from '../../core/errors.js';
import { ownImages } from './images.js';

/** The tags that link a copy to the AMI it was copied from. */
export const SOURCE_AMI_TAG = 'slipway:source-ami';
export const SOURCE_REGION_TAG = 'slipway:source-region';

export interface CopyRequest {
  source: Image;
  sourceRegion: string;
  region: string;
  /** A customer managed key in `region`: the copy's snapshots are re-encrypted with it. */
  kmsKeyId: string | undefined;
  tags: Tag[];
}

/**
 * The ClientToken for one copy: the same source, destination and key always give the same token, so a
 * retried or re-run publish gets the copy it already started instead of a second one.
 */
export function copyToken(
  r: Pick<CopyRequest, 'sourceRegion' | 'region' | 'kmsKeyId'> & { sourceId: string },
): string {
  return createHash('sha256')
    .update(JSON.stringify([r.sourceRegion, r.sourceId, r.region, r.kmsKeyId ?? null]))
    .digest('hex')
    .slice(0, 64);
}

/** A copy this account already made of the source in the region (pending or available), if any. */
export async function existingCopy(ec2: EC2Client, sourceId: string): Promise<Image | undefined> {
  const found = await ownImages(ec2, [
    { Name: `tag:${SOURCE_AMI_TAG}`, Values: [sourceId] },
    { Name: 'state', Values: ['pending', 'available'] },
  ]);
  return found[0];
}

/** Starts CopyImage, which runs in the destination region and pulls from the source region. */
export async function startCopy(ec2: EC2Client, r: CopyRequest): Promise<string> {
  const encrypted =
    r.kmsKeyId !== undefined || (r.source.BlockDeviceMappings ?? []).some((m) => m.Ebs?.Encrypted);
  const out = await ec2.send(
    new CopyImageCommand({
      SourceRegion: r.sourceRegion,
      SourceImageId: r.source.ImageId,
      Name: r.source.Name,
      Description: r.source.Description || `copy of ${r.source.ImageId} from ${r.sourceRegion}`,
      ClientToken: copyToken({ ...r, sourceId: r.source.ImageId! }),
      ...(encrypted ? { Encrypted: true } : {}),
      ...(r.kmsKeyId ? { KmsKeyId: r.kmsKeyId } : {}),
      TagSpecifications: [{ ResourceType: 'image', Tags: r.tags }],
    }),
  );
  if (!out.ImageId) throw new ActionError(`CopyImage to ${r.region} returned no image id`);
  return out.ImageId;
}
