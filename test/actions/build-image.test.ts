import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OciLayout } from '../../src/artifacts/oci/layout.js';
import type { ImageConfig, ImageManifest } from '../../src/artifacts/oci/media-types.js';
import { MediaType } from '../../src/artifacts/oci/media-types.js';
import { fakeDocker, seedBase, tempDir, writeBaseLayout } from '../integration/registry-fixtures.js';
import type { RegistryServer } from '../integration/registry-server.js';
import { startRegistry } from '../integration/registry-server.js';
import { errorLines, runBundle } from './bundle.js';

let registry: RegistryServer;

function appContext(): string {
  const root = tempDir('build-image-ctx');
  writeFileSync(join(root, 'server.js'), 'console.log(1)\n');
  mkdirSync(join(root, 'public'));
  writeFileSync(join(root, 'public', 'index.html'), '<p>hi</p>\n');
  return root;
}

async function configOf(layoutPath: string): Promise<{ manifest: ImageManifest; config: ImageConfig }> {
  const layout = await OciLayout.open(layoutPath);
  const [first] = await layout.images(await layout.top());
  if (!first) throw new Error('empty layout');
  return {
    manifest: first.manifest,
    config: await layout.readJson<ImageConfig>(first.manifest.config.digest),
  };
}

beforeAll(async () => {
  registry = await startRegistry();
  await seedBase(registry.host, 'base/os:1', [
    { os: 'linux', architecture: 'amd64' },
    { os: 'linux', architecture: 'arm64', variant: 'v8' },
  ]);
});
afterAll(async () => {
  await registry?.stop();
});

describe('build-image bundle', () => {
  it('builds from scratch with the config inputs, and writes the outputs and summary', async () => {
    const ws = tempDir('ws');
    const context = appContext();
    const r = await runBundle(
      'build-image',
      {
        base: 'scratch',
        context,
        workdir: '/srv/app/',
        entrypoint: '["/srv/app/server"]',
        cmd: '--port 8080',
        env: 'PORT=8080\nGREETING=a=b, c',
        user: '1000:1000',
        labels: 'org.opencontainers.image.source=https://github.com/o/r',
        expose: '8080, 53/udp',
      },
      { cwd: ws, env: { GITHUB_WORKSPACE: ws } },
    );
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.outputs['layout-path']).toBe(join(ws, 'image.oci'));
    expect(r.outputs['platforms']).toBe('linux/amd64');
    const layout = await OciLayout.open(join(ws, 'image.oci'));
    const top = await layout.top();
    expect(r.outputs['digest']).toBe(top.digest);
    expect(top.mediaType).toBe(MediaType.ociManifest); // one platform: a plain manifest, as Lambda needs
    const { config } = await configOf(join(ws, 'image.oci'));
    expect(config.config).toEqual({
      Env: [
        'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        'PORT=8080',
        'GREETING=a=b, c',
      ],
      WorkingDir: '/srv/app',
      Entrypoint: ['/srv/app/server'],
      Cmd: ['--port', '8080'],
      User: '1000:1000',
      Labels: { 'org.opencontainers.image.source': 'https://github.com/o/r' },
      ExposedPorts: { '8080/tcp': {}, '53/udp': {} },
    });
    expect(r.summary).toContain(top.digest);
  });

  it('builds a two-platform index from a base on a registry, with the same digest on a second run', async () => {
    const context = appContext();
    const inputs = { base: `${registry.host}/base/os:1`, context, platforms: 'linux/amd64,linux/arm64' };
    const one = await runBundle('build-image', { ...inputs, output: join(tempDir('o'), 'one.oci') });
    const two = await runBundle('build-image', { ...inputs, output: join(tempDir('o'), 'two.oci') });
    expect(one.code, one.stdout).toBe(0);
    expect(one.outputs['platforms']).toBe('linux/amd64,linux/arm64/v8');
    expect(two.outputs['digest']).toBe(one.outputs['digest']);
    const layout = await OciLayout.open(one.outputs['layout-path'] as string);
    const top = await layout.top();
    expect(top).toMatchObject({ mediaType: MediaType.ociIndex, digest: one.outputs['digest'] });
  });

  it('puts the layout where output says even when it lies inside the context, and leaves it out of the layer', async () => {
    const context = appContext();
    const r = await runBundle(
      'build-image',
      { base: 'scratch', context: '.' },
      { cwd: context, env: { GITHUB_WORKSPACE: context } },
    );
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs['layout-path']).toBe(join(context, 'image.oci'));
    const again = await runBundle(
      'build-image',
      { base: 'scratch', context: '.' },
      { cwd: context, env: { GITHUB_WORKSPACE: context } },
    );
    expect(again.outputs['digest']).toBe(r.outputs['digest']); // the first layout did not end up in the second layer
  });

  it("leaves out what the context's .dockerignore and the exclude input name, and says how much", async () => {
    const context = appContext();
    mkdirSync(join(context, '.git'));
    writeFileSync(join(context, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    writeFileSync(join(context, '.env'), 'SECRET=1\n');
    writeFileSync(join(context, '.dockerignore'), '.git\n.env\n');
    const r = await runBundle('build-image', {
      base: 'scratch',
      context,
      exclude: 'public\n!public/index.html\n.dockerignore',
      output: join(tempDir('o'), 'x.oci'),
    });
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/2 files, .* 3 paths left out by 5 \.dockerignore\/exclude patterns/);
    const { manifest } = await configOf(r.outputs['layout-path'] as string);
    const blob = join(
      r.outputs['layout-path'] as string,
      'blobs',
      'sha256',
      manifest.layers[0]!.digest.slice(7),
    );
    const listed = execFileSync('tar', ['-tzf', blob], { encoding: 'utf8' }).trim().split('\n');
    expect(listed).toEqual(['app/', 'app/public/', 'app/public/index.html', 'app/server.js']);
  });

  it('fails in one line naming the base and its platforms when a platform is missing', async () => {
    const r = await runBundle('build-image', {
      base: `${registry.host}/base/os:1`,
      context: appContext(),
      platforms: 'linux/s390x',
      output: join(tempDir('o'), 'x.oci'),
    });
    expect(r.code).toBe(1);
    expect(errorLines(r)).toEqual([
      `::error::base ${registry.host}/base/os:1 has no linux/s390x image; it has linux/amd64, linux/arm64/v8. Set platforms to some of these`,
    ]);
  });
});

describe('build-image with a Dockerfile', () => {
  it('fails with one clear line when docker has no buildx (as on these machines)', async () => {
    // Like the docker CLI installed here: present, but without the buildx plugin.
    const bin = tempDir('bin');
    writeFileSync(
      join(bin, 'docker'),
      `#!/bin/sh\necho "docker: unknown command: docker $1" >&2\necho >&2\necho "Run 'docker --help' for more information" >&2\nexit 1\n`,
    );
    chmodSync(join(bin, 'docker'), 0o755);
    const dockerfile = join(appContext(), 'Dockerfile');
    writeFileSync(dockerfile, 'FROM scratch\n');
    const r = await runBundle(
      'build-image',
      { dockerfile, context: appContext(), output: join(tempDir('o'), 'x.oci') },
      { env: { PATH: `${bin}:/usr/bin:/bin` } },
    );
    expect(r.code).toBe(1);
    expect(errorLines(r)).toEqual([
      '::error::dockerfile: building from a Dockerfile needs docker with buildx; `docker buildx version` failed: docker: unknown command: docker buildx. Install buildx, or remove dockerfile to build without docker',
    ]);
  });

  it('fails with one clear line when docker is not on PATH at all', async () => {
    const dockerfile = join(appContext(), 'Dockerfile');
    writeFileSync(dockerfile, 'FROM scratch\n');
    const emptyBin = tempDir('bin');
    const r = await runBundle(
      'build-image',
      { dockerfile, context: appContext() },
      { env: { PATH: emptyBin }, cwd: tempDir('ws') },
    );
    expect(r.code).toBe(1);
    expect(errorLines(r)).toEqual([
      '::error::dockerfile: building from a Dockerfile needs docker with buildx, and docker was not found on PATH; install it, or remove dockerfile to build without docker',
    ]);
  });

  it('runs docker buildx with an argument array and unpacks its OCI output', async () => {
    // A stand-in docker on PATH that records its argv and writes an OCI layout tar where --output says.
    const { dir: prepared, digest } = await writeBaseLayout([{ os: 'linux', architecture: 'arm64' }]);
    const { bin, record } = fakeDocker(prepared);
    const context = appContext();
    const dockerfile = join(context, 'Dockerfile');
    writeFileSync(dockerfile, 'FROM scratch\n');
    const output = join(tempDir('o'), 'df.oci');
    const r = await runBundle(
      'build-image',
      {
        dockerfile,
        context,
        platforms: 'linux/arm64',
        'build-args': 'GREETING=hello world; rm -rf /',
        'build-target': 'runtime',
        output,
      },
      { env: { PATH: `${bin}:${process.env['PATH'] ?? ''}`, RUNNER_TEMP: tempDir('rt') } },
    );
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.outputs).toMatchObject({ digest, 'layout-path': output, platforms: 'linux/arm64' });
    const argv = (JSON.parse(readFileSync(record, 'utf8')) as { args: string[] }).args;
    expect(argv.slice(0, 3)).toEqual(['buildx', 'build', '--provenance=false']);
    expect(argv).toContain('GREETING=hello world; rm -rf /'); // one argument, never through a shell
    expect(argv.slice(-3)).toEqual(['--target', 'runtime', context]);
  });
});
