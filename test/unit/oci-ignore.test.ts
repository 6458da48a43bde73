import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeContextLayer } from '../../src/artifacts/oci/context-layer.js';
import { contextIgnore, parseIgnore } from '../../src/artifacts/oci/ignore.js';
import { OciLayout } from '../../src/artifacts/oci/layout.js';

const temp = (p: string): string => mkdtempSync(join(tmpdir(), `slipway-${p}-`));

describe('.dockerignore rules, with Docker semantics', () => {
  it('leaves out a matched directory with everything under it, anchored at the context root', () => {
    const r = parseIgnore(['# comment', '', 'node_modules', '/build/', './.git']);
    expect(r.patterns).toBe(3);
    for (const p of ['node_modules', 'node_modules/a/b.js', 'build/out.js', '.git/HEAD'])
      expect(r.excludes(p)).toBe(true);
    // No leading `**`: only the root's node_modules, as Docker matches.
    for (const p of ['src/node_modules/x.js', 'src/build/x.js', 'index.js'])
      expect(r.excludes(p)).toBe(false);
  });

  it('keeps * within a directory and lets ** cross them', () => {
    const r = parseIgnore(['*.md', '**/*.log', 'docs/*/draft.txt']);
    expect(r.excludes('README.md')).toBe(true);
    expect(r.excludes('docs/guide.md')).toBe(false);
    expect(r.excludes('a/b/c.log')).toBe(true);
    expect(r.excludes('debug.log')).toBe(true);
    expect(r.excludes('docs/v1/draft.txt')).toBe(true);
    expect(r.excludes('docs/v1/x/draft.txt')).toBe(false);
  });

  it('brings paths back with !, the last matching pattern deciding', () => {
    const r = parseIgnore([
      '*.md',
      '!README.md',
      'logs',
      '!logs/keep.txt',
      'secret*',
      '!secret.example',
      'secret.example',
    ]);
    // Only logs can hold logs/keep.txt: neither logs/deep nor node_modules is walked for it.
    expect([r.mayReinclude('logs'), r.mayReinclude('logs/deep'), r.mayReinclude('node_modules')]).toEqual([
      true,
      false,
      false,
    ]);
    expect(parseIgnore(['src', '!src/*/keep.txt']).mayReinclude('src/a')).toBe(true);
    expect(parseIgnore(['src', '!src/a/keep.txt']).mayReinclude('src/b')).toBe(false);
    expect(parseIgnore(['x', '!**/keep']).mayReinclude('deep/dir')).toBe(true);
    expect(r.excludes('CHANGES.md')).toBe(true);
    expect(r.excludes('README.md')).toBe(false);
    expect(r.excludes('logs/a.txt')).toBe(true);
    expect(r.excludes('logs/keep.txt')).toBe(false);
    expect(r.excludes('secret.example')).toBe(true);
  });

  it('reads the context .dockerignore, then extra patterns', async () => {
    const ctx = temp('ctx');
    writeFileSync(join(ctx, '.dockerignore'), 'tmp\r\n*.env\n');
    const r = await contextIgnore(ctx, ['!prod.env']);
    expect([r.excludes('tmp/x'), r.excludes('dev.env'), r.excludes('prod.env')]).toEqual([true, true, false]);
    expect((await contextIgnore(temp('none'), [])).patterns).toBe(0);
  });
});

describe('the context layer honours the rules (read back with GNU tar)', () => {
  it('leaves out ignored paths, walks an ignored directory only for ! patterns, and counts what it left out', async () => {
    const ctx = temp('ctx');
    for (const d of ['src', 'node_modules/dep', '.git/objects', 'logs'])
      mkdirSync(join(ctx, d), { recursive: true });
    for (const f of [
      'src/index.js',
      'node_modules/dep/i.js',
      '.git/HEAD',
      '.git/objects/ab',
      'logs/a.log',
      'logs/keep.txt',
      '.env',
      'README.md',
    ])
      writeFileSync(join(ctx, f), f);
    // A FIFO under an ignored directory is never looked at, so it does not fail the build.
    execFileSync('mkfifo', [join(ctx, 'node_modules', 'pipe')]);
    writeFileSync(join(ctx, '.dockerignore'), 'node_modules\n.git\n.env\nlogs\n!logs/keep.txt\n');
    const dir = join(temp('l'), 'x');
    const layer = await writeContextLayer(ctx, '/app', await OciLayout.create(dir), {
      ignore: await contextIgnore(ctx, ['*.md']),
    });
    const listed = execFileSync(
      'tar',
      ['-tzf', join(dir, 'blobs', 'sha256', layer.descriptor.digest.slice(7))],
      {
        encoding: 'utf8',
      },
    );
    expect(listed.trim().split('\n')).toEqual([
      'app/',
      'app/.dockerignore',
      'app/logs/',
      'app/logs/keep.txt',
      'app/src/',
      'app/src/index.js',
    ]);
    expect(layer.files).toBe(3);
    // node_modules and .git (once each, not walked), .env, README.md, logs/a.log
    expect(layer.leftOut).toBe(5);
  });
});
