import type {
  DeploymentConfiguration,
  DeploymentLifecycleHook,
  DeploymentStrategy,
  LoadBalancer,
} from '@aws-sdk/client-ecs';

export type EcsStrategy = 'rolling' | 'blue-green' | 'canary' | 'linear';

export interface EcsRolloutSettings {
  strategy: EcsStrategy;
  minHealthyPercent: number;
  maxPercent: number;
  bakeMs: number;
  canaryPercent: number;
  canaryIntervalMs: number;
  linearPercent: number;
  linearIntervalMs: number;
  alarms: readonly string[];
  rollback: boolean;
  waitTimeoutMs: number;
  /** A smoke check runs on the test listener, behind a PAUSE hook, before production traffic moves. */
  smoke: boolean;
}

export const NATIVE: Record<Exclude<EcsStrategy, 'rolling'>, DeploymentStrategy> = {
  'blue-green': 'BLUE_GREEN',
  canary: 'CANARY',
  linear: 'LINEAR',
};

/** The stage slipway pauses at for the smoke check: test traffic is on green, production is not. */
export const SMOKE_STAGE = 'POST_TEST_TRAFFIC_SHIFT';

const MINUTE = 60_000;

/** The PAUSE hook for the smoke check; ECS rolls back on its own if nobody answers within wait-timeout. */
export function smokeHook(waitTimeoutMs: number): DeploymentLifecycleHook {
  return {
    targetType: 'PAUSE',
    lifecycleStages: [SMOKE_STAGE],
    timeoutConfiguration: { timeoutInMinutes: Math.ceil(waitTimeoutMs / MINUTE), action: 'ROLLBACK' },
  };
}

/**
 * The service's deployment configuration for this rollout, built for the chosen strategy: its settings, the
 * alarms (slipway's, or the ones the service had), and the lifecycle hooks the service had plus slipway's
 * smoke hook when there is one. Nothing of another strategy is carried over: canaryConfiguration and
 * linearConfiguration are valid with their own strategy only, an enabled circuit breaker with ROLLING only
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html).
 */
export function deploymentConfiguration(
  current: DeploymentConfiguration | undefined,
  originalHooks: readonly DeploymentLifecycleHook[],
  s: EcsRolloutSettings,
): DeploymentConfiguration {
  const base: DeploymentConfiguration = { lifecycleHooks: [...originalHooks] };
  const alarms = s.alarms.length
    ? { alarmNames: [...s.alarms], enable: true, rollback: s.rollback }
    : current?.alarms;
  if (alarms) base.alarms = alarms;
  if (s.strategy === 'rolling')
    return {
      ...base,
      strategy: 'ROLLING',
      minimumHealthyPercent: s.minHealthyPercent,
      maximumPercent: s.maxPercent,
      // The circuit breaker works with ROLLING only; with rollback, ECS itself returns to the last good revision.
      deploymentCircuitBreaker: { enable: true, rollback: s.rollback },
    };
  const native: DeploymentConfiguration = {
    ...base,
    // The task-count limits are the service's own, whatever the strategy.
    ...(current?.minimumHealthyPercent !== undefined
      ? { minimumHealthyPercent: current.minimumHealthyPercent }
      : {}),
    ...(current?.maximumPercent !== undefined ? { maximumPercent: current.maximumPercent } : {}),
    strategy: NATIVE[s.strategy],
    bakeTimeInMinutes: s.bakeMs / MINUTE,
    // The circuit breaker is for ROLLING only; one left on by an earlier rolling deploy is switched off.
    deploymentCircuitBreaker: { enable: false, rollback: false },
    lifecycleHooks: [...originalHooks, ...(s.smoke ? [smokeHook(s.waitTimeoutMs)] : [])],
  };
  if (s.strategy === 'canary')
    native.canaryConfiguration = {
      canaryPercent: s.canaryPercent,
      canaryBakeTimeInMinutes: s.canaryIntervalMs / MINUTE,
    };
  if (s.strategy === 'linear')
    native.linearConfiguration = {
      stepPercent: s.linearPercent,
      stepBakeTimeInMinutes: s.linearIntervalMs / MINUTE,
    };
  return native;
}

/**
 * What a service lacks for ECS's native BLUE_GREEN, CANARY and LINEAR strategies, each named as the
 * setting to add; empty when it has everything.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/blue-green-deployment-implementation.html
 */
export function missingForNative(
  loadBalancers: readonly LoadBalancer[] | undefined,
  controller: string | undefined,
  needsTestListener: boolean,
): string[] {
  const missing: string[] = [];
  if (controller && controller !== 'ECS') missing.push('deploymentController.type ECS');
  const withTg = (loadBalancers ?? []).filter((l) => l.targetGroupArn);
  if (withTg.length === 0) {
    missing.push('loadBalancers[] with a targetGroupArn (an ALB or NLB target group)');
    return missing;
  }
  withTg.forEach((l, i) => {
    const adv = l.advancedConfiguration;
    const at = `loadBalancers[${i}].advancedConfiguration`;
    if (!adv?.alternateTargetGroupArn) missing.push(`${at}.alternateTargetGroupArn (a second target group)`);
    if (!adv?.productionListenerRule)
      missing.push(`${at}.productionListenerRule (the listener rule ARN that serves production)`);
    if (!adv?.roleArn) missing.push(`${at}.roleArn (a role that lets ECS modify the listener rules)`);
    if (needsTestListener && !adv?.testListenerRule)
      missing.push(`${at}.testListenerRule (the listener rule smoke-url reaches)`);
  });
  return missing;
}
