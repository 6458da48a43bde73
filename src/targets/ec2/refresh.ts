import type {
  AutoScalingClient,
  DesiredConfiguration,
  InstanceRefresh,
  RefreshPreferences,
} from '@aws-sdk/client-auto-scaling';
import {
  CancelInstanceRefreshCommand,
  DescribeInstanceRefreshesCommand,
  RollbackInstanceRefreshCommand,
  StartInstanceRefreshCommand,
} from '@aws-sdk/client-auto-scaling';
import { ActionError, isAwsError } from '../../core/errors.js';

/** The refresh statuses in which the refresh is still moving (DescribeInstanceRefreshes). */
export const ACTIVE = new Set(['Pending', 'InProgress', 'Cancelling', 'RollbackInProgress', 'Baking']);

export interface RefreshSettings {
  minHealthyPercent: number;
  maxHealthyPercent: number | undefined;
  instanceWarmupS: number | undefined;
  checkpoints: number[];
  checkpointDelayS: number | undefined;
  skipMatching: boolean;
  autoRollback: boolean;
  alarms: string[];
  bakeS: number;
  /** What the refresh does with instances protected from scale in, and with instances in Standby. */
  scaleInProtected: ScaleInProtectedChoice;
  standby: StandbyChoice;
}

/** RefreshPreferences' ScaleInProtectedInstances and StandbyInstances, by the inputs' spelling. */
const SCALE_IN_PROTECTED = { wait: 'Wait', ignore: 'Ignore', refresh: 'Refresh' } as const;
const STANDBY = { wait: 'Wait', ignore: 'Ignore', terminate: 'Terminate' } as const;
export type ScaleInProtectedChoice = keyof typeof SCALE_IN_PROTECTED;
export type StandbyChoice = keyof typeof STANDBY;
export const SCALE_IN_PROTECTED_CHOICES = Object.keys(SCALE_IN_PROTECTED) as ScaleInProtectedChoice[];
export const STANDBY_CHOICES = Object.keys(STANDBY) as StandbyChoice[];

export function preferences(s: RefreshSettings): RefreshPreferences {
  return {
    MinHealthyPercentage: s.minHealthyPercent,
    ...(s.maxHealthyPercent !== undefined ? { MaxHealthyPercentage: s.maxHealthyPercent } : {}),
    ...(s.instanceWarmupS !== undefined ? { InstanceWarmup: s.instanceWarmupS } : {}),
    ...(s.checkpoints.length ? { CheckpointPercentages: s.checkpoints } : {}),
    ...(s.checkpoints.length && s.checkpointDelayS !== undefined
      ? { CheckpointDelay: s.checkpointDelayS }
      : {}),
    SkipMatching: s.skipMatching,
    AutoRollback: s.autoRollback,
    ...(s.alarms.length ? { AlarmSpecification: { Alarms: s.alarms } } : {}),
    ...(s.bakeS > 0 ? { BakeTime: s.bakeS } : {}),
    ScaleInProtectedInstances: SCALE_IN_PROTECTED[s.scaleInProtected],
    StandbyInstances: STANDBY[s.standby],
  };
}

/**
 * Starts a refresh to a desired configuration pinned to a launch template version number: the group itself is
 * not updated first, so what the group runs now stays the rollback target until the refresh succeeds.
 */
export async function startRefresh(
  asg: AutoScalingClient,
  group: string,
  desired: DesiredConfiguration,
  s: RefreshSettings,
): Promise<string> {
  const out = await asg.send(
    new StartInstanceRefreshCommand({
      AutoScalingGroupName: group,
      Strategy: 'Rolling',
      DesiredConfiguration: desired,
      Preferences: preferences(s),
    }),
  );
  if (!out.InstanceRefreshId) throw new ActionError(`StartInstanceRefresh on ${group} returned no id`);
  return out.InstanceRefreshId;
}

export async function describeRefresh(
  asg: AutoScalingClient,
  group: string,
  id: string,
): Promise<InstanceRefresh> {
  const out = await asg.send(
    new DescribeInstanceRefreshesCommand({ AutoScalingGroupName: group, InstanceRefreshIds: [id] }),
  );
  const r = out.InstanceRefreshes?.[0];
  if (!r) throw new ActionError(`instance refresh ${id} of ${group} was not found`);
  return r;
}

/** The refresh now running on the group, if any (the newest first). */
export async function activeRefresh(
  asg: AutoScalingClient,
  group: string,
): Promise<InstanceRefresh | undefined> {
  const out = await asg.send(
    new DescribeInstanceRefreshesCommand({ AutoScalingGroupName: group, MaxRecords: 5 }),
  );
  // Stryker disable next-line StringLiteral: Auto Scaling always sets a refresh Status, and no fallback text is an active status
  return (out.InstanceRefreshes ?? []).find((r) => ACTIVE.has(r.Status ?? ''));
}

export const describeProgress = (r: InstanceRefresh): string =>
  `${r.Status}${r.PercentageComplete !== undefined ? ` ${r.PercentageComplete}%` : ''}` +
  (r.InstancesToUpdate !== undefined ? `, ${r.InstancesToUpdate} to update` : '') +
  (r.StatusReason ? ` (${r.StatusReason})` : '');

/**
 * Asks Auto Scaling to undo the refresh: a rollback when it can (a numbered version on both sides), else a
 * cancel. Returns what it did, or 'none' when no refresh is active any more.
 */
export async function undoRefresh(
  asg: AutoScalingClient,
  group: string,
): Promise<'rollback' | 'cancel' | 'none'> {
  try {
    await asg.send(new RollbackInstanceRefreshCommand({ AutoScalingGroupName: group }));
    return 'rollback';
  } catch (err) {
    if (isAwsError(err, 'ActiveInstanceRefreshNotFoundFault')) return 'none';
    if (!isAwsError(err, 'IrreversibleInstanceRefreshFault')) throw err;
  }
  try {
    await asg.send(new CancelInstanceRefreshCommand({ AutoScalingGroupName: group }));
    return 'cancel';
  } catch (err) {
    if (isAwsError(err, 'ActiveInstanceRefreshNotFoundFault')) return 'none';
    throw err;
  }
}
