import type {
  ECSClient,
  ServiceDeployment,
  ServiceDeploymentBrief,
  ServiceDeploymentStatus,
} from '@aws-sdk/client-ecs';
import { DescribeServiceDeploymentsCommand, ListServiceDeploymentsCommand } from '@aws-sdk/client-ecs';
import { ActionError } from '../../core/errors.js';

/** Statuses of a service deployment that has not finished. */
export const UNFINISHED: readonly ServiceDeploymentStatus[] = [
  'PENDING',
  'IN_PROGRESS',
  'STOP_REQUESTED',
  'ROLLBACK_REQUESTED',
  'ROLLBACK_IN_PROGRESS',
];
/** Statuses that mean the deployment did not (or will not) put the new revision in place. */
export const NOT_SUCCEEDING: readonly ServiceDeploymentStatus[] = [
  'STOPPED',
  'STOP_REQUESTED',
  'ROLLBACK_REQUESTED',
  'ROLLBACK_IN_PROGRESS',
  'ROLLBACK_SUCCESSFUL',
  'ROLLBACK_FAILED',
];

// The order ECS documents for the lifecycle stages of BLUE_GREEN, CANARY and LINEAR.
const STAGES = [
  'RECONCILE_SERVICE',
  'PRE_SCALE_UP',
  'SCALE_UP',
  'POST_SCALE_UP',
  'TEST_TRAFFIC_SHIFT',
  'POST_TEST_TRAFFIC_SHIFT',
  'PRE_PRODUCTION_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT',
  'BAKE_TIME',
  'CLEAN_UP',
];

/** Whether the deployment has reached `stage` (or gone past it). */
export const reached = (sd: ServiceDeployment, stage: string): boolean =>
  sd.status === 'SUCCESSFUL' ||
  // Stryker disable next-line StringLiteral: no fallback text is a stage, so indexOf gives -1 either way
  STAGES.indexOf(sd.lifecycleStage ?? '') >= STAGES.indexOf(stage);

export const shortArn = (arn: string): string => arn.split('/').pop() ?? arn;

export async function describeServiceDeployment(client: ECSClient, arn: string): Promise<ServiceDeployment> {
  const out = await client.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }));
  const sd = out.serviceDeployments?.[0];
  if (!sd)
    throw new ActionError(
      `service deployment ${arn} cannot be described (${out.failures?.[0]?.reason ?? 'not found'})`,
    );
  return sd;
}

/**
 * The unfinished service deployments of a service, newest first. ListServiceDeployments documents no order,
 * so every page is read and sorted by createdAt.
 */
export async function unfinishedDeployments(
  client: ECSClient,
  cluster: string,
  service: string,
): Promise<Array<{ arn: string; status: string }>> {
  const found: ServiceDeploymentBrief[] = [];
  let nextToken: string | undefined;
  do {
    const out = await client.send(
      new ListServiceDeploymentsCommand({ cluster, service, status: [...UNFINISHED], nextToken }),
    );
    found.push(...(out.serviceDeployments ?? []));
    nextToken = out.nextToken;
  } while (nextToken);
  return found
    .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))
    .map((d) => ({ arn: d.serviceDeploymentArn ?? '', status: d.status ?? 'UNKNOWN' }));
}

/** One line on where a deployment stands: status, stage, tasks and traffic of the new revision. */
export function describeProgress(sd: ServiceDeployment): string {
  const t = sd.targetServiceRevision;
  const parts = [`${sd.status ?? 'UNKNOWN'}${sd.lifecycleStage ? ` at ${sd.lifecycleStage}` : ''}`];
  if (t) parts.push(`new tasks ${t.runningTaskCount ?? 0}/${t.requestedTaskCount ?? 0} running`);
  // Traffic weights mean something only where ECS shifts traffic: the native strategies.
  const native = (sd.deploymentConfiguration?.strategy ?? 'ROLLING') !== 'ROLLING';
  if (native && t?.requestedProductionTrafficWeight !== undefined)
    parts.push(`production traffic ${t.requestedProductionTrafficWeight}%`);
  const waiting = (sd.lifecycleHookDetails ?? []).find((h) => h.status === 'AWAITING_ACTION');
  if (waiting) parts.push(`paused at hook ${waiting.hookId}`);
  return parts.join(', ');
}

/** Why a deployment is not succeeding, in one line, from what ECS reports; `named` starts with its id. */
export function describeFailure(sd: ServiceDeployment, named = true): string {
  const why = [sd.statusReason, sd.rollback?.reason].filter((s, i, all) => s && all.indexOf(s) === i);
  const alarms = sd.alarms?.triggeredAlarmNames?.length
    ? `; alarms in ALARM: ${sd.alarms.triggeredAlarmNames.join(', ')}`
    : '';
  const breaker =
    sd.deploymentCircuitBreaker?.status === 'TRIGGERED'
      ? `; circuit breaker: ${sd.deploymentCircuitBreaker.failureCount ?? '?'} failed tasks (threshold ${sd.deploymentCircuitBreaker.threshold ?? '?'})`
      : '';
  const subject = named ? `ECS service deployment ${shortArn(sd.serviceDeploymentArn ?? '')} is ` : '';
  return `${subject}${sd.status}${why.length ? `: ${why.join('; ')}` : ''}${breaker}${alarms}`;
}
