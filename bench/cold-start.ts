import { ensureNode24, NODE24_VERSION } from '../scripts/node24.js';
import { installedBundle, runnerEnv, settleWrites, sideBySide, timeCommand } from './measure.js';

/** Startup of a deploy bundle that fails on a bad input, against bare node: on this node, and on node 24. */
export async function benchColdStart(): Promise<string[]> {
  const bundle = installedBundle('deploy-lambda');
  settleWrites();
  const env = runnerEnv({ GITHUB_STATE: '/dev/null', GITHUB_OUTPUT: '/dev/null' }, { version: 'latest' });
  const lines = [
    'cold start of node dist/deploy-lambda/index.js on a bad input vs node -e 0 (median of 25, alternating):',
  ];
  const nodes: Array<[string, string]> = [
    [process.execPath, process.version],
    [ensureNode24(), `v${NODE24_VERSION} (the actions' runtime)`],
  ];
  for (const [node, version] of nodes) {
    const t = sideBySide(
      25,
      // A bad input exits 1.
      () => timeCommand(node, [bundle], { env, exitCode: 1 }),
      () => timeCommand(node, ['-e', '0'], { env }),
    );
    lines.push(
      `  node ${version}: bundle ${t.a.toFixed(1)} ms, node -e 0 ${t.b.toFixed(1)} ms, +${(t.a - t.b).toFixed(1)} ms (target < +60 ms), ratio ${(t.a / t.b).toFixed(2)}x`,
    );
  }
  return lines;
}
