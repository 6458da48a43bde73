import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listSourceTree } from '../../src/artifacts/files.js';
import { writeDeterministicZip } from '../../src/artifacts/zip.js';
import { errorLines, runBundle } from '../actions/bundle.js';

const zipinfoRows = (zip: string) =>
  execFileSync('zipinfo', [zip], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => /^[-l]/.test(l));
const names = (zip: string) => execFileSync('zipinfo', ['-1', zip], { encoding: 'utf8' }).trim().split('\n');
const warnings = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('::warning::'));

/** A function tree as npm leaves it (node_modules/.bin links), checked out (a .git with a token), with .env files. */
function functionTree(): string {
  const root = mkdtempSync(join(tmpdir(), 'slipway-contents-'));
  const write = (path: string, body: string | Buffer) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), body);
  };
  write('index.js', 'exports.handler = async () => 1;\n');
  write('node_modules/tool/cli.js', '#!/usr/bin/env node\nconsole.log(1);\n');
  mkdirSync(join(root, 'node_modules/.bin'));
  symlinkSync('../tool/cli.js', join(root, 'node_modules/.bin/tool'));
  // An absolute link that resolves inside the tree is stored relative, so it resolves the same once unpacked.
  symlinkSync(join(root, 'index.js'), join(root, 'main.js'));
  symlinkSync('node_modules/tool', join(root, 'tool-dir'));
  write(
    '.git/config',
    '[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46Z2hzX3NlY3JldA==\n',
  );
  write('vendor/lib/.git/config', '[core]\n');
  write('.env', 'DB_PASSWORD=hunter2\n');
  write('config/.env.production', 'API_KEY=abc\n');
  return root;
}

describe('what build-function puts in the zip (bundle, real unzip and zipinfo)', () => {
  it('keeps a link inside the source as a link (zipinfo: l), relative, and deterministic; leaves out .git and .env with one warning', async () => {
    const root = functionTree();
    const out = mkdtempSync(join(tmpdir(), 'slipway-contents-out-'));
    const a = join(out, 'a.zip');
    const r = await runBundle('build-function', { source: root, output: a });
    expect(r.code).toBe(0);
    expect(execFileSync('unzip', ['-t', a], { encoding: 'utf8' })).toMatch(/No errors detected/);
    expect(names(a)).toEqual([
      'index.js',
      'main.js',
      'node_modules/.bin/tool',
      'node_modules/tool/cli.js',
      'tool-dir',
    ]);
    const rows = zipinfoRows(a);
    for (const link of ['main.js', 'node_modules/.bin/tool', 'tool-dir'])
      expect(rows.find((row) => row.endsWith(` ${link}`))).toMatch(/^lrwxrwxrwx .* stor /);
    expect(rows.find((row) => row.endsWith(' index.js'))).toMatch(/^-rw-r--r--/);
    const back = join(out, 'back');
    execFileSync('unzip', ['-q', a, '-d', back]);
    expect(readlinkSync(join(back, 'node_modules/.bin/tool'))).toBe('../tool/cli.js');
    expect(readlinkSync(join(back, 'main.js'))).toBe('index.js');
    expect(readlinkSync(join(back, 'tool-dir'))).toBe('node_modules/tool');
    expect(readFileSync(join(back, 'tool-dir/cli.js'), 'utf8')).toContain('console.log');
    // Nothing of the checkout's token, nor of the .env files, is anywhere in the bytes.
    const bytes = readFileSync(a);
    expect(bytes.includes('extraheader')).toBe(false);
    expect(bytes.includes('hunter2')).toBe(false);
    const w = warnings(r.stdout);
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(
      /left out 2 \.env file\(s\).*: \.env, config\/\.env\.production; to package one, name it in include/,
    );

    const b = join(out, 'b.zip');
    expect((await runBundle('build-function', { source: root, output: b })).code).toBe(0);
    expect(readFileSync(b).equals(bytes)).toBe(true);
  });

  it('.git stays out even when include names it; an .env file comes in only when a pattern names it', async () => {
    const root = functionTree();
    const zip = join(mkdtempSync(join(tmpdir(), 'slipway-contents-out-')), 'sel.zip');
    const r = await runBundle('build-function', {
      source: root,
      output: zip,
      include: '**\n.git/**\nconfig/.env.production',
    });
    expect(r.code).toBe(0);
    expect(names(zip)).toContain('config/.env.production');
    expect(names(zip).filter((n) => n.includes('.git') || n === '.env')).toEqual([]);
    expect(warnings(r.stdout)).toEqual([expect.stringMatching(/left out 1 \.env file\(s\).*: \.env;/)]);
  });

  it.each([
    [
      'points outside the source',
      (root: string, away: string) => symlinkSync(join(away, 'credentials'), join(root, 'creds')),
      /creds -> .*credentials resolves to .*credentials, outside the source directory/,
    ],
    [
      'points at /etc/passwd',
      (root: string) => symlinkSync('/etc/passwd', join(root, 'creds')),
      /creds -> \/etc\/passwd resolves to \/etc\/passwd, outside the source directory/,
    ],
    [
      'dangles',
      (root: string) => symlinkSync('missing.js', join(root, 'creds')),
      /creds -> missing\.js dangles/,
    ],
    [
      'loops',
      (root: string) => {
        symlinkSync('loop-b', join(root, 'creds'));
        symlinkSync('creds', join(root, 'loop-b'));
      },
      /creds -> loop-b loops/,
    ],
  ])(
    'a link that %s fails the build, naming the link and its target, and writes no zip',
    async (_, make, message) => {
      const root = mkdtempSync(join(tmpdir(), 'slipway-contents-'));
      writeFileSync(join(root, 'index.js'), 'x');
      const away = mkdtempSync(join(tmpdir(), 'slipway-home-'));
      writeFileSync(join(away, 'credentials'), '[default]\naws_secret_access_key = SECRET\n');
      make(root, away);
      const zip = join(mkdtempSync(join(tmpdir(), 'slipway-contents-out-')), 'f.zip');
      const r = await runBundle('build-function', { source: root, output: zip });
      expect(r.code).toBe(1);
      expect(errorLines(r)).toEqual([expect.stringMatching(message)]);
      expect(existsSync(zip)).toBe(false);
    },
  );

  it('checks the size from stat before reading: 1.5 GB and 3 GB files fail at once, naming the limit, the total and the biggest files', async () => {
    const root = mkdtempSync(join(tmpdir(), 'slipway-contents-'));
    writeFileSync(join(root, 'index.js'), 'x');
    // Sparse: no disk, but a reader would have to go through every byte.
    writeFileSync(join(root, 'model.bin'), '');
    truncateSync(join(root, 'model.bin'), 3 * 1024 ** 3);
    writeFileSync(join(root, 'data.bin'), '');
    truncateSync(join(root, 'data.bin'), 1.5 * 1024 ** 3);
    const zip = join(mkdtempSync(join(tmpdir(), 'slipway-contents-out-')), 'f.zip');
    const start = Date.now();
    const r = await runBundle('build-function', { source: root, output: zip });
    expect(Date.now() - start).toBeLessThan(5_000);
    expect(r.code).toBe(1);
    expect(errorLines(r)).toEqual([
      expect.stringMatching(
        /the package comes to 4\.83 GB in 3 files, over Lambda's 250 MB \(262,144,000 bytes\) unzipped limit; the biggest: model\.bin \(3\.22 GB\), data\.bin \(1\.61 GB\), index\.js \(\d+ B\)/,
      ),
    ]);
    expect(existsSync(zip)).toBe(false);
  });
});

describe('big files are streamed in chunks, with a data descriptor', () => {
  /** 9 MiB: text and random runs, so deflate has work of both kinds. */
  function bigTree(): { root: string; big: Buffer } {
    const root = mkdtempSync(join(tmpdir(), 'slipway-big-'));
    const parts: Buffer[] = [];
    let h = Buffer.from('big');
    for (let i = 0; parts.length < 9 * 64; i++) {
      h = createHash('sha256').update(h).digest();
      parts.push(
        i % 2 ? Buffer.from(`row ${i} `.repeat(2048)).subarray(0, 16384) : Buffer.concat(Array(512).fill(h)),
      );
    }
    const big = Buffer.concat(parts).subarray(0, 9 * 1024 * 1024);
    writeFileSync(join(root, 'a-small.js'), 'small\n');
    writeFileSync(join(root, 'model.bin'), big);
    writeFileSync(join(root, 'z-small.js'), 'small too\n');
    return { root, big };
  }

  it('unzip -t accepts it and restores the bytes; the same bytes on any thread layout and every time', async () => {
    const { root, big } = bigTree();
    const out = mkdtempSync(join(tmpdir(), 'slipway-big-out-'));
    const entries = listSourceTree(root, [], []).entries;
    const zips: Buffer[] = [];
    for (const [i, opts] of [
      { workers: 0 },
      { workers: 2 },
      { workers: 1, callingThread: false },
    ].entries()) {
      const path = join(out, `${i}.zip`);
      const result = await writeDeterministicZip(root, entries, path, { level: 4, ...opts });
      expect(result.unzippedSize).toBe(big.length + 16);
      zips.push(readFileSync(path));
    }
    for (const z of zips) expect(z.equals(zips[0]!)).toBe(true);
    const zip = join(out, '0.zip');
    expect(execFileSync('unzip', ['-t', zip], { encoding: 'utf8' })).toMatch(/No errors detected/);
    expect(zipinfoRows(zip).find((r) => r.endsWith(' model.bin'))).toMatch(/defN/);
    const unzipped = (z: string) => execFileSync('unzip', ['-p', z, 'model.bin'], { maxBuffer: 64 << 20 });
    expect(unzipped(zip).equals(big)).toBe(true);
    // Level 0 still streams it, as deflate's stored blocks.
    const stored = join(out, 'stored.zip');
    await writeDeterministicZip(root, entries, stored, { level: 0 });
    expect(unzipped(stored).equals(big)).toBe(true);
  });

  it('a file that changed size since the walk fails the build and leaves no zip', async () => {
    const { root } = bigTree();
    const entries = listSourceTree(root, [], []).entries;
    const fd = openSync(join(root, 'model.bin'), 'a');
    writeSync(fd, 'more');
    closeSync(fd);
    writeFileSync(join(root, 'z-small.js'), 'grown since the walk\n');
    const out = mkdtempSync(join(tmpdir(), 'slipway-big-out-'));
    for (const [name, list] of [
      ['model.bin', entries],
      ['z-small.js', entries.filter((e) => e.path !== 'model.bin')],
    ] as const) {
      const zip = join(out, 'changed.zip');
      await expect(writeDeterministicZip(root, list, zip, { level: 4 })).rejects.toThrow(
        new RegExp(`cannot read ${name.replace('.', '\\.')}: it changed while being packaged`),
      );
      expect(existsSync(zip)).toBe(false);
    }
  });
});
