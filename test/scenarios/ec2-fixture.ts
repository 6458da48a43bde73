import type { VmsOptions } from '../sim/vms.js';
import { BLUE_GROUP, REGION, vmsAccount } from '../sim/vms.js';

export { BLUE_GROUP, REGION, SERVICE } from '../sim/vms.js';

/**
 * The VM account with group web-blue serving the current AMI, and a new AMI baked and ready. The blue group
 * has a target-tracking policy on requests per target and a scheduled action, which a clone must copy.
 */
export function ec2Fixture(o: VmsOptions = {}) {
  const vms = vmsAccount(o);
  const { ec2, autoscaling, account } = vms;
  const newAmi = ec2.addImage(REGION, { name: 'web-new', tags: { 'slipway:family': 'web-{sha}' } }).id;
  if ((o.instances ?? 4) > 0) {
    const tgLabel = vms.blueTg!.slice(vms.blueTg!.indexOf('targetgroup/'));
    autoscaling.PutScalingPolicy({
      AutoScalingGroupName: BLUE_GROUP,
      PolicyName: 'requests-per-target',
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingConfiguration: {
        TargetValue: 500,
        PredefinedMetricSpecification: {
          PredefinedMetricType: 'ALBRequestCountPerTarget',
          ResourceLabel: `app/web/5a1e000000001eef/${tgLabel}`,
        },
      },
    });
    autoscaling.PutScheduledUpdateGroupAction({
      AutoScalingGroupName: BLUE_GROUP,
      ScheduledActionName: 'night',
      Recurrence: '0 22 * * *',
      DesiredCapacity: 2,
    });
  }
  account.calls.length = 0;
  vms.elbv2.weightHistory.length = 0;
  return { ...vms, newAmi };
}

export type Ec2Fixture = ReturnType<typeof ec2Fixture>;

/** The traffic share of each target group in a weight record, in percent. */
export function shares(weights: Array<{ targetGroupArn: string; weight: number }>): Record<string, number> {
  const total = weights.reduce((s, w) => s + w.weight, 0);
  return Object.fromEntries(
    weights.map((w) => [w.targetGroupArn, total ? Math.round((100 * w.weight) / total) : 0]),
  );
}

/** The instances of a group with the AMI each runs. */
export function groupImages(f: Ec2Fixture, group: string): string[] {
  const g = f.autoscaling.group(group);
  return g
    ? [...g.instances.values()]
        .filter((i) => i.lifecycle !== 'Terminating')
        .map((i) => f.ec2.instance(REGION, i.id)!.imageId)
    : [];
}
