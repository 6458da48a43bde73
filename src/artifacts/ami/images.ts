import type { EC2Client, Image, Tag } from '@aws-sdk/client-ec2';
import { DescribeImagesCommand } from '@aws-sdk/client-ec2';
import { ActionError, isAwsError } from '../../core/errors.js';
import type { PollSettings } from '../../core/poll.js';
import { pollUntil } from '../../core/poll.js';

export const tagValue = (tags: readonly Tag[] | undefined, key: string): string | undefined =>
  tags?.find((t) => t.Key === key)?.Value;

export const snapshotIdsOf = (image: Image): string[] =>
  (image.BlockDeviceMappings ?? []).map((m) => m.Ebs?.SnapshotId).filter((s): s is string => !!s);

/** The image, or undefined when it does not exist (or no longer does). */
export async function findImage(ec2: EC2Client, imageId: string): Promise<Image | undefined> {
  try {
    const out = await ec2.send(new DescribeImagesCommand({ ImageIds: [imageId] }));
    return out.Images?.[0];
  } catch (err) {
    if (isAwsError(err, 'InvalidAMIID.NotFound')) return undefined;
    throw err;
  }
}

/** Every image this account owns that matches `filters`, across pages. */
export async function ownImages(
  ec2: EC2Client,
  filters: Array<{ Name: string; Values: string[] }>,
): Promise<Image[]> {
  const images: Image[] = [];
  let NextToken: string | undefined;
  do {
    const out = await ec2.send(
      new DescribeImagesCommand({ Owners: ['self'], Filters: filters, ...(NextToken ? { NextToken } : {}) }),
    );
    images.push(...(out.Images ?? []));
    NextToken = out.NextToken;
  } while (NextToken);
  return images;
}

/** An available AMI of this account carrying tag `key` = `value`, newest first. */
export async function findAvailableByTag(
  ec2: EC2Client,
  key: string,
  value: string,
): Promise<Image | undefined> {
  const images = await ownImages(ec2, [
    { Name: `tag:${key}`, Values: [value] },
    { Name: 'state', Values: ['available'] },
  ]);
  return images.sort((a, b) => (b.CreationDate ?? '').localeCompare(a.CreationDate ?? ''))[0];
}

/**
 * Waits until the image is available. A failed image ends the wait with its state reason. A new image can
 * be briefly unknown to DescribeImages (eventual consistency), which counts as pending.
 */
export async function waitImageAvailable(
  ec2: EC2Client,
  imageId: string,
  label: string,
  poll: PollSettings,
  timeoutMs: number,
): Promise<Image> {
  return pollUntil(poll, `${label} ${imageId} to become available`, timeoutMs, async () => {
    const image = await findImage(ec2, imageId);
    if (!image) return { done: false, status: 'not visible yet' };
    if (image.State === 'available') return { done: true, value: image };
    if (image.State === 'pending') return { done: false, status: 'pending' };
    throw new ActionError(
      `${label} ${imageId} is ${image.State}${image.StateReason?.Message ? `: ${image.StateReason.Message}` : ''}`,
    );
  });
}
