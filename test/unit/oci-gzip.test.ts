import { execFileSync } from 'node:child_process';
import { createCipheriv, createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { GZIP_HEADER, ParallelGzip, runsOf, SEGMENT } from '../../src/artifacts/oci/gzip.js';
import { LayerHashes } from '../../src/artifacts/oci/hashes.js';

/** Deterministic bytes that look random (AES-CTR of zeros), like images or compressed assets. */
const noise = (n: number, key = 1): Buffer =>
  createCipheriv('aes-128-ctr', Buffer.alloc(16, key), Buffer.alloc(16)).update(Buffer.alloc(n));
const text = (n: number): Buffer => {
  let s = '';
  for (let i = 0; s.length < n; i++) s += `export const value${i} = compute(${i % 97}, "item-${i % 13}");\n`;
  return Buffer.from(s.slice(0, n));
};

async function gzip(input: Buffer, pieces = 7919): Promise<Buffer> {
  const out: Buffer[] = [];
  const g = new ParallelGzip((c) => void out.push(c), new LayerHashes());
  for (let i = 0; i < input.length; i += pieces) await g.push(input.subarray(i, i + pieces));
  await g.end();
  return Buffer.concat(out);
}

describe('ParallelGzip', () => {
  const mixed = Buffer.concat([text(700_000), noise(900_000), text(300_000), noise(10), text(123_457)]);

  it('round-trips through gunzip and GNU gzip, across many blocks of both kinds', async () => {
    const gz = await gzip(mixed);
    expect(gunzipSync(gz).equals(mixed)).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'slipway-gz-'));
    writeFileSync(join(dir, 'x.gz'), gz);
    expect(execFileSync('gzip', ['-t', join(dir, 'x.gz')]).length).toBe(0); // gzip -t checks the CRC and length
    expect(gz.subarray(0, 10).equals(GZIP_HEADER)).toBe(true);
  });

  it('gives the same bytes whatever pieces the input arrives in', async () => {
    const a = await gzip(mixed, 512);
    const b = await gzip(mixed, 1_000_000);
    expect(a.equals(b)).toBe(true);
  });

  it('compresses text and stores noise', async () => {
    expect((await gzip(text(1_000_000))).length).toBeLessThan(250_000);
    const stored = await gzip(noise(1_000_000));
    expect(stored.length).toBeGreaterThan(1_000_000); // stored blocks: a few bytes of framing, no deflate
    expect(stored.length).toBeLessThan(1_000_200);
  });

  it('cuts a block where its segments turn from text to noise, and stores only the noise', () => {
    // 100,000 bytes of text: three whole segments, and the fourth's middle is noise.
    const block = Buffer.concat([text(100_000), noise(256 * 1024 - 100_000)]);
    expect(runsOf(block)).toEqual([
      { start: 0, end: 3 * SEGMENT, stored: false },
      { start: 3 * SEGMENT, end: block.length, stored: true },
    ]);
    const back = Buffer.concat([noise(SEGMENT), text(SEGMENT * 2), noise(SEGMENT + 5)]);
    expect(runsOf(back)).toEqual([
      { start: 0, end: SEGMENT, stored: true },
      { start: SEGMENT, end: 3 * SEGMENT, stored: false },
      { start: 3 * SEGMENT, end: back.length, stored: true },
    ]);
    expect(runsOf(text(256 * 1024))).toEqual([{ start: 0, end: 256 * 1024, stored: false }]);
    // Zeros compress, whatever their entropy says of a sample of nothing but one value.
    expect(runsOf(Buffer.alloc(256 * 1024))).toEqual([{ start: 0, end: 256 * 1024, stored: false }]);
    // A segment too short to judge joins the run before it, or is deflated alone; nothing at all is one
    // empty run, for the stream's end.
    expect(runsOf(noise(1000))).toEqual([{ start: 0, end: 1000, stored: false }]);
    expect(runsOf(Buffer.concat([text(SEGMENT), text(100)]))).toEqual([
      { start: 0, end: SEGMENT + 100, stored: false },
    ]);
    expect(runsOf(Buffer.alloc(0))).toEqual([{ start: 0, end: 0, stored: false }]);
  });

  it('writes a valid gzip of nothing', async () => {
    expect(gunzipSync(await gzip(Buffer.alloc(0))).length).toBe(0);
  });
});

describe('layer hashes', () => {
  it('give the sha256 and CRC-32 of the chunks joined, and the sha256 of the compressed ones', () => {
    const chunks = [text(100_000), noise(300_000), Buffer.alloc(0), text(5)];
    const hashes = new LayerHashes();
    for (const c of chunks) hashes.raw(c);
    hashes.compressed(Buffer.from('gz'));
    expect(hashes.crc()).toBe(crc32(Buffer.concat(chunks)));
    expect(hashes.finish()).toEqual({
      raw: `sha256:${createHash('sha256').update(Buffer.concat(chunks)).digest('hex')}`,
      compressed: `sha256:${createHash('sha256').update('gz').digest('hex')}`,
    });
  });
});
