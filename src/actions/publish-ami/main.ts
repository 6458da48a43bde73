import type { Deps } from '../../core/deps.js';
import { getInputs } from './inputs.js';

export async function run(deps: Deps): Promise<void> {
  const inputs = getInputs(deps.io, deps.env);
  // The SDK loads only once the inputs are valid: a bad input fails in milliseconds.
  const { publishAmi } = await import('./publish.js');
  await publishAmi(deps, inputs);
}
