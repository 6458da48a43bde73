// Node's compile cache in the job's RUNNER_TEMP (src/actions/index.ts): a later step of the same job against
// the same step with no cache, each timed from its start to its first AWS connection, where a hook stops it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureNode24, NODE24_VERSION } from '../scripts/node24.js';
import { installedBundle, interleaved, runnerEnv, settleWrites, timeCommand } from './measure.js';

const ROUNDS = 15;
const STOPPED = 3;

export async function benchCompileCache(): Promise<string[]> {
  const node = ensureNode24();
  const dir = mkdtempSync(join(tmpdir(), 'slipway-bench-cache-'));
  const hook = join(dir, 'first-call.cjs');
  writeFileSync(
    hook,
    `require('net').Socket.prototype.connect = function () { process.exit(${STOPPED}); };\n`,
  );
  const zip = join(dir, 'f.zip');
  // An empty zip: publish-function reads it before its first call.
  writeFileSync(zip, Buffer.from('504b0506000000000000000000000000000000000000', 'hex'));
  const deploy = installedBundle('deploy-lambda');
  const publish = installedBundle('publish-function');
  settleWrites();
  const env = (inputs: Record<string, string>, job?: string): NodeJS.ProcessEnv =>
    runnerEnv(
      {
        NODE_OPTIONS: `--require ${hook}`,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'AKIABENCH',
        AWS_SECRET_ACCESS_KEY: 'bench',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
        GITHUB_STATE: '/dev/null',
        GITHUB_OUTPUT: '/dev/null',
        ...(job ? { RUNNER_TEMP: job } : {}),
      },
      inputs,
    );
  const publishInputs = { 'function-name': 'orders', 'zip-path': zip };
  let round = 0;
  try {
    const [later, none] = interleaved(ROUNDS, [
      () => {
        // A job whose earlier step was deploy-lambda: the SDK's chunks are in the cache.
        const job = join(dir, `job-${round++}`);
        timeCommand(node, [deploy], {
          env: env({ 'function-name': 'orders', version: '3' }, job),
          exitCode: STOPPED,
        });
        return timeCommand(node, [publish], { env: env(publishInputs, job), exitCode: STOPPED });
      },
      () => timeCommand(node, [publish], { env: env(publishInputs), exitCode: STOPPED }),
    ]) as [number, number];
    return [
      `compile cache (node v${NODE24_VERSION}): publish-function from its start to its first AWS call, as the step after deploy-lambda in one job, against no cache (median of ${ROUNDS}, in turn):`,
      `  later step ${later.toFixed(0)} ms, no cache ${none.toFixed(0)} ms; ${(none - later).toFixed(0)} ms saved`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
