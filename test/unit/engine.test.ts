import { describe, expect, it } from 'vitest';
import type { RolloutContext } from '../../src/rollout/context.js';
import { runRollout } from '../../src/rollout/engine.js';
import type { Gate } from '../../src/rollout/gates.js';
import { planSteps } from '../../src/rollout/strategy.js';
import type { HealthReport, Target, TargetState } from '../../src/rollout/target.js';
import { VirtualClock } from '../sim/clock.js';

/** A target that records what the engine asked of it. */
class FakeTarget implements Target {
  readonly label = 'fake';
  readonly calls: string[] = [];
  traffic = 0;
  constructor(
    private readonly opts: {
      state?: Partial<TargetState>;
      failShiftAt?: number;
      failRollback?: boolean;
      healthy?: () => boolean;
    } = {},
  ) {}
  async describe(): Promise<TargetState> {
    return { current: 'v1', upToDate: false, inProgress: undefined, ...this.opts.state };
  }
  async prepareGreen(): Promise<void> {
    this.calls.push('prepare');
  }
  async shift(percent: number): Promise<void> {
    this.calls.push(`shift ${percent}`);
    if (percent === this.opts.failShiftAt) throw new Error(`cannot shift to ${percent}`);
    this.traffic = percent;
  }
  async health(): Promise<HealthReport> {
    const ok = this.opts.healthy?.() ?? true;
    return {
      name: 'green health',
      ok,
      detail: ok ? 'ok' : '2 of 3 targets unhealthy',
      healthyCapacity: ok ? 3 : 1,
    };
  }
  async finalize(): Promise<void> {
    this.calls.push('finalize');
  }
  async rollback(_ctx: RolloutContext): Promise<void> {
    this.calls.push('rollback');
    if (this.opts.failRollback) throw new Error('rollback refused');
    this.traffic = 0;
  }
}

function options(
  target: Target,
  clock: VirtualClock,
  extra: { gates?: Gate[]; rollback?: boolean; strategy?: 'canary' | 'linear' } = {},
) {
  const phases: string[] = [];
  return {
    phases,
    o: {
      target,
      steps: planSteps({
        strategy: extra.strategy ?? 'canary',
        canaryPercent: 10,
        canaryIntervalMs: 300_000,
        linearPercent: 30,
        linearIntervalMs: 60_000,
      }),
      bakeMs: 120_000,
      gates: extra.gates ?? [],
      rollback: extra.rollback ?? true,
      waitTimeoutMs: 600_000,
      poll: { clock, signal: new AbortController().signal, log: () => {} },
      onPhase: (p: string) => phases.push(p),
    },
  };
}

describe('rollout engine', () => {
  it('runs prepare → shift/hold → bake → finalize and records a timeline', async () => {
    const clock = new VirtualClock();
    const target = new FakeTarget();
    const { o, phases } = options(target, clock);
    const t0 = clock.now();
    const r = await runRollout(o);
    expect(r.status).toBe('succeeded');
    expect(target.calls).toEqual(['prepare', 'shift 10', 'shift 100', 'finalize']);
    expect(clock.now() - t0).toBeGreaterThanOrEqual(420_000);
    expect(phases.at(-1)).toBe('done');
    // Every gate check is on the timeline; a run of them reads as one step here.
    const steps = r.timeline.map((e) => e.step).filter((s, i, all) => s !== all[i - 1]);
    expect(steps).toEqual([
      'start',
      'green ready',
      'canary 10%',
      'gates',
      'shift 100%',
      'gates',
      'finalized',
    ]);
    const checks = r.timeline.filter((e) => e.step === 'gates');
    // A 5m hold and a 2m bake, polled at most 30 s apart: a check at least every 30 s.
    expect(checks.length).toBeGreaterThanOrEqual(420 / 30);
    expect(checks[0]?.healthyCapacity).toBe(3);
  });

  it('folds each phase into one group, never nested, with the line that says what happened outside', async () => {
    const clock = new VirtualClock();
    const target = new FakeTarget();
    const { o } = options(target, clock);
    const log: string[] = [];
    let open: string | undefined;
    const r = await runRollout({
      ...o,
      poll: { ...o.poll, log: (l) => log.push(l) },
      group: async (title, fn) => {
        expect(open).toBeUndefined();
        open = title;
        log.push(`::group::${title}`);
        try {
          return await fn();
        } finally {
          open = undefined;
          log.push('::endgroup::');
        }
      },
    });
    expect(r.status).toBe('succeeded');
    expect(log.filter((l) => l.startsWith('::group::'))).toEqual([
      '::group::resolve fake',
      '::group::prepare the new version',
      '::group::shift to 10%, then hold 5m',
      '::group::shift to 100%',
      '::group::bake 2m',
      '::group::finalize',
    ]);
    // Collapsed, the log still tells the story.
    const outside = log.filter((_, i) => {
      const before = log.slice(0, i);
      return before.lastIndexOf('::endgroup::') >= before.findLastIndex((l) => l.startsWith('::group::'));
    });
    expect(outside.filter((l) => !l.startsWith('::'))).toEqual([
      'fake serves v1: rolling out the new version',
      'the new version is ready, with no traffic yet',
      '10% of traffic on the new version; held 5m: no alarm watched; green health OK',
      '100% of traffic on the new version',
      'baked 2m: no alarm watched; green health OK',
      'fake finalized: the new version serves all traffic',
    ]);
    // A hold says what it watches, and never "gates green".
    expect(log.join('\n')).not.toMatch(/gates green/);
    expect(log).toContainEqual(
      expect.stringMatching(/^hold at 10% \(5m\): holding; no alarm watched; green health OK/),
    );
  });

  it('a failed step closes its group; the failure and the rollback are told outside, the rollback in its own group', async () => {
    const clock = new VirtualClock();
    const target = new FakeTarget({ failShiftAt: 100 });
    const { o } = options(target, clock, {
      gates: [{ name: 'alarms', check: async () => [{ name: 'alarm errors', ok: true, detail: 'OK' }] }],
    });
    const log: string[] = [];
    await runRollout({
      ...o,
      poll: { ...o.poll, log: (l) => log.push(l) },
      group: async (title, fn) => {
        log.push(`::group::${title}`);
        try {
          return await fn();
        } finally {
          log.push('::endgroup::');
        }
      },
    });
    const at = (l: string) => log.indexOf(l);
    expect(log).toContain('10% of traffic on the new version; held 5m: alarm errors OK; green health OK');
    expect(at('::group::shift to 100%')).toBeLessThan(
      at('rollout failed while shifting at 10% traffic: cannot shift to 100'),
    );
    expect(log[at('rollout failed while shifting at 10% traffic: cannot shift to 100') - 1]).toBe(
      '::endgroup::',
    );
    expect(log[at('rollout failed while shifting at 10% traffic: cannot shift to 100') + 1]).toBe(
      '::group::rollback fake',
    );
    expect(log.at(-1)).toBe('rolled back: fake serves v1 again');
  });

  it('a smoke check a target runs goes on the timeline', async () => {
    const clock = new VirtualClock();
    const target = new FakeTarget();
    target.prepareGreen = async (ctx?: RolloutContext) => {
      ctx!.check({ name: 'smoke test', ok: true, detail: 'GET / answered 200' });
    };
    const r = await runRollout(options(target, clock).o);
    expect(r.timeline[1]).toMatchObject({
      step: 'smoke test',
      trafficPercent: 0,
      gates: [{ name: 'smoke test', ok: true, detail: 'GET / answered 200' }],
    });
  });

  it('linear plans the exact steps', () => {
    expect(
      planSteps({
        strategy: 'linear',
        canaryPercent: 10,
        canaryIntervalMs: 0,
        linearPercent: 30,
        linearIntervalMs: 1,
      }).map((s) => s.percent),
    ).toEqual([30, 60, 90, 100]);
    expect(
      planSteps({
        strategy: 'linear',
        canaryPercent: 10,
        canaryIntervalMs: 0,
        linearPercent: 50,
        linearIntervalMs: 1,
      }).map((s) => s.percent),
    ).toEqual([50, 100]);
    expect(
      planSteps({
        strategy: 'blue-green',
        canaryPercent: 10,
        canaryIntervalMs: 0,
        linearPercent: 50,
        linearIntervalMs: 1,
      }).map((s) => s.percent),
    ).toEqual([100]);
  });

  it('a gate failing during a hold rolls back, and names the gate', async () => {
    const clock = new VirtualClock();
    const target = new FakeTarget();
    const fireAt = clock.now() + 120_000;
    const gate: Gate = {
      name: 'alarms',
      check: async () => [{ name: 'alarm errors', ok: clock.now() < fireAt, detail: 'ALARM: 5 errors' }],
    };
    const { o, phases } = options(target, clock, { gates: [gate] });
    const r = await runRollout(o);
    expect(r.status).toBe('rolled-back');
    expect(r.reason).toBe('gate failed: alarm errors (ALARM: 5 errors)');
    expect(target.calls).toEqual(['prepare', 'shift 10', 'rollback']);
    expect(target.traffic).toBe(0);
    expect(phases.at(-1)).toBe('rolled-back');
    // Detected within one poll ceiling of the alarm firing.
    const failed = r.timeline.find((e) => e.gates.some((g) => !g.ok))!;
    expect(Date.parse(failed.at) - fireAt).toBeLessThanOrEqual(30_000);
  });

  it('unhealthy green is a failed gate too', async () => {
    const clock = new VirtualClock();
    const target: FakeTarget = new FakeTarget({ healthy: (): boolean => target.traffic < 100 });
    const { o } = options(target, clock);
    const r = await runRollout(o);
    expect(r.status).toBe('rolled-back');
    expect(r.reason).toMatch(/green health \(2 of 3 targets unhealthy\)/);
  });

  it('with rollback disabled a failure leaves the target and says so', async () => {
    const clock = new VirtualClock();
    const target = new FakeTarget({ failShiftAt: 100 });
    const { o, phases } = options(target, clock, { rollback: false });
    const r = await runRollout(o);
    expect(r.status).toBe('failed');
    expect(target.calls).not.toContain('rollback');
    expect(phases.at(-1)).toBe('abandoned');
  });

  it('a rollback that fails is reported as failed, and the phase stays rolling-back for the post step', async () => {
    const clock = new VirtualClock();
    const target = new FakeTarget({ failShiftAt: 100, failRollback: true });
    const { o, phases } = options(target, clock);
    const r = await runRollout(o);
    expect(r.status).toBe('failed');
    expect(r.reason).toBe('cannot shift to 100; the rollback failed too: rollback refused');
    expect(phases.at(-1)).toBe('rolling-back');
  });

  it('a target can save its state mid-step, so a cancel finds what it created', async () => {
    const clock = new VirtualClock();
    const created: string[] = [];
    const target = new FakeTarget();
    target.prepareGreen = async (ctx?: RolloutContext) => {
      created.push('green-group');
      ctx!.checkpoint();
    };
    const saved: string[] = [];
    const { o } = options(target, clock);
    await runRollout({ ...o, onPhase: (p) => saved.push(`${p}:${created.join(',')}`) });
    expect(saved.slice(0, 2)).toEqual(['preparing:', 'preparing:green-group']);
  });

  it('an up-to-date target is a no-op without touching it', async () => {
    const clock = new VirtualClock();
    const target = new FakeTarget({ state: { upToDate: true } });
    const r = await runRollout(options(target, clock).o);
    expect(r.status).toBe('no-op');
    expect(target.calls).toEqual([]);
  });
});
