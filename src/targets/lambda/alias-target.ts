import type { AliasConfiguration, LambdaClient } from '@aws-sdk/client-lambda';
import {
  CreateAliasCommand,
  DeleteAliasCommand,
  GetAliasCommand,
  GetFunctionConfigurationCommand,
  UpdateAliasCommand,
} from '@aws-sdk/client-lambda';
import { ActionError, isAwsError } from '../../core/errors.js';
import type { RolloutContext } from '../../rollout/context.js';
import type { HealthReport, Target, TargetState } from '../../rollout/target.js';
import type { Wait } from './busy.js';
import { whenIdle } from './busy.js';
import type { SmokeTest } from './smoke.js';
import { runSmokeTest } from './smoke.js';
import { stateProblem, waitForActive } from './version-state.js';

/** What the post step needs to rebuild this target after a cancel. */
export interface LambdaAliasState {
  region: string;
  functionName: string;
  alias: string;
  version: string;
  /** The version the alias served before, or undefined when this deploy creates the alias. */
  previous: string | undefined;
  /** How long to wait out "another operation is in progress" on the alias (the wait-timeout input). */
  waitTimeoutMs: number;
}

// Lambda stores weights as doubles; compare what we wrote with what we read at this precision.
const WEIGHT_EPSILON = 1e-6;

const extraWeights = (a: AliasConfiguration | undefined): Record<string, number> =>
  a?.RoutingConfig?.AdditionalVersionWeights ?? {};

/**
 * A Lambda alias as a rollout target: traffic moves with the alias's routing config (one extra published
 * version with a weight), and every write is read back before the rollout goes on.
 */
export class LambdaAliasTarget implements Target {
  readonly label: string;
  private previous: string | undefined;
  private aliasExists = false;
  /** Whether this rollout has written the alias yet: a rollback before that has nothing to undo. */
  private touched = false;

  constructor(
    private readonly client: LambdaClient,
    private readonly spec: {
      functionName: string;
      alias: string;
      version: string;
      smoke: SmokeTest | undefined;
      waitTimeoutMs: number;
    },
    restored?: LambdaAliasState,
  ) {
    this.label = `alias ${spec.alias} of function ${spec.functionName}`;
    if (restored) {
      this.previous = restored.previous;
      this.aliasExists = true;
      this.touched = true;
    }
  }

  get previousVersion(): string | undefined {
    return this.previous;
  }

  private async readAlias(): Promise<AliasConfiguration | undefined> {
    try {
      return await this.client.send(
        new GetAliasCommand({ FunctionName: this.spec.functionName, Name: this.spec.alias }),
      );
    } catch (err) {
      if (isAwsError(err, 'ResourceNotFoundException')) return undefined;
      throw err;
    }
  }

  async describe(): Promise<TargetState> {
    const { functionName, version } = this.spec;
    const cfg = await this.client
      .send(new GetFunctionConfigurationCommand({ FunctionName: functionName, Qualifier: version }))
      .catch((err: unknown) => {
        if (isAwsError(err, 'ResourceNotFoundException'))
          throw new ActionError(
            `version ${version} of function ${functionName} does not exist; publish it first (publish-function)`,
          );
        throw err;
      });
    const problem = stateProblem(cfg, functionName, version);
    if (problem) throw new ActionError(problem);
    const alias = await this.readAlias();
    this.aliasExists = alias !== undefined;
    this.previous = alias?.FunctionVersion;
    const weights = extraWeights(alias);
    const third = Object.entries(weights).find(([v, w]) => v !== version && w > 0);
    return {
      current: this.previous,
      upToDate: alias?.FunctionVersion === version && Object.keys(weights).length === 0,
      inProgress: third
        ? `alias ${this.spec.alias} already routes ${(third[1] * 100).toFixed(1)}% to version ${third[0]}`
        : undefined,
    };
  }

  async prepareGreen(ctx: RolloutContext): Promise<void> {
    // Lambda invokes a version, and the health gate passes it, only once it is Active: a new one may be Pending.
    const { functionName, version, waitTimeoutMs } = this.spec;
    await waitForActive(ctx.waitUntil.bind(ctx), this.client, functionName, version, waitTimeoutMs);
    if (!this.spec.smoke) return;
    ctx.log(`smoke test: invoking version ${this.spec.version} before it gets any traffic`);
    try {
      await runSmokeTest(this.client, this.spec.functionName, this.spec.version, this.spec.smoke);
    } catch (err) {
      ctx.check({ name: 'smoke test', ok: false, detail: (err as Error).message });
      throw err;
    }
    ctx.check({ name: 'smoke test', ok: true, detail: `version ${this.spec.version} answered as expected` });
    ctx.log('smoke test passed');
  }

  async shift(percent: number, ctx: RolloutContext): Promise<void> {
    const { functionName, alias, version } = this.spec;
    if (!this.aliasExists) {
      // A first deploy has no old version to split traffic with: the alias is created at the last step.
      if (percent < 100)
        return ctx.log(`first deploy: no previous version to share traffic with at ${percent}%`);
      this.touched = true;
      await this.client.send(
        new CreateAliasCommand({ FunctionName: functionName, Name: alias, FunctionVersion: version }),
      );
      this.aliasExists = true;
    } else {
      this.touched = true;
      const main = percent >= 100 ? version : (this.previous as string);
      const weights: Record<string, number> = percent >= 100 ? {} : { [version]: percent / 100 };
      await this.updateAlias(ctx.waitUntil.bind(ctx), main, weights);
    }
    await this.verify(
      percent >= 100 ? version : (this.previous as string),
      percent >= 100 ? {} : { [version]: percent / 100 },
    );
    ctx.log(`${this.label}: ${percent}% on version ${version} (read back)`);
  }

  /**
   * UpdateAlias, waiting out ResourceConflictException (provisioned concurrency being reallocated on the
   * alias, another operation in progress) within wait-timeout: a busy alias is no reason to roll back.
   */
  private async updateAlias(wait: Wait, main: string, weights: Record<string, number>): Promise<void> {
    const { functionName, alias, waitTimeoutMs } = this.spec;
    await whenIdle(wait, `UpdateAlias on ${functionName}:${alias}`, waitTimeoutMs, () =>
      this.client.send(
        new UpdateAliasCommand({
          FunctionName: functionName,
          Name: alias,
          FunctionVersion: main,
          RoutingConfig: { AdditionalVersionWeights: weights },
        }),
      ),
    );
  }

  /** Reads the alias back: success is what Lambda reports, not what we asked for. */
  private async verify(main: string, weights: Record<string, number>): Promise<void> {
    const alias = await this.readAlias();
    const got = extraWeights(alias);
    const same =
      alias?.FunctionVersion === main &&
      Object.keys(got).length === Object.keys(weights).length &&
      // Stryker disable next-line EqualityOperator,UnaryOperator: weights are whole percent (multiples of 0.01), so a difference of exactly 1e-6 never occurs, and an additional version's weight is below 1, so a missing one read as +1 never matches either
      Object.entries(weights).every(([v, w]) => Math.abs((got[v] ?? -1) - w) < WEIGHT_EPSILON);
    if (!same)
      throw new ActionError(
        `${this.label} reads back as version ${alias?.FunctionVersion ?? '(missing)'} with weights ${JSON.stringify(got)}; ` +
          `expected version ${main} with ${JSON.stringify(weights)} (another writer changed it?)`,
      );
  }

  async health(): Promise<HealthReport> {
    const cfg = await this.client.send(
      new GetFunctionConfigurationCommand({
        FunctionName: this.spec.functionName,
        Qualifier: this.spec.version,
      }),
    );
    const ok = cfg.State === 'Active' || cfg.State === undefined;
    return {
      name: `version ${this.spec.version} state`,
      ok,
      detail: `${cfg.State ?? 'Active'}${cfg.StateReason ? `: ${cfg.StateReason}` : ''}`,
    };
  }

  async finalize(ctx: RolloutContext): Promise<void> {
    await this.verify(this.spec.version, {});
    ctx.log(`${this.label}: version ${this.spec.version} with no routing config (read back)`);
  }

  async rollback(ctx: RolloutContext): Promise<void> {
    const { functionName, alias } = this.spec;
    if (!this.touched) return ctx.log(`${this.label} was never changed: nothing to roll back`);
    if (this.previous === undefined) {
      // The alias did not exist before this deploy: "fully old" means no alias.
      // After a cancel the post step may come here before CreateAlias ever ran: nothing to delete then.
      await this.client
        .send(new DeleteAliasCommand({ FunctionName: functionName, Name: alias }))
        .catch((err: unknown) => {
          if (!isAwsError(err, 'ResourceNotFoundException')) throw err;
        });
      if ((await this.readAlias()) !== undefined)
        throw new ActionError(`${this.label} still exists after DeleteAlias`);
      ctx.log(`${this.label} deleted: it did not exist before this deploy`);
      return;
    }
    // A shift that never got through (a conflict that outlasted wait-timeout) leaves nothing to undo.
    const now = await this.readAlias();
    if (now?.FunctionVersion === this.previous && Object.keys(extraWeights(now)).length === 0)
      return ctx.log(`${this.label} still serves version ${this.previous} alone: nothing to roll back`);
    await this.updateAlias(ctx.waitPlain.bind(ctx), this.previous, {});
    await this.verify(this.previous, {});
    ctx.log(`${this.label} is back on version ${this.previous} with no routing config (read back)`);
  }
}
