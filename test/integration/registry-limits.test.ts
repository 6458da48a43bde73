import { randomBytes } from 'node:crypto';
import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OciLayout } from '../../src/artifacts/oci/layout.js';
import type { Descriptor } from '../../src/artifacts/oci/media-types.js';
import { MediaType } from '../../src/artifacts/oci/media-types.js';
import { pushLayout } from '../../src/artifacts/oci/push.js';
import { RegistryClient } from '../../src/artifacts/oci/registry/client.js';
import { systemClock } from '../../src/core/clock.js';
import type { HttpSend } from '../../src/core/http.js';
import { httpTransport } from '../../src/core/http.js';
import { startHostile, streamForever } from './hostile-server.js';
import { tempDir } from './registry-fixtures.js';
import type { RegistryServer } from './registry-server.js';
import { startRegistry } from './registry-server.js';

let registry: RegistryServer;
beforeAll(async () => {
  registry = await startRegistry();
});
afterAll(async () => {
  await registry?.stop();
});

/** A layout of one image: a 3 MiB layer (sent as a file body) and a 2 KiB one (sent from memory). */
async function layoutWithLayers(): Promise<{ layout: OciLayout; big: Descriptor; small: Descriptor }> {
  const layout = await OciLayout.create(join(tempDir('limits'), 'image.oci'));
  const layer = async (bytes: Buffer): Promise<Descriptor> => ({
    mediaType: MediaType.ociLayerGzip,
    ...(await layout.writeBlob(bytes)),
  });
  const big = await layer(randomBytes(3 * 1024 * 1024));
  const small = await layer(randomBytes(2048));
  const config = await layout.writeJson(MediaType.ociConfig, {
    architecture: 'amd64',
    os: 'linux',
    rootfs: { type: 'layers', diff_ids: [] },
  });
  const manifest = await layout.writeJson(MediaType.ociManifest, {
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    config,
    layers: [big, small],
  });
  await layout.writeIndex([manifest]);
  return { layout, big, small };
}

/** A client of the real registry that counts the requests of each method and path it sends. */
function countingClient(): { client: RegistryClient; sent: string[] } {
  const sent: string[] = [];
  const transport: HttpSend = async (req) => {
    const digest = req.url.searchParams.get('digest');
    sent.push(`${req.method} ${req.url.pathname}${digest ? ` ${digest}` : ''}`);
    return httpTransport.send(req);
  };
  const client = new RegistryClient({
    registry: registry.host,
    clock: systemClock,
    signal: new AbortController().signal,
    transport,
  });
  return { client, sent };
}

describe('a damaged layout fails the push at once, naming the blob (real registry)', () => {
  it('a truncated blob: before any request', async () => {
    const { layout, big } = await layoutWithLayers();
    truncateSync(layout.blobPath(big.digest), 1000);
    const { client, sent } = countingClient();
    const started = Date.now();
    await expect(pushLayout(client, layout, 'limits/truncated', ['v1'], () => undefined)).rejects.toThrow(
      `blob ${big.digest} in ${layout.dir} is 1000 bytes, but the manifest says ${big.size}: the layout is damaged; build it again`,
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(sent).toEqual([]);
  });

  it.each(['big', 'small'] as const)(
    'a %s blob with other bytes of the same size: refused before its last byte, never retried',
    async (which) => {
      const fixture = await layoutWithLayers();
      const blob = fixture[which];
      writeFileSync(fixture.layout.blobPath(blob.digest), randomBytes(blob.size));
      const { client, sent } = countingClient();
      const repository = `limits/damaged-${which}`;
      const err = (await pushLayout(client, fixture.layout, repository, ['v1'], () => undefined).catch(
        (e: unknown) => e,
      )) as Error;
      expect(err.message).toContain(`blob ${blob.digest}`);
      expect(err.message).toContain('build it again');
      expect(err.message).not.toMatch(/HTTP 400|DIGEST_INVALID/); // slipway saw it, not the registry
      // One session for the blob (no retry), deleted; the registry has neither it nor the image.
      const posts = sent.filter((s) => s === `POST /v2/${repository}/blobs/uploads/`);
      expect(posts.length).toBeLessThanOrEqual(3); // the biggest's early POST, and the others' own
      expect(sent.filter((s) => s.startsWith('PUT /v2/') && s.includes('/manifests/'))).toEqual([]);
      expect(await client.hasBlob(repository, blob.digest)).toBe(false);
      // The small blob's session is deleted. The big one's PUT was cut off mid-body, after which distribution
      // refuses the DELETE (its state no longer matches the bytes it took: 404); it expires that session itself.
      if (which === 'small') expect(registry.openUploads(repository), sent.join('\n')).toEqual([]);
      // The big one's file body stopped before its last piece, so the registry never had the whole blob to
      // refuse; the small one was checked before its PUT.
      const puts = sent.filter((s) => s.startsWith('PUT ') && s.endsWith(` ${blob.digest}`));
      expect(puts).toHaveLength(which === 'big' ? 1 : 0);
    },
  );
});

describe('reads from a registry are capped (hostile servers on loopback)', () => {
  const client = (host: string): RegistryClient =>
    new RegistryClient({
      registry: host,
      clock: systemClock,
      signal: new AbortController().signal,
      maxAttempts: 1,
    });

  it('an endless manifest: refused at 4 MiB, with memory flat', async () => {
    const server = await startHostile('127.0.0.1', (_req, res) => {
      res.writeHead(200, { 'content-type': MediaType.ociManifest });
      streamForever(res, Buffer.alloc(64 * 1024, 0x20));
    });
    try {
      const before = process.memoryUsage().rss;
      await expect(client(server.host).getManifest('a', 'v1')).rejects.toThrow(/is over 4 MiB/);
      expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
      expect(server.written()).toBeLessThan(32 * 1024 * 1024);
    } finally {
      await server.close();
    }
  });

  it('a blob body longer than its descriptor: refused as soon as it passes the size, with no file left', async () => {
    const server = await startHostile('127.0.0.1', (_req, res) => {
      res.writeHead(200); // no Content-Length: the excess shows only as it arrives
      streamForever(res, Buffer.alloc(64 * 1024, 0x61));
    });
    try {
      const dir = tempDir('limits-dl');
      const blob = {
        mediaType: MediaType.ociLayerGzip,
        digest: `sha256:${'a'.repeat(64)}`,
        size: 1024 * 1024,
      };
      const started = Date.now();
      await expect(client(server.host).downloadBlob('a', blob, join(dir, 'x'))).rejects.toThrow(
        `blob ${blob.digest} of a is longer than the ${blob.size} bytes its descriptor gives; slipway stopped reading it`,
      );
      expect(Date.now() - started).toBeLessThan(2000);
      expect(server.written()).toBeLessThan(32 * 1024 * 1024);
    } finally {
      await server.close();
    }
  });
});
