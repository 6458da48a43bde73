import { describe, expect, it, vi } from 'vitest';
import type { Deps } from '../../src/core/deps.js';
import type { DeployRun } from '../../src/rollout/deploy-action.js';
import type { DeployInputs } from '../../src/rollout/deploy-inputs.js';
import type { Gate } from '../../src/rollout/gates.js';
import type { Target, TargetState } from '../../src/rollout/target.js';
import { VirtualClock } from '../sim/clock.js';
import { MemoryIo } from '../sim/memory-io.js';

/**
 * Module-level constants (SETTLED_PHASES, ALARM_NAME) are evaluated when their module loads. Each test here
 * loads the modules afresh inside its own body, so that the constant's value is the one the test sees and
 * the test is the one that covers it.
 */
async function freshRollout() {
  vi.resetModules();
  const action = await import('../../src/rollout/deploy-action.js');
  const engine = await import('../../src/rollout/engine.js');
  const errors = await import('../../src/core/errors.js');
  return { ...action, ...engine, ...errors };
}

/** A scripted target: `fail` names the method that throws, every call is recorded. */
function target(
  o: { fail?: 'shift' | 'finalize'; rollbackError?: Error; diagnose?: () => Promise<string[]> } = {},
) {
  const calls: string[] = [];
  const t: Target & { calls: string[] } = {
    label: 'thing T',
    calls,
    describe: async (): Promise<TargetState> => ({ current: '1', upToDate: false, inProgress: undefined }),
    prepareGreen: async () => void calls.push('prepareGreen'),
    shift: async (p) => {
      calls.push(`shift ${p}`);
      if (o.fail === 'shift' && p === 100) throw new Error('shift broke');
    },
    health: async () => ({ name: 'version 2 state', ok: true, detail: 'Active' }),
    finalize: async () => {
      calls.push('finalize');
      if (o.fail === 'finalize') throw new Error('finalize broke');
    },
    rollback: async () => {
      calls.push('rollback');
      if (o.rollbackError) throw o.rollbackError;
    },
  };
  if (o.diagnose) t.diagnoseFailure = o.diagnose;
  return t;
}

const inputs = (over: Partial<DeployInputs> = {}): DeployInputs => ({
  region: 'us-east-1',
  maxAttempts: 9,
  strategy: 'linear',
  canaryPercent: 10,
  canaryIntervalMs: 0,
  linearPercent: 10,
  linearIntervalMs: 0,
  bakeMs: 0,
  alarms: [],
  rollback: true,
  waitTimeoutMs: 600_000,
  dryRun: false,
  github: undefined,
  ...over,
});

const deps = (io: MemoryIo, signal = new AbortController().signal): Deps => ({
  io,
  clock: new VirtualClock(),
  aws: {} as Deps['aws'],
  env: {},
  signal,
});

const deployRun = (t: Target, over: Partial<DeployInputs> = {}): DeployRun<{ label: string }> => ({
  action: 'deploy-thing',
  inputs: inputs(over),
  target: t,
  steps: [
    { percent: 10, holdMs: 0, label: 'linear 10%' },
    { percent: 100, holdMs: 0, label: 'linear 100%' },
  ],
  gates: async () => [],
  targetState: () => ({ label: 'saved' }),
  facts: [['thing', 'T']],
  outputs: () => ({}),
});

const saved = (io: MemoryIo) => JSON.parse(io.state['rollout']!) as { phase: string; trafficPercent: number };

describe('the post step after the main step settled (SETTLED_PHASES)', () => {
  it('the settled phases are exactly done, rolled-back and abandoned', async () => {
    const { SETTLED_PHASES } = await freshRollout();
    expect(SETTLED_PHASES).toEqual(['done', 'rolled-back', 'abandoned']);
    expect(SETTLED_PHASES).not.toContain('rolling-back');
  });

  it('does nothing after a run that succeeded, rolled back, or failed with rollback off', async () => {
    const { executeDeploy, executeDeployPost } = await freshRollout();
    const runs: Array<[string, Target, Partial<DeployInputs>]> = [
      ['done', target(), {}],
      ['rolled-back', target({ fail: 'shift' }), {}],
      ['abandoned', target({ fail: 'shift' }), { rollback: false }],
    ];
    for (const [phase, t, over] of runs) {
      const io = new MemoryIo();
      await executeDeploy(deps(io), deployRun(t, over)).catch(() => undefined);
      expect(saved(io).phase).toBe(phase);
      const post = io.forPost();
      const rebuilt: unknown[] = [];
      await executeDeployPost(deps(post), async (s) => {
        rebuilt.push(s);
        return target();
      });
      expect(rebuilt).toEqual([]);
      expect(post.logs).toEqual(['post: no rollout left in flight; nothing to clean up']);
      expect(post.summary).toBe('');
      expect(saved(post).phase).toBe(phase);
    }
  });

  it('rolls back after a main step whose own rollback failed (rolling-back is not settled)', async () => {
    const { executeDeploy, executeDeployPost } = await freshRollout();
    const io = new MemoryIo();
    await expect(
      executeDeploy(deps(io), deployRun(target({ fail: 'shift', rollbackError: new Error('alias busy') }))),
    ).rejects.toThrow(
      'thing T failed and was NOT rolled back: shift broke; the rollback failed too: alias busy',
    );
    expect(saved(io)).toEqual({ phase: 'rolling-back', trafficPercent: 10, target: { label: 'saved' } });
    const post = io.forPost();
    const again = target();
    const rebuilt: unknown[] = [];
    await executeDeployPost(deps(post), async (s) => {
      rebuilt.push(s);
      return again;
    });
    expect(rebuilt).toEqual([{ label: 'saved' }]);
    expect(again.calls).toEqual(['rollback']);
    expect(post.logs[0]).toBe(
      '::warning::post: the deploy stopped while rolling-back at 10% traffic; rolling back',
    );
    expect(post.logs.at(-1)).toBe('post: thing T is back on the previous version');
    expect(saved(post)).toMatchObject({ phase: 'rolled-back', trafficPercent: 0 });
    expect(post.summary).toContain('| stopped while | rolling-back at 10% |');
  });

  it('rolls back after a cancel mid-shift, and only once: a second post step finds it settled', async () => {
    const { executeDeploy, executeDeployPost, CancelledError } = await freshRollout();
    const io = new MemoryIo();
    const t = target();
    t.shift = async (p) => {
      t.calls.push(`shift ${p}`);
      if (p === 100) throw new CancelledError('cancelled (SIGTERM)');
    };
    await expect(executeDeploy(deps(io), deployRun(t))).rejects.toThrow('cancelled (SIGTERM)');
    expect(saved(io)).toMatchObject({ phase: 'shifting', trafficPercent: 10 });
    const post = io.forPost();
    const again = target();
    await executeDeployPost(deps(post), async () => again);
    expect(again.calls).toEqual(['rollback']);
    const second = post.forPost();
    const third = target();
    await executeDeployPost(deps(second), async () => third);
    expect(third.calls).toEqual([]);
    expect(second.logs).toEqual(['post: no rollout left in flight; nothing to clean up']);
  });
});

describe('the summary notes of a run that did not succeed', () => {
  it('a rollback: **Why:** with the reason, then each diagnosis line, as quoted notes', async () => {
    const { executeDeploy } = await freshRollout();
    const io = new MemoryIo();
    const t = target({ fail: 'finalize', diagnose: async () => ['log line 1', 'log line 2'] });
    await expect(executeDeploy(deps(io), deployRun(t))).rejects.toThrow(
      'thing T rolled back to 1: finalize broke',
    );
    expect(io.summary).toContain('\n\n> **Why:** finalize broke\n> log line 1\n> log line 2\n');
  });

  it('a failed rollback: the reason names both failures', async () => {
    const { executeDeploy } = await freshRollout();
    const io = new MemoryIo();
    const t = target({ fail: 'shift', rollbackError: new Error('alias busy') });
    await expect(executeDeploy(deps(io), deployRun(t))).rejects.toThrow(/NOT rolled back/);
    expect(io.summary).toContain('\n\n> **Why:** shift broke; the rollback failed too: alias busy\n');
    expect(io.summary.match(/^> /gm)).toHaveLength(1);
  });

  it('a success has no notes at all', async () => {
    const { executeDeploy } = await freshRollout();
    const io = new MemoryIo();
    await executeDeploy(deps(io), deployRun(target()));
    expect(io.summary).not.toMatch(/^> /m);
    expect(io.summary).not.toContain('Stryker');
  });
});

describe('a step with no hold', () => {
  it('checks the gates at once, without a wait: a cancel during its shift is noticed at the next wait', async () => {
    const { runRollout, CancelledError } = await freshRollout();
    const ctl = new AbortController();
    const lines: string[] = [];
    let checks = 0;
    const gate: Gate = {
      name: 'alarms',
      check: async () => {
        checks++;
        return [{ name: 'errors-high', ok: true, detail: 'OK' }];
      },
    };
    const t = target();
    t.shift = async (p) => {
      t.calls.push(`shift ${p}`);
      // The cancel arrives as the shift returns: nothing in the step itself waits, so nothing sees it yet.
      ctl.abort(new CancelledError('cancelled (SIGTERM)'));
    };
    t.finalize = (ctx) =>
      ctx.waitUntil('the finalize', 60_000, async () => ({ done: true, value: undefined }));
    const run = runRollout({
      target: t,
      steps: [{ percent: 100, holdMs: 0, label: 'all at once' }],
      bakeMs: 0,
      gates: [gate],
      rollback: true,
      waitTimeoutMs: 600_000,
      poll: { clock: new VirtualClock(), signal: ctl.signal, log: (l) => void lines.push(l) },
    });
    await expect(run).rejects.toThrow('cancelled (SIGTERM)');
    expect(checks).toBe(1);
    expect(lines.filter((l) => l.includes('hold at'))).toEqual([]);
    expect(lines.slice(-2)).toEqual([
      '100% of traffic on the new version',
      'cancelled while finalizing at 100% traffic: the post step puts thing T back',
    ]);
  });

  it('with a hold, the same cancel is noticed by the hold itself', async () => {
    const { runRollout, CancelledError } = await freshRollout();
    const ctl = new AbortController();
    const lines: string[] = [];
    const t = target();
    t.shift = async () => void ctl.abort(new CancelledError('cancelled (SIGTERM)'));
    const run = runRollout({
      target: t,
      steps: [{ percent: 100, holdMs: 60_000, label: 'all at once' }],
      bakeMs: 0,
      gates: [],
      rollback: true,
      waitTimeoutMs: 600_000,
      poll: { clock: new VirtualClock(), signal: ctl.signal, log: (l) => void lines.push(l) },
    });
    await expect(run).rejects.toThrow('cancelled (SIGTERM)');
    expect(lines.at(-1)).toBe('cancelled while shifting at 100% traffic: the post step puts thing T back');
  });
});

describe('alarm names (ALARM_NAME)', () => {
  async function read(alarms: string) {
    vi.resetModules();
    const { readDeployInputs } = await import('../../src/rollout/deploy-inputs.js');
    const { Inputs } = await import('../../src/core/inputs.js');
    const values: Record<string, string> = { alarms };
    return readDeployInputs(
      new Inputs((n) => values[n] ?? ''),
      { AWS_REGION: 'us-east-1' },
      ['all-at-once'],
      'all-at-once',
    ).alarms;
  }

  it('accepts 2 and 255 characters, and a single one', async () => {
    expect(await read('ab')).toEqual(['ab']);
    expect(await read('a')).toEqual(['a']);
    expect(await read(`${'x'.repeat(255)}`)).toEqual(['x'.repeat(255)]);
    expect(await read('errors high,p99 latency / orders')).toEqual(['errors high', 'p99 latency / orders']);
  });

  it('refuses 256 characters with the one-line input error', async () => {
    await expect(read('x'.repeat(256))).rejects.toThrow(
      `input 'alarms': item "${'x'.repeat(77)}..." is not allowed; expected CloudWatch alarm names of 1 to 255 characters`,
    );
    await expect(read(`ok,${'y'.repeat(256)}`)).rejects.toThrow(
      /^input 'alarms': item "y{77}\.\.\." is not allowed; expected CloudWatch alarm names of 1 to 255 characters$/,
    );
  });

  it('refuses a name with a NUL', async () => {
    await expect(read('a\0b')).rejects.toThrow(
      /^input 'alarms': "a\\u0000b" has the control character U\+0000/,
    );
  });
});
