import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../src/core/errors.js';
import { pollUntil, WaitTimeoutError } from '../../src/core/poll.js';
import { VirtualClock } from '../sim/clock.js';

function settings(clock: VirtualClock, signal = new AbortController().signal) {
  const log: string[] = [];
  return { log, s: { clock, signal, log: (l: string) => log.push(l), random: () => 0.5 } };
}

describe('pollUntil', () => {
  it('backs off from the 5 s floor to the 30 s ceiling while nothing changes, and logs at least once a minute', async () => {
    const clock = new VirtualClock();
    const { log, s } = settings(clock);
    const times: number[] = [];
    const t0 = clock.now();
    await pollUntil(s, 'thing', 600_000, async () => {
      times.push(clock.now() - t0);
      return clock.now() - t0 >= 300_000 ? { done: true, value: 1 } : { done: false, status: 'waiting' };
    });
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps[0]).toBeGreaterThanOrEqual(5_000);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(30_000);
    expect(gaps.at(-2)).toBe(30_000);
    for (let i = 1; i < gaps.length; i++)
      expect(gaps[i]).toBeGreaterThanOrEqual(Math.min(gaps[i - 1]!, 30_000));
    // One line for the first status, then one at least every minute: 5 minutes gives ≥ 5 lines.
    expect(log.length).toBeGreaterThanOrEqual(5);
    expect(log[0]).toMatch(/^thing: waiting \(0s elapsed, 10m left\)$/);
  });

  it('returns to the floor when the status changes', async () => {
    const clock = new VirtualClock();
    const { s } = settings(clock);
    const t0 = clock.now();
    const times: number[] = [];
    await pollUntil(s, 'x', 600_000, async () => {
      const t = clock.now() - t0;
      times.push(t);
      if (t > 200_000) return { done: true, value: 0 };
      return { done: false, status: t < 100_000 ? 'a' : 'b' };
    });
    const switchAt = times.findIndex((t) => t >= 100_000);
    expect(times[switchAt + 1]! - times[switchAt]!).toBeLessThanOrEqual(6_000);
  });

  it('times out with the last status and a diagnosis', async () => {
    const clock = new VirtualClock();
    const { s } = settings(clock);
    const err = await pollUntil(
      s,
      'the service',
      60_000,
      async () => ({ done: false, status: 'IN_PROGRESS' }),
      async () => ['task 1 stopped: OOM'],
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect((err as WaitTimeoutError).message).toBe(
      'timed out after 1m waiting for the service; last status: IN_PROGRESS',
    );
    expect((err as WaitTimeoutError).diagnosis).toEqual(['task 1 stopped: OOM']);
  });

  it('stops at once when the signal aborts', async () => {
    const clock = new VirtualClock();
    const controller = new AbortController();
    const { s } = settings(clock, controller.signal);
    clock.at(clock.now() + 42_000, () => controller.abort(new CancelledError('cancelled (SIGINT)')));
    const t0 = clock.now();
    const err = await pollUntil(s, 'x', 3_600_000, async () => ({ done: false, status: 's' })).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CancelledError);
    expect(clock.now() - t0).toBe(42_000);
  });
});
