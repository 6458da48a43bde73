import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DockerfileBuild, ExecFn } from '../../src/artifacts/oci/dockerfile.js';
import { buildWithDockerfile, buildxArgs, displayArgs } from '../../src/artifacts/oci/dockerfile.js';

const temp = (): string => mkdtempSync(join(tmpdir(), 'slipway-dfc-'));

function build(exec: ExecFn, extra: Partial<DockerfileBuild> = {}): DockerfileBuild {
  return {
    dockerfile: '/src/Dockerfile',
    context: '/src',
    platforms: [{ os: 'linux', architecture: 'amd64' }],
    buildArgs: [],
    secrets: [],
    env: { PATH: '/usr/bin:/bin' },
    labels: {},
    output: join(temp(), 'image.oci'),
    tempDir: temp(),
    exec,
    log: () => undefined,
    ...extra,
  };
}

describe('Dockerfile mode: build cache, labels and creation time', () => {
  it('passes each cache line as its own --cache-from / --cache-to argument, and the labels as --label', () => {
    const b = build(async () => ({ exitCode: 0, stdout: '', stderr: '' }), {
      cacheFrom: ['type=gha', 'type=registry,ref=ghcr.io/o/app:cache'],
      cacheTo: ['type=gha,mode=max'],
      labels: { 'org.opencontainers.image.revision': 'abc' },
    });
    expect(buildxArgs(b, '/tmp/o.tar')).toEqual([
      'buildx',
      'build',
      '--provenance=false',
      '--file',
      '/src/Dockerfile',
      '--platform',
      'linux/amd64',
      '--output',
      'type=oci,dest=/tmp/o.tar',
      '--label',
      'org.opencontainers.image.revision=abc',
      '--cache-from',
      'type=gha',
      '--cache-from',
      'type=registry,ref=ghcr.io/o/app:cache',
      '--cache-to',
      'type=gha,mode=max',
      '/src',
    ]);
  });

  it("gives buildx the runner's cache token and URLs and SOURCE_DATE_EPOCH in its environment", async () => {
    const seen: Array<{ args: string[]; env?: Record<string, string> }> = [];
    const logs: string[] = [];
    const exec: ExecFn = async (_cmd, args, options) => {
      seen.push({ args, ...(options.env ? { env: options.env } : {}) });
      return { exitCode: args[1] === 'build' ? 3 : 0, stdout: '', stderr: '' };
    };
    const b = build(exec, {
      env: {
        PATH: '/usr/bin',
        ACTIONS_RUNTIME_TOKEN: 'runtime-token-value',
        ACTIONS_CACHE_URL: 'https://cache.example/',
        ACTIONS_RESULTS_URL: 'https://results.example/',
      },
      cacheFrom: ['type=gha'],
      cacheTo: ['type=s3,region=eu-west-1,bucket=b,secret_access_key=s3-secret-value,mode=max'],
      sourceDateEpoch: 1700000000,
      log: (l) => logs.push(l),
    });
    await expect(buildWithDockerfile(b)).rejects.toThrow(/exit code 3/);
    const run = seen.find((s) => s.args[1] === 'build');
    expect(run?.env).toMatchObject({
      ACTIONS_RUNTIME_TOKEN: 'runtime-token-value',
      ACTIONS_CACHE_URL: 'https://cache.example/',
      ACTIONS_RESULTS_URL: 'https://results.example/',
      SOURCE_DATE_EPOCH: '1700000000',
    });
    // The token is never an argument, and an s3 key in a cache line is not logged.
    expect(run?.args.join(' ')).not.toContain('runtime-token-value');
    expect(logs.join('\n')).not.toContain('s3-secret-value');
    expect(logs.join('\n')).toContain(
      '--cache-to type=s3,region=eu-west-1,bucket=b,secret_access_key=***,mode=max',
    );
  });

  it('leaves SOURCE_DATE_EPOCH unset when the time is not known', async () => {
    let env: Record<string, string> | undefined;
    const exec: ExecFn = async (_cmd, args, options) => {
      if (args[1] === 'build') env = options.env;
      return { exitCode: args[1] === 'build' ? 1 : 0, stdout: '', stderr: '' };
    };
    await buildWithDockerfile(build(exec)).catch(() => undefined);
    expect(env).toEqual({ PATH: '/usr/bin:/bin' });
  });

  it('shows a gha token given as a field as ***', () => {
    expect(displayArgs(['--cache-to', 'type=gha,url=https://x,token=abc', '--cache-from', 'token=x'])).toBe(
      '--cache-to type=gha,url=https://x,token=*** --cache-from token=***',
    );
  });
});
