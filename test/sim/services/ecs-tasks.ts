import type * as sdk from '@aws-sdk/client-ecs';
import type { SimEcsService, SimTask } from './ecs-model.js';
import { DEFAULT_BOOT_MS, PROVISION_MS, PULL_MS, STOP_MS, shortId } from './ecs-model.js';
import type { SimContainerInstance } from './ecs-placement.js';
import { freeDynamicPorts, place } from './ecs-placement.js';
import { EcsTaskDefinitions, placementNeed } from './ecs-task-definitions.js';
import type { HealthAnswer } from './elbv2.js';

/**
 * Tasks: placement on container instances, PROVISIONING → PENDING → RUNNING → DEACTIVATING → STOPPING →
 * STOPPED on the virtual clock, registration in target groups, container and ELB health as the service
 * scheduler judges it, and ListTasks / DescribeTasks.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-lifecycle-explanation.html
 */
export abstract class EcsTasks extends EcsTaskDefinitions {
  protected hasContainerHealthCheck(t: SimTask): boolean {
    return (t.td.containerDefinitions ?? []).some((c) => c.essential !== false && c.healthCheck);
  }

  protected healthCheckOf(t: SimTask): sdk.HealthCheck | undefined {
    return (t.td.containerDefinitions ?? []).find((c) => c.essential !== false && c.healthCheck)?.healthCheck;
  }

  /** The registration (id, port) of a task in a target group: instance + host port (bridge/host) or IP. */
  protected targetOf(t: SimTask, tgArn: string): { id: string; port: number } {
    const entry = this.services
      .find((s) => s.name === t.serviceName && s.clusterArn === t.clusterArn)
      ?.loadBalancers.find(
        (e) =>
          e.config.targetGroupArn === tgArn ||
          e.config.advancedConfiguration?.alternateTargetGroupArn === tgArn,
      );
    const binding =
      t.bindings.find(
        (b) =>
          b.containerName === entry?.config.containerName && b.containerPort === entry?.config.containerPort,
      ) ?? t.bindings[0];
    if (t.ip) return { id: t.ip, port: binding?.containerPort ?? 80 };
    return { id: t.instance!.ec2InstanceId, port: binding?.hostPort ?? 80 };
  }

  /** Places and starts a task; undefined (and a service event) when no container instance can take it. */
  protected launch(
    svc: SimEcsService,
    revisionArn: string,
    deploymentId: string,
    registerInto: string[],
  ): SimTask | undefined {
    const td = this.resolveTaskDefinition(this.revision(revisionArn).taskDefinitionArn);
    const c = this.cluster(svc.clusterArn);
    const need = placementNeed(td);
    const mode = td.networkMode ?? 'bridge';
    const serverless =
      svc.launchType === 'FARGATE' ||
      (svc.capacityProviderStrategy ?? []).some((p) => p.capacityProvider?.startsWith('FARGATE'));
    let instance: SimContainerInstance | undefined;
    if (!serverless) {
      const placed = place({
        instances: c.instances,
        need,
        strategy: svc.placementStrategy,
        constraints: svc.placementConstraints,
        tasksOn: (i) =>
          this.tasks.filter(
            (t) => t.instance === i && t.serviceName === svc.name && t.lastStatus !== 'STOPPED',
          ).length,
        random: () => this.account.random(),
      });
      if ('failure' in placed) {
        this.event(svc, `(service ${svc.name}) was unable to place a task because ${placed.failure}.`);
        return undefined;
      }
      instance = placed.instance;
    }
    const image = this.essentialImage(td);
    const behaviour = this.behaviours.get(image) ?? { kind: 'healthy' };
    const dynamic =
      instance && mode === 'bridge' ? (freeDynamicPorts(instance, need.dynamicPorts) ?? []) : [];
    const bindings: SimTask['bindings'] = [];
    for (const cd of td.containerDefinitions ?? [])
      for (const p of cd.portMappings ?? []) {
        const containerPort = p.containerPort ?? 0;
        const hostPort = mode === 'bridge' ? p.hostPort || dynamic.shift() || 0 : containerPort;
        bindings.push({ containerName: cd.name ?? '', containerPort, hostPort });
      }
    if (instance) {
      instance.usedCpu += need.cpu;
      instance.usedMemory += need.memory;
      if (mode !== 'awsvpc') for (const b of bindings) instance.usedPorts.add(b.hostPort);
    }
    const n = this.next();
    const task: SimTask = {
      arn: this.arn(`task/${c.name}/${this.hexId()}`),
      clusterArn: c.arn,
      serviceName: svc.name,
      revisionArn,
      deploymentId,
      td,
      behaviour,
      instance,
      ip: mode === 'awsvpc' ? `10.0.${Math.floor(n / 250) % 250}.${(n % 250) + 2}` : undefined,
      az: instance?.az ?? ['us-east-1a', 'us-east-1b', 'us-east-1c'][n % 3]!,
      bindings,
      lastStatus: 'PROVISIONING',
      desiredStatus: 'RUNNING',
      healthStatus: 'UNKNOWN',
      createdAt: this.now,
      pendingAt: this.now + PROVISION_MS,
      runningAt: this.now + PROVISION_MS + PULL_MS,
      startedAt: undefined,
      stoppingAt: undefined,
      stopAt: undefined,
      stoppedAt: undefined,
      stoppedReason: undefined,
      stopCode: undefined,
      exitCode: undefined,
      registerInto,
      targets: [],
      everHealthy: false,
      failed: false,
    };
    this.tasks.push(task);
    return task;
  }

  /** The ELB health source: whether the app of the task behind (id, port) answers at time `at`. */
  protected appHealth(id: string, port: number, at: number): HealthAnswer | undefined {
    const t = this.tasks.find(
      (x) =>
        x.targets.some((r) => r.id === id && r.port === port) &&
        (x.stoppedAt === undefined || x.stoppedAt > at) &&
        x.runningAt <= at,
    );
    if (!t) return undefined;
    const b = t.behaviour;
    const bootMs = b.kind === 'healthy' ? (b.bootMs ?? DEFAULT_BOOT_MS) : DEFAULT_BOOT_MS;
    if (b.kind === 'unhealthy') return { up: false, reason: b.reason ?? 'Target.ResponseCodeMismatch' };
    if (b.kind === 'crash' && at >= t.runningAt + b.afterMs) return undefined;
    return at >= t.runningAt + bootMs ? { up: true } : { up: false, reason: 'Target.FailedHealthChecks' };
  }

  /** Stops a task as the scheduler does: deregister, drain for the deregistration delay, then stop. */
  protected stopTask(t: SimTask, reason: string, code: sdk.TaskStopCode = 'ServiceSchedulerInitiated'): void {
    if (t.desiredStatus === 'STOPPED') return;
    t.desiredStatus = 'STOPPED';
    t.stoppedReason = reason;
    t.stopCode = code;
    t.stoppingAt = this.now;
    for (const r of t.targets)
      if (this.elbv2.targetGroup(r.tgArn)) this.elbv2.deregisterTarget(r.tgArn, r.id, r.port);
    if (t.lastStatus === 'RUNNING' && t.targets.length) t.lastStatus = 'DEACTIVATING';
    else {
      t.lastStatus = 'STOPPING';
      t.stopAt = this.now + STOP_MS;
    }
  }

  /** A task whose container exited or never started: it stops at once; its registrations drain on the ELB side. */
  protected failTask(t: SimTask, reason: string, code: sdk.TaskStopCode, exitCode?: number): void {
    t.failed = true;
    t.desiredStatus = 'STOPPED';
    t.stoppedReason = reason;
    t.stopCode = code;
    t.exitCode = exitCode;
    t.stoppingAt = this.now;
    for (const r of t.targets)
      if (this.elbv2.targetGroup(r.tgArn)) this.elbv2.deregisterTarget(r.tgArn, r.id, r.port);
    this.finishStop(t);
  }

  protected finishStop(t: SimTask): void {
    t.lastStatus = 'STOPPED';
    t.stoppedAt = this.now;
    if (t.instance) {
      const need = placementNeed(t.td);
      t.instance.usedCpu -= need.cpu;
      t.instance.usedMemory -= need.memory;
      if ((t.td.networkMode ?? 'bridge') !== 'awsvpc')
        for (const b of t.bindings) t.instance.usedPorts.delete(b.hostPort);
    }
  }

  protected containerHealthAt(t: SimTask): { status: 'HEALTHY' | 'UNHEALTHY'; at: number } | undefined {
    const hc = this.healthCheckOf(t);
    if (!hc) return undefined;
    const interval = (hc.interval ?? 30) * 1000;
    const b = t.behaviour;
    if (b.kind === 'unhealthy')
      return {
        status: 'UNHEALTHY',
        at: t.runningAt + (hc.startPeriod ?? 0) * 1000 + interval * (hc.retries ?? 3),
      };
    const bootMs = b.kind === 'healthy' ? (b.bootMs ?? DEFAULT_BOOT_MS) : DEFAULT_BOOT_MS;
    return { status: 'HEALTHY', at: t.runningAt + Math.max(bootMs, interval) };
  }

  /** Healthy as the scheduler counts it: RUNNING, container health HEALTHY if defined, healthy in every target group. */
  protected isHealthy(t: SimTask): boolean {
    if (t.lastStatus !== 'RUNNING' || t.desiredStatus !== 'RUNNING') return false;
    if (this.hasContainerHealthCheck(t) && t.healthStatus !== 'HEALTHY') return false;
    if (t.registerInto.length && t.targets.length < t.registerInto.length) return false;
    return t.targets.every((r) => this.elbv2.target(r.tgArn, r.id, r.port)?.state === 'healthy');
  }

  protected advanceTask(t: SimTask, svc: SimEcsService): void {
    const now = this.now;
    if (t.lastStatus === 'STOPPED') return;
    if (t.lastStatus === 'PROVISIONING' && now >= t.pendingAt) t.lastStatus = 'PENDING';
    if (t.lastStatus === 'PENDING' && now >= t.runningAt) {
      if (t.behaviour.kind === 'pull-error')
        return this.failTask(
          t,
          `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${this.essentialImage(t.td)}: not found`,
          'TaskFailedToStart',
        );
      t.lastStatus = 'RUNNING';
      t.startedAt = t.runningAt;
      for (const tgArn of t.registerInto) {
        const target = this.targetOf(t, tgArn);
        this.elbv2.registerTarget(tgArn, target.id, target.port, t.az);
        t.targets.push({ tgArn, ...target });
      }
      if (t.registerInto.length)
        this.event(
          svc,
          `(service ${svc.name}) registered 1 targets in (target-group ${t.registerInto.join(', ')})`,
        );
    }
    if (t.lastStatus === 'RUNNING' || t.lastStatus === 'DEACTIVATING') {
      const b = t.behaviour;
      if (b.kind === 'crash' && now >= t.runningAt + b.afterMs)
        return this.failTask(
          t,
          'Essential container in task exited',
          'EssentialContainerExited',
          b.exitCode ?? 1,
        );
      const health = this.containerHealthAt(t);
      if (health && now >= health.at) t.healthStatus = health.status;
    }
    if (
      t.lastStatus === 'DEACTIVATING' &&
      t.targets.every((r) => this.elbv2.target(r.tgArn, r.id, r.port) === undefined)
    ) {
      t.lastStatus = 'STOPPING';
      t.stopAt = now + STOP_MS;
    }
    if (t.lastStatus === 'STOPPING' && t.stopAt !== undefined && now >= t.stopAt) this.finishStop(t);
  }

  /** The scheduler stops tasks that fail container or ELB health checks. */
  protected enforceHealth(t: SimTask, svc: SimEcsService): void {
    if (t.desiredStatus !== 'RUNNING' || t.lastStatus !== 'RUNNING') return;
    if (this.isHealthy(t)) t.everHealthy = true;
    if (t.healthStatus === 'UNHEALTHY') {
      this.event(svc, `(service ${svc.name}) (task ${shortId(t.arn)}) failed container health checks.`);
      t.failed = true;
      return this.stopTask(t, 'Task failed container health checks');
    }
    if (this.now < (t.startedAt ?? 0) + svc.healthCheckGracePeriodSeconds * 1000) return;
    for (const r of t.targets) {
      const target = this.elbv2.target(r.tgArn, r.id, r.port);
      if (target?.state !== 'unhealthy') continue;
      this.event(
        svc,
        `(service ${svc.name}) (port ${r.port}) is unhealthy in (target-group ${r.tgArn}) due to (reason ${target.description}).`,
      );
      t.failed = true;
      return this.stopTask(t, `Task failed ELB health checks in (target-group ${r.tgArn})`);
    }
  }

  // ---- API: tasks ----

  protected taskOut(t: SimTask): sdk.Task {
    const d = (n: number | undefined) => (n !== undefined ? new Date(n) : undefined);
    const essential = t.td.containerDefinitions?.find((c) => c.essential !== false)?.name;
    return {
      taskArn: t.arn,
      clusterArn: t.clusterArn,
      taskDefinitionArn: t.td.taskDefinitionArn,
      ...(t.instance ? { containerInstanceArn: t.instance.arn } : {}),
      lastStatus: t.lastStatus,
      desiredStatus: t.desiredStatus,
      healthStatus: t.healthStatus,
      launchType: t.instance ? 'EC2' : 'FARGATE',
      group: `service:${t.serviceName}`,
      startedBy: t.deploymentId,
      availabilityZone: t.az,
      createdAt: new Date(t.createdAt),
      ...(t.startedAt !== undefined ? { startedAt: d(t.startedAt) } : {}),
      ...(t.stoppingAt !== undefined ? { stoppingAt: d(t.stoppingAt) } : {}),
      ...(t.stoppedAt !== undefined ? { stoppedAt: d(t.stoppedAt) } : {}),
      ...(t.stoppedReason ? { stoppedReason: t.stoppedReason } : {}),
      ...(t.stopCode ? { stopCode: t.stopCode } : {}),
      containers: (t.td.containerDefinitions ?? []).map((c) => ({
        containerArn: `${t.arn.replace(':task/', ':container/')}/${c.name}`,
        taskArn: t.arn,
        name: c.name,
        image: c.image,
        lastStatus:
          t.lastStatus === 'STOPPED'
            ? 'STOPPED'
            : t.lastStatus === 'RUNNING' || t.lastStatus === 'DEACTIVATING'
              ? 'RUNNING'
              : 'PENDING',
        ...(c.name === essential && t.exitCode !== undefined ? { exitCode: t.exitCode } : {}),
        ...(c.healthCheck ? { healthStatus: t.healthStatus } : {}),
        networkBindings: t.ip
          ? []
          : t.bindings
              .filter((b) => b.containerName === c.name)
              .map((b) => ({
                bindIP: '0.0.0.0',
                containerPort: b.containerPort,
                hostPort: b.hostPort,
                protocol: 'tcp',
              })),
        ...(t.ip
          ? { networkInterfaces: [{ attachmentId: t.arn.split('/').pop(), privateIpv4Address: t.ip }] }
          : {}),
      })),
    };
  }

  ListTasks(input: sdk.ListTasksRequest): sdk.ListTasksResponse {
    const c = this.cluster(input.cluster);
    const desired = input.desiredStatus ?? 'RUNNING';
    const arns = this.tasks
      .filter(
        (t) =>
          t.clusterArn === c.arn &&
          (!input.serviceName || t.serviceName === input.serviceName.split('/').pop()) &&
          (!input.startedBy || t.deploymentId === input.startedBy) &&
          (!input.family || t.td.family === input.family) &&
          t.desiredStatus === desired,
      )
      .map((t) => t.arn)
      .reverse();
    const max = input.maxResults ?? 100;
    const start = input.nextToken ? Number(input.nextToken) : 0;
    return {
      taskArns: arns.slice(start, start + max),
      ...(start + max < arns.length ? { nextToken: String(start + max) } : {}),
    };
  }

  DescribeTasks(input: sdk.DescribeTasksRequest): sdk.DescribeTasksResponse {
    const c = this.cluster(input.cluster);
    const refs = input.tasks ?? [];
    if (refs.length === 0 || refs.length > 100)
      throw this.error('InvalidParameterException', 'tasks must contain between 1 and 100 items.', 400);
    const tasks: sdk.Task[] = [];
    const failures: sdk.Failure[] = [];
    for (const ref of refs) {
      const t = this.tasks.find((x) => x.clusterArn === c.arn && (x.arn === ref || shortId(x.arn) === ref));
      if (t) tasks.push(this.taskOut(t));
      else failures.push({ arn: ref, reason: 'MISSING' });
    }
    return { tasks, failures };
  }
}
