import type { ECSClient, LoadBalancer } from '@aws-sdk/client-ecs';
import { DescribeServicesCommand, DescribeTasksCommand, ListTasksCommand } from '@aws-sdk/client-ecs';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2';

const MAX_TASKS = 5;
const MAX_EVENTS = 5;
const MAX_TARGETS = 5;

// Stryker disable next-line StringLiteral: split() always returns at least one element, so pop() never gives undefined
const shortId = (arn: string | undefined): string => (arn ?? '').split('/').pop() ?? '';
// Stryker disable next-line StringLiteral: split() always returns at least one element, so pop() never gives undefined
const revisionOf = (arn: string | undefined): string => (arn ?? '').split('/').pop() ?? '?';

export interface DiagnosisInput {
  ecs: ECSClient;
  elbv2: ElasticLoadBalancingV2Client;
  cluster: string;
  service: string;
  /** The task definition the rollout put in; stopped tasks of it are reported first. */
  taskDefinitionArn: string | undefined;
}

/** The stopped tasks of the new revision and why they stopped, newest first. */
async function stoppedTasks(d: DiagnosisInput): Promise<string[]> {
  const list = await d.ecs.send(
    new ListTasksCommand({ cluster: d.cluster, serviceName: d.service, desiredStatus: 'STOPPED' }),
  );
  const arns = (list.taskArns ?? []).slice(0, 100);
  if (!arns.length) return [];
  const out = await d.ecs.send(new DescribeTasksCommand({ cluster: d.cluster, tasks: arns }));
  const tasks = (out.tasks ?? [])
    .filter((t) => !d.taskDefinitionArn || t.taskDefinitionArn === d.taskDefinitionArn)
    .filter(
      (t) =>
        t.stopCode !== 'ServiceSchedulerInitiated' ||
        // Stryker disable next-line StringLiteral: no fallback text starts with "Scaling activity" either
        !/^Scaling activity/.test(t.stoppedReason ?? ''),
    )
    .sort((a, b) => (b.stoppedAt?.getTime() ?? 0) - (a.stoppedAt?.getTime() ?? 0))
    .slice(0, MAX_TASKS);
  return tasks.map((t) => {
    const exits = (t.containers ?? [])
      .filter((c) => c.exitCode !== undefined || c.reason)
      .map((c) => `${c.name} exit ${c.exitCode ?? '?'}${c.reason ? ` (${c.reason})` : ''}`);
    return `stopped task ${shortId(t.taskArn)} (${revisionOf(t.taskDefinitionArn)}): ${t.stoppedReason ?? 'no reason given'}${exits.length ? `; ${exits.join(', ')}` : ''}`;
  });
}

/** Targets of the service's target groups that are not healthy, with ELB's reason. */
async function unhealthyTargets(
  d: DiagnosisInput,
  loadBalancers: readonly LoadBalancer[],
): Promise<string[]> {
  const groups = new Set<string>();
  for (const lb of loadBalancers) {
    if (lb.targetGroupArn) groups.add(lb.targetGroupArn);
    if (lb.advancedConfiguration?.alternateTargetGroupArn)
      groups.add(lb.advancedConfiguration.alternateTargetGroupArn);
  }
  const lines: string[] = [];
  for (const tg of groups) {
    const out = await d.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: tg }));
    for (const t of out.TargetHealthDescriptions ?? []) {
      const state = t.TargetHealth?.State ?? '';
      if (state === 'healthy' || state === 'draining' || state === 'initial') continue;
      lines.push(
        `target ${t.Target?.Id}:${t.Target?.Port} in ${tg.split(':targetgroup/')[1]?.split('/')[0] ?? tg} is ${state}: ${t.TargetHealth?.Reason ?? ''} ${t.TargetHealth?.Description ?? ''}`.trim(),
      );
    }
  }
  return lines.slice(0, MAX_TARGETS);
}

/**
 * What a user needs to see when a rollout fails, instead of a bare timeout: the new revision's stopped
 * tasks and their reasons, unhealthy targets and ELB's reasons, and the service's last events. Each part
 * is best effort; a part that cannot be read says so.
 */
export async function diagnose(d: DiagnosisInput): Promise<string[]> {
  const lines: string[] = [];
  const part = async (what: string, read: () => Promise<string[]>): Promise<void> => {
    try {
      lines.push(...(await read()));
    } catch (err) {
      lines.push(`(could not read ${what}: ${err instanceof Error ? err.message : String(err)})`);
    }
  };
  let loadBalancers: LoadBalancer[] = [];
  let events: string[] = [];
  await part('the service', async () => {
    const out = await d.ecs.send(new DescribeServicesCommand({ cluster: d.cluster, services: [d.service] }));
    const svc = out.services?.[0];
    loadBalancers = svc?.loadBalancers ?? [];
    events = (svc?.events ?? [])
      .slice(0, MAX_EVENTS)
      .map((e) => `service event ${e.createdAt?.toISOString() ?? ''}: ${e.message ?? ''}`);
    return [];
  });
  await part('stopped tasks', () => stoppedTasks(d));
  await part('target health', () => unhealthyTargets(d, loadBalancers));
  lines.push(...events);
  return lines;
}
