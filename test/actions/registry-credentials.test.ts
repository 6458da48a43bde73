import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { MediaType } from '../../src/artifacts/oci/media-types.js';
import type { HostileServer } from '../integration/hostile-server.js';
import { startHostile, streamForever } from '../integration/hostile-server.js';
import { errorLines, runBundle } from './bundle.js';

// What the runner sees when a base image's registry (or what it points at) misbehaves: the bundles of
// build-image and the pipeline, against small servers on 127.0.0.1, with 127.0.0.2 as "another host".

const servers: HostileServer[] = [];
async function hostile(...args: Parameters<typeof startHostile>): Promise<HostileServer> {
  const s = await startHostile(...args);
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function workspace(): { ws: string; context: string } {
  const ws = mkdtempSync(join(tmpdir(), 'slipway-creds-'));
  writeFileSync(join(ws, 'app.js'), '');
  return { ws, context: ws };
}

const basic = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const PUSH = { username: 'push-user', password: 'push-secret-123' };
const BASE = { username: 'base-user', password: 'base-secret-456' };

/** A base registry that sends every unauthorised request to `realm` for a token, and has no images. */
async function tokenRegistry(realm: () => string): Promise<HostileServer> {
  return hostile('127.0.0.1', (req, res) => {
    if (req.headers.authorization === 'Bearer t0k')
      return void res
        .writeHead(404, { 'content-type': 'application/json' })
        .end('{"errors":[{"code":"MANIFEST_UNKNOWN"}]}');
    res.writeHead(401, { 'www-authenticate': `Bearer realm="${realm()}",service="base"` }).end();
  });
}

const tokenService = (): Promise<HostileServer> =>
  hostile(
    '127.0.0.2',
    (_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{"token":"t0k"}'),
  );

describe('credentials go only to the registry they belong to (bundles)', () => {
  it('the pipeline never sends the push credentials to the base registry or its token realm', async () => {
    const realm = await tokenService();
    const base = await tokenRegistry(() => `${realm.origin}/token`);
    const { ws, context } = workspace();
    const r = await runBundle(
      'pipeline',
      {
        target: 'ecs',
        base: `${base.host}/base/os:1`,
        context,
        registry: '127.0.0.1:9',
        repository: 'team/app',
        username: PUSH.username,
        password: PUSH.password,
        service: 'web',
        'container-name': 'app',
      },
      { cwd: ws, env: { GITHUB_WORKSPACE: ws, AWS_REGION: 'us-east-1' } },
    );
    expect(r.code, r.stdout).toBe(1);
    expect(errorLines(r)[0]).toMatch(/manifest base\/os:1 on 127\.0\.0\.1:\d+: HTTP 404 MANIFEST_UNKNOWN/);
    // The realm was asked (anonymously), and nothing anywhere carried the push credentials.
    expect(realm.seen.length).toBeGreaterThan(0);
    expect(
      [...realm.seen, ...base.seen].map((s) => s.authorization).filter((a) => a?.startsWith('Basic')),
    ).toEqual([]);
  });

  it('build-image sends base-username/base-password to the base registry’s token realm, and nothing else', async () => {
    const realm = await tokenService();
    const base = await tokenRegistry(() => `${realm.origin}/token`);
    const { ws, context } = workspace();
    const r = await runBundle(
      'build-image',
      {
        base: `${base.host}/base/os:1`,
        context,
        'base-username': BASE.username,
        'base-password': BASE.password,
      },
      { cwd: ws, env: { GITHUB_WORKSPACE: ws } },
    );
    expect(r.code, r.stdout).toBe(1);
    expect(r.stdout).toContain(`::add-mask::${BASE.password}`);
    expect(realm.seen.map((s) => s.authorization)).toEqual([basic(BASE.username, BASE.password)]);
    expect(base.seen.map((s) => s.authorization)).toEqual([undefined, 'Bearer t0k']);
  });

  it('build-image refuses a token realm over plain http on a host that is not loopback, naming it', async () => {
    const base = await tokenRegistry(() => 'http://192.0.2.1/token');
    const { ws, context } = workspace();
    const r = await runBundle(
      'build-image',
      {
        base: `${base.host}/base/os:1`,
        context,
        'base-username': BASE.username,
        'base-password': BASE.password,
      },
      { cwd: ws, env: { GITHUB_WORKSPACE: ws } },
    );
    expect(r.code, r.stdout).toBe(1);
    expect(errorLines(r)).toEqual([
      `::error::${base.host} asked for a token from the realm "http://192.0.2.1/token", which slipway refuses: it is plain http on a host that is not loopback: a token service must use https`,
    ]);
    expect(base.seen).toHaveLength(1);
  });

  it('build-image never answers a 401 from the storage a blob redirect leads to, and names that host', async () => {
    const storage = await hostile(
      '127.0.0.2',
      (_req, res) => void res.writeHead(401, { 'www-authenticate': 'Basic realm="storage"' }).end(),
    );
    const config = `sha256:${'c'.repeat(64)}`;
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: { mediaType: MediaType.ociConfig, digest: config, size: 100 },
      layers: [],
    });
    const base = await hostile('127.0.0.1', (req, res) => {
      if (req.headers.authorization !== basic(BASE.username, BASE.password))
        return void res.writeHead(401, { 'www-authenticate': 'Basic realm="base"' }).end();
      if (req.url?.includes('/manifests/'))
        return void res.writeHead(200, { 'content-type': MediaType.ociManifest }).end(manifest);
      res.writeHead(307, { location: `${storage.origin}/blobs/${config}?signed=1` }).end();
    });
    const { ws, context } = workspace();
    const r = await runBundle(
      'build-image',
      {
        base: `${base.host}/base/os:1`,
        context,
        'base-username': BASE.username,
        'base-password': BASE.password,
      },
      { cwd: ws, env: { GITHUB_WORKSPACE: ws } },
    );
    expect(r.code, r.stdout).toBe(1);
    expect(errorLines(r)).toEqual([
      `::error::GET ${base.host}/v2/base/os/blobs/${config}: ${storage.host}, which is not ${base.host}, answered 401; slipway answers a challenge only from the registry itself and sends no credentials elsewhere`,
    ]);
    expect(storage.seen.map((s) => s.authorization)).toEqual([undefined]);
  });
});

describe('a registry that streams without end (bundles)', () => {
  const endless = (res: ServerResponse, type: string, status = 200): void => {
    res.writeHead(status, { 'content-type': type });
    streamForever(res, Buffer.alloc(64 * 1024, 0x20));
  };

  it('build-image stops reading an endless manifest at 4 MiB and fails at once', async () => {
    const base = await hostile('127.0.0.1', (_req, res) => endless(res, MediaType.ociManifest));
    const { ws, context } = workspace();
    const started = Date.now();
    const r = await runBundle(
      'build-image',
      { base: `${base.host}/base/os:1`, context },
      { cwd: ws, env: { GITHUB_WORKSPACE: ws } },
    );
    expect(r.code, r.stdout).toBe(1);
    expect(errorLines(r)).toEqual([
      `::error::manifest base/os:1 on ${base.host} is over 4 MiB, the most the distribution spec has registries accept; slipway stopped reading it`,
    ]);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(base.written()).toBeLessThan(32 * 1024 * 1024);
  });

  it('build-image reads no more than 64 KiB of an endless error body', async () => {
    const base = await hostile('127.0.0.1', (_req, res) => endless(res, 'application/json', 403));
    const { ws, context } = workspace();
    const r = await runBundle(
      'build-image',
      { base: `${base.host}/base/os:1`, context },
      { cwd: ws, env: { GITHUB_WORKSPACE: ws } },
    );
    expect(r.code, r.stdout).toBe(1);
    expect(errorLines(r)).toEqual([
      `::error::manifest base/os:1 on ${base.host}: HTTP 403 Forbidden; the credentials lack permission for this repository`,
    ]);
    expect(base.written()).toBeLessThan(32 * 1024 * 1024);
  });
});
