import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import tarStream from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { writeContextLayer } from '../../src/artifacts/oci/context-layer.js';
import { OciLayout } from '../../src/artifacts/oci/layout.js';
import { sha256Digest } from '../../src/artifacts/oci/digest.js';

const temp = (p: string): string => mkdtempSync(join(tmpdir(), `slipway-${p}-`));

/** A small tree; `order` decides the order files are created in, `mtime` their timestamps. */
function makeTree(order: 'forward' | 'reverse', mtime: number): string {
  const root = temp('tree');
  const files: Array<[string, string, number]> = [
    ['a.txt', 'alpha\n', 0o600],
    ['bin/run.sh', '#!/bin/sh\necho hi\n', 0o700],
    ['b/c/deep.json', '{"x":1}\n', 0o664],
    [`long/${'n'.repeat(120)}/${'m'.repeat(60)}.txt`, 'long path\n', 0o644],
    ['ünï.txt', 'utf-8 name\n', 0o644],
  ];
  for (const [path, content, mode] of order === 'forward' ? files : [...files].reverse()) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
    chmodSync(join(root, path), mode);
  }
  mkdirSync(join(root, 'empty'));
  symlinkSync('a.txt', join(root, 'link'));
  const all = execFileSync('find', [root], { encoding: 'utf8' }).trim().split('\n');
  for (const p of all) if (!p.endsWith('link')) utimesSync(p, mtime, mtime);
  return root;
}

async function entriesOf(layoutDir: string, digest: string): Promise<tarStream.Header[]> {
  const gz = readFileSync(join(layoutDir, 'blobs', 'sha256', digest.slice(7)));
  const extract = tarStream.extract();
  const headers: tarStream.Header[] = [];
  const done = (async () => {
    for await (const entry of extract) {
      headers.push(entry.header);
      entry.resume();
    }
  })();
  extract.end(gunzipSync(gz));
  await done;
  return headers;
}

describe('context layer', () => {
  it('is byte-for-byte reproducible whatever the mtimes and creation order', async () => {
    const one = await writeContextLayer(
      makeTree('forward', 1_000_000),
      '/app',
      await OciLayout.create(join(temp('l'), 'x')),
    );
    const two = await writeContextLayer(
      makeTree('reverse', 1_700_000_000),
      '/app',
      await OciLayout.create(join(temp('l'), 'x')),
    );
    expect(two.descriptor.digest).toBe(one.descriptor.digest);
    expect(two.diffId).toBe(one.diffId);
    expect(one.files).toBe(6);
  });

  it('changes digest when a file changes', async () => {
    const tree = makeTree('forward', 1_000_000);
    const before = await writeContextLayer(tree, '/app', await OciLayout.create(join(temp('l'), 'x')));
    writeFileSync(join(tree, 'a.txt'), 'beta\n');
    const after = await writeContextLayer(tree, '/app', await OciLayout.create(join(temp('l'), 'x')));
    expect(after.descriptor.digest).not.toBe(before.descriptor.digest);
  });

  it('writes sorted entries with mtime 0, root owner, no names and normalised modes, under workdir and its parents', async () => {
    const dir = join(temp('l'), 'x');
    const layer = await writeContextLayer(makeTree('reverse', 5), '/srv/www', await OciLayout.create(dir));
    const headers = await entriesOf(dir, layer.descriptor.digest);
    const names = headers.map((h) => h.name);
    expect(names.slice(0, 3)).toEqual(['srv/', 'srv/www/', 'srv/www/a.txt']);
    expect(names).toEqual([...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
    for (const h of headers) {
      expect(h.mtime.getTime()).toBe(0);
      expect([h.uid, h.gid, h.uname, h.gname]).toEqual([0, 0, '', '']);
    }
    const mode = (name: string): string | undefined => headers.find((h) => h.name === name)?.mode.toString(8);
    expect(mode('srv/www/a.txt')).toBe('644'); // was 0600
    expect(mode('srv/www/bin/run.sh')).toBe('755'); // was 0700
    expect(mode('srv/www/b/c/deep.json')).toBe('644'); // was 0664
    expect(mode('srv/www/empty/')).toBe('755');
    const link = headers.find((h) => h.name === 'srv/www/link');
    expect([link?.type, link?.linkname]).toEqual(['symlink', 'a.txt']);
    expect(names).toContain(`srv/www/long/${'n'.repeat(120)}/${'m'.repeat(60)}.txt`);
    expect(names).toContain('srv/www/ünï.txt');
    // GNU tar reads it back the same way.
    const listed = execFileSync(
      'tar',
      ['-tzf', join(dir, 'blobs', 'sha256', layer.descriptor.digest.slice(7))],
      {
        encoding: 'utf8',
      },
    );
    expect(listed.trim().split('\n')).toEqual(names);
  });

  it('stores the blob under its digest, with a fixed gzip header and the diff id of the raw tar', async () => {
    const dir = join(temp('l'), 'x');
    const layer = await writeContextLayer(makeTree('forward', 5), '/app', await OciLayout.create(dir));
    const gz = readFileSync(join(dir, 'blobs', 'sha256', layer.descriptor.digest.slice(7)));
    expect(sha256Digest(gz)).toBe(layer.descriptor.digest);
    expect(gz.length).toBe(layer.descriptor.size);
    expect([...gz.subarray(0, 10)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
    expect(sha256Digest(gunzipSync(gz))).toBe(layer.diffId);
  });

  it('leaves out the output layout when it lies inside the context', async () => {
    const tree = makeTree('forward', 5);
    const inside = await OciLayout.create(join(tree, 'image.oci'));
    const withLayout = await writeContextLayer(tree, '/app', inside, { paths: [inside.dir] });
    const elsewhere = await writeContextLayer(
      makeTree('forward', 9),
      '/app',
      await OciLayout.create(join(temp('l'), 'x')),
    );
    expect(withLayout.descriptor.digest).toBe(elsewhere.descriptor.digest);
  });

  it('streams files too big to read whole, with the same result as reading them', async () => {
    const tree = temp('big');
    const big = Buffer.alloc(6 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4096) big.writeUInt32LE(i, i);
    writeFileSync(join(tree, 'big.bin'), big);
    writeFileSync(join(tree, 'small.txt'), 'x');
    const dir = join(temp('l'), 'x');
    const layer = await writeContextLayer(tree, '/', await OciLayout.create(dir));
    const headers = await entriesOf(dir, layer.descriptor.digest);
    expect(headers.map((h) => [h.name, h.size])).toEqual([
      ['big.bin', big.length],
      ['small.txt', 1],
    ]);
  });

  it('refuses a FIFO, which no layer can hold', async () => {
    const tree = temp('fifo');
    execFileSync('mkfifo', [join(tree, 'pipe')]);
    await expect(
      writeContextLayer(tree, '/app', await OciLayout.create(join(temp('l'), 'x'))),
    ).rejects.toThrow(/pipe is not a file, directory or symlink/);
  });
});

describe('packing a context says how far it has got', () => {
  it('a line every 10 s of the clock, with the bytes read of the files to pack; the layer is the same', async () => {
    const root = temp('progress');
    // Five files of 10, 20, 30, 40 and 50 KB, and a 5 MB one (streamed, not read whole).
    for (let i = 1; i <= 5; i++) writeFileSync(join(root, `f${i}`), Buffer.alloc(i * 10_000, i));
    writeFileSync(join(root, 'big'), Buffer.alloc(5_000_000, 7));
    // Each read of the clock is 4 s later: a line at most every third file.
    let t = 0;
    const clock = { now: () => (t += 4_000), sleep: async () => undefined };
    const lines: string[] = [];
    const totals: number[] = [];
    const withProgress = await writeContextLayer(
      root,
      '/app',
      await OciLayout.create(join(temp('layout'), 'l')),
      {},
      undefined,
      (total) => {
        totals.push(total);
        let start: number | undefined;
        return (done) => {
          const now = clock.now();
          start ??= now;
          if (now - start >= 10_000) {
            lines.push(`${done} of ${total}`);
            start = now;
          }
        };
      },
    );
    expect(totals).toEqual([5_150_000]);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.at(-1)).toMatch(/^\d+ of 5150000$/);
    expect(Number(lines.at(-1)!.split(' ')[0])).toBeLessThanOrEqual(5_150_000);
    const plain = await writeContextLayer(root, '/app', await OciLayout.create(join(temp('layout'), 'l')));
    expect(withProgress.descriptor.digest).toBe(plain.descriptor.digest);
  });
});
