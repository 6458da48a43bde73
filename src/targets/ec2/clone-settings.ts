import type {
  AutoScalingClient,
  AutoScalingGroup,
  CreateAutoScalingGroupType,
  LifecycleHookSpecification,
  WarmPoolConfiguration,
} from '@aws-sdk/client-auto-scaling';
import {
  DescribeLifecycleHooksCommand,
  DescribeWarmPoolCommand,
  PutWarmPoolCommand,
  SuspendProcessesCommand,
} from '@aws-sdk/client-auto-scaling';

/**
 * The group settings a green clone carries beyond its launch configuration: lifecycle hooks, the warm pool,
 * suspended processes, the maximum instance lifetime and the instance maintenance policy.
 */
export interface GroupSettings {
  hooks: LifecycleHookSpecification[];
  warmPool: WarmPoolConfiguration | undefined;
  suspended: string[];
  create: Pick<CreateAutoScalingGroupType, 'MaxInstanceLifetime' | 'InstanceMaintenancePolicy'>;
}

/** Processes without which green never launches or never joins its target group, so never turns healthy. */
const BLOCKING = ['Launch', 'AddToLoadBalancer'];

/** Reads blue's settings; `problems` lists what green cannot carry (the deploy refuses before any write). */
export async function readGroupSettings(
  asg: AutoScalingClient,
  blue: AutoScalingGroup,
): Promise<{ settings: GroupSettings; problems: string[] }> {
  const name = blue.AutoScalingGroupName!;
  const hooks =
    (await asg.send(new DescribeLifecycleHooksCommand({ AutoScalingGroupName: name }))).LifecycleHooks ?? [];
  const warmPool = (await asg.send(new DescribeWarmPoolCommand({ AutoScalingGroupName: name })))
    .WarmPoolConfiguration;
  const suspended = (blue.SuspendedProcesses ?? []).map((p) => p.ProcessName!).filter(Boolean);
  const blocking = suspended.filter((p) => BLOCKING.includes(p));
  const problems = blocking.length
    ? [
        `group ${name} has ${blocking.join(' and ')} suspended, so a clone of it could never become healthy; resume ${blocking.length > 1 ? 'them' : 'it'} first (aws autoscaling resume-processes, ResumeProcesses)`,
      ]
    : [];
  return {
    settings: {
      hooks: hooks.map((h) => ({
        LifecycleHookName: h.LifecycleHookName,
        LifecycleTransition: h.LifecycleTransition,
        ...(h.HeartbeatTimeout !== undefined ? { HeartbeatTimeout: h.HeartbeatTimeout } : {}),
        ...(h.DefaultResult ? { DefaultResult: h.DefaultResult } : {}),
        ...(h.NotificationMetadata ? { NotificationMetadata: h.NotificationMetadata } : {}),
        ...(h.NotificationTargetARN ? { NotificationTargetARN: h.NotificationTargetARN } : {}),
        ...(h.RoleARN ? { RoleARN: h.RoleARN } : {}),
      })),
      warmPool,
      suspended,
      create: {
        ...(blue.MaxInstanceLifetime !== undefined ? { MaxInstanceLifetime: blue.MaxInstanceLifetime } : {}),
        ...(blue.InstanceMaintenancePolicy
          ? { InstanceMaintenancePolicy: blue.InstanceMaintenancePolicy }
          : {}),
      },
    },
    problems,
  };
}

/**
 * The members of CreateAutoScalingGroup that carry the settings: hooks given at creation apply to the group's
 * very first launches, which a PutLifecycleHook after it would miss.
 */
export function createMembers(s: GroupSettings): Partial<CreateAutoScalingGroupType> {
  return { ...s.create, ...(s.hooks.length ? { LifecycleHookSpecificationList: s.hooks } : {}) };
}

/** What CreateAutoScalingGroup cannot take: the warm pool and the suspended processes, put right after it. */
export async function applyAfterCreate(
  asg: AutoScalingClient,
  group: string,
  s: GroupSettings,
): Promise<void> {
  const pool = s.warmPool;
  if (pool)
    await asg.send(
      new PutWarmPoolCommand({
        AutoScalingGroupName: group,
        ...(pool.MaxGroupPreparedCapacity !== undefined
          ? { MaxGroupPreparedCapacity: pool.MaxGroupPreparedCapacity }
          : {}),
        ...(pool.MinSize !== undefined ? { MinSize: pool.MinSize } : {}),
        ...(pool.PoolState ? { PoolState: pool.PoolState } : {}),
        ...(pool.InstanceReusePolicy ? { InstanceReusePolicy: pool.InstanceReusePolicy } : {}),
      }),
    );
  if (s.suspended.length)
    await asg.send(
      new SuspendProcessesCommand({ AutoScalingGroupName: group, ScalingProcesses: s.suspended }),
    );
}

/** One line for the log: what was carried beside the scaling policies. */
export function settingsSummary(s: GroupSettings): string {
  const parts = [
    s.hooks.length ? `${s.hooks.length} lifecycle hooks` : '',
    s.warmPool ? 'the warm pool' : '',
    s.suspended.length ? `suspended ${s.suspended.join(', ')}` : '',
    s.create.MaxInstanceLifetime !== undefined ? 'the maximum instance lifetime' : '',
    s.create.InstanceMaintenancePolicy ? 'the instance maintenance policy' : '',
  ].filter(Boolean);
  return parts.join(', ');
}
