import { describe, expect, it } from 'vitest';
import { mapLimit, settleAll } from '../../src/core/concurrency.js';

const later = <T>(ms: number, value: T, log?: string[], name?: string): Promise<T> =>
  new Promise((resolve) =>
    setTimeout(() => {
      if (name) log?.push(name);
      resolve(value);
    }, ms),
  );

describe('settleAll', () => {
  it('gives the values in order', async () => {
    await expect(settleAll([later(10, 'a'), Promise.resolve(2)])).resolves.toEqual(['a', 2]);
  });

  it('throws the first failure only once every promise has settled', async () => {
    const log: string[] = [];
    const failing = Promise.reject(new Error('first'));
    const slow = later(40, 'slow', log, 'slow settled');
    await expect(
      settleAll([failing, slow, Promise.reject(new Error('second'))]).finally(() => log.push('rejected')),
    ).rejects.toThrow('first');
    expect(log).toEqual(['slow settled', 'rejected']);
  });
});

describe('mapLimit', () => {
  it('keeps the order of the items, with at most `limit` calls in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const out = await mapLimit([30, 5, 20, 1, 10], 2, async (ms, i) => {
      most = Math.max(most, ++inFlight);
      await later(ms, null);
      inFlight--;
      return i;
    });
    expect(out).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
  });

  it('starts nothing after a failure, and rejects once the calls in flight have settled', async () => {
    const log: string[] = [];
    const run = mapLimit(['fails', 'slow', 'third', 'fourth'], 2, async (item) => {
      log.push(`start ${item}`);
      if (item === 'fails') throw new Error('refused');
      await later(40, null);
      log.push(`end ${item}`);
    });
    await expect(run.finally(() => log.push('rejected'))).rejects.toThrow('refused');
    expect(log).toEqual(['start fails', 'start slow', 'end slow', 'rejected']);
  });
});
