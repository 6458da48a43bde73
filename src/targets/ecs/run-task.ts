import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { ECSClient, RunTaskRequest, Service, Task } from '@aws-sdk/client-ecs';
import { DescribeTasksCommand, RunTaskCommand, StopTaskCommand } from '@aws-sdk/client-ecs';
import { ActionError, isAwsError } from '../../core/errors.js';
import type { RolloutContext } from '../../rollout/context.js';
import { shortName } from './names.js';
import type { LogStream } from './task-logs.js';
import { awslogsStream, readTaskLog, streamConsoleUrl } from './task-logs.js';

/** The one-off task (a database migration) that runs the new revision once before traffic moves. */
export interface RunTaskSpec {
  /** The command that replaces the container's; undefined: the container's own. */
  command: string[] | undefined;
  /** The container whose command is replaced and whose log is printed; undefined: the first essential one. */
  container: string | undefined;
  /** Given subnets and security groups replace the service's. */
  subnets: string[] | undefined;
  securityGroups: string[] | undefined;
}

export interface RunTaskDeps {
  ecs: ECSClient;
  logs: (region: string) => CloudWatchLogsClient;
  cluster: string;
  region: string;
  timeoutMs: number;
  /** Saves the task's ARN for the post step (undefined once it stopped). */
  save: (taskArn: string | undefined) => void;
  /** A row for the job summary. */
  fact: (name: string, value: string) => void;
}

/** What a target hands over for its one-off task: its clients and the state that keeps the task's ARN. */
export interface OneOffHost {
  ecs: ECSClient;
  logs?: RunTaskDeps['logs'] | undefined;
  fact?: RunTaskDeps['fact'] | undefined;
  state: { cluster: string; region: string; migrationTaskArn?: string | undefined };
  timeoutMs: number;
}

/** RunTaskDeps for a target: the task's ARN goes into its saved state, with a checkpoint, for the post step. */
export function oneOffTaskDeps(host: OneOffHost, ctx: RolloutContext): RunTaskDeps {
  return {
    ecs: host.ecs,
    logs: (region) => {
      if (!host.logs) throw new Error('no CloudWatch Logs client');
      return host.logs(region);
    },
    cluster: host.state.cluster,
    region: host.state.region,
    timeoutMs: host.timeoutMs,
    save: (arn) => {
      host.state.migrationTaskArn = arn;
      ctx.checkpoint();
    },
    fact: (name, value) => host.fact?.(name, value),
  };
}

const STARTED_BY = 'slipway';

interface ContainerDef {
  name?: string;
  essential?: boolean;
}

/** RunTask's placement: the service's launch type or capacity providers, platform version and network. */
function placement(svc: Service, spec: RunTaskSpec, awsvpc: boolean): Partial<RunTaskRequest> {
  const vpc = svc.networkConfiguration?.awsvpcConfiguration;
  const given = spec.subnets !== undefined || spec.securityGroups !== undefined;
  if (given && !awsvpc)
    throw new ActionError(
      `run-task-subnets and run-task-security-groups apply to task definitions with networkMode awsvpc; this one is not`,
    );
  const subnets = spec.subnets ?? vpc?.subnets;
  if (awsvpc && !subnets?.length)
    throw new ActionError(
      `the one-off task needs subnets (its task definition uses awsvpc) and the service has none; set run-task-subnets`,
    );
  return {
    ...(svc.capacityProviderStrategy?.length
      ? { capacityProviderStrategy: svc.capacityProviderStrategy }
      : svc.launchType
        ? { launchType: svc.launchType }
        : {}),
    ...(svc.platformVersion ? { platformVersion: svc.platformVersion } : {}),
    ...(awsvpc
      ? {
          networkConfiguration: {
            awsvpcConfiguration: {
              ...vpc,
              subnets,
              ...(spec.securityGroups ? { securityGroups: spec.securityGroups } : {}),
            },
          },
        }
      : {}),
  };
}

/** Why the task did not succeed, or undefined: it stopped because its essential containers exited 0. */
export function judgeTask(task: Task, definition: Record<string, unknown>): string | undefined {
  const defs = (definition['containerDefinitions'] ?? []) as ContainerDef[];
  const essential = new Set(defs.filter((c) => c.essential !== false).map((c) => c.name));
  const containers = task.containers ?? [];
  const ok =
    task.stopCode === 'EssentialContainerExited' &&
    containers.filter((c) => essential.has(c.name)).every((c) => c.exitCode === 0);
  if (ok) return undefined;
  const each = containers.map(
    (c) =>
      `container ${c.name}: ${c.exitCode !== undefined ? `exit code ${c.exitCode}` : 'no exit code'}${c.reason ? ` (${c.reason})` : ''}`,
  );
  return `stop code ${task.stopCode ?? 'none'} (${task.stoppedReason ?? 'no reason given'}); ${each.join('; ')}`;
}

async function describeTask(ecs: ECSClient, cluster: string, arn: string): Promise<Task> {
  const out = await ecs.send(new DescribeTasksCommand({ cluster, tasks: [arn] }));
  const task = out.tasks?.[0];
  if (!task)
    throw new ActionError(
      `one-off task ${shortName(arn)} not found (${out.failures?.[0]?.reason ?? 'MISSING'})`,
    );
  return task;
}

function waitStopped(d: RunTaskDeps, ctx: RolloutContext, arn: string, what: string): Promise<Task> {
  return ctx.waitPlain(what, d.timeoutMs, async () => {
    const t = await describeTask(d.ecs, d.cluster, arn);
    return t.lastStatus === 'STOPPED'
      ? { done: true, value: t }
      : { done: false, status: `task ${t.lastStatus}` };
  });
}

async function printLog(d: RunTaskDeps, ctx: RolloutContext, stream: LogStream): Promise<void> {
  const read = await readTaskLog(d.logs(stream.region), stream).catch((err: unknown) => {
    // A container that never started made no stream.
    if (isAwsError(err, 'ResourceNotFoundException')) return undefined;
    throw err;
  });
  if (!read) return ctx.log(`no log stream ${stream.stream} in ${stream.group}: the container wrote nothing`);
  const { lines, leftOut } = read;
  ctx.log(`log of the one-off task (${stream.group} ${stream.stream}):`);
  if (leftOut) ctx.log(`(${leftOut} earlier lines left out; the whole log: ${streamConsoleUrl(stream)})`);
  for (const line of lines) ctx.log(`| ${line}`);
  if (!lines.length) ctx.log('(no lines)');
}

/**
 * Runs `taskDefinitionArn` once with the service's placement and network, waits for it to stop, prints its
 * log, and throws unless every essential container exited 0. Nothing of the service has changed yet.
 */
export async function runOneOffTask(
  d: RunTaskDeps,
  ctx: RolloutContext,
  spec: RunTaskSpec,
  svc: Service,
  taskDefinitionArn: string,
  definition: Record<string, unknown>,
): Promise<void> {
  const defs = (definition['containerDefinitions'] ?? []) as ContainerDef[];
  const container = spec.container ?? defs.find((c) => c.essential !== false)?.name ?? '';
  if (!defs.some((c) => c.name === container))
    throw new ActionError(
      `run-task-container ${container} is not a container of the task definition; its containers are ${defs.map((c) => c.name).join(', ')}`,
    );
  const out = await d.ecs.send(
    new RunTaskCommand({
      cluster: d.cluster,
      taskDefinition: taskDefinitionArn,
      count: 1,
      startedBy: STARTED_BY,
      ...placement(svc, spec, definition['networkMode'] === 'awsvpc'),
      ...(spec.command
        ? { overrides: { containerOverrides: [{ name: container, command: spec.command }] } }
        : {}),
    }),
  );
  const arn = out.tasks?.[0]?.taskArn;
  if (!arn) {
    const f = out.failures?.[0];
    throw new ActionError(
      `RunTask started no one-off task: ${f?.reason ?? 'no reason given'}${f?.detail ? ` (${f.detail})` : ''}`,
    );
  }
  d.save(arn);
  const stream = awslogsStream(definition, container, arn, d.region);
  if (stream) d.fact('one-off task log', `[${stream.stream}](${streamConsoleUrl(stream)})`);
  ctx.log(
    `started one-off task ${shortName(arn)}${spec.command ? ` with command ${JSON.stringify(spec.command)}` : ''} before any traffic moves`,
  );
  const task = await waitStopped(d, ctx, arn, `one-off task ${shortName(arn)} to stop`);
  d.save(undefined);
  if (stream) await printLog(d, ctx, stream);
  else
    ctx.log(
      `container ${container} does not log to CloudWatch Logs (awslogs with a stream prefix): no log to print`,
    );
  const failure = judgeTask(task, definition);
  if (failure)
    throw new ActionError(`one-off task ${shortName(arn)} failed, so no traffic moved: ${failure}`);
  ctx.log(`one-off task ${shortName(arn)} succeeded: every essential container exited 0`);
}

/** The post step's stop of a one-off task a cancel interrupted: StopTask, then wait for STOPPED. */
export async function stopOneOffTask(d: RunTaskDeps, ctx: RolloutContext, arn: string): Promise<void> {
  await d.ecs.send(
    new StopTaskCommand({ cluster: d.cluster, task: arn, reason: 'slipway: the deploy was cancelled' }),
  );
  ctx.log(`stopping one-off task ${shortName(arn)}`);
  await waitStopped(d, ctx, arn, `one-off task ${shortName(arn)} to stop`);
  d.save(undefined);
  ctx.log(`one-off task ${shortName(arn)} stopped`);
}
