// build-function against `zip -X -r -q` on a real dependency tree: a copy of this repository's AWS SDK
// packages (@aws-sdk and @smithy: about 10,000 files averaging 8 KB), where the cost per file, not deflate,
// decides. Measured with both cores, then with both commands held to one core (`taskset -c 0`), as on a
// runner whose second core is busy.
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureNode24, NODE24_VERSION } from '../scripts/node24.js';
import { installedBundle, interleaved, runnerEnv, settleWrites, timeCommand } from './measure.js';

const ROUNDS = 5;
const PACKAGES = ['@aws-sdk', '@smithy'];

function countFiles(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      const sub = countFiles(p);
      files += sub.files;
      bytes += sub.bytes;
    } else if (e.isFile()) {
      files++;
      bytes += statSync(p).size;
    }
  }
  return { files, bytes };
}

export async function benchZipRealTree(): Promise<string[]> {
  const bundle = installedBundle('build-function');
  const root = mkdtempSync(join(tmpdir(), 'slipway-bench-real-'));
  const tree = join(root, 'tree');
  for (const p of PACKAGES)
    cpSync(resolve('node_modules', p), join(tree, 'node_modules', p), { recursive: true, dereference: true });
  const { files, bytes } = countFiles(tree);
  settleWrites();
  const node24 = ensureNode24();
  const slipway =
    (pin: boolean, node = process.execPath) =>
    (): number => {
      const output = join(root, 'slipway.zip');
      rmSync(output, { force: true });
      writeFileSync(join(root, 'gh-output'), '');
      writeFileSync(join(root, 'gh-summary'), '');
      const env = runnerEnv(
        { GITHUB_OUTPUT: join(root, 'gh-output'), GITHUB_STEP_SUMMARY: join(root, 'gh-summary') },
        { source: tree, output },
      );
      const ms = pin
        ? timeCommand('taskset', ['-c', '0', node, bundle], { env })
        : timeCommand(node, [bundle], { env });
      settleWrites();
      return ms;
    };
  const zip = (pin: boolean) => (): number => {
    const output = join(root, 'zip.zip');
    rmSync(output, { force: true });
    const args = ['-X', '-r', '-q', output, '.'];
    const ms = pin
      ? timeCommand('taskset', ['-c', '0', 'zip', ...args], { cwd: tree })
      : timeCommand('zip', args, { cwd: tree });
    settleWrites();
    return ms;
  };
  try {
    const [ours, ours24, theirs] = interleaved(ROUNDS, [
      slipway(false),
      slipway(false, node24),
      zip(false),
    ]) as [number, number, number];
    const [ours1, theirs1] = interleaved(ROUNDS, [slipway(true), zip(true)]) as [number, number];
    return [
      `build-function vs zip -X -r -q on a real dependency tree (${PACKAGES.join(' and ')} of node_modules: ${files} files, ${(bytes / 1e6).toFixed(1)} MB; median of ${ROUNDS}, in turn):`,
      `  both cores: build-function ${ours.toFixed(0)} ms on node ${process.version}, ${ours24.toFixed(0)} ms on node v${NODE24_VERSION} (the actions' runtime); zip ${theirs.toFixed(0)} ms; ratio ${(ours / theirs).toFixed(2)}x, ${(ours24 / theirs).toFixed(2)}x on node 24 (goal <= 0.45x); ${((ours24 / files) * 1000).toFixed(0)} µs a file`,
      `  one core (taskset -c 0): build-function ${ours1.toFixed(0)} ms, zip ${theirs1.toFixed(0)} ms; ratio ${(ours1 / theirs1).toFixed(2)}x (goal <= 1.00x)`,
    ];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
