import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inputEnvName } from '../src/core/io.js';

/**
 * Wall time of one command, in milliseconds. It must exit with `exitCode` (0 unless given): a run that failed
 * for another reason would be timed as a fast one.
 */
export function timeCommand(
  cmd: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; exitCode?: number } = {},
): number {
  const { exitCode = 0, ...spawn } = options;
  const start = process.hrtime.bigint();
  const run = spawnSync(cmd, args, { stdio: 'pipe', ...spawn });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.status !== exitCode)
    throw new Error(
      `${cmd} ${args.join(' ')} exited ${run.status ?? run.signal}, not ${exitCode}: ${String(run.stderr)}${String(run.stdout)}`.slice(
        0,
        2000,
      ),
    );
  return elapsed;
}

/**
 * The environment a hosted runner gives a step: PATH, HOME, the step's own variables and its inputs (as
 * INPUT_<NAME>), nothing else from this shell. This machine sets NODE_EXTRA_CA_CERTS, which node 20 (not
 * 24) reads at every start: `node -e 0` took 114.9 ms with it and 72.5 ms without, median of 15. A runner
 * does not set it.
 */
export function runnerEnv(
  vars: Record<string, string>,
  inputs: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? '',
    ...vars,
  };
  for (const [name, value] of Object.entries(inputs)) env[inputEnvName(name)] = value;
  return env;
}

let installDir: string | undefined;

/**
 * The path of an action's bundle in a copy outside this repository, where a runner keeps the actions it
 * downloads: no node_modules above it. Run from the repository, fdir's optional `require('picomatch')`
 * finds the repository's own copy and loads it, which a runner never does: 10 ms more per build-function
 * start, median of 21 in turn. Copy before `settleWrites`, so that the copy's writes are flushed too.
 */
export function installedBundle(name: string): string {
  if (!installDir) {
    const dir = mkdtempSync(join(tmpdir(), 'slipway-bench-action-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    installDir = dir;
  }
  const target = join(installDir, 'dist', name);
  // SLIPWAY_DIST names a scratch build (scripts/package.mjs --out), as for the bundle tests. The action's
  // entry runs from the bundle all the actions share.
  const dist = resolve(process.env['SLIPWAY_DIST'] ?? 'dist');
  cpSync(join(dist, name), target, { recursive: true });
  cpSync(join(dist, 'shared'), join(installDir, 'dist', 'shared'), { recursive: true });
  return join(target, 'index.js');
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/**
 * How `a` compares with `b` round by round, where a[i] and b[i] were measured in the same round: the range of
 * the ratios, and in how many rounds `a` met `target` (a ratio at or below it). The median ratio alone hides
 * how much this machine moves from one round to the next.
 */
export function perRound(a: readonly number[], b: readonly number[], target: number): string {
  const ratios = a.map((x, i) => x / (b[i] as number)).sort((x, y) => x - y);
  const met = ratios.filter((r) => r <= target).length;
  return `per round ${ratios[0]?.toFixed(2)}x to ${ratios.at(-1)?.toFixed(2)}x, ${met} of ${ratios.length} at or below ${target.toFixed(1)}x`;
}

/**
 * Runs each of `runs` in turn, `rounds` times over, so that all see the same machine state; returns medians.
 * Each round starts one further along, so that no run always follows the same one (and the files it wrote).
 */
export function interleaved(rounds: number, runs: Array<() => number>): number[] {
  const times = runs.map((): number[] => []);
  for (let i = 0; i < rounds; i++)
    for (let j = 0; j < runs.length; j++) {
      const k = (i + j) % runs.length;
      times[k]!.push(runs[k]!());
    }
  return times.map(median);
}

/** `interleaved` for two runs. */
export function sideBySide(rounds: number, a: () => number, b: () => number): { a: number; b: number } {
  const [ma, mb] = interleaved(rounds, [a, b]) as [number, number];
  return { a: ma, b: mb };
}

/**
 * Flushes written files to disk. A fixture written a moment ago is flushed by the kernel in the background
 * for the next half minute, and that work takes CPU from whichever runs come first: measured on the zip
 * bench, build-function (on both cores) ran ~15% slower on a fresh tree while zip (on one) did not.
 */
export function settleWrites(): void {
  execFileSync('sync');
}

// The same CPU work on each thread: deflating 2 MB of text a few times (~100 ms).
const SPIN = `
const { deflateSync } = require('node:zlib');
const { parentPort } = require('node:worker_threads');
const text = Buffer.from('the quick brown fox jumps over the lazy dog '.repeat(50_000));
parentPort.on('message', (rounds) => {
  const start = performance.now();
  for (let i = 0; i < rounds; i++) deflateSync(text, { level: 4 });
  parentPort.postMessage(performance.now() - start);
});
`;

/**
 * How much of two cores the machine gives right now: the throughput of the same work on two threads at
 * once, over one thread's alone (2.0 when both cores are there; less when a neighbour takes one). The
 * targets measured "on 2 cores" assume it; it moves within minutes here, so the bench prints it.
 */
export async function twoCoreThroughput(rounds = 5): Promise<number> {
  const workers = [0, 1].map(() => new Worker(SPIN, { eval: true }));
  const run = (w: Worker, n: number) =>
    new Promise<number>((resolve) => {
      w.once('message', resolve);
      w.postMessage(n);
    });
  try {
    await Promise.all(workers.map((w) => run(w, 1))); // warm both
    const one: number[] = [];
    const two: number[] = [];
    for (let i = 0; i < rounds; i++) {
      one.push(await run(workers[0]!, 3));
      two.push(Math.max(...(await Promise.all(workers.map((w) => run(w, 3))))));
    }
    return (2 * median(one)) / median(two);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
