import type { Clock } from './clock.js';
import { formatBytes } from './units.js';

/** How often a long transfer says how far it has got. */
export const PROGRESS_EVERY_MS = 10_000;

export interface ProgressOptions {
  /** What is moving, e.g. `uploading sha256:0ed04315efe5`. */
  what: string;
  total: number;
  clock: Clock;
  log: (line: string) => void;
  everyMs?: number;
}

/**
 * A reporter for one long transfer: give it the bytes done so far each time they grow, and it logs a line
 * once `everyMs` have passed since the start or since its last line. A 2 GB layer over a slow link would
 * otherwise leave the log silent for minutes. It is driven by the bytes, so it holds no timer that could
 * keep an action alive or outlive a failure; a stalled transfer says nothing, and its idle timeout ends it.
 */
export function progressReporter(options: ProgressOptions): (done: number) => void {
  const { what, total, clock, log, everyMs = PROGRESS_EVERY_MS } = options;
  const start = clock.now();
  let last = start;
  return (done) => {
    const now = clock.now();
    if (now - last < everyMs) return;
    last = now;
    const perSecond = done / ((now - start) / 1000);
    log(
      `${what}: ${formatBytes(done)} of ${formatBytes(total)} (${Math.floor((100 * done) / total)}%), ${formatBytes(perSecond)}/s`,
    );
  };
}
