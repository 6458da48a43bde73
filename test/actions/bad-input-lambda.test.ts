import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as buildFunction } from '../../src/actions/build-function/main.js';
import { run as deployLambda } from '../../src/actions/deploy-lambda/main.js';
import { run as publishFunction } from '../../src/actions/publish-function/main.js';
import type { Deps } from '../../src/core/deps.js';
import { InputError } from '../../src/core/errors.js';
import { serverlessAccount } from '../sim/index.js';
import { startEndpointRecorder } from './aws-endpoint-recorder.js';
import { errorLines, runBundle } from './bundle.js';

const dir = mkdtempSync(join(tmpdir(), 'slipway-bad-'));
const zip = join(dir, 'function.zip');
writeFileSync(zip, 'PK');
const fileNotDir = join(dir, 'file.txt');
writeFileSync(fileNotDir, 'x');
const noLock = mkdtempSync(join(tmpdir(), 'slipway-nolock-'));

type Case = [action: string, input: string, inputs: Record<string, string>];
const deploy = { 'function-name': 'orders', version: '7', 'aws-region': 'us-east-1' };
const pub = { 'function-name': 'orders', 'zip-path': zip, 'aws-region': 'us-east-1' };

const cases: Case[] = [
  ['deploy-lambda', 'function-name', { ...deploy, 'function-name': '' }],
  ['deploy-lambda', 'function-name', { ...deploy, 'function-name': 'bad name!' }],
  ['deploy-lambda', 'function-name', { ...deploy, 'function-name': 'f'.repeat(65) }],
  [
    'deploy-lambda',
    'function-name',
    { ...deploy, 'function-name': 'arn:aws:lambda:us-east-1:123456789012:function:f:live' },
  ],
  ['deploy-lambda', 'version', { ...deploy, version: '' }],
  ['deploy-lambda', 'version', { ...deploy, version: '$LATEST' }],
  ['deploy-lambda', 'version', { ...deploy, version: '0' }],
  ['deploy-lambda', 'version', { ...deploy, version: 'abc' }],
  ['deploy-lambda', 'alias', { ...deploy, alias: '123' }],
  ['deploy-lambda', 'alias', { ...deploy, alias: 'bad alias' }],
  ['deploy-lambda', 'strategy', { ...deploy, strategy: 'rolling' }],
  ['deploy-lambda', 'strategy', { ...deploy, strategy: 'fast' }],
  ['deploy-lambda', 'canary-percent', { ...deploy, 'canary-percent': '0' }],
  ['deploy-lambda', 'canary-percent', { ...deploy, 'canary-percent': '100' }],
  ['deploy-lambda', 'canary-percent', { ...deploy, 'canary-percent': '10.5' }],
  ['deploy-lambda', 'canary-interval', { ...deploy, 'canary-interval': '5' }],
  ['deploy-lambda', 'canary-interval', { ...deploy, 'canary-interval': '7h' }],
  ['deploy-lambda', 'linear-percent', { ...deploy, 'linear-percent': '51' }],
  ['deploy-lambda', 'linear-percent', { ...deploy, 'linear-percent': 'ten' }],
  ['deploy-lambda', 'linear-interval', { ...deploy, 'linear-interval': '1d' }],
  ['deploy-lambda', 'bake-time', { ...deploy, 'bake-time': '-1m' }],
  ['deploy-lambda', 'bake-time', { ...deploy, 'bake-time': 'soon' }],
  ['deploy-lambda', 'rollback', { ...deploy, rollback: 'yes' }],
  ['deploy-lambda', 'dry-run', { ...deploy, 'dry-run': 'maybe' }],
  ['deploy-lambda', 'wait-timeout', { ...deploy, 'wait-timeout': '30s' }],
  ['deploy-lambda', 'wait-timeout', { ...deploy, 'wait-timeout': '7h' }],
  ['deploy-lambda', 'aws-region', { ...deploy, 'aws-region': 'moon-1' }],
  ['deploy-lambda', 'aws-region', { ...deploy, 'aws-region': '' }],
  ['deploy-lambda', 'max-retries', { ...deploy, 'max-retries': '21' }],
  ['deploy-lambda', 'max-retries', { ...deploy, 'max-retries': '-1' }],
  ['deploy-lambda', 'smoke-payload', { ...deploy, 'smoke-payload': '{bad json' }],
  ['deploy-lambda', 'smoke-expect', { ...deploy, 'smoke-expect': '{"ok":true}' }],
  ['deploy-lambda', 'environment-url', { ...deploy, 'environment-url': 'not a url' }],
  ['deploy-lambda', 'environment', { ...deploy, environment: 'prod/eu' }],
  ['deploy-lambda', 'alarms', { ...deploy, alarms: `ok-alarm\n${'a'.repeat(300)}` }],
  ['publish-function', 'function-name', { ...pub, 'function-name': '' }],
  ['publish-function', 'function-name', { ...pub, 'function-name': 'no spaces allowed' }],
  ['publish-function', 'zip-path', { ...pub, 'zip-path': '' }],
  ['publish-function', 'zip-path', { ...pub, 'zip-path': 'function.tar.gz' }],
  ['publish-function', 'zip-path', { ...pub, 'zip-path': join(dir, 'missing.zip') }],
  ['publish-function', 's3-bucket', { ...pub, 's3-bucket': 'Bad_Bucket' }],
  ['publish-function', 's3-key', { ...pub, 's3-key': 'code.zip' }],
  ['publish-function', 'description', { ...pub, description: 'd'.repeat(257) }],
  ['publish-function', 'dry-run', { ...pub, 'dry-run': 'nope' }],
  ['publish-function', 'wait-timeout', { ...pub, 'wait-timeout': 'forever' }],
  ['publish-function', 'max-retries', { ...pub, 'max-retries': 'many' }],
  ['publish-function', 'aws-region', { ...pub, 'aws-region': 'us-east' }],
  ['build-function', 'source', { source: join(dir, 'no-such-dir') }],
  ['build-function', 'source', { source: fileNotDir }],
  ['build-function', 'install', { source: dir, install: 'yarn' }],
  ['build-function', 'install', { source: noLock, install: 'npm' }],
  ['build-function', 'output', { source: dir, output: 'out.tar' }],
  ['build-function', 'compression-level', { source: dir, 'compression-level': '10' }],
  ['build-function', 'compression-level', { source: dir, 'compression-level': 'fast' }],
];

const runs: Record<string, (deps: Deps) => Promise<void>> = {
  'deploy-lambda': deployLambda,
  'publish-function': publishFunction,
  'build-function': buildFunction,
};

describe('bad input: one clear line naming the input, exit code 1, no AWS call', () => {
  let recorder: Awaited<ReturnType<typeof startEndpointRecorder>>;
  beforeAll(async () => {
    recorder = await startEndpointRecorder();
  });
  afterAll(async () => {
    await recorder.close();
  });

  it('has at least 50 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
  });

  describe.concurrent.each(cases)('%s with a bad %s', (action, input, inputs) => {
    it('fails through the bundle with one ::error:: line naming the input', async () => {
      const r = await runBundle(action, inputs, { env: { AWS_ENDPOINT_URL: recorder.url }, cwd: dir });
      expect(r.code).toBe(1);
      const errors = errorLines(r);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(new RegExp(`^::error::input '${input}': `));
      expect(r.outputs).toEqual({});
    });

    it('throws InputError before any AWS call, in process', async () => {
      const { account } = serverlessAccount();
      const deps = account.deps(inputs, { env: { AWS_REGION: '' } });
      const err = await runs[action]!(deps).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).input).toBe(input);
      expect(account.calls).toEqual([]);
    });
  });

  it('no bundle reached the AWS endpoint', () => {
    expect(recorder.requests).toEqual([]);
  });
});
