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
  /** Which attempt of the job this is (see copyAttempt). */
  attempt: string;
}

/**
 * What makes one run's copy tokens its own: the workflow run and its attempt, or outside Actions the time
 * the run started. A later attempt needs a new token: EC2 answers a used token with the image it made then
 * (https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-idempotency.html), even when a cancelled
 * attempt's post step has deregistered it, and that dead image would never become available. A copy an
 * earlier attempt left running is found by its tag instead (existingCopy).
 */
export function copyAttempt(env: Readonly<Record<string, string | undefined>>, startedAt: number): string {
  const runId = env['GITHUB_RUN_ID'];
  return runId ? `${runId}.${env['GITHUB_RUN_ATTEMPT'] ?? '1'}` : `local.${startedAt}`;
}

/**
 * The ClientToken for one copy: within an attempt the same source, destination and key give the same
 * token, so the SDK's retries of CopyImage get the copy already started instead of a second one.
 */
export function copyToken(
  r: Pick<CopyRequest, 'sourceRegion' | 'region' | 'kmsKeyId' | 'attempt'> & { sourceId: string },
): string {
  return createHash('sha256')
    .update(JSON.stringify([r.sourceRegion, r.sourceId, r.region, r.kmsKeyId ?? null, r.attempt]))
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
      // The snapshots too: a cancelled run's post step deletes them, and the role may delete only tagged ones.
      TagSpecifications: [
        { ResourceType: 'image', Tags: r.tags },
        { ResourceType: 'snapshot', Tags: r.tags },
      ],
    }),
  );
  if (!out.ImageId) throw new ActionError(`CopyImage to ${r.region} returned no image id`);
  return out.ImageId;
}
