import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ActionError } from '../core/errors.js';
import { copyToStaging, runTool } from './staging.js';

export type NodeManager = 'npm' | 'pnpm' | 'yarn';

interface Manager {
  lockfile: string;
  args: readonly string[];
  /** Files the install writes for its own bookkeeping, with a time or a path in them: left out of the zip. */
  bookkeeping: readonly string[];
  hint: string;
}

export const NODE_MANAGERS: Readonly<Record<NodeManager, Manager>> = {
  npm: {
    lockfile: 'package-lock.json',
    args: ['ci', '--omit=dev', '--no-audit', '--no-fund'],
    bookkeeping: [],
    hint: 'use actions/setup-node before this step',
  },
  pnpm: {
    lockfile: 'pnpm-lock.yaml',
    // pnpm's own layout is links into node_modules/.pnpm, which a zip keeps as links; hoisted is npm's flat
    // layout of real directories, which Node's resolution in Lambda finds without them.
    args: ['install', '--frozen-lockfile', '--prod', '--config.node-linker=hoisted'],
    // .modules.yaml holds the install time (prunedAt) and the store's path, the workspace state a timestamp.
    bookkeeping: [
      'node_modules/.modules.yaml',
      'node_modules/.pnpm-workspace-state.json',
      'node_modules/.pnpm-workspace-state-v1.json',
      'node_modules/.pnpm/lock.yaml',
    ],
    hint: 'use pnpm/action-setup, or run corepack enable, before this step',
  },
  yarn: {
    lockfile: 'yarn.lock',
    // Yarn 1 (classic); inputs.ts refuses a Yarn 2+ project.
    args: ['install', '--frozen-lockfile', '--production', '--non-interactive', '--no-progress'],
    // .yarn-integrity names the runner's platform and Node ABI.
    bookkeeping: ['node_modules/.yarn-integrity'],
    hint: 'Yarn 1 comes with GitHub-hosted runners; elsewhere run npm install -g yarn@1 before this step',
  },
};

/** The command line as the log shows it. */
export const describeInstall = (manager: NodeManager): string =>
  `${manager} ${NODE_MANAGERS[manager].args.join(' ')}`;

/**
 * Copies `source` into `staging` (an empty directory the caller made, and removes) and installs its
 * production dependencies there from the lockfile, never in the user's tree. Loaded only for a Node install:
 * @actions/exec and the modules under it cost every other build their load time.
 */
export async function stageNodeDependencies(
  manager: NodeManager,
  source: string,
  staging: string,
  log: (line: string) => void,
): Promise<void> {
  const m = NODE_MANAGERS[manager];
  await copyToStaging(source, staging);
  log(`installing production dependencies with ${describeInstall(manager)} in ${staging}`);
  const { code } = await runTool(manager, m.args, { cwd: staging, log, hint: m.hint });
  if (code !== 0)
    throw new ActionError(
      `${describeInstall(manager)} failed with exit code ${code} in a staging copy of ${source}`,
    );
  // (A directory they leave empty is no entry: the zip holds files and links only.)
  for (const file of m.bookkeeping) rmSync(join(staging, file), { force: true });
}
