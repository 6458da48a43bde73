import type * as sdk from '@aws-sdk/client-auto-scaling';
import type { SimGroup } from './autoscaling-model.js';
import { AutoScalingRefreshes } from './autoscaling-refreshes.js';
import type { CloudWatchSim } from './cloudwatch.js';

/** The processes SuspendProcesses takes (https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-suspend-resume-processes.html). */
const PROCESSES = [
  'Launch',
  'Terminate',
  'AddToLoadBalancer',
  'AlarmNotification',
  'AZRebalance',
  'HealthCheck',
  'InstanceRefresh',
  'ReplaceUnhealthy',
  'ScheduledActions',
];

const TRANSITIONS = ['autoscaling:EC2_INSTANCE_LAUNCHING', 'autoscaling:EC2_INSTANCE_TERMINATING'];

/** A group's settings that this file models beside its policies and scheduled actions. */
interface GroupExtras {
  hooks: Map<string, sdk.LifecycleHook>;
  maxInstanceLifetime: number | undefined;
  maintenancePolicy: sdk.InstanceMaintenancePolicy | undefined;
  suspended: Map<string, string>;
  warmPool: sdk.WarmPoolConfiguration | undefined;
}

/**
 * Scaling policies (with the CloudWatch alarms that invoke them) and scheduled actions, lifecycle hooks, the
 * warm pool, suspended processes, and the group's maximum instance lifetime and instance maintenance policy:
 * what a blue/green clone has to carry.
 */
export abstract class AutoScalingScaling extends AutoScalingRefreshes {
  private readonly extras = new WeakMap<SimGroup, GroupExtras>();

  private get cloudwatch(): CloudWatchSim | undefined {
    try {
      return this.account.service<CloudWatchSim>('CloudWatchClient');
    } catch {
      return undefined;
    }
  }

  private extrasOf(g: SimGroup): GroupExtras {
    let e = this.extras.get(g);
    if (!e)
      this.extras.set(
        g,
        (e = {
          hooks: new Map(),
          maxInstanceLifetime: undefined,
          maintenancePolicy: undefined,
          suspended: new Map(),
          warmPool: undefined,
        }),
      );
    return e;
  }

  // ---- inspection (not API calls) ----

  policyExists(arn: string): boolean {
    for (const g of this.groups.values())
      for (const p of g.policies.values()) if (p.PolicyARN === arn) return true;
    return false;
  }

  groupExists(name: string): boolean {
    return this.groups.has(name);
  }

  /** Scenario set-up: MaxInstanceLifetime and InstanceMaintenancePolicy, as UpdateAutoScalingGroup sets them. */
  setLifetimeAndMaintenance(
    group: string,
    s: { MaxInstanceLifetime?: number; InstanceMaintenancePolicy?: sdk.InstanceMaintenancePolicy },
  ): void {
    const g = this.groups.get(group)!;
    this.acceptCreate(g, { AutoScalingGroupName: group, MinSize: g.min, MaxSize: g.max, ...s });
  }

  hooksOf(group: string): sdk.LifecycleHook[] {
    const g = this.groups.get(group);
    return g ? [...this.extrasOf(g).hooks.values()].map((h) => structuredClone(h)) : [];
  }

  // ---- CreateAutoScalingGroup and DescribeAutoScalingGroups ----

  /**
   * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_CreateAutoScalingGroup.html: lifecycle hooks
   * given at creation apply to the group's first launches; MaxInstanceLifetime is 0 or at least 86,400 s;
   * InstanceMaintenancePolicy as API_InstanceMaintenancePolicy.html bounds it.
   */
  protected override acceptCreate(group: SimGroup, input: sdk.CreateAutoScalingGroupType): void {
    const e = this.extrasOf(group);
    for (const h of input.LifecycleHookSpecificationList ?? []) {
      const hook = this.validHook(group.name, h);
      if (e.hooks.has(hook.LifecycleHookName!))
        throw this.error('ValidationError', `Lifecycle hook name ${hook.LifecycleHookName} is duplicated.`);
      e.hooks.set(hook.LifecycleHookName!, hook);
    }
    const life = input.MaxInstanceLifetime;
    if (life !== undefined && life !== 0 && (life < 86_400 || life > 31_536_000))
      throw this.error(
        'ValidationError',
        'The maximum instance lifetime must be 0, or between 86400 seconds (1 day) and 31536000 seconds (365 days).',
      );
    e.maxInstanceLifetime = life;
    if (input.InstanceMaintenancePolicy)
      e.maintenancePolicy = this.validMaintenance(input.InstanceMaintenancePolicy);
  }

  protected override describeExtras(group: SimGroup): Partial<sdk.AutoScalingGroup> {
    const e = this.extrasOf(group);
    return {
      ...(e.maxInstanceLifetime !== undefined ? { MaxInstanceLifetime: e.maxInstanceLifetime } : {}),
      ...(e.maintenancePolicy ? { InstanceMaintenancePolicy: structuredClone(e.maintenancePolicy) } : {}),
      // API_AutoScalingGroup: SuspendedProcesses is always present (empty when none is suspended).
      SuspendedProcesses: [...e.suspended].map(([ProcessName, SuspensionReason]) => ({
        ProcessName,
        SuspensionReason,
      })),
      ...(e.warmPool ? { WarmPoolConfiguration: structuredClone(e.warmPool), WarmPoolSize: 0 } : {}),
    };
  }

  /**
   * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_LifecycleHookSpecification.html: the
   * transition is LAUNCHING or TERMINATING; HeartbeatTimeout 30 to 7200 s (default 3600); DefaultResult
   * CONTINUE or ABANDON (default ABANDON).
   */
  private validHook(
    group: string,
    h: sdk.LifecycleHookSpecification | sdk.PutLifecycleHookType,
  ): sdk.LifecycleHook {
    if (!h.LifecycleHookName || !/^[A-Za-z0-9\-_/]{1,255}$/.test(h.LifecycleHookName))
      throw this.error('ValidationError', `Invalid lifecycle hook name: ${h.LifecycleHookName ?? ''}`);
    if (!TRANSITIONS.includes(h.LifecycleTransition ?? ''))
      throw this.error(
        'ValidationError',
        `Invalid Lifecycle Transition: ${h.LifecycleTransition ?? '(none)'}; it must be one of ${TRANSITIONS.join(', ')}`,
      );
    const timeout = h.HeartbeatTimeout ?? 3600;
    if (timeout < 30 || timeout > 7200)
      throw this.error('ValidationError', 'HeartbeatTimeout must be between 30 and 7200 seconds.');
    const result = h.DefaultResult ?? 'ABANDON';
    if (result !== 'CONTINUE' && result !== 'ABANDON')
      throw this.error('ValidationError', `Invalid DefaultResult: ${result}; it must be CONTINUE or ABANDON`);
    return {
      LifecycleHookName: h.LifecycleHookName,
      AutoScalingGroupName: group,
      LifecycleTransition: h.LifecycleTransition,
      HeartbeatTimeout: timeout,
      GlobalTimeout: Math.min(timeout * 100, 172_800),
      DefaultResult: result,
      ...(h.NotificationTargetARN ? { NotificationTargetARN: h.NotificationTargetARN } : {}),
      ...(h.RoleARN ? { RoleARN: h.RoleARN } : {}),
      ...(h.NotificationMetadata ? { NotificationMetadata: h.NotificationMetadata } : {}),
    };
  }

  /** MinHealthyPercentage 0–100 and MaxHealthyPercentage 100–200, at most 100 apart; -1 clears both. */
  private validMaintenance(p: sdk.InstanceMaintenancePolicy): sdk.InstanceMaintenancePolicy {
    const min = p.MinHealthyPercentage ?? -1;
    const max = p.MaxHealthyPercentage ?? -1;
    const cleared = min === -1 && max === -1;
    if (!cleared && (min < 0 || min > 100 || max < 100 || max > 200 || max - min > 100))
      throw this.error(
        'ValidationError',
        'InstanceMaintenancePolicy: MinHealthyPercentage must be 0-100 and MaxHealthyPercentage 100-200, at most 100 apart (or both -1).',
      );
    return { MinHealthyPercentage: min, MaxHealthyPercentage: max };
  }

  // ---- lifecycle hooks ----

  /** https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_DescribeLifecycleHooks.html */
  DescribeLifecycleHooks(input: sdk.DescribeLifecycleHooksType): sdk.DescribeLifecycleHooksAnswer {
    const e = this.extrasOf(this.find(input.AutoScalingGroupName));
    const names = input.LifecycleHookNames;
    return {
      LifecycleHooks: [...e.hooks.values()]
        .filter((h) => !names?.length || names.includes(h.LifecycleHookName!))
        .map((h) => structuredClone(h)),
    };
  }

  /** https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_PutLifecycleHook.html (creates or updates). */
  PutLifecycleHook(input: sdk.PutLifecycleHookType): Record<string, never> {
    const g = this.find(input.AutoScalingGroupName);
    const hook = this.validHook(g.name, input);
    this.extrasOf(g).hooks.set(hook.LifecycleHookName!, hook);
    return {};
  }

  DeleteLifecycleHook(input: sdk.DeleteLifecycleHookType): Record<string, never> {
    const e = this.extrasOf(this.find(input.AutoScalingGroupName));
    if (!e.hooks.delete(input.LifecycleHookName ?? ''))
      throw this.error('ValidationError', `No Lifecycle Hook found with name ${input.LifecycleHookName}`);
    return {};
  }

  // ---- warm pool ----

  /**
   * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_PutWarmPool.html: PoolState Stopped (the
   * default), Running or Hibernated; MinSize ≥ 0; MaxGroupPreparedCapacity -1 (the group's maximum) or ≥ 0.
   * A group with a mixed instances policy cannot have one
   * (https://docs.aws.amazon.com/autoscaling/ec2/userguide/warm-pool-limitations.html). The simulator keeps
   * the configuration only: it launches no warm instances (see test/sim/ASSUMPTIONS.md).
   */
  PutWarmPool(input: sdk.PutWarmPoolType): Record<string, never> {
    const g = this.find(input.AutoScalingGroupName);
    if (g.mixedInstancesPolicy)
      throw this.error(
        'ValidationError',
        'You cannot add a warm pool to an Auto Scaling group that has a mixed instances policy.',
      );
    const state = input.PoolState ?? 'Stopped';
    if (!['Stopped', 'Running', 'Hibernated'].includes(state))
      throw this.error('ValidationError', `Invalid PoolState: ${state}`);
    if ((input.MinSize ?? 0) < 0 || (input.MaxGroupPreparedCapacity ?? -1) < -1)
      throw this.error('ValidationError', 'MinSize must be ≥ 0 and MaxGroupPreparedCapacity ≥ -1.');
    this.extrasOf(g).warmPool = {
      ...(input.MaxGroupPreparedCapacity !== undefined
        ? { MaxGroupPreparedCapacity: input.MaxGroupPreparedCapacity }
        : {}),
      MinSize: input.MinSize ?? 0,
      PoolState: state,
      ...(input.InstanceReusePolicy
        ? { InstanceReusePolicy: structuredClone(input.InstanceReusePolicy) }
        : {}),
    };
    return {};
  }

  /** https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_DescribeWarmPool.html */
  DescribeWarmPool(input: sdk.DescribeWarmPoolType): sdk.DescribeWarmPoolAnswer {
    const e = this.extrasOf(this.find(input.AutoScalingGroupName));
    return e.warmPool
      ? { WarmPoolConfiguration: structuredClone(e.warmPool), Instances: [] }
      : { Instances: [] };
  }

  DeleteWarmPool(input: sdk.DeleteWarmPoolType): Record<string, never> {
    this.extrasOf(this.find(input.AutoScalingGroupName)).warmPool = undefined;
    return {};
  }

  // ---- suspended processes ----

  /**
   * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_SuspendProcesses.html: no ScalingProcesses
   * suspends them all; an unknown name is refused.
   */
  SuspendProcesses(input: sdk.ScalingProcessQuery): Record<string, never> {
    const e = this.extrasOf(this.find(input.AutoScalingGroupName));
    const names = this.processNames(input);
    for (const p of names)
      if (!e.suspended.has(p)) e.suspended.set(p, `User suspended at ${new Date(this.now).toISOString()}`);
    return {};
  }

  /** https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_ResumeProcesses.html */
  ResumeProcesses(input: sdk.ScalingProcessQuery): Record<string, never> {
    const e = this.extrasOf(this.find(input.AutoScalingGroupName));
    for (const p of this.processNames(input)) e.suspended.delete(p);
    return {};
  }

  private processNames(input: sdk.ScalingProcessQuery): string[] {
    const names = input.ScalingProcesses?.length ? input.ScalingProcesses : PROCESSES;
    const bad = names.filter((p) => !PROCESSES.includes(p));
    if (bad.length) throw this.error('ValidationError', `Invalid processes: ${bad.join(', ')}`);
    return names;
  }

  /**
   * With Launch suspended the group launches nothing to keep its desired capacity
   * (https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-suspend-resume-processes.html).
   */
  protected override launch(
    group: SimGroup,
    spec: { LaunchTemplateId: string; Version: string },
    launchedBy: string | undefined,
    options: { alreadyRunning?: boolean } = {},
  ): string | undefined {
    if (!options.alreadyRunning && this.extrasOf(group).suspended.has('Launch')) return undefined;
    return super.launch(group, spec, launchedBy, options);
  }

  // ---- scaling policies ----

  /**
   * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_PutScalingPolicy.html: creates or updates
   * (an update keeps the ARN, so the alarms that name it still invoke it). SimpleScaling (the default) needs
   * ScalingAdjustment, StepScaling needs StepAdjustments, both need AdjustmentType; TargetTrackingScaling
   * needs its configuration, and Auto Scaling creates the policy's alarms (returned in Alarms).
   */
  PutScalingPolicy(input: sdk.PutScalingPolicyType): sdk.PolicyARNType {
    const g = this.find(input.AutoScalingGroupName);
    const type = input.PolicyType ?? 'SimpleScaling';
    if ((type === 'SimpleScaling' || type === 'StepScaling') && !input.AdjustmentType)
      throw this.error('ValidationError', `AdjustmentType is required for policy type ${type}.`);
    if (type === 'SimpleScaling' && input.ScalingAdjustment === undefined)
      throw this.error('ValidationError', 'ScalingAdjustment is required for policy type SimpleScaling.');
    if (type === 'StepScaling' && !input.StepAdjustments?.length)
      throw this.error('ValidationError', 'StepAdjustments is required for policy type StepScaling.');
    if (type === 'TargetTrackingScaling' && !input.TargetTrackingConfiguration)
      throw this.error(
        'ValidationError',
        'TargetTrackingConfiguration is required for TargetTrackingScaling.',
      );
    const old = g.policies.get(input.PolicyName!);
    const id = this.nextId();
    const arn =
      old?.PolicyARN ??
      `arn:aws:autoscaling:${g.region}:${this.account.accountId}:scalingPolicy:${id}:autoScalingGroupName/${g.name}:policyName/${input.PolicyName}`;
    g.policies.set(input.PolicyName!, {
      ...structuredClone(input),
      PolicyType: type,
      PolicyARN: arn,
    } as sdk.ScalingPolicy);
    const cw = this.cloudwatch;
    if (type === 'TargetTrackingScaling' && cw) {
      if (old) cw.deleteManagedAlarms(arn);
      const names = cw.putManagedAlarms(arn, g.name, id);
      return { PolicyARN: arn, Alarms: cw.alarmsActingOn(arn).filter((a) => names.includes(a.AlarmName)) };
    }
    return { PolicyARN: arn, Alarms: [] };
  }

  /**
   * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_DescribePolicies.html; each policy's Alarms
   * are the CloudWatch alarms whose actions invoke it (API_ScalingPolicy.html).
   */
  DescribePolicies(input: sdk.DescribePoliciesType): sdk.PoliciesType {
    const g = this.find(input.AutoScalingGroupName);
    const cw = this.cloudwatch;
    return {
      ScalingPolicies: [...g.policies.values()]
        .filter((p) => !input.PolicyNames?.length || input.PolicyNames.includes(p.PolicyName!))
        .filter((p) => !input.PolicyTypes?.length || input.PolicyTypes.includes(p.PolicyType!))
        .map((p) => ({ ...structuredClone(p), Alarms: cw?.alarmsActingOn(p.PolicyARN!) ?? [] })),
    };
  }

  /**
   * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_DeletePolicy.html: a step or simple policy's
   * alarms lose the action and stay; a target tracking policy's alarms are deleted with it
   * (https://docs.aws.amazon.com/autoscaling/ec2/userguide/deleting-scaling-policy.html).
   */
  DeletePolicy(input: sdk.DeletePolicyType): Record<string, never> {
    const g = this.find(input.AutoScalingGroupName);
    const p = g.policies.get(input.PolicyName!);
    g.policies.delete(input.PolicyName!);
    const cw = this.cloudwatch;
    if (p && cw) {
      if (p.PolicyType === 'TargetTrackingScaling') cw.deleteManagedAlarms(p.PolicyARN!);
      else cw.removeAction(p.PolicyARN!);
    }
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
