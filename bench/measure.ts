import { execFileSync, spawnSync } from 'node:child_process';

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

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Runs each of `runs` in turn, `rounds` times over, so that all see the same machine state; returns medians. */
export function interleaved(rounds: number, runs: Array<() => number>): number[] {
  const times = runs.map((): number[] => []);
  for (let i = 0; i < rounds; i++) runs.forEach((run, k) => times[k]!.push(run()));
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
