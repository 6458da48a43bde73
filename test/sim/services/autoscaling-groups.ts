import type * as sdk from '@aws-sdk/client-auto-scaling';
import { AutoScalingBase } from './autoscaling-base.js';
import type { SimGroup } from './autoscaling-model.js';
import { ACTIVE_REFRESH } from './autoscaling-model.js';

/** Groups: create, describe, update, delete, tags and scaling activities. */
export abstract class AutoScalingGroups extends AutoScalingBase {
  /**
   * A group that has been serving for an hour: `desired` instances running, in service and healthy in its
   * target groups.
   */
  seedGroup(input: sdk.CreateAutoScalingGroupType, region = 'us-east-1'): SimGroup {
    this.CreateAutoScalingGroup(input, region, { seeded: true });
    return this.groups.get(input.AutoScalingGroupName!)!;
  }

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
    this.acceptCreate(group, input);
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

  protected groupOut(g: SimGroup): sdk.AutoScalingGroup {
    return {
      ...this.describeExtras(g),
      AutoScalingGroupName: g.name,
      AutoScalingGroupARN: g.arn,
      // A group with a mixed instances policy names its launch template only inside the policy
      // (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_AutoScalingGroup.html).
      ...(g.mixedInstancesPolicy
        ? { MixedInstancesPolicy: structuredClone(g.mixedInstancesPolicy) }
        : {
            LaunchTemplate: {
              LaunchTemplateId: g.launchTemplate.id,
              LaunchTemplateName: g.launchTemplate.name,
              Version: g.launchTemplate.version,
            },
          }),
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

  UpdateAutoScalingGroup(input: sdk.UpdateAutoScalingGroupType): Record<string, never> {
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
    this.applyDesired(g, input);
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
}
