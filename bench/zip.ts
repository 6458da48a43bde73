import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ZIP_LEVEL } from '../src/artifacts/zip.js';
import { ensureNode24, NODE24_VERSION } from '../scripts/node24.js';
import {
  installedBundle,
  interleaved,
  runnerEnv,
  settleWrites,
  timeCommand,
  twoCoreThroughput,
} from './measure.js';
import { writeSourcePackages } from './source-tree.js';
import { benchZipRealTree } from './zip-real.js';

// The machines' speed drifts within minutes: more rounds, taken in turn, steady the medians.
const ROUNDS = 7;

/** A ~50 MB tree of many small source-like files. */
function makeTree(): { root: string; bytes: number; files: number } {
  const root = mkdtempSync(join(tmpdir(), 'slipway-bench-tree-'));
  const opts = { seed: 1, packages: 50, filesPerPackage: 100, minSize: 4_000, sizeSpread: 12_000 };
  return { root, ...writeSourcePackages(root, opts) };
}

export async function benchZip(): Promise<string[]> {
  const bundle = installedBundle('build-function');
  const tree = makeTree();
  settleWrites();
  const out = mkdtempSync(join(tmpdir(), 'slipway-bench-out-'));
  const node24 = ensureNode24();
  const slipway =
    (name: string, level: string, node = process.execPath) =>
    () => {
      const output = join(out, `${name}.zip`);
      rmSync(output, { force: true });
      writeFileSync(join(out, 'gh-output'), '');
      // A runner creates the summary file before the step; appending to a missing one is an error.
      writeFileSync(join(out, 'gh-summary'), '');
      return timeCommand(node, [bundle], {
        env: runnerEnv(
          {
            GITHUB_OUTPUT: join(out, 'gh-output'),
            // As on a runner, which always asks for a job summary.
            GITHUB_STEP_SUMMARY: join(out, 'gh-summary'),
          },
          { source: tree.root, output, 'compression-level': level },
        ),
      });
    };
  const zip = () => {
    const output = join(out, 'zip.zip');
    rmSync(output, { force: true });
    return timeCommand('zip', ['-X', '-r', '-q', output, '.'], { cwd: tree.root });
  };
  // build-function uses both cores and zip one: how much of the second core there is moves the ratio.
  const coresBefore = await twoCoreThroughput();
  // The default level (on this node, and on node 24, the actions' runtime), zip's own level 6 for a
  // like-for-like figure, and zip itself, in turn.
  // Each run's 20 MB of output is flushed after it, untimed, so that no run pays for the one before.
  const settled = (run: () => number) => () => {
    const ms = run();
    settleWrites();
    return ms;
  };
  const [byDefault, on24, byLevel6, byZip] = interleaved(
    ROUNDS,
    [slipway('slipway', ''), slipway('node24', '', node24), slipway('level6', '6'), zip].map(settled),
  ) as [number, number, number, number];
  const coresAfter = await twoCoreThroughput();
  const mbOf = (name: string) => (statSync(join(out, `${name}.zip`)).size / 1e6).toFixed(1);
  const sizes = { slipway: mbOf('slipway'), level6: mbOf('level6'), zip: mbOf('zip') };
  rmSync(tree.root, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
  return [
    `build-function vs zip -X -r -q on ${(tree.bytes / 1e6).toFixed(1)} MB in ${tree.files} files (median of ${ROUNDS}, in turn):`,
    `  default level ${DEFAULT_ZIP_LEVEL}, node ${process.version}: ${byDefault.toFixed(0)} ms, ${sizes.slipway} MB; ratio ${(byDefault / byZip).toFixed(2)}x (target <= 0.60x)`,
    `  default level ${DEFAULT_ZIP_LEVEL}, node v${NODE24_VERSION} (the actions' runtime): ${on24.toFixed(0)} ms; ratio ${(on24 / byZip).toFixed(2)}x`,
    `  compression-level 6: ${byLevel6.toFixed(0)} ms, ${sizes.level6} MB; ratio ${(byLevel6 / byZip).toFixed(2)}x`,
    `  zip -X -r -q (level 6): ${byZip.toFixed(0)} ms, ${sizes.zip} MB`,
    `  two threads at once did ${coresBefore.toFixed(2)}x one thread's work before the runs and ${coresAfter.toFixed(2)}x after (2.00x: both cores free)`,
    ...(await benchZipRealTree()),
  ];
}
