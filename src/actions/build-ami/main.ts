import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../core/errors.js';
import type { Deps } from '../../core/deps.js';
import { envWarning } from '../../artifacts/files.js';
import { listPayloadFiles, packPayload, tarSizeBound } from '../../artifacts/ami/payload.js';
import { checkPayloadSize } from '../../artifacts/ami/payload-limits.js';
import { inlineUserData, USER_DATA_MAX_BYTES } from '../../artifacts/ami/user-data.js';
import { getInputs } from './inputs.js';

export async function run(deps: Deps): Promise<void> {
  const { env, io } = deps;
  const inputs = getInputs(io, env, deps.clock.now(), env['GITHUB_WORKSPACE'] ?? process.cwd());
  // Walked, and its size checked, before a byte of it is read.
  const tree = inputs.filesDir ? listPayloadFiles(inputs.filesDir) : undefined;
  const warning = envWarning(
    tree?.envFilesLeftOut ?? [],
    'an AMI is readable by every account it is shared with: fetch secrets at boot (SSM Parameter Store, Secrets Manager) instead',
  );
  if (warning) io.warning(warning);
  checkPayloadSize(tarSizeBound(inputs.provision, tree), tree, inputs.s3Bucket);
  const work = mkdtempSync(join(env['RUNNER_TEMP'] ?? tmpdir(), 'slipway-bake-'));
  try {
    const payload = await packPayload(inputs.provision, inputs.filesDir, {
      ...(tree ? { tree } : {}),
      output: join(work, 'payload.tgz'),
    });
    // One token per run: it names the result on the console and makes RunInstances idempotent under retries.
    const token = createHash('sha256')
      .update(
        JSON.stringify([env['GITHUB_RUN_ID'], env['GITHUB_RUN_ATTEMPT'], payload.sha256, deps.clock.now()]),
      )
      .digest('hex')
      .slice(0, 24);
    const inline =
      payload.size <= USER_DATA_MAX_BYTES ? inlineUserData(readFileSync(payload.path), token) : undefined;
    if (inline === undefined && inputs.s3Bucket === undefined)
      throw new InputError(
        's3-bucket',
        `is required: the provision script and files compress to ${Math.ceil(payload.size / 1024)} KiB, more than fits in EC2's ${USER_DATA_MAX_BYTES / 1024} KiB of user-data`,
      );
    // The SDK loads only once the inputs are valid: a bad input fails in milliseconds.
    const { buildAmi } = await import('./build.js');
    await buildAmi(deps, inputs, { payload, token, inlineUserData: inline });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
