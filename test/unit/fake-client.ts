import type { RolloutContext } from '../../src/rollout/context.js';

type Handler = (input: Record<string, unknown>) => unknown;

/**
 * A client whose `send` answers each command by its class name, for unit tests of one failure path that
 * the simulator has no reason to produce (another writer between a write and its read-back).
 */
export function fakeClient<T>(handlers: Record<string, Handler>): T & { sent: string[] } {
  const sent: string[] = [];
  const client = {
    sent,
    async send(cmd: { constructor: { name: string }; input: Record<string, unknown> }) {
      const name = cmd.constructor.name;
      sent.push(name);
      const h = handlers[name];
      if (!h) throw new Error(`fake client: no handler for ${name}`);
      return h(cmd.input);
    },
  };
  return client as unknown as T & { sent: string[] };
}

/** A rollout context that only records log lines and checks. */
export function fakeContext(): RolloutContext & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    signal: new AbortController().signal,
    log: (l: string) => void lines.push(l),
    warn: (l: string) => void lines.push(`warning: ${l}`),
    waitUntil: async () => {
      throw new Error('fake context: no waits expected');
    },
    // Polls the probe a few times without sleeping: enough for a scripted sequence of answers.
    waitPlain: async (
      what: string,
      _timeout: number,
      probe: () => Promise<{ done: boolean; value?: unknown }>,
    ) => {
      for (let i = 0; i < 10; i++) {
        const r = await probe();
        if (r.done) return r.value;
      }
      throw new Error(`fake context: ${what} never finished`);
    },
    check: () => undefined,
    mark: () => undefined,
    checkpoint: () => undefined,
  } as unknown as RolloutContext & { lines: string[] };
}
