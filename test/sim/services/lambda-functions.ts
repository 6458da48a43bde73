import { createHash, randomUUID } from 'node:crypto';
import * as sdk from '@aws-sdk/client-lambda';
import { SimService } from '../account.js';
import type { Behaviour, FunctionSettings, Published, SimFunction } from './lambda-model.js';
import { CREATE_PENDING_MS, SNAPSTART_PENDING_MS, UPDATE_MS, VERSION_PENDING_MS } from './lambda-model.js';
import { checkConfig, checkImageConfig, parseImageUri } from './lambda-validation.js';
import type { S3Sim } from './s3.js';

/** Functions and their $LATEST: code, configuration, LastUpdateStatus, and the configuration reads. */
export abstract class LambdaFunctions extends SimService {
  readonly clientName = 'LambdaClient';
  readonly iamPrefix = 'lambda';
  readonly sdk = sdk as unknown as Record<string, unknown>;
  readonly throttle = { name: 'TooManyRequestsException', status: 429 };
  protected readonly functions = new Map<string, SimFunction>();
  protected readonly behaviours = new Map<string, Behaviour>();
  /** Image tags in ECR and the manifest digest (hex) each names: what Lambda resolves an ImageUri's tag to. */
  private readonly imageTags = new Map<string, string>();

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
        architectures: ['x86_64'],
        ephemeralStorage: 512,
      },
      description: '',
      snapStart,
      activation: { pendingMs: snapStart ? SNAPSTART_PENDING_MS : VERSION_PENDING_MS },
      packageType: 'Zip',
      imageUri: undefined,
      resolvedImageUri: undefined,
      state: 'Active',
      activeAt: this.now,
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

  /** An image pushed to ECR as `repo:tag` with this manifest digest (sha256:... or hex), for tag ImageUris. */
  pushImage(uriWithTag: string, digest: string): void {
    this.imageTags.set(uriWithTag, digest.replace(/^sha256:/, ''));
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
    for (const f of this.functions.values()) {
      if (f.lastUpdateStatus === 'InProgress' && now >= f.updateDoneAt) f.lastUpdateStatus = 'Successful';
      if (f.state === 'Pending' && now >= f.activeAt) f.state = 'Active';
    }
  }

  private settingsOut(s: FunctionSettings): Partial<sdk.FunctionConfiguration> {
    return {
      Role: s.role,
      // https://docs.aws.amazon.com/lambda/latest/dg/images-create.html: an image function has neither.
      ...(s.handler ? { Handler: s.handler } : {}),
      ...(s.runtime ? { Runtime: s.runtime as sdk.Runtime } : {}),
      MemorySize: s.memorySize,
      Timeout: s.timeout,
      Architectures: [...s.architectures] as sdk.Architecture[],
      EphemeralStorage: { Size: s.ephemeralStorage },
      ...(Object.keys(s.environment).length ? { Environment: { Variables: { ...s.environment } } } : {}),
      ...(s.layers.length ? { Layers: s.layers.map((Arn) => ({ Arn, CodeSize: 1024 })) } : {}),
    };
  }

  protected config(f: SimFunction, qualifier?: string): sdk.FunctionConfiguration {
    const base = { FunctionName: f.name, PackageType: f.packageType };
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
      State: f.state,
      ...(f.state === 'Pending'
        ? { StateReason: 'The function is being created.', StateReasonCode: 'Creating' as const }
        : {}),
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
    const f = this.fn(input.FunctionName!);
    // https://docs.aws.amazon.com/lambda/latest/api/API_GetFunction.html: Code is the deployment package; for
    // an image function, ImageUri as given and ResolvedImageUri, the image by digest (FunctionCodeLocation).
    // Published versions keep the image they were published with (not modelled per version: see ASSUMPTIONS).
    const code: sdk.FunctionCodeLocation =
      f.packageType === 'Image'
        ? { RepositoryType: 'ECR', ImageUri: f.imageUri, ResolvedImageUri: f.resolvedImageUri }
        : { RepositoryType: 'S3', Location: `https://awslambda-tasks.s3.amazonaws.com/snapshots/${f.name}` };
    return { Configuration: this.config(f, input.Qualifier), Code: code };
  }

  /**
   * https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html: Role is required; a .zip function
   * needs Runtime and Handler; an image function takes Code.ImageUri and refuses Runtime, Handler and Layers
   * (https://docs.aws.amazon.com/lambda/latest/dg/images-create.html); a name in use is
   * ResourceConflictException. The function starts Pending and turns Active once Lambda has set it up
   * (https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html). Publish: true publishes version 1.
   */
  CreateFunction(input: sdk.CreateFunctionRequest, region = 'us-east-1'): sdk.FunctionConfiguration {
    const name = input.FunctionName!.replace(/^arn:aws:lambda:[^:]+:\d+:function:/, '');
    const bad = (m: string): Error => this.error('InvalidParameterValueException', m, 400);
    const invalid = (m: string): Error => this.error('ValidationException', m, 400);
    if (this.functions.has(name))
      throw this.error('ResourceConflictException', `Function already exist: ${name}`, 409);
    if (!input.Role)
      throw invalid(
        "1 validation error detected: Value null at 'role' failed to satisfy constraint: Member must not be null",
      );
    checkConfig(input, invalid);
    const packageType = input.PackageType ?? 'Zip';
    let code: { sha: string; size: number; imageUri?: string; resolved?: string };
    if (packageType === 'Image') {
      checkImageConfig(input, bad);
      if (!input.Code?.ImageUri) throw bad('Please provide ImageUri when PackageType is Image.');
      code = this.resolveImage(input.Code.ImageUri, region, bad);
    } else {
      if (!input.Runtime) throw bad('Runtime is required for .zip file deployment packages.');
      if (!input.Handler) throw bad('Handler is required for .zip file deployment packages.');
      if (input.Code?.ImageUri) throw bad('Please provide PackageType Image with ImageUri.');
      const zip = this.zipSource(input.Code ?? {}, bad);
      code = { sha: createHash('sha256').update(zip).digest('base64'), size: zip.length };
    }
    const f = this.createFunction(name, Buffer.alloc(0), { role: input.Role, region });
    f.settings = {
      role: input.Role,
      handler: input.Handler ?? '',
      runtime: input.Runtime ?? '',
      memorySize: input.MemorySize ?? 128,
      timeout: input.Timeout ?? 3,
      environment: { ...(input.Environment?.Variables ?? {}) },
      layers: [...(input.Layers ?? [])],
      architectures: [...(input.Architectures ?? ['x86_64'])],
      ephemeralStorage: input.EphemeralStorage?.Size ?? 512,
    };
    f.description = input.Description ?? '';
    f.packageType = packageType;
    f.codeSha256 = code.sha;
    f.codeSize = code.size;
    f.imageUri = code.imageUri;
    f.resolvedImageUri = code.resolved;
    f.state = 'Pending';
    f.activeAt = this.now + CREATE_PENDING_MS;
    f.lastUpdateStatus = 'Successful';
    return this.config(f);
  }

  /** The image an ImageUri names, by digest: a tag resolves to what ECR holds for it (see pushImage). */
  private resolveImage(
    uri: string,
    region: string,
    bad: (m: string) => Error,
  ): { sha: string; size: number; imageUri: string; resolved: string } {
    const { repo, tag, digest } = parseImageUri(uri, region, bad);
    const sha = digest ?? this.imageTags.get(`${repo}:${tag}`);
    if (!sha) throw bad(`Source image ${uri} does not exist. Provide a valid source image.`);
    // CodeSha256 of an image function is the image manifest's sha256 in hex (see ASSUMPTIONS.md).
    return { sha, size: 0, imageUri: uri, resolved: `${repo}@sha256:${sha}` };
  }

  private zipSource(
    code: { ZipFile?: Uint8Array | undefined; S3Bucket?: string | undefined; S3Key?: string | undefined },
    bad: (m: string) => Error,
  ): Uint8Array {
    if (code.ZipFile) return code.ZipFile;
    if (code.S3Bucket && code.S3Key) {
      const obj = this.account.service<S3Sim>('S3Client').object(code.S3Bucket, code.S3Key);
      if (!obj) throw bad(`Error occurred while GetObject. S3 Error Code: NoSuchKey.`);
      return obj;
    }
    throw bad('Please provide a source for function code.');
  }

  /**
   * https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionCode.html and
   * API_UpdateFunctionConfiguration.html: a second update while one is in progress is refused with
   * ResourceConflictException, and a stale RevisionId with PreconditionFailedException.
   */
  protected checkUpdatable(f: SimFunction, revisionId: string | undefined): void {
    // https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html: while a new function is Pending,
    // operations on it fail (ResourceConflictException, as for an update in progress).
    if (f.state === 'Pending')
      throw this.error(
        'ResourceConflictException',
        `The operation cannot be performed at this time. The function is currently in the following state: Pending`,
        409,
      );
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

  UpdateFunctionCode(input: sdk.UpdateFunctionCodeRequest, region = 'us-east-1'): sdk.FunctionConfiguration {
    const f = this.fn(input.FunctionName!);
    this.checkUpdatable(f, input.RevisionId);
    const bad = (m: string): Error => this.error('InvalidParameterValueException', m, 400);
    // https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionCode.html: ImageUri for an image
    // function, a .zip source otherwise (the package type cannot change); Architectures is set here.
    if (
      input.Architectures &&
      (input.Architectures.length !== 1 || !['x86_64', 'arm64'].includes(input.Architectures[0]!))
    )
      throw this.error('ValidationException', `Value at 'architectures' failed to satisfy constraint`, 400);
    if (f.packageType === 'Image') {
      if (!input.ImageUri)
        throw bad('Please provide ImageUri when updating a function with packageType Image.');
      const image = this.resolveImage(input.ImageUri, region, bad);
      if (input.DryRun) return this.config(f);
      f.codeSha256 = image.sha;
      f.codeSize = 0;
      f.imageUri = image.imageUri;
      f.resolvedImageUri = image.resolved;
      if (input.Architectures) f.settings = { ...f.settings, architectures: [...input.Architectures] };
      this.startUpdate(f);
      return this.config(f);
    }
    if (input.ImageUri)
      throw bad("Please don't provide ImageUri when updating a function with packageType ZIP.");
    const zip = this.zipSource(input, bad);
    if (zip.length > 50 * 1024 * 1024 && input.ZipFile)
      throw this.error(
        'RequestTooLargeException',
        'Request must be smaller than 70167211 bytes for the UpdateFunctionCode operation',
        413,
      );
    if (input.DryRun) return this.config(f);
    f.codeSha256 = createHash('sha256').update(zip).digest('base64');
    f.codeSize = zip.length;
    if (input.Architectures) f.settings = { ...f.settings, architectures: [...input.Architectures] };
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
    checkConfig(input, (m) => this.error('ValidationException', m, 400));
    if (f.packageType === 'Image')
      checkImageConfig(input, (m) => this.error('InvalidParameterValueException', m, 400));
    const s = f.settings;
    f.settings = {
      ...s,
      role: input.Role ?? s.role,
      handler: input.Handler ?? s.handler,
      runtime: input.Runtime ?? s.runtime,
      memorySize: input.MemorySize ?? s.memorySize,
      timeout: input.Timeout ?? s.timeout,
      environment: input.Environment ? { ...(input.Environment.Variables ?? {}) } : s.environment,
      layers: input.Layers ? [...input.Layers] : s.layers,
      ephemeralStorage: input.EphemeralStorage?.Size ?? s.ephemeralStorage,
    };
    if (input.Description !== undefined) f.description = input.Description;
    this.startUpdate(f);
    return this.config(f);
  }
}
