import type { Deps } from '../../core/deps.js';

/** After a cancel mid-rollout: roll the refresh back, or put traffic back on blue and delete green. */
export async function post(deps: Deps): Promise<void> {
  const { rollbackEc2 } = await import('./deploy.js');
  await rollbackEc2(deps);
}
