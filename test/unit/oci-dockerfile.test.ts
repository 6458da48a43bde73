import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DockerfileBuild, ExecFn } from '../../src/artifacts/oci/dockerfile.js';
import { buildWithDockerfile, buildxArgs } from '../../src/artifacts/oci/dockerfile.js';
import { OciLayout } from '../../src/artifacts/oci/layout.js';
import { ActionError } from '../../src/core/errors.js';
import { writeBaseLayout } from '../integration/registry-fixtures.js';

const temp = (): string => mkdtempSync(join(tmpdir(), 'slipway-df-'));

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

describe('Dockerfile mode', () => {
  it('says docker with buildx is needed when docker is not on PATH', async () => {
    const exec: ExecFn = async () => {
      throw new Error('Unable to locate executable file: docker');
    };
    const err = await buildWithDockerfile(build(exec)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionError);
    expect((err as Error).message).toMatch(
      /^dockerfile: building from a Dockerfile needs docker with buildx, and docker was not found on PATH/,
    );
    expect((err as Error).message).not.toContain('\n');
  });

  it('says so when docker has no buildx', async () => {
    const calls: string[][] = [];
    const exec: ExecFn = async (_cmd, args) => {
      calls.push(args);
      return {
        exitCode: 1,
        stdout: '',
        stderr: "docker: unknown command: docker buildx\n\nRun 'docker --help'",
      };
    };
    await expect(buildWithDockerfile(build(exec))).rejects.toThrow(
      /needs docker with buildx; `docker buildx version` failed: docker: unknown command: docker buildx\. Install buildx/,
    );
    expect(calls).toEqual([['buildx', 'version']]); // no build was attempted
  });

  it('passes an argument array with provenance off, and quotes a dest with a comma', () => {
    const b = build(async () => ({ exitCode: 0, stdout: '', stderr: '' }), {
      platforms: [
        { os: 'linux', architecture: 'amd64' },
        { os: 'linux', architecture: 'arm64' },
      ],
      buildArgs: ['A=1 2'],
      labels: { 'org.opencontainers.image.source': 'https://x' },
      target: 'runtime',
    });
    expect(buildxArgs(b, '/tmp/a,b.tar')).toEqual([
      'buildx',
      'build',
      '--provenance=false',
      '--file',
      '/src/Dockerfile',
      '--platform',
      'linux/amd64,linux/arm64',
      '--output',
      'type=oci,"dest=/tmp/a,b.tar"',
      '--build-arg',
      'A=1 2',
      '--label',
      'org.opencontainers.image.source=https://x',
      '--target',
      'runtime',
      '/src',
    ]);
  });

  it('unpacks what buildx wrote into the same kind of layout, and removes the tar', async () => {
    const { dir, digest } = await writeBaseLayout([
      { os: 'linux', architecture: 'amd64' },
      { os: 'linux', architecture: 'arm64', variant: 'v8' },
    ]);
    let tarPath = '';
    const exec: ExecFn = async (_cmd, args) => {
      if (args[1] === 'build') {
        tarPath = (args[args.indexOf('--output') + 1] as string).replace('type=oci,dest=', '');
        execFileSync('tar', ['-C', dir, '-cf', tarPath, '.']); // GNU tar names entries ./index.json etc.
      }
      return { exitCode: 0, stdout: '', stderr: '' };
    };
    const b = build(exec);
    const image = await buildWithDockerfile(b);
    expect(image).toEqual({
      digest,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      layoutPath: b.output,
      platforms: ['linux/amd64', 'linux/arm64/v8'],
    });
    const layout = await OciLayout.open(b.output);
    expect((await layout.top()).digest).toBe(digest);
    for (const { manifest } of await layout.images(await layout.top()))
      for (const l of manifest.layers) expect(await layout.hasBlob(l.digest)).toBe(true);
    expect(existsSync(tarPath)).toBe(false);
  });

  it('reports a failed build by its exit code', async () => {
    const exec: ExecFn = async (_cmd, args) => ({
      exitCode: args[1] === 'build' ? 17 : 0,
      stdout: '',
      stderr: '',
    });
    await expect(buildWithDockerfile(build(exec))).rejects.toThrow(
      'docker buildx build failed with exit code 17; its output is above',
    );
  });

  it('passes each secret as --secret id=…,env=…, its value only in the child environment', async () => {
    const seen: Array<{ args: string[]; options: Parameters<ExecFn>[2] }> = [];
    const exec: ExecFn = async (_cmd, args, options) => {
      seen.push({ args, options });
      return { exitCode: args[1] === 'build' ? 3 : 0, stdout: '', stderr: '' };
    };
    const b = build(exec, {
      buildArgs: ['NPM_TOKEN=npm_arg_value'],
      secrets: [
        { id: 'npm', value: 'npm-secret-value' },
        { id: 'gh.token-2', value: 'gh-secret-value' },
      ],
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
      '--build-arg',
      'NPM_TOKEN=npm_arg_value',
      '--secret',
      'id=npm,env=SLIPWAY_SECRET_0',
      '--secret',
      'id=gh.token-2,env=SLIPWAY_SECRET_1',
      '/src',
    ]);
    await buildWithDockerfile(b).catch(() => undefined);
    const built = seen.find((c) => c.args[1] === 'build');
    expect(built?.options.env).toEqual({
      PATH: '/usr/bin:/bin',
      SLIPWAY_SECRET_0: 'npm-secret-value',
      SLIPWAY_SECRET_1: 'gh-secret-value',
    });
    expect(JSON.stringify(built?.args)).not.toMatch(/secret-value/);
  });

  it('prints its own command line with build-arg values hidden, and no echo from exec', async () => {
    const lines: string[] = [];
    const seen: Array<Parameters<ExecFn>[2]> = [];
    const exec: ExecFn = async (_cmd, args, options) => {
      seen.push(options);
      if (args[1] === 'build') {
        // docker's output, split across chunks and ending without a line feed
        options.listeners?.stderr?.(Buffer.from('#1 [internal] load build definition\n#2 DO'));
        options.listeners?.stdout?.(Buffer.from('out line\r\n'));
        options.listeners?.stderr?.(Buffer.from('NE\nERROR: failed to solve'));
      }
      return { exitCode: args[1] === 'build' ? 1 : 0, stdout: '', stderr: '' };
    };
    const b = build(exec, {
      buildArgs: ['NPM_TOKEN=npm_arg_value', 'EMPTY=', 'SPACED=a b'],
      labels: { 'org.opencontainers.image.title': 'my app' },
      log: (line) => lines.push(line),
    });
    await expect(buildWithDockerfile(b)).rejects.toThrow('exit code 1');
    expect(seen.every((o) => o.silent)).toBe(true);
    expect(lines[0]).toMatch(
      /^docker buildx build --provenance=false --file \/src\/Dockerfile --platform linux\/amd64 --output type=oci,dest=\S+\.tar --build-arg NPM_TOKEN=\*\*\* --build-arg EMPTY=\*\*\* --build-arg SPACED=\*\*\* --label "org\.opencontainers\.image\.title=my app" \/src$/,
    );
    expect(lines.slice(1)).toEqual([
      '#1 [internal] load build definition',
      'out line',
      '#2 DONE',
      'ERROR: failed to solve',
    ]);
    expect(lines.join('\n')).not.toMatch(/npm_arg_value|a b/);
  });
});
