import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ActionError } from '../core/errors.js';
import { formatBytes } from '../core/units.js';
import { describeQuota, UNZIPPED_MAX_BYTES } from '../targets/lambda/limits.js';
import type { SourceTree } from './files.js';
import type { NodeManager } from './node-staging.js';
import type { PipTarget } from './pip-staging.js';
import { biggest, envWarning, listSourceTree } from './files.js';
import type { ZipResult } from './zip.js';
import { writeDeterministicZip } from './zip.js';

export interface FunctionPackageSpec {
  source: string;
  include: readonly string[];
  exclude: readonly string[];
  output: string;
  install: 'none' | NodeManager | 'pip';
  /** For `install: pip`: the interpreter that runs pip, and the function's Python and architecture. */
  pip?: PipTarget | undefined;
  /** Deflate level, 0 (store) to 9. */
  compressionLevel: number;
  tempDir: string;
  log: (line: string) => void;
  warn: (line: string) => void;
}

/** Throws, naming the limit, the total and the biggest files, when the tree unzips to more than Lambda takes. */
function checkUnzippedSize(tree: SourceTree, what: string): void {
  if (tree.totalBytes <= UNZIPPED_MAX_BYTES) return;
  const top = biggest(tree.entries)
    .map((e) => `${e.path} (${formatBytes(e.size)})`)
    .join(', ');
  throw new ActionError(
    `${what} comes to ${formatBytes(tree.totalBytes)} in ${tree.entries.length} files, over Lambda's ${describeQuota(UNZIPPED_MAX_BYTES)} ` +
      `unzipped limit; the biggest: ${top}; narrow include/exclude, or deploy a container image instead`,
  );
}

/** Installs the function's dependencies into `staging`, a copy of the source; the modules load only then. */
async function stage(spec: FunctionPackageSpec, staging: string): Promise<void> {
  if (spec.install === 'pip') {
    if (!spec.pip) throw new Error('install: pip needs the pip target');
    const { stageWithPip } = await import('./pip-staging.js');
    await stageWithPip(spec.source, staging, spec.pip, spec.log);
  } else if (spec.install !== 'none') {
    const { stageNodeDependencies } = await import('./node-staging.js');
    await stageNodeDependencies(spec.install, spec.source, staging, spec.log);
  }
}

/**
 * Builds a Lambda deployment package. The tree is walked and its size checked against Lambda's unzipped
 * limit before any file is read. With an install (npm, pnpm or yarn from its lockfile, production
 * dependencies only; or pip from requirements.txt for the function's platform), dependencies are installed
 * in a staging copy, never in the user's tree; the source is checked before it is copied, and the staging
 * copy again before it is zipped.
 */
export async function buildFunctionPackage(spec: FunctionPackageSpec): Promise<ZipResult> {
  let root = spec.source;
  let staging: string | undefined;
  try {
    if (spec.install !== 'none') {
      // What is copied (the install replaces node_modules), before it is copied.
      checkUnzippedSize(
        listSourceTree(spec.source, spec.include, [...spec.exclude, 'node_modules/**']),
        `${spec.source} without node_modules`,
      );
      staging = mkdtempSync(join(spec.tempDir, 'slipway-function-'));
      await stage(spec, staging);
      root = staging;
    }
    const tree = listSourceTree(root, spec.include, spec.exclude);
    const warning = envWarning(
      tree.envFilesLeftOut,
      'to package one, name it in include (e.g. config/.env.production)',
    );
    if (warning) spec.warn(warning);
    if (tree.entries.length === 0)
      throw new ActionError(
        `no files in ${spec.source} match include [${spec.include.join(', ') || '**'}] minus exclude`,
      );
    checkUnzippedSize(tree, 'the package');
    // Each file is read at the size the walk saw, or the build fails: the check above holds for the zip.
    return await writeDeterministicZip(root, tree.entries, spec.output, { level: spec.compressionLevel });
  } finally {
    if (staging) rmSync(staging, { recursive: true, force: true });
  }
}
