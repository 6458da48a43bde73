import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listSourceTree } from '../../src/artifacts/files.js';
import { writeDeterministicZip } from '../../src/artifacts/zip.js';

describe('zip entry order', () => {
  // A directory walk yields `a/` (and so `a/b.js`) next to `a-c.js` in whatever order it likes, and a
  // per-segment sort puts `a/b.js` first; byte order over the whole path puts `a-c.js` first ('-' 0x2d is
  // below '/' 0x2f). The expected list is written by hand, not produced by the code under test.
  it('stores entries in byte order of the whole path: a-c.js before a/b.js', async () => {
    const root = mkdtempSync(join(tmpdir(), 'slipway-order-'));
    mkdirSync(join(root, 'a'));
    writeFileSync(join(root, 'a', 'b.js'), 'b\n');
    writeFileSync(join(root, 'a-c.js'), 'c\n');
    writeFileSync(join(root, 'a.js'), 'a\n');
    writeFileSync(join(root, 'Z.js'), 'z\n');
    const tree = listSourceTree(root, [], []);
    const zip = join(mkdtempSync(join(tmpdir(), 'slipway-order-out-')), 'f.zip');
    await writeDeterministicZip(root, tree.entries, zip, { level: 5, workers: 1 });
    const names = execFileSync('zipinfo', ['-1', zip], { encoding: 'utf8' }).trim().split('\n');
    expect(names).toEqual(['Z.js', 'a-c.js', 'a.js', 'a/b.js']);
  });
});
