import type { Deps } from '../../core/deps.js';

/** After a cancel: deregister copies still pending, so no half-copied AMI is left behind. */
export async function post(deps: Deps): Promise<void> {
  const { cleanUpCopies } = await import('./publish.js');
  await cleanUpCopies(deps);
}
