import type { Clock } from '../../src/core/clock.js';

interface Timer {
  at: number;
  seq: number;
  fire: () => void;
  /** A sleep moves time forward; a scripted event only happens once time reaches it. */
  sleeper: boolean;
}

/**
 * Virtual time shared by the actions and the simulated account. A sleep registers a timer; once every
 * runnable task has settled (two macrotask turns), the clock jumps to the earliest timer and fires it. So a
 * 20-minute rollout runs in milliseconds, and parallel waits still wake in the right order. Only sleeps move
 * time: a scripted event (an alarm, a cancel) fires when the sleeps carry time past it, never while the
 * action is busy with real work (file reads, imports) and asleep nowhere.
 */
export class VirtualClock implements Clock {
  private t: number;
  private seq = 0;
  private timers: Timer[] = [];
  private pumping = false;
  /** Called after every jump in time, with the new time (the account ticks its services here). */
  readonly onAdvance: Array<(now: number) => void> = [];

  constructor(start = Date.UTC(2026, 10, 22, 9, 0, 0)) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  /** Runs `fn` when virtual time reaches `at` (an alarm firing, a cancel). */
  at(at: number, fn: () => void): void {
    this.timers.push({ at, seq: this.seq++, fire: fn, sleeper: false });
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason as Error);
      const timer: Timer = {
        at: this.t + Math.max(0, ms),
        seq: this.seq++,
        sleeper: true,
        fire: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        this.timers = this.timers.filter((x) => x !== timer);
        reject(signal?.reason as Error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.timers.push(timer);
      this.schedulePump();
    });
  }

  /** Moves time forward by hand (for set-up between runs), firing whatever falls due. */
  advance(ms: number): void {
    const to = this.t + ms;
    for (;;) {
      const next = this.earliest();
      if (!next || next.at > to) break;
      this.fireTimer(next);
    }
    this.setTime(to);
  }

  private earliest(): Timer | undefined {
    let best: Timer | undefined;
    for (const x of this.timers)
      if (!best || x.at < best.at || (x.at === best.at && x.seq < best.seq)) best = x;
    return best;
  }

  private setTime(to: number): void {
    if (to <= this.t) return;
    this.t = to;
    for (const fn of this.onAdvance) fn(to);
  }

  private fireTimer(timer: Timer): void {
    this.timers = this.timers.filter((x) => x !== timer);
    this.setTime(timer.at);
    timer.fire();
  }

  private schedulePump(): void {
    if (this.pumping) return;
    this.pumping = true;
    // Two turns let every task that is about to sleep register its timer before time jumps.
    setImmediate(() =>
      setImmediate(() => {
        this.pumping = false;
        if (!this.timers.some((x) => x.sleeper)) return;
        const next = this.earliest();
        if (!next) return;
        this.fireTimer(next);
        if (this.timers.some((x) => x.sleeper)) this.schedulePump();
      }),
    );
  }
}
