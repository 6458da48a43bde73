import type { LoadBalancer } from '@aws-sdk/client-ecs';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeRulesCommand } from '@aws-sdk/client-elastic-load-balancing-v2';

/**
 * The first listener rule of the service's advancedConfiguration whose actions mix forward with other types
 * (authenticate-oidc, authenticate-cognito, redirect, fixed-response), on which ECS's native strategies fail:
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/alb-resources-for-blue-green.html (Limitations).
 * Read-only. Returns which rule, its action types and what to change, or undefined when every rule forwards only.
 */
export async function mixedListenerRule(
  elbv2: ElasticLoadBalancingV2Client,
  loadBalancers: readonly LoadBalancer[] | undefined,
): Promise<string | undefined> {
  const roles = new Map<string, string>();
  for (const l of loadBalancers ?? []) {
    const adv = l.advancedConfiguration;
    if (adv?.productionListenerRule) roles.set(adv.productionListenerRule, 'production');
    if (adv?.testListenerRule && !roles.has(adv.testListenerRule)) roles.set(adv.testListenerRule, 'test');
  }
  if (roles.size === 0) return undefined;
  const out = await elbv2.send(new DescribeRulesCommand({ RuleArns: [...roles.keys()] }));
  for (const [arn, role] of roles) {
    const rule = out.Rules?.find((r) => r.RuleArn === arn);
    const ordered = [...(rule?.Actions ?? [])].sort((a, b) => (a.Order ?? 0) - (b.Order ?? 0));
    const types = [...new Set(ordered.map((a) => a.Type ?? 'unknown'))];
    const others = types.filter((t) => t !== 'forward');
    if (types.includes('forward') && others.length)
      return (
        `the ${role} listener rule ${arn} has ${types.join(', ')}; give ECS rules whose only action is forward ` +
        `(put the ${others.join(', ')} action${others.length > 1 ? 's' : ''} on another rule or listener), or use strategy rolling`
      );
  }
  return undefined;
}
