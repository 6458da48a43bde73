import type { CloudWatchClient, MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it, vi } from 'vitest';
import { fakeClient } from './fake-client.js';

async function load() {
  vi.resetModules();
  return import('../../src/targets/ec2/clone-alarms.js');
}

const BLUE_POLICY =
  'arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:1:autoScalingGroupName/web-blue:policyName/up';
const GREEN_POLICY =
  'arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:2:autoScalingGroupName/web-x1:policyName/up';
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:ops';

/** A metric alarm with every member the copy carries. */
const FULL: MetricAlarm = {
  AlarmName: 'web-blue-cpu-high',
  AlarmDescription: 'scale out on CPU',
  ActionsEnabled: false,
  AlarmActions: [BLUE_POLICY, TOPIC],
  OKActions: [TOPIC],
  InsufficientDataActions: [BLUE_POLICY],
  MetricName: 'CPUUtilization',
  Namespace: 'AWS/EC2',
  Statistic: 'Average',
  Dimensions: [
    { Name: 'AutoScalingGroupName', Value: 'web-blue' },
    { Name: 'Other', Value: 'web-blue' },
  ],
  Period: 60,
  Unit: 'Percent',
  EvaluationPeriods: 3,
  DatapointsToAlarm: 2,
  Threshold: 70,
  ComparisonOperator: 'GreaterThanThreshold',
  TreatMissingData: 'notBreaching',
};

describe('green copies of blue alarms', () => {
  it('carry every member, with green in the group dimension and green policies in every action list', async () => {
    const { putAlarmCopies } = await load();
    const sent: unknown[] = [];
    const cw = fakeClient<CloudWatchClient>({ PutMetricAlarmCommand: (input) => (sent.push(input), {}) });
    await putAlarmCopies(
      cw,
      [{ alarm: FULL, name: 'web-x1-cpu-high' }],
      'web-blue',
      'web-x1',
      new Map([[BLUE_POLICY, GREEN_POLICY]]),
    );
    expect(sent).toStrictEqual([
      {
        AlarmName: 'web-x1-cpu-high',
        AlarmDescription: 'scale out on CPU',
        ActionsEnabled: false,
        AlarmActions: [GREEN_POLICY, TOPIC],
        OKActions: [TOPIC],
        InsufficientDataActions: [GREEN_POLICY],
        MetricName: 'CPUUtilization',
        Namespace: 'AWS/EC2',
        Statistic: 'Average',
        Dimensions: [
          { Name: 'AutoScalingGroupName', Value: 'web-x1' },
          { Name: 'Other', Value: 'web-blue' },
        ],
        Period: 60,
        Unit: 'Percent',
        EvaluationPeriods: 3,
        DatapointsToAlarm: 2,
        Threshold: 70,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
      },
    ]);
  });

  it('an alarm with only the required members gets a copy with only those', async () => {
    const { putAlarmCopies } = await load();
    const sent: unknown[] = [];
    const cw = fakeClient<CloudWatchClient>({ PutMetricAlarmCommand: (input) => (sent.push(input), {}) });
    const bare: MetricAlarm = {
      AlarmName: 'a',
      EvaluationPeriods: 1,
      ComparisonOperator: 'LessThanThreshold',
    };
    await putAlarmCopies(cw, [{ alarm: bare, name: 'b' }], 'web-blue', 'web-x1', new Map());
    expect(sent).toStrictEqual([
      { AlarmName: 'b', EvaluationPeriods: 1, ComparisonOperator: 'LessThanThreshold' },
    ]);
  });

  it('names a copy after green: blue name replaced when the name holds it, else green appended', async () => {
    const { copyName } = await load();
    expect(copyName('web-blue-cpu-high', 'web-blue', 'web-x1')).toBe('web-x1-cpu-high');
    expect(copyName('cpu-high', 'web-blue', 'web-x1')).toBe('cpu-high-web-x1');
  });
});
