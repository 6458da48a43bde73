import type * as sdk from '@aws-sdk/client-auto-scaling';
import { AutoScalingGroups } from './autoscaling-groups.js';
import type { RefreshPrefs, SimRefresh } from './autoscaling-model.js';
import { ignoredBy, newPass, progress, rollBack } from './autoscaling-refresh.js';

/** The instance refresh API; the state machine itself is in autoscaling-refresh.ts. */
export abstract class AutoScalingRefreshes extends AutoScalingGroups {
  /**
   * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_StartInstanceRefresh.html. AutoRollback
   * needs a DesiredConfiguration, and neither it nor the group may name $Latest or $Default, nor a launch
   * template whose ImageId is a Systems Manager parameter (API_RefreshPreferences, AutoRollback). A
   * DesiredConfiguration names a LaunchTemplate or a MixedInstancesPolicy (API_DesiredConfiguration).
   */
  StartInstanceRefresh(input: sdk.StartInstanceRefreshType, region: string): sdk.StartInstanceRefreshAnswer {
    const g = this.find(input.AutoScalingGroupName);
    if (this.activeRefresh(g.name))
      throw this.error(
        'InstanceRefreshInProgressFault',
        'An Instance Refresh is already in progress and blocks the execution of this Instance Refresh.',
      );
    if (input.Strategy && input.Strategy !== 'Rolling')
      throw new Error(`simulator: refresh strategy ${input.Strategy} is not modelled`);
    const p = input.Preferences ?? {};
    const dc = input.DesiredConfiguration;
    if (dc && !dc.LaunchTemplate === !dc.MixedInstancesPolicy)
      throw this.error(
        'ValidationError',
        'A DesiredConfiguration must specify either a LaunchTemplate or a MixedInstancesPolicy.',
      );
    const desiredSpec =
      dc?.LaunchTemplate ?? dc?.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification;
    const desired = desiredSpec ? this.ltRef(region, desiredSpec) : g.launchTemplate;
    const numeric = (v: string): boolean => /^\d+$/.test(v);
    if (p.AutoRollback && (!desiredSpec || !numeric(desired.version) || !numeric(g.launchTemplate.version)))
      throw this.error(
        'ValidationError',
        'AutoRollback requires a DesiredConfiguration whose launch template version is a number, and a group that does not use $Latest or $Default.',
      );
    if (p.AutoRollback && [g.launchTemplate, desired].some((ref) => this.usesSsmImage(region, ref)))
      throw this.error(
        'ValidationError',
        'AutoRollback is not supported when the launch template uses a Systems Manager parameter instead of an AMI ID for ImageId.',
      );
    const scaleInProtected = p.ScaleInProtectedInstances ?? 'Wait';
    const standby = p.StandbyInstances ?? 'Wait';
    if (!['Refresh', 'Ignore', 'Wait'].includes(scaleInProtected))
      throw this.error(
        'ValidationError',
        `ScaleInProtectedInstances ${scaleInProtected} is not one of Refresh, Ignore, Wait.`,
      );
    if (!['Terminate', 'Ignore', 'Wait'].includes(standby))
      throw this.error(
        'ValidationError',
        `StandbyInstances ${standby} is not one of Terminate, Ignore, Wait.`,
      );
    const min = p.MinHealthyPercentage ?? 90;
    const max = p.MaxHealthyPercentage;
    if (min < 0 || min > 100)
      throw this.error('ValidationError', 'MinHealthyPercentage must be between 0 and 100.');
    if (max !== undefined && (max < 100 || max > 200 || max - min > 100))
      throw this.error(
        'ValidationError',
        'MaxHealthyPercentage must be between 100 and 200, and at most 100 above MinHealthyPercentage.',
      );
    const checkpoints = p.CheckpointPercentages ?? [];
    if (checkpoints.some((c, n) => c < 1 || c > 100 || (n > 0 && c <= checkpoints[n - 1]!)))
      throw this.error('ValidationError', 'CheckpointPercentages must be ascending values from 1 to 100.');
    const prefs: RefreshPrefs = {
      minHealthy: min,
      maxHealthy: max,
      warmupMs: (p.InstanceWarmup ?? (g.defaultInstanceWarmupMs ?? g.gracePeriodMs) / 1000) * 1000,
      checkpoints,
      checkpointDelayMs: (p.CheckpointDelay ?? 3600) * 1000,
      skipMatching: p.SkipMatching ?? false,
      autoRollback: p.AutoRollback ?? false,
      alarms: p.AlarmSpecification?.Alarms ?? [],
      bakeMs: (p.BakeTime ?? 0) * 1000,
      scaleInProtected: scaleInProtected as RefreshPrefs['scaleInProtected'],
      standby: standby as RefreshPrefs['standby'],
    };
    const target = { id: desired.id, name: desired.name, version: this.resolveVersion(desired) };
    const toReplace = new Set(
      [...g.instances.values()]
        .filter((i) => i.lifecycle !== 'Terminating' && !ignoredBy(prefs, i))
        .filter((i) => !prefs.skipMatching || i.lt.id !== target.id || i.lt.version !== target.version)
        .map((i) => i.id),
    );
    const refresh: SimRefresh = {
      id: this.nextId(),
      group: g.name,
      status: 'Pending',
      statusReason: undefined,
      start: this.now,
      end: undefined,
      prefs,
      preferencesIn: input.Preferences,
      desiredIn: input.DesiredConfiguration,
      previous: { ...g.launchTemplate },
      forward: newPass(toReplace, target),
      rollback: undefined,
      bakeUntil: undefined,
    };
    this.refreshes.push(refresh);
    return { InstanceRefreshId: refresh.id };
  }

  DescribeInstanceRefreshes(input: sdk.DescribeInstanceRefreshesType): sdk.DescribeInstanceRefreshesAnswer {
    const g = this.find(input.AutoScalingGroupName);
    let list = this.refreshesOf(g.name).slice().reverse();
    if (input.InstanceRefreshIds?.length) list = list.filter((r) => input.InstanceRefreshIds!.includes(r.id));
    const start = input.NextToken ? Number(input.NextToken) : 0;
    const max = input.MaxRecords ?? 50;
    return {
      InstanceRefreshes: list.slice(start, start + max).map((r) => {
        const p = progress(this, g, r, r.forward);
        const rb = r.rollback;
        return {
          InstanceRefreshId: r.id,
          AutoScalingGroupName: r.group,
          Status: r.status,
          ...(r.statusReason ? { StatusReason: r.statusReason } : {}),
          StartTime: new Date(r.start),
          ...(r.end !== undefined ? { EndTime: new Date(r.end) } : {}),
          PercentageComplete: r.status === 'Successful' ? 100 : p.percent,
          InstancesToUpdate: r.status === 'Successful' ? 0 : p.toUpdate,
          ...(r.preferencesIn ? { Preferences: structuredClone(r.preferencesIn) } : {}),
          ...(r.desiredIn ? { DesiredConfiguration: structuredClone(r.desiredIn) } : {}),
          ...(rb
            ? {
                RollbackDetails: {
                  RollbackReason: rb.reason,
                  RollbackStartTime: new Date(rb.start),
                  PercentageCompleteOnRollback: rb.percentAtRollback,
                  InstancesToUpdateOnRollback: rb.toUpdateAtRollback,
                },
              }
            : {}),
        };
      }),
      ...(start + max < list.length ? { NextToken: String(start + max) } : {}),
    };
  }

  CancelInstanceRefresh(input: sdk.CancelInstanceRefreshType): sdk.CancelInstanceRefreshAnswer {
    const g = this.find(input.AutoScalingGroupName);
    const r = this.activeRefresh(g.name);
    if (!r || r.status === 'RollbackInProgress' || r.status === 'Cancelling')
      throw this.error(
        'ActiveInstanceRefreshNotFoundFault',
        'No in progress or pending Instance Refresh found for this Auto Scaling group.',
      );
    r.status = 'Cancelling';
    return { InstanceRefreshId: r.id };
  }

  /** https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_RollbackInstanceRefresh.html */
  RollbackInstanceRefresh(input: sdk.RollbackInstanceRefreshType): sdk.RollbackInstanceRefreshAnswer {
    const g = this.find(input.AutoScalingGroupName);
    const r = this.activeRefresh(g.name);
    if (!r || r.status === 'RollbackInProgress' || r.status === 'Cancelling')
      throw this.error(
        'ActiveInstanceRefreshNotFoundFault',
        'No in progress or pending Instance Refresh found for this Auto Scaling group.',
      );
    if (
      !(r.desiredIn?.LaunchTemplate ?? r.desiredIn?.MixedInstancesPolicy) ||
      !/^\d+$/.test(r.previous.version) ||
      this.usesSsmImage(g.region, r.previous)
    )
      throw this.error(
        'IrreversibleInstanceRefreshFault',
        'The instance refresh cannot be rolled back: it has no desired configuration, the group uses $Latest or $Default, or its launch template uses a Systems Manager parameter for ImageId.',
      );
    rollBack(this, g, r);
    return { InstanceRefreshId: r.id };
  }
}
