import * as sdk from '@aws-sdk/client-cloudwatch';
import { SimService } from '../account.js';

type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** The metric alarm's configuration as PutMetricAlarm took it (everything but the name and the state). */
type AlarmConfig = Omit<sdk.PutMetricAlarmInput, 'AlarmName' | 'Tags'>;

interface Alarm {
  name: string;
  state: AlarmState;
  reason: string;
  updatedAt: number;
  config: AlarmConfig;
  /** A target tracking policy's alarm, which Auto Scaling made and manages. */
  managedBy: string | undefined;
}

/** What the alarms need to know of Auto Scaling (absent in accounts without it). */
interface ScalingLookup {
  policyExists(arn: string): boolean;
  groupExists(name: string): boolean;
}

const POLICY_ARN = /^arn:aws:autoscaling:[^:]+:\d+:scalingPolicy:/;
const ACTION_LISTS = ['AlarmActions', 'OKActions', 'InsufficientDataActions'] as const;

/** Every action of an alarm, across its three lists. */
const actionsOf = (c: AlarmConfig): string[] => ACTION_LISTS.flatMap((k) => c[k] ?? []);

/** The Auto Scaling groups an alarm's metric (or each metric of its math expression) names. */
function groupsWatched(c: AlarmConfig): string[] {
  const dims = [
    ...(c.Dimensions ?? []),
    ...(c.Metrics ?? []).flatMap((m) => m.MetricStat?.Metric?.Dimensions ?? []),
  ];
  return dims.filter((d) => d.Name === 'AutoScalingGroupName' && d.Value).map((d) => d.Value!);
}

/**
 * CloudWatch metric alarms: made by PutMetricAlarm (or by Auto Scaling for target tracking policies), with
 * states that follow a script: at fixed times, or a while after a condition on the rest of the account starts
 * to hold (for example, traffic reaching a broken version).
 */
export class CloudWatchSim extends SimService {
  readonly clientName = 'CloudWatchClient';
  readonly iamPrefix = 'cloudwatch';
  readonly sdk = sdk as unknown as Record<string, unknown>;
  readonly throttle = { name: 'Throttling', status: 400 };
  private readonly alarms = new Map<string, Alarm>();
  private readonly rules: Array<{ alarm: string; when: () => boolean; afterMs: number; since?: number }> = [];

  /** Scenario set-up: an alarm in `state`, with the given configuration (a bare one by default). */
  putAlarm(name: string, state: AlarmState = 'OK', config: Partial<AlarmConfig> = {}): void {
    this.alarms.set(name, {
      name,
      state,
      reason: 'created',
      updatedAt: this.now,
      config: { EvaluationPeriods: 1, ComparisonOperator: 'GreaterThanThreshold', ...config },
      managedBy: undefined,
    });
  }

  /**
   * Auto Scaling's side of a target tracking policy: it creates and manages the policy's alarms
   * (https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-scaling-target-tracking.html), named
   * TargetTracking-<group>-AlarmHigh/AlarmLow-<id>.
   */
  putManagedAlarms(policyArn: string, group: string, id: string): string[] {
    return ['AlarmHigh', 'AlarmLow'].map((kind) => {
      const name = `TargetTracking-${group}-${kind}-${id}`;
      this.putAlarm(name, 'INSUFFICIENT_DATA', {
        AlarmActions: [policyArn],
        Dimensions: [{ Name: 'AutoScalingGroupName', Value: group }],
        EvaluationPeriods: kind === 'AlarmHigh' ? 3 : 15,
        ComparisonOperator: kind === 'AlarmHigh' ? 'GreaterThanThreshold' : 'LessThanThreshold',
      });
      this.alarms.get(name)!.managedBy = policyArn;
      return name;
    });
  }

  /** Deleting a target tracking policy deletes its alarms (deleting-scaling-policy.html, linked below). */
  deleteManagedAlarms(policyArn: string): void {
    for (const a of [...this.alarms.values()]) if (a.managedBy === policyArn) this.alarms.delete(a.name);
  }

  /**
   * Deleting a step or simple scaling policy deletes the underlying alarm action but keeps the alarm, even
   * with no action left (https://docs.aws.amazon.com/autoscaling/ec2/userguide/deleting-scaling-policy.html).
   */
  removeAction(policyArn: string): void {
    for (const a of this.alarms.values())
      for (const k of ACTION_LISTS)
        if (a.config[k]?.includes(policyArn)) a.config[k] = a.config[k].filter((x) => x !== policyArn);
  }

  /** The alarms whose actions (any of the three lists) name the ARN: a scaling policy's Alarms. */
  alarmsActingOn(arn: string): Array<{ AlarmName: string; AlarmARN: string }> {
    return [...this.alarms.values()]
      .filter((a) => actionsOf(a.config).includes(arn))
      .map((a) => ({ AlarmName: a.name, AlarmARN: this.arnOf(a.name) }));
  }

  alarm(name: string): (AlarmConfig & { state: AlarmState }) | undefined {
    const a = this.alarms.get(name);
    return a ? { ...structuredClone(a.config), state: a.state } : undefined;
  }

  alarmNames(): string[] {
    return [...this.alarms.keys()];
  }

  setState(name: string, state: AlarmState, reason: string): void {
    const a = this.alarms.get(name);
    if (a && a.state !== state) Object.assign(a, { state, reason, updatedAt: this.now });
  }

  /** The alarm goes to `state` at virtual time `at`. */
  scriptAt(name: string, at: number, state: AlarmState, reason = 'Threshold Crossed (scripted)'): void {
    this.account.clock.at(at, () => this.setState(name, state, reason));
  }

  /** The alarm fires once `when` has held for `afterMs`, as a metric alarm over a period would. */
  fireWhen(name: string, when: () => boolean, afterMs: number): void {
    this.rules.push({ alarm: name, when, afterMs });
  }

  private get scaling(): ScalingLookup | undefined {
    try {
      return this.account.service<SimService & ScalingLookup>('AutoScalingClient');
    } catch {
      return undefined;
    }
  }

  private arnOf(name: string): string {
    return `arn:aws:cloudwatch:us-east-1:${this.account.accountId}:alarm:${name}`;
  }

  override tick(now: number): void {
    for (const r of this.rules) {
      if (!r.when()) continue;
      r.since ??= now;
      if (now - r.since >= r.afterMs)
        this.setState(r.alarm, 'ALARM', 'Threshold Crossed: errors above threshold');
    }
    this.sweepDeletedGroups();
  }

  /**
   * Deleting a group deletes its policies, the underlying alarm actions, and any alarm that no longer has an
   * associated action (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_DeleteAutoScalingGroup.html).
   * The simulator applies it at the tick after the group is gone.
   */
  private sweepDeletedGroups(): void {
    const scaling = this.scaling;
    if (!scaling) return;
    for (const a of [...this.alarms.values()]) {
      const gone = actionsOf(a.config).filter((x) => POLICY_ARN.test(x) && !scaling.policyExists(x));
      if (!gone.length) continue;
      for (const k of ACTION_LISTS)
        if (a.config[k]) a.config[k] = a.config[k].filter((x) => !gone.includes(x));
      if (!actionsOf(a.config).length) this.alarms.delete(a.name);
    }
  }

  /**
   * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html: creates the
   * alarm, or replaces the whole configuration of an existing one and leaves its state unchanged; a new alarm
   * starts in INSUFFICIENT_DATA. A metric alarm names one metric (Namespace and MetricName) or a math
   * expression (Metrics), never both; each action list holds at most 5 actions.
   */
  PutMetricAlarm(input: sdk.PutMetricAlarmInput): Record<string, never> {
    const name = input.AlarmName ?? '';
    if (!name || name.length > 255)
      throw this.error('ValidationError', 'AlarmName must be between 1 and 255 characters long.');
    if (input.EvaluationPeriods === undefined || !input.ComparisonOperator)
      throw this.error('ValidationError', 'EvaluationPeriods and ComparisonOperator are required.');
    const single = input.MetricName !== undefined || input.Namespace !== undefined;
    if (single === (input.Metrics !== undefined && input.Metrics.length > 0))
      throw this.error(
        'ValidationError',
        'Exactly one of MetricName and Metrics must be specified for a metric alarm.',
      );
    for (const k of ACTION_LISTS)
      if ((input[k]?.length ?? 0) > 5)
        throw this.error('ValidationError', `The collection ${k} must not have a size greater than 5.`);
    // Stricter than the documentation says: an action naming a scaling policy that does not exist is refused
    // (see test/sim/ASSUMPTIONS.md).
    const scaling = this.scaling;
    for (const x of ACTION_LISTS.flatMap((k) => input[k] ?? []))
      if (POLICY_ARN.test(x) && scaling && !scaling.policyExists(x))
        throw this.error('ValidationError', `Invalid action ARN: the scaling policy ${x} does not exist.`);
    const { AlarmName: _name, Tags: _tags, ...config } = structuredClone(input);
    const existing = this.alarms.get(name);
    if (existing) existing.config = config;
    else
      this.alarms.set(name, {
        name,
        state: 'INSUFFICIENT_DATA',
        reason: 'Unchecked: Initial alarm creation',
        updatedAt: this.now,
        config,
        managedBy: undefined,
      });
    return {};
  }

  /**
   * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DeleteAlarms.html: "If you specify
   * an incorrect alarm name or make any other error in the operation, no alarms are deleted"; at most 100
   * names a call.
   */
  DeleteAlarms(input: sdk.DeleteAlarmsInput): Record<string, never> {
    const names = input.AlarmNames ?? [];
    if (names.length > 100)
      throw this.error('ValidationError', 'The collection AlarmNames must not have a size greater than 100.');
    const missing = names.filter((n) => !this.alarms.has(n));
    if (missing.length)
      throw this.error('ResourceNotFound', `Alarm(s) not found: ${missing.join(', ')}`, 404);
    for (const n of names) this.alarms.delete(n);
    return {};
  }

  DescribeAlarms(input: sdk.DescribeAlarmsInput): sdk.DescribeAlarmsOutput {
    // Names that do not exist are simply absent from the answer, as in AWS.
    const names = input.AlarmNames ?? [...this.alarms.keys()];
    const found = names.map((n) => this.alarms.get(n)).filter((a): a is Alarm => a !== undefined);
    return {
      // The members of API_MetricAlarm: the configuration as put, with the state.
      MetricAlarms: found.map((a) => ({
        ...structuredClone(a.config),
        ActionsEnabled: a.config.ActionsEnabled ?? true,
        AlarmActions: a.config.AlarmActions ?? [],
        OKActions: a.config.OKActions ?? [],
        InsufficientDataActions: a.config.InsufficientDataActions ?? [],
        Dimensions: a.config.Dimensions ?? [],
        AlarmName: a.name,
        AlarmArn: this.arnOf(a.name),
        StateValue: a.state,
        StateReason: a.reason,
        StateUpdatedTimestamp: new Date(a.updatedAt),
      })),
      CompositeAlarms: [],
    };
  }

  /**
   * Left behind: an alarm that watches an Auto Scaling group that no longer exists, or acts on a scaling
   * policy that no longer exists (deleting a policy keeps its alarm:
   * https://docs.aws.amazon.com/autoscaling/ec2/userguide/deleting-scaling-policy.html).
   */
  override orphans(): string[] {
    const scaling = this.scaling;
    if (!scaling) return [];
    const out: string[] = [];
    for (const a of this.alarms.values()) {
      const group = groupsWatched(a.config).find((g) => !scaling.groupExists(g));
      const policy = actionsOf(a.config).find((x) => POLICY_ARN.test(x) && !scaling.policyExists(x));
      if (group) out.push(`alarm ${a.name} watches auto scaling group ${group}, which no longer exists`);
      else if (policy) out.push(`alarm ${a.name} acts on scaling policy ${policy}, which no longer exists`);
    }
    return out;
  }
}
