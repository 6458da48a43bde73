import { createHash } from 'node:crypto';
import type { AutoRollbackEvent, Deployment } from './codedeploy-model.js';
import { ACTIVE_STATUSES, ECS_EVENTS } from './codedeploy-model.js';
import { CodeDeployLifecycle } from './codedeploy-lifecycle.js';
import type { LambdaSim } from './lambda.js';

export type { Deployment, DeploymentGroup, TrafficRoutingConfig } from './codedeploy-model.js';
export { PREDEFINED_ECS_CONFIGS } from './codedeploy-model.js';

type Input = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * AWS CodeDeploy for Amazon ECS blue/green, as its API reference and user guide document it. Split by part:
 * codedeploy-model.ts (records, errors), codedeploy-groups.ts (applications, deployment groups and
 * configurations), codedeploy-traffic.ts (the AppSpec and the traffic steps), codedeploy-lifecycle.ts (the
 * deployment's life on the virtual clock); this file holds the deployment API calls and what is left behind.
 */
export class CodeDeploySim extends CodeDeployLifecycle {
  // ---- set-up: a hook function's scripted behaviour ----

  /**
   * Scripts the Lambda function `name` (created in the Lambda simulator) as a lifecycle hook: `afterMs` after
   * each invocation it calls PutLifecycleEventHookExecutionStatus with `status`, as a real hook does with its
   * own role; 'silent' never reports (the event times out after an hour).
   */
  scriptHook(
    lambda: LambdaSim,
    name: string,
    status: 'Succeeded' | 'Failed' | 'silent',
    afterMs = 1_000,
  ): void {
    lambda.behave(lambda.fn(name).codeSha256, (payload) => {
      const p = payload as { DeploymentId: string; LifecycleEventHookExecutionId: string };
      if (status !== 'silent')
        this.account.clock.at(this.now + afterMs, () =>
          this.PutLifecycleEventHookExecutionStatus({
            deploymentId: p.DeploymentId,
            lifecycleEventHookExecutionId: p.LifecycleEventHookExecutionId,
            status,
          }),
        );
      return { payload: null };
    });
  }

  deployment(id: string): Deployment | undefined {
    return this.deployments.find((d) => d.id === id);
  }

  override orphans(): string[] {
    const out: string[] = [];
    for (const d of this.deployments)
      if (ACTIVE_STATUSES.includes(d.status))
        out.push(`CodeDeploy deployment ${d.id} of ${d.applicationName}/${d.groupName} is still ${d.status}`);
    for (const g of this.groups.values()) {
      if (this.deployments.some((d) => d.groupName === g.name && ACTIVE_STATUSES.includes(d.status)))
        continue;
      for (const s of g.ecsServices)
        for (const ts of this.ecs.taskSets(s.clusterName, s.serviceName))
          if (ts.status !== 'PRIMARY')
            out.push(
              `task set ${ts.id} (${ts.status}${ts.externalId ? `, from ${ts.externalId}` : ''}) of ${s.serviceName} is left beside the PRIMARY one`,
            );
    }
    return out;
  }

  // ---- API: deployments ----

  /**
   * https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_CreateDeployment.html. An ECS deployment
   * takes its revision as AppSpecContent; one deployment at a time per group (DeploymentLimitExceededException,
   * with the text CodeDeploy gives). The AppSpec's content is read when the deployment starts (an unreadable one
   * fails it with INVALID_REVISION), and its task definition, container and port when ECS creates the task set.
   */
  CreateDeployment(input: Input): { deploymentId: string } {
    const g = this.group(str(input['applicationName']), str(input['deploymentGroupName']));
    const revision = input['revision'] as
      { revisionType?: string; appSpecContent?: { content?: string; sha256?: string } } | undefined;
    if (!revision) throw this.error('RevisionRequiredException', 'Revision is required.');
    // Only AppSpecContent is modelled (an S3 or GitHub revision is refused: ASSUMPTIONS.md).
    if (revision.revisionType !== 'AppSpecContent' || !revision.appSpecContent?.content)
      throw this.error(
        'InvalidRevisionException',
        'The revision must be of type AppSpecContent, with content.',
      );
    const { content, sha256 } = revision.appSpecContent;
    // https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_AppSpecContent.html: sha256 is "the SHA256
    // hash value of the revision content"; a value that does not match is refused (ASSUMPTIONS.md).
    if (sha256 !== undefined && sha256 !== createHash('sha256').update(content).digest('hex'))
      throw this.error(
        'InvalidRevisionException',
        'The sha256 of the AppSpec content does not match its content.',
      );
    const configName = str(input['deploymentConfigName']) ?? g.deploymentConfigName;
    const config = this.config(configName);
    if (config.computePlatform !== 'ECS')
      throw this.error(
        'InvalidDeploymentConfigNameException',
        `The deployment configuration ${configName} is not for the ECS compute platform.`,
      );
    const active = this.deployments.find(
      (d) =>
        d.applicationName === g.applicationName &&
        d.groupName === g.name &&
        ACTIVE_STATUSES.includes(d.status),
    );
    if (active)
      throw this.error(
        'DeploymentLimitExceededException',
        `The Deployment Group '${g.name}' already has an active Deployment '${active.id}'`,
      );
    const rollback = input['autoRollbackConfiguration'] as
      { enabled?: boolean; events?: AutoRollbackEvent[] } | undefined;
    const s = g.ecsServices[0]!;
    const d: Deployment = {
      id: this.newDeploymentId(),
      applicationName: g.applicationName,
      groupName: g.name,
      configName,
      routing: structuredClone(config.trafficRoutingConfig),
      creator: 'user',
      autoRollback: rollback
        ? { enabled: rollback.enabled === true, events: rollback.events ?? [] }
        : structuredClone(g.autoRollbackConfiguration),
      description: str(input['description']) ?? '',
      appSpecContent: { content, sha256: sha256 ?? createHash('sha256').update(content).digest('hex') },
      appSpec: undefined,
      status: 'Created',
      createTime: this.now,
      startTime: undefined,
      completeTime: undefined,
      errorInformation: undefined,
      rollbackInfo: undefined,
      events: ECS_EVENTS.map((name) => this.newEvent(name)),
      clusterName: s.clusterName,
      serviceName: s.serviceName,
      originalTaskSetId: undefined,
      replacementTaskSetId: undefined,
      originalTg: '',
      replacementTg: '',
      replacementWeight: 0,
      shiftStartedAt: undefined,
      readySince: undefined,
      terminateAt: undefined,
      rollbackOf: undefined,
      lastUpdatedAt: this.now,
    };
    this.deployments.push(d);
    return { deploymentId: d.id };
  }

  protected found(id: unknown): Deployment {
    if (typeof id !== 'string' || id === '')
      throw this.error('DeploymentIdRequiredException', 'At least one deployment ID must be specified.');
    const d = this.deployment(id);
    if (!d) throw this.error('DeploymentDoesNotExistException', `The deployment ${id} could not be found.`);
    return d;
  }

  /** https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_DeploymentInfo.html */
  GetDeployment(input: Input): unknown {
    const d = this.found(input['deploymentId']);
    const overview = { Pending: 0, InProgress: 0, Succeeded: 0, Failed: 0, Skipped: 0, Ready: 0 };
    overview[this.targetStatus(d)]++;
    const date = (n: number | undefined) => (n !== undefined ? new Date(n) : undefined);
    const g = this.groupOf(d);
    return {
      deploymentInfo: {
        applicationName: d.applicationName,
        deploymentGroupName: d.groupName,
        deploymentConfigName: d.configName,
        deploymentId: d.id,
        revision: { revisionType: 'AppSpecContent', appSpecContent: structuredClone(d.appSpecContent) },
        status: d.status,
        ...(d.errorInformation ? { errorInformation: structuredClone(d.errorInformation) } : {}),
        createTime: date(d.createTime),
        ...(d.startTime !== undefined ? { startTime: date(d.startTime) } : {}),
        ...(d.completeTime !== undefined ? { completeTime: date(d.completeTime) } : {}),
        deploymentOverview: overview,
        description: d.description,
        creator: d.creator,
        autoRollbackConfiguration: structuredClone(d.autoRollback),
        ...(d.rollbackInfo ? { rollbackInfo: structuredClone(d.rollbackInfo) } : {}),
        deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
        blueGreenDeploymentConfiguration: structuredClone(g.blueGreenDeploymentConfiguration),
        loadBalancerInfo: structuredClone(g.loadBalancerInfo),
        ...(d.terminateAt !== undefined ? { instanceTerminationWaitTimeStarted: true } : {}),
        computePlatform: 'ECS',
      },
    };
  }

  /**
   * https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_ListDeployments.html: "If applicationName is
   * specified, then deploymentGroupName must be specified. If it is not specified, then deploymentGroupName
   * must not be specified." The order is not documented: oldest first here (ASSUMPTIONS.md).
   */
  ListDeployments(input: Input): { deployments: string[]; nextToken?: string } {
    const app = str(input['applicationName']);
    const groupName = str(input['deploymentGroupName']);
    if (groupName !== undefined && app === undefined)
      throw this.error(
        'ApplicationNameRequiredException',
        'The application name must be specified with a deployment group name.',
      );
    if (app !== undefined) this.group(app, groupName);
    const statuses = (input['includeOnlyStatuses'] as string[] | undefined) ?? [];
    const ids = this.deployments
      .filter(
        (d) =>
          (app === undefined || (d.applicationName === app && d.groupName === groupName)) &&
          (statuses.length === 0 || statuses.includes(d.status)),
      )
      .map((d) => d.id);
    const start = Number(str(input['nextToken']) ?? 0);
    const page = ids.slice(start, start + 100);
    return { deployments: page, ...(start + 100 < ids.length ? { nextToken: String(start + 100) } : {}) };
  }

  /**
   * https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_StopDeployment.html: autoRollbackEnabled
   * says whether to roll back; absent, the group's DEPLOYMENT_STOP_ON_REQUEST decides. Stopped without a
   * rollback, an ECS deployment leaves its task sets and weights where they are (ASSUMPTIONS.md).
   */
  StopDeployment(input: Input): { status: string; statusMessage: string } {
    const d = this.found(input['deploymentId']);
    if (!ACTIVE_STATUSES.includes(d.status) || d.rollbackOf !== undefined)
      throw this.error(
        'DeploymentAlreadyCompletedException',
        `The deployment ${d.id} has already completed.`,
      );
    const asked = input['autoRollbackEnabled'];
    const rollback = typeof asked === 'boolean' ? asked : this.rollsBackOn(d, 'DEPLOYMENT_STOP_ON_REQUEST');
    this.end(
      d,
      'Stopped',
      'MANUAL_STOP',
      'The deployment was stopped by a user request.',
      rollback && d.status !== 'Created',
    );
    return { status: 'Succeeded', statusMessage: `Deployment ${d.id} stopped.` };
  }

  /**
   * https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_ContinueDeployment.html: READY_WAIT starts
   * rerouting traffic of a deployment that waits (status Ready); TERMINATION_WAIT ends the wait before the
   * original task set is deleted.
   */
  ContinueDeployment(input: Input): Record<string, never> {
    const d = this.found(input['deploymentId']);
    const type = str(input['deploymentWaitType']) ?? 'READY_WAIT';
    if (type === 'READY_WAIT') {
      if (d.status !== 'Ready')
        throw this.error(
          'DeploymentIsNotInReadyStateException',
          `The deployment ${d.id} is not in the Ready state.`,
        );
      Object.assign(d, { status: 'InProgress', lastUpdatedAt: this.now });
      return {};
    }
    if (d.status !== 'InProgress' || d.terminateAt === undefined)
      throw this.error(
        'DeploymentIsNotInReadyStateException',
        `The deployment ${d.id} is not waiting to terminate the original task set.`,
      );
    d.terminateAt = this.now;
    return {};
  }

  /**
   * https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_PutLifecycleEventHookExecutionStatus.html:
   * only Succeeded and Failed may be reported, once, while the event runs.
   */
  PutLifecycleEventHookExecutionStatus(input: Input): { lifecycleEventHookExecutionId: string } {
    const d = this.found(input['deploymentId']);
    const execId = str(input['lifecycleEventHookExecutionId']);
    const status = input['status'];
    if (status !== 'Succeeded' && status !== 'Failed')
      throw this.error(
        'InvalidLifecycleEventHookExecutionStatusException',
        `The status ${String(status)} is not valid; report Succeeded or Failed.`,
      );
    const e = d.events.find((x) => x.hookExecutionId !== undefined && x.hookExecutionId === execId);
    if (!e)
      throw this.error(
        'InvalidLifecycleEventHookExecutionIdException',
        `The lifecycle event hook execution id ${execId} is not valid.`,
      );
    if (e.status !== 'InProgress' || e.reported !== undefined)
      throw this.error(
        'LifecycleEventAlreadyCompletedException',
        `The lifecycle event ${e.name} has already completed.`,
      );
    e.reported = status;
    d.lastUpdatedAt = this.now;
    return { lifecycleEventHookExecutionId: execId! };
  }

  // ---- API: the deployment's ECS target ----

  private targetStatus(
    d: Deployment,
  ): 'Pending' | 'InProgress' | 'Succeeded' | 'Failed' | 'Skipped' | 'Ready' {
    if (d.status === 'Created' || d.status === 'Queued') return 'Pending';
    if (d.status === 'Ready') return 'Ready';
    if (d.status === 'Succeeded') return 'Succeeded';
    if (d.status === 'Failed' || d.status === 'Stopped') return 'Failed';
    return 'InProgress';
  }

  private targetId(d: Deployment): string {
    return `${d.clusterName}:${d.serviceName}`;
  }

  /** https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_ListDeploymentTargets.html (ECS: one target, cluster:service). */
  ListDeploymentTargets(input: Input): { targetIds: string[] } {
    const d = this.found(input['deploymentId']);
    if (d.status === 'Created')
      throw this.error('DeploymentNotStartedException', `The deployment ${d.id} has not started.`);
    return { targetIds: [this.targetId(d)] };
  }

  /** https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_ECSTarget.html */
  private ecsTarget(d: Deployment): unknown {
    const date = (n: number | undefined) => (n !== undefined ? new Date(n) : undefined);
    const sets = this.ecs
      .DescribeTaskSets({ cluster: d.clusterName, service: d.serviceName })
      .taskSets?.filter((ts) => ts.id === d.originalTaskSetId || ts.id === d.replacementTaskSetId);
    return {
      deploymentTargetType: 'ECSTarget',
      ecsTarget: {
        deploymentId: d.id,
        targetId: this.targetId(d),
        targetArn: this.ecs.service(d.clusterName, d.serviceName).arn,
        lastUpdatedAt: new Date(d.lastUpdatedAt),
        status: this.targetStatus(d),
        lifecycleEvents: d.events.map((e) => ({
          lifecycleEventName: e.name,
          status: e.status,
          ...(e.startTime !== undefined ? { startTime: date(e.startTime) } : {}),
          ...(e.endTime !== undefined ? { endTime: date(e.endTime) } : {}),
          ...(e.diagnostics ? { diagnostics: structuredClone(e.diagnostics) } : {}),
        })),
        taskSetsInfo: (sets ?? []).map((ts) => {
          const replacement = ts.id === d.replacementTaskSetId;
          return {
            identifer: ts.id,
            desiredCount: ts.computedDesiredCount,
            pendingCount: ts.pendingCount,
            runningCount: ts.runningCount,
            status: ts.status,
            trafficWeight: replacement ? d.replacementWeight : 100 - d.replacementWeight,
            targetGroup: { name: this.elbv2.nameOf(replacement ? d.replacementTg : d.originalTg) },
            taskSetLabel: replacement ? 'Green' : 'Blue',
          };
        }),
      },
    };
  }

  private checkTarget(d: Deployment, id: unknown): void {
    if (typeof id !== 'string' || id === '')
      throw this.error('DeploymentTargetIdRequiredException', 'A deployment target ID must be specified.');
    if (d.status === 'Created')
      throw this.error('DeploymentNotStartedException', `The deployment ${d.id} has not started.`);
    if (id !== this.targetId(d))
      throw this.error(
        'DeploymentTargetDoesNotExistException',
        `The deployment target ${id} does not exist.`,
      );
  }

  /** https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_GetDeploymentTarget.html */
  GetDeploymentTarget(input: Input): unknown {
    const d = this.found(input['deploymentId']);
    this.checkTarget(d, input['targetId']);
    return { deploymentTarget: this.ecsTarget(d) };
  }

  /** https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_BatchGetDeploymentTargets.html: up to 25 ids. */
  BatchGetDeploymentTargets(input: Input): unknown {
    const d = this.found(input['deploymentId']);
    const ids = (input['targetIds'] as unknown[] | undefined) ?? [];
    if (ids.length === 0)
      throw this.error('DeploymentTargetIdRequiredException', 'A deployment target ID must be specified.');
    if (ids.length > 25)
      throw this.error(
        'DeploymentTargetListSizeExceededException',
        'The maximum number of targets that can be requested is 25.',
      );
    for (const id of ids) this.checkTarget(d, id);
    return { deploymentTargets: ids.map(() => this.ecsTarget(d)) };
  }
}
