import type { Deps } from '../../core/deps.js';
import type { Fetch } from '../../rollout/smoke-url.js';
import { httpFetch } from '../../rollout/smoke-url.js';
import { getInputs } from './inputs.js';

/** `fetch` is the smoke check's HTTP client: slipway's own, unless a test gives another. */
export async function run(deps: Deps, options: { fetch?: Fetch } = {}): Promise<void> {
  const inputs = getInputs(deps.io, deps.env);
  // The SDK loads only once the inputs are valid: a bad input fails in milliseconds.
  const { deployEc2 } = await import('./deploy.js');
  await deployEc2(deps, inputs, options.fetch ?? httpFetch);
}
