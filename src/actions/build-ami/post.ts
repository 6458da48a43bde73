import type { Deps } from '../../core/deps.js';

/** After a cancel or a crash: terminate a builder left running and deregister an AMI left pending. */
export async function post(deps: Deps): Promise<void> {
  const { cleanUpBake } = await import('./build.js');
  await cleanUpBake(deps);
}
