import * as sdk from '@aws-sdk/client-auto-scaling';
import type { SimAccount } from '../account.js';
import { SimService } from '../account.js';
import type {
  Activity,
  GroupInstance,
  LtRef,
  RefreshPrefs,
  SimGroup,
  SimRefresh,
} from './autoscaling-model.js';
import { ACTIVE_REFRESH } from './autoscaling-model.js';
import type { RefreshHost } from './autoscaling-refresh.js';
import {
  activePass,
  advanceRefresh,
  newPass,
  passFailure,
  passId,
  progress,
  rollBack,
} from './autoscaling-refresh.js';
import type { CloudWatchSim } from './cloudwatch.js';
import type { Ec2Sim } from './ec2.js';
import type { Elbv2Sim } from './elbv2.js';

/** How long a failed launch waits before the group tries again. */
const LAUNCH_RETRY_MS = 30_000;

const iso = (t: number): string => new Date(t).toISOString();

/**
 * EC2 Auto Scaling as its API reference documents it: groups that keep their desired capacity from a launch
 * template, register instances in their target groups, replace instances that fail EC2 or (after the grace
 * period) ELB health checks, drain for the deregistration delay before terminating, and run instance
 * refreshes (min/max healthy percentage, warm-up, checkpoints, skip matching, alarms, bake time, auto and
 * manual rollback). Needs the EC2 and ELBv2 simulators in the account (added before it).
 */
export class AutoScalingSim extends SimService implements RefreshHost {
  readonly clientName = 'AutoScalingClient';
  readonly iamPrefix = 'autoscaling';
  readonly sdk = sdk as unknown as Record<string, unknown>;
  readonly throttle = { name: 'Throttling', status: 400 };
  private readonly groups = new Map<string, SimGroup>();
  private readonly refreshes: SimRefresh[] = [];
  private readonly activities: Activity[] = [];
  private seq = 0;

  constructor(account: SimAccount) {
    super(account);
    // The application on every instance answers the load balancer's health checks as EC2 scripts it.
    this.elbv2.addHealthSource((id, _port, at) =>
      id.startsWith('i-') && this.ec2.findAnywhere(id) ? this.ec2.appHealth(id, at) : undefined,
    );
  }

  private get ec2(): Ec2Sim {
    return this.account.service<Ec2Sim>('EC2Client');
  }

  private get elbv2(): Elbv2Sim {
    return this.account.service<Elbv2Sim>('ElasticLoadBalancingV2Client');
  }

  private nextId(): string {
    return `${(++this.seq).toString(16).padStart(8, '0')}-5a1e-4000-8000-${this.seq.toString(16).padStart(12, '0')}`;
  }

  // ---- set-up and inspection (not API calls) ----

  /**
   * A group that has been serving for an hour: `desired` instances running, in service and healthy in its
   * target groups.
   */
  seedGroup(input: sdk.CreateAutoScalingGroupType, region = 'us-east-1'): SimGroup {
    this.CreateAutoScalingGroup(input, region, { seeded: true });
    return this.groups.get(input.AutoScalingGroupName!)!;
  }

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

  alive(group: SimGroup): GroupInstance[] {
    return [...group.instances.values()].filter((i) => i.lifecycle !== 'Terminating');
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

  private regionOf(ref: LtRef): string {
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

  private activeRefresh(group: string): SimRefresh | undefined {
    return this.refreshes.find((r) => r.group === group && ACTIVE_REFRESH.includes(r.status));
  }

  private activity(
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

  // ---- virtual time ----

  override tick(): void {
    for (const group of [...this.groups.values()]) {
      this.syncInstances(group);
      const refresh = this.activeRefresh(group.name);
      if (refresh)
        advanceRefresh(this, group, refresh, () => {
          if (refresh.desiredIn?.LaunchTemplate)
            group.launchTemplate = this.ltRef(group.region, refresh.desiredIn.LaunchTemplate);
        });
      this.keepCapacity(group);
      if (group.deleting && group.instances.size === 0) this.groups.delete(group.name);
    }
  }

  /** Lifecycle and health of each instance, from EC2's state and the target groups' health. */
  private syncInstances(group: SimGroup): void {
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

  private unhealthyCause(group: SimGroup, i: GroupInstance, ec2State: string): string | undefined {
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
  private keepCapacity(group: SimGroup): void {
    const refresh = this.activeRefresh(group.name);
    const pass = activePass(refresh);
    const target = group.deleting ? 0 : group.desired + (pass?.extra ?? 0);
    const alive = this.alive(group);
    if (alive.length > target) {
      const current = this.resolveVersion(group.launchTemplate);
      const victims = [...alive].sort(
        (a, b) =>
          Number(a.lt.version === current) - Number(b.lt.version === current) ||
          (a.inServiceAt ?? 0) - (b.inServiceAt ?? 0),
      );
      for (const v of victims.slice(0, alive.length - target))
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

  private launch(
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

  // ---- lookups ----

  private find(name: string | undefined): SimGroup {
    const g = this.groups.get(name ?? '');
    if (!g || g.deleting)
      throw this.error(
        'ValidationError',
        `AutoScalingGroup name not found - AutoScalingGroup '${name}' not found`,
      );
    return g;
  }

  private ltRef(region: string, spec: sdk.LaunchTemplateSpecification): LtRef {
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

  // ---- API: groups ----

  /**
   * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_CreateAutoScalingGroup.html. `seeded` is
   * scenario set-up: the instances exist already, running and healthy in the target groups.
   */
  CreateAutoScalingGroup(
    input: sdk.CreateAutoScalingGroupType,
    region: string,
    setup: { seeded?: boolean } = {},
  ): Record<string, never> {
    const name = input.AutoScalingGroupName ?? '';
    if (this.groups.has(name))
      throw this.error(
        'AlreadyExistsFault',
        `AutoScalingGroup by this name already exists - A group with the name ${name} already exists`,
      );
    const spec =
      input.LaunchTemplate ?? input.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification;
    if (!spec)
      throw this.error(
        'ValidationError',
        'Valid requests must contain either LaunchTemplate, LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter.',
      );
    const min = input.MinSize ?? 0;
    const max = input.MaxSize ?? 0;
    const desired = input.DesiredCapacity ?? min;
    if (min > max || desired < min || desired > max)
      throw this.error(
        'ValidationError',
        `Desired capacity:${desired} must be between the specified min size:${min} and max size:${max}`,
      );
    const subnets = (input.VPCZoneIdentifier ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (!subnets.length)
      throw this.error('ValidationError', 'At least one Availability Zone or VPC Subnet is required.');
    for (const tg of input.TargetGroupARNs ?? [])
      if (!this.elbv2.targetGroup(tg))
        throw this.error(
          'ValidationError',
          `Provided Target Groups may not be valid. Please ensure they exist and try again: ${tg}`,
        );
    const group: SimGroup = {
      name,
      arn: `arn:aws:autoscaling:${region}:${this.account.accountId}:autoScalingGroup:${this.nextId()}:autoScalingGroupName/${name}`,
      region,
      createdAt: this.now,
      launchTemplate: this.ltRef(region, spec),
      mixedInstancesPolicy: input.MixedInstancesPolicy,
      min,
      max,
      desired,
      subnets,
      healthCheckType: input.HealthCheckType === 'ELB' ? 'ELB' : 'EC2',
      gracePeriodMs: (input.HealthCheckGracePeriod ?? 0) * 1000,
      defaultInstanceWarmupMs:
        input.DefaultInstanceWarmup === undefined ? undefined : input.DefaultInstanceWarmup * 1000,
      defaultCooldown: input.DefaultCooldown ?? 300,
      targetGroupArns: [...(input.TargetGroupARNs ?? [])],
      tags: new Map(
        (input.Tags ?? []).map((t) => [
          t.Key!,
          { value: t.Value ?? '', propagate: t.PropagateAtLaunch ?? false },
        ]),
      ),
      terminationPolicies: input.TerminationPolicies ?? ['Default'],
      newInstancesProtectedFromScaleIn: input.NewInstancesProtectedFromScaleIn ?? false,
      capacityRebalance: input.CapacityRebalance ?? false,
      instances: new Map(),
      deleting: false,
      nextLaunchAt: 0,
      launchSeq: 0,
      policies: new Map(),
      scheduled: new Map(),
    };
    this.groups.set(name, group);
    if (setup.seeded) {
      const version = this.resolveVersion(group.launchTemplate);
      for (let n = 0; n < desired; n++) {
        const failed = this.launch(
          group,
          { LaunchTemplateId: group.launchTemplate.id, Version: String(version) },
          undefined,
          { alreadyRunning: true },
        );
        if (failed) throw new Error(`simulator set-up: ${failed}`);
      }
      for (const i of group.instances.values()) {
        i.lifecycle = 'InService';
        i.inServiceAt = this.now - 3_600_000;
        for (const tg of group.targetGroupArns)
          this.elbv2.seedHealthyTarget(tg, i.id, this.elbv2.targetGroup(tg)!.port);
      }
    }
    return {};
  }

  private groupOut(g: SimGroup): sdk.AutoScalingGroup {
    return {
      AutoScalingGroupName: g.name,
      AutoScalingGroupARN: g.arn,
      LaunchTemplate: {
        LaunchTemplateId: g.launchTemplate.id,
        LaunchTemplateName: g.launchTemplate.name,
        Version: g.launchTemplate.version,
      },
      ...(g.mixedInstancesPolicy ? { MixedInstancesPolicy: structuredClone(g.mixedInstancesPolicy) } : {}),
      MinSize: g.min,
      MaxSize: g.max,
      DesiredCapacity: g.desired,
      DefaultCooldown: g.defaultCooldown,
      AvailabilityZones: [...new Set(g.subnets.map((_, n) => `${g.region}${'abc'[n % 3]}`))],
      VPCZoneIdentifier: g.subnets.join(','),
      HealthCheckType: g.healthCheckType,
      HealthCheckGracePeriod: g.gracePeriodMs / 1000,
      ...(g.defaultInstanceWarmupMs !== undefined
        ? { DefaultInstanceWarmup: g.defaultInstanceWarmupMs / 1000 }
        : {}),
      TargetGroupARNs: [...g.targetGroupArns],
      LoadBalancerNames: [],
      CreatedTime: new Date(g.createdAt),
      TerminationPolicies: [...g.terminationPolicies],
      NewInstancesProtectedFromScaleIn: g.newInstancesProtectedFromScaleIn,
      CapacityRebalance: g.capacityRebalance,
      ...(g.deleting ? { Status: 'Delete in progress' } : {}),
      Instances: [...g.instances.values()].map((i) => ({
        InstanceId: i.id,
        AvailabilityZone: i.az,
        LifecycleState:
          i.lifecycle === 'Terminating'
            ? i.ec2Terminating
              ? 'Terminating:Proceed'
              : 'Terminating:Wait'
            : i.lifecycle,
        HealthStatus: i.health,
        LaunchTemplate: {
          LaunchTemplateId: i.lt.id,
          LaunchTemplateName: i.lt.name,
          Version: String(i.lt.version),
        },
        ProtectedFromScaleIn: i.protectedFromScaleIn,
        InstanceType: this.ec2.instance(g.region, i.id)?.instanceType,
      })),
      Tags: [...g.tags].map(([Key, t]) => ({
        Key,
        Value: t.value,
        PropagateAtLaunch: t.propagate,
        ResourceId: g.name,
        ResourceType: 'auto-scaling-group',
      })),
    };
  }

  DescribeAutoScalingGroups(input: sdk.AutoScalingGroupNamesType, region: string): sdk.AutoScalingGroupsType {
    let groups = [...this.groups.values()].filter((g) => g.region === region);
    if (input.AutoScalingGroupNames?.length)
      groups = groups.filter((g) => input.AutoScalingGroupNames!.includes(g.name));
    for (const f of input.Filters ?? []) {
      const values = f.Values ?? [];
      groups = groups.filter((g) => {
        if (f.Name?.startsWith('tag:')) return values.includes(g.tags.get(f.Name.slice(4))?.value ?? '\0');
        if (f.Name === 'tag-key') return [...g.tags.keys()].some((k) => values.includes(k));
        if (f.Name === 'tag-value') return [...g.tags.values()].some((t) => values.includes(t.value));
        throw new Error(`simulator: Auto Scaling filter ${f.Name} is not modelled`);
      });
    }
    const start = input.NextToken ? Number(input.NextToken) : 0;
    const max = input.MaxRecords ?? 50;
    const page = groups.slice(start, start + max);
    return {
      AutoScalingGroups: page.map((g) => this.groupOut(g)),
      ...(start + max < groups.length ? { NextToken: String(start + max) } : {}),
    };
  }

  UpdateAutoScalingGroup(input: sdk.UpdateAutoScalingGroupType, region: string): Record<string, never> {
    const g = this.find(input.AutoScalingGroupName);
    const min = input.MinSize ?? g.min;
    const max = input.MaxSize ?? g.max;
    const desired = input.DesiredCapacity ?? Math.min(Math.max(g.desired, min), max);
    if (min > max || desired < min || desired > max)
      throw this.error(
        'ValidationError',
        `Desired capacity:${desired} must be between the specified min size:${min} and max size:${max}`,
      );
    Object.assign(g, { min, max, desired });
    if (input.LaunchTemplate) g.launchTemplate = this.ltRef(region, input.LaunchTemplate);
    if (input.HealthCheckType) g.healthCheckType = input.HealthCheckType === 'ELB' ? 'ELB' : 'EC2';
    if (input.HealthCheckGracePeriod !== undefined) g.gracePeriodMs = input.HealthCheckGracePeriod * 1000;
    if (input.VPCZoneIdentifier) g.subnets = input.VPCZoneIdentifier.split(',').map((s) => s.trim());
    return {};
  }

  /**
   * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_DeleteAutoScalingGroup.html: a group with
   * instances is refused unless ForceDelete, which terminates them (each drains first); the group shows
   * "Delete in progress" until they are gone.
   */
  DeleteAutoScalingGroup(input: sdk.DeleteAutoScalingGroupType): Record<string, never> {
    const g = this.find(input.AutoScalingGroupName);
    if (g.instances.size && !input.ForceDelete)
      throw this.error(
        'ResourceInUseFault',
        'You cannot delete an AutoScalingGroup while there are instances or pending Spot instance request(s) still in the group.',
      );
    if (this.activeRefresh(g.name) && !input.ForceDelete)
      throw this.error(
        'ScalingActivityInProgressFault',
        'You cannot delete an AutoScalingGroup while there are scaling activities in progress for that group.',
      );
    g.deleting = true;
    for (const r of this.refreshesOf(g.name))
      if (ACTIVE_REFRESH.includes(r.status))
        Object.assign(r, { status: 'Cancelled', end: this.now, statusReason: 'The group was deleted' });
    for (const i of g.instances.values()) this.terminate(g, i, 'the group is being deleted');
    if (g.instances.size === 0) this.groups.delete(g.name);
    return {};
  }

  CreateOrUpdateTags(input: sdk.CreateOrUpdateTagsType): Record<string, never> {
    for (const t of input.Tags ?? [])
      this.find(t.ResourceId).tags.set(t.Key!, {
        value: t.Value ?? '',
        propagate: t.PropagateAtLaunch ?? false,
      });
    return {};
  }

  DeleteTags(input: sdk.DeleteTagsType): Record<string, never> {
    for (const t of input.Tags ?? []) this.find(t.ResourceId).tags.delete(t.Key!);
    return {};
  }

  DescribeScalingActivities(input: sdk.DescribeScalingActivitiesType): sdk.ActivitiesType {
    const list = this.activities
      .filter((a) => !input.AutoScalingGroupName || a.group === input.AutoScalingGroupName)
      .slice()
      .reverse();
    const start = input.NextToken ? Number(input.NextToken) : 0;
    const max = input.MaxRecords ?? 100;
    return {
      Activities: list.slice(start, start + max).map((a) => ({
        ActivityId: a.id,
        AutoScalingGroupName: a.group,
        Description: a.description,
        Cause: a.cause,
        StartTime: new Date(a.start),
        ...(a.end !== undefined ? { EndTime: new Date(a.end) } : {}),
        StatusCode: a.status,
        ...(a.statusMessage ? { StatusMessage: a.statusMessage } : {}),
        Progress: 100,
      })),
      ...(start + max < list.length ? { NextToken: String(start + max) } : {}),
    };
  }

  // ---- API: instance refresh ----

  /**
   * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_StartInstanceRefresh.html. AutoRollback
   * needs a DesiredConfiguration, and neither it nor the group may name $Latest or $Default.
   */
  StartInstanceRefresh(input: sdk.StartInstanceRefreshType, region: string): sdk.StartInstanceRefreshAnswer {
    const g = this.find(input.AutoScalingGroupName);
    if (this.activeRefresh(g.name))
      throw this.error(
        'InstanceRefreshInProgressFault',
        'An Instance Refresh is already in progress and blocks the execution of this Instance Refresh.',
      );
    if (input.Strategy && input.Strategy !== 'Rolling')
      throw new Error(`simulator: refresh strategy ${input.Strategy} is not modelled`);
    const p = input.Preferences ?? {};
    const desiredSpec = input.DesiredConfiguration?.LaunchTemplate;
    const desired = desiredSpec ? this.ltRef(region, desiredSpec) : g.launchTemplate;
    const numeric = (v: string): boolean => /^\d+$/.test(v);
    if (p.AutoRollback && (!desiredSpec || !numeric(desired.version) || !numeric(g.launchTemplate.version)))
      throw this.error(
        'ValidationError',
        'AutoRollback requires a DesiredConfiguration whose launch template version is a number, and a group that does not use $Latest or $Default.',
      );
    const min = p.MinHealthyPercentage ?? 90;
    const max = p.MaxHealthyPercentage;
    if (min < 0 || min > 100)
      throw this.error('ValidationError', 'MinHealthyPercentage must be between 0 and 100.');
    if (max !== undefined && (max < 100 || max > 200 || max - min > 100))
      throw this.error(
        'ValidationError',
        'MaxHealthyPercentage must be between 100 and 200, and at most 100 above MinHealthyPercentage.',
      );
    const checkpoints = p.CheckpointPercentages ?? [];
    if (checkpoints.some((c, n) => c < 1 || c > 100 || (n > 0 && c <= checkpoints[n - 1]!)))
      throw this.error('ValidationError', 'CheckpointPercentages must be ascending values from 1 to 100.');
    const prefs: RefreshPrefs = {
      minHealthy: min,
      maxHealthy: max,
      warmupMs: (p.InstanceWarmup ?? (g.defaultInstanceWarmupMs ?? g.gracePeriodMs) / 1000) * 1000,
      checkpoints,
      checkpointDelayMs: (p.CheckpointDelay ?? 3600) * 1000,
      skipMatching: p.SkipMatching ?? false,
      autoRollback: p.AutoRollback ?? false,
      alarms: p.AlarmSpecification?.Alarms ?? [],
      bakeMs: (p.BakeTime ?? 0) * 1000,
    };
    const target = { id: desired.id, name: desired.name, version: this.resolveVersion(desired) };
    const toReplace = new Set(
      this.alive(g)
        .filter((i) => !prefs.skipMatching || i.lt.id !== target.id || i.lt.version !== target.version)
        .map((i) => i.id),
    );
    const refresh: SimRefresh = {
      id: this.nextId(),
      group: g.name,
      status: 'Pending',
      statusReason: undefined,
      start: this.now,
      end: undefined,
      prefs,
      preferencesIn: input.Preferences,
      desiredIn: input.DesiredConfiguration,
      previous: { ...g.launchTemplate },
      forward: newPass(toReplace, target),
      rollback: undefined,
      bakeUntil: undefined,
    };
    this.refreshes.push(refresh);
    return { InstanceRefreshId: refresh.id };
  }

  DescribeInstanceRefreshes(input: sdk.DescribeInstanceRefreshesType): sdk.DescribeInstanceRefreshesAnswer {
    const g = this.find(input.AutoScalingGroupName);
    let list = this.refreshesOf(g.name).slice().reverse();
    if (input.InstanceRefreshIds?.length) list = list.filter((r) => input.InstanceRefreshIds!.includes(r.id));
    const start = input.NextToken ? Number(input.NextToken) : 0;
    const max = input.MaxRecords ?? 50;
    return {
      InstanceRefreshes: list.slice(start, start + max).map((r) => {
        const p = progress(this, g, r, r.forward);
        const rb = r.rollback;
        return {
          InstanceRefreshId: r.id,
          AutoScalingGroupName: r.group,
          Status: r.status,
          ...(r.statusReason ? { StatusReason: r.statusReason } : {}),
          StartTime: new Date(r.start),
          ...(r.end !== undefined ? { EndTime: new Date(r.end) } : {}),
          PercentageComplete: r.status === 'Successful' ? 100 : p.percent,
          InstancesToUpdate: r.status === 'Successful' ? 0 : p.toUpdate,
          ...(r.preferencesIn ? { Preferences: structuredClone(r.preferencesIn) } : {}),
          ...(r.desiredIn ? { DesiredConfiguration: structuredClone(r.desiredIn) } : {}),
          ...(rb
            ? {
                RollbackDetails: {
                  RollbackReason: rb.reason,
                  RollbackStartTime: new Date(rb.start),
                  PercentageCompleteOnRollback: rb.percentAtRollback,
                  InstancesToUpdateOnRollback: rb.toUpdateAtRollback,
                },
              }
            : {}),
        };
      }),
      ...(start + max < list.length ? { NextToken: String(start + max) } : {}),
    };
  }

  CancelInstanceRefresh(input: sdk.CancelInstanceRefreshType): sdk.CancelInstanceRefreshAnswer {
    const g = this.find(input.AutoScalingGroupName);
    const r = this.activeRefresh(g.name);
    if (!r || r.status === 'RollbackInProgress' || r.status === 'Cancelling')
      throw this.error(
        'ActiveInstanceRefreshNotFoundFault',
        'No in progress or pending Instance Refresh found for this Auto Scaling group.',
      );
    r.status = 'Cancelling';
    return { InstanceRefreshId: r.id };
  }

  /** https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_RollbackInstanceRefresh.html */
  RollbackInstanceRefresh(input: sdk.RollbackInstanceRefreshType): sdk.RollbackInstanceRefreshAnswer {
    const g = this.find(input.AutoScalingGroupName);
    const r = this.activeRefresh(g.name);
    if (!r || r.status === 'RollbackInProgress' || r.status === 'Cancelling')
      throw this.error(
        'ActiveInstanceRefreshNotFoundFault',
        'No in progress or pending Instance Refresh found for this Auto Scaling group.',
      );
    if (!r.desiredIn?.LaunchTemplate || !/^\d+$/.test(r.previous.version))
      throw this.error(
        'IrreversibleInstanceRefreshFault',
        'The instance refresh cannot be rolled back: it has no desired configuration, or the group uses $Latest or $Default.',
      );
    rollBack(this, g, r);
    return { InstanceRefreshId: r.id };
  }

  // ---- API: scaling policies and scheduled actions (kept so blue/green can copy them) ----

  PutScalingPolicy(input: sdk.PutScalingPolicyType): sdk.PolicyARNType {
    const g = this.find(input.AutoScalingGroupName);
    const arn = `arn:aws:autoscaling:${g.region}:${this.account.accountId}:scalingPolicy:${this.nextId()}:autoScalingGroupName/${g.name}:policyName/${input.PolicyName}`;
    g.policies.set(input.PolicyName!, {
      ...structuredClone(input),
      PolicyARN: arn,
      Alarms: [],
    } as sdk.ScalingPolicy);
    return { PolicyARN: arn, Alarms: [] };
  }

  DescribePolicies(input: sdk.DescribePoliciesType): sdk.PoliciesType {
    const g = this.find(input.AutoScalingGroupName);
    return { ScalingPolicies: [...g.policies.values()].map((p) => structuredClone(p)) };
  }

  DeletePolicy(input: sdk.DeletePolicyType): Record<string, never> {
    this.find(input.AutoScalingGroupName).policies.delete(input.PolicyName!);
    return {};
  }

  PutScheduledUpdateGroupAction(input: sdk.PutScheduledUpdateGroupActionType): Record<string, never> {
    const g = this.find(input.AutoScalingGroupName);
    g.scheduled.set(input.ScheduledActionName!, {
      ...structuredClone(input),
      ScheduledActionARN: `arn:aws:autoscaling:${g.region}:${this.account.accountId}:scheduledUpdateGroupAction:${this.nextId()}:autoScalingGroupName/${g.name}:scheduledActionName/${input.ScheduledActionName}`,
    } as sdk.ScheduledUpdateGroupAction);
    return {};
  }

  DescribeScheduledActions(input: sdk.DescribeScheduledActionsType): sdk.ScheduledActionsType {
    const g = this.find(input.AutoScalingGroupName);
    return { ScheduledUpdateGroupActions: [...g.scheduled.values()].map((a) => structuredClone(a)) };
  }
}
