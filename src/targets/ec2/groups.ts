import type {
  Activity,
  AutoScalingClient,
  AutoScalingGroup,
  CreateAutoScalingGroupType,
} from '@aws-sdk/client-auto-scaling';
import {
  CreateAutoScalingGroupCommand,
  DeleteAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  DescribePoliciesCommand,
  DescribeScalingActivitiesCommand,
  DescribeScheduledActionsCommand,
  PutScalingPolicyCommand,
  PutScheduledUpdateGroupActionCommand,
} from '@aws-sdk/client-auto-scaling';
import { isAwsError } from '../../core/errors.js';
import type { PinnedTemplate } from './group-config.js';
import { configWith } from './group-config.js';

export const SERVICE_TAG = 'slipway:service';
/** Marks the group a blue/green with keep-previous left at weight 0, for a manual rollback. */
export const PREVIOUS_TAG = 'slipway:previous';

export async function describeGroup(
  asg: AutoScalingClient,
  name: string,
): Promise<AutoScalingGroup | undefined> {
  const out = await asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }));
  return out.AutoScalingGroups?.[0];
}

/** The groups tagged with the service, across pages. */
export async function groupsOfService(asg: AutoScalingClient, service: string): Promise<AutoScalingGroup[]> {
  const groups: AutoScalingGroup[] = [];
  let NextToken: string | undefined;
  do {
    const out = await asg.send(
      new DescribeAutoScalingGroupsCommand({
        Filters: [{ Name: `tag:${SERVICE_TAG}`, Values: [service] }],
        ...(NextToken ? { NextToken } : {}),
      }),
    );
    groups.push(...(out.AutoScalingGroups ?? []));
    NextToken = out.NextToken;
  } while (NextToken);
  return groups;
}

export const tagOf = (g: AutoScalingGroup, key: string): string | undefined =>
  g.Tags?.find((t) => t.Key === key)?.Value;

/** In service and healthy, as Auto Scaling sees it. */
export const healthyInService = (g: AutoScalingGroup): number =>
  (g.Instances ?? []).filter((i) => i.LifecycleState === 'InService' && i.HealthStatus === 'Healthy').length;

/** The group's recent activities, newest first. */
export async function recentActivities(asg: AutoScalingClient, name: string, max = 20): Promise<Activity[]> {
  try {
    const out = await asg.send(
      new DescribeScalingActivitiesCommand({ AutoScalingGroupName: name, MaxRecords: max }),
    );
    return out.Activities ?? [];
  } catch (err) {
    if (isAwsError(err, 'ValidationError')) return [];
    throw err;
  }
}

/** Failed launches and health-check replacements since `since`: the causes a failed rollout reports. */
export function troubleLines(name: string, activities: readonly Activity[], since: number): string[] {
  return (
    activities
      .filter((a) => (a.StartTime?.getTime() ?? 0) >= since)
      // Stryker disable next-line StringLiteral: no fallback text mentions a health check, so the filter is the same
      .filter((a) => a.StatusCode === 'Failed' || /health check/i.test(a.Cause ?? ''))
      .map((a) =>
        a.StatusCode === 'Failed'
          ? `${name}: ${a.Description}: ${a.StatusMessage ?? 'failed'}`
          : `${name}: ${a.Description}: ${(a.Cause ?? '').replace(/^At \S+ /, '')}`,
      )
  );
}

/**
 * Creates `name` with blue's configuration: the same subnets, sizes, health checks, warm-up, termination
 * policies and tags, but the given launch template version and target groups; `extra` adds members (the
 * lifecycle hooks and other settings clone-settings.ts carries).
 */
export async function createGroupLike(
  asg: AutoScalingClient,
  blue: AutoScalingGroup,
  name: string,
  launchTemplate: PinnedTemplate,
  targetGroupArns: string[],
  extraTags: Array<{ Key: string; Value: string }>,
  extra: Partial<CreateAutoScalingGroupType> = {},
): Promise<void> {
  const override = new Set(extraTags.map((t) => t.Key));
  const tags = [
    ...(blue.Tags ?? [])
      .filter((t) => t.Key && !t.Key.startsWith('aws:') && !override.has(t.Key) && t.Key !== PREVIOUS_TAG)
      .map((t) => ({ Key: t.Key!, Value: t.Value ?? '', PropagateAtLaunch: t.PropagateAtLaunch ?? false })),
    ...extraTags.map((t) => ({ ...t, PropagateAtLaunch: true })),
  ];
  await asg.send(
    new CreateAutoScalingGroupCommand({
      ...extra,
      AutoScalingGroupName: name,
      // A mixed instances policy is cloned whole, with only its launch template changed.
      ...configWith(blue, launchTemplate),
      MinSize: blue.MinSize,
      MaxSize: blue.MaxSize,
      DesiredCapacity: blue.DesiredCapacity,
      VPCZoneIdentifier: blue.VPCZoneIdentifier,
      HealthCheckType: blue.HealthCheckType,
      HealthCheckGracePeriod: blue.HealthCheckGracePeriod,
      ...(blue.DefaultInstanceWarmup !== undefined
        ? { DefaultInstanceWarmup: blue.DefaultInstanceWarmup }
        : {}),
      DefaultCooldown: blue.DefaultCooldown,
      TerminationPolicies: blue.TerminationPolicies,
      NewInstancesProtectedFromScaleIn: blue.NewInstancesProtectedFromScaleIn,
      CapacityRebalance: blue.CapacityRebalance,
      TargetGroupARNs: targetGroupArns,
      Tags: tags.map((t) => ({ ...t, ResourceId: name, ResourceType: 'auto-scaling-group' })),
    }),
  );
}

/**
 * Copies blue's scaling policies and scheduled actions. A target-tracking policy on ALB requests per target
 * names blue's target group in its resource label, which is rewritten to green's. Returns how many were
 * copied, and green's policy ARN for each of blue's (for the alarms that invoke them).
 */
export async function copyScaling(
  asg: AutoScalingClient,
  from: string,
  to: string,
  tgSuffix: { blue: string; green: string },
): Promise<{ copied: number; policyArns: Map<string, string> }> {
  let copied = 0;
  const policyArns = new Map<string, string>();
  const policies =
    (await asg.send(new DescribePoliciesCommand({ AutoScalingGroupName: from }))).ScalingPolicies ?? [];
  for (const p of policies) {
    const tt = p.TargetTrackingConfiguration;
    const label = tt?.PredefinedMetricSpecification?.ResourceLabel;
    const out = await asg.send(
      new PutScalingPolicyCommand({
        AutoScalingGroupName: to,
        PolicyName: p.PolicyName,
        PolicyType: p.PolicyType,
        ...(p.AdjustmentType ? { AdjustmentType: p.AdjustmentType } : {}),
        ...(p.MinAdjustmentMagnitude !== undefined
          ? { MinAdjustmentMagnitude: p.MinAdjustmentMagnitude }
          : {}),
        ...(p.ScalingAdjustment !== undefined ? { ScalingAdjustment: p.ScalingAdjustment } : {}),
        ...(p.Cooldown !== undefined ? { Cooldown: p.Cooldown } : {}),
        ...(p.MetricAggregationType ? { MetricAggregationType: p.MetricAggregationType } : {}),
        ...(p.StepAdjustments ? { StepAdjustments: p.StepAdjustments } : {}),
        ...(p.EstimatedInstanceWarmup !== undefined
          ? { EstimatedInstanceWarmup: p.EstimatedInstanceWarmup }
          : {}),
        ...(p.Enabled !== undefined ? { Enabled: p.Enabled } : {}),
        ...(p.PredictiveScalingConfiguration
          ? { PredictiveScalingConfiguration: p.PredictiveScalingConfiguration }
          : {}),
        ...(tt
          ? {
              TargetTrackingConfiguration: {
                ...tt,
                ...(tt.PredefinedMetricSpecification && label
                  ? {
                      PredefinedMetricSpecification: {
                        ...tt.PredefinedMetricSpecification,
                        ResourceLabel: label.replace(tgSuffix.blue, tgSuffix.green),
                      },
                    }
                  : {}),
              },
            }
          : {}),
      }),
    );
    if (p.PolicyARN && out.PolicyARN) policyArns.set(p.PolicyARN, out.PolicyARN);
    copied++;
  }
  const scheduled =
    (await asg.send(new DescribeScheduledActionsCommand({ AutoScalingGroupName: from })))
      .ScheduledUpdateGroupActions ?? [];
  for (const a of scheduled) {
    await asg.send(
      new PutScheduledUpdateGroupActionCommand({
        AutoScalingGroupName: to,
        ScheduledActionName: a.ScheduledActionName,
        ...(a.Recurrence ? { Recurrence: a.Recurrence } : {}),
        ...(a.StartTime ? { StartTime: a.StartTime } : {}),
        ...(a.EndTime ? { EndTime: a.EndTime } : {}),
        ...(a.TimeZone ? { TimeZone: a.TimeZone } : {}),
        ...(a.MinSize !== undefined ? { MinSize: a.MinSize } : {}),
        ...(a.MaxSize !== undefined ? { MaxSize: a.MaxSize } : {}),
        ...(a.DesiredCapacity !== undefined ? { DesiredCapacity: a.DesiredCapacity } : {}),
      }),
    );
    copied++;
  }
  return { copied, policyArns };
}

/**
 * Deletes the group with its instances (each drains first); true when it existed. It looks first: under a
 * policy conditioned on the group's tags, deleting a group that does not exist is AccessDenied (there are no
 * tags to match), not "not found".
 */
export async function forceDeleteGroup(asg: AutoScalingClient, name: string): Promise<boolean> {
  if (!(await describeGroup(asg, name))) return false;
  try {
    await asg.send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: name, ForceDelete: true }));
    return true;
  } catch (err) {
    if (isAwsError(err, 'ValidationError') && /not found/i.test((err as Error).message)) return false;
    throw err;
  }
}
