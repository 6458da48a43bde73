import type { AutoScalingClient, ScalingPolicy } from '@aws-sdk/client-auto-scaling';
import { DescribePoliciesCommand } from '@aws-sdk/client-auto-scaling';
import type { CloudWatchClient, Dimension, MetricAlarm } from '@aws-sdk/client-cloudwatch';
import {
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  PutMetricAlarmCommand,
} from '@aws-sdk/client-cloudwatch';
import { isAwsError } from '../../core/errors.js';

// DescribeAlarms and DeleteAlarms take at most 100 names a call.
const PAGE = 100;
const POLICY_ARN = /^arn:aws[a-z-]*:autoscaling:[^:]+:\d+:scalingPolicy:/;
const GROUP_DIMENSION = 'AutoScalingGroupName';

/** One alarm of blue's step or simple scaling policies, and the name of its copy for green. */
export interface AlarmCopy {
  alarm: MetricAlarm;
  name: string;
}

/** The policies whose alarms are the user's: target tracking (and predictive) policies' are Auto Scaling's. */
const userAlarmed = (p: ScalingPolicy): boolean =>
  p.PolicyType === 'StepScaling' || p.PolicyType === 'SimpleScaling' || p.PolicyType === undefined;

const policyActions = (a: MetricAlarm): string[] =>
  [...(a.AlarmActions ?? []), ...(a.OKActions ?? []), ...(a.InsufficientDataActions ?? [])].filter((x) =>
    POLICY_ARN.test(x),
  );

/** The group a scaling policy ARN belongs to (…:autoScalingGroupName/<name>:policyName/…). */
const groupOfPolicy = (arn: string): string =>
  /autoScalingGroupName\/(.*):policyName\//.exec(arn)?.[1] ?? arn;

/** The name of green's copy: blue's group name replaced by green's, or green's appended. */
export const copyName = (name: string, blue: string, green: string): string =>
  name.includes(blue) ? name.split(blue).join(green) : `${name}-${green}`;

async function describeAlarms(cw: CloudWatchClient, names: readonly string[]): Promise<MetricAlarm[]> {
  const out: MetricAlarm[] = [];
  for (let i = 0; i < names.length; i += PAGE)
    out.push(
      ...((await cw.send(new DescribeAlarmsCommand({ AlarmNames: names.slice(i, i + PAGE) }))).MetricAlarms ??
        []),
    );
  return out;
}

/** The alarms that invoke the group's step and simple policies, with the ARNs of all its policies. */
async function alarmsOfGroup(
  asg: AutoScalingClient,
  cw: CloudWatchClient,
  group: string,
): Promise<{ alarms: MetricAlarm[]; policyArns: Set<string> }> {
  const policies =
    (await asg.send(new DescribePoliciesCommand({ AutoScalingGroupName: group }))).ScalingPolicies ?? [];
  const names = [
    ...new Set(policies.filter(userAlarmed).flatMap((p) => (p.Alarms ?? []).map((a) => a.AlarmName!))),
  ].filter(Boolean);
  return {
    alarms: await describeAlarms(cw, names),
    policyArns: new Set(policies.map((p) => p.PolicyARN!)),
  };
}

/**
 * Plans green's copies of the alarms that invoke blue's step and simple scaling policies (PutScalingPolicy
 * makes no alarms for those, so without copies green's scaling would be dead once blue is gone). `problems`
 * lists what cannot be carried: an alarm that also invokes another group's policy (its copy would invoke
 * that policy twice), and a copy name that is taken or too long.
 */
export async function planAlarmCopies(
  asg: AutoScalingClient,
  cw: CloudWatchClient,
  blue: string,
  green: string,
): Promise<{ copies: AlarmCopy[]; problems: string[] }> {
  const { alarms, policyArns } = await alarmsOfGroup(asg, cw, blue);
  const problems: string[] = [];
  const copies: AlarmCopy[] = [];
  for (const alarm of alarms) {
    const foreign = policyActions(alarm).filter((x) => !policyArns.has(x));
    if (foreign.length) {
      problems.push(
        `alarm ${alarm.AlarmName} also invokes scaling policies of ${[...new Set(foreign.map(groupOfPolicy))].join(', ')}; give ${blue} an alarm of its own`,
      );
      continue;
    }
    const name = copyName(alarm.AlarmName!, blue, green);
    if (name.length > 255)
      problems.push(`alarm ${alarm.AlarmName}: its copy's name ${name} is over 255 characters`);
    else copies.push({ alarm, name });
  }
  const taken = await describeAlarms(
    cw,
    copies.map((c) => c.name),
  );
  for (const t of taken)
    problems.push(
      `alarm ${t.AlarmName} exists already; the copy of blue's alarm for green would overwrite it`,
    );
  return { copies, problems };
}

/** Green's copy: blue's configuration with green's group in the dimensions and green's policies in the actions. */
function copyInput(c: AlarmCopy, blue: string, green: string, policyArns: ReadonlyMap<string, string>) {
  const a = c.alarm;
  const dims = (ds: Dimension[] | undefined): Dimension[] | undefined =>
    ds?.map((d) => (d.Name === GROUP_DIMENSION && d.Value === blue ? { ...d, Value: green } : d));
  const actions = (xs: string[] | undefined): string[] | undefined => xs?.map((x) => policyArns.get(x) ?? x);
  return {
    AlarmName: c.name,
    ...(a.AlarmDescription !== undefined ? { AlarmDescription: a.AlarmDescription } : {}),
    ...(a.ActionsEnabled !== undefined ? { ActionsEnabled: a.ActionsEnabled } : {}),
    ...(a.AlarmActions ? { AlarmActions: actions(a.AlarmActions) } : {}),
    ...(a.OKActions ? { OKActions: actions(a.OKActions) } : {}),
    ...(a.InsufficientDataActions ? { InsufficientDataActions: actions(a.InsufficientDataActions) } : {}),
    ...(a.MetricName !== undefined ? { MetricName: a.MetricName } : {}),
    ...(a.Namespace !== undefined ? { Namespace: a.Namespace } : {}),
    ...(a.Statistic ? { Statistic: a.Statistic } : {}),
    ...(a.ExtendedStatistic ? { ExtendedStatistic: a.ExtendedStatistic } : {}),
    ...(a.Dimensions?.length ? { Dimensions: dims(a.Dimensions) } : {}),
    ...(a.Period !== undefined ? { Period: a.Period } : {}),
    ...(a.Unit ? { Unit: a.Unit } : {}),
    EvaluationPeriods: a.EvaluationPeriods,
    ...(a.DatapointsToAlarm !== undefined ? { DatapointsToAlarm: a.DatapointsToAlarm } : {}),
    ...(a.Threshold !== undefined ? { Threshold: a.Threshold } : {}),
    ComparisonOperator: a.ComparisonOperator,
    ...(a.TreatMissingData ? { TreatMissingData: a.TreatMissingData } : {}),
    ...(a.EvaluateLowSampleCountPercentile
      ? { EvaluateLowSampleCountPercentile: a.EvaluateLowSampleCountPercentile }
      : {}),
    ...(a.Metrics?.length
      ? {
          Metrics: a.Metrics.map((m) =>
            m.MetricStat?.Metric
              ? {
                  ...m,
                  MetricStat: {
                    ...m.MetricStat,
                    Metric: { ...m.MetricStat.Metric, Dimensions: dims(m.MetricStat.Metric.Dimensions) },
                  },
                }
              : m,
          ),
        }
      : {}),
    ...(a.ThresholdMetricId ? { ThresholdMetricId: a.ThresholdMetricId } : {}),
  };
}

/** Puts green's copies; `policyArns` maps each of blue's policy ARNs to green's. */
export async function putAlarmCopies(
  cw: CloudWatchClient,
  copies: readonly AlarmCopy[],
  blue: string,
  green: string,
  policyArns: ReadonlyMap<string, string>,
): Promise<void> {
  for (const c of copies) await cw.send(new PutMetricAlarmCommand(copyInput(c, blue, green, policyArns)));
}

async function deleteAlarms(cw: CloudWatchClient, names: readonly string[]): Promise<void> {
  for (let i = 0; i < names.length; i += PAGE)
    await cw.send(new DeleteAlarmsCommand({ AlarmNames: names.slice(i, i + PAGE) }));
}

/** Deletes those of the named alarms that exist (DeleteAlarms deletes none if one name is unknown). */
export async function deleteExisting(cw: CloudWatchClient, names: readonly string[]): Promise<string[]> {
  const existing = (await describeAlarms(cw, names)).map((a) => a.AlarmName!);
  await deleteAlarms(cw, existing);
  return existing;
}

/**
 * The alarms that invoke only this group's policies: to delete once the group is gone, as AWS keeps those
 * that also notify someone, watching a group that no longer exists. None when the group is gone already.
 */
export async function groupAlarms(
  asg: AutoScalingClient,
  cw: CloudWatchClient,
  group: string,
): Promise<string[]> {
  let found;
  try {
    found = await alarmsOfGroup(asg, cw, group);
  } catch (err) {
    if (isAwsError(err, 'ValidationError') && /not found/i.test((err as Error).message)) return [];
    throw err;
  }
  return found.alarms
    .filter((a) => policyActions(a).every((x) => found.policyArns.has(x)))
    .map((a) => a.AlarmName!);
}
