import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as buildImage } from '../../src/actions/build-image/main.js';
import { run as publishImage } from '../../src/actions/publish-image/main.js';
import type { Deps } from '../../src/core/deps.js';
import { InputError } from '../../src/core/errors.js';
import { writeBaseLayout } from '../integration/registry-fixtures.js';
import { SimAccount } from '../sim/account.js';
import { EcrSim } from '../sim/services/ecr.js';
import { startEndpointRecorder } from './aws-endpoint-recorder.js';
import { errorLines, runBundle } from './bundle.js';

const dir = mkdtempSync(join(tmpdir(), 'slipway-bad-oci-'));
const context = join(dir, 'ctx');
mkdirSync(context);
writeFileSync(join(context, 'server.js'), '');
const fileNotDir = join(dir, 'file.txt');
writeFileSync(fileNotDir, 'x');
const dockerfile = join(dir, 'Dockerfile');
writeFileSync(dockerfile, 'FROM scratch\n');
const notLayout = join(dir, 'not-a-layout');
mkdirSync(notLayout);
const emptyLayout = join(dir, 'empty.oci');
mkdirSync(emptyLayout);
writeFileSync(join(emptyLayout, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
writeFileSync(join(emptyLayout, 'index.json'), '{"schemaVersion":2,"manifests":[]}');
const SECRET = 'hunter2-not-for-logs';

type Case = ['build-image' | 'publish-image'];

// Filled in beforeAll: every registry named below is the recorder, so any request would be seen.
let host = '127.0.0.1:9';
let layout = '';
const cases: Array<[action: Case[0], input: string, make: () => Record<string, string>]> = [];
const add = (action: Case[0], input: string, make: () => Record<string, string>): void => {
  cases.push([action, input, make]);
};
const b = (): Record<string, string> => ({
  base: `${host}/base/os:1`,
  context,
  output: join(dir, 'out.oci'),
});
const p = (): Record<string, string> => ({ 'layout-path': layout, repository: 'team/app', registry: host });
const ecr = (): Record<string, string> => ({
  'layout-path': layout,
  repository: 'team/app',
  'aws-region': 'us-east-1',
});

add('build-image', 'base', () => ({ ...b(), base: '' }));
add('build-image', 'base', () => ({ ...b(), base: 'Bad Ref' }));
add('build-image', 'base', () => ({ ...b(), base: 'ghcr.io/a/b@sha256:123' }));
add('build-image', 'base', () => ({ ...b(), base: 'ghcr.io/a/b:-tag' }));
add('build-image', 'context', () => ({ ...b(), context: join(dir, 'missing') }));
add('build-image', 'context', () => ({ ...b(), context: fileNotDir }));
add('build-image', 'workdir', () => ({ ...b(), workdir: 'app' }));
add('build-image', 'workdir', () => ({ ...b(), workdir: '/app/../etc' }));
add('build-image', 'workdir', () => ({ ...b(), workdir: '/my app' }));
add('build-image', 'entrypoint', () => ({ ...b(), entrypoint: '["node", 1]' }));
add('build-image', 'entrypoint', () => ({ ...b(), entrypoint: '["node"' }));
add('build-image', 'entrypoint', () => ({ ...b(), entrypoint: 'sh -c "echo hi"' }));
add('build-image', 'cmd', () => ({ ...b(), cmd: '[]' }));
add('build-image', 'env', () => ({ ...b(), env: 'PORT=8080\nNOEQUALS' }));
add('build-image', 'env', () => ({ ...b(), env: '1BAD=x' }));
add('build-image', 'user', () => ({ ...b(), user: 'root user' }));
add('build-image', 'labels', () => ({ ...b(), labels: '=value' }));
add('build-image', 'expose', () => ({ ...b(), expose: '8080, 70000' }));
add('build-image', 'expose', () => ({ ...b(), expose: '80/http' }));
add('build-image', 'platforms', () => ({ ...b(), platforms: 'linux' }));
add('build-image', 'platforms', () => ({ ...b(), platforms: 'windows/amd64' }));
add('build-image', 'platforms', () => ({ ...b(), platforms: 'linux/sparc' }));
add('build-image', 'platforms', () => ({ ...b(), platforms: 'linux/amd64\nlinux/amd64' }));
add('build-image', 'output', () => ({ ...b(), output: fileNotDir }));
add('build-image', 'base-password', () => ({ ...b(), 'base-username': 'me' }));
add('build-image', 'base-username', () => ({ ...b(), 'base-password': SECRET }));
add('build-image', 'base-username', () => ({
  ...b(),
  base: 'scratch',
  'base-username': 'me',
  'base-password': SECRET,
}));
add('build-image', 'base-username', () => ({ context, dockerfile, 'base-username': 'me' }));
// Limits that once let a reference reach the network: a port over 65535, a name of 100,000 characters.
add('build-image', 'base', () => ({ ...b(), base: '127.0.0.1:70000/base/os:1' }));
add('build-image', 'base', () => ({ ...b(), base: `${'a'.repeat(100_000)}:1` }));
add('build-image', 'base', () => ({ ...b(), base: `ghcr.io/${'a'.repeat(248)}:1` }));
add('build-image', 'dockerfile', () => ({ context, dockerfile: join(dir, 'Missing.Dockerfile') }));
add('build-image', 'base', () => ({ ...b(), dockerfile }));
add('build-image', 'entrypoint', () => ({ context, dockerfile, entrypoint: '["x"]' }));
add('build-image', 'exclude', () => ({ context, dockerfile, exclude: 'node_modules' }));
add('build-image', 'exclude', () => ({ ...b(), exclude: `logs/${'x'.repeat(70_000)}` }));
add('build-image', 'build-args', () => ({ ...b(), 'build-args': 'A=1' }));
add('build-image', 'build-target', () => ({ ...b(), 'build-target': 'runtime' }));
add('build-image', 'build-target', () => ({ context, dockerfile, 'build-target': 'bad target!' }));
add('build-image', 'build-args', () => ({ context, dockerfile, 'build-args': 'NOEQUALS' }));
add('build-image', 'secrets', () => ({ ...b(), secrets: `npm=${SECRET}` }));
add('build-image', 'secrets', () => ({ context, dockerfile, secrets: SECRET }));
add('build-image', 'secrets', () => ({ context, dockerfile, secrets: `npm token=${SECRET}` }));
add('build-image', 'secrets', () => ({ context, dockerfile, secrets: `npm=${SECRET}\nnpm=${SECRET}2` }));
add('build-image', 'secrets', () => ({ context, dockerfile, secrets: 'npm=' }));
add('build-image', 'platforms', () => ({ ...b(), platforms: 'linux/amd64/v9' }));
add('build-image', 'context', () => ({ ...b(), context: `${context}-{arch}` }));
add('build-image', 'context', () => ({ ...b(), context: join(dir, '{cpu}') }));
add('build-image', 'context', () => ({ ...b(), context: join(dir, '{arch') }));
add('build-image', 'context', () => ({ context: join(dir, '{arch}'), dockerfile }));
add('build-image', 'default-labels', () => ({ ...b(), 'default-labels': 'yes' }));
add('build-image', 'cache-from', () => ({ ...b(), 'cache-from': 'type=gha' }));
add('build-image', 'cache-to', () => ({ ...b(), 'cache-to': 'type=gha,mode=max' }));
add('build-image', 'cache-from', () => ({ context, dockerfile, 'cache-from': 'type=gcs,bucket=b' }));
add('build-image', 'cache-from', () => ({ context, dockerfile, 'cache-from': 'ghcr.io/org/app:cache' }));
add('build-image', 'cache-from', () => ({ context, dockerfile, 'cache-from': 'type=inline' }));
add('build-image', 'cache-to', () => ({ context, dockerfile, 'cache-to': 'type=registry,mode=max' }));
add('build-image', 'cache-to', () => ({ context, dockerfile, 'cache-to': 'type=local,dest="/tmp/a b"' }));
add('build-image', 'cache-to', () => ({ context, dockerfile, 'cache-to': 'type=gha,mode=max' }));
add('build-image', 'cache-to', () => ({
  context,
  dockerfile,
  'cache-to': `type=s3,region=us-east-1,bucket=b,secret_access_key=${SECRET},oops`,
}));
add('build-image', 'max-retries', () => ({ ...b(), 'max-retries': '21' }));
add('build-image', 'max-retries', () => ({ ...b(), 'max-retries': 'lots' }));
add('publish-image', 'layout-path', () => ({ ...p(), 'layout-path': join(dir, 'missing.oci') }));
add('publish-image', 'layout-path', () => ({ ...p(), 'layout-path': fileNotDir }));
add('publish-image', 'layout-path', () => ({ ...p(), 'layout-path': notLayout }));
add('publish-image', 'layout-path', () => ({ ...p(), 'layout-path': emptyLayout }));
add('publish-image', 'repository', () => ({ ...p(), repository: '' }));
add('publish-image', 'repository', () => ({ ...p(), repository: 'Team/App' }));
add('publish-image', 'repository', () => ({ ...p(), repository: 'team//app' }));
add('publish-image', 'repository', () => ({ ...p(), repository: `team/${'a'.repeat(260)}` }));
add('publish-image', 'tags', () => ({ ...p(), tags: 'v1\nbad tag' }));
add('publish-image', 'tags', () => ({ ...p(), tags: '-lead' }));
add('publish-image', 'tags', () => ({ ...p(), tags: 't'.repeat(129) }));
add('publish-image', 'registry', () => ({ ...p(), registry: 'https://ghcr.io' }));
add('publish-image', 'registry', () => ({ ...p(), registry: 'bad host!' }));
add('publish-image', 'registry', () => ({ ...p(), registry: '127.0.0.1:99999' }));
add('publish-image', 'registry', () => ({ ...p(), registry: `${'r'.repeat(64)}.example.com` }));
add('publish-image', 'repository', () => ({ ...p(), repository: `team/${'a'.repeat(250)}` }));
add('publish-image', 'password', () => ({ ...p(), username: 'me' }));
add('publish-image', 'username', () => ({ ...p(), password: SECRET }));
add('publish-image', 'immutable-tags', () => ({ ...ecr(), 'immutable-tags': 'yes' }));
add('publish-image', 'immutable-tags', () => ({ ...p(), 'immutable-tags': 'true' }));
add('publish-image', 'username', () => ({ ...ecr(), username: 'AWS' }));
add('publish-image', 'password', () => ({ ...ecr(), password: SECRET }));
add('publish-image', 'aws-region', () => ({ ...ecr(), 'aws-region': '' }));
add('publish-image', 'aws-region', () => ({ ...ecr(), 'aws-region': 'moon-1' }));
add('publish-image', 'aws-region', () => ({ ...p(), 'aws-region': 'us_east_1' }));
add('publish-image', 'max-retries', () => ({ ...p(), 'max-retries': '-1' }));

const runs: Record<Case[0], (deps: Deps) => Promise<void>> = {
  'build-image': buildImage,
  'publish-image': publishImage,
};

describe('bad input to build-image and publish-image: one line naming the input, exit 1, no request', () => {
  let recorder: Awaited<ReturnType<typeof startEndpointRecorder>>;
  beforeAll(async () => {
    recorder = await startEndpointRecorder();
    host = recorder.url.replace('http://', '');
    layout = (await writeBaseLayout([{ os: 'linux', architecture: 'amd64' }])).dir;
  });
  afterAll(async () => {
    await recorder.close();
  });

  it('has at least 40 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.concurrent.each(cases)('%s with a bad %s, through the bundle', async (action, input, make) => {
    const inputs = make();
    const r = await runBundle(action, inputs, {
      env: { AWS_ENDPOINT_URL: recorder.url, AWS_REGION: '' },
      cwd: dir,
    });
    expect(r.code, r.stdout).toBe(1);
    const errors = errorLines(r);
    expect(errors, r.stdout).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^::error::input '${input}': `));
    expect(errors[0]).not.toContain(SECRET);
    if (inputs['password'] || inputs['base-password']) expect(r.stdout).toContain(`::add-mask::${SECRET}`);
    if (inputs['secrets']?.includes(SECRET)) {
      expect(r.stdout).toContain(`::add-mask::${SECRET}`);
      const unmasked = r.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::'));
      expect(unmasked.join('\n')).not.toContain(SECRET);
    }
    expect(r.outputs).toEqual({});
  });

  it.each(cases)('%s with a bad %s, in process: InputError before any call', async (action, input, make) => {
    const inputs = make();
    const account = new SimAccount();
    account.add(new EcrSim(account, { proxyEndpoint: recorder.url }));
    const deps = account.deps(inputs, { env: { AWS_REGION: '', GITHUB_WORKSPACE: dir } });
    const err = await runs[action](deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).input).toBe(input);
    expect(account.calls).toEqual([]);
    if (inputs['password'] || inputs['base-password']) expect(deps.io.secrets).toContain(SECRET);
    if (inputs['secrets']?.includes(SECRET)) expect(deps.io.secrets).toContain(SECRET);
  });

  it('no run reached a registry or AWS', () => {
    expect(recorder.requests).toEqual([]);
  });
});
