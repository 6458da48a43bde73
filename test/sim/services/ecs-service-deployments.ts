import type * as sdk from '@aws-sdk/client-ecs';
import type { SimEcsService, SimServiceDeployment } from './ecs-model.js';
import { ACTIVE_SD, NATIVE, STOPPED_VISIBLE_MS } from './ecs-model.js';
import { EcsNative } from './ecs-native.js';

/**
 * Service deployments: the scheduler that moves them on the virtual clock, and ListServiceDeployments,
 * DescribeServiceDeployments, StopServiceDeployment and ContinueServiceDeployment.
 */
export abstract class EcsServiceDeployments extends EcsNative {
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

  /** One pass of the service scheduler; true when it changed something (another pass may follow). */
  protected schedule(svc: SimEcsService): boolean {
    this.settleSuperseded(svc);
    const sd = this.inFlight(svc);
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

  /** A superseded deployment is STOPPED once none of its tasks runs any more. */
  protected settleSuperseded(svc: SimEcsService): void {
    for (const sd of svc.serviceDeployments)
      if (
        sd.status === 'STOP_REQUESTED' &&
        !this.serviceTasks(svc).some(
          (t) => t.revisionArn === sd.targetRevisionArn && t.lastStatus !== 'STOPPED',
        )
      )
        Object.assign(sd, {
          status: 'STOPPED',
          stoppedAt: this.now,
          finishedAt: this.now,
          updatedAt: this.now,
        });
  }

  protected refreshDeploymentRecords(svc: SimEcsService): void {
    const tasks = this.serviceTasks(svc);
    for (const d of svc.deployments)
      if (d.status === 'ACTIVE' && !tasks.some((t) => t.deploymentId === d.id && t.lastStatus !== 'STOPPED'))
        d.status = 'INACTIVE';
  }

  // ---- API: service deployments ----

  protected revisionSummary(
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

  protected serviceDeploymentOut(sd: SimServiceDeployment): sdk.ServiceDeployment {
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
    // The API reference documents no order. The simulator lists the oldest first, so that a caller who takes
    // [0] for the newest is caught (ASSUMPTIONS.md).
    // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListServiceDeployments.html
    const matching = svc.serviceDeployments.filter(
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

  protected deploymentForCall(arn: string | undefined): { svc: SimEcsService; sd: SimServiceDeployment } {
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
}
