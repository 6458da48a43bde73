import { createHash, randomUUID } from 'node:crypto';
import * as sdk from '@aws-sdk/client-lambda';
import { SimService } from '../account.js';
import type { Behaviour, FunctionSettings, Published, SimFunction } from './lambda-model.js';
import { SNAPSTART_PENDING_MS, UPDATE_MS, VERSION_PENDING_MS } from './lambda-model.js';
import type { S3Sim } from './s3.js';

/** Functions and their $LATEST: code, configuration, LastUpdateStatus, and the configuration reads. */
export abstract class LambdaFunctions extends SimService {
  readonly clientName = 'LambdaClient';
  readonly iamPrefix = 'lambda';
  readonly sdk = sdk as unknown as Record<string, unknown>;
  readonly throttle = { name: 'TooManyRequestsException', status: 429 };
  protected readonly functions = new Map<string, SimFunction>();
  protected readonly behaviours = new Map<string, Behaviour>();

  arnOf(name: string, region = 'us-east-1'): string {
    return `arn:aws:lambda:${region}:${this.account.accountId}:function:${name}`;
  }

  /** Creates a function as the console or CloudFormation would have (set-up, not an API call). */
  createFunction(
    name: string,
    zip: Buffer,
    options: { role?: string; region?: string; snapStart?: boolean } = {},
  ): SimFunction {
    const sha = createHash('sha256').update(zip).digest('base64');
    const snapStart = options.snapStart ?? false;
    const fn: SimFunction = {
      name,
      arn: this.arnOf(name, options.region),
      settings: {
        role: options.role ?? `arn:aws:iam::${this.account.accountId}:role/${name}-role`,
        handler: 'index.handler',
        runtime: snapStart ? 'java21' : 'nodejs22.x',
        memorySize: 128,
        timeout: 3,
        environment: {},
        layers: [],
      },
      description: '',
      snapStart,
      activation: { pendingMs: snapStart ? SNAPSTART_PENDING_MS : VERSION_PENDING_MS },
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

  protected tickFunctions(now: number): void {
    for (const f of this.functions.values())
      if (f.lastUpdateStatus === 'InProgress' && now >= f.updateDoneAt) f.lastUpdateStatus = 'Successful';
  }

  private settingsOut(s: FunctionSettings): Partial<sdk.FunctionConfiguration> {
    return {
      Role: s.role,
      Handler: s.handler,
      Runtime: s.runtime as sdk.Runtime,
      MemorySize: s.memorySize,
      Timeout: s.timeout,
      ...(Object.keys(s.environment).length ? { Environment: { Variables: { ...s.environment } } } : {}),
      ...(s.layers.length ? { Layers: s.layers.map((Arn) => ({ Arn, CodeSize: 1024 })) } : {}),
    };
  }

  protected config(f: SimFunction, qualifier?: string): sdk.FunctionConfiguration {
    const base = { FunctionName: f.name, PackageType: 'Zip' as const };
    if (qualifier && qualifier !== '$LATEST') {
      const v = f.versions.get(qualifier) ?? this.aliasVersion(f, qualifier);
      return {
        ...base,
        ...this.settingsOut(v.settings),
        FunctionArn: `${f.arn}:${v.version}`,
        Version: v.version,
        State: v.state,
        ...(v.stateReason ? { StateReason: v.stateReason } : {}),
        ...(v.stateReasonCode ? { StateReasonCode: v.stateReasonCode as sdk.StateReasonCode } : {}),
        CodeSha256: v.codeSha256,
        CodeSize: v.codeSize,
        Description: v.description,
        RevisionId: v.revisionId,
        LastModified: v.lastModified,
        LastUpdateStatus: 'Successful',
      };
    }
    return {
      ...base,
      ...this.settingsOut(f.settings),
      FunctionArn: f.arn,
      Version: '$LATEST',
      State: 'Active',
      CodeSha256: f.codeSha256,
      CodeSize: f.codeSize,
      Description: f.description,
      RevisionId: f.revisionId,
      LastModified: f.lastModified,
      LastUpdateStatus: f.lastUpdateStatus,
    };
  }

  protected aliasVersion(f: SimFunction, qualifier: string): Published {
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

  /**
   * https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionCode.html and
   * API_UpdateFunctionConfiguration.html: a second update while one is in progress is refused with
   * ResourceConflictException, and a stale RevisionId with PreconditionFailedException.
   */
  protected checkUpdatable(f: SimFunction, revisionId: string | undefined): void {
    if (f.lastUpdateStatus === 'InProgress')
      throw this.error(
        'ResourceConflictException',
        `The operation cannot be performed at this time. An update is in progress for resource: ${f.arn}`,
        409,
      );
    if (revisionId && revisionId !== f.revisionId)
      throw this.error(
        'PreconditionFailedException',
        'The Revision Id provided does not match the latest Revision Id.',
        412,
      );
  }

  private startUpdate(f: SimFunction): void {
    f.revisionId = randomUUID();
    f.lastModified = new Date(this.now).toISOString();
    f.lastUpdateStatus = 'InProgress';
    f.updateDoneAt = this.now + UPDATE_MS;
  }

  UpdateFunctionCode(input: sdk.UpdateFunctionCodeRequest): sdk.FunctionConfiguration {
    const f = this.fn(input.FunctionName!);
    this.checkUpdatable(f, input.RevisionId);
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
    this.startUpdate(f);
    return this.config(f);
  }

  /**
   * https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionConfiguration.html: changes $LATEST's
   * configuration (fields left out stay as they are); LastUpdateStatus is InProgress until it is applied.
   */
  UpdateFunctionConfiguration(input: sdk.UpdateFunctionConfigurationRequest): sdk.FunctionConfiguration {
    const f = this.fn(input.FunctionName!);
    this.checkUpdatable(f, input.RevisionId);
    const s = f.settings;
    f.settings = {
      role: input.Role ?? s.role,
      handler: input.Handler ?? s.handler,
      runtime: input.Runtime ?? s.runtime,
      memorySize: input.MemorySize ?? s.memorySize,
      timeout: input.Timeout ?? s.timeout,
      environment: input.Environment ? { ...(input.Environment.Variables ?? {}) } : s.environment,
      layers: input.Layers ? [...input.Layers] : s.layers,
    };
    if (input.Description !== undefined) f.description = input.Description;
    this.startUpdate(f);
    return this.config(f);
  }
}
