import { describe, expect, it } from 'vitest';
import { run } from '../../src/actions/deploy-ec2/main.js';
import { post } from '../../src/actions/deploy-ec2/post.js';
import { RolloutFailedError } from '../../src/core/errors.js';
import { cancelWhen, expectClean } from './ami-fixture.js';
import type { Ec2Fixture } from './ec2-fixture.js';
import { BLUE_GROUP, ec2Fixture, REGION, SERVICE } from './ec2-fixture.js';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:web-oncall';

const blueGreen = (f: Ec2Fixture, extra: Record<string, string> = {}) => ({
  service: SERVICE,
  'ami-id': f.newAmi,
  strategy: 'blue-green',
  'listener-arn': f.listenerArn!,
  'bake-time': '1m',
  'aws-region': REGION,
  ...extra,
});

/**
 * Blue with everything a clone must carry: two lifecycle hooks, a warm pool, a maximum instance lifetime, an
 * instance maintenance policy, AZRebalance suspended, and a step and a simple scaling policy, each invoked by
 * a CloudWatch alarm that also notifies a topic (beside the fixture's target tracking policy, whose alarms
 * Auto Scaling manages).
 */
function richBlue() {
  const f = ec2Fixture();
  const { autoscaling, cloudwatch, account } = f;
  autoscaling.PutLifecycleHook({
    AutoScalingGroupName: BLUE_GROUP,
    LifecycleHookName: 'warm-cache',
    LifecycleTransition: 'autoscaling:EC2_INSTANCE_LAUNCHING',
    HeartbeatTimeout: 300,
    DefaultResult: 'CONTINUE',
    NotificationMetadata: 'cache=v2',
  });
  autoscaling.PutLifecycleHook({
    AutoScalingGroupName: BLUE_GROUP,
    LifecycleHookName: 'drain-logs',
    LifecycleTransition: 'autoscaling:EC2_INSTANCE_TERMINATING',
    HeartbeatTimeout: 120,
  });
  autoscaling.PutWarmPool({ AutoScalingGroupName: BLUE_GROUP, MinSize: 1, PoolState: 'Stopped' });
  autoscaling.setLifetimeAndMaintenance(BLUE_GROUP, {
    MaxInstanceLifetime: 604_800,
    InstanceMaintenancePolicy: { MinHealthyPercentage: 90, MaxHealthyPercentage: 120 },
  });
  autoscaling.SuspendProcesses({ AutoScalingGroupName: BLUE_GROUP, ScalingProcesses: ['AZRebalance'] });
  const step = autoscaling.PutScalingPolicy({
    AutoScalingGroupName: BLUE_GROUP,
    PolicyName: 'cpu-step-out',
    PolicyType: 'StepScaling',
    AdjustmentType: 'ChangeInCapacity',
    StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 2 }],
  }).PolicyARN!;
  const simple = autoscaling.PutScalingPolicy({
    AutoScalingGroupName: BLUE_GROUP,
    PolicyName: 'cpu-simple-in',
    PolicyType: 'SimpleScaling',
    AdjustmentType: 'ChangeInCapacity',
    ScalingAdjustment: -1,
    Cooldown: 300,
  }).PolicyARN!;
  const cpu = (threshold: number, op: 'GreaterThanThreshold' | 'LessThanThreshold') => ({
    Namespace: 'AWS/EC2',
    MetricName: 'CPUUtilization',
    Dimensions: [{ Name: 'AutoScalingGroupName', Value: BLUE_GROUP }],
    Statistic: 'Average' as const,
    Period: 60,
    EvaluationPeriods: 3,
    Threshold: threshold,
    ComparisonOperator: op,
  });
  cloudwatch.PutMetricAlarm({
    AlarmName: `${BLUE_GROUP}-cpu-high`,
    ...cpu(70, 'GreaterThanThreshold'),
    AlarmActions: [step, TOPIC],
    OKActions: [TOPIC],
  });
  cloudwatch.PutMetricAlarm({
    // A metric math alarm: the group is named inside its metrics.
    AlarmName: 'cpu-low',
    Metrics: [
      {
        Id: 'cpu',
        MetricStat: {
          Metric: {
            Namespace: 'AWS/EC2',
            MetricName: 'CPUUtilization',
            Dimensions: [{ Name: 'AutoScalingGroupName', Value: BLUE_GROUP }],
          },
          Period: 60,
          Stat: 'Average',
        },
        ReturnData: false,
      },
      { Id: 'low', Expression: 'cpu * 1', ReturnData: true },
    ],
    EvaluationPeriods: 5,
    Threshold: 20,
    ComparisonOperator: 'LessThanThreshold',
    AlarmActions: [simple, TOPIC],
  });
  account.calls.length = 0;
  return { ...f, step, simple };
}

const policyArn = (f: Ec2Fixture, group: string, name: string): string =>
  f.autoscaling.group(group)!.policies.get(name)!.PolicyARN!;

describe('deploy-ec2 blue/green: green carries everything blue has', () => {
  it('hooks, warm pool, lifetime, maintenance policy, suspended processes, and alarms for step and simple policies', async () => {
    const f = richBlue();
    const { account, autoscaling, cloudwatch } = f;
    const deps = account.deps(blueGreen(f));
    await run(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    const green = deps.io.outputs['auto-scaling-group']!;
    expect(autoscaling.groupNames()).toEqual([green]);
    // The hooks were in CreateAutoScalingGroup, so green's first launches went through them.
    const create = account.calls.find((c) => c.action === 'CreateAutoScalingGroup')!;
    expect(
      (create.input as { LifecycleHookSpecificationList?: unknown[] }).LifecycleHookSpecificationList,
    ).toHaveLength(2);
    expect(autoscaling.hooksOf(green)).toEqual([
      expect.objectContaining({
        LifecycleHookName: 'warm-cache',
        LifecycleTransition: 'autoscaling:EC2_INSTANCE_LAUNCHING',
        HeartbeatTimeout: 300,
        DefaultResult: 'CONTINUE',
        NotificationMetadata: 'cache=v2',
      }),
      expect.objectContaining({
        LifecycleHookName: 'drain-logs',
        LifecycleTransition: 'autoscaling:EC2_INSTANCE_TERMINATING',
        HeartbeatTimeout: 120,
        DefaultResult: 'ABANDON',
      }),
    ]);
    const described = autoscaling.DescribeAutoScalingGroups({ AutoScalingGroupNames: [green] }, REGION)
      .AutoScalingGroups![0]!;
    expect(described).toMatchObject({
      MaxInstanceLifetime: 604_800,
      InstanceMaintenancePolicy: { MinHealthyPercentage: 90, MaxHealthyPercentage: 120 },
      SuspendedProcesses: [expect.objectContaining({ ProcessName: 'AZRebalance' })],
      WarmPoolConfiguration: { MinSize: 1, PoolState: 'Stopped' },
    });
    // Each step and simple policy has its alarm again, on green's metric and green's policy; the topic kept.
    const high = cloudwatch.alarm(`${green}-cpu-high`)!;
    expect(high).toMatchObject({
      Dimensions: [{ Name: 'AutoScalingGroupName', Value: green }],
      AlarmActions: [policyArn(f, green, 'cpu-step-out'), TOPIC],
      OKActions: [TOPIC],
      Threshold: 70,
      EvaluationPeriods: 3,
    });
    const low = cloudwatch.alarm(`cpu-low-${green}`)!;
    expect(low).toMatchObject({ AlarmActions: [policyArn(f, green, 'cpu-simple-in'), TOPIC], Threshold: 20 });
    expect(low.Metrics?.[0]?.MetricStat?.Metric?.Dimensions).toEqual([
      { Name: 'AutoScalingGroupName', Value: green },
    ]);
    expect(low.Metrics?.[1]).toEqual({ Id: 'low', Expression: 'cpu * 1', ReturnData: true });
    const policies = autoscaling.DescribePolicies({ AutoScalingGroupName: green }).ScalingPolicies!;
    expect(policies.find((p) => p.PolicyName === 'cpu-step-out')!.Alarms!.map((a) => a.AlarmName)).toEqual([
      `${green}-cpu-high`,
    ]);
    // Blue's alarms went with blue; target tracking's alarms are Auto Scaling's own, made for green by it.
    expect(
      cloudwatch
        .alarmNames()
        .filter((n) => !n.startsWith('TargetTracking-'))
        .sort(),
    ).toEqual([`${green}-cpu-high`, `cpu-low-${green}`].sort());
    expect(cloudwatch.alarmNames().filter((n) => n.startsWith('TargetTracking-'))).toEqual([
      expect.stringMatching(new RegExp(`^TargetTracking-${green}-AlarmHigh-`)),
      expect.stringMatching(new RegExp(`^TargetTracking-${green}-AlarmLow-`)),
    ]);
    expectClean(account);
  });

  it('a green that never turns healthy is removed with its alarm copies; blue keeps its own', async () => {
    const f = richBlue();
    const { account, cloudwatch, ec2, newAmi, step } = f;
    ec2.app(newAmi, () => ({ up: false, reason: 'Target.ResponseCodeMismatch' }));
    const deps = account.deps(blueGreen(f));
    const err = await run(deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RolloutFailedError);
    expect(deps.io.outputs['status']).toBe('rolled-back');
    expect(f.autoscaling.groupNames()).toEqual([BLUE_GROUP]);
    expect(
      cloudwatch
        .alarmNames()
        .filter((n) => !n.startsWith('TargetTracking-'))
        .sort(),
    ).toEqual(['cpu-low', `${BLUE_GROUP}-cpu-high`]);
    expect(cloudwatch.alarm(`${BLUE_GROUP}-cpu-high`)!.AlarmActions).toEqual([step, TOPIC]);
    expectClean(account);
  });

  it('a cancel while green warms up: the post step deletes green with its alarm copies', async () => {
    const f = richBlue();
    const { account, autoscaling, cloudwatch } = f;
    const copies = () =>
      cloudwatch.alarmNames().filter((n) => /-cpu-high$|^cpu-low-/.test(n) && !n.startsWith(BLUE_GROUP));
    const deps = cancelWhen(account, account.deps(blueGreen(f)), () => copies().length === 2);
    await expect(run(deps)).rejects.toThrow(/cancelled/);
    expect(copies()).toHaveLength(2);
    const postDeps = account.deps({}, { io: deps.io.forPost() });
    await post(postDeps);
    expect(postDeps.io.logs.join('\n')).toMatch(
      /deleted green's scaling alarms: web-\S+-cpu-high, cpu-low-web-/,
    );
    expect(copies()).toEqual([]);
    expect(autoscaling.groupNames()).toEqual([BLUE_GROUP]);
    expect(cloudwatch.alarm('cpu-low')).toBeDefined();
    expectClean(account);
  });

  it('refuses before any write when blue has Launch suspended, naming the process and the fix', async () => {
    const f = richBlue();
    const { account, autoscaling } = f;
    autoscaling.SuspendProcesses({ AutoScalingGroupName: BLUE_GROUP, ScalingProcesses: ['Launch'] });
    account.calls.length = 0;
    const deps = account.deps(blueGreen(f));
    const err = await run(deps).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/web-blue has Launch suspended/);
    expect((err as Error).message).toMatch(/ResumeProcesses/);
    expect(account.mutatingCalls()).toEqual([]);
    expect(autoscaling.groupNames()).toEqual([BLUE_GROUP]);
    expectClean(account);
  });

  it('refuses before any write an alarm that also invokes another group\u2019s policy', async () => {
    const f = richBlue();
    const { account, autoscaling, cloudwatch, step } = f;
    autoscaling.seedGroup(
      {
        AutoScalingGroupName: 'batch',
        LaunchTemplate: { LaunchTemplateName: 'web', Version: '1' },
        MinSize: 0,
        MaxSize: 2,
        DesiredCapacity: 0,
        VPCZoneIdentifier: 'subnet-0aaaaaaaaaaaaaaa1',
      },
      REGION,
    );
    const other = autoscaling.PutScalingPolicy({
      AutoScalingGroupName: 'batch',
      PolicyName: 'grow',
      AdjustmentType: 'ChangeInCapacity',
      ScalingAdjustment: 1,
    }).PolicyARN!;
    cloudwatch.PutMetricAlarm({
      AlarmName: 'queue-deep',
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Statistic: 'Maximum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 100,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [step, other],
    });
    account.calls.length = 0;
    const deps = account.deps(blueGreen(f));
    const err = await run(deps).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/alarm queue-deep also invokes .*batch/);
    expect(account.mutatingCalls()).toEqual([]);
    expectClean(account);
  });

  it('keep-previous keeps blue with its alarms; the next deploy removes it with them', async () => {
    const f = richBlue();
    const { account, autoscaling, cloudwatch, ec2, step } = f;
    const first = account.deps(blueGreen(f, { 'keep-previous': 'true' }));
    await run(first);
    expect(first.io.outputs['status']).toBe('succeeded');
    const green = first.io.outputs['auto-scaling-group']!;
    expect(autoscaling.groupNames().sort()).toEqual([BLUE_GROUP, green].sort());
    expect(cloudwatch.alarm(`${BLUE_GROUP}-cpu-high`)!.AlarmActions).toEqual([step, TOPIC]);
    expect(cloudwatch.alarm('cpu-low')).toBeDefined();
    expect(cloudwatch.alarm(`${green}-cpu-high`)!.AlarmActions).toEqual([
      policyArn(f, green, 'cpu-step-out'),
      TOPIC,
    ]);
    expectClean(account);

    // The next deploy clones green and retires both older groups, each with the alarms that acted on it.
    const next = ec2.addImage(REGION, { name: 'web-next', tags: { 'slipway:family': 'web-{sha}' } }).id;
    account.clock.advance(60_000);
    const second = account.deps(blueGreen(f, { 'ami-id': next }));
    await run(second);
    expect(second.io.outputs['status']).toBe('succeeded');
    const third = second.io.outputs['auto-scaling-group']!;
    expect(autoscaling.groupNames()).toEqual([third]);
    expect(
      cloudwatch
        .alarmNames()
        .filter((n) => !n.startsWith('TargetTracking-'))
        .sort(),
    ).toEqual([`${third}-cpu-high`, `cpu-low-${third}`].sort());
    expectClean(account);
  });
});
