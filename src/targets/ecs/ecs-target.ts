import { isDeepStrictEqual } from 'node:util';
import type {
  DeploymentConfiguration,
  DeploymentLifecycleHook,
  ECSClient,
  RegisterTaskDefinitionRequest,
  Service,
  ServiceDeployment,
  PropagateTags,
} from '@aws-sdk/client-ecs';
import {
  ContinueServiceDeploymentCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  RegisterTaskDefinitionCommand,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Clock } from '../../core/clock.js';
import { ActionError, isAwsError } from '../../core/errors.js';
import type { RolloutContext } from '../../rollout/context.js';
import type { HealthReport, Target, TargetState } from '../../rollout/target.js';
import type { EcsRolloutSettings, EcsStrategy } from './deployment-config.js';
import { deploymentConfiguration, missingForNative, NATIVE, SMOKE_STAGE } from './deployment-config.js';
import { diagnose } from './diagnosis.js';
import { mixedListenerRule } from './listener-rules.js';
import { shortName } from './names.js';
import {
  describeFailure,
  describeProgress,
  describeServiceDeployment,
  NOT_SUCCEEDING,
  reached,
  shortArn,
  UNFINISHED,
  unfinishedDeployments,
} from './service-deployment.js';
import type { Fetch } from '../../rollout/smoke-url.js';
import type { RunTaskDeps, RunTaskSpec } from './run-task.js';
import { oneOffTaskDeps, runOneOffTask, stopOneOffTask } from './run-task.js';
import { smokeCheck } from '../../rollout/smoke-url.js';
import type { ContainerChange } from './task-definition.js';
import { describeChanges } from './task-definition.js';
import { chooseDefinition, rev } from './choose-definition.js';

/** What the post step needs to rebuild this target and roll it back after a cancel. */
export interface EcsServiceState {
  region: string;
  cluster: string;
  service: string;
  strategy: EcsStrategy;
  /** The task definition the service ran before this rollout. */
  previousTaskDefinitionArn: string | undefined;
  /** The task definition this rollout registered. */
  taskDefinitionArn: string | undefined;
  /** The service deployment this rollout started. */
  serviceDeploymentArn: string | undefined;
  /** The service's lifecycle hooks before slipway added its smoke hook; undefined when it added none. */
  originalHooks: DeploymentLifecycleHook[] | undefined;
  /** The longest any wait may take (wait-timeout), for the post step's rollback too. */
  waitTimeoutMs: number;
  /** When the rollout started (ms since the epoch): deployments created before it are not its own. */
  startedAt: number;
  /** The service's deployment configuration before this rollout changed it, for a roll-forward to the old revision. */
  originalConfiguration?: DeploymentConfiguration;
  /** A deployment that removing the smoke hook started, while it runs. */
  hookDeploymentArn?: string | undefined;
  /** The one-off task (run-task) while it runs, for the post step to stop. */
  migrationTaskArn?: string | undefined;
}

export interface EcsTargetSpec extends EcsRolloutSettings {
  /** What to change in which container of the definition. */
  changes: ReadonlyMap<string, ContainerChange>;
  /** A task definition read from the task-definition file; undefined: start from what the service runs. */
  taskDefinition: Record<string, unknown> | undefined;
  /** A registered revision to deploy as it is (task-definition-arn), instead of rendering one. */
  taskDefinitionArn: string | undefined;
  desiredCount: number | undefined;
  /** A new deployment even when the revision is unchanged (a rotated secret, a moved image tag). */
  forceNewDeployment: boolean;
  /** The service's propagateTags and enableECSManagedTags, set with the deployment; undefined: unchanged. */
  propagateTags: PropagateTags | undefined;
  enableEcsManagedTags: boolean | undefined;
  smokeUrl: string | undefined;
  /** A one-off task (migrations) to run with the new revision before traffic moves. */
  runTask?: RunTaskSpec | undefined;
}

export interface EcsTargetDeps {
  ecs: ECSClient;
  elbv2: ElasticLoadBalancingV2Client;
  clock: Clock;
  signal: AbortSignal;
  fetch: Fetch;
  /** CloudWatch Logs, for the one-off task's log; and a job-summary row. */
  logs?: RunTaskDeps['logs'];
  fact?: RunTaskDeps['fact'];
}

/**
 * Whether a native deployment has moved `percent` of production traffic: by the weight it reports, or, should
 * it report none (the API calls it a snapshot), by the stage it has reached.
 */
function trafficReached(sd: ServiceDeployment, percent: number): boolean {
  if (sd.status === 'SUCCESSFUL') return true;
  const weight = sd.targetServiceRevision?.requestedProductionTrafficWeight;
  if (weight !== undefined) return weight >= percent;
  return reached(sd, percent >= 100 ? 'POST_PRODUCTION_TRAFFIC_SHIFT' : 'PRODUCTION_TRAFFIC_SHIFT');
}
// Polls are at least 5 s apart; a read younger than this belongs to the same poll.
const MEMO_MS = 1_000;
// How far the runner's clock may be behind AWS's when telling which deployment this rollout started.
const CLOCK_SKEW_MS = 60_000;

/**
 * An ECS service as a rollout target. rolling: one ECS rolling deployment with the circuit breaker, followed
 * to SUCCESSFUL. blue-green, canary, linear: ECS's native strategy does the shifting; the engine's steps
 * follow the deployment's stages and production traffic weight, with the gates checked at every poll. Only
 * the service deployment this target started reaching SUCCESSFUL is a success.
 */
export class EcsServiceTarget implements Target {
  readonly label: string;
  private desired: RegisterTaskDefinitionRequest | undefined;

  /** The definition this run renders and registers (none when it deploys a registered revision as it is). */
  get rendered(): RegisterTaskDefinitionRequest | undefined {
    return this.desired;
  }
  /** A registered revision to deploy without registering: task-definition-arn, or the one running when unchanged. */
  private existing: string | undefined;
  private config: DeploymentConfiguration | undefined;
  private deploymentBefore: string | undefined;
  private readonly definitions = new Map<string, Record<string, unknown>>();
  private memo: { at: number; arn: string; sd: ServiceDeployment } | undefined;

  constructor(
    private readonly d: EcsTargetDeps,
    readonly state: EcsServiceState,
    private readonly spec?: EcsTargetSpec,
  ) {
    this.label = `service ${shortName(state.service)} in cluster ${shortName(state.cluster)}`;
  }

  private get settings(): EcsTargetSpec {
    if (!this.spec) throw new Error('this target was rebuilt for a rollback only');
    return this.spec;
  }

  private get timeoutMs(): number {
    return this.state.waitTimeoutMs;
  }

  private async readService(): Promise<Service> {
    const { cluster, service, region } = this.state;
    const out = await this.d.ecs.send(new DescribeServicesCommand({ cluster, services: [service] }));
    const svc = out.services?.[0];
    if (!svc)
      throw new ActionError(
        `${this.label} not found in ${region} (${out.failures?.[0]?.reason ?? 'MISSING'}); check cluster, service and aws-region`,
      );
    return svc;
  }

  private async readDefinition(arn: string): Promise<Record<string, unknown>> {
    let td = this.definitions.get(arn);
    if (!td) {
      const out = await this.d.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn }));
      td = out.taskDefinition as Record<string, unknown>;
      this.definitions.set(arn, td);
    }
    return td;
  }

  /** The deployment as ECS reports it; one read serves the gate check and the wait of the same poll. */
  private async readDeployment(arn: string): Promise<ServiceDeployment> {
    const now = this.d.clock.now();
    if (this.memo?.arn === arn && now - this.memo.at < MEMO_MS) return this.memo.sd;
    const sd = await describeServiceDeployment(this.d.ecs, arn);
    this.memo = { at: now, arn, sd };
    return sd;
  }

  async describe(): Promise<TargetState> {
    const spec = this.settings;
    const svc = await this.readService();
    if (svc.status !== 'ACTIVE') throw new ActionError(`${this.label} is ${svc.status}, not ACTIVE`);
    const controller = svc.deploymentController?.type;
    if (controller && controller !== 'ECS')
      throw new ActionError(
        `${this.label} uses the ${controller} deployment controller; deploy-ecs drives ECS's own deployments (deploymentController ECS)`,
      );
    if (spec.strategy !== 'rolling') {
      const missing = missingForNative(svc.loadBalancers, controller, spec.smokeUrl !== undefined);
      if (missing.length)
        throw new ActionError(
          `strategy ${spec.strategy} uses ECS's native ${NATIVE[spec.strategy]} deployments, and ${this.label} lacks what they need; set ${missing.join('; ')}`,
        );
      const mixed = await mixedListenerRule(this.d.elbv2, svc.loadBalancers);
      if (mixed)
        throw new ActionError(
          `strategy ${spec.strategy} uses ECS's native ${NATIVE[spec.strategy]} deployments, which fail on a listener rule that mixes forward with other actions: ${mixed}`,
        );
    }
    const runningArn = svc.taskDefinition ?? '';
    const running = await this.readDefinition(runningArn);
    const same = await this.chooseDefinition(runningArn, running);
    // The same revision with another desired count goes out as a new deployment of it.
    const countChanges = spec.desiredCount !== undefined && spec.desiredCount !== svc.desiredCount;
    // So do new tag settings: they reach only tasks launched after them (UpdateService reference).
    const tagsChange =
      (spec.propagateTags !== undefined && spec.propagateTags !== (svc.propagateTags ?? 'NONE')) ||
      (spec.enableEcsManagedTags !== undefined &&
        spec.enableEcsManagedTags !== (svc.enableECSManagedTags ?? false));
    this.config = svc.deploymentConfiguration;
    this.deploymentBefore = svc.currentServiceDeployment;
    this.state.previousTaskDefinitionArn = runningArn;
    const unfinished = await unfinishedDeployments(this.d.ecs, this.state.cluster, this.state.service);
    const other = unfinished[0];
    // A service left on a revision whose deployment failed (no rollback) is not "up to date" with it.
    const failed = svc.deployments?.some((d) => d.status === 'PRIMARY' && d.rolloutState === 'FAILED');
    return {
      current: runningArn,
      upToDate: !other && !failed && same && !spec.forceNewDeployment && !countChanges && !tagsChange,
      inProgress: other ? `service deployment ${shortArn(other.arn)} is ${other.status}` : undefined,
    };
  }

  /**
   * What to deploy: task-definition-arn as it is (it must be ACTIVE), or the rendered definition, which is
   * registered only when it differs from what runs. Returns whether it is what the service runs.
   */
  private async chooseDefinition(runningArn: string, running: Record<string, unknown>): Promise<boolean> {
    const choice = await chooseDefinition(
      this.settings,
      runningArn,
      running,
      (arn) => this.readDefinition(arn),
      this.state.region,
    );
    this.desired = choice.desired;
    this.existing = choice.existing;
    return choice.same;
  }

  async prepareGreen(ctx: RolloutContext): Promise<void> {
    const spec = this.settings;
    if (this.existing) {
      this.state.taskDefinitionArn = this.existing;
      ctx.log(
        spec.taskDefinitionArn
          ? `deploying task definition ${rev(this.existing)} as it is`
          : `task definition unchanged: a new deployment of ${rev(this.existing)}`,
      );
    } else {
      const out = await this.d.ecs.send(new RegisterTaskDefinitionCommand(this.desired!));
      this.state.taskDefinitionArn = out.taskDefinition?.taskDefinitionArn;
      ctx.log(
        `registered task definition ${rev(this.state.taskDefinitionArn)}: ${describeChanges(spec.changes)}`,
      );
    }
    // The one-off task (migrations) runs the new revision before any UpdateService, for every strategy.
    if (spec.runTask) await this.runTask(spec.runTask, ctx);
    if (spec.strategy === 'rolling') return;
    const arn = await this.startDeployment(ctx);
    const smoke = spec.smokeUrl;
    const sd = await this.follow(
      ctx,
      `ECS ${NATIVE[spec.strategy]} deployment ${shortArn(arn)}: new tasks healthy, test traffic on them`,
      (x) => (smoke ? this.smokeHookWaiting(x) !== undefined : reached(x, SMOKE_STAGE)),
    );
    if (smoke) await this.smoke(smoke, arn, sd, ctx);
  }

  private runTaskDeps(ctx: RolloutContext): RunTaskDeps {
    return oneOffTaskDeps({ ...this.d, state: this.state, timeoutMs: this.timeoutMs }, ctx);
  }

  /** The one-off task with the revision this rollout deploys, its placement taken from the service. */
  private async runTask(spec: RunTaskSpec, ctx: RolloutContext): Promise<void> {
    const arn = this.state.taskDefinitionArn!;
    const [svc, definition] = await Promise.all([this.readService(), this.readDefinition(arn)]);
    await runOneOffTask(this.runTaskDeps(ctx), ctx, spec, svc, arn, definition);
  }

  private smokeHookWaiting(sd: ServiceDeployment): string | undefined {
    if (sd.lifecycleStage !== SMOKE_STAGE) return undefined;
    return (sd.lifecycleHookDetails ?? []).find(
      (h) => h.targetType === 'PAUSE' && h.status === 'AWAITING_ACTION',
    )?.hookId;
  }

  /** The smoke check at the PAUSE hook: CONTINUE on success; ROLLBACK (before any production traffic) on failure. */
  private async smoke(url: string, arn: string, sd: ServiceDeployment, ctx: RolloutContext): Promise<void> {
    const hookId = this.smokeHookWaiting(sd)!;
    ctx.log(`smoke check on the test listener: GET ${url}`);
    const result = await smokeCheck(url, { fetch: this.d.fetch, clock: this.d.clock, signal: this.d.signal });
    ctx.check({ name: 'smoke check', ok: result.ok, detail: result.detail });
    const action = result.ok ? 'CONTINUE' : 'ROLLBACK';
    await this.d.ecs.send(
      new ContinueServiceDeploymentCommand({ serviceDeploymentArn: arn, hookId, action }),
    );
    if (!result.ok)
      throw new ActionError(
        `smoke check failed: ${result.detail}; ECS rolls the deployment back before it gets production traffic`,
      );
    ctx.log(`smoke check passed: ${result.detail}`);
  }

  /** UpdateService with the new task definition; returns the service deployment it started. */
  private async startDeployment(ctx: RolloutContext): Promise<string> {
    const spec = this.settings;
    const current = this.config?.lifecycleHooks ?? [];
    if (spec.smoke && spec.strategy !== 'rolling') this.state.originalHooks = current;
    this.state.originalConfiguration = this.config ?? {};
    const out = await this.d.ecs.send(
      new UpdateServiceCommand({
        cluster: this.state.cluster,
        service: this.state.service,
        taskDefinition: this.state.taskDefinitionArn,
        deploymentConfiguration: deploymentConfiguration(this.config, current, spec),
        // The same revision starts no deployment unless forced.
        ...(spec.forceNewDeployment || this.state.taskDefinitionArn === this.state.previousTaskDefinitionArn
          ? { forceNewDeployment: true }
          : {}),
        ...(spec.desiredCount !== undefined ? { desiredCount: spec.desiredCount } : {}),
        ...(spec.propagateTags !== undefined ? { propagateTags: spec.propagateTags } : {}),
        ...(spec.enableEcsManagedTags !== undefined
          ? { enableECSManagedTags: spec.enableEcsManagedTags }
          : {}),
      }),
    );
    let arn = out.service?.currentServiceDeployment;
    if (!arn || arn === this.deploymentBefore)
      arn = (await unfinishedDeployments(this.d.ecs, this.state.cluster, this.state.service))[0]?.arn;
    if (!arn) throw new ActionError(`UpdateService on ${this.label} started no service deployment`);
    this.state.serviceDeploymentArn = arn;
    ctx.checkpoint();
    ctx.log(`started ECS service deployment ${arn}`);
    return arn;
  }

  /** Waits (with gates) until `done`; a deployment that fails or rolls back ends the wait with ECS's reason. */
  private follow(
    ctx: RolloutContext,
    what: string,
    done: (sd: ServiceDeployment) => boolean,
  ): Promise<ServiceDeployment> {
    const arn = this.state.serviceDeploymentArn!;
    return ctx.waitUntil(what, this.timeoutMs, async () => {
      const sd = await this.readDeployment(arn);
      if (sd.status && NOT_SUCCEEDING.includes(sd.status)) throw new ActionError(describeFailure(sd));
      if (done(sd)) return { done: true, value: sd };
      return { done: false, status: describeProgress(sd) };
    });
  }

  async shift(percent: number, ctx: RolloutContext): Promise<void> {
    const spec = this.settings;
    if (spec.strategy === 'rolling') {
      const arn = await this.startDeployment(ctx);
      await this.follow(ctx, `ECS rolling deployment ${shortArn(arn)}`, (sd) => sd.status === 'SUCCESSFUL');
      ctx.log(`ECS service deployment ${shortArn(arn)} is SUCCESSFUL`);
      return;
    }
    const sd = await this.follow(
      ctx,
      `ECS ${NATIVE[spec.strategy]} deployment: production traffic to ${percent}%`,
      (x) => trafficReached(x, percent),
    );
    ctx.log(
      `production traffic on the new revision: ${sd.targetServiceRevision?.requestedProductionTrafficWeight ?? 100}%`,
    );
  }

  async health(): Promise<HealthReport> {
    const arn = this.state.serviceDeploymentArn;
    if (!arn) return { name: 'ECS service deployment', ok: true, detail: 'not started yet' };
    const sd = await this.readDeployment(arn);
    const ok = !sd.status || !NOT_SUCCEEDING.includes(sd.status);
    const running = [...(sd.sourceServiceRevisions ?? []), sd.targetServiceRevision].reduce(
      (n, r) => n + (r?.runningTaskCount ?? 0),
      0,
    );
    return {
      name: 'ECS service deployment',
      ok,
      detail: ok ? describeProgress(sd) : describeFailure(sd, false),
      healthyCapacity: running,
    };
  }

  async finalize(ctx: RolloutContext): Promise<void> {
    const spec = this.settings;
    if (spec.strategy !== 'rolling')
      await this.follow(ctx, `ECS bake time and clean-up`, (sd) => sd.status === 'SUCCESSFUL');
    await this.restoreHooks(ctx);
    const svc = await this.readService();
    if (svc.taskDefinition !== this.state.taskDefinitionArn)
      throw new ActionError(
        `${this.label} reads back as ${rev(svc.taskDefinition)}, not ${rev(this.state.taskDefinitionArn)}: another deploy changed it`,
      );
    ctx.log(`${this.label} runs ${rev(svc.taskDefinition)} (read back)`);
  }

  /**
   * Puts slipway's smoke hook away again, so that the next deployment of the service does not pause. No call
   * when the hooks are already the original ones. ECS may start a deployment for a configuration change
   * alone (the UpdateService reference lists the deployment configuration among the parameters whose update
   * starts new tasks); this run follows it to its end, so that the next run does not find it in progress.
   */
  private async restoreHooks(ctx: RolloutContext): Promise<void> {
    const original = this.state.originalHooks;
    if (original === undefined) return;
    const svc = await this.readService();
    this.state.originalHooks = undefined;
    if (isDeepStrictEqual(svc.deploymentConfiguration?.lifecycleHooks ?? [], original)) return;
    const out = await this.d.ecs.send(
      new UpdateServiceCommand({
        cluster: this.state.cluster,
        service: this.state.service,
        deploymentConfiguration: { ...svc.deploymentConfiguration, lifecycleHooks: original },
      }),
    );
    ctx.log(`removed slipway's smoke-check hook from ${this.label}`);
    const arn = out.service?.currentServiceDeployment;
    if (!arn || arn === svc.currentServiceDeployment) return;
    this.state.hookDeploymentArn = arn;
    ctx.checkpoint();
    ctx.log(
      `removing the smoke-check hook started ECS service deployment ${shortArn(arn)}; following it to its end`,
    );
    await this.settleHookDeployment(ctx);
  }

  /** Waits for the deployment that removing the smoke hook started (the same task definition) to end. */
  private async settleHookDeployment(ctx: RolloutContext): Promise<void> {
    const arn = this.state.hookDeploymentArn;
    if (!arn) return;
    const sd = await ctx.waitPlain(
      `ECS service deployment ${shortArn(arn)} (smoke-check hook removed)`,
      this.timeoutMs,
      async () => {
        const x = await describeServiceDeployment(this.d.ecs, arn);
        return x.status && !UNFINISHED.includes(x.status)
          ? { done: true, value: x }
          : { done: false, status: describeProgress(x) };
      },
    );
    this.state.hookDeploymentArn = undefined;
    if (sd.status !== 'SUCCESSFUL')
      throw new ActionError(`removing the smoke-check hook: ${describeFailure(sd)}`);
  }

  /**
   * The unfinished deployment this rollout started, when a cancel came before its ARN was saved (the state is
   * saved between phases). It is ours when it moved the service onto the revision this rollout registered; or,
   * when even that was not saved yet, off the previous revision, and it started after this rollout did.
   */
  private async findOurs(): Promise<string | undefined> {
    const [newest] = await unfinishedDeployments(this.d.ecs, this.state.cluster, this.state.service);
    if (!newest) return undefined;
    const svc = await this.readService();
    if (this.state.taskDefinitionArn)
      return svc.taskDefinition === this.state.taskDefinitionArn ? newest.arn : undefined;
    if (svc.taskDefinition === this.state.previousTaskDefinitionArn) return undefined;
    const sd = await describeServiceDeployment(this.d.ecs, newest.arn);
    const startedAfterUs = (sd.createdAt?.getTime() ?? 0) >= this.state.startedAt - CLOCK_SKEW_MS;
    if (startedAfterUs) this.state.taskDefinitionArn = svc.taskDefinition;
    return startedAfterUs ? newest.arn : undefined;
  }

  /**
   * A new deployment of the previous task definition, for when ours already finished. It goes out with the
   * configuration the service had before this rollout: the alarms that failed this one must not fail (and
   * roll back) the way back.
   */
  private async rollForward(ctx: RolloutContext): Promise<string> {
    const previous = this.state.previousTaskDefinitionArn;
    const config = this.state.originalConfiguration ?? (await this.readService()).deploymentConfiguration;
    const out = await this.d.ecs.send(
      new UpdateServiceCommand({
        cluster: this.state.cluster,
        service: this.state.service,
        taskDefinition: previous,
        // A rollout of the same revision (forced) rolls back to it with another forced deployment.
        ...(previous === this.state.taskDefinitionArn ? { forceNewDeployment: true } : {}),
        deploymentConfiguration: {
          ...config,
          // Said outright: leaving alarms out could keep the ones this rollout set.
          alarms: config?.alarms ?? { alarmNames: [], enable: false, rollback: false },
          lifecycleHooks: this.state.originalHooks ?? config?.lifecycleHooks ?? [],
        },
      }),
    );
    this.state.originalHooks = undefined;
    const arn = out.service?.currentServiceDeployment;
    if (!arn) throw new ActionError(`UpdateService back to ${rev(previous)} started no service deployment`);
    ctx.log(`the deployment had finished; deploying ${rev(previous)} again (${shortArn(arn)})`);
    return arn;
  }

  async rollback(ctx: RolloutContext): Promise<void> {
    // A cancel during the one-off task: stop it first; the service was not touched yet.
    if (this.state.migrationTaskArn)
      await stopOneOffTask(this.runTaskDeps(ctx), ctx, this.state.migrationTaskArn);
    // A cancel may have come while the hook-removal deployment ran: it ends before anything else moves.
    await this.settleHookDeployment(ctx);
    const previous = this.state.previousTaskDefinitionArn;
    let arn = this.state.serviceDeploymentArn ?? (await this.findOurs());
    let forward = false;
    if (!arn) {
      const svc = await this.readService();
      if (!this.state.taskDefinitionArn || svc.taskDefinition !== this.state.taskDefinitionArn) {
        await this.restoreHooks(ctx);
        return ctx.log(`${this.label} still runs ${rev(svc.taskDefinition)}: nothing to roll back`);
      }
      arn = await this.rollForward(ctx);
      forward = true;
    } else {
      let sd = await describeServiceDeployment(this.d.ecs, arn);
      if ((sd.status === 'PENDING' || sd.status === 'IN_PROGRESS') && !(await this.stop(arn, ctx)))
        sd = await describeServiceDeployment(this.d.ecs, arn);
      if (sd.status === 'SUCCESSFUL' || sd.status === 'STOPPED') {
        arn = await this.rollForward(ctx);
        forward = true;
      } else if (sd.status === 'ROLLBACK_FAILED')
        throw new ActionError(
          `${describeFailure(sd)}; the service needs a hand: deploy ${rev(previous)} again`,
        );
    }
    const id = shortArn(arn);
    await ctx.waitPlain(`rollback of ${this.label} (${id})`, this.timeoutMs, async () => {
      const sd = await describeServiceDeployment(this.d.ecs, arn);
      const goal = forward ? 'SUCCESSFUL' : 'ROLLBACK_SUCCESSFUL';
      if (sd.status === goal) return { done: true, value: sd };
      if (sd.status === 'ROLLBACK_FAILED' || (forward && sd.status && NOT_SUCCEEDING.includes(sd.status)))
        throw new ActionError(`the rollback did not finish: ${describeFailure(sd)}`);
      return { done: false, status: describeProgress(sd) };
    });
    await this.restoreHooks(ctx);
    const svc = await this.readService();
    if (svc.taskDefinition !== previous)
      throw new ActionError(
        `${this.label} reads back as ${rev(svc.taskDefinition)} after the rollback, not ${rev(previous)}`,
      );
    ctx.log(`${this.label} is back on ${rev(previous)} (read back)`);
  }

  /**
   * StopServiceDeployment ROLLBACK. False when ECS refuses because the deployment just left IN_PROGRESS
   * (it finished, or ECS began a rollback itself); the caller reads where it went.
   */
  private async stop(arn: string, ctx: RolloutContext): Promise<boolean> {
    try {
      await this.d.ecs.send(
        new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: 'ROLLBACK' }),
      );
      ctx.log(`stopped ECS service deployment ${shortArn(arn)} with ROLLBACK`);
      return true;
    } catch (err) {
      if (!isAwsError(err, 'ConflictException')) throw err;
      ctx.log(`ECS service deployment ${shortArn(arn)} is already ending: ${(err as Error).message}`);
      return false;
    }
  }

  async diagnoseFailure(): Promise<string[]> {
    return diagnose({
      ecs: this.d.ecs,
      elbv2: this.d.elbv2,
      cluster: this.state.cluster,
      service: this.state.service,
      taskDefinitionArn: this.state.taskDefinitionArn,
    });
  }
}
