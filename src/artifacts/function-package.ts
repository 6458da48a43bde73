import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
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
      staging = mkdtempSync(join(spec.tempDir, 'slipway-function-'));
      const { stageWithNpm } = await import('./npm-staging.js');
      await stageWithNpm(spec.source, staging, spec.log);
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
    if (staging) rmSync(staging, { recursive: true, force: true });
  }
}
