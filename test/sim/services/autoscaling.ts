import { AutoScalingScaling } from './autoscaling-scaling.js';
import type { GroupInstance, SimGroup } from './autoscaling-model.js';
import { activePass, advanceRefresh, passFailure, passId } from './autoscaling-refresh.js';

/** How long a failed launch waits before the group tries again. */
const LAUNCH_RETRY_MS = 30_000;

/**
 * EC2 Auto Scaling as its API reference documents it: groups that keep their desired capacity from a launch
 * template, register instances in their target groups, replace instances that fail EC2 or (after the grace
 * period) ELB health checks, drain for the deregistration delay before terminating, and run instance
 * refreshes (min/max healthy percentage, warm-up, checkpoints, skip matching, alarms, bake time, auto and
 * manual rollback). Needs the EC2 and ELBv2 simulators in the account (added before it).
 */
export class AutoScalingSim extends AutoScalingScaling {
  override tick(): void {
    for (const group of [...this.groups.values()]) {
      this.syncInstances(group);
      const refresh = this.activeRefresh(group.name);
      if (refresh) advanceRefresh(this, group, refresh, () => this.applyDesired(group, refresh.desiredIn));
      this.keepCapacity(group);
      if (group.deleting && group.instances.size === 0) this.groups.delete(group.name);
    }
  }

  /** Lifecycle and health of each instance, from EC2's state and the target groups' health. */
  protected syncInstances(group: SimGroup): void {
    for (const i of [...group.instances.values()]) {
      const e = this.ec2.instance(group.region, i.id);
      if (!e || e.state === 'terminated') {
        group.instances.delete(i.id);
        continue;
      }
      if (i.lifecycle === 'Terminating') {
        if (!i.ec2Terminating && this.now >= (i.terminateAt ?? 0)) {
          i.ec2Terminating = true;
          this.ec2.beginTerminate(e, 'Client.UserInitiatedShutdown: User initiated shutdown');
        }
        continue;
      }
      if (i.lifecycle === 'Pending' && e.state === 'running') {
        i.lifecycle = 'InService';
        i.inServiceAt = e.runningAt ?? this.now;
        for (const tg of group.targetGroupArns) {
          const t = this.elbv2.targetGroup(tg);
          if (t) this.elbv2.registerTarget(tg, i.id, t.port, i.az);
        }
      }
      if (i.lifecycle !== 'InService') continue;
      const cause = this.unhealthyCause(group, i, e.state);
      if (!cause) continue;
      i.health = 'Unhealthy';
      const refresh = this.activeRefresh(group.name);
      const pass = activePass(refresh);
      if (refresh && pass && i.launchedBy === passId(refresh, pass))
        passFailure(refresh, pass, `Instance ${i.id} failed health checks: ${cause}`);
      this.terminate(group, i, `an instance was taken out of service in response to ${cause}`);
    }
  }

  protected unhealthyCause(group: SimGroup, i: GroupInstance, ec2State: string): string | undefined {
    if (ec2State !== 'running' && ec2State !== 'pending')
      return `an EC2 health check indicating it has been ${ec2State}`;
    if (group.healthCheckType !== 'ELB' || this.now < (i.inServiceAt ?? this.now) + group.gracePeriodMs)
      return undefined;
    for (const tg of group.targetGroupArns) {
      const t = this.elbv2.targetGroup(tg);
      const target = t ? this.elbv2.target(tg, i.id, t.port) : undefined;
      if (target?.state === 'unhealthy')
        return `an ELB system health check failure (${this.elbv2.nameOf(tg)}: ${target.reason ?? 'unhealthy'})`;
    }
    return undefined;
  }

  /** Launches or terminates instances so the group has its desired capacity (plus a refresh's extra). */
  protected keepCapacity(group: SimGroup): void {
    const refresh = this.activeRefresh(group.name);
    const pass = activePass(refresh);
    const target = group.deleting ? 0 : group.desired + (pass?.extra ?? 0);
    const alive = this.alive(group);
    if (alive.length > target) {
      const current = this.resolveVersion(group.launchTemplate);
      // Scale in never picks an instance protected from it
      // (https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-instance-protection.html).
      const victims = alive
        .filter((i) => group.deleting || !i.protectedFromScaleIn)
        .sort(
          (a, b) =>
            Number(a.lt.version === current) - Number(b.lt.version === current) ||
            (a.inServiceAt ?? 0) - (b.inServiceAt ?? 0),
        );
      for (const v of victims.slice(0, Math.min(victims.length, alive.length - target)))
        this.terminate(
          group,
          v,
          group.deleting ? 'the group is being deleted' : 'a user request set the desired capacity lower',
        );
      return;
    }
    if (alive.length >= target || this.now < group.nextLaunchAt) return;
    const spec = pass
      ? pass.target
      : {
          id: group.launchTemplate.id,
          name: group.launchTemplate.name,
          version: this.resolveVersion(group.launchTemplate),
        };
    for (let n = alive.length; n < target; n++) {
      const failed = this.launch(
        group,
        { LaunchTemplateId: spec.id, Version: String(spec.version) },
        refresh && pass ? passId(refresh, pass) : undefined,
      );
      if (failed) {
        if (refresh && pass) passFailure(refresh, pass, `Launching a new EC2 instance failed: ${failed}`);
        group.nextLaunchAt = this.now + LAUNCH_RETRY_MS;
        return;
      }
    }
  }

  /** Orphans: a group still being deleted, or one whose target groups no listener uses (a stray green). */
  override orphans(): string[] {
    const out: string[] = [];
    for (const g of this.groups.values()) {
      if (g.deleting) out.push(`auto scaling group ${g.name} is still being deleted`);
      else if (
        g.targetGroupArns.length &&
        g.targetGroupArns.every(
          (tg) =>
            (
              this.elbv2.DescribeTargetGroups({ TargetGroupArns: [tg] }).TargetGroups?.[0]
                ?.LoadBalancerArns ?? []
            ).length === 0,
        )
      )
        out.push(`auto scaling group ${g.name} serves target groups that no listener uses`);
    }
    return out;
  }
}
