import type { Deps } from '../../core/deps.js';
import { getInputs } from './inputs.js';

export async function run(deps: Deps): Promise<void> {
  const inputs = getInputs(deps.io, deps.env, deps.env['GITHUB_WORKSPACE'] ?? process.cwd());
  const { publish } = await import('./publish.js');
  await publish(deps, inputs);
}
