import type { AutoScalingClient, AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import { describe, expect, it, vi } from 'vitest';
import type { GroupSettings } from '../../src/targets/ec2/clone-settings.js';
import { fakeClient } from './fake-client.js';

// Loaded afresh in each test, so that a mutation run counts these tests against the module's constants too.
async function load() {
  vi.resetModules();
  return import('../../src/targets/ec2/clone-settings.js');
}

const HOOK = {
  LifecycleHookName: 'drain',
  LifecycleTransition: 'autoscaling:EC2_INSTANCE_TERMINATING',
  HeartbeatTimeout: 300,
  DefaultResult: 'CONTINUE',
  NotificationMetadata: '{"team":"payments"}',
  NotificationTargetARN: 'arn:aws:sns:us-east-1:123456789012:drain',
  RoleARN: 'arn:aws:iam::123456789012:role/hooks',
};

function asg(o: { hooks?: unknown[]; pool?: unknown } = {}) {
  return fakeClient<AutoScalingClient>({
    DescribeLifecycleHooksCommand: () => ({ LifecycleHooks: o.hooks ?? [] }),
    DescribeWarmPoolCommand: () => ({ WarmPoolConfiguration: o.pool }),
    PutWarmPoolCommand: (input) => (puts.push(['PutWarmPool', input]), {}),
    SuspendProcessesCommand: (input) => (puts.push(['SuspendProcesses', input]), {}),
  });
}
let puts: Array<[string, unknown]> = [];

const blue = (o: Partial<AutoScalingGroup> = {}): AutoScalingGroup =>
  ({ AutoScalingGroupName: 'web-blue', ...o }) as unknown as AutoScalingGroup;

describe('clone settings', () => {
  it('reads hooks with every member they have, and passes them in CreateAutoScalingGroup with lifetime and maintenance policy', async () => {
    const { readGroupSettings, createMembers } = await load();
    const bare = { LifecycleHookName: 'launch', LifecycleTransition: 'autoscaling:EC2_INSTANCE_LAUNCHING' };
    const { settings, problems } = await readGroupSettings(
      asg({ hooks: [HOOK, { ...bare, HeartbeatTimeout: undefined }] }),
      blue({
        MaxInstanceLifetime: 604800,
        InstanceMaintenancePolicy: { MinHealthyPercentage: 90, MaxHealthyPercentage: 120 },
        SuspendedProcesses: [{ ProcessName: 'AZRebalance' }, { ProcessName: '' }],
      }),
    );
    expect(problems).toEqual([]);
    expect(settings.suspended).toEqual(['AZRebalance']);
    expect(createMembers(settings)).toStrictEqual({
      MaxInstanceLifetime: 604800,
      InstanceMaintenancePolicy: { MinHealthyPercentage: 90, MaxHealthyPercentage: 120 },
      LifecycleHookSpecificationList: [HOOK, bare],
    });
  });

  it('a group without hooks, lifetime or policy adds nothing to CreateAutoScalingGroup', async () => {
    const { readGroupSettings, createMembers } = await load();
    const { settings } = await readGroupSettings(asg(), blue());
    expect(createMembers(settings)).toStrictEqual({});
  });

  it.each([
    [
      ['Launch'],
      'group web-blue has Launch suspended, so a clone of it could never become healthy; resume it first',
    ],
    [
      ['AddToLoadBalancer', 'Launch'],
      'group web-blue has AddToLoadBalancer and Launch suspended, so a clone of it could never become healthy; resume them first',
    ],
  ])('%j suspended: refused, naming them', async (names, message) => {
    const { readGroupSettings } = await load();
    const { problems } = await readGroupSettings(
      asg(),
      blue({ SuspendedProcesses: [...names, 'AZRebalance'].map((ProcessName) => ({ ProcessName })) }),
    );
    expect(problems).toEqual([`${message} (aws autoscaling resume-processes, ResumeProcesses)`]);
  });

  it('puts the warm pool with exactly the members it has, then suspends the processes', async () => {
    const { applyAfterCreate } = await load();
    puts = [];
    const full: GroupSettings = {
      hooks: [],
      warmPool: {
        MaxGroupPreparedCapacity: 0,
        MinSize: 0,
        PoolState: 'Stopped',
        InstanceReusePolicy: { ReuseOnScaleIn: true },
      },
      suspended: ['AZRebalance', 'ScheduledActions'],
      create: {},
    };
    await applyAfterCreate(asg(), 'web-green', full);
    expect(puts).toStrictEqual([
      [
        'PutWarmPool',
        {
          AutoScalingGroupName: 'web-green',
          MaxGroupPreparedCapacity: 0,
          MinSize: 0,
          PoolState: 'Stopped',
          InstanceReusePolicy: { ReuseOnScaleIn: true },
        },
      ],
      [
        'SuspendProcesses',
        { AutoScalingGroupName: 'web-green', ScalingProcesses: ['AZRebalance', 'ScheduledActions'] },
      ],
    ]);
    puts = [];
    await applyAfterCreate(asg(), 'web-green', { ...full, warmPool: {}, suspended: [] });
    expect(puts).toStrictEqual([['PutWarmPool', { AutoScalingGroupName: 'web-green' }]]);
    puts = [];
    await applyAfterCreate(asg(), 'web-green', { ...full, warmPool: undefined, suspended: [] });
    expect(puts).toStrictEqual([]);
  });

  it('the log line names what was carried, and nothing when there was nothing', async () => {
    const { settingsSummary } = await load();
    const s: GroupSettings = {
      hooks: [HOOK, HOOK],
      warmPool: {},
      suspended: ['AZRebalance', 'AlarmNotification'],
      create: { MaxInstanceLifetime: 0, InstanceMaintenancePolicy: {} },
    };
    expect(settingsSummary(s)).toBe(
      '2 lifecycle hooks, the warm pool, suspended AZRebalance, AlarmNotification, the maximum instance lifetime, the instance maintenance policy',
    );
    expect(settingsSummary({ hooks: [], warmPool: undefined, suspended: [], create: {} })).toBe('');
  });
});
