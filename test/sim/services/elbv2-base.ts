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

export type State =
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

export interface SimListener {
  arn: string;
  lbArn: string;
  port: number;
  protocol: string;
  defaultActions: sdk.Action[];
  defaultRuleArn: string;
}

export interface SimRule {
  arn: string;
  listenerArn: string;
  priority: number;
  conditions: sdk.RuleCondition[];
  actions: sdk.Action[];
}

export interface SimLoadBalancer {
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

export const DESCRIPTIONS: Record<string, string> = {
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

export const key = (id: string, port: number): string => `${id}:${port}`;
const hex = (n: number, width = 16): string => n.toString(16).padStart(width, '0');

/**
 * The state every part of the ELBv2 simulator shares: load balancers, listeners, rules and target groups,
 * id generation, and the lookups that throw AWS's errors. The API calls live in elbv2-<resource>.ts, one
 * layer each; Elbv2Sim (elbv2.ts) is the top one.
 */
export abstract class Elbv2Base extends SimService {
  readonly clientName = 'ElasticLoadBalancingV2Client';
  readonly iamPrefix = 'elasticloadbalancing';
  readonly sdk = sdk as unknown as Record<string, unknown>;
  readonly throttle = { name: 'Throttling', status: 400 };
  /** Every change of forward weights (by API or by a service acting for the user, like ECS). */
  readonly weightHistory: WeightChange[] = [];
  protected readonly loadBalancers = new Map<string, SimLoadBalancer>();
  protected readonly targetGroups = new Map<string, SimTargetGroup>();
  protected readonly listeners = new Map<string, SimListener>();
  protected readonly rules = new Map<string, SimRule>();
  protected readonly sources: HealthSource[] = [];
  protected seq = 0;
  protected position: number;

  constructor(account: ConstructorParameters<typeof SimService>[0]) {
    super(account);
    this.position = account.clock.now();
  }

  protected id(): string {
    return hex(0x5a1e000000000000 + ++this.seq * 7919);
  }

  protected arn(resource: string): string {
    return `arn:aws:elasticloadbalancing:us-east-1:${this.account.accountId}:${resource}`;
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

  nameOf(tgArn: string): string {
    return this.targetGroups.get(tgArn)?.name ?? tgArn;
  }

  protected setState(t: SimTarget, state: State, reason: string | undefined): void {
    t.state = state;
    t.reason = reason;
    t.description = reason ? DESCRIPTIONS[reason] : undefined;
  }

  // ---- lookups ----

  protected lb(arn: string): SimLoadBalancer {
    const lb = this.loadBalancers.get(arn);
    if (!lb) throw this.error('LoadBalancerNotFoundException', `Load balancer '${arn}' not found`, 400);
    return lb;
  }

  protected tg(arn: string): SimTargetGroup {
    const tg = this.targetGroups.get(arn);
    if (!tg) throw this.error('TargetGroupNotFoundException', `Target groups '${arn}' not found`, 400);
    return tg;
  }

  protected listener(arn: string): SimListener {
    const l = this.listeners.get(arn);
    if (!l) throw this.error('ListenerNotFoundException', `Listener '${arn}' not found`, 400);
    return l;
  }

  protected ruleByArn(arn: string): SimRule {
    const r = this.rules.get(arn);
    if (!r) throw this.error('RuleNotFoundException', `One or more rules not found`, 400);
    return r;
  }

  protected listenerOfDefaultRule(ruleArn: string): SimListener | undefined {
    return [...this.listeners.values()].find((l) => l.defaultRuleArn === ruleArn);
  }

  protected actionsOf(arn: string): sdk.Action[] {
    const listener = this.listeners.get(arn) ?? this.listenerOfDefaultRule(arn);
    if (listener) return listener.defaultActions;
    return this.ruleByArn(arn).actions;
  }

  protected allActionLists(): Array<[string, sdk.Action[]]> {
    return [
      ...[...this.listeners.values()].map((l): [string, sdk.Action[]] => [l.arn, l.defaultActions]),
      ...[...this.rules.values()].map((r): [string, sdk.Action[]] => [r.arn, r.actions]),
    ];
  }

  /** The load balancers whose listeners or rules forward to the target group (weight 0 included). */
  protected loadBalancersOf(tgArn: string): string[] {
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

  protected newTarget(tg: SimTargetGroup, id: string, port: number, az: string | undefined): SimTarget {
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

  protected recordWeights(arn: string, actions: sdk.Action[]): void {
    this.weightHistory.push({ t: this.now, arn, weights: forwards(actions) });
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
