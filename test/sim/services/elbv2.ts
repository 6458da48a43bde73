import type * as sdk from '@aws-sdk/client-elastic-load-balancing-v2';
import type { SimListener, SimRule } from './elbv2-base.js';
import { describedActions, resolveOidcSecrets } from './elbv2-actions.js';
import { forwards } from './elbv2-base.js';
import { Elbv2TargetHealth } from './elbv2-target-health.js';

export type { HealthAnswer, HealthSource, SimTarget, SimTargetGroup, WeightChange } from './elbv2-base.js';
export { forwards } from './elbv2-base.js';

/**
 * Elastic Load Balancing v2 as its API reference documents it: load balancers, listeners whose default
 * actions and rules forward to weighted target groups, target groups with health checks on an interval and
 * thresholds, registration and draining for the deregistration delay. Whether the app behind a target is up
 * is asked of the health sources that whoever owns the targets (ECS tasks, EC2 instances) registers.
 *
 * Split by resource: elbv2-base.ts (state, lookups), elbv2-target-groups.ts (target groups and attributes),
 * elbv2-target-health.ts (targets and health); this file holds load balancers, listeners and rules.
 */
export class Elbv2Sim extends Elbv2TargetHealth {
  // ---- set-up (as the console or CloudFormation would have done; not API calls) ----

  createLoadBalancer(
    name: string,
    options: { type?: 'application' | 'network'; vpcId?: string } = {},
  ): string {
    const type = options.type ?? 'application';
    const arn = this.arn(`loadbalancer/${type === 'application' ? 'app' : 'net'}/${name}/${this.id()}`);
    this.loadBalancers.set(arn, {
      arn,
      name,
      type,
      dnsName: `${name}-${this.seq}.us-east-1.elb.amazonaws.com`,
      vpcId: options.vpcId ?? 'vpc-0sim',
      createdAt: this.now,
    });
    return arn;
  }

  createListener(lbArn: string, port: number, defaultActions: sdk.Action[], protocol = 'HTTP'): string {
    const lb = this.lb(lbArn);
    const id = this.id();
    const arn = this.arn(`listener/${lb.arn.split(':loadbalancer/')[1]}/${id}`);
    const defaultRuleArn = this.arn(`listener-rule/${lb.arn.split(':loadbalancer/')[1]}/${id}/${this.id()}`);
    const actions = this.checkActions(defaultActions);
    this.listeners.set(arn, { arn, lbArn, port, protocol, defaultActions: actions, defaultRuleArn });
    this.recordWeights(arn, actions);
    return arn;
  }

  createRule(
    listenerArn: string,
    priority: number,
    actions: sdk.Action[],
    conditions?: sdk.RuleCondition[],
  ): string {
    return this.CreateRule({
      ListenerArn: listenerArn,
      Priority: priority,
      Actions: actions,
      Conditions: conditions ?? [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } }],
    }).Rules![0]!.RuleArn!;
  }

  // ---- reads and writes for services that act on the user's behalf, and for invariants ----

  /** The forward weights of a listener (its default actions) or of a rule, by target group. */
  forwardWeights(listenerOrRuleArn: string): Array<{ targetGroupArn: string; weight: number }> {
    return forwards(this.actionsOf(listenerOrRuleArn));
  }

  /** A listener's (default actions) or rule's actions as stored, OIDC client secrets included (Describe omits them). */
  storedActions(listenerOrRuleArn: string): sdk.Action[] {
    return structuredClone(this.actionsOf(listenerOrRuleArn));
  }

  /** Healthy targets behind a listener or rule: those in target groups that get a weight above 0. */
  servingCapacity(listenerOrRuleArn: string): number {
    return this.forwardWeights(listenerOrRuleArn)
      .filter((f) => f.weight > 0)
      .reduce((n, f) => n + this.healthyCount(f.targetGroupArn), 0);
  }

  /**
   * Writes a rule's (or a default rule's) forward weights, as a service with a role does for the user (ECS
   * moving production traffic: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-blue-green.html).
   * Only the forward action changes (its order and stickiness kept); an authenticate or other action stays.
   */
  setForwardWeights(
    listenerOrRuleArn: string,
    weights: Array<{ targetGroupArn: string; weight: number }>,
  ): void {
    const listener = this.listenerOfDefaultRule(listenerOrRuleArn) ?? this.listeners.get(listenerOrRuleArn);
    const previous = listener ? listener.defaultActions : this.ruleByArn(listenerOrRuleArn).actions;
    const old = previous.find((a) => a.Type === 'forward');
    const forward: sdk.Action = {
      Type: 'forward',
      ...(old?.Order !== undefined ? { Order: old.Order } : {}),
      ForwardConfig: {
        TargetGroups: weights.map((w) => ({ TargetGroupArn: w.targetGroupArn, Weight: w.weight })),
        ...(old?.ForwardConfig?.TargetGroupStickinessConfig
          ? { TargetGroupStickinessConfig: old.ForwardConfig.TargetGroupStickinessConfig }
          : {}),
      },
    };
    const actions = this.checkActions(
      old ? previous.map((a) => (a === old ? forward : a)) : [forward],
      previous,
    );
    if (listener) listener.defaultActions = actions;
    else this.ruleByArn(listenerOrRuleArn).actions = actions;
    this.recordWeights(listenerOrRuleArn, actions);
  }

  override orphans(): string[] {
    return [...this.targetGroups.values()]
      .filter((tg) => this.loadBalancersOf(tg.arn).length === 0)
      .map((tg) => `target group ${tg.name} is used by no listener`);
  }

  // ---- validation ----

  /**
   * Validates an action list as CreateListener, CreateRule, ModifyListener and ModifyRule do; `previous` is
   * the list a Modify replaces (undefined when creating), whose OIDC client secret a write may keep.
   */
  protected checkActions(actions: sdk.Action[] | undefined, previous?: readonly sdk.Action[]): sdk.Action[] {
    if (!actions || actions.length === 0)
      throw this.error('ValidationError', 'At least one action must be specified', 400);
    for (const a of actions) {
      if (a.Type !== 'forward') continue;
      const tuples = a.ForwardConfig?.TargetGroups ?? [];
      if (!a.TargetGroupArn && tuples.length === 0)
        throw this.error('ValidationError', 'A forward action must specify a target group', 400);
      // https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_TargetGroupTuple.html: 0 to 999;
      // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html: up to 5.
      if (tuples.length > 5)
        throw this.error('ValidationError', 'A forward action can have at most 5 target groups', 400);
      for (const t of tuples) {
        if (t.Weight !== undefined && (!Number.isInteger(t.Weight) || t.Weight < 0 || t.Weight > 999))
          throw this.error(
            'ValidationError',
            `1 validation error detected: Value '${t.Weight}' at 'forwardConfig.targetGroups.member.weight' failed to satisfy constraint: Member must have value between 0 and 999`,
            400,
          );
        this.tg(t.TargetGroupArn ?? '');
      }
      if (a.TargetGroupArn) {
        this.tg(a.TargetGroupArn);
        if (tuples.length > 0 && (tuples.length !== 1 || tuples[0]!.TargetGroupArn !== a.TargetGroupArn))
          throw this.error(
            'InvalidLoadBalancerActionException',
            'You cannot specify both a target group ARN and a forward config with different target groups',
            400,
          );
      }
    }
    return resolveOidcSecrets(structuredClone(actions), previous, (name, message) =>
      this.error(name, message, 400),
    );
  }

  // ---- API: load balancers and listeners ----

  DescribeLoadBalancers(input: sdk.DescribeLoadBalancersInput): sdk.DescribeLoadBalancersOutput {
    let lbs = [...this.loadBalancers.values()];
    if (input.LoadBalancerArns?.length) lbs = input.LoadBalancerArns.map((a) => this.lb(a));
    if (input.Names?.length)
      lbs = input.Names.map((n) => {
        const lb = [...this.loadBalancers.values()].find((l) => l.name === n);
        if (!lb) throw this.error('LoadBalancerNotFoundException', `Load balancers '[${n}]' not found`, 400);
        return lb;
      });
    return {
      LoadBalancers: lbs.map((lb) => ({
        LoadBalancerArn: lb.arn,
        LoadBalancerName: lb.name,
        DNSName: lb.dnsName,
        Type: lb.type,
        Scheme: 'internet-facing',
        VpcId: lb.vpcId,
        State: { Code: 'active' },
        CreatedTime: new Date(lb.createdAt),
      })),
    };
  }

  protected listenerOut(l: SimListener): sdk.Listener {
    return {
      ListenerArn: l.arn,
      LoadBalancerArn: l.lbArn,
      Port: l.port,
      Protocol: l.protocol as sdk.ProtocolEnum,
      DefaultActions: describedActions(l.defaultActions),
    };
  }

  DescribeListeners(input: sdk.DescribeListenersInput): sdk.DescribeListenersOutput {
    if (input.ListenerArns?.length)
      return { Listeners: input.ListenerArns.map((a) => this.listenerOut(this.listener(a))) };
    if (!input.LoadBalancerArn)
      throw this.error(
        'ValidationError',
        'You must specify either listener ARNs or a load balancer ARN',
        400,
      );
    this.lb(input.LoadBalancerArn);
    return {
      Listeners: [...this.listeners.values()]
        .filter((l) => l.lbArn === input.LoadBalancerArn)
        .map((l) => this.listenerOut(l)),
    };
  }

  /** Replaces the listed properties; DefaultActions, when given, replaces the whole action list. */
  ModifyListener(input: sdk.ModifyListenerInput): sdk.ModifyListenerOutput {
    const l = this.listener(input.ListenerArn ?? '');
    if (input.DefaultActions) {
      l.defaultActions = this.checkActions(input.DefaultActions, l.defaultActions);
      this.recordWeights(l.arn, l.defaultActions);
    }
    if (input.Port !== undefined) l.port = input.Port;
    if (input.Protocol !== undefined) l.protocol = input.Protocol;
    return { Listeners: [this.listenerOut(l)] };
  }

  // ---- API: rules ----

  protected ruleOut(r: SimRule): sdk.Rule {
    return {
      RuleArn: r.arn,
      Priority: String(r.priority),
      Conditions: structuredClone(r.conditions),
      Actions: describedActions(r.actions),
      IsDefault: false,
    };
  }

  protected defaultRuleOut(l: SimListener): sdk.Rule {
    return {
      RuleArn: l.defaultRuleArn,
      Priority: 'default',
      Conditions: [],
      Actions: describedActions(l.defaultActions),
      IsDefault: true,
    };
  }

  DescribeRules(input: sdk.DescribeRulesInput): sdk.DescribeRulesOutput {
    if (input.RuleArns?.length)
      return {
        Rules: input.RuleArns.map((a) => {
          const l = this.listenerOfDefaultRule(a);
          return l ? this.defaultRuleOut(l) : this.ruleOut(this.ruleByArn(a));
        }),
      };
    if (!input.ListenerArn)
      throw this.error('ValidationError', 'You must specify either rule ARNs or a listener ARN', 400);
    const l = this.listener(input.ListenerArn);
    const rules = [...this.rules.values()]
      .filter((r) => r.listenerArn === l.arn)
      .sort((a, b) => a.priority - b.priority);
    return { Rules: [...rules.map((r) => this.ruleOut(r)), this.defaultRuleOut(l)] };
  }

  CreateRule(input: sdk.CreateRuleInput): sdk.CreateRuleOutput {
    const l = this.listener(input.ListenerArn ?? '');
    const priority = input.Priority ?? 0;
    if (!Number.isInteger(priority) || priority < 1 || priority > 50000)
      throw this.error('ValidationError', `Priority '${priority}' must be between 1 and 50000`, 400);
    if ([...this.rules.values()].some((r) => r.listenerArn === l.arn && r.priority === priority))
      throw this.error('PriorityInUseException', `Priority '${priority}' is currently in use`, 400);
    if (!input.Conditions?.length)
      throw this.error('ValidationError', 'A rule must have at least one condition', 400);
    const actions = this.checkActions(input.Actions);
    const arn = `${l.defaultRuleArn.slice(0, l.defaultRuleArn.lastIndexOf('/'))}/${this.id()}`;
    const rule: SimRule = {
      arn,
      listenerArn: l.arn,
      priority,
      conditions: structuredClone(input.Conditions),
      actions,
    };
    this.rules.set(arn, rule);
    this.recordWeights(arn, actions);
    return { Rules: [this.ruleOut(rule)] };
  }

  /** Replaces the listed properties; Actions, when given, replaces the whole action list. */
  ModifyRule(input: sdk.ModifyRuleInput): sdk.ModifyRuleOutput {
    // https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_ModifyRule.html: "To modify the
    // actions for the default rule, use ModifyListener."
    if (this.listenerOfDefaultRule(input.RuleArn ?? ''))
      throw this.error(
        'OperationNotPermittedException',
        `Default rule '${input.RuleArn}' cannot be modified; use ModifyListener`,
        400,
      );
    const r = this.ruleByArn(input.RuleArn ?? '');
    if (input.Actions) {
      r.actions = this.checkActions(input.Actions, r.actions);
      this.recordWeights(r.arn, r.actions);
    }
    if (input.Conditions) r.conditions = structuredClone(input.Conditions);
    return { Rules: [this.ruleOut(r)] };
  }

  DeleteRule(input: sdk.DeleteRuleInput): sdk.DeleteRuleOutput {
    if (this.listenerOfDefaultRule(input.RuleArn ?? ''))
      throw this.error(
        'OperationNotPermittedException',
        `Default rule '${input.RuleArn}' cannot be deleted`,
        400,
      );
    this.ruleByArn(input.RuleArn ?? '');
    this.rules.delete(input.RuleArn!);
    return {};
  }
}
