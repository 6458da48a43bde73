import { execFileSync } from 'node:child_process';
import { createCipheriv } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureNode24, NODE24_VERSION } from '../../scripts/node24.js';
import { runBundle } from '../actions/bundle.js';

/** Source-like text in many sizes, some bigger than a gzip block, and bytes that do not compress. */
function writeMixedTree(): string {
  const root = mkdtempSync(join(tmpdir(), 'slipway-versions-'));
  for (let i = 0; i < 120; i++) {
    const dir = join(root, `pkg${i % 9}`, 'lib');
    mkdirSync(dir, { recursive: true });
    const line = `export const v${i} = require('./m${i % 17}')(${i}, "x${i % 5}");\n`;
    writeFileSync(join(dir, `m${i}.js`), line.repeat(1 + ((i * 7919) % (i % 10 === 0 ? 12_000 : 400))));
  }
  const noise = createCipheriv('aes-128-ctr', Buffer.alloc(16, 3), Buffer.alloc(16)).update(
    Buffer.alloc(700_000),
  );
  writeFileSync(join(root, 'pkg0', 'asset.bin'), noise);
  return root;
}

const node24 = ensureNode24(() => undefined);
// The other node: this test's own, or, when the suite itself runs on node 24, the one on PATH.
const other = [
  process.execPath,
  execFileSync('node', ['-p', 'process.execPath'], { encoding: 'utf8' }).trim(),
]
  .map((path) => ({ path, version: execFileSync(path, ['--version'], { encoding: 'utf8' }).trim() }))
  .find((n) => n.version !== `v${NODE24_VERSION}`);

// Runners start the bundles on node 24 while people build on whatever they have: a zip or a layer that came
// out different on another node would read as a code change (a new Lambda version, a new image).
describe(`the same bytes on node ${other?.version ?? '(none but node 24 here)'} and on node v${NODE24_VERSION}`, () => {
  it.skipIf(!other)('build-function gives the same zip, and build-image the same image digest', async () => {
    const tree = writeMixedTree();
    const out = mkdtempSync(join(tmpdir(), 'slipway-versions-out-'));
    try {
      const zips: string[] = [];
      const images: string[] = [];
      for (const [k, node] of [other?.path as string, node24].entries()) {
        const zip = await runBundle(
          'build-function',
          { source: tree, output: join(out, `${k}.zip`) },
          { node },
        );
        expect(zip.code, zip.stdout).toBe(0);
        zips.push(zip.outputs['sha256'] ?? '');
        const image = await runBundle(
          'build-image',
          { base: 'scratch', context: tree, output: join(out, `${k}.oci`) },
          { node },
        );
        expect(image.code, image.stdout).toBe(0);
        images.push(image.outputs['digest'] ?? '');
      }
      expect(zips[0]).toMatch(/^[0-9a-f]{64}$/);
      expect(zips[1]).toBe(zips[0]);
      expect(images[0]).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(images[1]).toBe(images[0]);
    } finally {
      rmSync(tree, { recursive: true, force: true });
      rmSync(out, { recursive: true, force: true });
    }
  });
});
