import type { Probe } from '../core/poll.js';
import type { GateResult } from '../core/timeline.js';

/** What the engine lends a target while it runs a step. */
export interface RolloutContext {
  readonly signal: AbortSignal;
  log(line: string): void;
  /** A line the reader must not miss (an annotation in the workflow run): a safeguard that had to change. */
  warn(line: string): void;
  /**
   * Waits until `probe` is done, checking every gate at each poll; a failed gate ends the wait with a
   * GateFailedError. Every wait in a rollout goes through here, so no wait is blind to the gates.
   */
  waitUntil<T>(
    what: string,
    timeoutMs: number,
    probe: Probe<T>,
    diagnose?: () => Promise<string[]>,
  ): Promise<T>;
  /** The same wait, without gates: for clean-up, when the gates no longer decide anything. */
  waitPlain<T>(
    what: string,
    timeoutMs: number,
    probe: Probe<T>,
    diagnose?: () => Promise<string[]>,
  ): Promise<T>;
  /** Records a one-off check (a smoke test) on the timeline, beside the gate checks of every poll. */
  check(result: GateResult): void;
  /** Records where the rollout stands, for the timeline and the post step. */
  mark(step: string, trafficPercent: number): void;
  /**
   * Saves the target's state for the post step now, not only at the next phase: a target calls it as soon
   * as it has created something a cancel would have to undo (a deployment, a refresh, a green group).
   */
  checkpoint(): void;
}
