import type { Clock } from './clock.js';
import { ActionError, awsErrorCode, isThrottlingError } from './errors.js';
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
  /** The jitter source; by default one seeded from what the wait is for (see seededRandom). */
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
 * A jitter source seeded from `seed` (FNV-1a, then mulberry32). Waits on different resources draw different
 * sequences, so parallel rollouts in one account do not poll in step; the same wait draws the same sequence,
 * so a run on a virtual clock repeats exactly.
 */
export function seededRandom(seed: string): () => number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  let s = h >>> 0;
  return () => {
    let t = (s = (s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Polls `probe` until it reports done, the deadline passes, or the signal aborts. The interval starts at
 * the floor, grows by half while nothing changes, and returns to the floor when the status changes, with
 * up to 20% jitter upward (never below the floor) so that parallel runs do not poll in step. A probe that AWS
 * throttles (after the SDK's own retries) does not end the wait: the account's request rate is shared by every
 * rollout in the region, so the wait backs off (doubling while throttled, then back to its own interval) and
 * tries again, never treating the unread state as done. A progress line is logged on every change of status and at least once a minute.
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
  const random = settings.random ?? seededRandom(what);
  const start = clock.now();
  const deadline = start + timeoutMs;
  let interval = floor;
  let lastStatus: string | undefined;
  let lastLogAt = -Infinity;
  /** The wait while AWS throttles the probe's reads (0 when it does not). */
  let backoff = 0;
  for (;;) {
    signal.throwIfAborted();
    let result: Awaited<ReturnType<Probe<T>>>;
    let throttled = false;
    try {
      result = await probe();
    } catch (err) {
      if (!isThrottlingError(err) || signal.aborted) throw err;
      throttled = true;
      result = { done: false, status: `AWS throttled a read (${awsErrorCode(err)}); polling less often` };
    }
    if (result.done) return result.value;
    const now = clock.now();
    if (throttled) {
      // Not a change of state: the status before it stands. The wait backs off, doubling while AWS throttles,
      // and returns to its own interval once a read goes through.
      if (now - lastLogAt >= PROGRESS_EVERY_MS || !backoff) {
        log(`${what}: ${result.status}`);
        lastLogAt = now;
      }
      backoff = Math.min(ceiling, backoff ? backoff * 2 : interval * 2);
    } else if (result.status !== lastStatus || now - lastLogAt >= PROGRESS_EVERY_MS) {
      log(
        `${what}: ${result.status} (${formatDuration(now - start)} elapsed, ${formatDuration(Math.max(0, deadline - now))} left)`,
      );
      lastLogAt = now;
      interval = result.status !== lastStatus ? floor : Math.min(ceiling, interval * 1.5);
      lastStatus = result.status;
      backoff = 0;
    } else {
      interval = Math.min(ceiling, interval * 1.5);
      backoff = 0;
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
    const jittered = Math.min(ceiling, (backoff || interval) * (1 + 0.2 * random()));
    await clock.sleep(Math.max(1, Math.min(jittered, deadline - now)), signal);
  }
}

/**
 * Runs a one-off read (not a wait) that AWS may throttle, such as the first read of the alarms while every
 * rollout in the account starts at once. The first attempt is made at once, as a plain call would be; a
 * throttling error after the SDK's own retries then backs off one poll floor and goes on as a wait's probe
 * does, until `timeoutMs`. Any other error ends it at once.
 */
export async function retryWhileThrottled<T>(
  settings: PollSettings,
  what: string,
  timeoutMs: number,
  read: () => Promise<T>,
): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (!isThrottlingError(err) || settings.signal.aborted) throw err;
    settings.log(`${what}: AWS throttled a read (${awsErrorCode(err)}); trying again`);
  }
  await settings.clock.sleep(settings.floorMs ?? 5_000, settings.signal);
  return pollUntil(settings, what, timeoutMs, async () => ({ done: true, value: await read() }));
}
