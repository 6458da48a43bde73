import * as sdk from '@aws-sdk/client-elastic-load-balancing-v2';
import { SimService } from '../account.js';

/**
 * What a health source says about the app behind a target at virtual time `at`: up or not, and the ELB
 * reason code a failing check gets. `undefined` means "not mine" (the next source is asked); when no source
 * answers, nothing listens on that port and the check times out.
 */
export interface HealthAnswer {
  up: boolean;
  reason?: 'Target.ResponseCodeMismatch' | 'Target.Timeout' | 'Target.FailedHealthChecks';
}
export type HealthSource = (targetId: string, port: number, at: number) => HealthAnswer | undefined;

type State =
  'initial' | 'healthy' | 'unhealthy' | 'unhealthy.draining' | 'unused' | 'draining' | 'unavailable';

export interface SimTarget {
  id: string;
  port: number;
  az: string | undefined;
  registeredAt: number;
  state: State;
  reason: string | undefined;
  description: string | undefined;
  okStreak: number;
  failStreak: number;
  /** Whether at least one check has run (initial: RegistrationInProgress → InitialHealthChecking). */
  checked: boolean;
  nextCheckAt: number;
  drainUntil: number | undefined;
}

export interface SimTargetGroup {
  arn: string;
  name: string;
  protocol: string;
  port: number;
  vpcId: string;
  targetType: string;
  healthCheckEnabled: boolean;
  healthCheckPath: string;
  intervalSeconds: number;
  timeoutSeconds: number;
  healthyThreshold: number;
  unhealthyThreshold: number;
  attributes: Map<string, string>;
  targets: Map<string, SimTarget>;
}

interface SimListener {
  arn: string;
  lbArn: string;
  port: number;
  protocol: string;
  defaultActions: sdk.Action[];
  defaultRuleArn: string;
}

interface SimRule {
  arn: string;
  listenerArn: string;
  priority: number;
  conditions: sdk.RuleCondition[];
  actions: sdk.Action[];
}

interface SimLoadBalancer {
  arn: string;
  name: string;
  type: 'application' | 'network';
  dnsName: string;
  vpcId: string;
  createdAt: number;
}

export interface WeightChange {
  t: number;
  /** The listener (default actions) or rule whose forward weights changed. */
  arn: string;
  weights: Array<{ targetGroupArn: string; weight: number }>;
}

const DESCRIPTIONS: Record<string, string> = {
  'Elb.RegistrationInProgress': 'Target registration is in progress',
  'Elb.InitialHealthChecking': 'Initial health checks in progress',
  'Target.ResponseCodeMismatch': 'Health checks failed with these codes: [502]',
  'Target.Timeout': 'Request timed out',
  'Target.FailedHealthChecks': 'Health checks failed',
  'Target.DeregistrationInProgress': 'Target deregistration is in progress',
  'Target.NotInUse': 'Target group is not configured to receive traffic from the load balancer',
  'Target.NotRegistered': 'Target is not registered to the target group',
  'Target.HealthCheckDisabled': 'Health checks disabled',
};

// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-target-group-attributes.html
const DEFAULT_ATTRIBUTES: Record<string, string> = {
  'deregistration_delay.timeout_seconds': '300',
  'stickiness.enabled': 'false',
  'stickiness.type': 'lb_cookie',
  'slow_start.duration_seconds': '0',
  'load_balancing.algorithm.type': 'round_robin',
};

const key = (id: string, port: number): string => `${id}:${port}`;
const hex = (n: number, width = 16): string => n.toString(16).padStart(width, '0');

/**
 * Elastic Load Balancing v2 as its API reference documents it: load balancers, listeners whose default
 * actions and rules forward to weighted target groups, target groups with health checks on an interval and
 * thresholds, registration and draining for the deregistration delay. Whether the app behind a target is up
 * is asked of the health sources that whoever owns the targets (ECS tasks, EC2 instances) registers.
 */
export class Elbv2Sim extends SimService {
  readonly clientName = 'ElasticLoadBalancingV2Client';
  readonly iamPrefix = 'elasticloadbalancing';
  readonly sdk = sdk as unknown as Record<string, unknown>;
  readonly throttle = { name: 'Throttling', status: 400 };
  /** Every change of forward weights (by API or by a service acting for the user, like ECS). */
  readonly weightHistory: WeightChange[] = [];
  private readonly loadBalancers = new Map<string, SimLoadBalancer>();
  private readonly targetGroups = new Map<string, SimTargetGroup>();
  private readonly listeners = new Map<string, SimListener>();
  private readonly rules = new Map<string, SimRule>();
  private readonly sources: HealthSource[] = [];
  private seq = 0;
  private position: number;

  constructor(account: ConstructorParameters<typeof SimService>[0]) {
    super(account);
    this.position = account.clock.now();
  }

  private id(): string {
    return hex(0x5a1e000000000000 + ++this.seq * 7919);
  }

  private arn(resource: string): string {
    return `arn:aws:elasticloadbalancing:us-east-1:${this.account.accountId}:${resource}`;
  }

  // ---- set-up (as the console or CloudFormation would have done; not API calls) ----

  addHealthSource(source: HealthSource): void {
    this.sources.push(source);
  }

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

  createTargetGroup(input: sdk.CreateTargetGroupInput): string {
    return this.CreateTargetGroup(input).TargetGroups![0]!.TargetGroupArn!;
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

  /** Registers a target that has been up for long enough to be healthy already (scenario set-up). */
  seedHealthyTarget(tgArn: string, id: string, port: number): void {
    const tg = this.tg(tgArn);
    const t = this.newTarget(tg, id, port, undefined);
    Object.assign(t, { state: 'healthy', reason: undefined, description: undefined, checked: true });
    t.okStreak = tg.healthyThreshold;
  }

  // ---- reads for services that act on the user's behalf and for invariants ----

  targetGroup(arn: string): SimTargetGroup | undefined {
    return this.targetGroups.get(arn);
  }

  target(tgArn: string, id: string, port: number): SimTarget | undefined {
    return this.targetGroups.get(tgArn)?.targets.get(key(id, port));
  }

  healthyCount(tgArn: string): number {
    const tg = this.targetGroups.get(tgArn);
    return tg ? [...tg.targets.values()].filter((t) => t.state === 'healthy').length : 0;
  }

  deregistrationDelayMs(tgArn: string): number {
    return Number(this.tg(tgArn).attributes.get('deregistration_delay.timeout_seconds')) * 1000;
  }

  /** The forward weights of a listener (its default actions) or of a rule, by target group. */
  forwardWeights(listenerOrRuleArn: string): Array<{ targetGroupArn: string; weight: number }> {
    return forwards(this.actionsOf(listenerOrRuleArn));
  }

  /** Healthy targets behind a listener or rule: those in target groups that get a weight above 0. */
  servingCapacity(listenerOrRuleArn: string): number {
    return this.forwardWeights(listenerOrRuleArn)
      .filter((f) => f.weight > 0)
      .reduce((n, f) => n + this.healthyCount(f.targetGroupArn), 0);
  }

  /** Writes a rule's (or a default rule's) forward weights, as a service with a role does for the user (ECS). */
  setForwardWeights(
    listenerOrRuleArn: string,
    weights: Array<{ targetGroupArn: string; weight: number }>,
  ): void {
    const actions = this.checkActions([
      {
        Type: 'forward',
        ForwardConfig: {
          TargetGroups: weights.map((w) => ({ TargetGroupArn: w.targetGroupArn, Weight: w.weight })),
        },
      },
    ]);
    const listener = this.listenerOfDefaultRule(listenerOrRuleArn) ?? this.listeners.get(listenerOrRuleArn);
    if (listener) listener.defaultActions = actions;
    else this.ruleByArn(listenerOrRuleArn).actions = actions;
    this.recordWeights(listenerOrRuleArn, actions);
  }

  /** Registers a target for a service acting on the user's behalf (ECS registering a task). */
  registerTarget(tgArn: string, id: string, port: number, az?: string): void {
    this.RegisterTargets({ TargetGroupArn: tgArn, Targets: [{ Id: id, Port: port, AvailabilityZone: az }] });
  }

  deregisterTarget(tgArn: string, id: string, port: number): void {
    this.DeregisterTargets({ TargetGroupArn: tgArn, Targets: [{ Id: id, Port: port }] });
  }

  /** Invariant: every forward with a weight above 0 points at a target group with a healthy target. */
  weightsPointAtHealthy(): string | undefined {
    for (const [arn, actions] of this.allActionLists())
      for (const f of forwards(actions))
        if (f.weight > 0 && this.healthyCount(f.targetGroupArn) === 0)
          return `${arn} sends weight ${f.weight} to ${this.nameOf(f.targetGroupArn)}, which has no healthy target`;
    return undefined;
  }

  /** Invariant: the target groups together have at least `n` healthy targets. */
  healthyAtLeast(tgArns: readonly string[], n: number): string | undefined {
    const healthy = tgArns.reduce((s, a) => s + this.healthyCount(a), 0);
    return healthy >= n
      ? undefined
      : `${healthy} healthy targets in ${tgArns.map((a) => this.nameOf(a)).join(', ')}, below ${n}`;
  }

  /** Target groups that no listener or rule uses: left behind by a blue/green that did not clean up. */
  override orphans(): string[] {
    return [...this.targetGroups.values()]
      .filter((tg) => this.loadBalancersOf(tg.arn).length === 0)
      .map((tg) => `target group ${tg.name} is used by no listener`);
  }

  nameOf(tgArn: string): string {
    return this.targetGroups.get(tgArn)?.name ?? tgArn;
  }

  // ---- virtual time ----

  override tick(now: number): void {
    if (now <= this.position) return;
    this.position = now;
    for (const tg of this.targetGroups.values()) {
      const inUse = this.loadBalancersOf(tg.arn).length > 0;
      for (const t of [...tg.targets.values()]) this.advanceTarget(tg, t, now, inUse);
    }
  }

  private advanceTarget(tg: SimTargetGroup, t: SimTarget, now: number, inUse: boolean): void {
    if (t.drainUntil !== undefined) {
      if (now >= t.drainUntil) tg.targets.delete(key(t.id, t.port));
      return;
    }
    if (!tg.healthCheckEnabled) return this.setState(t, 'unavailable', 'Target.HealthCheckDisabled');
    if (!inUse) {
      this.setState(t, 'unused', 'Target.NotInUse');
      Object.assign(t, {
        okStreak: 0,
        failStreak: 0,
        checked: false,
        nextCheckAt: now + tg.intervalSeconds * 1000,
      });
      return;
    }
    if (t.state === 'unused') this.setState(t, 'initial', 'Elb.RegistrationInProgress');
    // Catch up on every check that fell due since the last tick; sources answer for the time of each check.
    while (t.nextCheckAt <= now) {
      const at = t.nextCheckAt;
      const answer = this.ask(t.id, t.port, at);
      t.checked = true;
      if (answer.up) {
        t.okStreak++;
        t.failStreak = 0;
        if (t.state !== 'healthy' && t.okStreak >= tg.healthyThreshold)
          this.setState(t, 'healthy', undefined);
      } else {
        t.failStreak++;
        t.okStreak = 0;
        const reason = answer.reason ?? 'Target.FailedHealthChecks';
        if (t.state === 'unhealthy') this.setState(t, 'unhealthy', reason);
        else if (t.failStreak >= tg.unhealthyThreshold) this.setState(t, 'unhealthy', reason);
      }
      if (t.state === 'initial') this.setState(t, 'initial', 'Elb.InitialHealthChecking');
      t.nextCheckAt = at + tg.intervalSeconds * 1000;
    }
  }

  private ask(id: string, port: number, at: number): HealthAnswer {
    for (const source of this.sources) {
      const answer = source(id, port, at);
      if (answer) return answer;
    }
    return { up: false, reason: 'Target.Timeout' };
  }

  private setState(t: SimTarget, state: State, reason: string | undefined): void {
    t.state = state;
    t.reason = reason;
    t.description = reason ? DESCRIPTIONS[reason] : undefined;
  }

  // ---- lookups ----

  private lb(arn: string): SimLoadBalancer {
    const lb = this.loadBalancers.get(arn);
    if (!lb) throw this.error('LoadBalancerNotFoundException', `Load balancer '${arn}' not found`, 400);
    return lb;
  }

  private tg(arn: string): SimTargetGroup {
    const tg = this.targetGroups.get(arn);
    if (!tg) throw this.error('TargetGroupNotFoundException', `Target groups '${arn}' not found`, 400);
    return tg;
  }

  private listener(arn: string): SimListener {
    const l = this.listeners.get(arn);
    if (!l) throw this.error('ListenerNotFoundException', `Listener '${arn}' not found`, 400);
    return l;
  }

  private ruleByArn(arn: string): SimRule {
    const r = this.rules.get(arn);
    if (!r) throw this.error('RuleNotFoundException', `One or more rules not found`, 400);
    return r;
  }

  private listenerOfDefaultRule(ruleArn: string): SimListener | undefined {
    return [...this.listeners.values()].find((l) => l.defaultRuleArn === ruleArn);
  }

  private actionsOf(arn: string): sdk.Action[] {
    const listener = this.listeners.get(arn) ?? this.listenerOfDefaultRule(arn);
    if (listener) return listener.defaultActions;
    return this.ruleByArn(arn).actions;
  }

  private allActionLists(): Array<[string, sdk.Action[]]> {
    return [
      ...[...this.listeners.values()].map((l): [string, sdk.Action[]] => [l.arn, l.defaultActions]),
      ...[...this.rules.values()].map((r): [string, sdk.Action[]] => [r.arn, r.actions]),
    ];
  }

  /** The load balancers whose listeners or rules forward to the target group (weight 0 included). */
  private loadBalancersOf(tgArn: string): string[] {
    const lbs = new Set<string>();
    for (const l of this.listeners.values()) {
      const lists = [
        l.defaultActions,
        ...[...this.rules.values()].filter((r) => r.listenerArn === l.arn).map((r) => r.actions),
      ];
      if (lists.some((actions) => forwards(actions).some((f) => f.targetGroupArn === tgArn)))
        lbs.add(l.lbArn);
    }
    return [...lbs];
  }

  private newTarget(tg: SimTargetGroup, id: string, port: number, az: string | undefined): SimTarget {
    const t: SimTarget = {
      id,
      port,
      az,
      registeredAt: this.now,
      state: 'initial',
      reason: 'Elb.RegistrationInProgress',
      description: DESCRIPTIONS['Elb.RegistrationInProgress'],
      okStreak: 0,
      failStreak: 0,
      checked: false,
      nextCheckAt: this.now + tg.intervalSeconds * 1000,
      drainUntil: undefined,
    };
    tg.targets.set(key(id, port), t);
    return t;
  }

  private recordWeights(arn: string, actions: sdk.Action[]): void {
    this.weightHistory.push({ t: this.now, arn, weights: forwards(actions) });
  }

  // ---- validation ----

  /** Validates an action list as ModifyListener, ModifyRule and CreateRule do. */
  private checkActions(actions: sdk.Action[] | undefined): sdk.Action[] {
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
    return structuredClone(actions);
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

  private listenerOut(l: SimListener): sdk.Listener {
    return {
      ListenerArn: l.arn,
      LoadBalancerArn: l.lbArn,
      Port: l.port,
      Protocol: l.protocol as sdk.ProtocolEnum,
      DefaultActions: structuredClone(l.defaultActions),
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
      l.defaultActions = this.checkActions(input.DefaultActions);
      this.recordWeights(l.arn, l.defaultActions);
    }
    if (input.Port !== undefined) l.port = input.Port;
    if (input.Protocol !== undefined) l.protocol = input.Protocol;
    return { Listeners: [this.listenerOut(l)] };
  }

  // ---- API: rules ----

  private ruleOut(r: SimRule): sdk.Rule {
    return {
      RuleArn: r.arn,
      Priority: String(r.priority),
      Conditions: structuredClone(r.conditions),
      Actions: structuredClone(r.actions),
      IsDefault: false,
    };
  }

  private defaultRuleOut(l: SimListener): sdk.Rule {
    return {
      RuleArn: l.defaultRuleArn,
      Priority: 'default',
      Conditions: [],
      Actions: structuredClone(l.defaultActions),
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
      r.actions = this.checkActions(input.Actions);
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

  // ---- API: target groups ----

  private tgOut(tg: SimTargetGroup): sdk.TargetGroup {
    return {
      TargetGroupArn: tg.arn,
      TargetGroupName: tg.name,
      Protocol: tg.protocol as sdk.ProtocolEnum,
      Port: tg.port,
      VpcId: tg.vpcId,
      TargetType: tg.targetType as sdk.TargetTypeEnum,
      HealthCheckEnabled: tg.healthCheckEnabled,
      HealthCheckPath: tg.healthCheckPath,
      HealthCheckProtocol: tg.protocol as sdk.ProtocolEnum,
      HealthCheckPort: 'traffic-port',
      HealthCheckIntervalSeconds: tg.intervalSeconds,
      HealthCheckTimeoutSeconds: tg.timeoutSeconds,
      HealthyThresholdCount: tg.healthyThreshold,
      UnhealthyThresholdCount: tg.unhealthyThreshold,
      Matcher: { HttpCode: '200' },
      LoadBalancerArns: this.loadBalancersOf(tg.arn),
    };
  }

  CreateTargetGroup(input: sdk.CreateTargetGroupInput): sdk.CreateTargetGroupOutput {
    const name = input.Name ?? '';
    if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/.test(name))
      throw this.error(
        'ValidationError',
        `Target group name '${name}' must be 1 to 32 alphanumeric characters or hyphens, and must not begin or end with a hyphen`,
        400,
      );
    const interval = input.HealthCheckIntervalSeconds ?? 30;
    const timeout = input.HealthCheckTimeoutSeconds ?? 5;
    const healthy = input.HealthyThresholdCount ?? 5;
    const unhealthy = input.UnhealthyThresholdCount ?? 2;
    if (interval < 5 || interval > 300)
      throw this.error('ValidationError', 'Health check interval must be between 5 and 300 seconds', 400);
    if (timeout < 2 || timeout > 120 || timeout >= interval)
      throw this.error('ValidationError', 'Health check timeout must be smaller than the interval', 400);
    if (healthy < 2 || healthy > 10 || unhealthy < 2 || unhealthy > 10)
      throw this.error('ValidationError', 'Health check thresholds must be between 2 and 10', 400);
    const existing = [...this.targetGroups.values()].find((t) => t.name === name);
    const settings = {
      protocol: input.Protocol ?? 'HTTP',
      port: input.Port ?? 80,
      vpcId: input.VpcId ?? 'vpc-0sim',
      targetType: input.TargetType ?? 'instance',
    };
    if (existing) {
      // CreateTargetGroup is idempotent for identical settings; a different one under the same name is refused.
      const same = (Object.keys(settings) as Array<keyof typeof settings>).every(
        (k) => existing[k] === settings[k],
      );
      if (!same)
        throw this.error(
          'DuplicateTargetGroupNameException',
          'A target group with the same name exists, but with different settings',
          400,
        );
      return { TargetGroups: [this.tgOut(existing)] };
    }
    const tg: SimTargetGroup = {
      arn: this.arn(`targetgroup/${name}/${this.id()}`),
      name,
      ...settings,
      healthCheckEnabled: input.HealthCheckEnabled ?? true,
      healthCheckPath: input.HealthCheckPath ?? '/',
      intervalSeconds: interval,
      timeoutSeconds: timeout,
      healthyThreshold: healthy,
      unhealthyThreshold: unhealthy,
      attributes: new Map(Object.entries(DEFAULT_ATTRIBUTES)),
      targets: new Map(),
    };
    this.targetGroups.set(tg.arn, tg);
    return { TargetGroups: [this.tgOut(tg)] };
  }

  DeleteTargetGroup(input: sdk.DeleteTargetGroupInput): sdk.DeleteTargetGroupOutput {
    const tg = this.targetGroups.get(input.TargetGroupArn ?? '');
    if (!tg) return {};
    if (this.loadBalancersOf(tg.arn).length > 0)
      throw this.error(
        'ResourceInUseException',
        `Target group '${tg.arn}' is currently in use by a listener or a rule`,
        400,
      );
    this.targetGroups.delete(tg.arn);
    return {};
  }

  DescribeTargetGroups(input: sdk.DescribeTargetGroupsInput): sdk.DescribeTargetGroupsOutput {
    let tgs = [...this.targetGroups.values()];
    if (input.TargetGroupArns?.length) tgs = input.TargetGroupArns.map((a) => this.tg(a));
    if (input.Names?.length)
      tgs = input.Names.map((n) => {
        const tg = [...this.targetGroups.values()].find((t) => t.name === n);
        if (!tg) throw this.error('TargetGroupNotFoundException', `One or more target groups not found`, 400);
        return tg;
      });
    if (input.LoadBalancerArn) {
      this.lb(input.LoadBalancerArn);
      tgs = tgs.filter((tg) => this.loadBalancersOf(tg.arn).includes(input.LoadBalancerArn!));
    }
    return { TargetGroups: tgs.map((tg) => this.tgOut(tg)) };
  }

  DescribeTargetGroupAttributes(
    input: sdk.DescribeTargetGroupAttributesInput,
  ): sdk.DescribeTargetGroupAttributesOutput {
    const tg = this.tg(input.TargetGroupArn ?? '');
    return { Attributes: [...tg.attributes].map(([Key, Value]) => ({ Key, Value })) };
  }

  ModifyTargetGroupAttributes(
    input: sdk.ModifyTargetGroupAttributesInput,
  ): sdk.ModifyTargetGroupAttributesOutput {
    const tg = this.tg(input.TargetGroupArn ?? '');
    for (const a of input.Attributes ?? []) {
      if (!a.Key || !(a.Key in DEFAULT_ATTRIBUTES))
        throw this.error(
          'InvalidConfigurationRequestException',
          `The attribute '${a.Key}' is not supported`,
          400,
        );
      if (
        a.Key === 'deregistration_delay.timeout_seconds' &&
        (!/^\d+$/.test(a.Value ?? '') || Number(a.Value) > 3600)
      )
        throw this.error('ValidationError', `'${a.Value}' must be a number of seconds from 0 to 3600`, 400);
      tg.attributes.set(a.Key, a.Value ?? '');
    }
    return { Attributes: [...tg.attributes].map(([Key, Value]) => ({ Key, Value })) };
  }

  // ---- API: targets ----

  RegisterTargets(input: sdk.RegisterTargetsInput): sdk.RegisterTargetsOutput {
    const tg = this.tg(input.TargetGroupArn ?? '');
    for (const d of input.Targets ?? []) {
      const id = d.Id ?? '';
      const valid =
        tg.targetType === 'instance'
          ? /^i-[0-9a-f]{8,17}$/.test(id)
          : tg.targetType === 'ip'
            ? /^\d+\.\d+\.\d+\.\d+$/.test(id)
            : id !== '';
      if (!valid)
        throw this.error(
          'InvalidTargetException',
          `The following targets are not valid for target type '${tg.targetType}': ${id}`,
          400,
        );
      const port = d.Port ?? tg.port;
      const existing = tg.targets.get(key(id, port));
      // Registering a registered target does nothing; registering a draining one makes it a new registration.
      if (existing && existing.drainUntil === undefined) continue;
      this.newTarget(tg, id, port, d.AvailabilityZone);
    }
    return {};
  }

  DeregisterTargets(input: sdk.DeregisterTargetsInput): sdk.DeregisterTargetsOutput {
    const tg = this.tg(input.TargetGroupArn ?? '');
    const delay = this.deregistrationDelayMs(tg.arn);
    for (const d of input.Targets ?? []) {
      const t = tg.targets.get(key(d.Id ?? '', d.Port ?? tg.port));
      if (!t || t.drainUntil !== undefined) continue;
      // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html:
      // a target deregistered while unhealthy is unhealthy.draining; either way it drains for the delay.
      this.setState(
        t,
        t.state === 'unhealthy' ? 'unhealthy.draining' : 'draining',
        'Target.DeregistrationInProgress',
      );
      t.drainUntil = this.now + delay;
    }
    return {};
  }

  DescribeTargetHealth(input: sdk.DescribeTargetHealthInput): sdk.DescribeTargetHealthOutput {
    const tg = this.tg(input.TargetGroupArn ?? '');
    const describe = (t: SimTarget): sdk.TargetHealthDescription => ({
      Target: { Id: t.id, Port: t.port, ...(t.az ? { AvailabilityZone: t.az } : {}) },
      HealthCheckPort: String(t.port),
      TargetHealth: {
        State: t.state,
        ...(t.reason ? { Reason: t.reason as sdk.TargetHealthReasonEnum, Description: t.description } : {}),
      },
    });
    if (input.Targets?.length)
      return {
        TargetHealthDescriptions: input.Targets.map((d) => {
          const t = tg.targets.get(key(d.Id ?? '', d.Port ?? tg.port));
          if (t) return describe(t);
          return {
            Target: { Id: d.Id, Port: d.Port ?? tg.port },
            TargetHealth: {
              State: 'unused',
              Reason: 'Target.NotRegistered',
              Description: DESCRIPTIONS['Target.NotRegistered'],
            },
          };
        }),
      };
    return { TargetHealthDescriptions: [...tg.targets.values()].map(describe) };
  }
}

/** The weighted target groups of an action list's forward actions (a bare TargetGroupArn weighs 1). */
export function forwards(actions: readonly sdk.Action[]): Array<{ targetGroupArn: string; weight: number }> {
  const out: Array<{ targetGroupArn: string; weight: number }> = [];
  for (const a of actions) {
    if (a.Type !== 'forward') continue;
    const tuples = a.ForwardConfig?.TargetGroups ?? [];
    if (tuples.length)
      for (const t of tuples) out.push({ targetGroupArn: t.TargetGroupArn ?? '', weight: t.Weight ?? 1 });
    else if (a.TargetGroupArn) out.push({ targetGroupArn: a.TargetGroupArn, weight: 1 });
  }
  return out;
}
