// A transfer that stops moving bytes fails after the stall time and is tried again, instead of holding the
// job for minutes: against a local server that stalls a download mid-body, and one that never answers an
// upload's PUT.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Descriptor } from '../../src/artifacts/oci/media-types.js';
import { MediaType } from '../../src/artifacts/oci/media-types.js';
import { RegistryClient } from '../../src/artifacts/oci/registry/client.js';
import { systemClock } from '../../src/core/clock.js';
import type { HostileServer } from './hostile-server.js';
import { startHostile } from './hostile-server.js';
import { tempDir } from './registry-fixtures.js';

const STALL_MS = 300;
const bytes = randomBytes(256 * 1024);
const blob: Descriptor = {
  mediaType: MediaType.ociLayerGzip,
  digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
  size: bytes.length,
};

let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function client(host: string, lines: string[]): RegistryClient {
  return new RegistryClient({
    registry: host,
    clock: systemClock,
    signal: new AbortController().signal,
    progress: (l) => void lines.push(l),
    stallMs: STALL_MS,
  });
}

/** Answers a blob GET: the first `stalls` times with half the body and then nothing, then whole. */
async function downloads(stalls: number): Promise<HostileServer> {
  let served = 0;
  return startHostile('127.0.0.1', (req, res) => {
    if (req.method !== 'GET') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-length': String(bytes.length) });
    if (served++ < stalls) res.write(bytes.subarray(0, bytes.length / 2));
    else res.end(bytes);
  });
}

describe('a stalled transfer is retried after the stall time', () => {
  it('a download that stops mid-body: a line says why, the second attempt completes it', async () => {
    server = await downloads(1);
    const lines: string[] = [];
    const path = join(tempDir('stall'), 'blob');
    const started = Date.now();
    await client(server.host, lines).downloadBlob('app', blob, path);
    expect(readFileSync(path).equals(bytes)).toBe(true);
    expect(server.seen.map((r) => r.method)).toEqual(['GET', 'GET']);
    expect(lines).toEqual([
      `downloading ${blob.digest.slice(0, 19)}: no bytes for 0.3 s; retrying (attempt 2 of 3)`,
    ]);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a download that stalls every time fails after the last attempt, naming the stall', async () => {
    server = await downloads(3);
    const lines: string[] = [];
    await expect(
      client(server.host, lines).downloadBlob('app', blob, join(tempDir('stall'), 'b')),
    ).rejects.toThrow(/no bytes for 0\.3 s/);
    expect(server.seen).toHaveLength(3);
    expect(lines).toHaveLength(2);
  });

  it('an upload whose PUT is never answered: the session is deleted, a new one opened, the blob uploaded', async () => {
    let sessions = 0;
    let puts = 0;
    server = await startHostile('127.0.0.1', (req, res) => {
      if (req.method === 'POST') {
        sessions++;
        return void res.writeHead(202, { location: `/v2/app/blobs/uploads/s${sessions}` }).end();
      }
      if (req.method === 'DELETE') return void res.writeHead(204).end();
      if (req.method === 'PUT') {
        // The body is read (the server's handler resumes it); the first PUT is then never answered.
        if (puts++ === 0) return;
        return void req.once('end', () => res.writeHead(201, { 'docker-content-digest': blob.digest }).end());
      }
      res.writeHead(404).end();
    });
    const lines: string[] = [];
    const how = await client(server.host, lines).uploadBlob('app', blob, async () => bytes);
    expect(how).toBe('uploaded');
    expect(server.seen.map((r) => `${r.method} ${r.path.split('?')[0]}`)).toEqual([
      'POST /v2/app/blobs/uploads/',
      'PUT /v2/app/blobs/uploads/s1',
      'DELETE /v2/app/blobs/uploads/s1',
      'POST /v2/app/blobs/uploads/',
      'PUT /v2/app/blobs/uploads/s2',
    ]);
    expect(lines[0]).toMatch(/^uploading sha256:\w{12}: .*no bytes for 0\.3 s; retrying \(attempt 2 of 3\)$/);
  });
});
