import type { Io } from './io.js';

/** Saved state handed from the main step to the post step (GITHUB_STATE), as JSON. */
export function saveJsonState(io: Io, key: string, value: unknown): void {
  io.saveState(key, JSON.stringify(value));
}

export function loadJsonState<T>(io: Io, key: string): T | undefined {
  const raw = io.getState(key);
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return undefined;
  }
}
