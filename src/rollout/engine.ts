import { CancelledError } from '../core/errors.js';
import { formatDuration } from '../core/inputs.js';
import type { PollSettings, Probe } from '../core/poll.js';
import { pollUntil, retryWhileThrottled, WaitTimeoutError } from '../core/poll.js';
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

/** Runs a phase with its lines folded under a title (io.group); groups never nest. */
export type Group = <T>(title: string, fn: () => Promise<T>) => Promise<T>;

export interface RolloutOptions {
  target: Target;
  steps: readonly Step[];
  bakeMs: number;
  /** The gates, or how to build them in the resolve phase (an alarm gate reads its alarms first). */
  gates: readonly Gate[] | (() => Promise<readonly Gate[]>);
  /** Roll back on a failed gate or step (the `rollback` input). */
  rollback: boolean;
  /** How long to wait for another rollout on the same target, and for each wait of this one. */
  waitTimeoutMs: number;
  poll: PollSettings;
  /**
   * Folds each phase (resolve, prepare, each shift and hold, bake, finalize, rollback) under a title; the
   * line that says what the phase did comes after it, outside, so a collapsed log still reads as a story.
   * Targets only log: the engine owns every group, so groups never nest.
   */
  group?: Group;
  /** Warnings to give once the target turns out to need a rollout (a hold that watches no alarm). */
  notices?: readonly string[];
  warn?: (line: string) => void;
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
  return {
    signal: poll.signal,
    log: poll.log,
    warn: poll.log,
    waitUntil: waitPlain,
    waitPlain,
    mark,
    checkpoint,
    check: () => {},
  };
}

const noGroup: Group = (_title, fn) => fn();

/** What a gate check watched, said without "gates green" when no alarm is among them. */
function watched(alarms: readonly GateResult[], health: GateResult | undefined): string {
  // Stryker disable next-line StringLiteral: without a health result nothing reads this line before the next check recomputes it
  const own = health ? `${health.name} OK` : 'nothing else';
  if (alarms.length === 0) return `no alarm watched; ${own}`;
  const names = alarms.length > 3 ? `${alarms.length} alarms` : alarms.map((g) => g.name).join(', ');
  return `${names} OK; ${own}`;
}

/**
 * Runs one rollout: resolve → prepare → (shift → hold with gates)* → bake with gates → finalize. Any failed gate,
 * failed step or timeout rolls back to the old version. A cancel stops at once and leaves the rest to the
 * post step, which reads the saved phase.
 */
export async function runRollout(o: RolloutOptions): Promise<RolloutResult> {
  const { target, poll } = o;
  const group = o.group ?? noGroup;
  const say = poll.log;
  const timeline = new Timeline(() => poll.clock.now());
  let gates: readonly Gate[] = [];
  let traffic = 0;
  let greenReady = false;
  // Stryker disable next-line StringLiteral: every read comes after a gate check has set it (the first poll always checks)
  let lastWatched = '';
  let lastCapacity: number | undefined;

  let current: RolloutPhase = 'preparing';
  const phase = (p: RolloutPhase): void => {
    current = p;
    o.onPhase?.(p, traffic);
  };

  // A passed check stands for one poll floor while the traffic and the green version stay as they were: a
  // wait that begins right after another (prepare's waits, a hold after its shift's check) does not read every
  // alarm again, which a hundred rollouts sharing the account's DescribeAlarms rate would pay for.
  const reuseMs = poll.floorMs ?? 5_000;
  let passed: { at: number; traffic: number; greenReady: boolean } | undefined;

  // Every check goes on the timeline: the summary folds a run of identical ones into one row.
  const checkGates = async (): Promise<void> => {
    const now = poll.clock.now();
    if (passed && passed.traffic === traffic && passed.greenReady === greenReady && now - passed.at < reuseMs)
      return;
    const alarms: GateResult[] = [];
    for (const gate of gates) alarms.push(...(await gate.check()));
    let health: GateResult | undefined;
    if (greenReady) {
      const h = await target.health();
      lastCapacity = h.healthyCapacity;
      health = { name: h.name, ok: h.ok, detail: h.detail };
    }
    const results = health ? [...alarms, health] : alarms;
    if (results.length) timeline.record('gates', traffic, results, lastCapacity);
    lastWatched = watched(alarms, health);
    const failed = results.filter((g) => !g.ok);
    if (failed.length) throw new GateFailedError(failed);
    passed = { at: now, traffic, greenReady };
  };

  const ctx: RolloutContext = {
    ...plainContext(poll),
    signal: poll.signal,
    log: poll.log,
    warn: o.warn ?? poll.log,
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
    check: (result) => {
      timeline.record(result.name, traffic, [result], lastCapacity);
    },
  };

  const hold = async (label: string, ms: number): Promise<void> => {
    const end = poll.clock.now() + ms;
    await ctx.waitUntil(`${label} (${formatDuration(ms)})`, ms, async () =>
      poll.clock.now() >= end
        ? { done: true, value: undefined }
        : { done: false, status: `holding; ${lastWatched}` },
    );
  };

  const state = await group(`resolve ${target.label}`, async () => {
    // Every rollout in the account reads at its start: a throttled read waits its turn instead of failing.
    const build = o.gates;
    gates =
      typeof build === 'function'
        ? await retryWhileThrottled(poll, 'reading the gates', o.waitTimeoutMs, build)
        : build;
    const first = await retryWhileThrottled(poll, `reading ${target.label}`, o.waitTimeoutMs, () =>
      target.describe(),
    );
    if (!first.inProgress) return first;
    poll.log(`waiting for another rollout on ${target.label} to finish: ${first.inProgress}`);
    return pollUntil(
      poll,
      `the other rollout on ${target.label} (${first.inProgress})`,
      o.waitTimeoutMs,
      async () => {
        const s = await target.describe();
        return s.inProgress ? { done: false, status: s.inProgress } : { done: true, value: s };
      },
    );
  });
  const previous = state.current;
  if (state.upToDate) {
    say(`${target.label} already runs this version: nothing to deploy`);
    return { status: 'no-op', previous, diagnosis: [], timeline: [] };
  }
  say(`${target.label} serves ${previous ?? 'nothing yet (first deploy)'}: rolling out the new version`);
  for (const notice of o.notices ?? []) (o.warn ?? say)(notice);

  timeline.record('start', 0);
  try {
    phase('preparing');
    await group('prepare the new version', () => target.prepareGreen(ctx));
    greenReady = true;
    ctx.mark('green ready', 0);
    say('the new version is ready, with no traffic yet');
    phase('shifting');
    for (const step of o.steps) {
      const held = step.holdMs > 0 ? `, then hold ${formatDuration(step.holdMs)}` : '';
      await group(`shift to ${step.percent}%${held}`, async () => {
        await target.shift(step.percent, ctx);
        ctx.mark(step.label, step.percent);
        phase('shifting');
        if (step.holdMs > 0) await hold(`hold at ${step.percent}%`, step.holdMs);
        else await retryWhileThrottled(poll, 'the gate check', o.waitTimeoutMs, checkGates);
      });
      say(
        `${step.percent}% of traffic on the new version${held ? `; held ${formatDuration(step.holdMs)}: ${lastWatched}` : ''}`,
      );
    }
    phase('baking');
    if (o.bakeMs > 0) {
      await group(`bake ${formatDuration(o.bakeMs)}`, () => hold('bake', o.bakeMs));
      say(`baked ${formatDuration(o.bakeMs)}: ${lastWatched}`);
    }
    phase('finalizing');
    await group('finalize', () => target.finalize(ctx));
    ctx.mark('finalized', 100);
    say(`${target.label} finalized: the new version serves all traffic`);
    phase('done');
    return { status: 'succeeded', previous, diagnosis: [], timeline: timeline.entries };
  } catch (err) {
    if (poll.signal.aborted || err instanceof CancelledError) {
      // Stryker disable next-line StringLiteral: a cancel rethrows; this timeline is neither returned nor saved, so no reader sees the label
      timeline.record('cancelled', traffic);
      say(`cancelled while ${current} at ${traffic}% traffic: the post step puts ${target.label} back`);
      throw err;
    }
    const reason = err instanceof Error ? err.message : String(err);
    const diagnosis = err instanceof WaitTimeoutError ? [...err.diagnosis] : [];
    if (target.diagnoseFailure)
      diagnosis.push(
        ...(await target.diagnoseFailure().catch((e: unknown) => [`(diagnosis failed: ${String(e)})`])),
      );
    say(`rollout failed while ${current} at ${traffic}% traffic: ${reason}`);
    if (!o.rollback) {
      timeline.record('failed; rollback disabled', traffic);
      phase('abandoned');
      say(`rollback is off: ${target.label} is left as it stands`);
      return { status: 'failed', previous, reason, diagnosis, timeline: timeline.entries };
    }
    phase('rolling-back');
    try {
      await group(`rollback ${target.label}`, () => target.rollback(ctx));
    } catch (rollbackErr) {
      const why = rollbackErr instanceof Error ? rollbackErr.message : String(rollbackErr);
      timeline.record('rollback failed', traffic);
      say(`the rollback of ${target.label} failed: ${why}`);
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
    say(`rolled back: ${target.label} serves ${previous ?? 'what it served before this deploy'} again`);
    phase('rolled-back');
    return { status: 'rolled-back', previous, reason, diagnosis, timeline: timeline.entries };
  }
}
