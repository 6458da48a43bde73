import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256Digest } from '../../src/artifacts/oci/digest.js';
import { OciLayout } from '../../src/artifacts/oci/layout.js';
import { MediaType } from '../../src/artifacts/oci/media-types.js';
import { pullBase } from '../../src/artifacts/oci/pull.js';
import { parseChallenge } from '../../src/artifacts/oci/registry/auth.js';
import { RegistryClient } from '../../src/artifacts/oci/registry/client.js';
import { RegistryError } from '../../src/artifacts/oci/registry/errors.js';
import type { Clock } from '../../src/core/clock.js';
import type { HttpRequest, HttpResponse, HttpSend } from '../../src/core/http.js';
import { bufferedResponse, transportOf } from '../support/http.js';

interface Seen {
  method: string;
  url: URL;
  authorization: string | undefined;
  contentLength: string | undefined;
  accept: string | undefined;
}

/**
 * An in-memory registry speaking enough of the distribution protocol to test the client's side of it:
 * auth challenges, blobs, monolithic uploads, mounts and manifests. It records every request it gets.
 */
class FakeRegistry {
  readonly seen: Seen[] = [];
  readonly blobs = new Map<string, Map<string, Buffer>>();
  readonly manifests = new Map<string, { bytes: Buffer; type: string }>();
  failNext: number[] = [];
  storedDigestOverride: string | undefined;
  tokensIssued = 0;
  /** Upload sessions begun and neither finished nor deleted. */
  readonly sessions = new Set<string>();
  private sessionsBegun = 0;

  constructor(
    readonly auth: 'none' | 'bearer' | 'basic' = 'none',
    readonly creds?: { username: string; password: string },
  ) {}

  private repoBlobs(repo: string): Map<string, Buffer> {
    let b = this.blobs.get(repo);
    if (!b) this.blobs.set(repo, (b = new Map()));
    return b;
  }

  readonly handle = async (url: URL, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    const method = init.method ?? 'GET';
    this.seen.push({
      method,
      url,
      authorization: headers.get('authorization') ?? undefined,
      contentLength: headers.get('content-length') ?? undefined,
      accept: headers.get('accept') ?? undefined,
    });
    const basic =
      this.creds &&
      `Basic ${Buffer.from(`${this.creds.username}:${this.creds.password}`).toString('base64')}`;
    if (url.host === 'auth.example.com') {
      if (this.creds && headers.get('authorization') !== basic) return new Response('', { status: 401 });
      this.tokensIssued++;
      return Response.json({ token: `tok-${url.searchParams.getAll('scope').join('+')}` });
    }
    const fail = this.failNext.shift();
    if (fail)
      return new Response('{"errors":[{"code":"UNAVAILABLE","message":"try later"}]}', { status: fail });
    const authz = headers.get('authorization');
    if (this.auth === 'bearer' && !authz?.startsWith('Bearer tok-'))
      return new Response('', {
        status: 401,
        headers: {
          'www-authenticate': 'Bearer realm="https://auth.example.com/token",service="reg.example.com"',
        },
      });
    if (this.auth === 'basic' && authz !== basic)
      return new Response('', { status: 401, headers: { 'www-authenticate': 'Basic realm="reg"' } });

    const m = /^\/v2\/(.+)\/(blobs|manifests)\/(.*)$/.exec(url.pathname);
    if (!m) return new Response('', { status: 404 });
    const [, repo = '', kind, rest = ''] = m;
    const body = init.body
      ? Buffer.from(await new Response(init.body as ConstructorParameters<typeof Response>[0]).arrayBuffer())
      : Buffer.alloc(0);
    if (kind === 'blobs' && rest === 'uploads/' && method === 'POST') {
      const from = url.searchParams.get('from');
      const mount = url.searchParams.get('mount');
      if (from && mount && this.blobs.get(from)?.has(mount)) {
        this.repoBlobs(repo).set(mount, this.blobs.get(from)!.get(mount)!);
        return new Response(null, { status: 201 });
      }
      const session = `session-${++this.sessionsBegun}`;
      this.sessions.add(session);
      return new Response(null, {
        status: 202,
        headers: { location: `/v2/${repo}/blobs/uploads/${session}?_state=abc` },
      });
    }
    const session = rest.slice('uploads/'.length);
    if (kind === 'blobs' && rest.startsWith('uploads/') && !this.sessions.has(session))
      return new Response('{"errors":[{"code":"BLOB_UPLOAD_UNKNOWN"}]}', { status: 404 });
    if (kind === 'blobs' && rest.startsWith('uploads/') && method === 'DELETE') {
      this.sessions.delete(session);
      return new Response(null, { status: 204 });
    }
    if (kind === 'blobs' && rest.startsWith('uploads/') && method === 'PUT') {
      const digest = url.searchParams.get('digest')!;
      if (sha256Digest(body) !== digest)
        return new Response('{"errors":[{"code":"DIGEST_INVALID"}]}', { status: 400 });
      this.sessions.delete(session);
      this.repoBlobs(repo).set(digest, body);
      return new Response(null, {
        status: 201,
        headers: { 'docker-content-digest': this.storedDigestOverride ?? digest },
      });
    }
    if (kind === 'blobs') {
      const blob = this.blobs.get(repo)?.get(rest);
      if (!blob)
        return new Response(method === 'HEAD' ? null : '{"errors":[{"code":"BLOB_UNKNOWN"}]}', {
          status: 404,
        });
      return new Response(method === 'HEAD' ? null : blob, {
        status: 200,
        headers: { 'docker-content-digest': rest },
      });
    }
    if (method === 'PUT') {
      const digest = sha256Digest(body);
      const type = headers.get('content-type') ?? '';
      this.manifests.set(`${repo}:${rest}`, { bytes: body, type });
      this.manifests.set(`${repo}:${digest}`, { bytes: body, type });
      return new Response(null, {
        status: 201,
        headers: { 'docker-content-digest': this.storedDigestOverride ?? digest },
      });
    }
    const found = this.manifests.get(`${repo}:${rest}`);
    if (!found)
      return new Response(
        method === 'HEAD' ? null : '{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}',
        { status: 404 },
      );
    const h = { 'content-type': found.type, 'docker-content-digest': sha256Digest(found.bytes) };
    return new Response(method === 'HEAD' ? null : found.bytes, { status: 200, headers: h });
  };

  readonly transport = transportOf(this.handle);
}

const sleeps: number[] = [];
const clock: Clock = { now: () => 0, sleep: async (ms) => void sleeps.push(ms) };

function client(
  registry: FakeRegistry,
  host = 'reg.example.com',
  extra: Partial<ConstructorParameters<typeof RegistryClient>[0]> = {},
): RegistryClient {
  return new RegistryClient({
    registry: host,
    clock,
    signal: new AbortController().signal,
    transport: registry.transport,
    ...extra,
  });
}

const blob = Buffer.from('layer bytes');
const desc = { mediaType: MediaType.ociLayerGzip, digest: sha256Digest(blob), size: blob.length };
const body = async (): Promise<Buffer> => blob;

describe('parseChallenge', () => {
  it('reads quoted parameters with commas', () => {
    expect(
      parseChallenge(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:a/b:pull,push"',
      ),
    ).toEqual({
      scheme: 'bearer',
      params: {
        realm: 'https://auth.docker.io/token',
        service: 'registry.docker.io',
        scope: 'repository:a/b:pull,push',
      },
    });
    expect(parseChallenge('Basic realm="x"')).toEqual({ scheme: 'basic', params: { realm: 'x' } });
    expect(parseChallenge('Negotiate abc')).toBeUndefined();
    expect(parseChallenge(undefined)).toBeUndefined();
  });
});

describe('RegistryClient', () => {
  it('uploads with POST then one monolithic PUT ?digest=, never PATCH', async () => {
    const reg = new FakeRegistry();
    const c = client(reg);
    expect(await c.uploadBlob('team/app', desc, body)).toBe('uploaded');
    expect(reg.seen.map((s) => s.method)).toEqual(['POST', 'PUT']);
    const put = reg.seen[1]!;
    expect(put.url.searchParams.get('digest')).toBe(desc.digest);
    expect(put.url.searchParams.get('_state')).toBe('abc'); // the session's own query is kept
    expect(put.contentLength).toBe(String(blob.length));
    expect(put.url.protocol).toBe('https:');
    expect(c.requests).toBe(2);
  });

  it('mounts from another repository (201), and falls back to an upload on 202', async () => {
    const reg = new FakeRegistry();
    reg.blobs.set('base/os', new Map([[desc.digest, blob]]));
    const c = client(reg);
    expect(await c.uploadBlob('team/app', desc, body, 'base/os')).toBe('mounted');
    expect(reg.seen.map((s) => `${s.method} ${s.url.search}`)).toEqual([
      `POST ?mount=${encodeURIComponent(desc.digest)}&from=base%2Fos`,
    ]);
    const other = Buffer.from('not in base');
    const otherDesc = { ...desc, digest: sha256Digest(other), size: other.length };
    expect(await c.uploadBlob('team/app', otherDesc, async () => other, 'base/os')).toBe('uploaded');
    expect(reg.seen.slice(1).map((s) => s.method)).toEqual(['POST', 'PUT']);
  });

  it('answers a bearer challenge once, then reuses the token for the same scope', async () => {
    const reg = new FakeRegistry('bearer');
    const c = client(reg);
    expect(await c.hasBlob('team/app', desc.digest)).toBe(false);
    expect(await c.hasBlob('team/app', desc.digest)).toBe(false);
    expect(reg.tokensIssued).toBe(1);
    expect(reg.seen.map((s) => `${s.method} ${s.url.host}`)).toEqual([
      'HEAD reg.example.com',
      'GET auth.example.com',
      'HEAD reg.example.com',
      'HEAD reg.example.com',
    ]);
    const tokenRequest = reg.seen[1]!.url;
    expect(tokenRequest.searchParams.get('service')).toBe('reg.example.com');
    expect(tokenRequest.searchParams.getAll('scope')).toEqual(['repository:team/app:pull,push']);
    expect(reg.seen[1]!.authorization).toBeUndefined(); // anonymous token
    expect(reg.seen[3]!.authorization).toBe('Bearer tok-repository:team/app:pull,push');
    expect(c.requests).toBe(4);
  });

  it('shares one token request among parallel requests that all met the challenge', async () => {
    const reg = new FakeRegistry('bearer');
    const c = client(reg);
    await Promise.all(['v1', 'v2', 'v3', 'latest'].map((t) => c.manifestDigest('team/app', t)));
    expect(reg.tokensIssued).toBe(1);
    expect(c.requests).toBe(9); // 4 refused, 1 token, 4 retried
  });

  it('asks the token service directly for a new scope once it knows it, and sends credentials to it', async () => {
    const creds = { username: 'u', password: 'p' };
    const reg = new FakeRegistry('bearer', creds);
    const c = client(reg, 'reg.example.com', { credentials: creds });
    await c.hasBlob('team/app', desc.digest);
    await c.uploadBlob('team/app', desc, body, 'base/os');
    const tokens = reg.seen.filter((s) => s.url.host === 'auth.example.com');
    expect(tokens).toHaveLength(2);
    expect(tokens[1]!.url.searchParams.getAll('scope')).toEqual([
      'repository:team/app:pull,push',
      'repository:base/os:pull',
    ]);
    expect(tokens.every((t) => t.authorization === 'Basic dTpw')).toBe(true);
    expect(reg.seen.filter((s) => s.url.host === 'reg.example.com' && !s.authorization)).toHaveLength(1); // only the very first
  });

  it('answers a Basic challenge with the credentials, and says so when there are none', async () => {
    const creds = { username: 'AWS', password: 'secret' };
    const reg = new FakeRegistry('basic', creds);
    expect(await client(reg, 'reg.example.com', { credentials: creds }).hasBlob('a', desc.digest)).toBe(
      false,
    );
    expect(reg.seen.map((s) => s.authorization)).toEqual([undefined, 'Basic QVdTOnNlY3JldA==']);
    await expect(client(new FakeRegistry('basic', creds)).hasBlob('a', desc.digest)).rejects.toThrow(
      /reg\.example\.com requires a username and password/,
    );
  });

  it('sends Basic up front when the scheme is known (ECR), saving the 401', async () => {
    const creds = { username: 'AWS', password: 'secret' };
    const reg = new FakeRegistry('basic', creds);
    const c = client(reg, 'reg.example.com', { credentials: creds, preemptiveBasic: true });
    await c.manifestDigest('a', 'v1');
    expect(reg.seen).toHaveLength(1);
    expect(reg.seen[0]!.authorization).toBe('Basic QVdTOnNlY3JldA==');
  });

  it('reports refused credentials as one line with a hint', async () => {
    const reg = new FakeRegistry('basic', { username: 'u', password: 'right' });
    const c = client(reg, 'reg.example.com', { credentials: { username: 'u', password: 'wrong' } });
    await expect(c.hasBlob('a', desc.digest)).rejects.toThrow(/HTTP 401.*check username and password/);
  });

  it('retries 503 with backoff, and gives up after maxAttempts', async () => {
    sleeps.length = 0;
    const reg = new FakeRegistry();
    reg.failNext = [503, 503];
    const c = client(reg, 'reg.example.com', { maxAttempts: 3 });
    expect(await c.manifestDigest('a', 'v1')).toBeUndefined();
    expect(sleeps).toEqual([500, 1000]);
    reg.failNext = [503, 503, 503];
    await expect(c.manifestDigest('a', 'v1')).rejects.toThrow(/HTTP 503 UNAVAILABLE: try later/);
  });

  it('retries a failed upload from a new POST, and deletes the failed session first', async () => {
    const reg = new FakeRegistry();
    let puts = 0;
    const wrapped = transportOf(async (url, init) => {
      if (init.method === 'PUT' && puts++ === 0) return new Response('', { status: 502 });
      return reg.handle(url, init);
    });
    const c2 = new RegistryClient({
      registry: 'reg.example.com',
      clock,
      signal: new AbortController().signal,
      transport: wrapped,
    });
    expect(await c2.uploadBlob('a', desc, body)).toBe('uploaded');
    expect(reg.seen.map((s) => s.method)).toEqual(['POST', 'DELETE', 'POST', 'PUT']);
    expect(c2.requests).toBe(5);
    expect(reg.sessions.size).toBe(0);
  });

  it('finishes an upload begun earlier without a second POST, and begins again when that POST failed', async () => {
    const reg = new FakeRegistry();
    const c = client(reg);
    const started = c.startUpload('a', desc);
    expect(await c.uploadBlob('a', desc, body, undefined, started)).toBe('uploaded');
    expect(reg.seen.map((s) => s.method)).toEqual(['POST', 'PUT']);
    expect(reg.sessions.size).toBe(0);

    sleeps.length = 0;
    reg.failNext = [503];
    const refused = c.startUpload('b', desc);
    await expect(refused).rejects.toThrow(/HTTP 503/);
    expect(await c.uploadBlob('b', desc, body, undefined, refused)).toBe('uploaded');
    expect(reg.seen.slice(2).map((s) => s.method)).toEqual(['POST', 'POST', 'PUT']);
    expect(sleeps).toEqual([500]);
    expect(reg.sessions.size).toBe(0);
  });

  it('deletes an upload session it will not use, and takes a refusal or a network error quietly', async () => {
    const reg = new FakeRegistry();
    const c = client(reg);
    const session = await c.startUpload('a', desc);
    expect(reg.sessions.size).toBe(1);
    await c.cancelUpload('a', session);
    expect(reg.seen.map((s) => `${s.method} ${s.url.pathname}`)).toEqual([
      'POST /v2/a/blobs/uploads/',
      'DELETE /v2/a/blobs/uploads/session-1',
    ]);
    expect(reg.sessions.size).toBe(0);
    // Deleted already: the registry answers 404, which is no failure of the push.
    await c.cancelUpload('a', session);
    const debug: string[] = [];
    const offline = new RegistryClient({
      registry: 'reg.example.com',
      clock,
      signal: new AbortController().signal,
      transport: async () => Promise.reject(new Error('connect ECONNREFUSED')),
      debug: (line) => debug.push(line),
      maxAttempts: 1,
    });
    await offline.cancelUpload('a', session);
    expect(debug).toEqual([
      'the unused upload session stays until the registry expires it: DELETE reg.example.com/v2/a/blobs/uploads/session-1 failed: connect ECONNREFUSED',
    ]);
    await c.cancelUpload('a', 'mounted');
    expect(reg.seen).toHaveLength(3);
  });

  it('checks the digest the registry reports for a manifest', async () => {
    const reg = new FakeRegistry();
    reg.storedDigestOverride = `sha256:${'0'.repeat(64)}`;
    await expect(
      client(reg).putManifest('a', 'v1', Buffer.from('{}'), MediaType.ociManifest),
    ).rejects.toThrow(/the registry stored sha256:0{64}, but slipway sent sha256:/);
  });

  it('gets a manifest with the Accept of every supported type and checks a pinned digest', async () => {
    const reg = new FakeRegistry();
    const bytes = Buffer.from(
      JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [] }),
    );
    const digest = sha256Digest(bytes);
    reg.manifests.set(`a:${digest}`, { bytes, type: MediaType.ociIndex });
    const got = await client(reg).getManifest('a', digest);
    expect(got).toMatchObject({ mediaType: MediaType.ociIndex, digest });
    expect(reg.seen[0]!.accept?.split(', ')).toEqual([
      MediaType.ociIndex,
      MediaType.dockerManifestList,
      MediaType.ociManifest,
      MediaType.dockerManifest,
    ]);
    reg.manifests.set(`a:${`sha256:${'1'.repeat(64)}`}`, { bytes, type: MediaType.ociIndex });
    await expect(client(reg).getManifest('a', `sha256:${'1'.repeat(64)}`)).rejects.toThrow(
      /came back with digest/,
    );
    await expect(client(reg).getManifest('a', 'missing')).rejects.toThrow(
      /HTTP 404 MANIFEST_UNKNOWN: manifest unknown; check the image name/,
    );
  });

  it('downloads a blob, checking its digest, and keeps no partial file on a mismatch', async () => {
    const reg = new FakeRegistry();
    reg.blobs.set('a', new Map([[desc.digest, blob]]));
    const dir = mkdtempSync(join(tmpdir(), 'slipway-dl-'));
    await client(reg).downloadBlob('a', desc, join(dir, 'ok'));
    expect(readFileSync(join(dir, 'ok'))).toEqual(blob);
    reg.blobs.get('a')!.set(desc.digest, Buffer.from('tampered!!!'));
    await expect(client(reg).downloadBlob('a', desc, join(dir, 'bad'))).rejects.toThrow(/came back as/);
    expect(() => readFileSync(join(dir, 'bad'))).toThrow();
  });

  it('uses plain http for a loopback registry', async () => {
    const reg = new FakeRegistry();
    await client(reg, '127.0.0.1:5000').hasBlob('a', desc.digest);
    expect(reg.seen[0]!.url.href).toBe(`http://127.0.0.1:5000/v2/a/blobs/${desc.digest}`);
  });
});

/** A transport that answers from `answer` and records each request's URL and Authorization. */
function recording(answer: (req: HttpRequest) => HttpResponse) {
  const seen: Array<{ url: string; authorization: string | undefined }> = [];
  const transport: HttpSend = async (req) => {
    seen.push({ url: req.url.href, authorization: req.headers['authorization'] });
    return answer(req);
  };
  return { seen, transport };
}

const bearer = (realm: string) => ({ 'www-authenticate': `Bearer realm="${realm}",service="s"` });
const creds = { username: 'push-user', password: 'push-secret' };

describe('RegistryClient: where credentials may go', () => {
  const refusedRealms: Array<[string, string, RegExp]> = [
    [
      'reg.example.com',
      'http://auth.example.com/token',
      /it is plain http, and the registry is not on loopback/,
    ],
    [
      'reg.example.com',
      'http://reg.example.com/token',
      /it is plain http, and the registry is not on loopback/,
    ],
    ['127.0.0.1:5000', 'http://10.0.0.1/token', /plain http on a host that is not loopback/],
    ['127.0.0.1:5000', 'file:///etc/passwd', /its scheme file: is not https/],
    ['reg.example.com', 'https://user:pw@auth.example.com/token', /user name or password in the URL/],
    ['reg.example.com', 'not a url', /it is not a URL/],
  ];
  it.each(refusedRealms)(
    '%s with the realm %s: refused, and the realm is never asked',
    async (host, realm, why) => {
      const { seen, transport } = recording((req) => bufferedResponse(req.url, 401, bearer(realm)));
      const c = client(new FakeRegistry(), host, { transport, credentials: creds });
      const err = await c.hasBlob('a', desc.digest).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RegistryError);
      expect((err as Error).message).toContain(`${host} asked for a token from the realm "${realm}"`);
      expect((err as Error).message).toMatch(why);
      expect(seen).toHaveLength(1); // the 401 only: no token request
      expect(seen[0]!.authorization).toBeUndefined();
    },
  );

  it('asks an https realm on another host, and a loopback realm over http from a loopback registry', async () => {
    for (const [host, realm] of [
      ['reg.example.com', 'https://auth.example.com/token'],
      ['127.0.0.1:5000', 'http://127.0.0.2:5001/token'],
    ] as const) {
      const { seen, transport } = recording((req) =>
        req.url.href.startsWith(realm)
          ? bufferedResponse(req.url, 200, {}, '{"token":"t0k"}')
          : req.headers['authorization'] === 'Bearer t0k'
            ? bufferedResponse(req.url, 404)
            : bufferedResponse(req.url, 401, bearer(realm)),
      );
      const c = client(new FakeRegistry(), host, { transport, credentials: creds });
      expect(await c.hasBlob('a', desc.digest)).toBe(false);
      expect(seen.map((s) => s.authorization)).toEqual([
        undefined,
        'Basic cHVzaC11c2VyOnB1c2gtc2VjcmV0',
        'Bearer t0k',
      ]);
    }
  });

  it('never answers a 401 from the storage a blob download was redirected to, and names that host', async () => {
    const storage = new URL('https://storage.example.net/blob?sig=1');
    const { seen, transport } = recording(() =>
      bufferedResponse(storage, 401, bearer('https://storage.example.net/token')),
    );
    const c = client(new FakeRegistry(), 'reg.example.com', {
      transport,
      credentials: creds,
      preemptiveBasic: true,
    });
    const err = await c
      .downloadBlob('a', desc, join(mkdtempSync(join(tmpdir(), 'slipway-dl-')), 'x'))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect((err as Error).message).toBe(
      `GET reg.example.com/v2/a/blobs/${desc.digest}: storage.example.net, which is not reg.example.com, answered 401; slipway answers a challenge only from the registry itself and sends no credentials elsewhere`,
    );
    expect(seen).toHaveLength(1); // no token request, no retry with credentials
    // Another refusal from storage names it too.
    const denied = recording(() => bufferedResponse(storage, 403, {}, 'AccessDenied'));
    const c2 = client(new FakeRegistry(), 'reg.example.com', { transport: denied.transport });
    await expect(c2.downloadBlob('a', desc, join(tmpdir(), 'never'))).rejects.toThrow(
      /^blob sha256:\w+ of a on storage\.example\.net \(where reg\.example\.com redirected\): HTTP 403/,
    );
  });

  it('sends no credentials to an upload session on another host, and answers no 401 from it', async () => {
    const { seen, transport } = recording((req) =>
      req.method === 'POST'
        ? bufferedResponse(req.url, 202, { location: 'https://uploads.example.net/session/1' })
        : bufferedResponse(req.url, 401, { 'www-authenticate': 'Basic realm="x"' }),
    );
    const c = client(new FakeRegistry(), 'reg.example.com', {
      transport,
      credentials: creds,
      preemptiveBasic: true,
    });
    await expect(c.uploadBlob('a', desc, body)).rejects.toThrow(
      /uploads\.example\.net, which is not reg\.example\.com, answered 401/,
    );
    expect(
      seen.filter((s) => s.url.startsWith('https://uploads.example.net/')).map((s) => s.authorization),
    ).toEqual([
      undefined,
      undefined, // the DELETE of the session
    ]);
  });
});

describe('RegistryClient: every body it reads is capped', () => {
  it('refuses a manifest over 4 MiB', async () => {
    const { transport } = recording((req) =>
      bufferedResponse(
        req.url,
        200,
        { 'content-type': MediaType.ociManifest },
        Buffer.alloc(4 * 1024 * 1024 + 1, 0x20),
      ),
    );
    await expect(
      client(new FakeRegistry(), 'reg.example.com', { transport }).getManifest('a', 'v1'),
    ).rejects.toThrow(
      'manifest a:v1 on reg.example.com is over 4 MiB, the most the distribution spec has registries accept; slipway stopped reading it',
    );
  });

  it('reads an error body up to 64 KiB and clips its message; a longer one is left out', async () => {
    const long = JSON.stringify({ errors: [{ code: 'DENIED', message: `no ${'x'.repeat(5000)}` }] });
    const { transport } = recording((req) => bufferedResponse(req.url, 403, {}, long));
    const err = (await client(new FakeRegistry(), 'reg.example.com', { transport })
      .hasBlob('a', desc.digest)
      .catch((e: unknown) => e)) as Error;
    expect(err.message).toContain(`DENIED: no ${'x'.repeat(297)}... (4703 more characters)`);
    expect(err.message.length).toBeLessThan(600);
    const huge = recording((req) =>
      bufferedResponse(req.url, 403, {}, `{"errors":[{"code":"DENIED","message":"${'y'.repeat(70_000)}"}]}`),
    );
    await expect(
      client(new FakeRegistry(), 'reg.example.com', { transport: huge.transport }).hasBlob('a', desc.digest),
    ).rejects.toThrow(
      /^blob sha256:\w+ in a on reg\.example\.com: HTTP 403; the credentials lack permission/,
    );
  });

  it('refuses a token body over 1 MiB, and a token that could not be a header', async () => {
    for (const [tokenBody, why] of [
      [`{"token":"${'t'.repeat(1024 * 1024)}"}`, 'answered a body over 1 MiB; slipway stopped reading it'],
      ['{"token":"a\\r\\nX-Injected: 1"}', 'answered without a token'],
    ] as const) {
      const { transport } = recording((req) =>
        req.url.host === 'auth.example.com'
          ? bufferedResponse(req.url, 200, {}, tokenBody)
          : bufferedResponse(req.url, 401, bearer('https://auth.example.com/token')),
      );
      await expect(
        client(new FakeRegistry(), 'reg.example.com', { transport }).hasBlob('a', desc.digest),
      ).rejects.toThrow(`the token service https://auth.example.com ${why}`);
    }
  });

  it('refuses a blob whose declared length is over its descriptor at once, leaving no file', async () => {
    const { transport } = recording((req) =>
      bufferedResponse(req.url, 200, {}, Buffer.concat([blob, Buffer.from('+more')])),
    );
    const path = join(mkdtempSync(join(tmpdir(), 'slipway-dl-')), 'x');
    await expect(
      client(new FakeRegistry(), 'reg.example.com', { transport }).downloadBlob('a', desc, path),
    ).rejects.toThrow(
      `blob ${desc.digest} of a is longer than the ${desc.size} bytes its descriptor gives; slipway stopped reading it`,
    );
    expect(() => readFileSync(path)).toThrow();
  });
});

describe('pullBase: a config the descriptor says is too big is never downloaded', () => {
  it('refuses a config over 8 MiB by its descriptor, before any blob request', async () => {
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MediaType.ociManifest,
        config: { mediaType: MediaType.ociConfig, digest: `sha256:${'c'.repeat(64)}`, size: 1e12 },
        layers: [],
      }),
    );
    const { seen, transport } = recording((req) =>
      bufferedResponse(req.url, 200, { 'content-type': MediaType.ociManifest }, manifest),
    );
    const layout = await OciLayout.create(join(mkdtempSync(join(tmpdir(), 'slipway-pull-')), 'l'));
    const ref = { registry: 'reg.example.com', repository: 'a', tag: 'v1' };
    await expect(
      pullBase(
        client(new FakeRegistry(), 'reg.example.com', { transport }),
        ref,
        [{ os: 'linux', architecture: 'amd64' }],
        layout,
        () => undefined,
      ),
    ).rejects.toThrow(
      "the base's config is 1000000000000 bytes by its descriptor; slipway reads a config of at most 8.39 MB",
    );
    expect(seen.map((s) => s.url)).toEqual(['https://reg.example.com/v2/a/manifests/v1']);
  });
});
