import type * as sdk from '@aws-sdk/client-ecs';
import type { SimEcsService, SimServiceDeployment, Stage } from './ecs-model.js';
import { STAGE_MS, minutes, shortId } from './ecs-model.js';
import { EcsRollouts } from './ecs-rollouts.js';

/**
 * Native BLUE_GREEN, CANARY and LINEAR deployments: the lifecycle stages in their documented order, the
 * lifecycle hooks (PAUSE waits for ContinueServiceDeployment), and the traffic steps on the listener rules.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-blue-green.html
 */
export abstract class EcsNative extends EcsRollouts {
  /** The production traffic steps of a native strategy, in percent, and the bake between steps. */
  protected steps(sd: SimServiceDeployment): { percents: number[]; stepBakeMs: number } {
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

  protected enterStage(svc: SimEcsService, sd: SimServiceDeployment, stage: Stage): void {
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
  protected hooksHold(svc: SimEcsService, sd: SimServiceDeployment): boolean {
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

  /**
   * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/alb-resources-for-blue-green.html, Limitations:
   * "If your Application Load Balancer listener rules contain a mix of forward and non-forward actions (e.g.,
   * redirect, fixed-response, or authentication actions), the deployment will fail." When and how is not
   * said; the simulator fails the deployment (and rolls it back) when it first writes the rules, at
   * TEST_TRAFFIC_SHIFT, after the new tasks were started (ASSUMPTIONS.md).
   */
  protected mixedRule(svc: SimEcsService): string | undefined {
    for (const e of svc.loadBalancers) {
      const adv = e.config.advancedConfiguration;
      for (const rule of [adv?.productionListenerRule, adv?.testListenerRule]) {
        if (!rule) continue;
        const actions = this.elbv2.DescribeRules({ RuleArns: [rule] }).Rules?.[0]?.Actions ?? [];
        const types = [...new Set(actions.map((a) => a.Type))];
        if (types.includes('forward') && types.some((t) => t !== 'forward'))
          return `The listener rule ${rule} mixes forward and non-forward actions (${types.join(', ')}); blue/green deployments do not support it.`;
      }
    }
    return undefined;
  }

  protected native(svc: SimEcsService, sd: SimServiceDeployment): boolean {
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
      case 'TEST_TRAFFIC_SHIFT': {
        const mixed = this.mixedRule(svc);
        if (mixed) {
          this.fail(svc, sd, mixed, true);
          return true;
        }
        this.shiftTraffic(svc, sd, sd.productionWeight, 100);
        this.enterStage(svc, sd, 'POST_TEST_TRAFFIC_SHIFT');
        return true;
      }
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
}
