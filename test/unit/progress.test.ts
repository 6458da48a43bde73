import { describe, expect, it } from 'vitest';
import { progressReporter } from '../../src/core/progress.js';

describe('progressReporter', () => {
  it('logs once every interval of the clock, with the bytes, the share and the rate so far', () => {
    let now = 1_000_000;
    const lines: string[] = [];
    const report = progressReporter({
      what: 'uploading sha256:0ed04315efe5',
      total: 200_000_000,
      clock: { now: () => now, sleep: async () => undefined },
      log: (line) => lines.push(line),
    });
    now += 9_999;
    report(10_000_000);
    expect(lines).toEqual([]);
    now += 1;
    report(25_000_000);
    now += 5_000;
    report(40_000_000);
    now += 5_000;
    report(50_000_000);
    expect(lines).toEqual([
      'uploading sha256:0ed04315efe5: 25.0 MB of 200.0 MB (12%), 2.5 MB/s',
      'uploading sha256:0ed04315efe5: 50.0 MB of 200.0 MB (25%), 2.5 MB/s',
    ]);
  });

  it('says nothing of a transfer shorter than the interval', () => {
    let now = 0;
    const lines: string[] = [];
    const report = progressReporter({
      what: 'downloading sha256:aa',
      total: 3,
      clock: { now: () => now, sleep: async () => undefined },
      log: (line) => lines.push(line),
      everyMs: 500,
    });
    for (let i = 1; i <= 3; i++) {
      now += 100;
      report(i);
    }
    expect(lines).toEqual([]);
  });
});
