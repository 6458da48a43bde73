import type { Clock } from '../core/clock.js';
import { httpTransport } from '../core/http.js';

/** The part of fetch the smoke check uses; tests inject their own. */
export type Fetch = (
  url: string,
  init: { method: string; redirect: 'manual'; signal: AbortSignal },
) => Promise<{ status: number }>;

/** The smoke check's own client: a GET through slipway's HTTP transport, its body left unread. */
export const httpFetch: Fetch = async (url, init) => {
  const res = await httpTransport.send({
    method: 'GET',
    url: new URL(url),
    headers: {},
    signal: init.signal,
    redirect: init.redirect,
  });
  await res.discard();
  return { status: res.status };
};

export interface SmokeSettings {
  fetch: Fetch;
  clock: Clock;
  signal: AbortSignal;
  /** Tries before it counts as failed: listener rule changes take a moment to apply everywhere. */
  attempts?: number;
  intervalMs?: number;
  timeoutMs?: number;
}

/**
 * GETs the smoke URL (the test listener, which serves the new revision only) until it answers 2xx or 3xx,
 * a few times apart. Returns what it saw, for the log and the failure message.
 */
export async function smokeCheck(url: string, s: SmokeSettings): Promise<{ ok: boolean; detail: string }> {
  const attempts = s.attempts ?? 3;
  let detail = '';
  for (let n = 1; n <= attempts; n++) {
    try {
      const res = await s.fetch(url, {
        method: 'GET',
        redirect: 'manual',
        signal: AbortSignal.any([s.signal, AbortSignal.timeout(s.timeoutMs ?? 10_000)]),
      });
      detail = `GET ${url} answered ${res.status}`;
      if (res.status >= 200 && res.status < 400) return { ok: true, detail };
    } catch (err) {
      s.signal.throwIfAborted();
      detail = `GET ${url} failed: ${err instanceof Error ? err.message : String(err)}`;
    }
    if (n < attempts) await s.clock.sleep(s.intervalMs ?? 5_000, s.signal);
  }
  return { ok: false, detail: `${detail} (${attempts} tries)` };
}
