import { describe, expect, it } from 'vitest';
import { BLUE_GROUP, REGION, vmsAccount } from '../sim/vms.js';

/** The group at 10 instances with a new launch template version 2 on a new AMI. */
function tenInstances(o: { minimumHealthy?: number } = {}) {
  const vms = vmsAccount({
    instances: 10,
    minimumHealthy: o.minimumHealthy ?? 9,
    deregistrationDelaySeconds: 30,
  });
  const newAmi = vms.ec2.addImage(REGION, { name: 'web-new' }).id;
  vms.ec2.CreateLaunchTemplateVersion(
    { LaunchTemplateId: vms.templateId, SourceVersion: '1', LaunchTemplateData: { ImageId: newAmi } },
    REGION,
  );
  return { ...vms, newAmi };
}

/** Runs virtual time until the refresh stops moving, recording the lowest healthy capacity seen. */
function runRefresh(vms: ReturnType<typeof tenInstances>, id: string, limitMs = 3 * 3_600_000) {
  let lowest = Infinity;
  let maxInstances = 0;
  for (let t = 0; t < limitMs; t += 5_000) {
    vms.account.clock.advance(5_000);
    lowest = Math.min(lowest, vms.elbv2.healthyCount(vms.blueTg!));
    maxInstances = Math.max(maxInstances, vms.autoscaling.alive(vms.autoscaling.group(BLUE_GROUP)!).length);
    const r = vms.autoscaling.DescribeInstanceRefreshes({
      AutoScalingGroupName: BLUE_GROUP,
      InstanceRefreshIds: [id],
    }).InstanceRefreshes![0]!;
    if (!['Pending', 'InProgress', 'Baking', 'Cancelling', 'RollbackInProgress'].includes(r.Status!))
      return { r, lowest, maxInstances };
  }
  throw new Error('the refresh did not end');
}

const pinned = (templateId: string) => ({ LaunchTemplate: { LaunchTemplateId: templateId, Version: '2' } });

describe('Auto Scaling simulator: instance refresh', () => {
  it('with MinHealthyPercentage 90 of 10 replaces one instance at a time and keeps 9 healthy', () => {
    const vms = tenInstances();
    const { InstanceRefreshId } = vms.autoscaling.StartInstanceRefresh(
      {
        AutoScalingGroupName: BLUE_GROUP,
        DesiredConfiguration: pinned(vms.templateId),
        Preferences: { MinHealthyPercentage: 90, InstanceWarmup: 30 },
      },
      REGION,
    );
    const { r, lowest, maxInstances } = runRefresh(vms, InstanceRefreshId!);
    expect(r.Status).toBe('Successful');
    expect(r.PercentageComplete).toBe(100);
    expect(lowest).toBe(9);
    expect(maxInstances).toBe(10);
    expect(vms.autoscaling.group(BLUE_GROUP)!.launchTemplate.version).toBe('2');
    expect(vms.account.violations).toEqual([]);
  });

  it('with MaxHealthyPercentage 150 launches new instances before it terminates old ones', () => {
    const vms = tenInstances({ minimumHealthy: 10 });
    const { InstanceRefreshId } = vms.autoscaling.StartInstanceRefresh(
      {
        AutoScalingGroupName: BLUE_GROUP,
        DesiredConfiguration: pinned(vms.templateId),
        Preferences: { MinHealthyPercentage: 100, MaxHealthyPercentage: 150, InstanceWarmup: 30 },
      },
      REGION,
    );
    const { r, lowest, maxInstances } = runRefresh(vms, InstanceRefreshId!);
    expect(r.Status).toBe('Successful');
    expect(lowest).toBeGreaterThanOrEqual(10);
    expect(maxInstances).toBe(15);
    expect(vms.account.violations).toEqual([]);
  });

  it('pauses at a checkpoint for the checkpoint delay, and bakes before Successful', () => {
    const vms = tenInstances({ minimumHealthy: 5 });
    vms.autoscaling.StartInstanceRefresh(
      {
        AutoScalingGroupName: BLUE_GROUP,
        DesiredConfiguration: pinned(vms.templateId),
        Preferences: {
          MinHealthyPercentage: 50,
          CheckpointPercentages: [50, 100],
          CheckpointDelay: 1800,
          BakeTime: 600,
        },
      },
      REGION,
    );
    const seen: string[] = [];
    for (let n = 0; n < 2000; n++) {
      vms.account.clock.advance(5_000);
      const r = vms.autoscaling.DescribeInstanceRefreshes({ AutoScalingGroupName: BLUE_GROUP })
        .InstanceRefreshes![0]!;
      const label = `${r.Status} ${r.PercentageComplete}${r.StatusReason ? ` ${r.StatusReason}` : ''}`;
      if (seen.at(-1) !== label) seen.push(label);
      if (r.Status === 'Successful') break;
    }
    expect(seen).toContain('InProgress 50 Waiting for the checkpoint delay at 50%');
    expect(seen.filter((s) => s.startsWith('Baking'))).toHaveLength(1);
    expect(seen.at(-1)).toBe('Successful 100');
  });

  it('refuses a second refresh while one runs, AutoRollback on $Latest, and a rollback with nothing active', () => {
    const vms = tenInstances();
    const start = (prefs = {}) =>
      vms.autoscaling.StartInstanceRefresh(
        {
          AutoScalingGroupName: BLUE_GROUP,
          DesiredConfiguration: pinned(vms.templateId),
          Preferences: prefs,
        },
        REGION,
      );
    expect(() => vms.autoscaling.RollbackInstanceRefresh({ AutoScalingGroupName: BLUE_GROUP })).toThrow(
      /No in progress/,
    );
    vms.autoscaling.group(BLUE_GROUP)!.launchTemplate.version = '$Latest';
    expect(() => start({ AutoRollback: true })).toThrow(/AutoRollback requires/);
    vms.autoscaling.group(BLUE_GROUP)!.launchTemplate.version = '1';
    start();
    let err: unknown;
    try {
      start();
    } catch (e) {
      err = e;
    }
    expect((err as Error).name).toBe('InstanceRefreshInProgressFault');
    vms.autoscaling.CancelInstanceRefresh({ AutoScalingGroupName: BLUE_GROUP });
    vms.account.clock.advance(10 * 60_000);
    expect(vms.autoscaling.refreshesOf(BLUE_GROUP)[0]!.status).toBe('Cancelled');
  });

  it('reports failed launches in the scaling activities and fails the refresh', () => {
    const vms = tenInstances();
    vms.ec2.failLaunches(
      vms.newAmi,
      'We currently do not have sufficient t3.small capacity in the Availability Zone you requested',
    );
    const { InstanceRefreshId } = vms.autoscaling.StartInstanceRefresh(
      {
        AutoScalingGroupName: BLUE_GROUP,
        DesiredConfiguration: pinned(vms.templateId),
        Preferences: { MinHealthyPercentage: 90 },
      },
      REGION,
    );
    const { r } = runRefresh(vms, InstanceRefreshId!);
    expect(r.Status).toBe('Failed');
    expect(r.StatusReason).toMatch(/sufficient t3\.small capacity/);
    const failed = vms.autoscaling
      .DescribeScalingActivities({ AutoScalingGroupName: BLUE_GROUP })
      .Activities!.filter((a) => a.StatusCode === 'Failed');
    expect(failed.length).toBeGreaterThanOrEqual(3);
    expect(failed[0]!.StatusMessage).toMatch(/Launching EC2 instance failed/);
  });
});
