import type { Deps } from './deps.js';
import { defaultDeps } from './deps.js';
import { AwsError, CancelledError, InputError, RolloutFailedError } from './errors.js';
import { WaitTimeoutError } from './poll.js';

/** One line a user can act on; causes go to the debug log. */
export function describeFailure(err: unknown): string {
  if (err instanceof InputError || err instanceof AwsError || err instanceof RolloutFailedError)
    return err.message;
  if (err instanceof CancelledError) return `${err.message}; the post step finishes the clean-up`;
  if (err instanceof Error) return err.message;
  return String(err);
}

function causes(err: unknown): string[] {
  const lines: string[] = [];
  let cause: unknown = err instanceof Error ? err.cause : undefined;
  while (cause !== undefined) {
    lines.push(`caused by: ${cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)}`);
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  // One debug line per stack frame: the io writes each message as a single line.
  if (err instanceof Error && err.stack) lines.push(...err.stack.split('\n'));
  return lines;
}

/** Runs an action's main step: every error becomes one actionable failed line, and exit code 1. */
export async function runMain(run: (deps: Deps) => Promise<void>, deps: Deps = defaultDeps()): Promise<void> {
  try {
    await run(deps);
  } catch (err) {
    const diagnosis =
      err instanceof RolloutFailedError || err instanceof WaitTimeoutError
        ? err.diagnosis
        : ([] as readonly string[]);
    for (const line of diagnosis) deps.io.error(line);
    for (const line of causes(err)) deps.io.debug(line);
    deps.io.setFailed(describeFailure(err));
  }
}

/** Runs a post step: it cleans up after a failure or cancel, and only ever warns. */
export async function runPost(
  post: (deps: Deps) => Promise<void>,
  deps: Deps = defaultDeps(),
): Promise<void> {
  try {
    await post(deps);
  } catch (err) {
    for (const line of causes(err)) deps.io.debug(line);
    deps.io.warning(`post step: ${describeFailure(err)}`);
  }
}
