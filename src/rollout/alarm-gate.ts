import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { ActionError } from '../core/errors.js';
import type { GateResult } from '../core/timeline.js';
import type { Gate } from './gates.js';

// DescribeAlarms takes at most 100 names a call.
const PAGE = 100;

async function alarmStates(
  client: CloudWatchClient,
  names: readonly string[],
): Promise<Map<string, { state: string; reason: string }>> {
  const states = new Map<string, { state: string; reason: string }>();
  for (let i = 0; i < names.length; i += PAGE) {
    const out = await client.send(
      new DescribeAlarmsCommand({
        AlarmNames: names.slice(i, i + PAGE),
        AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
      }),
    );
    for (const a of [...(out.MetricAlarms ?? []), ...(out.CompositeAlarms ?? [])])
      if (a.AlarmName)
        states.set(a.AlarmName, { state: a.StateValue ?? 'UNKNOWN', reason: a.StateReason ?? '' });
  }
  return states;
}

/**
 * Fails as soon as any named alarm is in ALARM. Built after checking every name exists (DescribeAlarms
 * silently leaves unknown names out, which would make a typo a gate that can never fail) and that none is
 * firing before the rollout starts.
 */
export async function createAlarmGate(client: CloudWatchClient, names: readonly string[]): Promise<Gate> {
  const initial = await alarmStates(client, names);
  const missing = names.filter((n) => !initial.has(n));
  if (missing.length)
    throw new ActionError(
      `alarms not found in this account and region: ${missing.join(', ')}; check the alarms input`,
    );
  const firing = names.filter((n) => initial.get(n)?.state === 'ALARM');
  if (firing.length)
    throw new ActionError(
      `alarms already in ALARM before the rollout: ${firing.join(', ')}; a rollout would roll back at once, so it did not start`,
    );
  return {
    name: 'alarms',
    async check(): Promise<GateResult[]> {
      const states = await alarmStates(client, names);
      return names.map((n) => {
        const s = states.get(n);
        // An alarm deleted mid-rollout watches nothing any more: that fails the gate, as a typo would have.
        return {
          name: `alarm ${n}`,
          ok: s !== undefined && s.state !== 'ALARM',
          detail: s ? `${s.state}: ${s.reason}` : 'no longer exists',
        };
      });
    },
  };
}
