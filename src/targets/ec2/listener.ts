import type {
  Action,
  ElasticLoadBalancingV2Client,
  TargetGroupTuple,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  DescribeListenersCommand,
  DescribeRulesCommand,
  ModifyListenerCommand,
  ModifyRuleCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ActionError } from '../../core/errors.js';

/** The listener (its default actions) or the rule whose forward weights a blue/green moves. */
export type TrafficSpec = { kind: 'listener'; arn: string } | { kind: 'rule'; arn: string };

export type Weights = Record<string, number>;

export const trafficLabel = (t: TrafficSpec): string => `${t.kind} ${t.arn.split('/').slice(-3).join('/')}`;

async function readActions(elb: ElasticLoadBalancingV2Client, t: TrafficSpec): Promise<Action[]> {
  if (t.kind === 'listener') {
    const out = await elb.send(new DescribeListenersCommand({ ListenerArns: [t.arn] }));
    return out.Listeners?.[0]?.DefaultActions ?? [];
  }
  const out = await elb.send(new DescribeRulesCommand({ RuleArns: [t.arn] }));
  return out.Rules?.[0]?.Actions ?? [];
}

/** The target groups of the forward actions and their weights (a bare TargetGroupArn weighs 1). */
export function forwardWeights(actions: readonly Action[]): Weights {
  const weights: Weights = {};
  for (const a of actions) {
    if (a.Type !== 'forward') continue;
    const tuples = a.ForwardConfig?.TargetGroups ?? [];
    // Stryker disable next-line StringLiteral: ELBv2 always returns the ARN of a forwarded target group
    if (tuples.length) for (const t of tuples) weights[t.TargetGroupArn ?? ''] = t.Weight ?? 1;
    else if (a.TargetGroupArn) weights[a.TargetGroupArn] = 1;
  }
  return weights;
}

export async function readWeights(elb: ElasticLoadBalancingV2Client, t: TrafficSpec): Promise<Weights> {
  return forwardWeights(await readActions(elb, t));
}

const sameWeights = (a: Weights, b: Weights): boolean =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(b).every(([k, v]) => a[k] === v);

/**
 * An action as it can be written back. DescribeListeners and DescribeRules never return an authenticate-oidc
 * action's client secret, and a write without one must set UseExistingClientSecret (and must not also give a
 * secret), or it is refused:
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_AuthenticateOidcActionConfig.html
 */
function writable(a: Action): Action {
  if (a.Type !== 'authenticate-oidc' || !a.AuthenticateOidcConfig) return a;
  const { ClientSecret: _secret, ...config } = a.AuthenticateOidcConfig;
  return { ...a, AuthenticateOidcConfig: { ...config, UseExistingClientSecret: true } };
}

/**
 * Writes the forward weights. ModifyListener and ModifyRule replace the whole action list, so the list is
 * read, only the forward action that holds `anchor` is rewritten (stickiness and every other action kept),
 * written back, and read back: success is what the load balancer reports, not what we asked for.
 */
export async function writeWeights(
  elb: ElasticLoadBalancingV2Client,
  t: TrafficSpec,
  anchor: readonly string[],
  weights: Weights,
): Promise<void> {
  const actions = await readActions(elb, t);
  const index = actions.findIndex(
    (a) => a.Type === 'forward' && Object.keys(forwardWeights([a])).some((tg) => anchor.includes(tg)),
  );
  if (index < 0)
    throw new ActionError(
      `${trafficLabel(t)} has no forward action to ${anchor.join(' or ')}; was it changed by hand?`,
    );
  const old = actions[index]!;
  const tuples: TargetGroupTuple[] = Object.entries(weights).map(([TargetGroupArn, Weight]) => ({
    TargetGroupArn,
    Weight,
  }));
  const forward: Action = {
    Type: 'forward',
    ...(old.Order !== undefined ? { Order: old.Order } : {}),
    ForwardConfig: {
      TargetGroups: tuples,
      ...(old.ForwardConfig?.TargetGroupStickinessConfig
        ? { TargetGroupStickinessConfig: old.ForwardConfig.TargetGroupStickinessConfig }
        : {}),
    },
  };
  const next = actions.map((a, i) => (i === index ? forward : writable(a)));
  if (t.kind === 'listener')
    await elb.send(new ModifyListenerCommand({ ListenerArn: t.arn, DefaultActions: next }));
  else await elb.send(new ModifyRuleCommand({ RuleArn: t.arn, Actions: next }));
  const got = forwardWeights([(await readActions(elb, t))[index] ?? {}] as Action[]);
  if (!sameWeights(got, weights))
    throw new ActionError(
      `${trafficLabel(t)} reads back as ${JSON.stringify(got)}, not the ${JSON.stringify(weights)} just written (another writer?)`,
    );
}
