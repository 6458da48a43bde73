import type { Clock } from './clock.js';
import { ActionError } from './errors.js';
import { formatDuration } from './inputs.js';

export type Probe<T> = () => Promise<{ done: true; value: T } | { done: false; status: string }>;

export interface PollSettings {
  clock: Clock;
  signal: AbortSignal;
  log: (line: string) => void;
  /** Shortest wait between probes (default 5 s). */
  floorMs?: number;
  /** Longest wait between probes (default 30 s). */
  ceilingMs?: number;
  random?: () => number;
}

/** A wait that ran past its deadline; `diagnosis` holds the lines that say why. */
export class WaitTimeoutError extends ActionError {
  constructor(
    message: string,
    readonly diagnosis: readonly string[],
  ) {
    super(message);
  }
}

const PROGRESS_EVERY_MS = 60_000;

/**
 * Polls `probe` until it reports done, the deadline passes, or the signal aborts. The interval starts at
 * the floor, grows by half while nothing changes, and returns to the floor when the status changes, with
 * up to 20% jitter upward (never below the floor) so that parallel runs do not poll in step. A progress line is logged on every change of
 * status and at least once a minute.
 */
export async function pollUntil<T>(
  settings: PollSettings,
  what: string,
  timeoutMs: number,
  probe: Probe<T>,
  diagnose?: () => Promise<string[]>,
): Promise<T> {
  const { clock, signal, log } = settings;
  const floor = settings.floorMs ?? 5_000;
  const ceiling = Math.max(floor, settings.ceilingMs ?? 30_000);
  const random = settings.random ?? Math.random;
  const start = clock.now();
  const deadline = start + timeoutMs;
  let interval = floor;
  let lastStatus: string | undefined;
  let lastLogAt = -Infinity;
  for (;;) {
    signal.throwIfAborted();
    const result = await probe();
    if (result.done) return result.value;
    const now = clock.now();
    if (result.status !== lastStatus || now - lastLogAt >= PROGRESS_EVERY_MS) {
      log(
        `${what}: ${result.status} (${formatDuration(now - start)} elapsed, ${formatDuration(Math.max(0, deadline - now))} left)`,
      );
      lastLogAt = now;
      interval = result.status !== lastStatus ? floor : Math.min(ceiling, interval * 1.5);
      lastStatus = result.status;
    } else {
      interval = Math.min(ceiling, interval * 1.5);
    }
    if (now >= deadline) {
      const diagnosis = diagnose
        ? await diagnose().catch((err: unknown) => [`(diagnosis failed: ${String(err)})`])
        : [];
      throw new WaitTimeoutError(
        `timed out after ${formatDuration(timeoutMs)} waiting for ${what}; last status: ${result.status}`,
        diagnosis,
      );
    }
    const jittered = Math.min(ceiling, interval * (1 + 0.2 * random()));
    await clock.sleep(Math.max(1, Math.min(jittered, deadline - now)), signal);
  }
}
