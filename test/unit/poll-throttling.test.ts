import { describe, expect, it } from 'vitest';
import { AwsError } from '../../src/core/errors.js';
import { pollUntil, retryWhileThrottled, seededRandom, WaitTimeoutError } from '../../src/core/poll.js';
import { runRollout } from '../../src/rollout/engine.js';
import type { Gate } from '../../src/rollout/gates.js';
import type { Target } from '../../src/rollout/target.js';
import { VirtualClock } from '../sim/clock.js';

const throttled = (code = 'Throttling'): AwsError =>
  new AwsError('cloudwatch', 'DescribeAlarms', code, 'Rate exceeded', 'sim-1', undefined);

/** `random: null` leaves the jitter source to pollUntil's default. */
function settings(clock: VirtualClock, random: (() => number) | null = () => 0) {
  const log: string[] = [];
  return {
    log,
    s: {
      clock,
      signal: new AbortController().signal,
      log: (l: string) => void log.push(l),
      ...(random ? { random } : {}),
    },
  };
}

describe('pollUntil under throttling', () => {
  it('a throttled probe does not end the wait: it doubles its wait while throttled, then returns to its own interval', async () => {
    const clock = new VirtualClock();
    const { log, s } = settings(clock);
    const t0 = clock.now();
    const times: number[] = [];
    let n = 0;
    const value = await pollUntil(s, 'the deployment', 600_000, async () => {
      times.push(clock.now() - t0);
      n++;
      if (n === 2 || n === 3) throw throttled(n === 2 ? 'ThrottlingException' : 'RequestLimitExceeded');
      return n === 5 ? { done: true, value: 'ok' } : { done: false, status: 'IN_PROGRESS' };
    });
    expect(value).toBe('ok');
    // 5 s floor; throttled: 10 s, then 20 s; through again: back to 7.5 s (the floor grown by half), not 40 s.
    expect(times).toEqual([0, 5_000, 15_000, 35_000, 42_500]);
    expect(log).toEqual([
      'the deployment: IN_PROGRESS (0s elapsed, 10m left)',
      'the deployment: AWS throttled a read (ThrottlingException); polling less often',
    ]);
  });

  it('any other error ends the wait at once', async () => {
    const clock = new VirtualClock();
    const { s } = settings(clock);
    const denied = new AwsError('ecs', 'DescribeServices', 'AccessDeniedException', 'no', 'sim-2', undefined);
    await expect(
      pollUntil(s, 'x', 600_000, async () => {
        throw denied;
      }),
    ).rejects.toBe(denied);
  });

  it('throttled until the deadline: a timeout that says so', async () => {
    const clock = new VirtualClock();
    const { s } = settings(clock);
    const err = await pollUntil(s, 'the alarms', 60_000, async () => {
      throw throttled();
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect((err as Error).message).toBe(
      'timed out after 1m waiting for the alarms; last status: AWS throttled a read (Throttling); polling less often',
    );
  });

  it('without a random source, the jitter is seeded from what the wait is for: repeatable, and different per resource', async () => {
    const gaps = async (what: string): Promise<number[]> => {
      const clock = new VirtualClock();
      const { s } = settings(clock, null);
      const times: number[] = [];
      await pollUntil(s, what, 600_000, async () => {
        times.push(clock.now());
        return times.length === 6 ? { done: true, value: 0 } : { done: false, status: 'waiting' };
      });
      return times.slice(1).map((t, i) => t - times[i]!);
    };
    const a = await gaps('service web-a');
    expect(await gaps('service web-a')).toEqual(a);
    expect(await gaps('service web-b')).not.toEqual(a);
    // Jitter only adds, up to 20%, and never passes the ceiling.
    expect(a[0]).toBeGreaterThanOrEqual(5_000);
    expect(a[0]).toBeLessThanOrEqual(6_000);
    const r = seededRandom('x');
    const xs = Array.from({ length: 1000 }, r);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(new Set(xs.map((x) => Math.floor(x * 10))).size).toBe(10);
  });
});

describe('retryWhileThrottled', () => {
  it('reads at once; a throttled read waits one floor and tries again, as a wait would', async () => {
    const clock = new VirtualClock();
    const { log, s } = settings(clock);
    const t0 = clock.now();
    const times: number[] = [];
    const value = await retryWhileThrottled(s, 'reading the gates', 600_000, async () => {
      times.push(clock.now() - t0);
      if (times.length < 3) throw throttled();
      return 42;
    });
    expect(value).toBe(42);
    expect(times).toEqual([0, 5_000, 15_000]);
    expect(log[0]).toBe('reading the gates: AWS throttled a read (Throttling); trying again');
  });

  it('any other error, or a cancel, ends it at once', async () => {
    const clock = new VirtualClock();
    const { s } = settings(clock);
    const boom = new Error('boom');
    await expect(retryWhileThrottled(s, 'x', 600_000, () => Promise.reject(boom))).rejects.toBe(boom);
    const ctl = new AbortController();
    ctl.abort(new Error('cancelled'));
    const err = throttled();
    await expect(
      retryWhileThrottled({ ...s, signal: ctl.signal }, 'x', 600_000, () => Promise.reject(err)),
    ).rejects.toBe(err);
  });
});

describe('the engine under a shared request rate', () => {
  const target = (): Target & { shifts: number[] } => {
    const t = {
      label: 'thing T',
      shifts: [] as number[],
      describe: async () => ({ current: 'v1', upToDate: false, inProgress: undefined }),
      prepareGreen: async () => {},
      shift: async (p: number) => void t.shifts.push(p),
      health: async () => ({ name: 'green', ok: true, detail: 'ok', healthyCapacity: 1 }),
      finalize: async () => {},
      rollback: async () => {},
    };
    return t;
  };

  it('a throttled first read of the alarms and a throttled check after a step without a hold do not fail the rollout', async () => {
    const clock = new VirtualClock();
    let checks = 0;
    const gate: Gate = {
      name: 'alarms',
      check: async () => {
        checks++;
        if (checks === 1) throw throttled();
        return [{ name: 'errors', ok: true, detail: 'OK' }];
      },
    };
    let builds = 0;
    const result = await runRollout({
      target: target(),
      steps: [{ percent: 100, holdMs: 0, label: 'all at once' }],
      bakeMs: 0,
      gates: async () => {
        builds++;
        if (builds === 1) throw throttled('ThrottlingException');
        return [gate];
      },
      rollback: true,
      waitTimeoutMs: 600_000,
      poll: { clock, signal: new AbortController().signal, log: () => {} },
    });
    expect(result.status).toBe('succeeded');
    expect(builds).toBe(2);
    expect(checks).toBe(2);
  });

  it('a passed gate check stands for one poll floor while traffic stays put, and is read again after a shift', async () => {
    const clock = new VirtualClock();
    const at: number[] = [];
    const gate: Gate = {
      name: 'alarms',
      check: async () => {
        at.push(clock.now());
        return [{ name: 'errors', ok: true, detail: 'OK' }];
      },
    };
    const t = target();
    const t0 = clock.now();
    // Two waits back to back in prepare: the second one's first check comes at once, within the floor.
    t.prepareGreen = async (ctx) => {
      await ctx.waitUntil('first', 60_000, async () => ({ done: true, value: undefined }));
      await ctx.waitUntil('second', 60_000, async () => ({ done: true, value: undefined }));
    };
    await runRollout({
      target: t,
      steps: [
        { percent: 50, holdMs: 0, label: 'half' },
        { percent: 100, holdMs: 0, label: 'all' },
      ],
      bakeMs: 0,
      gates: [gate],
      rollback: true,
      waitTimeoutMs: 600_000,
      poll: { clock, signal: new AbortController().signal, log: () => {}, random: () => 0 },
    });
    // One read for both prepare waits; one after each shift (the traffic changed), though no time passed.
    expect(at.map((x) => x - t0)).toEqual([0, 0, 0]);
    expect(t.shifts).toEqual([50, 100]);
  });
});

describe('the engine reuses a passed gate check only while nothing it depends on changed', () => {
  const base = (clock: VirtualClock, reads: number[], health: number[]) => {
    const t0 = clock.now();
    const gate: Gate = {
      name: 'alarms',
      check: async () => {
        reads.push(clock.now() - t0);
        return [{ name: 'errors', ok: true, detail: 'OK' }];
      },
    };
    const t: Target = {
      label: 'thing T',
      describe: async () => ({ current: 'v1', upToDate: false, inProgress: undefined }),
      prepareGreen: async () => {},
      shift: async () => {},
      health: async () => {
        health.push(clock.now() - t0);
        return { name: 'green', ok: true, detail: 'ok', healthyCapacity: 1 };
      },
      finalize: async () => {},
      rollback: async () => {},
    };
    return { gate, t };
  };
  const done = async () => ({ done: true as const, value: undefined });
  const rollout = (clock: VirtualClock, t: Target, gate: Gate, percents: number[], log: string[] = []) =>
    runRollout({
      target: t,
      steps: percents.map((percent) => ({ percent, holdMs: 0, label: `${percent}` })),
      bakeMs: 0,
      gates: [gate],
      rollback: true,
      waitTimeoutMs: 600_000,
      poll: { clock, signal: new AbortController().signal, log: (l) => void log.push(l), random: () => 0 },
    });

  it('a wait in a shift, before its traffic is marked, reads again once the green version is ready', async () => {
    const clock = new VirtualClock();
    const reads: number[] = [];
    const health: number[] = [];
    const { gate, t } = base(clock, reads, health);
    t.prepareGreen = async (ctx) => ctx.waitUntil('prepare', 60_000, done);
    t.shift = async (_p, ctx) => ctx.waitUntil('shifting', 60_000, done);
    await rollout(clock, t, gate, [50, 100]);
    // prepare; the first shift's wait (green now ready, so its health too); the check at 50%; the second
    // shift's wait at 50% takes that one; the check at 100%.
    expect(reads).toEqual([0, 0, 0, 0]);
    expect(health).toEqual([0, 0, 0]);
  });

  it('a check 5 s after the last is a new read', async () => {
    const clock = new VirtualClock();
    const reads: number[] = [];
    const { gate, t } = base(clock, reads, []);
    t.prepareGreen = async (ctx) => {
      await ctx.waitUntil('first', 60_000, done);
      await clock.sleep(4_999);
      await ctx.waitUntil('second', 60_000, done);
      await clock.sleep(1);
      await ctx.waitUntil('third', 60_000, done);
    };
    await rollout(clock, t, gate, [100]);
    expect(reads).toEqual([0, 5_000, 5_000]);
  });

  it('each throttled read at the start and after a step says what it was reading', async () => {
    const clock = new VirtualClock();
    const log: string[] = [];
    let checks = 0;
    const gate: Gate = {
      name: 'alarms',
      check: async () => {
        if (++checks === 1) throw throttled();
        return [{ name: 'errors', ok: true, detail: 'OK' }];
      },
    };
    let described = 0;
    let built = 0;
    const t: Target = {
      ...base(clock, [], []).t,
      describe: async () => {
        if (++described === 1) throw throttled('ThrottlingException');
        return { current: 'v1', upToDate: false, inProgress: undefined };
      },
    };
    await runRollout({
      target: t,
      steps: [{ percent: 100, holdMs: 0, label: 'all' }],
      bakeMs: 0,
      gates: async () => {
        if (++built === 1) throw throttled('RequestLimitExceeded');
        return [gate];
      },
      rollback: true,
      waitTimeoutMs: 600_000,
      poll: { clock, signal: new AbortController().signal, log: (l) => void log.push(l), random: () => 0 },
    });
    expect(log.filter((l) => l.includes('throttled'))).toEqual([
      'reading the gates: AWS throttled a read (RequestLimitExceeded); trying again',
      'reading thing T: AWS throttled a read (ThrottlingException); trying again',
      'the gate check: AWS throttled a read (Throttling); trying again',
    ]);
  });
});
