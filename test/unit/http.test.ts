import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpTransport } from '../../src/core/http.js';
import { httpFetch, smokeCheck } from '../../src/rollout/smoke-url.js';

interface Seen {
  method: string;
  path: string;
  authorization: string | undefined;
  body: string;
}

/** A loopback server whose handler the test sets, recording what each request carried. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const seen: Seen[] = [];
  const sockets = new Set<unknown>();
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    seen.push({
      method: req.method ?? '',
      path: req.url ?? '',
      authorization: req.headers.authorization,
      body: Buffer.concat(chunks).toString(),
    });
    handler(req, res);
  });
  server.on('connection', (s) => sockets.add(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    seen,
    sockets,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const signal = new AbortController().signal;
const send = (url: string, method: 'GET' | 'HEAD' | 'PUT' = 'GET', extra = {}) =>
  httpTransport.send({ method, url: new URL(url), headers: { authorization: 'Bearer t' }, signal, ...extra });

describe('the HTTP transport (node:http against loopback servers)', () => {
  let storage: Awaited<ReturnType<typeof serve>>;
  let registry: Awaited<ReturnType<typeof serve>>;

  beforeAll(async () => {
    storage = await serve((_req, res) => res.end('blob bytes'));
    registry = await serve((req, res) => {
      if (req.url === '/away') return void res.writeHead(307, { location: `${storage.origin}/b` }).end();
      if (req.url === '/here') return void res.writeHead(302, { location: '/final' }).end();
      if (req.url === '/loop') return void res.writeHead(302, { location: '/loop' }).end();
      res.writeHead(200, { 'content-length': '10', 'docker-content-digest': 'sha256:x' });
      res.end(req.method === 'HEAD' ? undefined : 'final body');
    });
  });
  afterAll(async () => {
    await storage.close();
    await registry.close();
  });

  it('follows a redirect to another origin without the Authorization header', async () => {
    const res = await send(`${registry.origin}/away`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('blob bytes');
    expect(storage.seen.at(-1)).toMatchObject({ path: '/b', authorization: undefined });
    expect(registry.seen.at(-1)).toMatchObject({ path: '/away', authorization: 'Bearer t' });
  });

  it('keeps the Authorization header on a redirect within the origin', async () => {
    const res = await send(`${registry.origin}/here`);
    expect(await res.text()).toBe('final body');
    expect(registry.seen.at(-1)).toMatchObject({ path: '/final', authorization: 'Bearer t' });
  });

  it("returns a redirect as it is with redirect: 'manual', as the smoke check wants", async () => {
    const before = registry.seen.length;
    const res = await send(`${registry.origin}/here`, 'GET', { redirect: 'manual' });
    expect([res.status, res.header('location')]).toEqual([302, '/final']);
    await res.discard();
    expect(registry.seen.length - before).toBe(1);
  });

  it('stops following after 5 redirects and returns the last one', async () => {
    const before = registry.seen.length;
    const res = await send(`${registry.origin}/loop`);
    expect(res.status).toBe(302);
    await res.discard();
    expect(registry.seen.length - before).toBe(6);
  });

  it('reuses connections: 40 HEADs, left unread, go over no more than 3 sockets', async () => {
    const before = registry.sockets.size;
    for (let i = 0; i < 40; i++) {
      const res = await send(`${registry.origin}/m`, 'HEAD');
      expect(res.header('docker-content-digest')).toBe('sha256:x');
    }
    expect(registry.sockets.size - before).toBeLessThanOrEqual(3);
  });

  it('sends a stream body, and a buffer body with its length', async () => {
    await (
      await send(`${registry.origin}/up`, 'PUT', { body: Readable.from([Buffer.from('ab'), 'cd']) })
    ).discard();
    expect(registry.seen.at(-1)).toMatchObject({ method: 'PUT', body: 'abcd' });
    await (await send(`${registry.origin}/up`, 'PUT', { body: Buffer.from('xyz') })).discard();
    expect(registry.seen.at(-1)).toMatchObject({ method: 'PUT', body: 'xyz' });
  });

  it('serves the smoke check: a 3xx passes without being followed, a 5xx fails after its tries', async () => {
    const noSleep = { now: () => 0, sleep: async () => undefined };
    const ok = await smokeCheck(`${registry.origin}/here`, { fetch: httpFetch, clock: noSleep, signal });
    expect(ok).toEqual({ ok: true, detail: `GET ${registry.origin}/here answered 302` });
    const down = await serve((_req, res) => void res.writeHead(503).end('busy'));
    const failed = await smokeCheck(`${down.origin}/health`, { fetch: httpFetch, clock: noSleep, signal });
    expect(failed).toEqual({ ok: false, detail: `GET ${down.origin}/health answered 503 (3 tries)` });
    expect(down.seen).toHaveLength(3);
    await down.close();
  });

  it('rejects at once when the signal aborts, and on a refused connection', async () => {
    const aborted = AbortSignal.abort();
    await expect(send(`${registry.origin}/m`, 'GET', { signal: aborted })).rejects.toThrow(/abort/i);
    const gone = await serve(() => undefined);
    await gone.close();
    await expect(send(`${gone.origin}/m`)).rejects.toThrow(/ECONNREFUSED/);
  });
});
