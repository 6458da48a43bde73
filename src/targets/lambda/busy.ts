import { isAwsError } from '../../core/errors.js';
import type { RolloutContext } from '../../rollout/context.js';

/** A wait from the rollout context: `waitUntil` (gates checked at each poll) or `waitPlain`. */
export type Wait = RolloutContext['waitPlain'];

/**
 * Runs a Lambda mutation, waiting out ResourceConflictException ("another operation is in progress":
 * an update of the function, provisioned concurrency being reallocated on an alias) until `timeoutMs`,
 * instead of failing on it. https://docs.aws.amazon.com/lambda/latest/api/API_UpdateAlias.html and
 * API_UpdateFunctionCode.html list it among the errors of every mutation.
 */
export function whenIdle<T>(
  wait: Wait,
  what: string,
  timeoutMs: number,
  fn: () => Promise<T>,
  busy = 'another operation is in progress',
): Promise<T> {
  return wait(what, timeoutMs, async () => {
    try {
      return { done: true, value: await fn() };
    } catch (err) {
      if (isAwsError(err, 'ResourceConflictException')) return { done: false, status: busy };
      throw err;
    }
  });
}
