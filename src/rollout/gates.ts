import type { GateResult } from '../core/timeline.js';

/** A check that must hold at every poll of a rollout. */
export interface Gate {
  readonly name: string;
  check(): Promise<GateResult[]>;
}

export class GateFailedError extends Error {
  override readonly name = 'GateFailedError';
  constructor(readonly failed: GateResult[]) {
    super(`gate failed: ${failed.map((g) => `${g.name} (${g.detail})`).join('; ')}`);
  }
}
