import { cp, mkdtemp, rm } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { exec } from '@actions/exec';
import { ActionError } from '../core/errors.js';
import { mb, UNZIPPED_MAX_BYTES } from '../targets/lambda/limits.js';
import { listSourcePaths } from './files.js';
import type { ZipResult } from './zip.js';
import { UnzippedTooLargeError, writeDeterministicZip } from './zip.js';

export interface FunctionPackageSpec {
  source: string;
  include: readonly string[];
  exclude: readonly string[];
  output: string;
  install: 'none' | 'npm';
  /** Deflate level, 0 (store) to 9. */
  compressionLevel: number;
  tempDir: string;
  log: (line: string) => void;
}

/**
 * Builds a Lambda deployment package. With `install: npm`, production dependencies are installed by
 * `npm ci --omit=dev` in a staging copy, never in the user's tree.
 */
export async function buildFunctionPackage(spec: FunctionPackageSpec): Promise<ZipResult> {
  let root = spec.source;
  let staging: string | undefined;
  try {
    if (spec.install === 'npm') {
      staging = await mkdtemp(join(spec.tempDir, 'slipway-function-'));
      // The user's own node_modules (dev dependencies, other platforms) must not leak into the package.
      await cp(spec.source, staging, {
        recursive: true,
        verbatimSymlinks: true,
        filter: (src) => {
          const rel = relative(spec.source, src);
          return rel !== 'node_modules' && rel !== '.git' && basename(src) !== '.DS_Store';
        },
      });
      spec.log(`installing production dependencies with npm ci --omit=dev in ${staging}`);
      const code = await exec('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund'], {
        cwd: staging,
        ignoreReturnCode: true,
      });
      if (code !== 0)
        throw new ActionError(
          `npm ci --omit=dev failed with exit code ${code} in a staging copy of ${spec.source}`,
        );
      root = staging;
    }
    const paths = await listSourcePaths(root, spec.include, spec.exclude);
    if (paths.length === 0)
      throw new ActionError(
        `no files in ${spec.source} match include [${spec.include.join(', ') || '**'}] minus exclude`,
      );
    try {
      return await writeDeterministicZip(root, paths, spec.output, {
        level: spec.compressionLevel,
        maxUnzippedBytes: UNZIPPED_MAX_BYTES,
      });
    } catch (err) {
      if (!(err instanceof UnzippedTooLargeError)) throw err;
      throw new ActionError(
        `the package unzips to more than Lambda's ${mb(UNZIPPED_MAX_BYTES)} limit: the first ${err.filesRead} ` +
          `of its ${err.files} files already come to ${mb(err.bytesRead)}; ` +
          `narrow include/exclude, or deploy a container image instead`,
      );
    }
  } finally {
    if (staging) await rm(staging, { recursive: true, force: true });
  }
}
