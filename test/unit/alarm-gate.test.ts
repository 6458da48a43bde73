import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import { createAlarmGate } from '../../src/rollout/alarm-gate.js';
import { fakeClient } from './fake-client.js';

type Alarm = { AlarmName: string; StateValue: string; StateReason?: string };

/** DescribeAlarms as AWS answers it: unknown names are silently left out, each type in its own list. */
function cloudwatch(metric: Alarm[], composite: Alarm[] = []) {
  return fakeClient<CloudWatchClient>({
    DescribeAlarmsCommand: (input) => {
      const names = input.AlarmNames as string[];
      const types = input.AlarmTypes as string[] | undefined;
      return {
        MetricAlarms: metric.filter((a) => names.includes(a.AlarmName)),
        // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html:
        // without AlarmTypes only metric alarms are returned.
        CompositeAlarms: types?.includes('CompositeAlarm')
          ? composite.filter((a) => names.includes(a.AlarmName))
          : [],
      };
    },
  });
}

describe('alarm gate', () => {
  it('refuses a misspelt alarm name before the rollout, instead of a gate that never fails', async () => {
    const cw = cloudwatch([{ AlarmName: 'api-5xx', StateValue: 'OK' }]);
    await expect(createAlarmGate(cw, ['api-5xx', 'api-5xxx'])).rejects.toThrow(/alarms not found.*api-5xxx/);
  });

  it('follows a composite alarm: it fails the gate when it goes into ALARM', async () => {
    const composite = [{ AlarmName: 'api-health', StateValue: 'OK', StateReason: 'all fine' }];
    const cw = cloudwatch([], composite);
    const gate = await createAlarmGate(cw, ['api-health']);
    expect((await gate.check()).map((r) => r.ok)).toEqual([true]);
    composite[0]!.StateValue = 'ALARM';
    const [r] = await gate.check();
    expect(r).toMatchObject({ name: 'alarm api-health', ok: false });
  });

  it('refuses to start when an alarm is already in ALARM', async () => {
    const cw = cloudwatch([
      { AlarmName: 'a', StateValue: 'OK' },
      { AlarmName: 'b', StateValue: 'ALARM' },
    ]);
    await expect(createAlarmGate(cw, ['a', 'b'])).rejects.toThrow(/already in ALARM.*\bb\b/);
  });

  it('starts with an alarm in INSUFFICIENT_DATA, and fails only once it fires', async () => {
    const alarms = [{ AlarmName: 'new-alarm', StateValue: 'INSUFFICIENT_DATA' }];
    const gate = await createAlarmGate(cloudwatch(alarms), ['new-alarm']);
    expect(await gate.check()).toEqual([
      expect.objectContaining({ ok: true, detail: expect.stringMatching(/^INSUFFICIENT_DATA/) }),
    ]);
    alarms[0]!.StateValue = 'ALARM';
    expect((await gate.check())[0]!.ok).toBe(false);
  });

  it('fails the gate when a watched alarm is deleted during the rollout', async () => {
    const alarms = [{ AlarmName: 'api-5xx', StateValue: 'OK' }];
    const gate = await createAlarmGate(cloudwatch(alarms), ['api-5xx']);
    alarms.length = 0;
    expect(await gate.check()).toEqual([{ name: 'alarm api-5xx', ok: false, detail: 'no longer exists' }]);
  });

  it('names every missing and every firing alarm, comma-separated, and calls itself alarms', async () => {
    const cw = cloudwatch([
      { AlarmName: 'a', StateValue: 'ALARM' },
      { AlarmName: 'b', StateValue: 'ALARM' },
      { AlarmName: 'c', StateValue: 'OK' },
    ]);
    await expect(createAlarmGate(cw, ['a', 'x', 'y'])).rejects.toThrow(
      'alarms not found in this account and region: x, y; check the alarms input',
    );
    await expect(createAlarmGate(cw, ['a', 'b'])).rejects.toThrow(
      'alarms already in ALARM before the rollout: a, b; a rollout would roll back at once, so it did not start',
    );
    const gate = await createAlarmGate(cw, ['c']);
    expect(gate.name).toBe('alarms');
    // An alarm with no reason reads as its state alone.
    expect(await gate.check()).toEqual([{ name: 'alarm c', ok: true, detail: 'OK: ' }]);
  });

  it('asks for 100 names a call, and never with an empty list (which would describe every alarm)', async () => {
    const names = Array.from({ length: 200 }, (_, i) => `alarm-${i}`);
    const asked: number[] = [];
    const cw = fakeClient<CloudWatchClient>({
      DescribeAlarmsCommand: (input) => {
        const wanted = input.AlarmNames as string[];
        asked.push(wanted.length);
        if (wanted.length === 0) throw new Error('DescribeAlarms without AlarmNames describes every alarm');
        return { MetricAlarms: wanted.map((n) => ({ AlarmName: n, StateValue: 'OK' })) };
      },
    });
    const gate = await createAlarmGate(cw, names);
    expect((await gate.check()).every((r) => r.ok)).toBe(true);
    expect(asked).toEqual([100, 100, 100, 100]);
  });
});
