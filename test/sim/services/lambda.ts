import { createHash, randomUUID } from 'node:crypto';
import * as sdk from '@aws-sdk/client-lambda';
import { SimService } from '../account.js';
import type { S3Sim } from './s3.js';

/** https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html */
export type VersionState = 'Pending' | 'Active' | 'Inactive' | 'Failed';

interface Published {
  version: string;
  state: VersionState;
  stateReason: string | undefined;
  codeSha256: string;
  codeSize: number;
  description: string;
  role: string;
  revisionId: string;
  lastModified: string;
}

interface Alias {
  name: string;
  functionVersion: string;
  weights: Record<string, number>;
  revisionId: string;
  description: string;
}

export interface SimFunction {
  name: string;
  arn: string;
  role: string;
  runtime: string;
  handler: string;
  codeSha256: string;
  codeSize: number;
  revisionId: string;
  lastModified: string;
  lastUpdateStatus: 'Successful' | 'InProgress' | 'Failed';
  updateDoneAt: number;
  /** The code and configuration last published, to tell whether PublishVersion has anything new. */
  publishedFrom: string | undefined;
  versions: Map<string, Published>;
  nextVersion: number;
  aliases: Map<string, Alias>;
}

/** What invoking a version returns; scenarios script it per code hash. */
export type Behaviour = (payload: unknown) => { payload: unknown; functionError?: string };

/** How long an UpdateFunctionCode stays InProgress. */
export const UPDATE_MS = 8_000;

/**
 * Lambda as its API reference documents it: $LATEST with LastUpdateStatus, immutable published versions,
 * aliases with weighted routing to one extra published version, and optimistic locking by RevisionId.
 */
export class LambdaSim extends SimService {
  readonly clientName = 'LambdaClient';
  readonly iamPrefix = 'lambda';
  readonly sdk = sdk as unknown as Record<string, unknown>;
  readonly throttle = { name: 'TooManyRequestsException', status: 429 };
  /** Every alias change: for assertions such as "the broken version never got traffic". */
  readonly aliasHistory: Array<{
    t: number;
    fn: string;
    alias: string;
    version: string;
    weights: Record<string, number>;
  }> = [];
  private readonly functions = new Map<string, SimFunction>();
  private readonly behaviours = new Map<string, Behaviour>();
  /** The last direct invocation of each `function:version` (by its number, as a smoke test does): ok or not. */
  private readonly directInvocations = new Map<string, boolean>();
  /** The version each alias (`function:alias`) last served whole. */
  private readonly lastWhole = new Map<string, string>();
  /** Splits that left out the version the alias last served whole (see splitProblems). */
  private readonly splitsBroken: string[] = [];
  /** When set, versions outside it take traffic only after a direct invocation that succeeded. */
  private smokeTrusted: Set<string> | undefined;

  arnOf(name: string, region = 'us-east-1'): string {
    return `arn:aws:lambda:${region}:${this.account.accountId}:function:${name}`;
  }

  /** Creates a function as the console or CloudFormation would have (set-up, not an API call). */
  createFunction(name: string, zip: Buffer, options: { role?: string; region?: string } = {}): SimFunction {
    const sha = createHash('sha256').update(zip).digest('base64');
    const fn: SimFunction = {
      name,
      arn: this.arnOf(name, options.region),
      role: options.role ?? `arn:aws:iam::${this.account.accountId}:role/${name}-role`,
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      codeSha256: sha,
      codeSize: zip.length,
      revisionId: randomUUID(),
      lastModified: new Date(this.now).toISOString(),
      lastUpdateStatus: 'Successful',
      updateDoneAt: this.now,
      publishedFrom: undefined,
      versions: new Map(),
      nextVersion: 1,
      aliases: new Map(),
    };
    this.functions.set(name, fn);
    return fn;
  }

  /** Scripts what invoking code with this CodeSha256 returns. */
  behave(codeSha256: string, behaviour: Behaviour): void {
    this.behaviours.set(codeSha256, behaviour);
  }

  fn(name: string): SimFunction {
    const f = this.functions.get(
      name.replace(/^arn:aws:lambda:[^:]+:\d+:function:/, '').split(':')[0] ?? name,
    );
    if (!f) throw this.error('ResourceNotFoundException', `Function not found: ${this.arnOf(name)}`, 404);
    return f;
  }

  /** The share of an alias's traffic that `version` gets (0..1). */
  weightOf(name: string, alias: string, version: string): number {
    const a = this.functions.get(name)?.aliases.get(alias);
    if (!a) return 0;
    const extra = Object.values(a.weights).reduce((s, w) => s + w, 0);
    if (a.functionVersion === version) return 1 - extra;
    return a.weights[version] ?? 0;
  }

  override tick(now: number): void {
    for (const f of this.functions.values())
      if (f.lastUpdateStatus === 'InProgress' && now >= f.updateDoneAt) f.lastUpdateStatus = 'Successful';
  }

  /** Scripts a published version's state (Pending, Inactive, Failed), as Lambda would move it. */
  setVersionState(name: string, version: string, state: VersionState, reason?: string): void {
    const v = this.fn(name).versions.get(version);
    if (!v) throw new Error(`simulator: ${name} has no version ${version}`);
    v.state = state;
    v.stateReason = reason;
  }

  /**
   * From now on, a version takes traffic only once a direct invocation of it succeeded: for scenarios that
   * run a smoke test. The versions serving at this moment are exempt.
   */
  requireSmokeTest(): void {
    this.smokeTrusted = new Set();
    for (const f of this.functions.values())
      for (const a of f.aliases.values())
        for (const v of this.versionsWithTraffic(a)) this.smokeTrusted.add(`${f.name}:${v}`);
  }

  private versionsWithTraffic(a: Pick<Alias, 'functionVersion' | 'weights'>): string[] {
    const extra = Object.values(a.weights).reduce((s, w) => s + w, 0);
    return [
      ...(extra < 1 ? [a.functionVersion] : []),
      ...Object.entries(a.weights)
        .filter(([, w]) => w > 0)
        .map(([v]) => v),
    ];
  }

  /**
   * Invariant: traffic goes only to published versions that are Active, whose last direct invocation (the
   * smoke test) did not fail, and, under requireSmokeTest, that one succeeded.
   */
  trafficProblems(): string | undefined {
    for (const f of this.functions.values())
      for (const a of f.aliases.values())
        for (const v of [a.functionVersion, ...Object.keys(a.weights)]) {
          const published = f.versions.get(v);
          const where = `alias ${f.name}:${a.name} routes to ${v}`;
          if (!published) return `${where}, which is not a published version`;
          if (!this.versionsWithTraffic(a).includes(v)) continue;
          if (published.state !== 'Active') return `${where}, which is ${published.state}`;
          const invoked = this.directInvocations.get(`${f.name}:${v}`);
          if (invoked === false) return `${where}, whose last direct invocation failed`;
          if (this.smokeTrusted && invoked === undefined && !this.smokeTrusted.has(`${f.name}:${v}`))
            return `${where}, which no smoke test invoked`;
        }
    return undefined;
  }

  /**
   * Invariant: a split always includes the version the alias last served whole, so one rollout never
   * routes to two versions besides the one it started from.
   */
  splitProblems(): string | undefined {
    return this.splitsBroken[0];
  }

  /** Final invariant: every alias ends serving one version, fully old or fully new. */
  splitLeft(): string | undefined {
    for (const f of this.functions.values())
      for (const a of f.aliases.values()) {
        const served = this.versionsWithTraffic(a);
        if (served.length > 1)
          return `alias ${f.name}:${a.name} is left split between ${served.join(' and ')}`;
      }
    return undefined;
  }

  private config(f: SimFunction, qualifier?: string): sdk.FunctionConfiguration {
    const base = {
      FunctionName: f.name,
      Runtime: f.runtime as sdk.Runtime,
      Handler: f.handler,
      PackageType: 'Zip' as const,
    };
    if (qualifier && qualifier !== '$LATEST') {
      const v = f.versions.get(qualifier) ?? this.aliasVersion(f, qualifier);
      return {
        ...base,
        FunctionArn: `${f.arn}:${v.version}`,
        Version: v.version,
        State: v.state,
        ...(v.stateReason ? { StateReason: v.stateReason } : {}),
        CodeSha256: v.codeSha256,
        CodeSize: v.codeSize,
        Description: v.description,
        Role: v.role,
        RevisionId: v.revisionId,
        LastModified: v.lastModified,
        LastUpdateStatus: 'Successful',
      };
    }
    return {
      ...base,
      FunctionArn: f.arn,
      Version: '$LATEST',
      State: 'Active',
      CodeSha256: f.codeSha256,
      CodeSize: f.codeSize,
      Role: f.role,
      RevisionId: f.revisionId,
      LastModified: f.lastModified,
      LastUpdateStatus: f.lastUpdateStatus,
    };
  }

  private aliasVersion(f: SimFunction, qualifier: string): Published {
    const alias = f.aliases.get(qualifier);
    const v = alias ? f.versions.get(alias.functionVersion) : undefined;
    if (!v) throw this.error('ResourceNotFoundException', `Function not found: ${f.arn}:${qualifier}`, 404);
    return v;
  }

  GetFunctionConfiguration(input: sdk.GetFunctionConfigurationRequest): sdk.FunctionConfiguration {
    return this.config(this.fn(input.FunctionName!), input.Qualifier);
  }

  GetFunction(input: sdk.GetFunctionRequest): sdk.GetFunctionResponse {
    return { Configuration: this.config(this.fn(input.FunctionName!), input.Qualifier) };
  }

  UpdateFunctionCode(input: sdk.UpdateFunctionCodeRequest): sdk.FunctionConfiguration {
    const f = this.fn(input.FunctionName!);
    // https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionCode.html: a second update while one
    // is in progress is refused with ResourceConflictException.
    if (f.lastUpdateStatus === 'InProgress')
      throw this.error(
        'ResourceConflictException',
        `The operation cannot be performed at this time. An update is in progress for resource: ${f.arn}`,
        409,
      );
    if (input.RevisionId && input.RevisionId !== f.revisionId)
      throw this.error(
        'PreconditionFailedException',
        'The Revision Id provided does not match the latest Revision Id.',
        412,
      );
    let zip: Uint8Array;
    if (input.ZipFile) zip = input.ZipFile;
    else if (input.S3Bucket && input.S3Key) {
      const s3 = this.account.service<S3Sim>('S3Client');
      const obj = s3.object(input.S3Bucket, input.S3Key);
      if (!obj)
        throw this.error(
          'InvalidParameterValueException',
          `Error occurred while GetObject. S3 Error Code: NoSuchKey.`,
          400,
        );
      zip = obj;
    } else
      throw this.error('InvalidParameterValueException', 'Please provide a source for function code.', 400);
    if (zip.length > 50 * 1024 * 1024 && input.ZipFile)
      throw this.error(
        'RequestTooLargeException',
        'Request must be smaller than 70167211 bytes for the UpdateFunctionCode operation',
        413,
      );
    if (input.DryRun) return this.config(f);
    f.codeSha256 = createHash('sha256').update(zip).digest('base64');
    f.codeSize = zip.length;
    f.revisionId = randomUUID();
    f.lastModified = new Date(this.now).toISOString();
    f.lastUpdateStatus = 'InProgress';
    f.updateDoneAt = this.now + UPDATE_MS;
    return this.config(f);
  }

  PublishVersion(input: sdk.PublishVersionRequest): sdk.FunctionConfiguration {
    const f = this.fn(input.FunctionName!);
    if (f.lastUpdateStatus === 'InProgress')
      throw this.error(
        'ResourceConflictException',
        `The operation cannot be performed at this time. An update is in progress for resource: ${f.arn}`,
        409,
      );
    if (input.RevisionId && input.RevisionId !== f.revisionId)
      throw this.error(
        'PreconditionFailedException',
        'The Revision Id provided does not match the latest Revision Id.',
        412,
      );
    if (input.CodeSha256 && input.CodeSha256 !== f.codeSha256)
      throw this.error(
        'InvalidParameterValueException',
        `CodeSHA256 (${input.CodeSha256}) is different from current CodeSHA256 in $LATEST (${f.codeSha256}). Please try again with the CodeSHA256 in $LATEST.`,
        400,
      );
    // Unchanged code and configuration: Lambda returns the latest version instead of a new one.
    const signature = `${f.codeSha256}|${f.role}|${f.handler}|${f.runtime}`;
    if (f.publishedFrom === signature) {
      const latest = [...f.versions.values()].at(-1)!;
      return this.config(f, latest.version);
    }
    const version = String(f.nextVersion++);
    f.versions.set(version, {
      version,
      state: 'Active',
      stateReason: undefined,
      codeSha256: f.codeSha256,
      codeSize: f.codeSize,
      description: input.Description ?? '',
      role: f.role,
      revisionId: randomUUID(),
      lastModified: new Date(this.now).toISOString(),
    });
    f.publishedFrom = signature;
    f.revisionId = randomUUID();
    return this.config(f, version);
  }

  ListVersionsByFunction(input: sdk.ListVersionsByFunctionRequest): sdk.ListVersionsByFunctionResponse {
    const f = this.fn(input.FunctionName!);
    const all = [this.config(f), ...[...f.versions.keys()].map((v) => this.config(f, v))];
    const start = input.Marker ? Number(input.Marker) : 0;
    const max = input.MaxItems ?? 50;
    const page = all.slice(start, start + max);
    return { Versions: page, ...(start + max < all.length ? { NextMarker: String(start + max) } : {}) };
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
      if (extra.role !== f.versions.get(version)!.role)
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
    };
    f.aliases.set(a.name, a);
    this.recordAlias(f, a);
    return this.aliasOut(f, a);
  }

  UpdateAlias(input: sdk.UpdateAliasRequest): sdk.AliasConfiguration {
    const f = this.fn(input.FunctionName!);
    const a = f.aliases.get(input.Name!);
    if (!a) throw this.error('ResourceNotFoundException', `Alias not found: ${f.arn}:${input.Name}`, 404);
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

  Invoke(input: sdk.InvocationRequest): sdk.InvocationResponse {
    const f = this.fn(input.FunctionName!);
    const v = this.config(f, input.Qualifier);
    const payload: unknown = input.Payload
      ? JSON.parse(Buffer.from(input.Payload).toString('utf8') || 'null')
      : null;
    const behaviour: Behaviour =
      this.behaviours.get(v.CodeSha256!) ?? (() => ({ payload: { statusCode: 200, body: 'ok' } }));
    const out = behaviour(payload);
    if (input.Qualifier && /^\d+$/.test(input.Qualifier))
      this.directInvocations.set(`${f.name}:${input.Qualifier}`, !out.functionError);
    return {
      StatusCode: 200,
      ExecutedVersion: v.Version!,
      Payload: new Uint8Array(Buffer.from(JSON.stringify(out.payload))),
      ...(out.functionError ? { FunctionError: out.functionError } : {}),
    };
  }
}
