import type { Activity, AutoScalingClient, AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import { AutoScalingClient as Asg } from '@aws-sdk/client-auto-scaling';
import { describe, expect, it } from 'vitest';
import {
  forceDeleteGroup,
  groupsOfService,
  healthyInService,
  recentActivities,
  troubleLines,
} from '../../src/targets/ec2/groups.js';
import { groupTemplate } from '../../src/targets/ec2/group-config.js';
import { vmsAccount } from '../sim/vms.js';
import { fakeClient } from './fake-client.js';

function setup() {
  const vms = vmsAccount({ instances: 2 });
  const asg = vms.account.aws({ maxAttempts: 1, action: 'test' }).get(Asg, 'us-east-1');
  return { ...vms, asg };
}

describe('groupsOfService', () => {
  it('filters by the service tag', async () => {
    const { asg, account } = setup();
    const groups = await groupsOfService(asg, 'web');
    expect(groups.map((g) => g.AutoScalingGroupName)).toEqual(['web-blue']);
    expect(account.calls.map((c) => c.input)).toEqual([
      { Filters: [{ Name: 'tag:slipway:service', Values: ['web'] }] },
    ]);
    expect(await groupsOfService(asg, 'api')).toEqual([]);
  });

  it('follows NextToken across pages', async () => {
    const inputs: Array<Record<string, unknown>> = [];
    const asg = fakeClient<AutoScalingClient>({
      DescribeAutoScalingGroupsCommand: (input) => {
        inputs.push(input);
        return input['NextToken']
          ? { AutoScalingGroups: [{ AutoScalingGroupName: 'b' }] }
          : { AutoScalingGroups: [{ AutoScalingGroupName: 'a' }], NextToken: 'page-2' };
      },
    });
    const groups = await groupsOfService(asg, 'web');
    expect(groups.map((g) => g.AutoScalingGroupName)).toEqual(['a', 'b']);
    expect(inputs).toEqual([
      { Filters: [{ Name: 'tag:slipway:service', Values: ['web'] }] },
      { Filters: [{ Name: 'tag:slipway:service', Values: ['web'] }], NextToken: 'page-2' },
    ]);
  });
});

describe('healthyInService', () => {
  it('counts instances both in service and healthy', () => {
    const g: AutoScalingGroup = {
      Instances: [
        { LifecycleState: 'InService', HealthStatus: 'Healthy' },
        { LifecycleState: 'InService', HealthStatus: 'Unhealthy' },
        { LifecycleState: 'Pending', HealthStatus: 'Healthy' },
        { LifecycleState: 'Standby', HealthStatus: 'Healthy' },
      ],
    } as AutoScalingGroup;
    expect(healthyInService(g)).toBe(1);
    expect(healthyInService({} as AutoScalingGroup)).toBe(0);
  });
});

describe('recentActivities', () => {
  it('asks for the group and the number of records', async () => {
    const { asg, account } = setup();
    await recentActivities(asg, 'web-blue');
    await recentActivities(asg, 'web-blue', 5);
    expect(account.calls.map((c) => c.input)).toEqual([
      { AutoScalingGroupName: 'web-blue', MaxRecords: 20 },
      { AutoScalingGroupName: 'web-blue', MaxRecords: 5 },
    ]);
  });

  it('a ValidationError (the group is gone) is no activities; another error is thrown', async () => {
    const { asg, account } = setup();
    account.failNext('autoscaling', 'DescribeScalingActivities', (s) =>
      s.error('ValidationError', "AutoScalingGroup name not found - AutoScalingGroup 'web-x' not found"),
    );
    expect(await recentActivities(asg, 'web-x')).toEqual([]);
    account.failNext('autoscaling', 'DescribeScalingActivities', (s) => s.error('AccessDenied', 'no', 403));
    await expect(recentActivities(asg, 'web-blue')).rejects.toMatchObject({ code: 'AccessDenied' });
  });
});

describe('troubleLines', () => {
  const since = Date.UTC(2026, 10, 22, 9, 0, 0);
  const at = (ms: number) => new Date(since + ms);
  const activities: Activity[] = [
    {
      StartTime: at(0),
      StatusCode: 'Failed',
      Description: 'Launching a new EC2 instance',
      StatusMessage: "The image id '[ami-1]' does not exist. Launching EC2 instance failed.",
    } as Activity,
    { StartTime: at(1000), StatusCode: 'Failed', Description: 'Launching a new EC2 instance' } as Activity,
    {
      StartTime: at(2000),
      StatusCode: 'Successful',
      Description: 'Terminating EC2 instance: i-1',
      Cause:
        'At 2026-11-22T09:00:02Z an instance was taken out of service in response to an ELB system health check failure.',
    } as Activity,
    {
      StartTime: at(3000),
      StatusCode: 'Successful',
      Description: 'Terminating EC2 instance: i-2',
      Cause: 'a health check failed; see At 09:00 the log',
    } as Activity,
    {
      StartTime: at(4000),
      StatusCode: 'Successful',
      Description: 'Launching a new EC2 instance: i-3',
      Cause: 'At 2026-11-22T09:00:04Z a user request update of AutoScalingGroup constraints.',
    } as Activity,
    {
      StartTime: at(-1000),
      StatusCode: 'Failed',
      Description: 'Launching a new EC2 instance',
      StatusMessage: 'before the rollout',
    } as Activity,
  ];

  it('failed launches and health-check replacements since the start, one exact line each', () => {
    expect(troubleLines('web-x', activities, since)).toEqual([
      "web-x: Launching a new EC2 instance: The image id '[ami-1]' does not exist. Launching EC2 instance failed.",
      'web-x: Launching a new EC2 instance: failed',
      'web-x: Terminating EC2 instance: i-1: an instance was taken out of service in response to an ELB system health check failure.',
      'web-x: Terminating EC2 instance: i-2: a health check failed; see At 09:00 the log',
    ]);
  });
});

describe('forceDeleteGroup', () => {
  it('a group that does not exist is false; other errors are thrown', async () => {
    const { asg, account } = setup();
    expect(await forceDeleteGroup(asg, 'web-nope')).toBe(false);
    account.failNext('autoscaling', 'DeleteAutoScalingGroup', (s) =>
      s.error('ValidationError', 'The group name is malformed'),
    );
    await expect(forceDeleteGroup(asg, 'web-blue')).rejects.toMatchObject({ code: 'ValidationError' });
    account.failNext('autoscaling', 'DeleteAutoScalingGroup', (s) =>
      s.error('ResourceInUseFault', 'the group was not found busy'),
    );
    await expect(forceDeleteGroup(asg, 'web-blue')).rejects.toMatchObject({ code: 'ResourceInUseFault' });
    // Gone between the look and the delete: still false.
    account.failNext('autoscaling', 'DeleteAutoScalingGroup', (s) =>
      s.error('ValidationError', "AutoScalingGroup name not found - AutoScalingGroup 'web-blue' not found"),
    );
    expect(await forceDeleteGroup(asg, 'web-blue')).toBe(false);
    // A group that does not exist is never sent to DeleteAutoScalingGroup: under a policy conditioned on the
    // group's tags, IAM would answer AccessDenied for it rather than "not found".
    const del = { AutoScalingGroupName: 'web-blue', ForceDelete: true };
    const look = (n: string) => ({ AutoScalingGroupNames: [n] });
    expect(account.calls.map((c) => [c.action, c.input])).toEqual([
      ['DescribeAutoScalingGroups', look('web-nope')],
      ['DescribeAutoScalingGroups', look('web-blue')],
      ['DeleteAutoScalingGroup', del],
      ['DescribeAutoScalingGroups', look('web-blue')],
      ['DeleteAutoScalingGroup', del],
      ['DescribeAutoScalingGroups', look('web-blue')],
      ['DeleteAutoScalingGroup', del],
    ]);
  });
});

describe('groupTemplate', () => {
  it('the template by id, else by name, and $Default when the group names no version', () => {
    const g = (o: Partial<AutoScalingGroup>) =>
      ({ AutoScalingGroupName: 'web-blue', ...o }) as AutoScalingGroup;
    expect(
      groupTemplate(
        g({ LaunchTemplate: { LaunchTemplateId: 'lt-1', LaunchTemplateName: 'web', Version: '3' } }),
      ),
    ).toEqual({
      template: 'lt-1',
      version: '3',
    });
    expect(groupTemplate(g({ LaunchTemplate: { LaunchTemplateName: 'web' } }))).toEqual({
      template: 'web',
      version: '$Default',
    });
    expect(() => groupTemplate(g({}))).toThrow(
      'group web-blue uses a launch configuration; deploy-ec2 needs a launch template',
    );
  });
});
