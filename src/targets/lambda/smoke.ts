import type { LambdaClient } from '@aws-sdk/client-lambda';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { ActionError } from '../../core/errors.js';

export interface SmokeTest {
  payload: string;
  /** JSON: the response must contain it (a deep subset); otherwise a substring of the raw response. */
  expect: string | undefined;
}

/** True when `actual` contains everything in `expected` (objects by key, arrays by position). */
export function containsSubset(actual: unknown, expected: unknown): boolean {
  if (expected === null || typeof expected !== 'object') return Object.is(actual, expected);
  if (actual === null || typeof actual !== 'object') return false;
  if (Array.isArray(expected))
    return Array.isArray(actual) && expected.every((e, i) => containsSubset((actual as unknown[])[i], e));
  return Object.entries(expected).every(([k, v]) =>
    containsSubset((actual as Record<string, unknown>)[k], v),
  );
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Invokes one published version directly (not through the alias) and checks its answer. */
export async function runSmokeTest(
  client: LambdaClient,
  functionName: string,
  version: string,
  smoke: SmokeTest,
): Promise<void> {
  const out = await client.send(
    new InvokeCommand({
      FunctionName: functionName,
      Qualifier: version,
      InvocationType: 'RequestResponse',
      Payload: new TextEncoder().encode(smoke.payload),
    }),
  );
  const body = out.Payload ? new TextDecoder().decode(out.Payload) : '';
  const shown = body.length > 300 ? `${body.slice(0, 297)}...` : body;
  if (out.FunctionError)
    throw new ActionError(`smoke test failed: version ${version} raised ${out.FunctionError}: ${shown}`);
  if (smoke.expect === undefined) return;
  const expected = parseJson(smoke.expect);
  const actual = parseJson(body);
  const matches =
    expected.ok && actual.ok ? containsSubset(actual.value, expected.value) : body.includes(smoke.expect);
  if (!matches)
    throw new ActionError(
      `smoke test failed: version ${version} answered ${shown}, which does not match smoke-expect ${smoke.expect}`,
    );
}
