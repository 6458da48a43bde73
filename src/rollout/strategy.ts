import { formatDuration } from '../core/inputs.js';

export type Strategy = 'all-at-once' | 'rolling' | 'blue-green' | 'canary' | 'linear';

export interface StrategySettings {
  strategy: Strategy;
  canaryPercent: number;
  canaryIntervalMs: number;
  linearPercent: number;
  linearIntervalMs: number;
}

/** One traffic step: shift to `percent`, then hold for `holdMs` while the gates are checked. */
export interface Step {
  percent: number;
  holdMs: number;
  label: string;
  /** The input that sets the hold, named when the hold watches no alarm. */
  holdInput?: string;
}

/**
 * The traffic steps of a strategy. all-at-once, rolling and blue-green move everything in one step;
 * canary moves `canaryPercent` first; linear moves `linearPercent` more at each step. The final bake is
 * separate (bake-time), so the last step has no hold of its own.
 */
export function planSteps(s: StrategySettings): Step[] {
  switch (s.strategy) {
    case 'canary':
      return [
        {
          percent: s.canaryPercent,
          holdMs: s.canaryIntervalMs,
          label: `canary ${s.canaryPercent}%`,
          holdInput: 'canary-interval',
        },
        { percent: 100, holdMs: 0, label: 'shift 100%' },
      ];
    case 'linear': {
      const steps: Step[] = [];
      for (let p = s.linearPercent; p < 100; p += s.linearPercent)
        steps.push({
          percent: p,
          holdMs: s.linearIntervalMs,
          label: `linear ${p}%`,
          holdInput: 'linear-interval',
        });
      steps.push({ percent: 100, holdMs: 0, label: 'shift 100%' });
      return steps;
    }
    default:
      return [{ percent: 100, holdMs: 0, label: 'shift 100%' }];
  }
}

/** A wait with traffic on the new version, and the input that sets it. */
export interface Hold {
  input: string;
  ms: number;
}

/** Every hold of a plan: the steps' holds and the bake. */
export function holdsOf(steps: readonly Step[], bakeMs: number): Hold[] {
  const holds: Hold[] = steps
    .filter((s) => s.holdMs > 0)
    .map((s) => ({ input: s.holdInput ?? 'hold', ms: s.holdMs }));
  if (bakeMs > 0) holds.push({ input: 'bake-time', ms: bakeMs });
  return holds;
}

/** What a hold watches, as the plan and the hold's status say it. */
export function watching(alarms: readonly string[]): string {
  if (alarms.length === 0) return 'no alarm watched';
  if (alarms.length > 3) return `watching ${alarms.length} alarms`;
  return `watching alarm ${alarms.join(', ')}`;
}

/**
 * The one warning for holds that watch no alarm: traffic waits on the new version while nothing but the
 * version's own state can stop it. Undefined when alarms are set or nothing holds.
 */
export function unwatchedHoldWarning(holds: readonly Hold[], alarms: readonly string[]): string | undefined {
  if (alarms.length || holds.length === 0) return undefined;
  const inputs = [...new Set(holds.map((h) => h.input))];
  const total = holds.reduce((n, h) => n + h.ms, 0);
  const what = inputs
    .map((input) => {
      const of = holds.filter((h) => h.input === input);
      return `${input} ${of.length > 1 ? `${of.length} × ` : ''}${formatDuration(of[0]!.ms)}`;
    })
    .join(', ');
  return (
    `the rollout holds ${formatDuration(total)} with traffic on the new version (${what}) but watches no alarm, ` +
    `only the new version's own state; name the CloudWatch alarms that should roll it back in the alarms input, ` +
    `or set ${inputs.join(' and ')} to 0s`
  );
}

export function describePlan(steps: readonly Step[], bakeMs: number, alarms: readonly string[]): string[] {
  const watched = watching(alarms);
  const lines = steps.map(
    (s, i) => `${i + 1}. ${s.label}${s.holdMs ? `, then hold ${formatDuration(s.holdMs)}, ${watched}` : ''}`,
  );
  lines.push(
    bakeMs > 0
      ? `${steps.length + 1}. bake ${formatDuration(bakeMs)}, ${watched}, then finalize`
      : `${steps.length + 1}. finalize (no bake)`,
  );
  return lines;
}
