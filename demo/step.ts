import type { Deps } from '../src/core/deps.js';
import { describeFailure } from '../src/core/run.js';
import type { SimAccount } from '../test/sim/account.js';
import { ConsoleIo } from './console-io.js';

/** Runs one action on a simulated account as a workflow step would, printing its lines as they come. */
export class DemoRun {
  readonly summaries: string[] = [];
  private readonly t0: number;

  constructor(
    readonly account: SimAccount,
    private readonly env: Record<string, string>,
  ) {
    this.t0 = account.clock.now();
  }

  async step(
    title: string,
    action: (deps: Deps) => Promise<void>,
    inputs: Record<string, string>,
  ): Promise<ConsoleIo> {
    console.log(`\n▶ ${title}`);
    const io = new ConsoleIo(inputs, this.account.clock, this.t0);
    const deps = this.account.deps(inputs, { io, env: this.env });
    try {
      await action(deps);
      const result = io.outputs['status'] ?? io.outputs['version'] ?? io.outputs['digest'] ?? 'done';
      console.log(`✔ ${title}: ${JSON.stringify(result)}`);
    } catch (err) {
      console.log(`✖ ${title}: ${describeFailure(err)}`);
    }
    this.summaries.push(io.summary);
    return io;
  }

  /** The simulated minutes since the start, the calls made and the invariant violations (final ones too). */
  totals(): string {
    this.account.checkFinalInvariants();
    const minutes = Math.round((this.account.clock.now() - this.t0) / 60_000);
    return `AWS calls made: ${this.account.calls.length}; simulated time: ${minutes} min; invariant violations: ${this.account.violations.length}`;
  }
}
