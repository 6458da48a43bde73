import { describe, expect, it } from 'vitest';
import { BLUE_GROUP, REGION, vmsAccount } from '../sim/vms.js';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:ops';

/** The VM account with a second group, batch (one instance, no load balancer), and a step policy on it. */
function batch() {
  const vms = vmsAccount();
  vms.autoscaling.seedGroup(
    {
      AutoScalingGroupName: 'batch',
      LaunchTemplate: { LaunchTemplateId: vms.templateId, Version: '1' },
      MinSize: 0,
      MaxSize: 2,
      DesiredCapacity: 1,
      VPCZoneIdentifier: 'subnet-0aaaaaaaaaaaaaaa1',
    },
    REGION,
  );
  const policy = vms.autoscaling.PutScalingPolicy({
    AutoScalingGroupName: 'batch',
    PolicyName: 'grow',
    PolicyType: 'StepScaling',
    AdjustmentType: 'ChangeInCapacity',
    StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
  }).PolicyARN!;
  const alarm = (name: string, actions: string[]) =>
    vms.cloudwatch.PutMetricAlarm({
      AlarmName: name,
      Namespace: 'AWS/EC2',
      MetricName: 'CPUUtilization',
      Dimensions: [{ Name: 'AutoScalingGroupName', Value: 'batch' }],
      Statistic: 'Average',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 80,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: actions,
    });
  return { ...vms, policy, alarm };
}

const error = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    return `${(err as Error).name}: ${(err as Error).message}`;
  }
  return 'no error';
};

describe('Auto Scaling and CloudWatch simulators: scaling policies and their alarms', () => {
  it('DescribePolicies lists the alarms whose actions invoke each policy; a new alarm starts INSUFFICIENT_DATA', () => {
    const { autoscaling, cloudwatch, policy, alarm } = batch();
    alarm('batch-busy', [policy, TOPIC]);
    const p = autoscaling.DescribePolicies({ AutoScalingGroupName: 'batch' }).ScalingPolicies![0]!;
    expect(p.Alarms!.map((a) => a.AlarmName)).toEqual(['batch-busy']);
    expect(cloudwatch.DescribeAlarms({ AlarmNames: ['batch-busy'] }).MetricAlarms![0]).toMatchObject({
      StateValue: 'INSUFFICIENT_DATA',
      AlarmActions: [policy, TOPIC],
      Dimensions: [{ Name: 'AutoScalingGroupName', Value: 'batch' }],
    });
    // An update keeps the ARN, so the alarm still invokes the policy.
    autoscaling.PutScalingPolicy({
      AutoScalingGroupName: 'batch',
      PolicyName: 'grow',
      PolicyType: 'StepScaling',
      AdjustmentType: 'ChangeInCapacity',
      StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 2 }],
    });
    expect(autoscaling.group('batch')!.policies.get('grow')!.PolicyARN).toBe(policy);
  });

  it('DeletePolicy removes the alarm action and keeps the alarm; a target tracking policy takes its alarms along', () => {
    const { autoscaling, cloudwatch, policy, alarm } = batch();
    alarm('batch-busy', [policy]);
    autoscaling.DeletePolicy({ AutoScalingGroupName: 'batch', PolicyName: 'grow' });
    expect(cloudwatch.alarm('batch-busy')!.AlarmActions).toEqual([]);
    const tt = autoscaling.PutScalingPolicy({
      AutoScalingGroupName: 'batch',
      PolicyName: 'cpu50',
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingConfiguration: {
        TargetValue: 50,
        PredefinedMetricSpecification: { PredefinedMetricType: 'ASGAverageCPUUtilization' },
      },
    });
    expect(tt.Alarms!.map((a) => a.AlarmName)).toEqual([
      expect.stringMatching(/^TargetTracking-batch-AlarmHigh-/),
      expect.stringMatching(/^TargetTracking-batch-AlarmLow-/),
    ]);
    autoscaling.DeletePolicy({ AutoScalingGroupName: 'batch', PolicyName: 'cpu50' });
    expect(cloudwatch.alarmNames().filter((n) => n.startsWith('TargetTracking-batch'))).toEqual([]);
    cloudwatch.DeleteAlarms({ AlarmNames: ['batch-busy'] });
  });

  it('deleting the group deletes the alarms left with no action; one that also notifies a topic is left behind', () => {
    const { account, autoscaling, cloudwatch, policy, alarm } = batch();
    alarm('batch-only', [policy]);
    alarm('batch-and-topic', [policy, TOPIC]);
    autoscaling.DeleteAutoScalingGroup({ AutoScalingGroupName: 'batch', ForceDelete: true });
    for (let n = 0; n < 60 && autoscaling.group('batch'); n++) account.clock.advance(5_000);
    account.clock.advance(5_000);
    expect(autoscaling.group('batch')).toBeUndefined();
    expect(cloudwatch.alarmNames().filter((n) => n.startsWith('batch'))).toEqual(['batch-and-topic']);
    expect(cloudwatch.alarm('batch-and-topic')!.AlarmActions).toEqual([TOPIC]);
    expect(account.orphans()).toEqual([
      'alarm batch-and-topic watches auto scaling group batch, which no longer exists',
    ]);
    cloudwatch.DeleteAlarms({ AlarmNames: ['batch-and-topic'] });
    expect(account.orphans()).toEqual([]);
  });

  it('PutMetricAlarm refuses a policy that does not exist; DeleteAlarms with one unknown name deletes none', () => {
    const { cloudwatch, policy, alarm } = batch();
    expect(error(() => alarm('x', [policy.replace('policyName/grow', 'policyName/nope')]))).toMatch(
      /^ValidationError: .*does not exist/,
    );
    alarm('batch-busy', [policy]);
    expect(error(() => cloudwatch.DeleteAlarms({ AlarmNames: ['batch-busy', 'nope'] }))).toMatch(
      /^ResourceNotFound/,
    );
    expect(cloudwatch.alarm('batch-busy')).toBeDefined();
    cloudwatch.DeleteAlarms({ AlarmNames: ['batch-busy'] });
  });
});

describe('Auto Scaling simulator: hooks, warm pool, processes and group extras', () => {
  it('validates hooks, lifetime, maintenance policy, warm pool and process names as the API reference does', () => {
    const { autoscaling } = vmsAccount();
    const hook = (h: Record<string, unknown>) =>
      error(() =>
        autoscaling.PutLifecycleHook({
          AutoScalingGroupName: BLUE_GROUP,
          LifecycleHookName: 'h',
          LifecycleTransition: 'autoscaling:EC2_INSTANCE_LAUNCHING',
          ...h,
        }),
      );
    expect(hook({ LifecycleTransition: 'autoscaling:EC2_INSTANCE_STARTING' })).toMatch(
      /Invalid Lifecycle Transition/,
    );
    expect(hook({ HeartbeatTimeout: 10 })).toMatch(/between 30 and 7200/);
    expect(hook({ DefaultResult: 'RETRY' })).toMatch(/CONTINUE or ABANDON/);
    expect(hook({})).toBe('no error');
    expect(autoscaling.hooksOf(BLUE_GROUP)).toEqual([
      expect.objectContaining({ HeartbeatTimeout: 3600, DefaultResult: 'ABANDON', GlobalTimeout: 172_800 }),
    ]);
    expect(
      error(() => autoscaling.setLifetimeAndMaintenance(BLUE_GROUP, { MaxInstanceLifetime: 3600 })),
    ).toMatch(/0, or between 86400/);
    expect(
      error(() =>
        autoscaling.setLifetimeAndMaintenance(BLUE_GROUP, {
          InstanceMaintenancePolicy: { MinHealthyPercentage: 50, MaxHealthyPercentage: 200 },
        }),
      ),
    ).toMatch(/at most 100 apart/);
    expect(
      error(() =>
        autoscaling.PutWarmPool({ AutoScalingGroupName: BLUE_GROUP, PoolState: 'Warm' as 'Stopped' }),
      ),
    ).toMatch(/Invalid PoolState/);
    expect(
      error(() =>
        autoscaling.SuspendProcesses({ AutoScalingGroupName: BLUE_GROUP, ScalingProcesses: ['Nap'] }),
      ),
    ).toMatch(/Invalid processes: Nap/);
  });

  it('with Launch suspended the group launches nothing; resumed, it launches again', () => {
    const { account, autoscaling } = vmsAccount({ minimumHealthy: 0 });
    autoscaling.SuspendProcesses({ AutoScalingGroupName: BLUE_GROUP, ScalingProcesses: ['Launch'] });
    expect(
      autoscaling.DescribeAutoScalingGroups({ AutoScalingGroupNames: [BLUE_GROUP] }, REGION)
        .AutoScalingGroups![0]!.SuspendedProcesses,
    ).toEqual([expect.objectContaining({ ProcessName: 'Launch' })]);
    autoscaling.UpdateAutoScalingGroup({ AutoScalingGroupName: BLUE_GROUP, DesiredCapacity: 6 });
    account.clock.advance(60_000);
    expect(autoscaling.alive(autoscaling.group(BLUE_GROUP)!)).toHaveLength(4);
    autoscaling.ResumeProcesses({ AutoScalingGroupName: BLUE_GROUP, ScalingProcesses: ['Launch'] });
    account.clock.advance(5_000);
    expect(autoscaling.alive(autoscaling.group(BLUE_GROUP)!)).toHaveLength(6);
  });
});
