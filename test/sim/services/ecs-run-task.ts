import type * as sdk from '@aws-sdk/client-ecs';
import type { SimEcsService, SimTask } from './ecs-model.js';
import { shortId, STOP_MS } from './ecs-model.js';
import { EcsSim } from './ecs.js';
import type { LogsSim } from './logs.js';

/** How a one-off task's essential container behaves once it runs (scenario script). */
export interface OneOffScript {
  /** How long the command runs before it exits (default 30 s). */
  runMs?: number;
  /** Its exit code (default 0). */
  exitCode?: number;
  /** The lines it writes to its log, spread evenly over its run. */
  lines?: string[];
}

interface OneOff {
  task: SimTask;
  script: Required<OneOffScript>;
  startedBy: string | undefined;
  group: string | undefined;
  launchType: sdk.LaunchType;
  overrides: sdk.TaskOverride | undefined;
  networkConfiguration: sdk.NetworkConfiguration | undefined;
  /** The awslogs destination of the essential container, if it has one. */
  log: { region: string; group: string; stream: string } | undefined;
  written: number;
  containerReason: string | undefined;
}

const DEFAULT_SCRIPT: Required<OneOffScript> = { runMs: 30_000, exitCode: 0, lines: [] };

/**
 * One-off (standalone) tasks: RunTask, StopTask, and their containers' exit codes and awslogs streams. The
 * task goes PROVISIONING → PENDING → RUNNING as service tasks do (ecs-tasks.ts); its essential container runs
 * its scripted command, writes its lines and exits; "If an essential container exits, the task stops"
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_essential)
 * with stopCode EssentialContainerExited and the container's exitCode
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Task.html,
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Container.html).
 */
export class EcsRunTaskSim extends EcsSim {
  private readonly oneOffs = new Map<string, OneOff>();
  private readonly scripts: Array<Required<OneOffScript>> = [];
  private logs: LogsSim | undefined;

  // ---- set-up and reads (not API calls) ----

  /** Where the awslogs driver writes (absent: tasks whose containers log to awslogs fail to start). */
  useLogs(logs: LogsSim): void {
    this.logs = logs;
  }

  /** Scripts the next RunTask's task; without a script a task runs 30 s and exits 0. */
  scriptOneOffTask(script: OneOffScript): void {
    this.scripts.push({ ...DEFAULT_SCRIPT, ...script });
  }

  /** The one-off tasks started, in order, as the scenario checks them. */
  oneOffTasks(): Array<{
    arn: string;
    taskDefinitionArn: string;
    lastStatus: string;
    stopCode: string | undefined;
    overrides: sdk.TaskOverride | undefined;
    launchType: sdk.LaunchType;
    networkConfiguration: sdk.NetworkConfiguration | undefined;
    logStream: string | undefined;
  }> {
    return [...this.oneOffs.values()].map((o) => ({
      arn: o.task.arn,
      taskDefinitionArn: o.task.td.taskDefinitionArn!,
      lastStatus: o.task.lastStatus,
      stopCode: o.task.stopCode,
      overrides: o.overrides,
      launchType: o.launchType,
      networkConfiguration: o.networkConfiguration,
      logStream: o.log?.stream,
    }));
  }

  override orphans(): string[] {
    const out = super.orphans();
    for (const o of this.oneOffs.values())
      if (o.task.lastStatus !== 'STOPPED')
        out.push(`one-off task ${shortId(o.task.arn)} is still ${o.task.lastStatus}`);
    return out;
  }

  // ---- the task's life on the virtual clock ----

  override tick(now: number): void {
    super.tick(now);
    for (const o of this.oneOffs.values()) this.advanceOneOff(o);
  }

  private advanceOneOff(o: OneOff): void {
    const t = o.task;
    const now = this.now;
    if (t.lastStatus === 'STOPPED') return;
    if (t.lastStatus === 'PROVISIONING' && now >= t.pendingAt) t.lastStatus = 'PENDING';
    if (t.lastStatus === 'PENDING' && now >= t.runningAt && t.desiredStatus === 'RUNNING') {
      if (t.behaviour.kind === 'pull-error') {
        o.containerReason = `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${this.essentialImage(t.td)}: not found`;
        return this.failTask(t, o.containerReason, 'TaskFailedToStart');
      }
      // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html: without
      // awslogs-create-group the log group must exist, or the task fails to start.
      if (o.log && !this.logs?.hasLogGroup(o.log.group, o.log.region)) {
        o.containerReason = `ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not exist.`;
        return this.failTask(t, o.containerReason, 'TaskFailedToStart');
      }
      t.lastStatus = 'RUNNING';
      t.startedAt = t.runningAt;
      // The driver creates the container's stream as it starts, before any line.
      if (o.log) this.logs?.write(o.log.region, o.log.group, o.log.stream, []);
    }
    if (t.lastStatus === 'RUNNING' || t.lastStatus === 'STOPPING') this.writeLines(o);
    if (t.lastStatus === 'RUNNING' && now >= t.runningAt + o.script.runMs) {
      this.writeLines(o, true);
      return this.failTask(
        t,
        'Essential container in task exited',
        'EssentialContainerExited',
        o.script.exitCode,
      );
    }
    if (t.lastStatus === 'STOPPING' && t.stopAt !== undefined && now >= t.stopAt) this.finishStop(t);
  }

  /** The lines whose time has come (all of them when the command ends), into `<prefix>/<container>/<task id>`. */
  private writeLines(o: OneOff, all = false): void {
    const { lines, runMs } = o.script;
    const t = o.task;
    const due = all
      ? lines.length
      : lines.filter((_, i) => t.runningAt + ((i + 1) * runMs) / (lines.length + 1) <= this.now).length;
    if (!o.log || !this.logs || due <= o.written) return;
    this.logs.write(
      o.log.region,
      o.log.group,
      o.log.stream,
      lines.slice(o.written, due).map((message, k) => ({
        timestamp: Math.round(t.runningAt + ((o.written + k + 1) * runMs) / (lines.length + 1)),
        message,
      })),
    );
    o.written = due;
  }

  // ---- API ----

  protected override taskOut(t: SimTask): sdk.Task {
    const out = super.taskOut(t);
    const o = this.oneOffs.get(t.arn);
    if (!o) return out;
    // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Task.html: group is "family:<name>" for a
    // standalone task unless RunTask gave one; startedBy is what RunTask gave.
    const { startedBy: _serviceDeployment, ...rest } = out;
    return {
      ...rest,
      group: o.group ?? `family:${t.td.family}`,
      ...(o.startedBy ? { startedBy: o.startedBy } : {}),
      launchType: o.launchType,
      ...(o.overrides ? { overrides: structuredClone(o.overrides) } : {}),
      containers: (out.containers ?? []).map((c) =>
        c.exitCode === undefined && o.containerReason && c.name === this.essentialName(t)
          ? { ...c, reason: o.containerReason }
          : c,
      ),
    };
  }

  private essentialName(t: SimTask): string | undefined {
    return t.td.containerDefinitions?.find((c) => c.essential !== false)?.name;
  }

  /**
   * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html: launchType and
   * capacityProviderStrategy exclude each other; count is 1 to 10; awsvpc task definitions need a
   * networkConfiguration, and other network modes refuse one; container overrides must name containers of the
   * task definition; FARGATE needs a task definition compatible with it.
   */
  RunTask(input: sdk.RunTaskRequest): sdk.RunTaskResponse {
    const c = this.cluster(input.cluster);
    if (!input.taskDefinition)
      throw this.error('InvalidParameterException', 'taskDefinition is required.', 400);
    const td = this.resolveTaskDefinition(input.taskDefinition);
    // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeregisterTaskDefinition.html: an INACTIVE
    // revision cannot run new tasks.
    if (td.status !== 'ACTIVE') throw this.error('ClientException', 'TaskDefinition is inactive', 400);
    if (input.launchType && input.capacityProviderStrategy?.length)
      throw this.error(
        'InvalidParameterException',
        'Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.',
        400,
      );
    const count = input.count ?? 1;
    if (count < 1 || count > 10)
      throw this.error('InvalidParameterException', 'count must be between 1 and 10.', 400);
    if (count !== 1) throw new Error('the simulator runs one one-off task per RunTask');
    const awsvpc = td.networkMode === 'awsvpc';
    const vpc = input.networkConfiguration?.awsvpcConfiguration;
    if (awsvpc && !vpc?.subnets?.length)
      throw this.error(
        'InvalidParameterException',
        "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
        400,
      );
    if (!awsvpc && input.networkConfiguration)
      throw this.error(
        'InvalidParameterException',
        'Network Configuration is not valid for the given networkMode of this task definition.',
        400,
      );
    const names = (td.containerDefinitions ?? []).map((x) => x.name);
    for (const o of input.overrides?.containerOverrides ?? [])
      if (!names.includes(o.name))
        throw this.error(
          'InvalidParameterException',
          `Override for container named ${o.name} is not a container in the TaskDefinition.`,
          400,
        );
    const fargate =
      input.launchType === 'FARGATE' ||
      (input.capacityProviderStrategy ?? []).some((p) => p.capacityProvider?.startsWith('FARGATE'));
    if (fargate && !(td.requiresCompatibilities ?? td.compatibilities ?? []).includes('FARGATE'))
      throw this.error(
        'InvalidParameterException',
        'Task definition does not support launch_type FARGATE.',
        400,
      );
    const launchType: sdk.LaunchType = fargate ? 'FARGATE' : (input.launchType ?? 'EC2');
    // launch() places a task for a service; a standalone task is placed the same way, for no service.
    const standalone = {
      name: '',
      clusterArn: c.arn,
      launchType,
      capacityProviderStrategy: undefined,
      placementStrategy: input.placementStrategy ?? [],
      placementConstraints: input.placementConstraints ?? [],
      events: [],
    } as unknown as SimEcsService;
    const revision = this.newRevision(c.name, 'standalone', td.taskDefinitionArn!);
    // The task's startedBy is kept where service tasks keep their deployment id, so ListTasks filters on it.
    const task = this.launch(standalone, revision.arn, input.startedBy ?? '', []);
    if (!task) return { tasks: [], failures: [{ reason: 'RESOURCE:MEMORY' }] };
    const essential = (td.containerDefinitions ?? []).find((x) => x.essential !== false);
    const opts =
      essential?.logConfiguration?.logDriver === 'awslogs' ? essential.logConfiguration.options : undefined;
    this.oneOffs.set(task.arn, {
      task,
      script: this.scripts.shift() ?? DEFAULT_SCRIPT,
      startedBy: input.startedBy,
      group: input.group,
      launchType,
      overrides: input.overrides,
      networkConfiguration: input.networkConfiguration,
      // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html: the stream is
      // prefix-name/container-name/ecs-task-id.
      log:
        opts?.['awslogs-group'] && opts['awslogs-stream-prefix']
          ? {
              region: opts['awslogs-region'] ?? 'us-east-1',
              group: opts['awslogs-group'],
              stream: `${opts['awslogs-stream-prefix']}/${essential!.name}/${shortId(task.arn)}`,
            }
          : undefined,
      written: 0,
      containerReason: undefined,
    });
    return { tasks: [this.taskOut(task)], failures: [] };
  }

  /**
   * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_StopTask.html: the task's containers get
   * SIGTERM, then SIGKILL after the stop timeout; stopCode UserInitiated with the given reason. A task already
   * stopped is returned as it is.
   */
  StopTask(input: sdk.StopTaskRequest): sdk.StopTaskResponse {
    const c = this.cluster(input.cluster);
    const t = this.tasks.find(
      (x) => x.clusterArn === c.arn && (x.arn === input.task || shortId(x.arn) === input.task),
    );
    if (!t) throw this.error('InvalidParameterException', 'The referenced task was not found.', 400);
    if ((input.reason ?? '').length > 255)
      throw this.error('InvalidParameterException', 'reason must be at most 255 characters.', 400);
    if (t.desiredStatus !== 'STOPPED') {
      this.stopTask(t, input.reason || 'Task stopped by user', 'UserInitiated');
      if (t.lastStatus === 'STOPPING' && t.stopAt === undefined) t.stopAt = this.now + STOP_MS;
    }
    return { task: this.taskOut(t) };
  }
}
