import type { CloudWatchSim } from './cloudwatch.js';
import type { Deployment, DeploymentGroup, LifecycleEvent } from './codedeploy-model.js';
import { ACTIVE_STATUSES, ECS_EVENTS, ECS_HOOKS, HOOK_TIMEOUT_MS } from './codedeploy-model.js';
import { CodeDeployGroups } from './codedeploy-groups.js';
import { parseEcsAppSpec, replacementWeightAt } from './codedeploy-traffic.js';
import type { SimTaskSet } from './ecs-task-sets.js';
import type { LambdaSim } from './lambda.js';

/**
 * The life of an Amazon ECS blue/green deployment on the virtual clock: the lifecycle events in their
 * documented order (https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-steps-ecs.html,
 * https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-hooks.html#reference-appspec-file-structure-hooks-run-order-ecs),
 * hooks that invoke a Lambda function and wait for PutLifecycleEventHookExecutionStatus, the replacement task
 * set, traffic shifting on the listeners, alarms, the termination wait, failure, stop and rollback.
 */
export abstract class CodeDeployLifecycle extends CodeDeployGroups {
  override tick(_now: number): void {
    for (const d of this.deployments)
      for (let pass = 0; pass < 20 && ACTIVE_STATUSES.includes(d.status) && this.advance(d); pass++);
  }

  protected groupOf(d: Deployment): DeploymentGroup {
    return this.groups.get(`${d.applicationName}/${d.groupName}`)!;
  }

  protected routes(d: Deployment): { prod: string; test: string | undefined } {
    const pair = this.groupOf(d).loadBalancerInfo.targetGroupPairInfoList[0]!;
    return { prod: pair.prodTrafficRoute.listenerArns[0]!, test: pair.testTrafficRoute?.listenerArns[0] };
  }

  protected taskSet(d: Deployment, id: string | undefined): SimTaskSet | undefined {
    return this.ecs.taskSets(d.clusterName, d.serviceName).find((ts) => ts.id === id);
  }

  /** One step of a deployment's state machine; true when it changed something (another may follow). */
  protected advance(d: Deployment): boolean {
    if (d.rollbackOf !== undefined) return this.advanceRollback(d);
    if (d.status === 'Created') {
      // A request takes effect from the next moment on, not within the call that made it.
      if (this.now <= d.createTime) return false;
      return this.start(d);
    }
    if (this.checkAlarms(d)) return true;
    if (d.status === 'Ready') return this.readyWait(d);
    const e = d.events.find((x) => x.status === 'Pending' || x.status === 'InProgress');
    if (!e) return this.terminationWait(d);
    if (e.status === 'Pending') return this.startEvent(d, e);
    return this.continueEvent(d, e);
  }

  private start(d: Deployment): boolean {
    Object.assign(d, { status: 'InProgress', startTime: this.now, lastUpdatedAt: this.now });
    const spec = parseEcsAppSpec(d.appSpecContent?.content ?? '');
    // A revision CodeDeploy cannot read fails the deployment before any lifecycle event runs
    // (errorInformation code INVALID_REVISION: https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_ErrorInformation.html).
    if (typeof spec === 'string') {
      this.end(d, 'Failed', 'INVALID_REVISION', spec, this.rollsBackOn(d, 'DEPLOYMENT_FAILURE'));
      return true;
    }
    d.appSpec = spec;
    const primary = this.ecs.taskSets(d.clusterName, d.serviceName).find((ts) => ts.status === 'PRIMARY')!;
    const pair = this.groupTgArns.get(this.groupOf(d))!;
    d.originalTaskSetId = primary.id;
    d.originalTg = primary.targetGroupArn;
    d.replacementTg = pair[0] === primary.targetGroupArn ? pair[1] : pair[0];
    return true;
  }

  private startEvent(d: Deployment, e: LifecycleEvent): boolean {
    // The ready wait (deploymentReadyOption STOP_DEPLOYMENT) holds production traffic back until
    // ContinueDeployment: https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_DeploymentReadyOption.html
    if (e.name === 'BeforeAllowTraffic' && d.readySince === undefined) {
      const ready = this.groupOf(d).blueGreenDeploymentConfiguration.deploymentReadyOption;
      if (ready.actionOnTimeout === 'STOP_DEPLOYMENT') {
        Object.assign(d, { status: 'Ready', readySince: this.now, lastUpdatedAt: this.now });
        return true;
      }
    }
    Object.assign(e, { status: 'InProgress', startTime: this.now });
    d.lastUpdatedAt = this.now;
    const spec = d.appSpec!;
    if (ECS_HOOKS.includes(e.name)) {
      const fn = spec.hooks[e.name];
      if (!fn) return this.finishEvent(e, 'Skipped');
      e.hookFunction = fn;
      e.hookExecutionId = this.uuid();
      try {
        // CodeDeploy invokes the hook asynchronously with the deployment id and the execution id to report.
        this.lambda().Invoke({
          FunctionName: fn,
          InvocationType: 'Event',
          Payload: new Uint8Array(
            Buffer.from(
              JSON.stringify({ DeploymentId: d.id, LifecycleEventHookExecutionId: e.hookExecutionId }),
            ),
          ),
        });
      } catch (err) {
        return this.failEvent(
          d,
          e,
          'HOOK_EXECUTION_FAILURE',
          `Lambda function ${fn} could not be invoked: ${(err as Error).message}`,
        );
      }
      return true;
    }
    if (e.name === 'Install') {
      try {
        const ts = this.ecs.createTaskSet(d.clusterName, d.serviceName, {
          taskDefinition: spec.taskDefinition,
          targetGroupArn: d.replacementTg,
          containerName: spec.containerName,
          containerPort: spec.containerPort,
          externalId: d.id,
        });
        d.replacementTaskSetId = ts.id;
      } catch (err) {
        // ECS's refusal of the task set is the deployment's error (ECS_UPDATE_ERROR).
        return this.failEvent(
          d,
          e,
          'ECS_UPDATE_ERROR',
          `Invalid arguments provided to ECS: ${(err as Error).message}`,
        );
      }
      return true;
    }
    if (e.name === 'AllowTestTraffic') {
      const { test } = this.routes(d);
      // Without a test listener there is no test traffic to allow (ASSUMPTIONS.md: Skipped).
      if (!test) return this.finishEvent(e, 'Skipped');
      this.writeWeights(test, d, 100);
      return this.finishEvent(e, 'Succeeded');
    }
    // AllowTraffic
    d.shiftStartedAt = this.now;
    return this.continueEvent(d, e);
  }

  private continueEvent(d: Deployment, e: LifecycleEvent): boolean {
    if (ECS_HOOKS.includes(e.name)) {
      if (e.reported === 'Succeeded') return this.finishEvent(e, 'Succeeded');
      if (e.reported === 'Failed')
        return this.failEvent(
          d,
          e,
          'HOOK_EXECUTION_FAILURE',
          `The ${e.name} hook ${e.hookFunction} reported Failed.`,
        );
      // A hook that has not reported within an hour fails (reference-appspec-file-structure-hooks.html).
      if (this.now - e.startTime! >= HOOK_TIMEOUT_MS)
        return this.failEvent(
          d,
          e,
          'HOOK_EXECUTION_FAILURE',
          `The ${e.name} hook ${e.hookFunction} did not report a status within one hour.`,
        );
      return false;
    }
    if (e.name === 'Install') {
      const ts = this.taskSet(d, d.replacementTaskSetId);
      return ts && this.ecs.taskSetReady(ts) ? this.finishEvent(e, 'Succeeded') : false;
    }
    // AllowTraffic: the configuration's steps, written to the production listener's forward weights.
    const w = replacementWeightAt(d.routing, this.now - d.shiftStartedAt!);
    let changed = false;
    if (w !== d.replacementWeight) {
      this.writeWeights(this.routes(d).prod, d, w);
      d.replacementWeight = w;
      changed = true;
    }
    if (w === 100) {
      this.ecs.updatePrimaryTaskSet(this.taskSet(d, d.replacementTaskSetId)!);
      return this.finishEvent(e, 'Succeeded');
    }
    return changed;
  }

  /**
   * After AfterAllowTraffic the original task set is kept for terminationWaitTimeInMinutes, then deleted
   * (https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_BlueInstanceTerminationOption.html).
   */
  private terminationWait(d: Deployment): boolean {
    if (d.terminateAt === undefined) {
      const wait = this.groupOf(d).blueGreenDeploymentConfiguration.terminateBlueInstancesOnDeploymentSuccess;
      d.terminateAt = this.now + wait.terminationWaitTimeInMinutes * 60_000;
    }
    if (this.now < d.terminateAt) return false;
    const original = this.taskSet(d, d.originalTaskSetId);
    if (original) this.ecs.deleteTaskSet(original);
    Object.assign(d, { status: 'Succeeded', completeTime: this.now, lastUpdatedAt: this.now });
    return true;
  }

  private readyWait(d: Deployment): boolean {
    const ready = this.groupOf(d).blueGreenDeploymentConfiguration.deploymentReadyOption;
    if (this.now - d.readySince! < ready.waitTimeInMinutes * 60_000) return false;
    // "If traffic rerouting is not started before the end of the specified wait period, the deployment status
    // is changed to Stopped." (API_DeploymentReadyOption.html)
    this.end(
      d,
      'Stopped',
      'TIMEOUT',
      'Traffic rerouting was not started before the ready wait ended.',
      false,
    );
    return true;
  }

  /**
   * Alarms of the group checked while the deployment runs; one in ALARM stops it
   * (https://docs.aws.amazon.com/codedeploy/latest/userguide/monitoring-create-alarms.html), and it rolls back
   * when DEPLOYMENT_STOP_ON_ALARM is among the rollback events
   * (https://docs.aws.amazon.com/codedeploy/latest/userguide/deployments-rollback-and-redeploy.html).
   */
  private checkAlarms(d: Deployment): boolean {
    const cfg = this.groupOf(d).alarmConfiguration;
    if (!cfg.enabled || cfg.alarms.length === 0) return false;
    const cw = this.account.service<CloudWatchSim>('CloudWatchClient');
    const firing = (cw.DescribeAlarms({ AlarmNames: cfg.alarms.map((a) => a.name) }).MetricAlarms ?? [])
      .filter((a) => a.StateValue === 'ALARM')
      .map((a) => a.AlarmName!);
    if (firing.length === 0) return false;
    this.end(
      d,
      'Stopped',
      'ALARM_ACTIVE',
      `One or more alarms have been activated according to the Amazon CloudWatch metrics you selected, and the affected deployments have been stopped. Activated alarms: <${firing.join(', ')}>`,
      this.rollsBackOn(d, 'DEPLOYMENT_STOP_ON_ALARM'),
    );
    return true;
  }

  protected rollsBackOn(
    d: Deployment,
    event: DeploymentGroup['autoRollbackConfiguration']['events'][number],
  ): boolean {
    const cfg = d.autoRollback;
    return cfg.enabled && cfg.events.includes(event);
  }

  private finishEvent(e: LifecycleEvent, status: 'Succeeded' | 'Skipped'): boolean {
    Object.assign(e, { status, endTime: this.now });
    return true;
  }

  private failEvent(d: Deployment, e: LifecycleEvent, code: string, message: string): boolean {
    Object.assign(e, {
      status: 'Failed',
      endTime: this.now,
      diagnostics: {
        errorCode: code === 'HOOK_EXECUTION_FAILURE' ? 'ScriptFailed' : 'UnknownError',
        scriptName: e.hookFunction ?? '',
        message,
        logTail: '',
      },
    });
    this.end(d, 'Failed', code, message, this.rollsBackOn(d, 'DEPLOYMENT_FAILURE'));
    return true;
  }

  /** Ends a deployment Failed or Stopped; the events not run are Skipped. Rolls back when asked. */
  protected end(
    d: Deployment,
    status: 'Failed' | 'Stopped',
    code: string,
    message: string,
    rollback: boolean,
  ): void {
    for (const e of d.events)
      if (e.status === 'InProgress') Object.assign(e, { status: 'Failed', endTime: this.now });
      else if (e.status === 'Pending') e.status = 'Skipped';
    Object.assign(d, {
      status,
      completeTime: this.now,
      lastUpdatedAt: this.now,
      errorInformation: { code, message },
    });
    if (rollback) this.rollBack(d);
  }

  /**
   * A rollback is a new deployment (creator autoRollback) that routes traffic back to the original task set
   * and deletes the replacement; each names the other in rollbackInfo
   * (https://docs.aws.amazon.com/codedeploy/latest/userguide/deployments-rollback-and-redeploy.html,
   * https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_RollbackInfo.html).
   */
  private rollBack(d: Deployment): void {
    const r: Deployment = {
      ...structuredClone(d),
      id: this.newDeploymentId(),
      creator: 'autoRollback',
      status: 'InProgress',
      createTime: this.now,
      startTime: this.now,
      completeTime: undefined,
      errorInformation: undefined,
      rollbackOf: d.id,
      rollbackInfo: {
        rollbackTriggeringDeploymentId: d.id,
        rollbackMessage: `Rolls back deployment ${d.id}.`,
      },
      events: ECS_EVENTS.map((name) =>
        this.newEvent(name, name === 'AllowTraffic' ? 'Succeeded' : 'Skipped'),
      ),
      lastUpdatedAt: this.now,
    };
    d.rollbackInfo = { rollbackDeploymentId: r.id, rollbackMessage: `Deployment rolled back by ${r.id}.` };
    this.deployments.push(r);
    if (d.appSpec) {
      const { prod, test } = this.routes(d);
      this.writeWeights(prod, d, 0);
      if (test) this.writeWeights(test, d, 0);
      d.replacementWeight = 0;
      const original = this.taskSet(d, d.originalTaskSetId);
      if (original && original.status !== 'PRIMARY') this.ecs.updatePrimaryTaskSet(original);
      const replacement = this.taskSet(d, d.replacementTaskSetId);
      if (replacement) this.ecs.deleteTaskSet(replacement);
    }
  }

  /** A rollback deployment succeeds once the replacement task set is gone. */
  private advanceRollback(r: Deployment): boolean {
    const replacement = this.taskSet(r, r.replacementTaskSetId);
    if (replacement && !this.ecs.taskSetGone(replacement)) return false;
    Object.assign(r, { status: 'Succeeded', completeTime: this.now, lastUpdatedAt: this.now });
    return true;
  }

  protected newEvent(
    name: LifecycleEvent['name'],
    status: LifecycleEvent['status'] = 'Pending',
  ): LifecycleEvent {
    const done = status !== 'Pending';
    return {
      name,
      status,
      startTime: done ? this.now : undefined,
      endTime: done ? this.now : undefined,
      diagnostics: undefined,
      hookFunction: undefined,
      hookExecutionId: undefined,
      reported: undefined,
    };
  }

  protected newDeploymentId(): string {
    const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
    let id = 'd-';
    while (id.length < 11) id += chars[Math.floor(this.account.random() * chars.length)];
    return id;
  }

  /** Forward weights on a listener: `replacement` percent to the replacement target group, the rest to the original. */
  private writeWeights(listenerArn: string, d: Deployment, replacement: number): void {
    this.elbv2.setForwardWeights(listenerArn, [
      { targetGroupArn: d.originalTg, weight: 100 - replacement },
      { targetGroupArn: d.replacementTg, weight: replacement },
    ]);
  }

  private lambda(): LambdaSim {
    return this.account.service<LambdaSim>('LambdaClient');
  }
}
