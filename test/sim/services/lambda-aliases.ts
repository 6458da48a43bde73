import { randomUUID } from 'node:crypto';
import type * as sdk from '@aws-sdk/client-lambda';
import type { Alias, SimFunction } from './lambda-model.js';
import { LambdaVersions } from './lambda-versions.js';

/** Aliases: weighted routing to one extra published version, optimistic locking by RevisionId. */
export abstract class LambdaAliases extends LambdaVersions {
  /** Every alias change: for assertions such as "the broken version never got traffic". */
  readonly aliasHistory: Array<{
    t: number;
    fn: string;
    alias: string;
    version: string;
    weights: Record<string, number>;
  }> = [];
  /** The version each alias (`function:alias`) last served whole. */
  protected readonly lastWhole = new Map<string, string>();
  /** Splits that left out the version the alias last served whole (see splitProblems). */
  protected readonly splitsBroken: string[] = [];

  /** The share of an alias's traffic that `version` gets (0..1). */
  weightOf(name: string, alias: string, version: string): number {
    const a = this.functions.get(name)?.aliases.get(alias);
    if (!a) return 0;
    const extra = Object.values(a.weights).reduce((s, w) => s + w, 0);
    if (a.functionVersion === version) return 1 - extra;
    return a.weights[version] ?? 0;
  }

  /**
   * The next `count` UpdateAlias calls on the alias answer ResourceConflictException, as while Lambda
   * reallocates the alias's provisioned concurrency (another operation in progress on the resource).
   */
  conflictAliasUpdates(name: string, alias: string, count: number): void {
    const a = this.fn(name).aliases.get(alias);
    if (!a) throw new Error(`simulator: ${name} has no alias ${alias}`);
    a.conflicts = count;
  }

  protected versionsWithTraffic(a: Pick<Alias, 'functionVersion' | 'weights'>): string[] {
    const extra = Object.values(a.weights).reduce((s, w) => s + w, 0);
    return [
      ...(extra < 1 ? [a.functionVersion] : []),
      ...Object.entries(a.weights)
        .filter(([, w]) => w > 0)
        .map(([v]) => v),
    ];
  }

  private aliasOut(f: SimFunction, a: Alias): sdk.AliasConfiguration {
    return {
      AliasArn: `${f.arn}:${a.name}`,
      Name: a.name,
      FunctionVersion: a.functionVersion,
      Description: a.description,
      RevisionId: a.revisionId,
      ...(Object.keys(a.weights).length
        ? { RoutingConfig: { AdditionalVersionWeights: { ...a.weights } } }
        : {}),
    };
  }

  private checkRouting(
    f: SimFunction,
    version: string,
    routing: sdk.AliasRoutingConfiguration | undefined,
  ): Record<string, number> {
    if (!f.versions.has(version))
      throw this.error('ResourceNotFoundException', `Function not found: ${f.arn}:${version}`, 404);
    const weights = { ...(routing?.AdditionalVersionWeights ?? {}) };
    const entries = Object.entries(weights);
    // https://docs.aws.amazon.com/lambda/latest/dg/configuring-alias-routing.html: one extra published version,
    // weight 0..1, and both versions must share the execution role.
    if (entries.length > 1)
      throw this.error(
        'InvalidParameterValueException',
        'Number of items in AdditionalVersionWeights must be less than or equal to 1',
        400,
      );
    for (const [v, w] of entries) {
      const extra = f.versions.get(v);
      if (!extra) throw this.error('ResourceNotFoundException', `Function not found: ${f.arn}:${v}`, 404);
      if (v === version)
        throw this.error(
          'InvalidParameterValueException',
          'Main version and additional version cannot be the same',
          400,
        );
      if (w < 0 || w > 1)
        throw this.error('InvalidParameterValueException', 'Weight must be between 0.0 and 1.0', 400);
      if (extra.settings.role !== f.versions.get(version)!.settings.role)
        throw this.error(
          'InvalidParameterValueException',
          'Both versions in a routing configuration must have the same execution role',
          400,
        );
    }
    return weights;
  }

  private recordAlias(f: SimFunction, a: Alias): void {
    const key = `${f.name}:${a.name}`;
    const served = this.versionsWithTraffic(a);
    const whole = this.lastWhole.get(key);
    if (served.length === 1) this.lastWhole.set(key, served[0]!);
    else if (whole !== undefined && !served.includes(whole))
      this.splitsBroken.push(
        `alias ${key} split between ${served.join(' and ')}, leaving ${whole}, which it last served whole`,
      );
    this.aliasHistory.push({
      t: this.now,
      fn: f.name,
      alias: a.name,
      version: a.functionVersion,
      weights: { ...a.weights },
    });
  }

  GetAlias(input: sdk.GetAliasRequest): sdk.AliasConfiguration {
    const f = this.fn(input.FunctionName!);
    const a = f.aliases.get(input.Name!);
    if (!a) throw this.error('ResourceNotFoundException', `Alias not found: ${f.arn}:${input.Name}`, 404);
    return this.aliasOut(f, a);
  }

  CreateAlias(input: sdk.CreateAliasRequest): sdk.AliasConfiguration {
    const f = this.fn(input.FunctionName!);
    if (f.aliases.has(input.Name!))
      throw this.error('ResourceConflictException', `Alias already exists: ${f.arn}:${input.Name}`, 409);
    const weights = this.checkRouting(f, input.FunctionVersion!, input.RoutingConfig);
    const a: Alias = {
      name: input.Name!,
      functionVersion: input.FunctionVersion!,
      weights,
      revisionId: randomUUID(),
      description: input.Description ?? '',
      conflicts: 0,
    };
    f.aliases.set(a.name, a);
    this.recordAlias(f, a);
    return this.aliasOut(f, a);
  }

  UpdateAlias(input: sdk.UpdateAliasRequest): sdk.AliasConfiguration {
    const f = this.fn(input.FunctionName!);
    const a = f.aliases.get(input.Name!);
    if (!a) throw this.error('ResourceNotFoundException', `Alias not found: ${f.arn}:${input.Name}`, 404);
    // https://docs.aws.amazon.com/lambda/latest/api/API_UpdateAlias.html (Errors): ResourceConflictException,
    // "another operation is in progress", e.g. provisioned concurrency being reallocated on the alias.
    if (a.conflicts > 0) {
      a.conflicts--;
      throw this.error(
        'ResourceConflictException',
        `The operation cannot be performed at this time. An update is in progress for resource: ${f.arn}:${a.name}`,
        409,
      );
    }
    if (input.RevisionId && input.RevisionId !== a.revisionId)
      throw this.error(
        'PreconditionFailedException',
        'The Revision Id provided does not match the latest Revision Id.',
        412,
      );
    const version = input.FunctionVersion ?? a.functionVersion;
    // Omitting RoutingConfig leaves the routing as it is; an empty one clears it.
    const weights = input.RoutingConfig
      ? this.checkRouting(f, version, input.RoutingConfig)
      : this.checkRouting(f, version, { AdditionalVersionWeights: a.weights });
    a.functionVersion = version;
    a.weights = weights;
    a.revisionId = randomUUID();
    if (input.Description !== undefined) a.description = input.Description;
    this.recordAlias(f, a);
    return this.aliasOut(f, a);
  }

  DeleteAlias(input: sdk.DeleteAliasRequest): Record<string, never> {
    const f = this.fn(input.FunctionName!);
    if (!f.aliases.has(input.Name!))
      throw this.error('ResourceNotFoundException', `Alias not found: ${f.arn}:${input.Name}`, 404);
    f.aliases.delete(input.Name!);
    this.lastWhole.delete(`${f.name}:${input.Name}`);
    this.aliasHistory.push({
      t: this.now,
      fn: f.name,
      alias: input.Name!,
      version: '(deleted)',
      weights: {},
    });
    return {};
  }
}
