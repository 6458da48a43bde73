import type { Io } from '../../src/core/io.js';
import { safeLogLine } from '../../src/core/log-line.js';

/**
 * An Io that keeps everything in memory: inputs in, outputs, state, logs and summary out. Its log lines are
 * made safe as the runner's io makes them, so a test reads what the runner would show.
 */
export class MemoryIo implements Io {
  readonly outputs: Record<string, string> = {};
  readonly state: Record<string, string> = {};
  readonly logs: string[] = [];
  readonly secrets: string[] = [];
  summary = '';
  failed: string | undefined;

  constructor(readonly inputs: Record<string, string> = {}) {}

  getInput(name: string): string {
    return this.inputs[name] ?? '';
  }
  setOutput(name: string, value: string): void {
    this.outputs[name] = value;
  }
  saveState(name: string, value: string): void {
    this.state[name] = value;
  }
  getState(name: string): string {
    return this.state[name] ?? '';
  }
  setSecret(value: string): void {
    this.secrets.push(value);
  }
  info(message: string): void {
    this.logs.push(safeLogLine(message));
  }
  warning(message: string): void {
    this.logs.push(`::warning::${safeLogLine(message)}`);
  }
  error(message: string): void {
    this.logs.push(`::error::${safeLogLine(message)}`);
  }
  debug(message: string): void {
    this.logs.push(`::debug::${safeLogLine(message)}`);
  }
  isDebug(): boolean {
    return false;
  }
  setFailed(message: string): void {
    this.failed = message;
    this.logs.push(`::error::${safeLogLine(message)}`);
  }
  async group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    this.logs.push(`::group::${safeLogLine(title)}`);
    try {
      return await fn();
    } finally {
      this.logs.push('::endgroup::');
    }
  }
  async appendSummary(markdown: string): Promise<void> {
    this.summary += markdown;
  }

  /** A post step reads the same state but fresh logs and outputs, as the runner gives it. */
  forPost(): MemoryIo {
    const io = new MemoryIo(this.inputs);
    Object.assign(io.state, this.state);
    return io;
  }
}
