import * as sdk from '@aws-sdk/client-auto-scaling';
import type { SimAccount } from '../account.js';
import { SimService } from '../account.js';
import type { Activity, GroupInstance, LtRef, SimGroup, SimRefresh } from './autoscaling-model.js';
import { ACTIVE_REFRESH } from './autoscaling-model.js';
import type { RefreshHost } from './autoscaling-refresh.js';
import type { CloudWatchSim } from './cloudwatch.js';
import type { Ec2Sim } from './ec2.js';
import type { Elbv2Sim } from './elbv2.js';

const iso = (t: number): string => new Date(t).toISOString();

/**
 * EC2 Auto Scaling as its API reference documents it: groups that keep their desired capacity from a launch
 * template, register instances in their target groups, replace instances that fail EC2 or (after the grace
 * period) ELB health checks, drain for the deregistration delay before terminating, and run instance
 * refreshes (min/max healthy percentage, warm-up, checkpoints, skip matching, alarms, bake time, auto and
 * manual rollback). Needs the EC2 and ELBv2 simulators in the account (added before it).
 */
export abstract class AutoScalingBase extends SimService implements RefreshHost {
  readonly clientName = 'AutoScalingClient';
  readonly iamPrefix = 'autoscaling';
  readonly sdk = sdk as unknown as Record<string, unknown>;
  readonly throttle = { name: 'Throttling', status: 400 };
  protected readonly groups = new Map<string, SimGroup>();
  protected readonly refreshes: SimRefresh[] = [];
  protected readonly activities: Activity[] = [];
  protected seq = 0;

  constructor(account: SimAccount) {
    super(account);
    // The application on every instance answers the load balancer's health checks as EC2 scripts it.
    this.elbv2.addHealthSource((id, _port, at) =>
      id.startsWith('i-') && this.ec2.findAnywhere(id) ? this.ec2.appHealth(id, at) : undefined,
    );
  }

  protected get ec2(): Ec2Sim {
    return this.account.service<Ec2Sim>('EC2Client');
  }

  protected get elbv2(): Elbv2Sim {
    return this.account.service<Elbv2Sim>('ElasticLoadBalancingV2Client');
  }

  protected nextId(): string {
    return `${(++this.seq).toString(16).padStart(8, '0')}-5a1e-4000-8000-${this.seq.toString(16).padStart(12, '0')}`;
  }

  // ---- set-up and inspection (not API calls) ----

  group(name: string): SimGroup | undefined {
    return this.groups.get(name);
  }

  groupNames(): string[] {
    return [...this.groups.keys()];
  }

  refreshesOf(group: string): SimRefresh[] {
    return this.refreshes.filter((r) => r.group === group);
  }

  // ---- RefreshHost ----

  /** The instances that count toward capacity: neither terminating nor in Standby. */
  alive(group: SimGroup): GroupInstance[] {
    return [...group.instances.values()].filter(
      (i) => i.lifecycle !== 'Terminating' && i.lifecycle !== 'Standby',
    );
  }

  /**
   * Scenario set-up, as EnterStandby with ShouldDecrementDesiredCapacity: the instance leaves service and its
   * target groups, and the desired capacity drops by one so nothing replaces it
   * (https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-enter-exit-standby.html).
   */
  enterStandby(groupName: string, id: string): void {
    const group = this.groups.get(groupName)!;
    const i = group.instances.get(id)!;
    i.lifecycle = 'Standby';
    group.desired--;
    for (const tg of group.targetGroupArns) {
      const t = this.elbv2.targetGroup(tg);
      if (t && this.elbv2.target(tg, id, t.port)) this.elbv2.deregisterTarget(tg, id, t.port);
    }
  }

  /** Scenario set-up, as SetInstanceProtection (ProtectedFromScaleIn). */
  protectFromScaleIn(groupName: string, id: string, on = true): void {
    this.groups.get(groupName)!.instances.get(id)!.protectedFromScaleIn = on;
  }

  ready(group: SimGroup, i: GroupInstance): boolean {
    if (i.lifecycle !== 'InService' || i.health !== 'Healthy' || i.inServiceAt === undefined) return false;
    const r = this.activeRefresh(group.name);
    const warmup = r?.prefs.warmupMs ?? group.defaultInstanceWarmupMs ?? group.gracePeriodMs;
    if (this.now < i.inServiceAt + warmup) return false;
    if (group.healthCheckType !== 'ELB') return true;
    return group.targetGroupArns.every((tg) => {
      const port = this.elbv2.targetGroup(tg)?.port ?? 80;
      return this.elbv2.target(tg, i.id, port)?.state === 'healthy';
    });
  }

  firingAlarm(alarms: readonly string[]): string | undefined {
    if (!alarms.length) return undefined;
    const cw = this.account.service<CloudWatchSim>('CloudWatchClient');
    return cw.DescribeAlarms({ AlarmNames: [...alarms] }).MetricAlarms?.find((a) => a.StateValue === 'ALARM')
      ?.AlarmName;
  }

  resolveVersion(ref: LtRef): number {
    const lt = this.ec2.resolveTemplate(this.regionOf(ref), { LaunchTemplateId: ref.id });
    return this.ec2.versionNumber(lt, ref.version);
  }

  /** The launch template version names its AMI by a Systems Manager parameter (resolve:ssm:…). */
  protected usesSsmImage(region: string, ref: LtRef): boolean {
    return this.ec2.templateData(region, ref.id, ref.version).ImageId?.startsWith('resolve:ssm:') ?? false;
  }

  protected regionOf(ref: LtRef): string {
    for (const g of this.groups.values()) if (g.launchTemplate.id === ref.id) return g.region;
    return 'us-east-1';
  }

  terminate(group: SimGroup, i: GroupInstance, cause: string): void {
    if (i.lifecycle === 'Terminating') return;
    i.lifecycle = 'Terminating';
    // Deregister first and wait out the longest deregistration delay before EC2 terminates the instance.
    let delay = 0;
    for (const tg of group.targetGroupArns) {
      const t = this.elbv2.targetGroup(tg);
      if (!t) continue;
      if (this.elbv2.target(tg, i.id, t.port)) {
        this.elbv2.deregisterTarget(tg, i.id, t.port);
        delay = Math.max(delay, this.elbv2.deregistrationDelayMs(tg));
      }
    }
    i.terminateAt = this.now + delay;
    this.activity(group, `Terminating EC2 instance: ${i.id}`, `At ${iso(this.now)} ${cause}.`, 'Successful');
  }

  protected activeRefresh(group: string): SimRefresh | undefined {
    return this.refreshes.find((r) => r.group === group && ACTIVE_REFRESH.includes(r.status));
  }

  protected activity(
    group: SimGroup,
    description: string,
    cause: string,
    status: Activity['status'],
    statusMessage?: string,
  ): void {
    this.activities.push({
      id: this.nextId(),
      group: group.name,
      description,
      cause,
      start: this.now,
      end: this.now,
      status,
      statusMessage,
    });
  }

  protected launch(
    group: SimGroup,
    spec: { LaunchTemplateId: string; Version: string },
    launchedBy: string | undefined,
    options: { alreadyRunning?: boolean } = {},
  ): string | undefined {
    const subnet = group.subnets[group.launchSeq++ % group.subnets.length] ?? 'subnet-default';
    const tags = new Map(
      [...group.tags].filter(([, t]) => t.propagate).map(([k, t]) => [k, t.value] as const),
    );
    tags.set('aws:autoscaling:groupName', group.name);
    const result = this.ec2.launchForGroup(group.region, spec, subnet, tags, options);
    const before = this.alive(group).length;
    if (typeof result === 'string') {
      this.activity(
        group,
        `Launching a new EC2 instance.  Status Reason: ${result}`,
        `At ${iso(this.now)} an instance was started in response to a difference between desired and actual capacity, increasing the capacity from ${before} to ${before + 1}.`,
        'Failed',
        result,
      );
      return result;
    }
    const az = `${group.region}${'abc'[group.launchSeq % 3]}`;
    group.instances.set(result.id, {
      id: result.id,
      lifecycle: 'Pending',
      health: 'Healthy',
      lt: result.launchTemplate!,
      az,
      inServiceAt: undefined,
      terminateAt: undefined,
      ec2Terminating: false,
      protectedFromScaleIn: group.newInstancesProtectedFromScaleIn,
      launchedBy,
    });
    this.activity(
      group,
      `Launching a new EC2 instance: ${result.id}`,
      `At ${iso(this.now)} an instance was started in response to a difference between desired and actual capacity, increasing the capacity from ${before} to ${before + 1}.`,
      'Successful',
    );
    return undefined;
  }

  // ---- lookups ----

  /** Settings of CreateAutoScalingGroup that a subclass models (validated and kept before the group exists). */
  protected acceptCreate(_group: SimGroup, _input: sdk.CreateAutoScalingGroupType): void {}

  /** The members of DescribeAutoScalingGroups that a subclass models. */
  protected describeExtras(_group: SimGroup): Partial<sdk.AutoScalingGroup> {
    return {};
  }

  /**
   * Puts a configuration on the group, as a successful refresh (or UpdateAutoScalingGroup) does. A launch
   * template alone replaces a mixed instances policy: the group then launches one instance type, On-Demand
   * (see test/sim/ASSUMPTIONS.md).
   */
  protected applyDesired(group: SimGroup, desired: sdk.DesiredConfiguration | undefined): void {
    const mixedSpec = desired?.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification;
    if (mixedSpec) {
      group.launchTemplate = this.ltRef(group.region, mixedSpec);
      group.mixedInstancesPolicy = structuredClone(desired!.MixedInstancesPolicy);
    } else if (desired?.LaunchTemplate) {
      group.launchTemplate = this.ltRef(group.region, desired.LaunchTemplate);
      group.mixedInstancesPolicy = undefined;
    }
  }

  protected find(name: string | undefined): SimGroup {
    const g = this.groups.get(name ?? '');
    if (!g || g.deleting)
      throw this.error(
        'ValidationError',
        `AutoScalingGroup name not found - AutoScalingGroup '${name}' not found`,
      );
    return g;
  }

  protected ltRef(region: string, spec: sdk.LaunchTemplateSpecification): LtRef {
    let lt;
    try {
      lt = this.ec2.resolveTemplate(region, spec);
      this.ec2.versionNumber(lt, spec.Version);
    } catch (err) {
      throw this.error(
        'ValidationError',
        `You must use a valid fully-formed launch template. ${(err as Error).message}`,
      );
    }
    return { id: lt.id, name: lt.name, version: spec.Version ?? '$Default' };
  }
}
