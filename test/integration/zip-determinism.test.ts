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
import { describe, expect, it } from 'vitest';
import { runBundle } from '../actions/bundle.js';

/** Writes the same tree in the given file order, with the given mtime and modes shaped by `umask`-like bits. */
function writeTree(order: string[], mtime: Date, extraMode: number): string {
  const root = mkdtempSync(join(tmpdir(), 'slipway-tree-'));
  const files: Record<string, string> = {
    'index.js': 'exports.handler = async () => ({ statusCode: 200 });\n',
    'lib/util.js': 'module.exports = (x) => x * 2;\n'.repeat(50),
    'lib/data.json': JSON.stringify({ a: 1, b: [1, 2, 3] }),
    'bin/run.sh': '#!/bin/sh\necho hi\n',
    'empty.txt': '',
    '.hidden': 'dotfiles are included',
  };
  for (const name of order) {
    const path = join(root, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, files[name] ?? '');
    chmodSync(path, (name.endsWith('.sh') ? 0o755 : 0o644) | extraMode);
    utimesSync(path, mtime, mtime);
  }
  symlinkSync('lib/util.js', join(root, 'util-link.js'));
  return root;
}

const NAMES = ['index.js', 'lib/util.js', 'lib/data.json', 'bin/run.sh', 'empty.txt', '.hidden'];

describe('build-function writes a deterministic zip (bundle, real unzip and zipinfo)', () => {
  it('two trees with different mtimes, creation order and group/other bits give byte-identical zips', async () => {
    const a = writeTree(NAMES, new Date('2020-01-01T00:00:00Z'), 0);
    const b = writeTree([...NAMES].reverse(), new Date('2026-06-15T12:34:56Z'), 0o020);
    const out = mkdtempSync(join(tmpdir(), 'slipway-zips-'));
    const ra = await runBundle(
      'build-function',
      { source: a, output: join(out, 'a.zip') },
      { env: { TZ: 'UTC' } },
    );
    const rb = await runBundle(
      'build-function',
      { source: b, output: join(out, 'b.zip') },
      { env: { TZ: 'Asia/Tokyo' } },
    );
    expect(ra.code).toBe(0);
    expect(rb.code).toBe(0);
    expect(readFileSync(join(out, 'a.zip')).equals(readFileSync(join(out, 'b.zip')))).toBe(true);
    expect(ra.outputs['sha256']).toBe(rb.outputs['sha256']);
    expect(ra.outputs['files']).toBe('7');
    expect(Buffer.from(ra.outputs['code-sha256']!, 'base64').toString('hex')).toBe(ra.outputs['sha256']);
    expect(Number(ra.outputs['size'])).toBe(readFileSync(join(out, 'a.zip')).length);
    expect(ra.summary).toContain('slipway build-function');

    expect(execFileSync('unzip', ['-t', join(out, 'a.zip')], { encoding: 'utf8' })).toMatch(
      /No errors detected/,
    );
    const listing = execFileSync('zipinfo', [join(out, 'a.zip')], { encoding: 'utf8' });
    const rows = listing.split('\n').filter((l) => /^[-l]/.test(l));
    expect(rows.map((r) => r.split(/\s+/).at(-1))).toEqual([
      '.hidden',
      'bin/run.sh',
      'empty.txt',
      'index.js',
      'lib/data.json',
      'lib/util.js',
      'util-link.js',
    ]);
    expect(rows.find((r) => r.endsWith('bin/run.sh'))).toMatch(/^-rwxr-xr-x/);
    expect(rows.find((r) => r.endsWith('index.js'))).toMatch(/^-rw-r--r--/);
    // A symlink inside the source stays a link, as `zip -r --symlinks` keeps it.
    expect(rows.find((r) => r.endsWith('util-link.js'))).toMatch(/^lrwxrwxrwx/);
    for (const r of rows) expect(r).toMatch(/80-Jan-01 00:00/);
  });

  it('include and exclude select files', async () => {
    const a = writeTree(NAMES, new Date(), 0);
    const out = join(mkdtempSync(join(tmpdir(), 'slipway-zips-')), 'sel.zip');
    const r = await runBundle('build-function', {
      source: a,
      output: out,
      include: 'lib/**\nindex.js',
      exclude: '**/*.json',
    });
    expect(r.code).toBe(0);
    const names = execFileSync('zipinfo', ['-1', out], { encoding: 'utf8' }).trim().split('\n');
    expect(names).toEqual(['index.js', 'lib/util.js']);
  });

  it('install: npm runs npm ci --omit=dev in a staging copy, never in the source tree', async () => {
    const src = mkdtempSync(join(tmpdir(), 'slipway-npm-'));
    mkdirSync(join(src, 'vendor', 'greet'), { recursive: true });
    writeFileSync(
      join(src, 'vendor/greet/package.json'),
      JSON.stringify({ name: 'greet', version: '1.0.0', main: 'index.js' }),
    );
    writeFileSync(join(src, 'vendor/greet/index.js'), 'module.exports = () => "hi";\n');
    writeFileSync(
      join(src, 'index.js'),
      'const greet = require("greet"); exports.handler = async () => greet();\n',
    );
    writeFileSync(
      join(src, 'package.json'),
      JSON.stringify({ name: 'fn', version: '1.0.0', dependencies: { greet: 'file:./vendor/greet' } }),
    );
    // A real lock file, made offline by npm itself.
    execFileSync('npm', ['install', '--package-lock-only', '--offline', '--no-audit', '--no-fund'], {
      cwd: src,
      stdio: 'ignore',
    });
    const out = join(mkdtempSync(join(tmpdir(), 'slipway-zips-')), 'npm.zip');
    const r = await runBundle('build-function', { source: src, output: out, install: 'npm' });
    expect(r.code).toBe(0);
    const names = execFileSync('zipinfo', ['-1', out], { encoding: 'utf8' }).trim().split('\n');
    // npm links a file: dependency (node_modules/greet -> ../vendor/greet): it stays a link, to files
    // that are in the zip, and the handler finds the module through it once unpacked.
    expect(names).toEqual(
      expect.arrayContaining(['index.js', 'node_modules/greet', 'vendor/greet/index.js']),
    );
    const back = mkdtempSync(join(tmpdir(), 'slipway-npm-back-'));
    execFileSync('unzip', ['-q', out, '-d', back]);
    const said = execFileSync(
      process.execPath,
      ['-e', 'require("./index.js").handler().then((v) => process.stdout.write(v))'],
      { cwd: back, encoding: 'utf8' },
    );
    expect(said).toBe('hi');
    expect(() => execFileSync('ls', [join(src, 'node_modules')], { stdio: 'ignore' })).toThrow();
  });
});
