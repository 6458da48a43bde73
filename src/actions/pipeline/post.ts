import type { Deps } from '../../core/deps.js';
import { pipelineFor } from './main.js';

/** The deploy stage's post step: after a cancel mid-rollout, the target goes back to the old version. */
export async function post(deps: Deps): Promise<void> {
  await pipelineFor(deps).pipeline.post(deps);
}
