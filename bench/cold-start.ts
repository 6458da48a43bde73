import { ensureNode24, NODE24_VERSION } from '../scripts/node24.js';
import { installedBundle, interleaved, runnerEnv, settleWrites, timeCommand } from './measure.js';

// An input each action refuses before it does anything else.
const BAD_INPUT: Record<string, Record<string, string>> = {
  'build-function': { source: '/no/such/dir' },
  'publish-function': { 'function-name': 'bad name!' },
  'deploy-lambda': { 'function-name': 'orders', version: 'latest' },
  'build-image': { base: '' },
  'publish-image': { 'layout-path': '/no/such/layout', repository: 'app' },
  'deploy-ecs': { cluster: 'bad name!' },
  'build-ami': { 'base-ami': 'ami-0123456789abcdef0', provision: '' },
  'publish-ami': { 'ami-id': 'not-an-ami' },
  'deploy-ec2': { 'ami-id': 'not-an-ami' },
  pipeline: { target: 'mainframe' },
};

// The goal of the conventions issue: at most half of the fastest anchor's extra over bare node. The anchors'
// extras (configure-aws-credentials 194 ms, amazon-ecs-deploy-task-definition 253 ms, aws-lambda-deploy
// 364 ms) were measured by the issue's author; their bundles cannot be fetched here (GitHub is out of reach).
const GOAL_EXTRA_MS = 95;
const ROUNDS = 15;

/** The bad-input start of every action's bundle, as its extra over `node -e 0`, on this node and on node 24. */
export async function benchColdStart(): Promise<string[]> {
  const names = Object.keys(BAD_INPUT);
  const bundles = Object.fromEntries(names.map((n) => [n, installedBundle(n)]));
  settleWrites();
  const lines = [
    `cold start on a bad input: each bundle's extra over node -e 0 (medians of ${ROUNDS}, all runs in turn; goal +${GOAL_EXTRA_MS} ms at most)`,
  ];
  const nodes: Array<[string, string]> = [
    [process.execPath, process.version],
    [ensureNode24(), `v${NODE24_VERSION} (the actions' runtime)`],
  ];
  const env = (name: string) =>
    runnerEnv({ GITHUB_STATE: '/dev/null', GITHUB_OUTPUT: '/dev/null' }, BAD_INPUT[name]);
  for (const [node, version] of nodes) {
    const medians = interleaved(ROUNDS, [
      () => timeCommand(node, ['-e', '0'], { env: runnerEnv({}) }),
      ...names.map((n) => () => timeCommand(node, [bundles[n]!], { env: env(n), exitCode: 1 })),
    ]);
    const bare = medians[0]!;
    const extras = names.map((n, i) => [n, medians[i + 1]! - bare] as const);
    const worst = Math.max(...extras.map(([, e]) => e));
    lines.push(`  node ${version}: node -e 0 ${bare.toFixed(1)} ms; worst extra +${worst.toFixed(1)} ms`);
    lines.push(`    ${extras.map(([n, e]) => `${n} +${e.toFixed(0)}`).join(', ')} (ms)`);
  }
  return lines;
}
