import type * as sdk from '@aws-sdk/client-ecs';
import type { Elbv2Sim } from './elbv2.js';

/**
 * Why UpdateService refuses a service's deployment configuration (its InvalidParameterException message),
 * or undefined when it is valid.
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html
 */
export function deploymentConfigurationProblem(
  config: sdk.DeploymentConfiguration,
  lbs: readonly sdk.LoadBalancer[],
  elbv2: Elbv2Sim,
): string | undefined {
  const min = config.minimumHealthyPercent ?? 100;
  const max = config.maximumPercent ?? 200;
  if (min < 0 || min > 100) return 'minimumHealthyPercent must be between 0 and 100.';
  if (max < 100 && !(max >= min && max > 0)) return 'maximumPercent must be at least minimumHealthyPercent.';
  return rangeProblem(config) ?? loadBalancerProblem(config.strategy ?? 'ROLLING', lbs, elbv2);
}

/**
 * What a service's deployment configuration is after UpdateService: the members the request gives replace
 * the stored ones, the others stay (the stricter reading: a member left out is not reset, ASSUMPTIONS.md),
 * except a strategy's own configuration, which a change of strategy drops: it is valid with that strategy only.
 */
export function updatedConfiguration(
  stored: sdk.DeploymentConfiguration,
  request: sdk.DeploymentConfiguration | undefined,
): sdk.DeploymentConfiguration {
  const config: sdk.DeploymentConfiguration = { ...stored, ...request };
  const strategy = config.strategy ?? 'ROLLING';
  if (strategy !== 'CANARY' && !request?.canaryConfiguration) delete config.canaryConfiguration;
  if (strategy !== 'LINEAR' && !request?.linearConfiguration) delete config.linearConfiguration;
  return config;
}

/**
 * A request member that belongs to another strategy than the one the service gets.
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html: canaryConfiguration
 * "Only valid when the deployment strategy is CANARY", linearConfiguration "Only valid when the deployment
 * strategy is LINEAR"; deploymentCircuitBreaker "can only be used for services using the rolling update (ECS)
 * deployment type" (a disabled one is not "used"). UpdateService answers InvalidParameterException
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html, Errors).
 */
export function strategyMismatch(
  request: sdk.DeploymentConfiguration | undefined,
  strategy: string,
): string | undefined {
  if (request?.canaryConfiguration && strategy !== 'CANARY')
    return `canaryConfiguration is only valid when the deployment strategy is CANARY, not ${strategy}.`;
  if (request?.linearConfiguration && strategy !== 'LINEAR')
    return `linearConfiguration is only valid when the deployment strategy is LINEAR, not ${strategy}.`;
  return undefined;
}

function rangeProblem(config: sdk.DeploymentConfiguration): string | undefined {
  const strategy = config.strategy ?? 'ROLLING';
  // The circuit breaker left on by a ROLLING past counts too: the service would have it with this strategy.
  if (config.deploymentCircuitBreaker?.enable && strategy !== 'ROLLING')
    return `The deployment circuit breaker can only be used with the ROLLING deployment strategy, not ${strategy}.`;
  if (strategy === 'BLUE_GREEN' && config.bakeTimeInMinutes === undefined)
    return 'bakeTimeInMinutes is required when the deployment strategy is BLUE_GREEN.';
  const bake = config.bakeTimeInMinutes;
  if (bake !== undefined && (!Number.isInteger(bake) || bake < 0 || bake > 1440))
    return 'bakeTimeInMinutes must be between 0 and 1440.';
  const lin = config.linearConfiguration;
  if (lin?.stepPercent !== undefined && (lin.stepPercent < 3 || lin.stepPercent > 100))
    return 'linearConfiguration.stepPercent must be between 3.0 and 100.0.';
  const can = config.canaryConfiguration;
  if (can?.canaryPercent !== undefined && (can.canaryPercent < 0.1 || can.canaryPercent > 100))
    return 'canaryConfiguration.canaryPercent must be between 0.1 and 100.0.';
  for (const m of [lin?.stepBakeTimeInMinutes, can?.canaryBakeTimeInMinutes])
    if (m !== undefined && (!Number.isInteger(m) || m < 0 || m > 1440))
      return 'bake times must be between 0 and 1440 minutes.';
  for (const h of config.lifecycleHooks ?? [])
    if ((h.targetType ?? 'AWS_LAMBDA') === 'AWS_LAMBDA' && !h.hookTargetArn)
      return 'hookTargetArn is required for AWS_LAMBDA lifecycle hooks.';
  return undefined;
}

// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/blue-green-deployment-implementation.html
function loadBalancerProblem(
  strategy: string,
  lbs: readonly sdk.LoadBalancer[],
  elbv2: Elbv2Sim,
): string | undefined {
  if (strategy === 'ROLLING') return undefined;
  const withTg = lbs.filter((l) => l.targetGroupArn);
  if (withTg.length === 0) return `The ${strategy} deployment strategy requires a load balancer.`;
  for (const l of withTg) {
    const adv = l.advancedConfiguration;
    const missing = (['alternateTargetGroupArn', 'productionListenerRule', 'roleArn'] as const).filter(
      (k) => !adv?.[k],
    );
    if (missing.length)
      return `advancedConfiguration requires ${missing.join(', ')} for the ${strategy} deployment strategy.`;
    for (const tg of [l.targetGroupArn!, adv!.alternateTargetGroupArn!])
      if (!elbv2.targetGroup(tg)) return `The target group ${tg} does not exist.`;
    try {
      elbv2.forwardWeights(adv!.productionListenerRule!);
      if (adv!.testListenerRule) elbv2.forwardWeights(adv!.testListenerRule);
    } catch {
      return 'The listener rule in advancedConfiguration does not exist.';
    }
  }
  return undefined;
}
