import type { LambdaClient } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/core/clock.js';
import { GateFailedError } from '../../src/rollout/gates.js';
import { smokeCheck, type Fetch } from '../../src/rollout/smoke-url.js';
import { containsSubset, runSmokeTest } from '../../src/targets/lambda/smoke.js';

/** A Lambda client that answers every Invoke with one canned response and records the input. */
function invokeClient(answer: { Payload?: string; FunctionError?: string }): {
  client: LambdaClient;
  inputs: Record<string, unknown>[];
} {
  const inputs: Record<string, unknown>[] = [];
  const client = {
    send: (cmd: { input: Record<string, unknown> }) => {
      inputs.push(cmd.input);
      return Promise.resolve({
        StatusCode: 200,
        FunctionError: answer.FunctionError,
        Payload: answer.Payload === undefined ? undefined : new TextEncoder().encode(answer.Payload),
      });
    },
  } as unknown as LambdaClient;
  return { client, inputs };
}

describe('containsSubset', () => {
  it('matches objects by key, every key', () => {
    expect(containsSubset({ a: 1, b: 2, c: 3 }, { a: 1, b: 2 })).toBe(true);
    expect(containsSubset({ a: 1 }, { a: 1 })).toBe(true);
    expect(containsSubset({ a: 1, b: 3 }, { a: 1, b: 2 })).toBe(false);
    expect(containsSubset({ a: { b: [1, { c: 2 }] } }, { a: { b: [1, { c: 2 }] } })).toBe(true);
  });

  it('an object expectation never matches a scalar, null or a string', () => {
    expect(containsSubset(null, { a: 1 })).toBe(false);
    expect(containsSubset(5, { a: 1 })).toBe(false);
    expect(containsSubset('abc', { length: 3 })).toBe(false);
    expect(containsSubset(undefined, {})).toBe(false);
  });

  it('matches arrays by position, every position, and only against arrays', () => {
    expect(containsSubset([1, 2, 3], [1, 2])).toBe(true);
    expect(containsSubset([1], [1])).toBe(true);
    expect(containsSubset([2], [1])).toBe(false);
    expect(containsSubset([1, 3], [1, 2])).toBe(false);
    expect(containsSubset({ 0: 1 }, [1])).toBe(false);
    expect(containsSubset('x', ['x'])).toBe(false);
  });

  it('scalars compare with Object.is', () => {
    expect(containsSubset(1, 1)).toBe(true);
    expect(containsSubset('1', 1)).toBe(false);
    expect(containsSubset(null, null)).toBe(true);
  });
});

describe('runSmokeTest', () => {
  it('invokes the version itself, synchronously, with the payload', async () => {
    const { client, inputs } = invokeClient({ Payload: '{"ok":true}' });
    await runSmokeTest(client, 'fn', '7', { payload: '{"ping":1}', expect: undefined });
    expect(inputs).toHaveLength(1);
    expect(inputs[0]).toMatchObject({
      FunctionName: 'fn',
      Qualifier: '7',
      InvocationType: 'RequestResponse',
    });
    expect(new TextDecoder().decode(inputs[0]!.Payload as Uint8Array)).toBe('{"ping":1}');
  });

  it('a JSON smoke-expect is a deep subset of a JSON answer, whatever its spacing', async () => {
    const { client } = invokeClient({ Payload: '{ "ok": true, "n": 1 }' });
    await expect(
      runSmokeTest(client, 'fn', '7', { payload: '{}', expect: '{"ok":true}' }),
    ).resolves.toBeUndefined();
    await expect(runSmokeTest(client, 'fn', '7', { payload: '{}', expect: '{"ok":false}' })).rejects.toThrow(
      'smoke test failed: version 7 answered { "ok": true, "n": 1 }, which does not match smoke-expect {"ok":false}',
    );
  });

  it('a JSON smoke-expect is not satisfied by the same text nested deeper or as a substring', async () => {
    const { client } = invokeClient({ Payload: '{"body":{"ok":true}}' });
    await expect(runSmokeTest(client, 'fn', '3', { payload: '{}', expect: '{"ok":true}' })).rejects.toThrow(
      'smoke test failed: version 3 answered {"body":{"ok":true}}, which does not match smoke-expect {"ok":true}',
    );
  });

  it('a smoke-expect that is not JSON, or an answer that is not JSON, is a substring check', async () => {
    const text = invokeClient({ Payload: 'hello world' });
    await runSmokeTest(text.client, 'fn', '2', { payload: '{}', expect: 'lo wo' });
    await runSmokeTest(text.client, 'fn', '2', { payload: '{}', expect: '"hello' }).then(
      () => expect.fail('should not match'),
      (err: Error) =>
        expect(err.message).toBe(
          'smoke test failed: version 2 answered hello world, which does not match smoke-expect "hello',
        ),
    );
    const raw = invokeClient({ Payload: 'status: {"ok":true}' });
    await runSmokeTest(raw.client, 'fn', '2', { payload: '{}', expect: '{"ok":true}' });
  });

  it('no Payload reads as an empty body', async () => {
    const { client } = invokeClient({ FunctionError: 'Unhandled' });
    await expect(runSmokeTest(client, 'fn', '4', { payload: '{}', expect: undefined })).rejects.toThrow(
      /^smoke test failed: version 4 raised Unhandled: $/,
    );
    const empty = invokeClient({});
    await expect(runSmokeTest(empty.client, 'fn', '4', { payload: '{}', expect: 'x' })).rejects.toThrow(
      /^smoke test failed: version 4 answered , which does not match smoke-expect x$/,
    );
  });

  it('shows a body of 300 characters whole and cuts a longer one to 297 plus an ellipsis', async () => {
    const b300 = 'a'.repeat(300);
    const at300 = invokeClient({ Payload: b300, FunctionError: 'Unhandled' });
    await expect(runSmokeTest(at300.client, 'fn', '5', { payload: '{}', expect: undefined })).rejects.toThrow(
      new RegExp(`^smoke test failed: version 5 raised Unhandled: ${b300}$`),
    );
    const b301 = 'b'.repeat(301);
    const at301 = invokeClient({ Payload: b301, FunctionError: 'Unhandled' });
    await expect(runSmokeTest(at301.client, 'fn', '5', { payload: '{}', expect: undefined })).rejects.toThrow(
      new RegExp(`^smoke test failed: version 5 raised Unhandled: ${'b'.repeat(297)}\\.\\.\\.$`),
    );
    const short = invokeClient({ Payload: 'c'.repeat(299) });
    await expect(runSmokeTest(short.client, 'fn', '5', { payload: '{}', expect: 'zzz' })).rejects.toThrow(
      new RegExp(`^smoke test failed: version 5 answered ${'c'.repeat(299)}, which`),
    );
  });

  it('the match is against the whole body, not the cut one', async () => {
    const body = `${'d'.repeat(400)}tail`;
    const { client } = invokeClient({ Payload: body });
    await expect(runSmokeTest(client, 'fn', '6', { payload: '{}', expect: 'tail' })).resolves.toBeUndefined();
  });
});

describe('smokeCheck', () => {
  function settings(
    statuses: (number | Error | string)[],
    extra: { attempts?: number; intervalMs?: number } = {},
  ) {
    const sleeps: number[] = [];
    const seen: { method: string; redirect: string; aborted: boolean }[] = [];
    const clock: Clock = {
      now: () => 0,
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
    };
    const fetch: Fetch = (_url, init) => {
      seen.push({ method: init.method, redirect: init.redirect, aborted: init.signal.aborted });
      const next = statuses.shift();
      if (next === undefined) throw new Error('no more answers');
      if (typeof next === 'number') return Promise.resolve({ status: next });
      return Promise.reject(next as unknown as Error);
    };
    return { s: { fetch, clock, signal: new AbortController().signal, ...extra }, sleeps, seen };
  }

  it('counts 200 and 399 as up, 199 and 400 as down', async () => {
    for (const [status, ok] of [
      [200, true],
      [399, true],
      [199, false],
      [400, false],
      [500, false],
    ] as const) {
      const { s } = settings([status], { attempts: 1 });
      const out = await smokeCheck('http://t/health', s);
      expect(out).toEqual({
        ok,
        detail: ok
          ? `GET http://t/health answered ${status}`
          : `GET http://t/health answered ${status} (1 tries)`,
      });
    }
  });

  it('GETs without following redirects', async () => {
    const { s, seen } = settings([204], { attempts: 1 });
    await smokeCheck('http://t/', s);
    expect(seen).toEqual([{ method: 'GET', redirect: 'manual', aborted: false }]);
  });

  it('the request is cut by the run signal', async () => {
    const ctl = new AbortController();
    ctl.abort(new Error('cancelled'));
    const { s, seen } = settings([200], { attempts: 1 });
    await smokeCheck('http://t/', { ...s, signal: ctl.signal });
    expect(seen[0]!.aborted).toBe(true);
  });

  it('sleeps between tries, not after the last, and reports a thrown error', async () => {
    const { s, sleeps } = settings([500, new Error('connect ECONNREFUSED'), 'odd'], { intervalMs: 1234 });
    const out = await smokeCheck('http://t/x', s);
    expect(out).toEqual({ ok: false, detail: 'GET http://t/x failed: odd (3 tries)' });
    expect(sleeps).toEqual([1234, 1234]);
    const second = settings([new Error('connect ECONNREFUSED')], { attempts: 1 });
    expect(await smokeCheck('http://t/x', second.s)).toEqual({
      ok: false,
      detail: 'GET http://t/x failed: connect ECONNREFUSED (1 tries)',
    });
  });

  it('defaults to 3 tries 5 s apart and stops at the first good answer', async () => {
    const { s, sleeps } = settings([503, 200]);
    expect(await smokeCheck('http://t/', s)).toEqual({ ok: true, detail: 'GET http://t/ answered 200' });
    expect(sleeps).toEqual([5000]);
    const none = settings([]);
    expect(await smokeCheck('http://t/', { ...none.s, attempts: 0 })).toEqual({
      ok: false,
      detail: ' (0 tries)',
    });
  });
});

describe('GateFailedError', () => {
  it('names itself and every failed gate with its detail', () => {
    const err = new GateFailedError([
      { name: 'alarm a', ok: false, detail: 'ALARM' },
      { name: 'smoke test', ok: false, detail: '503' },
    ]);
    expect(err.name).toBe('GateFailedError');
    expect(err.message).toBe('gate failed: alarm a (ALARM); smoke test (503)');
  });
});
