import type * as sdk from '@aws-sdk/client-ec2';
import { Ec2Base } from './ec2-base.js';
import { matchesFilters, tagList } from './ec2-model.js';

/** EBS snapshots: describe, create-volume permissions, delete. */
export abstract class Ec2Snapshots extends Ec2Base {
  DescribeSnapshots(input: sdk.DescribeSnapshotsRequest, region: string): sdk.DescribeSnapshotsResult {
    const r = this.region(region);
    const snaps = input.SnapshotIds?.length
      ? input.SnapshotIds.map((id) => this.findSnapshot(region, id))
      : [...r.snapshots.values()];
    const out = snaps.filter((s) =>
      matchesFilters(input.Filters, s.tags, { 'snapshot-id': s.id, status: s.state }),
    );
    return {
      Snapshots: out.map((s) => ({
        SnapshotId: s.id,
        State: s.state,
        VolumeSize: s.sizeGiB,
        Encrypted: s.encrypted,
        ...(s.kmsKeyId ? { KmsKeyId: s.kmsKeyId } : {}),
        OwnerId: this.account.accountId,
        StartTime: new Date(s.startTime),
        Tags: tagList(s.tags),
      })),
    };
  }

  /** Snapshots encrypted with the default (AWS managed) key cannot be shared with other accounts. */
  ModifySnapshotAttribute(input: sdk.ModifySnapshotAttributeRequest, region: string): Record<string, never> {
    const s = this.findSnapshot(region, input.SnapshotId!);
    const cvp = input.CreateVolumePermission;
    if (!cvp) throw this.error('InvalidParameterCombination', 'No attributes specified.');
    for (const p of cvp.Add ?? []) {
      if (p.Group === 'all') throw new Error('simulator: public snapshots are not modelled');
      if (s.encrypted && this.isDefaultKey(region, s.kmsKeyId))
        throw this.error(
          'InvalidParameter',
          `Snapshots encrypted with the AWS Managed CMK can't be shared. Specify another snapshot.`,
        );
      if (p.UserId) s.createVolumeUserIds.add(p.UserId);
    }
    for (const p of cvp.Remove ?? []) if (p.UserId) s.createVolumeUserIds.delete(p.UserId);
    return {};
  }

  DescribeSnapshotAttribute(
    input: sdk.DescribeSnapshotAttributeRequest,
    region: string,
  ): sdk.DescribeSnapshotAttributeResult {
    const s = this.findSnapshot(region, input.SnapshotId!);
    return {
      SnapshotId: s.id,
      CreateVolumePermissions: [...s.createVolumeUserIds].map((UserId) => ({ UserId })),
    };
  }

  DeleteSnapshot(input: sdk.DeleteSnapshotRequest, region: string): Record<string, never> {
    const s = this.findSnapshot(region, input.SnapshotId!);
    const user = [...this.region(region).images.values()].find(
      (i) => i.state !== 'deregistered' && i.snapshotIds.includes(s.id),
    );
    if (user)
      throw this.error('InvalidSnapshot.InUse', `The snapshot ${s.id} is currently in use by ${user.id}`);
    this.region(region).snapshots.delete(s.id);
    return {};
  }
}
