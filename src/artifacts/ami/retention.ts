import type { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import type { EC2Client, Image } from '@aws-sdk/client-ec2';
import { DescribeImageAttributeCommand, EnableImageDeprecationCommand } from '@aws-sdk/client-ec2';
import type { KeptSnapshot } from './deregister.js';
import { deregisterWithSnapshots } from './deregister.js';
import { imagesInLaunchTemplates, imagesRunning } from './image-users.js';
import { ownImages } from './images.js';
import { FAMILY_TAG } from './source-digest.js';

export interface RetentionResult {
  deregistered: string[];
  keptInUse: Array<{ imageId: string; usedBy: string }>;
  /** Shared AMIs past retention: deprecated, and deregistered by a run after `deregisterAfter`. */
  inGrace: Array<{ imageId: string; deprecatedNow: boolean; deregisterAfter: Date }>;
  /** Deregistered AMIs whose snapshots (some of them) were not deleted. */
  snapshotsKept: Array<{ imageId: string; snapshots: KeptSnapshot[] }>;
}

export interface RetentionPolicy {
  family: string;
  /** How many AMIs of the family to keep, `current` included. */
  keep: number;
  current: string;
  /** How long a shared AMI stays deprecated before it is deregistered. */
  sharedGraceMs: number;
  now: number;
}

const MINUTE = 60_000;

/** Whether other accounts, organizations or OUs may launch the image. */
async function isShared(ec2: EC2Client, image: Image): Promise<boolean> {
  if (image.Public) return true;
  const out = await ec2.send(
    new DescribeImageAttributeCommand({ ImageId: image.ImageId, Attribute: 'launchPermission' }),
  );
  return (out.LaunchPermissions ?? []).length > 0;
}

/**
 * Keeps the `keep` newest available AMIs of a family (always including `current`), and deregisters the rest
 * with their snapshots, except any that a launch template version or a running instance still uses.
 *
 * A shared AMI is never deregistered at once: launch templates in the accounts it is shared with are
 * invisible from here. It is deprecated now (which hides it from their DescribeImages listings and flags it
 * in their consoles, while their launches keep working) and a later run deregisters it once its deprecation
 * time is `sharedGraceMs` past.
 */
export async function pruneFamily(
  ec2: EC2Client,
  asg: AutoScalingClient,
  p: RetentionPolicy,
): Promise<RetentionResult> {
  const images = await ownImages(ec2, [
    { Name: `tag:${FAMILY_TAG}`, Values: [p.family] },
    { Name: 'state', Values: ['available'] },
  ]);
  const newestFirst = images
    .filter((i): i is Image & { ImageId: string } => !!i.ImageId)
    .sort((a, b) => (b.CreationDate ?? '').localeCompare(a.CreationDate ?? ''));
  const kept = new Set([
    p.current,
    ...newestFirst
      .filter((i) => i.ImageId !== p.current)
      .slice(0, Math.max(0, p.keep - 1))
      .map((i) => i.ImageId),
  ]);
  const candidates = newestFirst.filter((i) => !kept.has(i.ImageId));
  const result: RetentionResult = { deregistered: [], keptInUse: [], inGrace: [], snapshotsKept: [] };
  if (!candidates.length) return result;
  const ids = candidates.map((i) => i.ImageId);
  const users = new Map([...(await imagesInLaunchTemplates(ec2)), ...(await imagesRunning(ec2, asg, ids))]);
  for (const image of candidates) {
    const imageId = image.ImageId;
    const usedBy = users.get(imageId);
    if (usedBy) {
      result.keptInUse.push({ imageId, usedBy });
      continue;
    }
    if (await isShared(ec2, image)) {
      const deprecated = image.DeprecationTime ? Date.parse(image.DeprecationTime) : NaN;
      if (!(deprecated <= p.now)) {
        // EC2 wants a time in the future and rounds it to the minute: the next whole minute but one.
        const at = Math.ceil((p.now + MINUTE) / MINUTE) * MINUTE;
        await ec2.send(new EnableImageDeprecationCommand({ ImageId: imageId, DeprecateAt: new Date(at) }));
        result.inGrace.push({
          imageId,
          deprecatedNow: true,
          deregisterAfter: new Date(at + p.sharedGraceMs),
        });
        continue;
      }
      if (deprecated + p.sharedGraceMs > p.now) {
        const deregisterAfter = new Date(deprecated + p.sharedGraceMs);
        result.inGrace.push({ imageId, deprecatedNow: false, deregisterAfter });
        continue;
      }
    }
    const snapshots = await deregisterWithSnapshots(ec2, imageId);
    result.deregistered.push(imageId);
    if (snapshots.length) result.snapshotsKept.push({ imageId, snapshots });
  }
  return result;
}
