import * as sdk from '@aws-sdk/client-cloudwatch';
import { SimService } from '../account.js';

type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

interface Alarm {
  name: string;
  state: AlarmState;
  reason: string;
  updatedAt: number;
}

/**
 * CloudWatch alarms whose states follow a script: at fixed times, or a while after a condition on the
 * rest of the account starts to hold (for example, traffic reaching a broken version).
 */
export class CloudWatchSim extends SimService {
  readonly clientName = 'CloudWatchClient';
  readonly iamPrefix = 'cloudwatch';
  readonly sdk = sdk as unknown as Record<string, unknown>;
  readonly throttle = { name: 'Throttling', status: 400 };
  private readonly alarms = new Map<string, Alarm>();
  private readonly rules: Array<{ alarm: string; when: () => boolean; afterMs: number; since?: number }> = [];

  putAlarm(name: string, state: AlarmState = 'OK'): void {
    this.alarms.set(name, { name, state, reason: 'created', updatedAt: this.now });
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

  override tick(now: number): void {
    for (const r of this.rules) {
      if (!r.when()) continue;
      r.since ??= now;
      if (now - r.since >= r.afterMs)
        this.setState(r.alarm, 'ALARM', 'Threshold Crossed: errors above threshold');
    }
  }

  DescribeAlarms(input: sdk.DescribeAlarmsInput): sdk.DescribeAlarmsOutput {
    // Names that do not exist are simply absent from the answer, as in AWS.
    const names = input.AlarmNames ?? [...this.alarms.keys()];
    const found = names.map((n) => this.alarms.get(n)).filter((a): a is Alarm => a !== undefined);
    return {
      MetricAlarms: found.map((a) => ({
        AlarmName: a.name,
        AlarmArn: `arn:aws:cloudwatch:us-east-1:${this.account.accountId}:alarm:${a.name}`,
        StateValue: a.state,
        StateReason: a.reason,
        StateUpdatedTimestamp: new Date(a.updatedAt),
      })),
      CompositeAlarms: [],
    };
  }
}
