import type { Deps } from '../../core/deps.js';
import { pipelineFor } from './main.js';

/**
 * Every stage's own post step, last stage first: each finds its saved state, if the cancel reached it, and
 * cleans up (the rollout goes back to the old version; a builder is terminated; pending copies go).
 */
export async function post(deps: Deps): Promise<void> {
  const failures: string[] = [];
  for (const stage of [...pipelineFor(deps).pipeline.stages].reverse()) {
    // One stage's clean-up failing must not keep the others from theirs.
    await stage
      .post?.(deps)
      .catch((err: unknown) => failures.push(`${stage.action}: ${(err as Error).message}`));
  }
  if (failures.length) throw new Error(`clean-up failed in ${failures.join('; ')}`);
}
