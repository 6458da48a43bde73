import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run as buildAmi } from '../../src/actions/build-ami/main.js';
import { run as buildFunction } from '../../src/actions/build-function/main.js';
import { run as buildImage } from '../../src/actions/build-image/main.js';
import { run as deployEc2 } from '../../src/actions/deploy-ec2/main.js';
import { run as deployEcs } from '../../src/actions/deploy-ecs/main.js';
import { run as deployLambda } from '../../src/actions/deploy-lambda/main.js';
import { run as pipeline } from '../../src/actions/pipeline/main.js';
import { run as publishAmi } from '../../src/actions/publish-ami/main.js';
import { run as publishFunction } from '../../src/actions/publish-function/main.js';
import { run as publishImage } from '../../src/actions/publish-image/main.js';
import { SimAccount } from '../sim/account.js';
import type { BadInputCase } from './bad-input.js';
import { describeBadInput } from './bad-input.js';

// Control characters in inputs: a name, path, key or tag with a line break could forge a log line (a
// build-function `output` of "\n::error::forged.zip" once did), and an escape or NUL has no place in any.
// Each input is given a good value with a control character added, on top of otherwise good inputs.

const dir = mkdtempSync(join(tmpdir(), 'slipway-bad-control-'));
const source = join(dir, 'src');
mkdirSync(source);
writeFileSync(join(source, 'index.js'), 'exports.handler = async () => 1;\n');
const zip = join(dir, 'function.zip');
writeFileSync(zip, 'PK');
const layout = join(dir, 'image.oci');
mkdirSync(layout);
writeFileSync(join(layout, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
writeFileSync(join(layout, 'index.json'), '{"schemaVersion":2,"manifests":[]}');

/** A one-line input: a line break that would start a forged command, CR, an escape, a Unicode line separator, NUL. */
const LINE = ['\n::error::forged', '\r', '\u001b[2J', '\u2028::warning::x', '\u0000'];
/** An input of several lines takes line breaks, but no other control character. */
const TEXT = ['\u001b[2J', '\u0007', '\u2029', '\u0000'];

type Kind = 'line' | 'text';
interface ActionCases {
  action: string;
  base: Record<string, string>;
  /** input → its kind, and inputs to add so that the poisoned input is read (a strategy, say). */
  inputs: Record<string, Kind | [Kind, Record<string, string>]>;
}

function casesOf(table: ActionCases[]): BadInputCase[] {
  const cases: BadInputCase[] = [];
  for (const { action, base, inputs } of table)
    for (const [input, spec] of Object.entries(inputs)) {
      const [kind, extra]: [Kind, Record<string, string>] = Array.isArray(spec) ? spec : [spec, {}];
      const good = extra[input] ?? base[input] ?? 'x';
      for (const bad of kind === 'line' ? LINE : TEXT)
        // Inside the value: white space at either end (a CR, a line separator) is trimmed away.
        cases.push([action, input, { ...base, ...extra, [input]: `${good}${bad}${good}` }]);
    }
  return cases;
}

// The inputs every deploy action reads through the shared deploy inputs.
const deployCommon: ActionCases['inputs'] = {
  alarms: ['text', { alarms: 'web-5xx' }],
  'aws-region': 'line',
  'github-deployment': ['line', { 'github-deployment': 'false' }],
  environment: ['line', { 'github-deployment': 'true', environment: 'production', 'github-token': 'ghp_x' }],
  'environment-url': [
    'line',
    {
      'github-deployment': 'true',
      environment: 'production',
      'github-token': 'ghp_x',
      'environment-url': 'https://x.example',
    },
  ],
  'bake-time': ['line', { 'bake-time': '1m' }],
  'wait-timeout': ['line', { 'wait-timeout': '10m' }],
  rollback: ['line', { rollback: 'true' }],
  'dry-run': ['line', { 'dry-run': 'false' }],
  'max-retries': ['line', { 'max-retries': '3' }],
};

const serverless: ActionCases[] = [
  {
    action: 'build-function',
    base: { source },
    inputs: {
      source: ['line', { source: 'src' }],
      include: ['text', { include: '**/*.js' }],
      exclude: ['text', { exclude: '*.md' }],
      output: ['line', { output: 'out.zip' }],
      install: ['line', { install: 'none' }],
      'compression-level': ['line', { 'compression-level': '6' }],
    },
  },
  {
    action: 'publish-function',
    base: { 'function-name': 'orders', 'zip-path': zip, 'aws-region': 'us-east-1' },
    inputs: {
      'function-name': 'line',
      'zip-path': 'line',
      'aws-region': 'line',
      's3-bucket': ['line', { 's3-bucket': 'code-bucket' }],
      's3-key': ['line', { 's3-bucket': 'code-bucket', 's3-key': 'orders/code.zip' }],
      description: ['line', { description: 'release 7' }],
      'dry-run': ['line', { 'dry-run': 'false' }],
      'wait-timeout': ['line', { 'wait-timeout': '5m' }],
      'max-retries': ['line', { 'max-retries': '3' }],
      'image-uri': [
        'line',
        { 'zip-path': '', 'image-uri': `123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:v1` },
      ],
      role: ['line', { role: 'arn:aws:iam::123456789012:role/exec' }],
      runtime: ['line', { runtime: 'nodejs22.x' }],
      handler: ['line', { handler: 'index.handler' }],
      memory: ['line', { memory: '256' }],
      timeout: ['line', { timeout: '30' }],
      'ephemeral-storage': ['line', { 'ephemeral-storage': '1024' }],
      architectures: ['line', { architectures: 'arm64' }],
      environment: ['text', { environment: 'STAGE=prod' }],
      layers: ['text', { layers: 'arn:aws:lambda:us-east-1:123456789012:layer:otel:1' }],
    },
  },
  {
    action: 'deploy-lambda',
    base: { 'function-name': 'orders', version: '7', 'aws-region': 'us-east-1' },
    inputs: {
      'function-name': 'line',
      version: 'line',
      alias: ['line', { alias: 'live' }],
      'canary-percent': ['line', { strategy: 'canary', 'canary-percent': '10' }],
      'canary-interval': ['line', { strategy: 'canary', 'canary-interval': '5m' }],
      'linear-percent': ['line', { strategy: 'linear', 'linear-percent': '10' }],
      'linear-interval': ['line', { strategy: 'linear', 'linear-interval': '1m' }],
      'smoke-payload': ['text', { 'smoke-payload': '{"ping":true}' }],
      'smoke-expect': ['text', { 'smoke-payload': '{"ping":true}', 'smoke-expect': '{"ok":true}' }],
      ...deployCommon,
      strategy: ['line', { strategy: 'canary' }],
    },
  },
];

const AMI = 'ami-0123456789abcdef0';
const LISTENER =
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/0123456789abcdef/fedcba9876543210';
const vms: ActionCases[] = [
  {
    action: 'build-ami',
    base: { 'base-ami': AMI, provision: 'dnf install -y nginx', 'aws-region': 'us-east-1' },
    inputs: {
      'base-ami': 'line',
      provision: 'text',
      owners: ['text', { 'base-ami': 'name:al2023-*', owners: 'amazon' }],
      files: ['line', { files: 'src' }],
      'ami-name': ['line', { 'ami-name': 'web-{sha}' }],
      'instance-type': ['line', { 'instance-type': 't3.small' }],
      'subnet-id': ['line', { 'subnet-id': 'subnet-0123456789abcdef0' }],
      'security-group-ids': ['text', { 'security-group-ids': 'sg-0123456789abcdef0' }],
      'iam-instance-profile': ['line', { 'iam-instance-profile': 'bake' }],
      tags: ['text', { tags: 'team=web' }],
      'volume-size': ['line', { 'volume-size': '16' }],
      'aws-region': 'line',
    },
  },
  {
    action: 'publish-ami',
    base: { 'ami-id': AMI, regions: 'eu-west-1', 'aws-region': 'us-east-1' },
    inputs: {
      'ami-id': 'line',
      regions: 'text',
      'share-accounts': ['text', { 'share-accounts': '210987654321' }],
      'share-organizations': ['text', { 'share-organizations': 'o-abcdefghij' }],
      keep: ['line', { keep: '3' }],
      'wait-timeout': ['line', { 'wait-timeout': '30m' }],
      'aws-region': 'line',
    },
  },
  {
    action: 'deploy-ec2',
    base: { 'auto-scaling-group': 'web', 'ami-id': AMI, 'aws-region': 'us-east-1' },
    inputs: {
      'auto-scaling-group': 'line',
      'ami-id': 'line',
      service: ['line', { 'auto-scaling-group': '', service: 'web' }],
      'launch-template': ['line', { 'launch-template': 'lt-0123456789abcdef0' }],
      'listener-arn': ['line', { strategy: 'blue-green', 'listener-arn': LISTENER }],
      'min-healthy-percent': ['line', { 'min-healthy-percent': '90' }],
      'instance-warmup': ['line', { 'instance-warmup': '30s' }],
      checkpoints: ['text', { checkpoints: '50' }],
      'smoke-url': ['line', { strategy: 'blue-green', 'listener-arn': LISTENER, 'smoke-url': 'http://x/h' }],
      ...deployCommon,
      strategy: ['line', { strategy: 'rolling' }],
    },
  },
];

const containers: ActionCases[] = [
  {
    action: 'deploy-ecs',
    base: {
      cluster: 'prod',
      service: 'web',
      image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web@sha256:' + 'a'.repeat(64),
      'container-name': 'app',
      'aws-region': 'us-east-1',
    },
    inputs: {
      cluster: 'line',
      service: 'line',
      image: 'line',
      'container-name': 'line',
      'task-definition': ['line', { 'task-definition': 'td.json' }],
      'min-healthy-percent': ['line', { 'min-healthy-percent': '50' }],
      'max-percent': ['line', { 'max-percent': '200' }],
      ...deployCommon,
      strategy: ['line', { strategy: 'rolling' }],
    },
  },
  {
    action: 'build-image',
    base: { base: 'scratch', context: 'src' },
    inputs: {
      base: 'line',
      context: 'line',
      workdir: ['line', { workdir: '/app' }],
      user: ['line', { user: 'node' }],
      output: ['line', { output: 'out.oci' }],
      env: ['text', { env: 'NODE_ENV=production' }],
      labels: ['text', { labels: 'org.opencontainers.image.source=https://x' }],
      cmd: ['text', { cmd: '["node","index.js"]' }],
      expose: ['text', { expose: '8080' }],
      platforms: ['text', { platforms: 'linux/amd64' }],
      'max-retries': ['line', { 'max-retries': '3' }],
    },
  },
  {
    action: 'publish-image',
    base: { 'layout-path': layout, repository: 'team/app', registry: '127.0.0.1:9' },
    inputs: {
      'layout-path': 'line',
      repository: 'line',
      registry: 'line',
      tags: ['text', { tags: 'v1' }],
      username: ['line', { username: 'me', password: 'pw' }],
      'max-retries': ['line', { 'max-retries': '3' }],
    },
  },
];

const pipelines: ActionCases[] = [
  {
    action: 'pipeline',
    base: { target: 'lambda', source: 'src', 'function-name': 'orders', 'aws-region': 'us-east-1' },
    inputs: {
      target: 'line',
      source: 'line',
      'function-name': 'line',
      alias: ['line', { alias: 'live' }],
      'aws-region': 'line',
    },
  },
];

writeFileSync(
  join(dir, 'td.json'),
  JSON.stringify({ family: 'web', containerDefinitions: [{ name: 'app' }] }),
);

const runs = {
  'build-function': buildFunction,
  'publish-function': publishFunction,
  'deploy-lambda': deployLambda,
  'build-ami': buildAmi,
  'publish-ami': publishAmi,
  'deploy-ec2': deployEc2,
  'deploy-ecs': deployEcs,
  'build-image': buildImage,
  'publish-image': publishImage,
  pipeline,
};

const all = [...serverless, ...vms, ...containers, ...pipelines];
describeBadInput({
  title: 'control characters in any input: one line naming the input, exit 1, no AWS call',
  cases: casesOf(all),
  minCases: 250,
  runs,
  account: () => new SimAccount(),
  cwd: dir,
});
