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
        { percent: s.canaryPercent, holdMs: s.canaryIntervalMs, label: `canary ${s.canaryPercent}%` },
        { percent: 100, holdMs: 0, label: 'shift 100%' },
      ];
    case 'linear': {
      const steps: Step[] = [];
      for (let p = s.linearPercent; p < 100; p += s.linearPercent)
        steps.push({ percent: p, holdMs: s.linearIntervalMs, label: `linear ${p}%` });
      steps.push({ percent: 100, holdMs: 0, label: 'shift 100%' });
      return steps;
    }
    default:
      return [{ percent: 100, holdMs: 0, label: 'shift 100%' }];
  }
}

export function describePlan(steps: readonly Step[], bakeMs: number): string[] {
  const lines = steps.map(
    (s, i) => `${i + 1}. ${s.label}${s.holdMs ? `, then hold ${formatDuration(s.holdMs)} with gates` : ''}`,
  );
  lines.push(`${steps.length + 1}. bake ${formatDuration(bakeMs)} with gates, then finalize`);
  return lines;
}
