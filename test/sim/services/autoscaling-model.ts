import type * as sdk from '@aws-sdk/client-auto-scaling';

/** A launch template as a group or a refresh names it: the version as given, and the number it meant. */
export interface LtRef {
  id: string;
  name: string;
  /** As given: a number, $Latest or $Default. */
  version: string;
}

/** Standby: still in the group, but out of service, out of its target groups and not health-checked. */
export type Lifecycle = 'Pending' | 'InService' | 'Standby' | 'Terminating';

export interface GroupInstance {
  id: string;
  lifecycle: Lifecycle;
  health: 'Healthy' | 'Unhealthy';
  /** The template and version number it was launched from. */
  lt: { id: string; name: string; version: number };
  az: string;
  inServiceAt: number | undefined;
  /** When a terminating instance has drained and EC2 is asked to terminate it. */
  terminateAt: number | undefined;
  ec2Terminating: boolean;
  protectedFromScaleIn: boolean;
  /** The refresh (forward or rollback) that launched it, if any. */
  launchedBy: string | undefined;
}

export interface Activity {
  id: string;
  group: string;
  description: string;
  cause: string;
  start: number;
  end: number | undefined;
  status: 'InProgress' | 'Successful' | 'Failed' | 'Cancelled';
  statusMessage: string | undefined;
}

export type RefreshStatus =
  | 'Pending'
  | 'InProgress'
  | 'Successful'
  | 'Failed'
  | 'Cancelling'
  | 'Cancelled'
  | 'RollbackInProgress'
  | 'RollbackFailed'
  | 'RollbackSuccessful'
  | 'Baking';

export const ACTIVE_REFRESH: readonly RefreshStatus[] = [
  'Pending',
  'InProgress',
  'Cancelling',
  'RollbackInProgress',
  'Baking',
];

/** The preferences of a refresh with AWS's defaults filled in (SDK defaults, not the console's). */
export interface RefreshPrefs {
  minHealthy: number;
  maxHealthy: number | undefined;
  warmupMs: number;
  checkpoints: number[];
  checkpointDelayMs: number;
  skipMatching: boolean;
  autoRollback: boolean;
  alarms: string[];
  bakeMs: number;
  /** ScaleInProtectedInstances and StandbyInstances (API_RefreshPreferences; both default to Wait). */
  scaleInProtected: 'Refresh' | 'Ignore' | 'Wait';
  standby: 'Terminate' | 'Ignore' | 'Wait';
}

/** One pass of replacements: forward (to the desired configuration) or a rollback (to the group's). */
export interface ReplacementPass {
  /** The instances this pass must replace (matched when it started). */
  toReplace: Set<string>;
  total: number;
  /** The configuration new instances of this pass launch with. */
  target: { id: string; name: string; version: number };
  /** Launch-first: capacity above desired while the extra instances warm up, and the old ones they replace. */
  extra: number;
  pendingOld: string[];
  nextCheckpoint: number;
  checkpointUntil: number | undefined;
  failures: number;
  /** Since when only protected or Standby instances (with Wait) are left to replace. */
  blockedSince: number | undefined;
}

export interface SimRefresh {
  id: string;
  group: string;
  status: RefreshStatus;
  statusReason: string | undefined;
  start: number;
  end: number | undefined;
  prefs: RefreshPrefs;
  preferencesIn: sdk.RefreshPreferences | undefined;
  desiredIn: sdk.DesiredConfiguration | undefined;
  /** The group's configuration before the refresh: what a rollback returns to. */
  previous: LtRef;
  forward: ReplacementPass;
  rollback:
    | (ReplacementPass & {
        reason: string;
        start: number;
        percentAtRollback: number;
        toUpdateAtRollback: number;
      })
    | undefined;
  bakeUntil: number | undefined;
}

export interface SimGroup {
  name: string;
  arn: string;
  region: string;
  createdAt: number;
  launchTemplate: LtRef;
  mixedInstancesPolicy: sdk.MixedInstancesPolicy | undefined;
  min: number;
  max: number;
  desired: number;
  subnets: string[];
  healthCheckType: 'EC2' | 'ELB';
  gracePeriodMs: number;
  defaultInstanceWarmupMs: number | undefined;
  defaultCooldown: number;
  targetGroupArns: string[];
  tags: Map<string, { value: string; propagate: boolean }>;
  terminationPolicies: string[];
  newInstancesProtectedFromScaleIn: boolean;
  capacityRebalance: boolean;
  instances: Map<string, GroupInstance>;
  deleting: boolean;
  nextLaunchAt: number;
  launchSeq: number;
  policies: Map<string, sdk.ScalingPolicy>;
  scheduled: Map<string, sdk.ScheduledUpdateGroupAction>;
}
