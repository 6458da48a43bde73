import type * as sdk from '@aws-sdk/client-ecs';
import type { CloudWatchSim } from './cloudwatch.js';
import type { SimEcsService, SimServiceDeployment, SimTask } from './ecs-model.js';
import { shortId } from './ecs-model.js';
import { EcsTasks } from './ecs-tasks.js';

/**
 * What every service deployment shares: the rolling update, the deployment circuit breaker, alarm
 * rollback, failure, rollback and completion, and writing the listener rules' weights (native strategies).
 */
export abstract class EcsRollouts extends EcsTasks {
  /**
   * A rolling step toward `revisionArn`: stop old tasks while the healthy count stays at or above
   * minimumHealthyPercent, start new ones while the total stays at or below maximumPercent.
   * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html
   */
  protected rolling(
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

  protected circuitBreaker(svc: SimEcsService, sd: SimServiceDeployment, all: SimTask[]): void {
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
  protected cbThreshold(svc: SimEcsService, cb: sdk.DeploymentCircuitBreaker): number {
    const tc = cb.thresholdConfiguration;
    const value = tc?.value ?? 50;
    if (tc?.type === 'COUNT') return value;
    const raw = Math.ceil((svc.desiredCount * value) / 100);
    return tc?.type === 'UNBOUNDED_PERCENT' ? raw : Math.min(200, Math.max(3, raw));
  }

  protected checkAlarms(svc: SimEcsService, sd: SimServiceDeployment): boolean {
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

  protected cloudwatch(): CloudWatchSim | undefined {
    try {
      return this.account.service<CloudWatchSim>('CloudWatchClient');
    } catch {
      return undefined;
    }
  }

  /** A failed deployment: rolled back when the mechanism that detected it asks for a rollback, else stopped. */
  protected fail(svc: SimEcsService, sd: SimServiceDeployment, reason: string, rollback: boolean): void {
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

  protected beginRollback(svc: SimEcsService, sd: SimServiceDeployment, reason: string): void {
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

  protected rollingBack(svc: SimEcsService, sd: SimServiceDeployment): boolean {
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

  protected finishRollback(svc: SimEcsService, sd: SimServiceDeployment): void {
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

  protected complete(svc: SimEcsService, sd: SimServiceDeployment): void {
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

  protected shiftTraffic(
    svc: SimEcsService,
    sd: SimServiceDeployment,
    production: number,
    test: number,
  ): void {
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
}
