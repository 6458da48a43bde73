import type { GateResult } from '../core/timeline.js';
import type { RolloutContext } from './context.js';

/** What a target reports before a rollout starts. */
export interface TargetState {
  /** The version now serving, or undefined on a first deploy. */
  current: string | undefined;
  /** True when the target already runs exactly the desired version: nothing to do. */
  upToDate: boolean;
  /** Another rollout on this target that must finish first (named for the user), or undefined. */
  inProgress: string | undefined;
}

export interface HealthReport extends GateResult {
  healthyCapacity?: number;
}

/**
 * The port every compute target implements. The engine drives it; a target with a native strategy starts
 * that deployment in prepareGreen or shift and follows its state through `ctx.waitUntil`.
 */
export interface Target {
  /** Names the target in logs and errors, e.g. "alias live of function orders". */
  readonly label: string;
  describe(): Promise<TargetState>;
  /** Make the new version ready to take traffic, without giving it any (smoke tests run here). */
  prepareGreen(ctx: RolloutContext): Promise<void>;
  /** Route `percent` of traffic to the new version and read it back. */
  shift(percent: number, ctx: RolloutContext): Promise<void>;
  /** The new version's health, checked as a gate at every poll. */
  health(): Promise<HealthReport>;
  /** Make the new version the only one and clean up the old. */
  finalize(ctx: RolloutContext): Promise<void>;
  /** Put all traffic back on the old version, read it back, and remove what prepareGreen made. */
  rollback(ctx: RolloutContext): Promise<void>;
  /** Optional: why the new version failed, as lines for the user, gathered before the rollback removes it. */
  diagnoseFailure?(): Promise<string[]>;
}
