import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileBody } from '../../src/core/file-body.js';
import { BodyTooLargeError, httpTransport } from '../../src/core/http.js';
import { httpFetch, smokeCheck } from '../../src/rollout/smoke-url.js';
import { startHostile, streamForever } from '../integration/hostile-server.js';

interface Seen {
  method: string;
  path: string;
  authorization: string | undefined;
  body: string;
  /** The body as sent, for bodies that are not text. */
  bytes: Buffer;
}

/** A loopback server whose handler the test sets, recording what each request carried. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const seen: Seen[] = [];
  const sockets = new Set<unknown>();
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    try {
      for await (const c of req) chunks.push(c as Buffer);
    } catch {
      return; // the client gave up mid-body: nothing to answer
    }
    seen.push({
      method: req.method ?? '',
      path: req.url ?? '',
      authorization: req.headers.authorization,
      body: Buffer.concat(chunks).toString(),
      bytes: Buffer.concat(chunks),
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
    expect(await res.text(100)).toBe('blob bytes');
    expect(storage.seen.at(-1)).toMatchObject({ path: '/b', authorization: undefined });
    expect(registry.seen.at(-1)).toMatchObject({ path: '/away', authorization: 'Bearer t' });
  });

  it('tells the final URL of a response, after its redirects', async () => {
    const away = await send(`${registry.origin}/away`);
    expect(away.url.href).toBe(`${storage.origin}/b`);
    await away.discard();
    const direct = await send(`${registry.origin}/m`);
    expect(direct.url.href).toBe(`${registry.origin}/m`);
    await direct.discard();
  });

  it('bytes(max) stops reading an endless body at the cap and closes the connection', async () => {
    const endless = await startHostile('127.0.0.1', (_req, res) => {
      res.writeHead(200);
      streamForever(res, Buffer.alloc(64 * 1024, 0x61));
    });
    try {
      const res = await send(`${endless.origin}/forever`);
      const err = await res.bytes(1024 * 1024).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BodyTooLargeError);
      expect((err as Error).message).toBe('the body is over 1 MiB');
      await new Promise((r) => setTimeout(r, 100));
      const sent = endless.written();
      await new Promise((r) => setTimeout(r, 200));
      // The socket is gone: the server wrote nothing more, and not much past the cap (socket buffers).
      expect(endless.written()).toBe(sent);
      expect(sent).toBeLessThan(16 * 1024 * 1024);
      // A declared length over the cap is refused before any of the body is read.
      const declared = await startHostile('127.0.0.1', (_req, r) => {
        r.writeHead(200, { 'content-length': String(10 * 1024 * 1024) });
        r.write('x');
      });
      const big = await send(`${declared.origin}/declared`);
      await expect(big.text(1024)).rejects.toThrow('the body is over 1 KiB');
      await declared.close();
      // Within the cap, the body is read whole.
      const small = await send(`${registry.origin}/m`);
      expect(await small.text(10)).toBe('final body');
    } finally {
      await endless.close();
    }
  });

  it('refuses a buffer body whose length is not its Content-Length, before sending it', async () => {
    const before = registry.seen.length;
    await expect(
      send(`${registry.origin}/up`, 'PUT', {
        headers: { 'content-length': '100' },
        body: Buffer.from('short'),
      }),
    ).rejects.toThrow('the request body is 5 bytes, but its Content-Length says 100');
    expect(registry.seen.length).toBe(before);
  });

  it('keeps the Authorization header on a redirect within the origin', async () => {
    const res = await send(`${registry.origin}/here`);
    expect(await res.text(100)).toBe('final body');
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

  it('sends a file body of several buffers in order, only its first `size` bytes, and a buffer body', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slipway-http-'));
    try {
      // 3.5 MiB: more chunks than buffers, so each buffer is refilled once the socket has taken it.
      const bytes = randomBytes(3.5 * 1024 * 1024);
      writeFileSync(join(dir, 'blob'), Buffer.concat([bytes, Buffer.from('trailing bytes not sent')]));
      const sent: number[] = [];
      const body = { path: join(dir, 'blob'), size: bytes.length, onSent: (n: number) => sent.push(n) };
      await (await send(`${registry.origin}/up`, 'PUT', { body })).discard();
      const seen = registry.seen.at(-1);
      expect(seen?.method).toBe('PUT');
      expect(seen?.bytes.equals(bytes)).toBe(true);
      // Told as the socket takes each buffer: 14 pieces of 256 KiB, counted up to the whole body.
      expect(sent).toEqual(Array.from({ length: 14 }, (_, i) => (i + 1) * 256 * 1024));
      await (await send(`${registry.origin}/up`, 'PUT', { body: Buffer.from('xyz') })).discard();
      expect(registry.seen.at(-1)).toMatchObject({ method: 'PUT', body: 'xyz' });

      // A file shorter than the length announced fails the request rather than leaving it waiting.
      writeFileSync(join(dir, 'short'), Buffer.alloc(1000));
      const short = { path: join(dir, 'short'), size: 5000 };
      await expect(send(`${registry.origin}/up`, 'PUT', { body: short })).rejects.toThrow(
        /short ended at 1000 of 5000 bytes/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops reading a file body once its request is destroyed, even with every buffer still taken', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slipway-http-'));
    try {
      writeFileSync(join(dir, 'blob'), Buffer.alloc(8 * 1024 * 1024));
      // A socket that never drains: no write ever completes, so no buffer comes back to be refilled.
      let writes = 0;
      const stuck = new Writable({ write: () => void writes++, highWaterMark: 64 * 1024 * 1024 });
      const writing = writeFileBody(stuck, { path: join(dir, 'blob'), size: 8 * 1024 * 1024 });
      await new Promise((r) => setTimeout(r, 50));
      expect(writes).toBe(1);
      stuck.destroy();
      await expect(writing).rejects.toThrow(/the request closed after 1048576 of 8388608 bytes/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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

  it('rejects at once when the signal aborts, without connecting, and on a refused connection', async () => {
    const aborted = AbortSignal.abort();
    const sockets = registry.sockets.size;
    await expect(send(`${registry.origin}/m`, 'GET', { signal: aborted })).rejects.toThrow(/abort/i);
    await new Promise((r) => setTimeout(r, 50));
    expect(registry.sockets.size).toBe(sockets);
    const gone = await serve(() => undefined);
    await gone.close();
    await expect(send(`${gone.origin}/m`)).rejects.toThrow(/ECONNREFUSED/);
  });
});
