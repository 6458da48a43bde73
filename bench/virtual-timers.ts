// For the scale bench only: the SDK's retry backoff waits on a plain setTimeout, which the simulated account
// cannot virtualise (it shrinks the delays 50-fold instead, so that scenarios run in seconds). With 100
// rollouts sharing rate limits, that makes a throttled call retry almost at once in virtual time, which real
// AWS would not see. Here every timer with a delay runs on the virtual clock at its real length, and
// Math.random (the SDK's backoff jitter) is seeded, so the bench is both faithful and repeatable.
import { Retry } from '@smithy/core/retry';
import type { VirtualClock } from '../test/sim/clock.js';

interface VirtualHandle {
  ref(): VirtualHandle;
  unref(): VirtualHandle;
  hasRef(): boolean;
  refresh(): VirtualHandle;
  virtual: true;
}

/** Installs the virtual timers and the seeded random; returns what puts the originals back. */
export function virtualTimers(clock: VirtualClock, seed: number): () => void {
  const real = { setTimeout, clearTimeout, random: Math.random };
  const retry = Retry as unknown as { delay: () => number; throttlingDelay: () => number };
  const shrunk = { delay: retry.delay, throttlingDelay: retry.throttlingDelay };
  // SimAccount divides the SDK's base delays by 50 (WALL_CLOCK_COMPRESSION); on the virtual clock they can be
  // their real length again.
  retry.delay = () => shrunk.delay() * 50;
  retry.throttlingDelay = () => shrunk.throttlingDelay() * 50;

  const cancelled = new WeakSet<VirtualHandle>();
  const virtualSetTimeout = (fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]): unknown => {
    if (typeof ms !== 'number' || ms <= 0) return real.setTimeout(fn, ms, ...args);
    const handle: VirtualHandle = {
      ref: () => handle,
      unref: () => handle,
      hasRef: () => false,
      refresh: () => handle,
      virtual: true,
    };
    void clock.sleep(ms).then(() => {
      if (!cancelled.has(handle)) fn(...args);
    });
    return handle;
  };
  const virtualClearTimeout = (h: unknown): void => {
    if (h && typeof h === 'object' && (h as Partial<VirtualHandle>).virtual)
      cancelled.add(h as VirtualHandle);
    else real.clearTimeout(h as NodeJS.Timeout);
  };
  let s = seed >>> 0;
  Math.random = () => {
    // mulberry32
    let t = (s = (s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  globalThis.setTimeout = virtualSetTimeout as unknown as typeof setTimeout;
  globalThis.clearTimeout = virtualClearTimeout as typeof clearTimeout;
  return () => {
    globalThis.setTimeout = real.setTimeout;
    globalThis.clearTimeout = real.clearTimeout;
    Math.random = real.random;
    retry.delay = shrunk.delay;
    retry.throttlingDelay = shrunk.throttlingDelay;
  };
}
