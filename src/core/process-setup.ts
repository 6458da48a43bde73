// What the process sets up before an action's chunk loads: it touches process.env, as only the process's
// boundary may (see eslint.config.js).
import * as nodeModule from 'node:module';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

/**
 * Node 22 and later keep V8's compiled code for the chunks loaded after this, so that the next slipway step
 * of the job (a publish after a build, a deploy after a publish) compiles the chunks they share once. It
 * is kept in the job's own RUNNER_TEMP, which the runner empties after the job: never in a temporary
 * directory that another job or user on a self-hosted machine could write to. Elsewhere, nothing.
 */
export function enableCompileCache(
  env: NodeJS.ProcessEnv,
  // Absent before node 22.1; on node 20 the bundles run as they are.
  enable = (nodeModule as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache,
): void {
  const temp = env['RUNNER_TEMP'];
  if (!temp || !enable) return;
  try {
    enable(join(temp, 'slipway-compile-cache'));
  } catch {
    // A cache that cannot be written is only slower.
  }
}

/**
 * libuv's thread pool, where zlib deflates a layer's blocks (oci/gzip.ts), is 4 threads whatever the
 * machine. On a 2-core runner, 4 deflating threads took the CPU from the main thread, which packs the tar
 * and feeds them: build-image of the bench's context took 410 ms with 4, 391 with 2 and 430 with 1
 * (medians of 7 in turn). So: one thread a core, 2 to 4, unless the environment sets it. It is read
 * when the pool starts, at the first task queued on it, after this.
 */
export function threadPoolSize(env: NodeJS.ProcessEnv, cores: number): string {
  return env['UV_THREADPOOL_SIZE'] ?? String(Math.min(4, Math.max(2, cores)));
}

/** libuv's pool size and node's compile cache, before the action's chunk loads (src/actions/index.ts). */
export function prepareProcess(): void {
  process.env['UV_THREADPOOL_SIZE'] = threadPoolSize(process.env, availableParallelism());
  enableCompileCache(process.env);
}
