import type { Deps } from '../../core/deps.js';

/** After a cancel mid-rollout, stops the service deployment with ROLLBACK and waits until it is back. */
export async function post(deps: Deps): Promise<void> {
  const { rollbackEcs } = await import('./deploy.js');
  await rollbackEcs(deps);
}
