import { cp } from 'node:fs/promises';
import { basename, relative } from 'node:path';
import { exec } from '@actions/exec';
import { ActionError } from '../core/errors.js';

/**
 * Copies `source` into `staging` (an empty directory the caller made, and removes) and installs its
 * production dependencies there with `npm ci --omit=dev`, never in the user's tree. Loaded only for
 * `install: npm`: @actions/exec and the modules under it cost every other build their load time.
 */
export async function stageWithNpm(
  source: string,
  staging: string,
  log: (line: string) => void,
): Promise<void> {
  // The user's own node_modules (dev dependencies, other platforms) must not leak into the package.
  await cp(source, staging, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (src) => {
      const rel = relative(source, src);
      return rel !== 'node_modules' && rel !== '.git' && basename(src) !== '.DS_Store';
    },
  });
  log(`installing production dependencies with npm ci --omit=dev in ${staging}`);
  const code = await exec('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund'], {
    cwd: staging,
    ignoreReturnCode: true,
  });
  if (code !== 0)
    throw new ActionError(`npm ci --omit=dev failed with exit code ${code} in a staging copy of ${source}`);
}
