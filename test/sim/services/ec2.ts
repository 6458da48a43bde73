import type * as sdk from '@aws-sdk/client-ec2';
import { Ec2LaunchTemplates } from './ec2-launch-templates.js';

export { EC2_TIMING } from './ec2-base.js';

/**
 * EC2 as its API reference documents it, per region: AMIs (pending → available, copies across regions,
 * launch permissions, deprecation), EBS snapshots (create-volume permissions), instances (pending →
 * running → stopping → stopped, shutting-down → terminated) with user-data, console output and
 * instance-initiated shutdown, and launch templates with numbered versions.
 *
 * What a builder's user-data does is scripted by `provision` (the simulator runs no shell); what the
 * application on an instance answers is scripted per AMI by `app`.
 */
export class Ec2Sim extends Ec2LaunchTemplates {
  override tick(now: number): void {
    for (const r of this.regions.values()) {
      for (const i of r.instances.values()) this.advanceInstance(i, now);
      for (const image of r.images.values())
        if (image.state === 'pending' && now >= image.availableAt) image.state = 'available';
      for (const s of r.snapshots.values())
        if (s.state === 'pending' && now >= s.completedAt) s.state = 'completed';
    }
  }

  override orphans(): string[] {
    const out: string[] = [];
    for (const [name, r] of this.regions) {
      for (const i of r.instances.values())
        if (i.launchedBy === 'api' && i.state !== 'terminated' && i.state !== 'shutting-down')
          out.push(`ec2 instance ${i.id} (${i.state}) in ${name}`);
      // https://docs.aws.amazon.com/ebs/latest/userguide/ebs-deleting-volume.html: a volume whose
      // DeleteOnTermination is false outlives its instance, detached and still billed.
      for (const i of r.instances.values())
        if ((i.state === 'terminated' || i.state === 'shutting-down') && !i.root.deleteOnTermination)
          out.push(`ec2 volume ${i.root.id} kept by ${i.state} ${i.id} in ${name}`);
      for (const image of r.images.values())
        if (image.state === 'pending') out.push(`ec2 pending AMI ${image.id} in ${name}`);
      const used = new Set(
        [...r.images.values()].filter((i) => i.state !== 'deregistered').flatMap((i) => i.snapshotIds),
      );
      for (const s of r.snapshots.values())
        if (s.created && !used.has(s.id)) out.push(`ec2 snapshot ${s.id} of no AMI in ${name}`);
    }
    return out;
  }

  // ---- tags ----

  CreateTags(input: sdk.CreateTagsRequest, region: string): Record<string, never> {
    const r = this.region(region);
    const targets = (input.Resources ?? []).map((id) => {
      if (id.startsWith('ami-')) return this.findImage(region, id).tags;
      if (id.startsWith('snap-')) return this.findSnapshot(region, id).tags;
      if (id.startsWith('i-')) return this.findInstance(region, id).tags;
      const lt = r.launchTemplates.get(id);
      if (lt) return lt.tags;
      throw this.error('InvalidID', `The ID '${id}' is not valid`);
    });
    for (const tags of targets) for (const t of input.Tags ?? []) tags.set(t.Key!, t.Value ?? '');
    return {};
  }
}
