import { createHash } from 'node:crypto';
import { InputError } from '../../core/errors.js';
import type { Deps } from '../../core/deps.js';
import { packPayload } from '../../artifacts/ami/payload.js';
import { inlineUserData, USER_DATA_MAX_BYTES } from '../../artifacts/ami/user-data.js';
import { getInputs } from './inputs.js';

export async function run(deps: Deps): Promise<void> {
  const { env } = deps;
  const inputs = getInputs(deps.io, env, deps.clock.now(), env['GITHUB_WORKSPACE'] ?? process.cwd());
  const payload = await packPayload(inputs.provision, inputs.filesDir);
  // One token per run: it names the result on the console and makes RunInstances idempotent under retries.
  const token = createHash('sha256')
    .update(
      JSON.stringify([env['GITHUB_RUN_ID'], env['GITHUB_RUN_ATTEMPT'], payload.sha256, deps.clock.now()]),
    )
    .digest('hex')
    .slice(0, 24);
  const inline = inlineUserData(payload.bytes, token);
  if (inline === undefined && inputs.s3Bucket === undefined)
    throw new InputError(
      's3-bucket',
      `is required: the provision script and files compress to ${Math.ceil(payload.bytes.length / 1024)} KiB, more than fits in EC2's ${USER_DATA_MAX_BYTES / 1024} KiB of user-data`,
    );
  // The SDK loads only once the inputs are valid: a bad input fails in milliseconds.
  const { buildAmi } = await import('./build.js');
  await buildAmi(deps, inputs, { payload, token, inlineUserData: inline });
}
