import { CancelledError } from '../core/errors.js';
import { formatDuration } from '../core/inputs.js';
import type { PollSettings, Probe } from '../core/poll.js';
import { pollUntil, WaitTimeoutError } from '../core/poll.js';
import type { GateResult, TimelineEntry } from '../core/timeline.js';
import { Timeline } from '../core/timeline.js';
import type { RolloutContext } from './context.js';
import type { Gate } from './gates.js';
import { GateFailedError } from './gates.js';
import type { Step } from './strategy.js';
import type { Target } from './target.js';

/** Where a rollout stands; saved for the post step, which finishes whatever a cancel interrupted. */
export type RolloutPhase =
  | 'preparing'
  | 'shifting'
  | 'baking'
  | 'finalizing'
  | 'rolling-back'
  | 'done'
  | 'rolled-back'
  /** Failed with rollback disabled: the user asked to keep the target as it stands. */
  | 'abandoned';

/** Phases after which the post step has nothing to finish. */
export const SETTLED_PHASES: readonly RolloutPhase[] = ['done', 'rolled-back', 'abandoned'];

export interface RolloutOptions {
  target: Target;
  steps: readonly Step[];
  bakeMs: number;
  gates: readonly Gate[];
  /** Roll back on a failed gate or step (the `rollback` input). */
  rollback: boolean;
  /** How long to wait for another rollout on the same target, and for each wait of this one. */
  waitTimeoutMs: number;
  poll: PollSettings;
  onPhase?: (phase: RolloutPhase, trafficPercent: number) => void;
}

export type RolloutStatus = 'succeeded' | 'rolled-back' | 'failed' | 'no-op';

export interface RolloutResult {
  status: RolloutStatus;
  /** The version that served before, when there was one. */
  previous: string | undefined;
  /** Why the rollout did not succeed. */
  reason?: string;
  diagnosis: string[];
  timeline: TimelineEntry[];
}

/** A context with no gates, for the post step's clean-up: every wait is a plain one. */
export function plainContext(
  poll: PollSettings,
  mark: RolloutContext['mark'] = () => {},
  checkpoint: RolloutContext['checkpoint'] = () => {},
): RolloutContext {
  const waitPlain = <T>(
    what: string,
    timeoutMs: number,
    probe: Probe<T>,
    diagnose?: () => Promise<string[]>,
  ) => pollUntil(poll, what, timeoutMs, probe, diagnose);
  return { signal: poll.signal, log: poll.log, waitUntil: waitPlain, waitPlain, mark, checkpoint };
}

const sameGates = (a: GateResult[], b: GateResult[]): boolean =>
  a.length === b.length && a.every((g, i) => g.ok === b[i]?.ok && g.name === b[i]?.name);

/**
 * Runs one rollout: prepare → (shift → hold with gates)* → bake with gates → finalize. Any failed gate,
 * failed step or timeout rolls back to the old version. A cancel stops at once and leaves the rest to the
 * post step, which reads the saved phase.
 */
export async function runRollout(o: RolloutOptions): Promise<RolloutResult> {
  const { target, poll } = o;
  const timeline = new Timeline(() => poll.clock.now());
  let traffic = 0;
  let greenReady = false;
  let lastGates: GateResult[] = [];
  let lastCapacity: number | undefined;

  let current: RolloutPhase = 'preparing';
  const phase = (p: RolloutPhase): void => {
    current = p;
    o.onPhase?.(p, traffic);
  };

  const checkGates = async (): Promise<void> => {
    const results: GateResult[] = [];
    for (const gate of o.gates) results.push(...(await gate.check()));
    if (greenReady) {
      const h = await target.health();
      lastCapacity = h.healthyCapacity;
      results.push({ name: h.name, ok: h.ok, detail: h.detail });
    }
    const failed = results.filter((g) => !g.ok);
    if (!sameGates(results, lastGates) || failed.length)
      timeline.record('gates', traffic, results, lastCapacity);
    lastGates = results;
    if (failed.length) throw new GateFailedError(failed);
  };

  const ctx: RolloutContext = {
    ...plainContext(poll),
    signal: poll.signal,
    log: poll.log,
    waitUntil: <T>(what: string, timeoutMs: number, probe: Probe<T>, diagnose?: () => Promise<string[]>) =>
      pollUntil(
        poll,
        what,
        timeoutMs,
        async () => {
          await checkGates();
          return probe();
        },
        diagnose,
      ),
    checkpoint: () => o.onPhase?.(current, traffic),
    mark: (step, percent) => {
      traffic = percent;
      timeline.record(step, percent, [], lastCapacity);
    },
  };

  const hold = async (label: string, ms: number): Promise<void> => {
    if (ms <= 0) return checkGates();
    const end = poll.clock.now() + ms;
    await ctx.waitUntil(`${label} (${formatDuration(ms)})`, ms, async () =>
      poll.clock.now() >= end
        ? { done: true, value: undefined }
        : { done: false, status: 'holding, gates green' },
    );
  };

  let state = await target.describe();
  if (state.inProgress) {
    poll.log(`waiting for another rollout on ${target.label} to finish: ${state.inProgress}`);
    state = await pollUntil(
      poll,
      `the other rollout on ${target.label} (${state.inProgress})`,
      o.waitTimeoutMs,
      async () => {
        const s = await target.describe();
        return s.inProgress ? { done: false, status: s.inProgress } : { done: true, value: s };
      },
    );
  }
  const previous = state.current;
  if (state.upToDate) {
    poll.log(`${target.label} already runs this version: nothing to deploy`);
    return { status: 'no-op', previous, diagnosis: [], timeline: [] };
  }

  timeline.record('start', 0);
  try {
    phase('preparing');
    await target.prepareGreen(ctx);
    greenReady = true;
    ctx.mark('green ready', 0);
    phase('shifting');
    for (const step of o.steps) {
      await target.shift(step.percent, ctx);
      ctx.mark(step.label, step.percent);
      phase('shifting');
      await hold(`hold at ${step.percent}%`, step.holdMs);
    }
    phase('baking');
    await hold('bake', o.bakeMs);
    phase('finalizing');
    await target.finalize(ctx);
    ctx.mark('finalized', 100);
    phase('done');
    return { status: 'succeeded', previous, diagnosis: [], timeline: timeline.entries };
  } catch (err) {
    if (poll.signal.aborted || err instanceof CancelledError) {
      timeline.record('cancelled', traffic);
      throw err;
    }
    const reason = err instanceof Error ? err.message : String(err);
    const diagnosis = err instanceof WaitTimeoutError ? [...err.diagnosis] : [];
    if (target.diagnoseFailure)
      diagnosis.push(
        ...(await target.diagnoseFailure().catch((e: unknown) => [`(diagnosis failed: ${String(e)})`])),
      );
    poll.log(`rollout failed: ${reason}`);
    if (!o.rollback) {
      timeline.record('failed; rollback disabled', traffic);
      phase('abandoned');
      return { status: 'failed', previous, reason, diagnosis, timeline: timeline.entries };
    }
    phase('rolling-back');
    poll.log(`rolling back ${target.label}`);
    try {
      await target.rollback(ctx);
    } catch (rollbackErr) {
      const why = rollbackErr instanceof Error ? rollbackErr.message : String(rollbackErr);
      timeline.record('rollback failed', traffic);
      return {
        status: 'failed',
        previous,
        reason: `${reason}; the rollback failed too: ${why}`,
        diagnosis,
        timeline: timeline.entries,
      };
    }
    traffic = 0;
    ctx.mark('rolled back', 0);
    phase('rolled-back');
    return { status: 'rolled-back', previous, reason, diagnosis, timeline: timeline.entries };
  }
}
