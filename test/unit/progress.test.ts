import { describe, expect, it } from 'vitest';
import { progressReporter } from '../../src/core/progress.js';

/** A reporter on a clock the test moves, and the lines it logged. */
function watched(what: string, total: number, everyMs?: number) {
  let now = 1_000_000;
  const lines: string[] = [];
  const report = progressReporter({
    what,
    total,
    clock: { now: () => now, sleep: async () => undefined },
    log: (line) => lines.push(line),
    ...(everyMs === undefined ? {} : { everyMs }),
  });
  const at = (elapsedMs: number, done: number): void => {
    now += elapsedMs;
    report(done);
  };
  return { at, lines };
}

describe('progressReporter', () => {
  it('logs once every interval of the clock, with the bytes, the share and the rate so far', () => {
    const { at, lines } = watched('uploading sha256:0ed04315efe5', 200_000_000);
    at(9_999, 10_000_000);
    expect(lines).toEqual([]);
    at(1, 25_000_000);
    at(5_000, 40_000_000);
    at(5_000, 50_000_000);
    expect(lines).toEqual([
      'uploading sha256:0ed04315efe5: 25 MB of 200 MB (12%), 2.5 MB/s',
      'uploading sha256:0ed04315efe5: 50 MB of 200 MB (25%), 2.5 MB/s',
    ]);
  });

  it('says nothing of a transfer shorter than the interval', () => {
    const { at, lines } = watched('downloading sha256:aa', 3, 500);
    for (let i = 1; i <= 3; i++) at(100, i);
    expect(lines).toEqual([]);
  });
});
