import type { Deps } from '../../core/deps.js';

/** After a cancel mid-rollout, puts the alias back on the previous version. */
export async function post(deps: Deps): Promise<void> {
  const { rollbackLambda } = await import('./deploy.js');
  await rollbackLambda(deps);
}
