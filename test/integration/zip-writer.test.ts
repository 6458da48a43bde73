import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { compressFiles } from '../../src/artifacts/deflate-pool.js';
import type { SourceEntry } from '../../src/artifacts/files.js';
import { listSourceTree } from '../../src/artifacts/files.js';
import { UnzippedTooLargeError, writeDeterministicZip } from '../../src/artifacts/zip.js';
import type { ZipRecord } from '../../src/artifacts/zip-format.js';
import { centralDirectory, localHeader, METHOD_STORED } from '../../src/artifacts/zip-format.js';

/** 300 files: empty, tiny, text of many sizes, incompressible, executable, nested, and a non-ASCII name. */
function writeVariedTree(): string {
  const root = mkdtempSync(join(tmpdir(), 'slipway-varied-'));
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  for (let i = 0; i < 300; i++) {
    const dir = join(root, `d${i % 7}`, i % 3 ? 'lib' : '');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `f${i}.js`);
    const kind = i % 10;
    const body =
      kind === 0
        ? Buffer.alloc(0)
        : kind === 1
          ? randomBytes(20_000 + Math.floor(rand() * 200_000)) // stored: deflate cannot shrink it
          : Buffer.from(`line ${i} `.repeat(1 + Math.floor(rand() * (kind === 2 ? 40_000 : 2_000))));
    writeFileSync(path, body);
    chmodSync(path, i % 11 === 0 ? 0o755 : 0o644);
  }
  writeFileSync(join(root, 'd0', 'ünïcødé.txt'), 'names are UTF-8\n');
  return root;
}

const unzipList = (zip: string) => execFileSync('zipinfo', [zip], { encoding: 'utf8' });

describe('writeDeterministicZip against real unzip and zipinfo', () => {
  it('gives the same bytes on the calling thread, beside 1, 2 or 3 workers, or on workers alone, and unzips to the tree', async () => {
    const root = writeVariedTree();
    const out = mkdtempSync(join(tmpdir(), 'slipway-zipw-'));
    const entries = listSourceTree(root, [], []).entries;
    const paths = entries.map((e) => e.path);
    expect(paths).toHaveLength(301);
    const zips: Buffer[] = [];
    // The last: the workers alone, which are certain to take batches (beside this thread, on a loaded
    // machine they may start too late to take any).
    for (const [workers, callingThread] of [
      [0, true],
      [1, true],
      [2, true],
      [3, true],
      [2, false],
    ] as const) {
      const path = join(out, `w${workers}${callingThread ? '' : '-only'}.zip`);
      const result = await writeDeterministicZip(root, entries, path, { level: 5, workers, callingThread });
      expect(result.files).toBe(301);
      expect(result.size).toBe(readFileSync(path).length);
      zips.push(readFileSync(path));
    }
    for (const z of zips.slice(1)) expect(z.equals(zips[0]!)).toBe(true);

    const zip = join(out, 'w2.zip');
    expect(execFileSync('unzip', ['-t', zip], { encoding: 'utf8' })).toMatch(/No errors detected/);
    const listing = unzipList(zip);
    // Incompressible files are stored, the rest deflated; execute bits survive; names keep their order.
    expect(listing).toMatch(/ stor 80-Jan-01 00:00 d1\/lib\/f1\.js/);
    expect(listing).toMatch(/-rwxr-xr-x .* defN 80-Jan-01 00:00 d1\/lib\/f22\.js/);
    expect(listing).toMatch(/-rw-r--r-- .* d5\/f12\.js/);
    const names = execFileSync('zipinfo', ['-1', zip], { encoding: 'utf8' }).trim().split('\n');
    expect(names).toEqual(paths);
    expect(names).toContain('d0/ünïcødé.txt');

    const back = join(out, 'back');
    execFileSync('unzip', ['-q', zip, '-d', back]);
    for (const p of paths) expect(readFileSync(join(back, p)).equals(readFileSync(join(root, p)))).toBe(true);
    rmSync(root, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  });

  it("deflates each file to zlib's own one-shot bytes, whatever output size its thread expected", async () => {
    // Text that shrinks to almost nothing sets each thread's expectation low; then files that shrink
    // little (half random) outgrow the buffer asked for, and one that cannot shrink is stored.
    const root = mkdtempSync(join(tmpdir(), 'slipway-ratio-'));
    const bodies = new Map<string, Buffer>();
    for (let i = 0; i < 60; i++) {
      const body =
        i % 20 < 15
          ? Buffer.from('a'.repeat(30_000 + i))
          : i % 20 < 19
            ? Buffer.concat([randomBytes(40_000), Buffer.alloc(40_000, i)])
            : randomBytes(50_000);
      const name = `f${String(i).padStart(2, '0')}.bin`;
      writeFileSync(join(root, name), body);
      bodies.set(name, body);
    }
    const entries: SourceEntry[] = [...bodies].map(([path, body]) => ({
      path,
      executable: false,
      size: body.length,
    }));
    // This thread alone, then a worker alone, whose batches come back joined and are cut apart again.
    for (const threads of [{ workers: 0 }, { workers: 1, callingThread: false }]) {
      let stored = 0;
      await compressFiles(root, entries, { level: 4, ...threads }, ({ path }, file) => {
        const body = bodies.get(path) as Buffer;
        expect(file.size).toBe(body.length);
        if (file.deflated) expect(file.data.equals(deflateRawSync(body, { level: 4 }))).toBe(true);
        else {
          stored++;
          expect(file.data.equals(body)).toBe(true);
        }
      });
      expect(stored).toBe(3);
    }
    rmSync(root, { recursive: true, force: true });
  });

  it('a file that vanishes between listing and reading fails the build and leaves no zip', async () => {
    const root = writeVariedTree();
    const entries = listSourceTree(root, [], []).entries;
    const paths = entries.map((e) => e.path);
    rmSync(join(root, paths[150]!));
    const zip = join(mkdtempSync(join(tmpdir(), 'slipway-zipw-')), 'gone.zip');
    await expect(writeDeterministicZip(root, entries, zip, { level: 5, workers: 2 })).rejects.toThrow(
      `cannot read ${paths[150]}: ENOENT`,
    );
    expect(existsSync(zip)).toBe(false);
  });

  it('a compression worker that stops without an error fails the build, rather than leaving it waiting', async () => {
    const root = writeVariedTree();
    const entries = listSourceTree(root, [], []).entries;
    const zip = join(mkdtempSync(join(tmpdir(), 'slipway-zipw-')), 'stopped.zip');
    // The first batch a worker is given stops it instead: it exits with code 1 and no 'error' event.
    const post = vi.spyOn(Worker.prototype, 'postMessage').mockImplementation(function (this: Worker) {
      void this.terminate();
    });
    try {
      // The workers alone: this thread could otherwise finish every batch before a worker starts.
      await expect(
        writeDeterministicZip(root, entries, zip, { level: 5, workers: 2, callingThread: false }),
      ).rejects.toThrow(/a compression worker stopped \(exit code 1\) before its work was done/);
    } finally {
      post.mockRestore();
    }
    expect(existsSync(zip)).toBe(false);
  });

  it('stops as soon as the files read pass maxUnzippedBytes, and leaves no zip', async () => {
    const root = writeVariedTree();
    const entries = listSourceTree(root, [], []).entries;
    const paths = entries.map((e) => e.path);
    const zip = join(mkdtempSync(join(tmpdir(), 'slipway-zipw-')), 'big.zip');
    for (const workers of [0, 2]) {
      const failure = await writeDeterministicZip(root, entries, zip, {
        level: 5,
        workers,
        maxUnzippedBytes: 1_000_000,
      }).catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(UnzippedTooLargeError);
      const { bytesRead, filesRead, files } = failure as UnzippedTooLargeError;
      // It stopped at the first file past the limit: the files before it still fitted.
      expect(bytesRead).toBeGreaterThan(1_000_000);
      expect(files).toBe(paths.length);
      expect(filesRead).toBeLessThan(paths.length);
      const before = paths.slice(0, filesRead - 1).reduce((n, p) => n + statSync(join(root, p)).size, 0);
      expect(before).toBeLessThanOrEqual(1_000_000);
      expect(before + statSync(join(root, paths[filesRead - 1] as string)).size).toBe(bytesRead);
      expect(existsSync(zip)).toBe(false);
    }
  });

  it('writes ZIP64 end records past 65535 entries, which unzip reads', () => {
    const count = 70_000;
    const records: ZipRecord[] = [];
    const chunks: Buffer[] = [];
    let offset = 0;
    for (let i = 0; i < count; i++) {
      const record: ZipRecord = {
        name: `e/${i}`,
        method: METHOD_STORED,
        crc: 0,
        compressedSize: 0,
        size: 0,
        mode: 0o100644,
        offset,
      };
      const header = localHeader(record);
      chunks.push(header);
      records.push(record);
      offset += header.length;
    }
    chunks.push(...centralDirectory(records, offset));
    const zip = join(mkdtempSync(join(tmpdir(), 'slipway-zip64-')), 'many.zip');
    writeFileSync(zip, Buffer.concat(chunks));
    expect(execFileSync('unzip', ['-tq', zip], { encoding: 'utf8' })).toMatch(/No errors detected/);
    const names = execFileSync('zipinfo', ['-1', zip], { encoding: 'utf8', maxBuffer: 64 << 20 })
      .trim()
      .split('\n');
    expect(names).toHaveLength(count);
    expect(names.at(-1)).toBe(`e/${count - 1}`);
  });
});
