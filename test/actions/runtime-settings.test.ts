// What the shared entry sets up before an action's chunk loads: node's compile cache, kept in the job's
// RUNNER_TEMP (node 22 and later) and nowhere else, and libuv's thread pool, one thread a core.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { enableCompileCache, threadPoolSize } from '../../src/core/process-setup.js';
import { runBundle } from './bundle.js';

const dir = mkdtempSync(join(tmpdir(), 'slipway-compile-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const nodeMajor = Number(process.versions.node.split('.')[0]);
// Refused before anything else: the run loads the entry and the action's chunk, and fails at once.
const BAD_INPUT = { source: '/no/such/dir' };

describe('the compile cache', () => {
  it('is asked for in RUNNER_TEMP, and not at all without one or on a node without it', () => {
    const enable = vi.fn();
    enableCompileCache({ RUNNER_TEMP: '/job/temp' }, enable);
    expect(enable).toHaveBeenCalledWith(join('/job/temp', 'slipway-compile-cache'));
    enable.mockClear();
    enableCompileCache({ TMPDIR: '/tmp' }, enable);
    expect(enable).not.toHaveBeenCalled();
    expect(() => enableCompileCache({ RUNNER_TEMP: '/job/temp' }, undefined)).not.toThrow();
    const failing = vi.fn(() => {
      throw new Error('EACCES');
    });
    expect(() => enableCompileCache({ RUNNER_TEMP: '/job/temp' }, failing)).not.toThrow();
  });

  it(`holds the chunks a run loaded, in the job's RUNNER_TEMP only (node ${process.versions.node})`, async () => {
    const job = mkdtempSync(join(dir, 'job-'));
    const temp = mkdtempSync(join(dir, 'tmp-'));
    const r = await runBundle('build-function', BAD_INPUT, { env: { RUNNER_TEMP: job, TMPDIR: temp } });
    expect(r.code).toBe(1);
    const cache = join(job, 'slipway-compile-cache');
    if (nodeMajor >= 22) expect(readdirSync(cache, { recursive: true }).length).toBeGreaterThan(1);
    else expect(existsSync(cache)).toBe(false);
    expect(readdirSync(temp)).toEqual([]);
    // Without a RUNNER_TEMP: no cache, not even in the temporary directory node would choose.
    const none = await runBundle('build-function', BAD_INPUT, { env: { TMPDIR: temp } });
    expect(none.code).toBe(1);
    expect(readdirSync(temp)).toEqual([]);
  });
});

describe("libuv's thread pool", () => {
  it('is one thread a core, 2 to 4, unless the environment says', () => {
    expect([1, 2, 3, 4, 16].map((cores) => threadPoolSize({}, cores))).toEqual(['2', '2', '3', '4', '4']);
    expect(threadPoolSize({ UV_THREADPOOL_SIZE: '7' }, 2)).toBe('7');
  });

  it('is set before the action runs, in the bundle', async () => {
    // Records the variable as the process exits, after the action ran.
    const hook = join(dir, 'pool-hook.cjs');
    writeFileSync(
      hook,
      "process.on('exit', () => require('fs').writeFileSync(process.env.POOL_LOG, String(process.env.UV_THREADPOOL_SIZE)));\n",
    );
    const seen = async (env: Record<string, string>): Promise<string> => {
      const log = join(dir, 'pool.log');
      rmSync(log, { force: true });
      const r = await runBundle('build-function', BAD_INPUT, {
        env: { NODE_OPTIONS: `--require ${hook}`, POOL_LOG: log, ...env },
      });
      expect(r.code).toBe(1);
      return readFileSync(log, 'utf8');
    };
    expect(await seen({})).toBe(threadPoolSize({}, availableParallelism()));
    expect(await seen({ UV_THREADPOOL_SIZE: '7' })).toBe('7');
  });
});
