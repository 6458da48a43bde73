import { execFileSync } from 'node:child_process';

/** Wall time of one command, in milliseconds. */
export function timeCommand(
  cmd: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): number {
  const start = process.hrtime.bigint();
  try {
    execFileSync(cmd, args, { stdio: 'ignore', ...options });
  } catch {
    // A bad-input run exits 1 on purpose; only the time matters here.
  }
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Runs a and b alternately `rounds` times, so that both see the same machine state; returns medians. */
export function sideBySide(rounds: number, a: () => number, b: () => number): { a: number; b: number } {
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    as.push(a());
    bs.push(b());
  }
  return { a: median(as), b: median(bs) };
}
