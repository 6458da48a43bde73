import type { AwsFactory } from './aws.js';
import { realAws } from './aws.js';
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import { CancelledError } from './errors.js';
import type { Io } from './io.js';
import { createActionsIo } from './io.js';

/** Everything a run touches outside its own code; tests and the simulator pass their own. */
export interface Deps {
  io: Io;
  clock: Clock;
  aws: AwsFactory;
  env: Readonly<Record<string, string | undefined>>;
  /** Aborts when the job is cancelled. */
  signal: AbortSignal;
}

/** The runner's deps: real clock, real AWS, and SIGINT/SIGTERM turned into an abort. */
export function defaultDeps(): Deps {
  const controller = new AbortController();
  const cancel = (sig: string) => () => controller.abort(new CancelledError(`cancelled (${sig})`));
  process.once('SIGINT', cancel('SIGINT'));
  process.once('SIGTERM', cancel('SIGTERM'));
  return {
    io: createActionsIo(),
    clock: systemClock,
    aws: realAws,
    env: process.env,
    signal: controller.signal,
  };
}
