import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Descriptor, ImageManifest } from '../../src/artifacts/oci/media-types.js';
import { fakeDocker, skopeo, tempDir, writeBaseLayout } from '../integration/registry-fixtures.js';
import type { RegistryServer } from '../integration/registry-server.js';
import { startRegistry } from '../integration/registry-server.js';
import { errorLines, runBundle } from './bundle.js';

let registry: RegistryServer;
beforeAll(async () => {
  registry = await startRegistry();
});
afterAll(async () => {
  await registry?.stop();
});

// 2026-11-30T12:00:00Z: a commit time, as SOURCE_DATE_EPOCH gives it.
const EPOCH = '1796040000';
const EPOCH_ISO = '2026-11-30T12:00:00Z';
const SHA = 'a'.repeat(40);
const WORKFLOW = {
  SOURCE_DATE_EPOCH: EPOCH,
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'octo/app',
  GITHUB_SHA: SHA,
};

/** ctx/amd64 and ctx/arm64, each with its own build of the "same" program. */
function perArchContexts(): string {
  const ws = tempDir('ws-arch');
  for (const arch of ['amd64', 'arm64']) {
    mkdirSync(join(ws, 'ctx', arch), { recursive: true });
    writeFileSync(join(ws, 'ctx', arch, 'server'), `binary built for ${arch}\n`);
    writeFileSync(join(ws, 'ctx', arch, 'common.txt'), 'same in both\n');
  }
  return ws;
}

const inspect = async (...args: string[]): Promise<string> =>
  skopeo('inspect', '--tls-verify=false', ...args);

async function buildAndPush(ws: string, repo: string, output: string) {
  const built = await runBundle(
    'build-image',
    { base: 'scratch', context: 'ctx/{arch}', platforms: 'linux/amd64,linux/arm64', output },
    { cwd: ws, env: { GITHUB_WORKSPACE: ws, ...WORKFLOW } },
  );
  expect(built.code, built.stdout + built.stderr).toBe(0);
  const pushed = await runBundle(
    'publish-image',
    {
      'layout-path': built.outputs['layout-path'] as string,
      registry: registry.host,
      repository: repo,
      tags: 'v1',
    },
    { cwd: ws, env: { GITHUB_WORKSPACE: ws } },
  );
  expect(pushed.code, pushed.stdout + pushed.stderr).toBe(0);
  return { built, pushed };
}

describe('build-image: one context per platform, pushed and checked with skopeo', () => {
  it('gives each platform its own layer, the workflow labels and the commit time, reproducibly', async () => {
    const ws = perArchContexts();
    const { built, pushed } = await buildAndPush(ws, 'team/arch', join(ws, 'one.oci'));
    expect(built.stdout).toMatch(/context layer for linux\/amd64 \(.*ctx\/amd64\) sha256:/);
    expect(built.stdout).toMatch(/context layer for linux\/arm64 \(.*ctx\/arm64\) sha256:/);
    expect(built.stdout).not.toContain('::warning::');
    const name = `${registry.host}/team/arch`;
    // What actions/attest-build-provenance takes: subject-name without tag, subject-digest sha256:...
    expect(pushed.outputs['name']).toBe(name);
    expect(pushed.outputs['digest']).toBe(built.outputs['digest']);
    expect(pushed.outputs['digest']).toMatch(/^sha256:[0-9a-f]{64}$/);

    const index = JSON.parse(await inspect('--raw', `docker://${name}:v1`)) as { manifests: Descriptor[] };
    expect(index.manifests.map((m) => `${m.platform?.os}/${m.platform?.architecture}`)).toEqual([
      'linux/amd64',
      'linux/arm64',
    ]);
    const layers: string[] = [];
    for (const m of index.manifests) {
      const manifest = JSON.parse(await inspect('--raw', `docker://${name}@${m.digest}`)) as ImageManifest;
      expect(manifest.layers).toHaveLength(1); // scratch: the context layer alone
      layers.push(manifest.layers[0]!.digest);
    }
    expect(new Set(layers).size).toBe(2);

    for (const [i, arch] of ['amd64', 'arm64'].entries()) {
      const info = JSON.parse(
        await inspect('--override-os', 'linux', '--override-arch', arch, `docker://${name}:v1`),
      ) as { Architecture: string; Created: string; Labels: Record<string, string>; Layers: string[] };
      expect(info.Architecture).toBe(arch);
      expect(info.Layers).toEqual([layers[i]]);
      expect(info.Created).toBe(EPOCH_ISO);
      expect(info.Labels).toEqual({
        'org.opencontainers.image.source': 'https://github.com/octo/app',
        'org.opencontainers.image.revision': SHA,
        'org.opencontainers.image.created': EPOCH_ISO,
      });
      // The layer holds that platform's own file.
      const blob = join(built.outputs['layout-path'] as string, 'blobs', 'sha256', layers[i]!.slice(7));
      expect(execFileSync('tar', ['-xzOf', blob, 'app/server'], { encoding: 'utf8' })).toBe(
        `binary built for ${arch}\n`,
      );
    }

    // Same commit time, same sources: the same digest from a second build.
    const again = await buildAndPush(ws, 'team/arch2', join(ws, 'two.oci'));
    expect(again.built.outputs['digest']).toBe(built.outputs['digest']);
  });

  it('packs a directory two platforms share once, and warns when it holds native files', async () => {
    const ws = tempDir('ws-shared');
    mkdirSync(join(ws, 'ctx', 'linux', 'node_modules', 'x'), { recursive: true });
    writeFileSync(join(ws, 'ctx', 'linux', 'node_modules', 'x', 'x.node'), 'addon');
    writeFileSync(join(ws, 'ctx', 'linux', 'app'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]));
    writeFileSync(join(ws, 'ctx', 'linux', 'index.js'), 'require("x")\n');
    const r = await runBundle(
      'build-image',
      {
        base: 'scratch',
        context: 'ctx/{os}',
        platforms: 'linux/amd64,linux/arm64',
        output: join(ws, 'o.oci'),
      },
      { cwd: ws, env: { GITHUB_WORKSPACE: ws } },
    );
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout.match(/context layer/g)).toHaveLength(1);
    const warnings = r.stdout.split('\n').filter((l) => l.startsWith('::warning::'));
    expect(warnings).toEqual([
      '::warning::the context goes unchanged into linux/amd64, linux/arm64, but holds files built for one architecture (app, node_modules/x/x.node); give each platform its own directory with an {arch} placeholder in context, e.g. context: dist/{arch} for dist/amd64 and dist/arm64',
    ]);
  });

  it('names the platform and the directory that is missing, before anything is built', async () => {
    const ws = perArchContexts();
    const r = await runBundle(
      'build-image',
      {
        base: 'scratch',
        context: 'ctx/{arch}',
        platforms: 'linux/amd64,linux/arm/v7',
        output: join(ws, 'o.oci'),
      },
      { cwd: ws, env: { GITHUB_WORKSPACE: ws } },
    );
    expect(r.code).toBe(1);
    expect(errorLines(r)).toEqual([
      `::error::input 'context': "ctx/{arch}" is "ctx/arm" for linux/arm/v7, which is not a directory; make one per platform (e.g. dist/amd64 and dist/arm64 for dist/{arch})`,
    ]);
  });
});

describe('build-image with a Dockerfile: labels, commit time and build cache reach buildx', () => {
  it('passes the default labels, the commit time of GITHUB_SHA and the gha cache lines', async () => {
    // A workspace that is a git checkout, its one commit made at a known time.
    const ws = tempDir('ws-git');
    const git = (...args: string[]): string =>
      execFileSync('git', args, {
        cwd: ws,
        encoding: 'utf8',
        env: {
          PATH: process.env['PATH'] ?? '',
          HOME: ws,
          GIT_CONFIG_NOSYSTEM: '1',
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@example.com',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@example.com',
          GIT_AUTHOR_DATE: `@${EPOCH} +0000`,
          GIT_COMMITTER_DATE: `@${EPOCH} +0000`,
        },
      }).trim();
    writeFileSync(join(ws, 'Dockerfile'), 'FROM scratch\n');
    git('init', '-q');
    git('add', 'Dockerfile');
    git('commit', '-q', '-m', 'one');
    const sha = git('rev-parse', 'HEAD');
    const { dir: prepared } = await writeBaseLayout([{ os: 'linux', architecture: 'amd64' }]);
    const { bin, record } = fakeDocker(prepared);
    const r = await runBundle(
      'build-image',
      {
        dockerfile: 'Dockerfile',
        context: '.',
        labels: 'org.opencontainers.image.source=https://example.com/mine',
        'cache-from': 'type=gha',
        'cache-to': 'type=gha,mode=max\ntype=registry,ref=ghcr.io/octo/app:cache',
        output: join(tempDir('o'), 'df.oci'),
      },
      {
        cwd: ws,
        env: {
          PATH: `${bin}:${process.env['PATH'] ?? ''}`,
          RUNNER_TEMP: tempDir('rt'),
          GITHUB_WORKSPACE: ws,
          GITHUB_SERVER_URL: 'https://github.com',
          GITHUB_REPOSITORY: 'octo/app',
          GITHUB_SHA: sha,
          ACTIONS_RUNTIME_TOKEN: 'runtime-token-for-test',
          ACTIONS_RESULTS_URL: 'https://results.example/',
        },
      },
    );
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('::add-mask::runtime-token-for-test');
    const { args, env } = JSON.parse(readFileSync(record, 'utf8')) as {
      args: string[];
      env: Record<string, string>;
    };
    const pairs = (flag: string): string[] => args.flatMap((a, i) => (args[i - 1] === flag ? [a] : []));
    expect(pairs('--label')).toEqual([
      'org.opencontainers.image.source=https://example.com/mine', // the user's label wins
      `org.opencontainers.image.revision=${sha}`,
      `org.opencontainers.image.created=${EPOCH_ISO}`,
    ]);
    expect(pairs('--cache-from')).toEqual(['type=gha']);
    expect(pairs('--cache-to')).toEqual(['type=gha,mode=max', 'type=registry,ref=ghcr.io/octo/app:cache']);
    expect(env).toMatchObject({
      SOURCE_DATE_EPOCH: EPOCH,
      ACTIONS_RUNTIME_TOKEN: 'runtime-token-for-test',
      ACTIONS_RESULTS_URL: 'https://results.example/',
    });
  });
});
