import type { CodeDeployClient, DeploymentInfo, DeploymentTarget } from '@aws-sdk/client-codedeploy';
import {
  CreateDeploymentCommand,
  GetDeploymentCommand,
  GetDeploymentGroupCommand,
  GetDeploymentTargetCommand,
  ListDeploymentTargetsCommand,
  StopDeploymentCommand,
} from '@aws-sdk/client-codedeploy';
import type { ECSClient, RegisterTaskDefinitionRequest, Service } from '@aws-sdk/client-ecs';
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import type { Clock } from '../../core/clock.js';
import type { AwsError } from '../../core/errors.js';
import { ActionError, isAwsError } from '../../core/errors.js';
import type { RolloutContext } from '../../rollout/context.js';
import type { HealthReport, Target, TargetState } from '../../rollout/target.js';
import type { EcsHooks } from './appspec.js';
import { ecsAppSpecRevision } from './appspec.js';
import type { DefinitionSpec } from './choose-definition.js';
import { chooseDefinition, rev } from './choose-definition.js';
import {
  CD_ACTIVE,
  CD_FAILED,
  describeCdFailure,
  describeCdProgress,
  greenWeight,
} from './codedeploy-events.js';
import { shortName } from './names.js';
import type { RunTaskDeps, RunTaskSpec } from './run-task.js';
import { oneOffTaskDeps, runOneOffTask, stopOneOffTask } from './run-task.js';
import type { ContainerChange } from './task-definition.js';
import { describeChanges } from './task-definition.js';

/** What the post step needs to rebuild this target and stop its deployment after a cancel. */
export interface CodeDeployServiceState {
  mode: 'codedeploy';
  region: string;
  cluster: string;
  service: string;
  application: string;
  deploymentGroup: string;
  previousTaskDefinitionArn: string | undefined;
  taskDefinitionArn: string | undefined;
  /** The CodeDeploy deployment this rollout created. */
  deploymentId: string | undefined;
  /** The deployment that takes the service back (CodeDeploy's rollback, or slipway's redeploy of the old revision). */
  rollbackDeploymentId?: string | undefined;
  /** The one-off task while it runs, for the post step to stop after a cancel. */
  migrationTaskArn?: string | undefined;
  waitTimeoutMs: number;
}

export interface CodeDeployTargetSpec extends DefinitionSpec {
  changes: ReadonlyMap<string, ContainerChange>;
  desiredCount: number | undefined;
  forceNewDeployment: boolean;
  smokeUrl: string | undefined;
  runTask?: RunTaskSpec | undefined;
  /** The AppSpec's hooks for this rollout's deployment (not for a redeploy of the previous revision). */
  codedeployHooks?: EcsHooks | undefined;
}

export interface CodeDeployTargetDeps {
  ecs: ECSClient;
  codedeploy: CodeDeployClient;
  clock: Clock;
  /** CloudWatch Logs, for the one-off task's log; and a job-summary row. */
  logs?: RunTaskDeps['logs'] | undefined;
  fact?: RunTaskDeps['fact'] | undefined;
}

// Polls are at least 5 s apart; a read younger than this belongs to the same poll.
const MEMO_MS = 1_000;

interface Reading {
  info: DeploymentInfo;
  target: DeploymentTarget | undefined;
}

/**
 * An ECS service on the CODE_DEPLOY deployment controller: the revision is rendered and registered as for any
 * service, then one CodeDeploy deployment (AppSpec content) replaces the task set and shifts traffic by the
 * deployment group's configuration; the engine's steps follow its traffic weight, with the gates checked at
 * every poll. Only that deployment reaching Succeeded is a success; CodeDeploy's own rollback is reported as one.
 */
export class CodeDeployServiceTarget implements Target {
  readonly label: string;
  private desired: RegisterTaskDefinitionRequest | undefined;

  /** The definition this run renders and registers (none when it deploys a registered revision as it is). */
  get rendered(): RegisterTaskDefinitionRequest | undefined {
    return this.desired;
  }
  private existing: string | undefined;
  private svc: Service | undefined;
  private targetId: string | undefined;
  private memo: { at: number; id: string; r: Reading } | undefined;

  constructor(
    private readonly d: CodeDeployTargetDeps,
    readonly state: CodeDeployServiceState,
    private readonly spec?: CodeDeployTargetSpec,
  ) {
    this.label = `service ${shortName(state.service)} in cluster ${shortName(state.cluster)}`;
  }

  private get settings(): CodeDeployTargetSpec {
    if (!this.spec) throw new Error('this target was rebuilt for a rollback only');
    return this.spec;
  }

  private get deploymentName(): string {
    return `${this.state.application}/${this.state.deploymentGroup}`;
  }

  private async readService(): Promise<Service> {
    const { cluster, service, region } = this.state;
    const out = await this.d.ecs.send(new DescribeServicesCommand({ cluster, services: [service] }));
    const svc = out.services?.[0];
    if (!svc)
      throw new ActionError(`${this.label} not found in ${region}; check cluster, service and aws-region`);
    return svc;
  }

  /** The task definition of the service's PRIMARY task set: what takes production traffic. */
  private static primaryDefinition(svc: Service): string {
    const primary = svc.taskSets?.find((ts) => ts.status === 'PRIMARY');
    // Stryker disable next-line StringLiteral: a CODE_DEPLOY service always names a task definition; '' only types it
    return primary?.taskDefinition ?? svc.taskDefinition ?? '';
  }

  private async readDefinition(arn: string): Promise<Record<string, unknown>> {
    const out = await this.d.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn }));
    return out.taskDefinition as Record<string, unknown>;
  }

  /** The deployment and (once it started) its ECS target; one read serves the gate check and the wait of a poll. */
  private async read(id: string): Promise<Reading> {
    const now = this.d.clock.now();
    if (this.memo?.id === id && now - this.memo.at < MEMO_MS) return this.memo.r;
    const info = (await this.d.codedeploy.send(new GetDeploymentCommand({ deploymentId: id })))
      .deploymentInfo!;
    let target: DeploymentTarget | undefined;
    if (info.status !== 'Created' && info.status !== 'Queued') {
      this.targetId ??= (await this.d.codedeploy.send(new ListDeploymentTargetsCommand({ deploymentId: id })))
        .targetIds?.[0];
      if (this.targetId)
        target = (
          await this.d.codedeploy.send(
            new GetDeploymentTargetCommand({ deploymentId: id, targetId: this.targetId }),
          )
        ).deploymentTarget;
    }
    const r = { info, target };
    this.memo = { at: now, id, r };
    return r;
  }

  async describe(): Promise<TargetState> {
    const spec = this.settings;
    const svc = await this.readService();
    if (svc.status !== 'ACTIVE') throw new ActionError(`${this.label} is ${svc.status}, not ACTIVE`);
    if (spec.smokeUrl !== undefined)
      throw new ActionError(
        `smoke-url is not supported for ${this.label} on the CODE_DEPLOY controller; give the deployment group's AppSpec hooks or alarms instead`,
      );
    if (spec.desiredCount !== undefined)
      throw new ActionError(
        `desired-count is not supported for ${this.label} on the CODE_DEPLOY controller; CodeDeploy keeps the service's count`,
      );
    const group = await this.d.codedeploy
      .send(
        new GetDeploymentGroupCommand({
          applicationName: this.state.application,
          deploymentGroupName: this.state.deploymentGroup,
        }),
      )
      .catch((err: unknown) => {
        if (
          isAwsError(err, 'ApplicationDoesNotExistException') ||
          isAwsError(err, 'DeploymentGroupDoesNotExistException')
        )
          throw new ActionError(
            `CodeDeploy deployment group ${this.deploymentName} does not exist in ${this.state.region} (${(err as AwsError).code}); check codedeploy-application and codedeploy-deployment-group`,
          );
        throw err;
      });
    const info = group.deploymentGroupInfo;
    const ours = (info?.ecsServices ?? []).some(
      (s) =>
        s.serviceName === shortName(this.state.service) && s.clusterName === shortName(this.state.cluster),
    );
    if (!ours)
      throw new ActionError(
        `CodeDeploy deployment group ${this.deploymentName} deploys ${(info?.ecsServices ?? []).map((s) => `${s.clusterName}/${s.serviceName}`).join(', ') || 'no ECS service'}, not ${shortName(this.state.cluster)}/${shortName(this.state.service)}`,
      );
    this.svc = svc;
    const runningArn = CodeDeployServiceTarget.primaryDefinition(svc);
    const running = await this.readDefinition(runningArn);
    const choice = await chooseDefinition(
      spec,
      runningArn,
      running,
      (a) => this.readDefinition(a),
      this.state.region,
    );
    this.desired = choice.desired;
    this.existing = choice.existing;
    this.state.previousTaskDefinitionArn = runningArn;
    const last = info?.lastAttemptedDeployment;
    const other = last?.status && CD_ACTIVE.includes(last.status) ? last : undefined;
    return {
      current: runningArn,
      upToDate: !other && choice.same && !spec.forceNewDeployment,
      inProgress: other ? `CodeDeploy deployment ${other.deploymentId ?? ''} is ${other.status}` : undefined,
    };
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
    // The one-off task (migrations) runs the new revision with the service's placement before CodeDeploy
    // starts a replacement task set.
    if (spec.runTask) await this.runTask(spec.runTask, ctx);
    const id = await this.createDeployment(
      this.state.taskDefinitionArn!,
      `slipway deploy-ecs: ${rev(this.state.taskDefinitionArn)}`,
      spec.codedeployHooks,
    );
    this.state.deploymentId = id;
    ctx.checkpoint();
    ctx.log(`created CodeDeploy deployment ${id} in ${this.deploymentName}`);
    await this.follow(
      ctx,
      `CodeDeploy deployment ${id}: replacement task set installed`,
      (r) =>
        (r.target?.ecsTarget?.lifecycleEvents ?? []).some(
          (e) => e.lifecycleEventName === 'Install' && e.status === 'Succeeded',
        ) || r.info.status === 'Succeeded',
    );
  }

  private runTaskDeps(ctx: RolloutContext): RunTaskDeps {
    return oneOffTaskDeps({ ...this.d, state: this.state, timeoutMs: this.state.waitTimeoutMs }, ctx);
  }

  private async runTask(spec: RunTaskSpec, ctx: RolloutContext): Promise<void> {
    const arn = this.state.taskDefinitionArn!;
    const svc = this.svc ?? (await this.readService());
    await runOneOffTask(this.runTaskDeps(ctx), ctx, spec, svc, arn, await this.readDefinition(arn));
  }

  private async createDeployment(
    taskDefinitionArn: string,
    description: string,
    hooks?: EcsHooks,
  ): Promise<string> {
    const svc = this.svc ?? (await this.readService());
    const out = await this.d.codedeploy.send(
      new CreateDeploymentCommand({
        applicationName: this.state.application,
        deploymentGroupName: this.state.deploymentGroup,
        revision: ecsAppSpecRevision(svc, taskDefinitionArn, hooks),
        description,
      }),
    );
    if (!out.deploymentId)
      throw new ActionError(`CreateDeployment in ${this.deploymentName} returned no deployment id`);
    return out.deploymentId;
  }

  /** Waits (with gates) until `done`; a deployment that ends Failed or Stopped ends the wait with CodeDeploy's reasons. */
  private follow(ctx: RolloutContext, what: string, done: (r: Reading) => boolean): Promise<Reading> {
    const id = this.state.deploymentId!;
    return ctx.waitUntil(what, this.state.waitTimeoutMs, async () => {
      const r = await this.read(id);
      if (r.info.status && CD_FAILED.includes(r.info.status))
        throw new ActionError(describeCdFailure(r.info, r.target));
      if (done(r)) return { done: true, value: r };
      return { done: false, status: describeCdProgress(r.info, r.target) };
    });
  }

  async shift(percent: number, ctx: RolloutContext): Promise<void> {
    const r = await this.follow(
      ctx,
      `CodeDeploy deployment ${this.state.deploymentId!}: production traffic to ${percent}%`,
      (x) => x.info.status === 'Succeeded' || (greenWeight(x.target) ?? 0) >= percent,
    );
    ctx.log(`production traffic on the replacement task set: ${greenWeight(r.target) ?? 100}%`);
  }

  async health(): Promise<HealthReport> {
    const id = this.state.deploymentId;
    if (!id) return { name: 'CodeDeploy deployment', ok: true, detail: 'not started yet' };
    const r = await this.read(id);
    const ok = !r.info.status || !CD_FAILED.includes(r.info.status);
    const running = (r.target?.ecsTarget?.taskSetsInfo ?? []).reduce(
      (n, ts) => n + (ts.runningCount ?? 0),
      0,
    );
    return {
      name: 'CodeDeploy deployment',
      ok,
      detail: ok ? describeCdProgress(r.info, r.target) : describeCdFailure(r.info, r.target),
      healthyCapacity: running,
    };
  }

  /**
   * CodeDeploy reports Succeeded once it has deleted the replaced task set, whose tasks still drain: a run ends
   * when they are gone, so that the next run finds the service with its one task set. Returns the service.
   */
  private drained(ctx: RolloutContext): Promise<Service> {
    return ctx.waitPlain(
      `the replaced task set of ${this.label} draining`,
      this.state.waitTimeoutMs,
      async () => {
        const x = await this.readService();
        const others = (x.taskSets ?? []).filter((ts) => ts.status !== 'PRIMARY');
        return others.length === 0
          ? { done: true, value: x }
          : {
              done: false,
              status: others.map((ts) => `task set ${ts.id ?? ''} ${ts.status ?? ''}`).join(', '),
            };
      },
    );
  }

  async finalize(ctx: RolloutContext): Promise<void> {
    const id = this.state.deploymentId!;
    await this.follow(
      ctx,
      `CodeDeploy deployment ${id}: termination wait and clean-up`,
      (r) => r.info.status === 'Succeeded',
    );
    const svc = await this.drained(ctx);
    const now = CodeDeployServiceTarget.primaryDefinition(svc);
    if (now !== this.state.taskDefinitionArn)
      throw new ActionError(
        `${this.label} reads back as ${rev(now)}, not ${rev(this.state.taskDefinitionArn)}: another deploy changed it`,
      );
    ctx.log(`${this.label} runs ${rev(now)} alone (read back)`);
  }

  /** StopDeployment with CodeDeploy's rollback; false when it already ended. */
  private async stop(id: string, ctx: RolloutContext): Promise<void> {
    try {
      await this.d.codedeploy.send(
        new StopDeploymentCommand({ deploymentId: id, autoRollbackEnabled: true }),
      );
      ctx.log(`stopped CodeDeploy deployment ${id} with automatic rollback`);
    } catch (err) {
      if (!isAwsError(err, 'DeploymentAlreadyCompletedException')) throw err;
      ctx.log(`CodeDeploy deployment ${id} has already ended: ${(err as Error).message}`);
    }
    this.memo = undefined;
  }

  async rollback(ctx: RolloutContext): Promise<void> {
    // A cancel during the one-off task: stop it first; no deployment was created yet.
    if (this.state.migrationTaskArn)
      await stopOneOffTask(this.runTaskDeps(ctx), ctx, this.state.migrationTaskArn);
    const previous = this.state.previousTaskDefinitionArn;
    const id = this.state.deploymentId;
    let back = this.state.rollbackDeploymentId;
    if (!back && id) {
      let r = await this.read(id);
      if (r.info.status && CD_ACTIVE.includes(r.info.status)) {
        await this.stop(id, ctx);
        // StopDeployment may answer Pending: the deployment ends (and names its rollback) a little later.
        r = await ctx.waitPlain(
          `CodeDeploy deployment ${id} stopping`,
          this.state.waitTimeoutMs,
          async () => {
            const x = await this.read(id);
            return x.info.status && CD_ACTIVE.includes(x.info.status)
              ? { done: false, status: describeCdProgress(x.info, x.target) }
              : { done: true, value: x };
          },
        );
      }
      back = r.info.rollbackInfo?.rollbackDeploymentId;
      if (!back && r.info.status === 'Succeeded') {
        // Ours had finished: the old revision goes out again, as a deployment of its own.
        back = await this.createDeployment(previous!, `slipway deploy-ecs: back to ${rev(previous)}`);
        ctx.log(`the deployment had finished; deploying ${rev(previous)} again (${back})`);
      }
      if (!back) {
        const svc = await this.readService();
        if ((svc.taskSets ?? []).length <= 1 && CodeDeployServiceTarget.primaryDefinition(svc) === previous)
          return ctx.log(`${this.label} still runs ${rev(previous)}: nothing to roll back`);
        throw new ActionError(
          `${describeCdFailure(r.info, r.target)}; the deployment group's automatic rollback is off for this: deploy ${rev(previous)} again`,
        );
      }
      this.state.rollbackDeploymentId = back;
      ctx.checkpoint();
    }
    if (!back) {
      const svc = await this.readService();
      return ctx.log(
        `${this.label} still runs ${rev(CodeDeployServiceTarget.primaryDefinition(svc))}: nothing to roll back`,
      );
    }
    const rollbackId = back;
    await ctx.waitPlain(
      `CodeDeploy rollback deployment ${rollbackId}`,
      this.state.waitTimeoutMs,
      async () => {
        const info = (await this.d.codedeploy.send(new GetDeploymentCommand({ deploymentId: rollbackId })))
          .deploymentInfo!;
        if (info.status === 'Succeeded') return { done: true, value: info };
        if (info.status && CD_FAILED.includes(info.status))
          throw new ActionError(`the rollback did not finish: ${describeCdFailure(info, undefined)}`);
        return { done: false, status: describeCdProgress(info, undefined) };
      },
    );
    const now = CodeDeployServiceTarget.primaryDefinition(await this.drained(ctx));
    if (now !== previous)
      throw new ActionError(
        `${this.label} reads back as ${rev(now)} after the rollback, not ${rev(previous)}`,
      );
    ctx.log(`${this.label} is back on ${rev(previous)} (read back)`);
  }
}
