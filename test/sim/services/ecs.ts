import * as sdk from '@aws-sdk/client-ecs';
import type { SimAccount } from '../account.js';
import { SimService } from '../account.js';
import type { CloudWatchSim } from './cloudwatch.js';
import type { SimContainerInstance } from './ecs-placement.js';
import { freeDynamicPorts, place } from './ecs-placement.js';
import { invalidTaskDefinition, placementNeed, registeredTaskDefinition } from './ecs-task-definitions.js';
import type { Elbv2Sim, HealthAnswer } from './elbv2.js';

/** How a container image behaves once it runs; scenarios script it per image. */
export type ImageBehaviour =
  /** Answers health checks once booted. */
  | { kind: 'healthy'; bootMs?: number }
  /** Runs, but never answers health checks correctly. */
  | { kind: 'unhealthy'; reason?: HealthAnswer['reason'] }
  /** Exits `afterMs` after it starts. */
  | { kind: 'crash'; afterMs: number; exitCode?: number }
  /** The image cannot be pulled. */
  | { kind: 'pull-error' };

// The API reference documents PRE_PRODUCTION_TRAFFIC_SHIFT as a lifecycle stage; the SDK's enum lacks it.
type Stage = sdk.ServiceDeploymentLifecycleStage | 'PRE_PRODUCTION_TRAFFIC_SHIFT';
type SdStatus = sdk.ServiceDeploymentStatus;

interface SimTask {
  arn: string;
  clusterArn: string;
  serviceName: string;
  revisionArn: string;
  deploymentId: string;
  td: sdk.TaskDefinition;
  behaviour: ImageBehaviour;
  instance: SimContainerInstance | undefined;
  ip: string | undefined;
  az: string;
  bindings: Array<{ containerName: string; containerPort: number; hostPort: number }>;
  lastStatus: 'PROVISIONING' | 'PENDING' | 'RUNNING' | 'DEACTIVATING' | 'STOPPING' | 'STOPPED';
  desiredStatus: 'RUNNING' | 'STOPPED';
  healthStatus: 'UNKNOWN' | 'HEALTHY' | 'UNHEALTHY';
  createdAt: number;
  pendingAt: number;
  runningAt: number;
  startedAt: number | undefined;
  stoppingAt: number | undefined;
  stopAt: number | undefined;
  stoppedAt: number | undefined;
  stoppedReason: string | undefined;
  stopCode: sdk.TaskStopCode | undefined;
  exitCode: number | undefined;
  /** The target groups the task registers in once RUNNING, and what it registered. */
  registerInto: string[];
  targets: Array<{ tgArn: string; id: string; port: number }>;
  everHealthy: boolean;
  /** Stopped because it failed (to start, a health check, or its container exited): what the circuit breaker counts. */
  failed: boolean;
}

interface Revision {
  arn: string;
  taskDefinitionArn: string;
  createdAt: number;
}

interface DeploymentRecord {
  id: string;
  status: 'PRIMARY' | 'ACTIVE' | 'INACTIVE';
  revisionArn: string;
  createdAt: number;
  updatedAt: number;
  rolloutState: sdk.DeploymentRolloutState;
  rolloutStateReason: string;
  failedTasks: number;
}

interface LbEntry {
  config: sdk.LoadBalancer;
  /** Which of the entry's two target groups serves production now (blue/green swaps them). */
  serving: string;
}

interface SimServiceDeployment {
  arn: string;
  serviceName: string;
  clusterArn: string;
  createdAt: number;
  startedAt: number | undefined;
  finishedAt: number | undefined;
  stoppedAt: number | undefined;
  updatedAt: number;
  sourceRevisionArn: string;
  targetRevisionArn: string;
  deploymentId: string;
  config: sdk.DeploymentConfiguration;
  strategy: sdk.DeploymentStrategy;
  status: SdStatus;
  statusReason: string | undefined;
  stage: Stage | undefined;
  stageSince: number;
  hooks: Array<sdk.DeploymentLifecycleHookDetail & { stage: Stage }>;
  rollback: sdk.Rollback | undefined;
  cbFailures: number;
  cbStatus: sdk.ServiceDeploymentRollbackMonitorsStatus;
  alarmStatus: sdk.ServiceDeploymentRollbackMonitorsStatus;
  triggeredAlarms: string[];
  /** Native strategies: the production traffic share of the target revision, and of test traffic. */
  productionWeight: number;
  testWeight: number;
  step: number;
}

interface SimEcsService {
  arn: string;
  name: string;
  clusterArn: string;
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  desiredCount: number;
  launchType: sdk.LaunchType | undefined;
  capacityProviderStrategy: sdk.CapacityProviderStrategyItem[] | undefined;
  placementStrategy: sdk.PlacementStrategy[];
  placementConstraints: sdk.PlacementConstraint[];
  networkConfiguration: sdk.NetworkConfiguration | undefined;
  loadBalancers: LbEntry[];
  deploymentConfiguration: sdk.DeploymentConfiguration;
  healthCheckGracePeriodSeconds: number;
  createdAt: number;
  events: sdk.ServiceEvent[];
  revisionArn: string;
  /** The revision the last successful deployment put in place: where a rollback goes. */
  lastCompletedRevisionArn: string;
  deployments: DeploymentRecord[];
  serviceDeployments: SimServiceDeployment[];
  /** PAUSE hooks the service had at set-up, so that a hook an action forgot to remove shows as an orphan. */
  setupPauseHooks: number;
  /** A failed deployment without rollback stops launching tasks until the next deployment. */
  halted: boolean;
}

/** How long a task takes from PROVISIONING to PENDING, and from PENDING (image pull) to RUNNING. */
export const PROVISION_MS = 5_000;
export const PULL_MS = 10_000;
export const DEFAULT_BOOT_MS = 5_000;
/** How long a task spends in STOPPING after its connections drained. */
export const STOP_MS = 2_000;
/** The least time a service deployment spends in a lifecycle stage. */
export const STAGE_MS = 5_000;
// Stopped tasks stay visible to DescribeTasks and ListTasks for at least an hour.
const STOPPED_VISIBLE_MS = 60 * 60_000;

const ACTIVE_SD: readonly SdStatus[] = [
  'PENDING',
  'IN_PROGRESS',
  'ROLLBACK_REQUESTED',
  'ROLLBACK_IN_PROGRESS',
  'STOP_REQUESTED',
];
const NATIVE: readonly string[] = ['BLUE_GREEN', 'CANARY', 'LINEAR'];
const DEFAULT_CONFIG: sdk.DeploymentConfiguration = {
  deploymentCircuitBreaker: { enable: false, rollback: false },
  maximumPercent: 200,
  minimumHealthyPercent: 100,
  strategy: 'ROLLING',
};

const shortId = (arn: string): string => arn.split('/').pop() ?? arn;
const minutes = (m: number | undefined, fallback: number): number => (m ?? fallback) * 60_000;

/**
 * Amazon ECS as its API reference documents it: clusters with EC2 container instances, task definitions,
 * services whose deployments (ListServiceDeployments / DescribeServiceDeployments) move through the
 * documented statuses and lifecycle stages on the virtual clock, tasks placed by the placement strategies
 * and registered in ELBv2 target groups, the deployment circuit breaker, alarm rollback, native
 * BLUE_GREEN / CANARY / LINEAR traffic shifting on the listener rules, PAUSE lifecycle hooks and
 * StopServiceDeployment.
 */
export class EcsSim extends SimService {
  readonly clientName = 'ECSClient';
  readonly iamPrefix = 'ecs';
  readonly sdk = sdk as unknown as Record<string, unknown>;
  readonly throttle = { name: 'ThrottlingException', status: 400 };
  private readonly clusters = new Map<
    string,
    { arn: string; name: string; instances: SimContainerInstance[] }
  >();
  private readonly taskDefinitions = new Map<string, sdk.TaskDefinition[]>();
  private readonly services: SimEcsService[] = [];
  private readonly tasks: SimTask[] = [];
  private readonly revisions = new Map<string, Revision>();
  private readonly behaviours = new Map<string, ImageBehaviour>();
  private seq = 0;

  constructor(
    account: SimAccount,
    private readonly elbv2: Elbv2Sim,
  ) {
    super(account);
    elbv2.addHealthSource((id, port, at) => this.appHealth(id, port, at));
  }

  private next(): number {
    return ++this.seq;
  }

  private arn(resource: string): string {
    return `arn:aws:ecs:us-east-1:${this.account.accountId}:${resource}`;
  }

  private hexId(width = 32): string {
    let s = '';
    while (s.length < width) s += Math.floor(this.account.random() * 16).toString(16);
    return s;
  }

  private uuid(): string {
    const h = this.hexId(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  /** A Deployment id as ECS writes them: ecs-svc/ and 19 digits. */
  private deploymentId(): string {
    let digits = '';
    while (digits.length < 19) digits += Math.floor(this.account.random() * 10);
    return `ecs-svc/${digits}`;
  }

  // ---- set-up (not API calls) ----

  /** Scripts how containers of an image behave (the default: healthy). */
  behave(image: string, behaviour: ImageBehaviour): void {
    this.behaviours.set(image, behaviour);
  }

  createCluster(name: string): string {
    const arn = this.arn(`cluster/${name}`);
    this.clusters.set(name, { arn, name, instances: [] });
    return arn;
  }

  addContainerInstance(
    cluster: string,
    options: { cpu?: number; memory?: number; az?: string } = {},
  ): SimContainerInstance {
    const c = this.cluster(cluster);
    const n = this.next();
    const instance: SimContainerInstance = {
      arn: this.arn(`container-instance/${c.name}/${this.hexId()}`),
      clusterArn: c.arn,
      ec2InstanceId: `i-0${n.toString(16).padStart(16, '0')}`,
      az: options.az ?? ['us-east-1a', 'us-east-1b', 'us-east-1c'][c.instances.length % 3]!,
      cpu: options.cpu ?? 2048,
      memory: options.memory ?? 4096,
      usedCpu: 0,
      usedMemory: 0,
      usedPorts: new Set([22, 2375, 2376, 51678, 51679]),
      status: 'ACTIVE',
      registeredAt: this.now,
    };
    c.instances.push(instance);
    return instance;
  }

  registerTaskDefinition(input: sdk.RegisterTaskDefinitionRequest): sdk.TaskDefinition {
    return this.RegisterTaskDefinition(input).taskDefinition!;
  }

  /** Creates a service whose tasks have been running and healthy for a while (scenario set-up). */
  createService(options: {
    cluster: string;
    name: string;
    taskDefinition: string;
    desiredCount: number;
    launchType?: sdk.LaunchType;
    capacityProviderStrategy?: sdk.CapacityProviderStrategyItem[];
    placementStrategy?: sdk.PlacementStrategy[];
    placementConstraints?: sdk.PlacementConstraint[];
    networkConfiguration?: sdk.NetworkConfiguration;
    loadBalancers?: sdk.LoadBalancer[];
    deploymentConfiguration?: sdk.DeploymentConfiguration;
    healthCheckGracePeriodSeconds?: number;
  }): SimEcsService {
    const c = this.cluster(options.cluster);
    const td = this.resolveTaskDefinition(options.taskDefinition);
    const revision = this.newRevision(c.name, options.name, td.taskDefinitionArn!);
    const deploymentId = this.deploymentId();
    const svc: SimEcsService = {
      arn: this.arn(`service/${c.name}/${options.name}`),
      name: options.name,
      clusterArn: c.arn,
      status: 'ACTIVE',
      desiredCount: options.desiredCount,
      launchType: options.capacityProviderStrategy ? undefined : (options.launchType ?? 'EC2'),
      capacityProviderStrategy: options.capacityProviderStrategy,
      placementStrategy: options.placementStrategy ?? [],
      placementConstraints: options.placementConstraints ?? [],
      networkConfiguration: options.networkConfiguration,
      loadBalancers: (options.loadBalancers ?? []).map((config) => ({
        config,
        serving: config.targetGroupArn ?? '',
      })),
      deploymentConfiguration: { ...DEFAULT_CONFIG, ...options.deploymentConfiguration },
      healthCheckGracePeriodSeconds: options.healthCheckGracePeriodSeconds ?? 0,
      createdAt: this.now,
      events: [],
      revisionArn: revision.arn,
      lastCompletedRevisionArn: revision.arn,
      deployments: [
        {
          id: deploymentId,
          status: 'PRIMARY',
          revisionArn: revision.arn,
          createdAt: this.now,
          updatedAt: this.now,
          rolloutState: 'COMPLETED',
          rolloutStateReason: 'ECS deployment ' + deploymentId + ' completed.',
          failedTasks: 0,
        },
      ],
      serviceDeployments: [],
      setupPauseHooks: 0,
      halted: false,
    };
    svc.setupPauseHooks = this.pauseHookCount(svc);
    this.services.push(svc);
    for (let i = 0; i < svc.desiredCount; i++) {
      const task = this.launch(svc, revision.arn, deploymentId, this.servingTgs(svc));
      if (!task) throw new Error(`set-up: cannot place task ${i + 1} of ${svc.name}`);
      // Backdate it: it has been up long enough to be healthy everywhere.
      Object.assign(task, {
        createdAt: this.now - 600_000,
        pendingAt: this.now - 595_000,
        runningAt: this.now - 585_000,
        startedAt: this.now - 585_000,
        lastStatus: 'RUNNING',
        healthStatus: this.hasContainerHealthCheck(task) ? 'HEALTHY' : 'UNKNOWN',
        everHealthy: true,
      });
      for (const tgArn of task.registerInto) {
        const target = this.targetOf(task, tgArn);
        this.elbv2.seedHealthyTarget(tgArn, target.id, target.port);
        task.targets.push({ tgArn, ...target });
      }
    }
    this.event(svc, `(service ${svc.name}) has reached a steady state.`);
    return svc;
  }

  // ---- reads for scenarios and invariants ----

  service(cluster: string, name: string): SimEcsService {
    const c = this.cluster(cluster);
    const svc = this.services.find(
      (s) => s.clusterArn === c.arn && s.name === name && s.status !== 'INACTIVE',
    );
    if (!svc) throw this.error('ServiceNotFoundException', 'Service not found.', 400);
    return svc;
  }

  taskDefinitionOf(svc: SimEcsService): sdk.TaskDefinition {
    return this.resolveTaskDefinition(this.revision(svc.revisionArn).taskDefinitionArn);
  }

  /** Tasks the service wants running (desiredStatus RUNNING), with their task definition and host. */
  runningTasks(svc: SimEcsService): Array<{
    taskDefinitionArn: string;
    image: string;
    ec2InstanceId: string | undefined;
    hostPorts: number[];
    lastStatus: string;
  }> {
    return this.tasks
      .filter(
        (t) => t.serviceName === svc.name && t.clusterArn === svc.clusterArn && t.desiredStatus === 'RUNNING',
      )
      .map((t) => ({
        taskDefinitionArn: t.td.taskDefinitionArn!,
        image: this.essentialImage(t.td),
        ec2InstanceId: t.instance?.ec2InstanceId,
        hostPorts: t.bindings.map((b) => b.hostPort),
        lastStatus: t.lastStatus,
      }));
  }

  revisionCount(family: string): number {
    return this.taskDefinitions.get(family)?.length ?? 0;
  }

  serviceDeployment(arn: string): SimServiceDeployment | undefined {
    return this.services.flatMap((s) => s.serviceDeployments).find((d) => d.arn === arn);
  }

  /** Left behind at the end of a scenario: deployments still running, stray tasks or registrations, hooks. */
  override orphans(): string[] {
    const out: string[] = [];
    for (const svc of this.services) {
      const active = svc.serviceDeployments.filter((d) => ACTIVE_SD.includes(d.status));
      for (const d of active)
        out.push(`service deployment ${shortId(d.arn)} of ${svc.name} is still ${d.status}`);
      if (active.length) continue;
      for (const t of this.tasks)
        if (t.serviceName === svc.name && t.desiredStatus === 'RUNNING' && t.revisionArn !== svc.revisionArn)
          out.push(
            `task ${shortId(t.arn)} of ${svc.name} runs revision ${shortId(t.revisionArn)}, not the service's`,
          );
      for (const e of svc.loadBalancers)
        for (const tgArn of [
          e.config.targetGroupArn,
          e.config.advancedConfiguration?.alternateTargetGroupArn,
        ])
          if (tgArn)
            for (const target of this.elbv2.targetGroup(tgArn)?.targets.values() ?? [])
              if (
                target.drainUntil === undefined &&
                !this.tasks.some(
                  (t) =>
                    t.desiredStatus === 'RUNNING' &&
                    t.targets.some((r) => r.tgArn === tgArn && r.id === target.id && r.port === target.port),
                )
              )
                out.push(
                  `target ${target.id}:${target.port} in ${this.elbv2.nameOf(tgArn)} belongs to no running task`,
                );
      if (this.pauseHookCount(svc) > svc.setupPauseHooks)
        out.push(`service ${svc.name} still has a PAUSE lifecycle hook that set-up did not give it`);
    }
    return out;
  }

  private pauseHookCount(svc: SimEcsService): number {
    return (svc.deploymentConfiguration.lifecycleHooks ?? []).filter((h) => h.targetType === 'PAUSE').length;
  }

  // ---- lookups ----

  private cluster(nameOrArn: string | undefined): {
    arn: string;
    name: string;
    instances: SimContainerInstance[];
  } {
    const name = (nameOrArn ?? 'default').replace(/^arn:aws:ecs:[^:]+:\d+:cluster\//, '');
    const c = this.clusters.get(name);
    if (!c) throw this.error('ClusterNotFoundException', 'Cluster not found.', 400);
    return c;
  }

  private findService(cluster: string | undefined, nameOrArn: string | undefined): SimEcsService {
    const name = (nameOrArn ?? '').split('/').pop() ?? '';
    return this.service(cluster ?? 'default', name);
  }

  private resolveTaskDefinition(ref: string): sdk.TaskDefinition {
    const m = /^(?:arn:aws:ecs:[^:]+:\d+:task-definition\/)?([A-Za-z0-9_-]+)(?::(\d+))?$/.exec(ref);
    const revisions = m ? this.taskDefinitions.get(m[1]!) : undefined;
    const td = m?.[2]
      ? revisions?.find((r) => r.revision === Number(m[2]))
      : revisions?.filter((r) => r.status === 'ACTIVE').at(-1);
    if (!td) throw this.error('ClientException', 'Unable to describe task definition.', 400);
    return td;
  }

  private revision(arn: string): Revision {
    return this.revisions.get(arn)!;
  }

  private newRevision(cluster: string, service: string, taskDefinitionArn: string): Revision {
    const r: Revision = {
      arn: this.arn(
        `service-revision/${cluster}/${service}/${this.next()}${this.hexId(12).replace(/\D/g, '3')}`,
      ),
      taskDefinitionArn,
      createdAt: this.now,
    };
    this.revisions.set(r.arn, r);
    return r;
  }

  private essentialImage(td: sdk.TaskDefinition): string {
    const c = td.containerDefinitions?.find((x) => x.essential !== false) ?? td.containerDefinitions?.[0];
    return c?.image ?? '';
  }

  private event(svc: SimEcsService, message: string): void {
    svc.events.unshift({ id: this.uuid(), createdAt: new Date(this.now), message });
    if (svc.events.length > 100) svc.events.length = 100;
  }

  private servingTgs(svc: SimEcsService): string[] {
    return svc.loadBalancers.map((e) => e.serving).filter((a) => a !== '');
  }

  private otherTgs(svc: SimEcsService): string[] {
    return svc.loadBalancers.map((e) => {
      const alt = e.config.advancedConfiguration?.alternateTargetGroupArn ?? '';
      return e.serving === alt ? (e.config.targetGroupArn ?? '') : alt;
    });
  }

  // ---- tasks ----

  private hasContainerHealthCheck(t: SimTask): boolean {
    return (t.td.containerDefinitions ?? []).some((c) => c.essential !== false && c.healthCheck);
  }

  private healthCheckOf(t: SimTask): sdk.HealthCheck | undefined {
    return (t.td.containerDefinitions ?? []).find((c) => c.essential !== false && c.healthCheck)?.healthCheck;
  }

  /** The registration (id, port) of a task in a target group: instance + host port (bridge/host) or IP. */
  private targetOf(t: SimTask, tgArn: string): { id: string; port: number } {
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
  private launch(
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
  private appHealth(id: string, port: number, at: number): HealthAnswer | undefined {
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
  private stopTask(t: SimTask, reason: string, code: sdk.TaskStopCode = 'ServiceSchedulerInitiated'): void {
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
  private failTask(t: SimTask, reason: string, code: sdk.TaskStopCode, exitCode?: number): void {
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

  private finishStop(t: SimTask): void {
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

  private containerHealthAt(t: SimTask): { status: 'HEALTHY' | 'UNHEALTHY'; at: number } | undefined {
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
  private isHealthy(t: SimTask): boolean {
    if (t.lastStatus !== 'RUNNING' || t.desiredStatus !== 'RUNNING') return false;
    if (this.hasContainerHealthCheck(t) && t.healthStatus !== 'HEALTHY') return false;
    if (t.registerInto.length && t.targets.length < t.registerInto.length) return false;
    return t.targets.every((r) => this.elbv2.target(r.tgArn, r.id, r.port)?.state === 'healthy');
  }

  private advanceTask(t: SimTask, svc: SimEcsService): void {
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
  private enforceHealth(t: SimTask, svc: SimEcsService): void {
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

  // ---- the scheduler ----

  override tick(now: number): void {
    for (const t of this.tasks) {
      const svc = this.services.find((s) => s.name === t.serviceName && s.clusterArn === t.clusterArn);
      if (svc) this.advanceTask(t, svc);
    }
    this.elbv2.tick(now);
    for (const svc of this.services) {
      if (svc.status !== 'ACTIVE') continue;
      for (const t of this.tasks)
        if (t.serviceName === svc.name && t.clusterArn === svc.clusterArn) this.enforceHealth(t, svc);
      for (let pass = 0; pass < 5 && this.schedule(svc); pass++);
      this.refreshDeploymentRecords(svc);
    }
    // Forget tasks stopped more than an hour ago, as DescribeTasks does.
    for (let i = this.tasks.length - 1; i >= 0; i--) {
      const t = this.tasks[i]!;
      if (t.stoppedAt !== undefined && now - t.stoppedAt > STOPPED_VISIBLE_MS) this.tasks.splice(i, 1);
    }
  }

  private serviceTasks(svc: SimEcsService): SimTask[] {
    return this.tasks.filter((t) => t.serviceName === svc.name && t.clusterArn === svc.clusterArn);
  }

  /** One pass of the service scheduler; true when it changed something (another pass may follow). */
  private schedule(svc: SimEcsService): boolean {
    const sd = svc.serviceDeployments.find((d) => ACTIVE_SD.includes(d.status));
    if (!sd) return svc.halted ? false : this.rolling(svc, svc.revisionArn, this.primary(svc).id, undefined);
    // A request takes effect from the next moment on, not within the call that made it.
    if ((sd.status === 'PENDING' || sd.status === 'ROLLBACK_REQUESTED') && this.now <= sd.updatedAt)
      return false;
    if (sd.status === 'PENDING') {
      Object.assign(sd, { status: 'IN_PROGRESS', startedAt: this.now, updatedAt: this.now });
      if (NATIVE.includes(sd.strategy)) this.enterStage(svc, sd, 'PRE_SCALE_UP');
      return true;
    }
    if (sd.status === 'ROLLBACK_REQUESTED') {
      this.beginRollback(svc, sd, sd.statusReason ?? 'rollback requested');
      return true;
    }
    if (sd.status === 'IN_PROGRESS' && this.checkAlarms(svc, sd)) return true;
    if (sd.status === 'ROLLBACK_IN_PROGRESS') return this.rollingBack(svc, sd);
    if (NATIVE.includes(sd.strategy)) return this.native(svc, sd);
    return this.rolling(svc, sd.targetRevisionArn, sd.deploymentId, sd);
  }

  private primary(svc: SimEcsService): DeploymentRecord {
    return svc.deployments.find((d) => d.status === 'PRIMARY')!;
  }

  /**
   * A rolling step toward `revisionArn`: stop old tasks while the healthy count stays at or above
   * minimumHealthyPercent, start new ones while the total stays at or below maximumPercent.
   * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html
   */
  private rolling(
    svc: SimEcsService,
    revisionArn: string,
    deploymentId: string,
    sd: SimServiceDeployment | undefined,
  ): boolean {
    const D = svc.desiredCount;
    const cfg = svc.deploymentConfiguration;
    const minHealthy = Math.ceil((D * (cfg.minimumHealthyPercent ?? 100)) / 100);
    const maxTotal = Math.max(D, Math.floor((D * (cfg.maximumPercent ?? 200)) / 100));
    const all = this.serviceTasks(svc);
    const active = all.filter((t) => t.desiredStatus === 'RUNNING');
    const goal = active.filter((t) => t.revisionArn === revisionArn);
    const old = active.filter((t) => t.revisionArn !== revisionArn);
    let healthy = active.filter((t) => this.isHealthy(t)).length;
    let changed = false;
    if (sd) this.circuitBreaker(svc, sd, all);
    if (sd && sd.status !== 'IN_PROGRESS' && sd.status !== 'ROLLBACK_IN_PROGRESS') return true;
    for (const t of [...old].sort((a, b) => Number(this.isHealthy(a)) - Number(this.isHealthy(b)))) {
      const wasHealthy = this.isHealthy(t);
      if (wasHealthy && healthy - 1 < minHealthy) continue;
      this.stopTask(t, `Scaling activity initiated by (deployment ${deploymentId})`);
      if (wasHealthy) healthy--;
      changed = true;
    }
    // Scale in surplus tasks of the goal revision (desiredCount lowered).
    for (const t of goal.slice(D)) {
      this.stopTask(t, `Scaling activity initiated by (deployment ${deploymentId})`);
      changed = true;
    }
    let count = active.filter((t) => t.desiredStatus === 'RUNNING').length;
    let goalCount = Math.min(goal.length, D);
    const started: string[] = [];
    while (count < maxTotal && goalCount < D) {
      const t = this.launch(svc, revisionArn, deploymentId, this.servingTgs(svc));
      if (!t) break;
      started.push(shortId(t.arn));
      count++;
      goalCount++;
      changed = true;
    }
    if (started.length)
      this.event(
        svc,
        `(service ${svc.name}) has started ${started.length} tasks: ${started.map((s) => `(task ${s})`).join(' ')}.`,
      );
    const settled =
      goal.length >= D &&
      goal.slice(0, D).every((t) => this.isHealthy(t)) &&
      all.every((t) => t.revisionArn === revisionArn || t.lastStatus === 'STOPPED');
    if (sd && settled) this.complete(svc, sd);
    return changed;
  }

  private circuitBreaker(svc: SimEcsService, sd: SimServiceDeployment, all: SimTask[]): void {
    const cb = sd.config.deploymentCircuitBreaker;
    if (sd.status !== 'IN_PROGRESS' || sd.strategy !== 'ROLLING') return;
    const mine = all.filter((t) => t.deploymentId === sd.deploymentId);
    const record = svc.deployments.find((d) => d.id === sd.deploymentId)!;
    // resetOnHealthyTask (default true): a task that turns healthy resets the count.
    const reset = cb?.resetOnHealthyTask !== false && mine.some((t) => t.everHealthy);
    const failed = reset ? 0 : mine.filter((t) => t.failed && !t.everHealthy).length;
    record.failedTasks = failed;
    sd.cbFailures = failed;
    if (!cb?.enable) return;
    if (failed >= this.cbThreshold(svc, cb)) {
      sd.cbStatus = 'TRIGGERED';
      this.fail(svc, sd, 'ECS deployment circuit breaker: tasks failed to start.', cb.rollback === true);
    }
  }

  /** The circuit breaker's failure threshold: 50% of desired count by default, clamped to 3..200. */
  private cbThreshold(svc: SimEcsService, cb: sdk.DeploymentCircuitBreaker): number {
    const tc = cb.thresholdConfiguration;
    const value = tc?.value ?? 50;
    if (tc?.type === 'COUNT') return value;
    const raw = Math.ceil((svc.desiredCount * value) / 100);
    return tc?.type === 'UNBOUNDED_PERCENT' ? raw : Math.min(200, Math.max(3, raw));
  }

  private checkAlarms(svc: SimEcsService, sd: SimServiceDeployment): boolean {
    const alarms = sd.config.alarms;
    if (!alarms?.enable || !alarms.alarmNames?.length) return false;
    const cw = this.cloudwatch();
    if (!cw) return false;
    const firing = (cw.DescribeAlarms({ AlarmNames: alarms.alarmNames }).MetricAlarms ?? [])
      .filter((a) => a.StateValue === 'ALARM')
      .map((a) => a.AlarmName!);
    if (!firing.length) return false;
    sd.alarmStatus = 'TRIGGERED';
    sd.triggeredAlarms = firing;
    this.fail(
      svc,
      sd,
      `ECS deployment alarms: ${firing.join(', ')} in ALARM state.`,
      alarms.rollback === true,
    );
    return true;
  }

  private cloudwatch(): CloudWatchSim | undefined {
    try {
      return this.account.service<CloudWatchSim>('CloudWatchClient');
    } catch {
      return undefined;
    }
  }

  /** A failed deployment: rolled back when the mechanism that detected it asks for a rollback, else stopped. */
  private fail(svc: SimEcsService, sd: SimServiceDeployment, reason: string, rollback: boolean): void {
    const record = svc.deployments.find((d) => d.id === sd.deploymentId);
    if (record)
      Object.assign(record, { rolloutState: 'FAILED', rolloutStateReason: reason, updatedAt: this.now });
    this.event(
      svc,
      `(service ${svc.name}) (deployment ${sd.deploymentId}) deployment failed: ${reason.replace(/^ECS deployment [a-z ]+: /, '')}`,
    );
    if (rollback) return this.beginRollback(svc, sd, reason);
    svc.halted = true;
    Object.assign(sd, {
      status: 'STOPPED',
      statusReason: reason,
      stoppedAt: this.now,
      finishedAt: this.now,
      updatedAt: this.now,
    });
  }

  private beginRollback(svc: SimEcsService, sd: SimServiceDeployment, reason: string): void {
    const to = sd.sourceRevisionArn;
    Object.assign(sd, {
      status: 'ROLLBACK_IN_PROGRESS',
      statusReason: reason,
      updatedAt: this.now,
      rollback: { reason, startedAt: new Date(this.now), serviceRevisionArn: to },
    });
    for (const h of sd.hooks) if (h.status === 'AWAITING_ACTION') h.status = 'FAILED';
    const previous = svc.deployments.find((d) => d.revisionArn === to && d.status !== 'PRIMARY');
    for (const d of svc.deployments) if (d.status === 'PRIMARY') d.status = 'ACTIVE';
    if (sd.strategy === 'ROLLING' || !previous) {
      // A rolling rollback is a new deployment of the last completed revision.
      const id = this.deploymentId();
      svc.deployments.unshift({
        id,
        status: 'PRIMARY',
        revisionArn: to,
        createdAt: this.now,
        updatedAt: this.now,
        rolloutState: 'IN_PROGRESS',
        rolloutStateReason: `ECS deployment circuit breaker: rolling back to deploymentId ${previous?.id ?? shortId(to)}.`,
        failedTasks: 0,
      });
      if (sd.strategy === 'ROLLING') sd.deploymentId = id;
    } else {
      // Native: the blue tasks never left; their deployment is the primary one again.
      previous.status = 'PRIMARY';
    }
    svc.revisionArn = to;
    this.event(svc, `(service ${svc.name}) rolling back to deployment ${previous?.id ?? shortId(to)}.`);
  }

  private rollingBack(svc: SimEcsService, sd: SimServiceDeployment): boolean {
    if (sd.strategy === 'ROLLING') return this.rolling(svc, sd.sourceRevisionArn, sd.deploymentId, sd);
    // Native: blue back to full strength, all traffic back to blue, then green goes.
    const D = svc.desiredCount;
    const all = this.serviceTasks(svc).filter((t) => t.desiredStatus === 'RUNNING');
    const blue = all.filter((t) => t.revisionArn === sd.sourceRevisionArn);
    const green = all.filter((t) => t.revisionArn !== sd.sourceRevisionArn);
    let changed = false;
    for (let n = blue.length; n < D; n++)
      changed =
        !!this.launch(svc, sd.sourceRevisionArn, this.primary(svc).id, this.servingTgs(svc)) || changed;
    if (blue.filter((t) => this.isHealthy(t)).length < Math.min(D, blue.length) && sd.productionWeight < 100)
      return changed;
    if (sd.productionWeight > 0 || sd.testWeight > 0) {
      this.shiftTraffic(svc, sd, 0, 0);
      changed = true;
    }
    for (const t of green) {
      this.stopTask(t, `Scaling activity initiated by (deployment ${sd.deploymentId})`);
      changed = true;
    }
    const gone = this.serviceTasks(svc).every(
      (t) => t.revisionArn === sd.sourceRevisionArn || t.lastStatus === 'STOPPED',
    );
    if (gone) this.finishRollback(svc, sd);
    return changed;
  }

  private finishRollback(svc: SimEcsService, sd: SimServiceDeployment): void {
    Object.assign(sd, {
      status: 'ROLLBACK_SUCCESSFUL',
      finishedAt: this.now,
      updatedAt: this.now,
      stage: undefined,
    });
    const record = this.primary(svc);
    Object.assign(record, {
      rolloutState: 'COMPLETED',
      rolloutStateReason: `ECS deployment ${record.id} completed.`,
      updatedAt: this.now,
    });
    this.event(svc, `(service ${svc.name}) (service-deployment ${shortId(sd.arn)}) rollback completed.`);
    this.event(svc, `(service ${svc.name}) has reached a steady state.`);
  }

  private complete(svc: SimEcsService, sd: SimServiceDeployment): void {
    if (sd.status === 'ROLLBACK_IN_PROGRESS') return this.finishRollback(svc, sd);
    Object.assign(sd, { status: 'SUCCESSFUL', finishedAt: this.now, updatedAt: this.now, stage: undefined });
    svc.lastCompletedRevisionArn = sd.targetRevisionArn;
    const record = svc.deployments.find((d) => d.id === sd.deploymentId)!;
    Object.assign(record, {
      rolloutState: 'COMPLETED',
      rolloutStateReason: `ECS deployment ${record.id} completed.`,
      updatedAt: this.now,
    });
    if (sd.alarmStatus === 'MONITORING') sd.alarmStatus = 'MONITORING_COMPLETE';
    if (sd.cbStatus === 'MONITORING') sd.cbStatus = 'MONITORING_COMPLETE';
    this.event(svc, `(service ${svc.name}) (deployment ${record.id}) deployment completed.`);
    this.event(svc, `(service ${svc.name}) has reached a steady state.`);
  }

  // ---- native blue/green, canary, linear ----

  /** The production traffic steps of a native strategy, in percent, and the bake between steps. */
  private steps(sd: SimServiceDeployment): { percents: number[]; stepBakeMs: number } {
    if (sd.strategy === 'CANARY') {
      const c = sd.config.canaryConfiguration;
      return { percents: [c?.canaryPercent ?? 5, 100], stepBakeMs: minutes(c?.canaryBakeTimeInMinutes, 10) };
    }
    if (sd.strategy === 'LINEAR') {
      const l = sd.config.linearConfiguration;
      const step = l?.stepPercent ?? 10;
      const percents: number[] = [];
      for (let p = step; p < 100 - 1e-9; p += step) percents.push(Math.round(p * 10) / 10);
      percents.push(100);
      return { percents, stepBakeMs: minutes(l?.stepBakeTimeInMinutes, 6) };
    }
    return { percents: [100], stepBakeMs: 0 };
  }

  private enterStage(svc: SimEcsService, sd: SimServiceDeployment, stage: Stage): void {
    Object.assign(sd, { stage, stageSince: this.now, updatedAt: this.now });
    for (const hook of sd.config.lifecycleHooks ?? []) {
      if (!(hook.lifecycleStages ?? []).includes(stage as sdk.DeploymentLifecycleHookStage)) continue;
      const timeout = hook.timeoutConfiguration;
      // The simulator does not invoke Lambda hooks; they succeed. PAUSE hooks wait for ContinueServiceDeployment.
      sd.hooks.push({
        stage,
        hookId: this.uuid(),
        targetType: hook.targetType ?? 'AWS_LAMBDA',
        ...(hook.hookTargetArn ? { targetArn: hook.hookTargetArn } : {}),
        status: hook.targetType === 'PAUSE' ? 'AWAITING_ACTION' : 'SUCCEEDED',
        expiresAt: new Date(this.now + minutes(timeout?.timeoutInMinutes, 1440)),
        timeoutAction: timeout?.action ?? 'ROLLBACK',
      });
    }
    this.event(
      svc,
      `(service ${svc.name}) (service-deployment ${shortId(sd.arn)}) entered lifecycle stage ${stage}.`,
    );
  }

  /** True while a PAUSE hook of the current stage waits; a hook past its expiry takes its timeout action. */
  private hooksHold(svc: SimEcsService, sd: SimServiceDeployment): boolean {
    for (const h of sd.hooks) {
      if (h.stage !== sd.stage || h.status !== 'AWAITING_ACTION') continue;
      if (this.now < h.expiresAt!.getTime()) return true;
      h.status = 'TIMED_OUT';
      if (h.timeoutAction === 'ROLLBACK') {
        this.fail(svc, sd, `lifecycle hook ${h.hookId} timed out`, true);
        return true;
      }
    }
    return false;
  }

  private shiftTraffic(svc: SimEcsService, sd: SimServiceDeployment, production: number, test: number): void {
    for (const e of svc.loadBalancers) {
      const adv = e.config.advancedConfiguration;
      if (!adv?.alternateTargetGroupArn) continue;
      const blue = e.serving;
      const green =
        blue === adv.alternateTargetGroupArn ? e.config.targetGroupArn! : adv.alternateTargetGroupArn;
      const weights = (p: number) => [
        { targetGroupArn: blue, weight: 100 - Math.round(p) },
        { targetGroupArn: green, weight: Math.round(p) },
      ];
      if (adv.productionListenerRule && production !== sd.productionWeight)
        this.elbv2.setForwardWeights(adv.productionListenerRule, weights(production));
      if (adv.testListenerRule && test !== sd.testWeight)
        this.elbv2.setForwardWeights(adv.testListenerRule, weights(test));
    }
    sd.productionWeight = production;
    sd.testWeight = test;
  }

  private native(svc: SimEcsService, sd: SimServiceDeployment): boolean {
    const stage = sd.stage!;
    const dwell = this.now - sd.stageSince;
    if (dwell < STAGE_MS || this.hooksHold(svc, sd)) return false;
    const D = svc.desiredCount;
    const all = this.serviceTasks(svc).filter((t) => t.desiredStatus === 'RUNNING');
    const green = all.filter((t) => t.revisionArn === sd.targetRevisionArn);
    const blue = all.filter((t) => t.revisionArn !== sd.targetRevisionArn);
    const { percents, stepBakeMs } = this.steps(sd);
    switch (stage) {
      case 'RECONCILE_SERVICE':
      case 'PRE_SCALE_UP':
        this.enterStage(svc, sd, 'SCALE_UP');
        return true;
      case 'SCALE_UP': {
        let changed = false;
        for (let n = green.length; n < D; n++) {
          const t = this.launch(svc, sd.targetRevisionArn, sd.deploymentId, this.otherTgs(svc));
          if (!t) break;
          changed = true;
        }
        if (green.length >= D && green.every((t) => this.isHealthy(t))) {
          this.enterStage(svc, sd, 'POST_SCALE_UP');
          return true;
        }
        return changed;
      }
      case 'POST_SCALE_UP':
        this.enterStage(svc, sd, 'TEST_TRAFFIC_SHIFT');
        return true;
      case 'TEST_TRAFFIC_SHIFT':
        this.shiftTraffic(svc, sd, sd.productionWeight, 100);
        this.enterStage(svc, sd, 'POST_TEST_TRAFFIC_SHIFT');
        return true;
      case 'POST_TEST_TRAFFIC_SHIFT':
        this.enterStage(svc, sd, 'PRE_PRODUCTION_TRAFFIC_SHIFT');
        return true;
      case 'PRE_PRODUCTION_TRAFFIC_SHIFT':
        this.shiftTraffic(svc, sd, percents[sd.step] ?? 100, sd.testWeight);
        sd.step++;
        this.enterStage(svc, sd, 'PRODUCTION_TRAFFIC_SHIFT');
        return true;
      case 'PRODUCTION_TRAFFIC_SHIFT':
        if (sd.productionWeight < 100) {
          if (dwell < stepBakeMs) return false;
          this.enterStage(svc, sd, 'PRE_PRODUCTION_TRAFFIC_SHIFT');
        } else this.enterStage(svc, sd, 'POST_PRODUCTION_TRAFFIC_SHIFT');
        return true;
      case 'POST_PRODUCTION_TRAFFIC_SHIFT':
        this.enterStage(svc, sd, 'BAKE_TIME');
        return true;
      case 'BAKE_TIME':
        if (dwell < minutes(sd.config.bakeTimeInMinutes, 0)) return false;
        this.enterStage(svc, sd, 'CLEAN_UP');
        return true;
      case 'CLEAN_UP': {
        for (const t of blue)
          this.stopTask(t, `Scaling activity initiated by (deployment ${sd.deploymentId})`);
        const gone = this.serviceTasks(svc).every(
          (t) => t.revisionArn === sd.targetRevisionArn || t.lastStatus === 'STOPPED',
        );
        if (!gone) return blue.length > 0;
        // The alternate target group now serves production; the next deployment goes the other way.
        for (const e of svc.loadBalancers) {
          const alt = e.config.advancedConfiguration?.alternateTargetGroupArn;
          if (alt) e.serving = e.serving === alt ? e.config.targetGroupArn! : alt;
        }
        sd.productionWeight = 0;
        sd.testWeight = 0;
        for (const e of svc.loadBalancers) {
          const adv = e.config.advancedConfiguration;
          // The test listener follows production once the old revision is gone.
          if (adv?.testListenerRule && adv.alternateTargetGroupArn) {
            const other =
              e.serving === adv.alternateTargetGroupArn
                ? e.config.targetGroupArn!
                : adv.alternateTargetGroupArn;
            this.elbv2.setForwardWeights(adv.testListenerRule, [
              { targetGroupArn: e.serving, weight: 100 },
              { targetGroupArn: other, weight: 0 },
            ]);
          }
        }
        this.complete(svc, sd);
        return true;
      }
      default:
        return false;
    }
  }

  private refreshDeploymentRecords(svc: SimEcsService): void {
    const tasks = this.serviceTasks(svc);
    for (const d of svc.deployments)
      if (d.status === 'ACTIVE' && !tasks.some((t) => t.deploymentId === d.id && t.lastStatus !== 'STOPPED'))
        d.status = 'INACTIVE';
  }

  // ---- API: task definitions ----

  RegisterTaskDefinition(input: sdk.RegisterTaskDefinitionRequest): sdk.RegisterTaskDefinitionResponse {
    const problem = invalidTaskDefinition(input);
    if (problem) throw this.error('ClientException', problem, 400);
    const family = input.family!;
    const revisions = this.taskDefinitions.get(family) ?? [];
    // RegisterTaskDefinition always makes a new revision, even for identical content.
    const revision = (revisions.at(-1)?.revision ?? 0) + 1;
    const td = registeredTaskDefinition(input, {
      arn: this.arn(`task-definition/${family}:${revision}`),
      revision,
      registeredAt: new Date(this.now),
      registeredBy: `arn:aws:sts::${this.account.accountId}:assumed-role/deploy/slipway`,
    });
    revisions.push(td);
    this.taskDefinitions.set(family, revisions);
    return { taskDefinition: structuredClone(td), ...(input.tags?.length ? { tags: input.tags } : {}) };
  }

  DescribeTaskDefinition(input: sdk.DescribeTaskDefinitionRequest): sdk.DescribeTaskDefinitionResponse {
    return { taskDefinition: structuredClone(this.resolveTaskDefinition(input.taskDefinition ?? '')) };
  }

  // ---- API: services ----

  private deploymentOut(svc: SimEcsService, d: DeploymentRecord): sdk.Deployment {
    const tasks = this.serviceTasks(svc).filter(
      (t) => t.deploymentId === d.id && t.desiredStatus === 'RUNNING',
    );
    return {
      id: d.id,
      status: d.status,
      taskDefinition: this.revision(d.revisionArn).taskDefinitionArn,
      desiredCount: d.status === 'PRIMARY' ? svc.desiredCount : 0,
      pendingCount: tasks.filter((t) => t.lastStatus === 'PENDING' || t.lastStatus === 'PROVISIONING').length,
      runningCount: tasks.filter((t) => t.lastStatus === 'RUNNING').length,
      failedTasks: d.failedTasks,
      createdAt: new Date(d.createdAt),
      updatedAt: new Date(d.updatedAt),
      ...(svc.launchType ? { launchType: svc.launchType } : {}),
      ...(svc.capacityProviderStrategy ? { capacityProviderStrategy: svc.capacityProviderStrategy } : {}),
      ...(svc.networkConfiguration ? { networkConfiguration: svc.networkConfiguration } : {}),
      rolloutState: d.rolloutState,
      rolloutStateReason: d.rolloutStateReason,
    };
  }

  private serviceOut(svc: SimEcsService): sdk.Service {
    const tasks = this.serviceTasks(svc).filter((t) => t.desiredStatus === 'RUNNING');
    const current =
      svc.serviceDeployments.find((d) => ACTIVE_SD.includes(d.status)) ?? svc.serviceDeployments.at(-1);
    const revisions = [...new Set(tasks.map((t) => t.revisionArn))];
    return {
      serviceArn: svc.arn,
      serviceName: svc.name,
      clusterArn: svc.clusterArn,
      status: svc.status,
      desiredCount: svc.desiredCount,
      runningCount: tasks.filter((t) => t.lastStatus === 'RUNNING').length,
      pendingCount: tasks.filter((t) => t.lastStatus === 'PENDING' || t.lastStatus === 'PROVISIONING').length,
      ...(svc.launchType ? { launchType: svc.launchType } : {}),
      ...(svc.capacityProviderStrategy
        ? { capacityProviderStrategy: structuredClone(svc.capacityProviderStrategy) }
        : {}),
      taskDefinition: this.revision(svc.revisionArn).taskDefinitionArn,
      deploymentConfiguration: structuredClone(svc.deploymentConfiguration),
      deployments: svc.deployments
        .filter((d) => d.status !== 'INACTIVE')
        .map((d) => this.deploymentOut(svc, d)),
      events: structuredClone(svc.events),
      createdAt: new Date(svc.createdAt),
      loadBalancers: svc.loadBalancers.map((e) => structuredClone(e.config)),
      placementStrategy: structuredClone(svc.placementStrategy),
      placementConstraints: structuredClone(svc.placementConstraints),
      ...(svc.networkConfiguration
        ? { networkConfiguration: structuredClone(svc.networkConfiguration) }
        : {}),
      healthCheckGracePeriodSeconds: svc.healthCheckGracePeriodSeconds,
      schedulingStrategy: 'REPLICA',
      deploymentController: { type: 'ECS' },
      ...(current ? { currentServiceDeployment: current.arn } : {}),
      currentServiceRevisions: revisions.map((arn) => ({
        arn,
        requestedTaskCount: tasks.filter((t) => t.revisionArn === arn).length,
        runningTaskCount: tasks.filter((t) => t.revisionArn === arn && t.lastStatus === 'RUNNING').length,
        pendingTaskCount: tasks.filter((t) => t.revisionArn === arn && t.lastStatus !== 'RUNNING').length,
      })),
    };
  }

  DescribeServices(input: sdk.DescribeServicesRequest): sdk.DescribeServicesResponse {
    const names = input.services ?? [];
    // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServices.html: up to 10 services.
    if (names.length === 0 || names.length > 10)
      throw this.error('InvalidParameterException', 'services must contain between 1 and 10 items.', 400);
    const c = this.cluster(input.cluster);
    const services: sdk.Service[] = [];
    const failures: sdk.Failure[] = [];
    for (const n of names) {
      const name = n.split('/').pop() ?? n;
      const svc = this.services.find((s) => s.clusterArn === c.arn && s.name === name);
      if (svc) services.push(this.serviceOut(svc));
      else
        failures.push({
          arn: n.startsWith('arn:') ? n : this.arn(`service/${c.name}/${n}`),
          reason: 'MISSING',
        });
    }
    return { services, failures };
  }

  private validateNative(config: sdk.DeploymentConfiguration, lbs: sdk.LoadBalancer[]): void {
    const strategy = config.strategy ?? 'ROLLING';
    const bad = (m: string) => this.error('InvalidParameterException', m, 400);
    if (strategy === 'BLUE_GREEN' && config.bakeTimeInMinutes === undefined)
      throw bad('bakeTimeInMinutes is required when the deployment strategy is BLUE_GREEN.');
    const bake = config.bakeTimeInMinutes;
    if (bake !== undefined && (!Number.isInteger(bake) || bake < 0 || bake > 1440))
      throw bad('bakeTimeInMinutes must be between 0 and 1440.');
    const lin = config.linearConfiguration;
    if (lin?.stepPercent !== undefined && (lin.stepPercent < 3 || lin.stepPercent > 100))
      throw bad('linearConfiguration.stepPercent must be between 3.0 and 100.0.');
    const can = config.canaryConfiguration;
    if (can?.canaryPercent !== undefined && (can.canaryPercent < 0.1 || can.canaryPercent > 100))
      throw bad('canaryConfiguration.canaryPercent must be between 0.1 and 100.0.');
    for (const m of [lin?.stepBakeTimeInMinutes, can?.canaryBakeTimeInMinutes])
      if (m !== undefined && (!Number.isInteger(m) || m < 0 || m > 1440))
        throw bad('bake times must be between 0 and 1440 minutes.');
    for (const h of config.lifecycleHooks ?? [])
      if ((h.targetType ?? 'AWS_LAMBDA') === 'AWS_LAMBDA' && !h.hookTargetArn)
        throw bad('hookTargetArn is required for AWS_LAMBDA lifecycle hooks.');
    if (strategy === 'ROLLING') return;
    // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/blue-green-deployment-implementation.html
    const withTg = lbs.filter((l) => l.targetGroupArn);
    if (withTg.length === 0) throw bad(`The ${strategy} deployment strategy requires a load balancer.`);
    for (const l of withTg) {
      const adv = l.advancedConfiguration;
      const missing = (['alternateTargetGroupArn', 'productionListenerRule', 'roleArn'] as const).filter(
        (k) => !adv?.[k],
      );
      if (missing.length)
        throw bad(
          `advancedConfiguration requires ${missing.join(', ')} for the ${strategy} deployment strategy.`,
        );
      for (const tg of [l.targetGroupArn!, adv!.alternateTargetGroupArn!])
        if (!this.elbv2.targetGroup(tg)) throw bad(`The target group ${tg} does not exist.`);
      try {
        this.elbv2.forwardWeights(adv!.productionListenerRule!);
        if (adv!.testListenerRule) this.elbv2.forwardWeights(adv!.testListenerRule);
      } catch {
        throw bad('The listener rule in advancedConfiguration does not exist.');
      }
    }
  }

  UpdateService(input: sdk.UpdateServiceRequest): sdk.UpdateServiceResponse {
    const svc = this.findService(input.cluster, input.service);
    if (svc.status !== 'ACTIVE')
      throw this.error('ServiceNotActiveException', 'Service was not ACTIVE.', 400);
    const config: sdk.DeploymentConfiguration = {
      ...svc.deploymentConfiguration,
      ...input.deploymentConfiguration,
    };
    const min = config.minimumHealthyPercent ?? 100;
    const max = config.maximumPercent ?? 200;
    if (min < 0 || min > 100)
      throw this.error('InvalidParameterException', 'minimumHealthyPercent must be between 0 and 100.', 400);
    if (max < 100 && !(max >= min && max > 0))
      throw this.error(
        'InvalidParameterException',
        'maximumPercent must be at least minimumHealthyPercent.',
        400,
      );
    const lbs = input.loadBalancers ?? svc.loadBalancers.map((e) => e.config);
    this.validateNative(config, lbs);
    if (input.desiredCount !== undefined && (input.desiredCount < 0 || !Number.isInteger(input.desiredCount)))
      throw this.error(
        'InvalidParameterException',
        'desiredCount must be a whole number of at least 0.',
        400,
      );
    const td = input.taskDefinition ? this.resolveTaskDefinition(input.taskDefinition) : undefined;
    if (td && td.status !== 'ACTIVE') throw this.error('ClientException', 'TaskDefinition is inactive', 400);
    const currentTd = this.revision(svc.revisionArn).taskDefinitionArn;
    const changes =
      (td && td.taskDefinitionArn !== currentTd) ||
      input.forceNewDeployment === true ||
      input.loadBalancers !== undefined ||
      input.networkConfiguration !== undefined ||
      input.placementStrategy !== undefined ||
      input.placementConstraints !== undefined ||
      input.capacityProviderStrategy !== undefined;
    const inFlight = svc.serviceDeployments.find((d) => ACTIVE_SD.includes(d.status));
    if (changes && inFlight && NATIVE.includes(inFlight.strategy))
      // Simplification: the simulator does not model superseding a native deployment.
      throw this.error('ConflictException', `Service deployment ${inFlight.arn} is in progress.`, 400);

    svc.deploymentConfiguration = config;
    if (input.desiredCount !== undefined) svc.desiredCount = input.desiredCount;
    if (input.healthCheckGracePeriodSeconds !== undefined)
      svc.healthCheckGracePeriodSeconds = input.healthCheckGracePeriodSeconds;
    if (input.placementStrategy) svc.placementStrategy = input.placementStrategy;
    if (input.placementConstraints) svc.placementConstraints = input.placementConstraints;
    if (input.networkConfiguration) svc.networkConfiguration = input.networkConfiguration;
    if (input.capacityProviderStrategy) svc.capacityProviderStrategy = input.capacityProviderStrategy;
    if (input.loadBalancers)
      svc.loadBalancers = input.loadBalancers.map((config) => ({
        config,
        serving:
          svc.loadBalancers.find((e) => e.config.targetGroupArn === config.targetGroupArn)?.serving ??
          config.targetGroupArn ??
          '',
      }));
    if (changes) this.startDeployment(svc, td?.taskDefinitionArn ?? currentTd, inFlight);
    return { service: this.serviceOut(svc) };
  }

  private startDeployment(
    svc: SimEcsService,
    taskDefinitionArn: string,
    superseded: SimServiceDeployment | undefined,
  ): void {
    const cluster = this.cluster(svc.clusterArn).name;
    const from = svc.revisionArn;
    if (superseded)
      Object.assign(superseded, {
        status: 'STOPPED',
        statusReason: 'A newer service deployment superseded it.',
        stoppedAt: this.now,
        finishedAt: this.now,
        updatedAt: this.now,
      });
    const revision = this.newRevision(cluster, svc.name, taskDefinitionArn);
    const deploymentId = this.deploymentId();
    for (const d of svc.deployments) if (d.status === 'PRIMARY') d.status = 'ACTIVE';
    svc.deployments.unshift({
      id: deploymentId,
      status: 'PRIMARY',
      revisionArn: revision.arn,
      createdAt: this.now,
      updatedAt: this.now,
      rolloutState: 'IN_PROGRESS',
      rolloutStateReason: 'ECS deployment ' + deploymentId + ' in progress.',
      failedTasks: 0,
    });
    const config = structuredClone(svc.deploymentConfiguration);
    const strategy = config.strategy ?? 'ROLLING';
    const sd: SimServiceDeployment = {
      arn: this.arn(`service-deployment/${cluster}/${svc.name}/${this.hexId(22).replace(/\d/g, 'k')}`),
      serviceName: svc.name,
      clusterArn: svc.clusterArn,
      createdAt: this.now,
      startedAt: undefined,
      finishedAt: undefined,
      stoppedAt: undefined,
      updatedAt: this.now,
      sourceRevisionArn: superseded ? svc.lastCompletedRevisionArn : from,
      targetRevisionArn: revision.arn,
      deploymentId,
      config,
      strategy,
      status: 'PENDING',
      statusReason: undefined,
      stage: undefined,
      stageSince: this.now,
      hooks: [],
      rollback: undefined,
      cbFailures: 0,
      cbStatus: strategy === 'ROLLING' && config.deploymentCircuitBreaker?.enable ? 'MONITORING' : 'DISABLED',
      alarmStatus: config.alarms?.enable ? 'MONITORING' : 'DISABLED',
      triggeredAlarms: [],
      productionWeight: 0,
      testWeight: 0,
      step: 0,
    };
    svc.serviceDeployments.push(sd);
    svc.revisionArn = revision.arn;
    svc.halted = false;
    this.event(
      svc,
      `(service ${svc.name}) (service-deployment ${shortId(sd.arn)}) started a ${strategy} deployment of ${taskDefinitionArn.split('/').pop()}.`,
    );
  }

  // ---- API: service deployments ----

  private revisionSummary(
    svc: SimEcsService,
    sd: SimServiceDeployment,
    arn: string,
    weight: number,
    test: number,
  ): sdk.ServiceRevisionSummary {
    const tasks = this.serviceTasks(svc).filter(
      (t) => t.revisionArn === arn && t.desiredStatus === 'RUNNING',
    );
    const isTarget = arn === sd.targetRevisionArn;
    return {
      arn,
      requestedTaskCount: isTarget || !ACTIVE_SD.includes(sd.status) ? svc.desiredCount : tasks.length,
      runningTaskCount: tasks.filter((t) => t.lastStatus === 'RUNNING').length,
      pendingTaskCount: tasks.filter((t) => t.lastStatus === 'PENDING' || t.lastStatus === 'PROVISIONING')
        .length,
      requestedProductionTrafficWeight: weight,
      requestedTestTrafficWeight: test,
    };
  }

  private serviceDeploymentOut(sd: SimServiceDeployment): sdk.ServiceDeployment {
    const svc = this.services.find((s) => s.name === sd.serviceName && s.clusterArn === sd.clusterArn)!;
    const native = NATIVE.includes(sd.strategy);
    const green = native ? sd.productionWeight : sd.status === 'SUCCESSFUL' ? 100 : 0;
    const done = sd.status === 'SUCCESSFUL';
    return {
      serviceDeploymentArn: sd.arn,
      serviceArn: svc.arn,
      clusterArn: sd.clusterArn,
      createdAt: new Date(sd.createdAt),
      ...(sd.startedAt !== undefined ? { startedAt: new Date(sd.startedAt) } : {}),
      ...(sd.finishedAt !== undefined ? { finishedAt: new Date(sd.finishedAt) } : {}),
      ...(sd.stoppedAt !== undefined ? { stoppedAt: new Date(sd.stoppedAt) } : {}),
      updatedAt: new Date(sd.updatedAt),
      sourceServiceRevisions: [
        this.revisionSummary(
          svc,
          sd,
          sd.sourceRevisionArn,
          done ? 0 : 100 - green,
          done ? 0 : 100 - sd.testWeight,
        ),
      ],
      targetServiceRevision: this.revisionSummary(
        svc,
        sd,
        sd.targetRevisionArn,
        done ? 100 : green,
        done ? 100 : sd.testWeight,
      ),
      status: sd.status,
      ...(sd.statusReason ? { statusReason: sd.statusReason } : {}),
      ...(sd.stage ? { lifecycleStage: sd.stage as sdk.ServiceDeploymentLifecycleStage } : {}),
      ...(sd.hooks.length
        ? { lifecycleHookDetails: sd.hooks.map(({ stage: _stage, ...h }) => structuredClone(h)) }
        : {}),
      deploymentConfiguration: structuredClone(sd.config),
      ...(sd.rollback ? { rollback: structuredClone(sd.rollback) } : {}),
      deploymentCircuitBreaker: {
        status: sd.cbStatus,
        failureCount: sd.cbFailures,
        threshold: this.cbThreshold(
          svc,
          sd.config.deploymentCircuitBreaker ?? { enable: false, rollback: false },
        ),
      },
      alarms: {
        status: sd.alarmStatus,
        alarmNames: sd.config.alarms?.alarmNames ?? [],
        triggeredAlarmNames: sd.triggeredAlarms,
      },
    };
  }

  ListServiceDeployments(input: sdk.ListServiceDeploymentsRequest): sdk.ListServiceDeploymentsResponse {
    const svc = this.findService(input.cluster, input.service);
    const max = input.maxResults ?? 20;
    if (max < 1 || max > 100)
      throw this.error('InvalidParameterException', 'maxResults must be between 1 and 100.', 400);
    const after = input.createdAt?.after?.getTime() ?? -Infinity;
    const before = input.createdAt?.before?.getTime() ?? Infinity;
    const matching = [...svc.serviceDeployments]
      .reverse()
      .filter(
        (d) =>
          (!input.status?.length || input.status.includes(d.status)) &&
          d.createdAt >= after &&
          d.createdAt <= before,
      );
    const start = input.nextToken ? Number(input.nextToken) : 0;
    const page = matching.slice(start, start + max);
    return {
      serviceDeployments: page.map((d) => ({
        serviceDeploymentArn: d.arn,
        serviceArn: svc.arn,
        clusterArn: d.clusterArn,
        createdAt: new Date(d.createdAt),
        ...(d.startedAt !== undefined ? { startedAt: new Date(d.startedAt) } : {}),
        ...(d.finishedAt !== undefined ? { finishedAt: new Date(d.finishedAt) } : {}),
        targetServiceRevisionArn: d.targetRevisionArn,
        status: d.status,
        ...(d.statusReason ? { statusReason: d.statusReason } : {}),
      })),
      ...(start + max < matching.length ? { nextToken: String(start + max) } : {}),
    };
  }

  DescribeServiceDeployments(
    input: sdk.DescribeServiceDeploymentsRequest,
  ): sdk.DescribeServiceDeploymentsResponse {
    const arns = input.serviceDeploymentArns ?? [];
    if (arns.length === 0 || arns.length > 20)
      throw this.error(
        'InvalidParameterException',
        'serviceDeploymentArns must contain between 1 and 20 items.',
        400,
      );
    const found: sdk.ServiceDeployment[] = [];
    const failures: sdk.Failure[] = [];
    for (const arn of arns) {
      const sd = this.serviceDeployment(arn);
      if (sd) found.push(this.serviceDeploymentOut(sd));
      else failures.push({ arn, reason: 'MISSING' });
    }
    return { serviceDeployments: found, failures };
  }

  private deploymentForCall(arn: string | undefined): { svc: SimEcsService; sd: SimServiceDeployment } {
    const sd = this.serviceDeployment(arn ?? '');
    if (!sd)
      throw this.error(
        'ServiceDeploymentNotFoundException',
        `The service deployment ${arn} does not exist.`,
        400,
      );
    return {
      svc: this.services.find((s) => s.name === sd.serviceName && s.clusterArn === sd.clusterArn)!,
      sd,
    };
  }

  StopServiceDeployment(input: sdk.StopServiceDeploymentRequest): sdk.StopServiceDeploymentResponse {
    // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_StopServiceDeployment.html: "The valid
    // values are ROLLBACK"; it works even when the deployment was not configured to roll back.
    if ((input.stopType ?? 'ROLLBACK') !== 'ROLLBACK')
      throw this.error(
        'InvalidParameterException',
        `stopType ${input.stopType} is not supported; the valid value is ROLLBACK.`,
        400,
      );
    const { sd } = this.deploymentForCall(input.serviceDeploymentArn);
    if (sd.status !== 'PENDING' && sd.status !== 'IN_PROGRESS')
      throw this.error(
        'ConflictException',
        `The service deployment is ${sd.status} and cannot be stopped.`,
        400,
      );
    Object.assign(sd, {
      status: 'ROLLBACK_REQUESTED',
      statusReason: 'Service deployment stopped by StopServiceDeployment (ROLLBACK).',
      updatedAt: this.now,
    });
    return { serviceDeploymentArn: sd.arn };
  }

  ContinueServiceDeployment(
    input: sdk.ContinueServiceDeploymentRequest,
  ): sdk.ContinueServiceDeploymentResponse {
    const { svc, sd } = this.deploymentForCall(input.serviceDeploymentArn);
    const hook = sd.hooks.find((h) => h.hookId === input.hookId);
    if (!hook)
      throw this.error(
        'InvalidParameterException',
        `The lifecycle hook ${input.hookId} does not exist in this service deployment.`,
        400,
      );
    if (sd.status !== 'IN_PROGRESS' || hook.status !== 'AWAITING_ACTION')
      throw this.error(
        'ConflictException',
        `The lifecycle hook ${input.hookId} is ${hook.status}, not AWAITING_ACTION.`,
        400,
      );
    if ((input.action ?? 'CONTINUE') === 'ROLLBACK') {
      hook.status = 'FAILED';
      this.fail(svc, sd, `Lifecycle hook ${hook.hookId} at ${hook.stage} asked for a rollback.`, true);
    } else hook.status = 'SUCCEEDED';
    sd.updatedAt = this.now;
    return { serviceDeploymentArn: sd.arn };
  }

  // ---- API: tasks and container instances ----

  private taskOut(t: SimTask): sdk.Task {
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

  ListContainerInstances(input: sdk.ListContainerInstancesRequest): sdk.ListContainerInstancesResponse {
    return { containerInstanceArns: this.cluster(input.cluster).instances.map((i) => i.arn) };
  }

  DescribeContainerInstances(
    input: sdk.DescribeContainerInstancesRequest,
  ): sdk.DescribeContainerInstancesResponse {
    const c = this.cluster(input.cluster);
    const resources = (i: SimContainerInstance, used: boolean): sdk.Resource[] => [
      { name: 'CPU', type: 'INTEGER', integerValue: used ? i.cpu - i.usedCpu : i.cpu },
      { name: 'MEMORY', type: 'INTEGER', integerValue: used ? i.memory - i.usedMemory : i.memory },
      { name: 'PORTS', type: 'STRINGSET', stringSetValue: [...i.usedPorts].map(String) },
    ];
    const out: sdk.ContainerInstance[] = [];
    const failures: sdk.Failure[] = [];
    for (const ref of input.containerInstances ?? []) {
      const i = c.instances.find((x) => x.arn === ref || shortId(x.arn) === ref);
      if (!i) {
        failures.push({ arn: ref, reason: 'MISSING' });
        continue;
      }
      out.push({
        containerInstanceArn: i.arn,
        ec2InstanceId: i.ec2InstanceId,
        status: i.status,
        agentConnected: true,
        registeredResources: resources(i, false),
        remainingResources: resources(i, true),
        runningTasksCount: this.tasks.filter((t) => t.instance === i && t.lastStatus === 'RUNNING').length,
        pendingTasksCount: this.tasks.filter(
          (t) => t.instance === i && (t.lastStatus === 'PENDING' || t.lastStatus === 'PROVISIONING'),
        ).length,
        attributes: [{ name: 'ecs.availability-zone', value: i.az }],
      });
    }
    return { containerInstances: out, failures };
  }
}
