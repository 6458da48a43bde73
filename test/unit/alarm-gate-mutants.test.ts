import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import { createAlarmGate } from '../../src/rollout/alarm-gate.js';
import { holdsOf, watching } from '../../src/rollout/strategy.js';
import { fakeClient } from './fake-client.js';

describe('createAlarmGate', () => {
  it('an alarm whose state DescribeAlarms leaves out reads as UNKNOWN with no reason', async () => {
    const cw = fakeClient<CloudWatchClient>({
      DescribeAlarmsCommand: () => ({ MetricAlarms: [{ AlarmName: 'errors' }] }),
    });
    const gate = await createAlarmGate(cw, ['errors']);
    expect(await gate.check()).toEqual([{ name: 'alarm errors', ok: true, detail: 'UNKNOWN: ' }]);
  });
});

describe('strategy wording', () => {
  it('names up to three alarms and counts more', () => {
    expect(watching(['a', 'b', 'c'])).toBe('watching alarm a, b, c');
    expect(watching(['a', 'b', 'c', 'd'])).toBe('watching 4 alarms');
  });

  it('a hold that no input names is called hold', () => {
    expect(holdsOf([{ percent: 10, holdMs: 1000, label: 'step' }], 0)).toEqual([{ input: 'hold', ms: 1000 }]);
  });
});
