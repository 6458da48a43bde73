import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/core/deps.js';
import { InputError } from '../../src/core/errors.js';
import type { SimAccount } from '../sim/account.js';
import { startEndpointRecorder } from './aws-endpoint-recorder.js';
import { errorLines, runBundle } from './bundle.js';

export type BadInputCase = [action: string, input: string, inputs: Record<string, string>];

export interface BadInputSuite {
  title: string;
  cases: readonly BadInputCase[];
  minCases: number;
  /** Each action's main, for the in-process run; every one of them must have cases. */
  runs: Record<string, (deps: Deps) => Promise<void>>;
  /** A fresh simulated account for each in-process run. */
  account: () => SimAccount;
  cwd: string;
}

/**
 * The bad-input contract, for each case: through the bundle, exit 1 with exactly one `::error::` line naming
 * the input and no outputs; in process, an InputError for that input before any simulated AWS call; and
 * no bundle ever reaching the loopback AWS endpoint. `more` adds a suite's own tests.
 */
export function describeBadInput(suite: BadInputSuite, more?: () => void): void {
  describe(suite.title, () => {
    let recorder: Awaited<ReturnType<typeof startEndpointRecorder>>;
    beforeAll(async () => {
      recorder = await startEndpointRecorder();
    });
    afterAll(async () => {
      await recorder.close();
    });

    it(`has at least ${suite.minCases} cases, covering every action`, () => {
      expect(suite.cases.length).toBeGreaterThanOrEqual(suite.minCases);
      expect(new Set(suite.cases.map(([a]) => a))).toEqual(new Set(Object.keys(suite.runs)));
    });

    describe.concurrent.each(suite.cases)('%s with a bad %s', (action, input, inputs) => {
      // No environment variable can hold a NUL (the OS ends the string there), so no runner can pass one to
      // a bundle; such a value is checked in process only.
      const viaEnv = Object.values(inputs).every((v) => !v.includes('\0'));
      it.runIf(viaEnv)('fails through the bundle with one ::error:: line naming the input', async () => {
        const r = await runBundle(action, inputs, {
          env: { AWS_ENDPOINT_URL: recorder.url },
          cwd: suite.cwd,
        });
        expect(r.code).toBe(1);
        const errors = errorLines(r);
        expect(errors).toHaveLength(1);
        expect(errors[0]).toMatch(new RegExp(`^::error::input '${input}': `));
        // No other workflow command: nothing in the value wrote one.
        const commands = r.stdout.split('\n').filter((l) => /^\s*(::|##\[)/.test(l));
        expect(commands.filter((l) => !/^::(error|add-mask)::/.test(l))).toEqual([]);
        expect(r.outputs).toEqual({});
      });

      it('throws InputError before any AWS call, in process', async () => {
        const account = suite.account();
        const deps = account.deps(inputs, { env: { AWS_REGION: '' } });
        const err = await suite.runs[action]!(deps).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(InputError);
        expect((err as InputError).input).toBe(input);
        expect(account.calls).toEqual([]);
      });
    });

    it('no bundle reached the AWS endpoint', () => {
      expect(recorder.requests).toEqual([]);
    });

    more?.();
  });
}
