import type { EC2Client } from '@aws-sdk/client-ec2';
import { DeregisterImageCommand } from '@aws-sdk/client-ec2';

/** A snapshot DeregisterImage kept, with EC2's DeleteSnapshotReturnCode (skipped, missing-permissions...). */
export interface KeptSnapshot {
  snapshotId: string;
  code: string;
}

/** What each DeleteSnapshotReturnCode means for the reader of the log. */
const WHY: Record<string, string> = {
  skipped: 'another AMI uses it',
  'missing-permissions': 'the role may not ec2:DeleteSnapshot it',
  'internal-error': 'an EC2 server error',
  'client-error': 'a client error, see the DeleteSnapshot event in CloudTrail',
};

/**
 * Deregisters the image with its snapshots, and returns the snapshots EC2 did not delete: one another AMI
 * also uses is skipped, and one the role may not delete is missing-permissions
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteSnapshotReturnCode.html).
 */
export async function deregisterWithSnapshots(ec2: EC2Client, imageId: string): Promise<KeptSnapshot[]> {
  const out = await ec2.send(
    new DeregisterImageCommand({ ImageId: imageId, DeleteAssociatedSnapshots: true }),
  );
  return (out.DeleteSnapshotResults ?? [])
    .filter((r) => r.ReturnCode !== 'success')
    .map((r) => ({ snapshotId: r.SnapshotId ?? '?', code: r.ReturnCode ?? 'unknown' }));
}

/** `snap-1 (skipped: another AMI uses it), snap-2 (...)`. */
export const keptSnapshotsText = (kept: readonly KeptSnapshot[]): string =>
  kept.map((s) => `${s.snapshotId} (${s.code}: ${WHY[s.code] ?? 'unknown code'})`).join(', ');
