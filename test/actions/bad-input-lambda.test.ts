import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run as buildFunction } from '../../src/actions/build-function/main.js';
import { run as deployLambda } from '../../src/actions/deploy-lambda/main.js';
import { run as publishFunction } from '../../src/actions/publish-function/main.js';
import { serverlessAccount } from '../sim/index.js';
import type { BadInputCase } from './bad-input.js';
import { describeBadInput } from './bad-input.js';

const dir = mkdtempSync(join(tmpdir(), 'slipway-bad-'));
const zip = join(dir, 'function.zip');
writeFileSync(zip, 'PK');
const fileNotDir = join(dir, 'file.txt');
writeFileSync(fileNotDir, 'x');
const noLock = mkdtempSync(join(tmpdir(), 'slipway-nolock-'));
// build-function's installs: a Python source, one with two lockfiles, and a Yarn 2+ project.
const py = mkdtempSync(join(tmpdir(), 'slipway-py-'));
writeFileSync(join(py, 'requirements.txt'), 'requests\n');
const twoLocks = mkdtempSync(join(tmpdir(), 'slipway-locks-'));
for (const f of ['package-lock.json', 'pnpm-lock.yaml']) writeFileSync(join(twoLocks, f), '{}');
const berry = mkdtempSync(join(tmpdir(), 'slipway-berry-'));
writeFileSync(join(berry, 'yarn.lock'), '__metadata:\n  version: 8\n');

const deploy = { 'function-name': 'orders', version: '7', 'aws-region': 'us-east-1' };
const pub = { 'function-name': 'orders', 'zip-path': zip, 'aws-region': 'us-east-1' };
const img = {
  'function-name': 'orders',
  'image-uri': `123456789012.dkr.ecr.us-east-1.amazonaws.com/orders@sha256:${'a'.repeat(64)}`,
  'aws-region': 'us-east-1',
};

const cases: BadInputCase[] = [
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
  // A Deployment is created only when asked, and environment means nothing without that.
  ['deploy-lambda', 'environment', { ...deploy, environment: 'production', 'github-token': 'ghs_x' }],
  ['deploy-lambda', 'environment-url', { ...deploy, 'environment-url': 'https://orders.example.com' }],
  ['deploy-lambda', 'environment', { ...deploy, 'github-deployment': 'true', 'github-token': 'ghs_x' }],
  ['deploy-lambda', 'github-token', { ...deploy, 'github-deployment': 'true', environment: 'production' }],
  ['deploy-lambda', 'github-deployment', { ...deploy, 'github-deployment': 'yes' }],
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
  ['publish-function', 'environment', { ...pub, environment: '1BAD=x' }],
  ['publish-function', 'environment', { ...pub, environment: 'NO_EQUALS_SIGN' }],
  ['publish-function', 'environment', { ...pub, environment: 'A=1\nA=2' }],
  ['publish-function', 'environment', { ...pub, environment: `BIG=${'x'.repeat(4100)}` }],
  ['publish-function', 'memory', { ...pub, memory: '127' }],
  ['publish-function', 'memory', { ...pub, memory: '10241' }],
  ['publish-function', 'memory', { ...pub, memory: '1GB' }],
  ['publish-function', 'timeout', { ...pub, timeout: '0' }],
  ['publish-function', 'timeout', { ...pub, timeout: '901' }],
  ['publish-function', 'timeout', { ...pub, timeout: '16m' }],
  ['publish-function', 'timeout', { ...pub, timeout: 'soon' }],
  ['publish-function', 'handler', { ...pub, handler: 'index handler' }],
  ['publish-function', 'runtime', { ...pub, runtime: 'node22' }],
  ['publish-function', 'layers', { ...pub, layers: 'arn:aws:lambda:us-east-1:123456789012:layer:otel' }],
  [
    'publish-function',
    'layers',
    {
      ...pub,
      layers: [1, 2, 3, 4, 5, 6].map((n) => `arn:aws:lambda:us-east-1:123456789012:layer:l${n}:1`).join('\n'),
    },
  ],
  ['publish-function', 'architectures', { ...pub, architectures: 'amd64' }],
  ['publish-function', 'ephemeral-storage', { ...pub, 'ephemeral-storage': '511' }],
  ['publish-function', 'ephemeral-storage', { ...pub, 'ephemeral-storage': '10241' }],
  ['publish-function', 'role', { ...pub, role: 'orders-exec' }],
  ['publish-function', 'role', { ...pub, role: 'arn:aws:iam::123456789012:user/deployer' }],
  ['publish-function', 'image-uri', { ...pub, 'image-uri': img['image-uri'] }],
  ['publish-function', 'image-uri', { ...img, 'image-uri': 'ghcr.io/org/orders:latest' }],
  [
    'publish-function',
    'image-uri',
    { ...img, 'image-uri': '123456789012.dkr.ecr.us-east-1.amazonaws.com/orders' },
  ],
  [
    'publish-function',
    'image-uri',
    { ...img, 'image-uri': '123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders:v1' },
  ],
  ['publish-function', 'runtime', { ...img, runtime: 'nodejs22.x' }],
  ['publish-function', 'handler', { ...img, handler: 'index.handler' }],
  ['publish-function', 'layers', { ...img, layers: 'arn:aws:lambda:us-east-1:123456789012:layer:otel:1' }],
  ['publish-function', 's3-bucket', { ...img, 's3-bucket': 'artifacts' }],
  ['build-function', 'source', { source: join(dir, 'no-such-dir') }],
  ['build-function', 'source', { source: fileNotDir }],
  ['build-function', 'install', { source: dir, install: 'yarn' }],
  ['build-function', 'install', { source: noLock, install: 'npm' }],
  ['build-function', 'output', { source: dir, output: 'out.tar' }],
  ['build-function', 'compression-level', { source: dir, 'compression-level': '10' }],
  ['build-function', 'compression-level', { source: dir, 'compression-level': 'fast' }],
  // picomatch's own error ("Input length: 100000, exceeds maximum allowed length") named no input.
  ['build-function', 'include', { source: dir, include: `${'a'.repeat(100_000)}/**` }],
  ['build-function', 'include', { source: dir, include: 'src/**\n../secrets/**' }],
  ['build-function', 'include', { source: dir, include: '/etc/**' }],
  ['build-function', 'include', { source: dir, include: `src/${'x'.repeat(2_000)}.js` }],
  [
    'build-function',
    'exclude',
    { source: dir, exclude: Array.from({ length: 300 }, (_, n) => `f${n}`).join(',') },
  ],
  ['build-function', 'install', { source: dir, install: 'pnpm' }],
  ['build-function', 'install', { source: dir, install: 'pip', runtime: 'python3.12' }],
  ['build-function', 'install', { source: dir, install: 'auto' }],
  ['build-function', 'install', { source: twoLocks, install: 'auto' }],
  ['build-function', 'install', { source: berry, install: 'yarn' }],
  ['build-function', 'install', { source: dir, install: 'bun' }],
  ['build-function', 'runtime', { source: py, install: 'pip' }],
  ['build-function', 'runtime', { source: py, install: 'pip', runtime: 'nodejs22.x' }],
  ['build-function', 'runtime', { source: py, install: 'pip', runtime: 'python3.8' }],
  ['build-function', 'runtime', { source: twoLocks, install: 'npm', runtime: 'python3.12' }],
  ['build-function', 'runtime', { source: dir, runtime: 'python2.7' }],
  ['build-function', 'architectures', { source: dir, architectures: 'amd64' }],
  [
    'build-function',
    'architectures',
    { source: py, install: 'pip', runtime: 'python3.12', architectures: 'aarch64' },
  ],
  ['build-function', 'python', { source: dir, python: 'python3' }],
  ['build-function', 'python', { source: py, install: 'pip', runtime: 'python3.12', python: 'python3 -I' }],
];

describeBadInput({
  title: 'bad input: one clear line naming the input, exit code 1, no AWS call',
  cases,
  minCases: 50,
  runs: {
    'deploy-lambda': deployLambda,
    'publish-function': publishFunction,
    'build-function': buildFunction,
  },
  account: () => serverlessAccount().account,
  cwd: dir,
});
