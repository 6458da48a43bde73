import { cp, mkdtemp } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { exec } from '@actions/exec';
import { ActionError } from '../core/errors.js';

/**
 * Copies `source` into a fresh directory under `tempDir` and installs its production dependencies there
 * with `npm ci --omit=dev`, never in the user's tree; returns the staging directory, which the caller
 * removes. Loaded only for `install: npm`: @actions/exec and the modules under it cost every other build
 * their load time.
 */
export async function stageWithNpm(
  source: string,
  tempDir: string,
  log: (line: string) => void,
  onStaging: (dir: string) => void,
): Promise<string> {
  const staging = await mkdtemp(join(tempDir, 'slipway-function-'));
  onStaging(staging);
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
  return staging;
}
