import type { VirtualClock } from '../test/sim/clock.js';
import { MemoryIo } from '../test/sim/memory-io.js';

/** A MemoryIo that also prints every line as it comes, stamped with the simulated time. */
export class ConsoleIo extends MemoryIo {
  constructor(
    inputs: Record<string, string>,
    private readonly clock: VirtualClock,
    private readonly t0: number,
  ) {
    super(inputs);
  }

  private print(line: string): void {
    const s = Math.round((this.clock.now() - this.t0) / 1000);
    const stamp = `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
    console.log(`  [sim +${stamp}] ${line}`);
  }

  override info(message: string): void {
    super.info(message);
    this.print(message);
  }
  override warning(message: string): void {
    super.warning(message);
    this.print(`warning: ${message}`);
  }
  override error(message: string): void {
    super.error(message);
    this.print(`error: ${message}`);
  }
}
