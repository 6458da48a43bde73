import { randomUUID } from 'node:crypto';
import type * as sdk from '@aws-sdk/client-lambda';
import { LambdaFunctions } from './lambda-functions.js';
import type { Activation, Behaviour, Published, SimFunction, VersionState } from './lambda-model.js';
import { publishSignature } from './lambda-model.js';

/** Published versions: PublishVersion, their states (Pending → Active or Failed), listing and Invoke. */
export abstract class LambdaVersions extends LambdaFunctions {
  /** The last direct invocation of each `function:version` (by its number, as a smoke test does): ok or not. */
  protected readonly directInvocations = new Map<string, boolean>();

  /**
   * Scripts how the function's next published versions come up: Pending for `pendingMs`, then Active, or
   * Failed with `failReason` (as a version whose initialisation or snapshot fails).
   */
  activateVersions(name: string, activation: Activation): void {
    this.fn(name).activation = { ...activation };
  }

  /** Scripts a published version's state (Pending, Inactive, Failed), as Lambda would move it. */
  setVersionState(name: string, version: string, state: VersionState, reason?: string): void {
    const v = this.fn(name).versions.get(version);
    if (!v) throw new Error(`simulator: ${name} has no version ${version}`);
    v.state = state;
    v.stateReason = reason;
    v.stateReasonCode = undefined;
  }

  /**
   * https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html: a version leaves Pending once Lambda
   * has set up its resources (Active), or could not (Failed, with StateReason and StateReasonCode).
   */
  protected tickVersions(now: number): void {
    for (const f of this.functions.values())
      for (const v of f.versions.values()) {
        if (v.state !== 'Pending' || now < v.settlesAt) continue;
        v.state = v.failReason ? 'Failed' : 'Active';
        v.stateReason = v.failReason;
        v.stateReasonCode = v.failReason ? (v.failCode ?? 'InternalError') : undefined;
      }
  }

  private startPending(f: SimFunction, v: Published): void {
    v.state = 'Pending';
    v.stateReason = 'The function is being created.';
    v.stateReasonCode = 'Creating';
    v.settlesAt = this.now + f.activation.pendingMs;
    v.failReason = f.activation.failReason;
    v.failCode = f.activation.failCode;
  }

  PublishVersion(input: sdk.PublishVersionRequest): sdk.FunctionConfiguration {
    const f = this.fn(input.FunctionName!);
    this.checkUpdatable(f, input.RevisionId);
    if (input.CodeSha256 && input.CodeSha256 !== f.codeSha256)
      throw this.error(
        'InvalidParameterValueException',
        `CodeSHA256 (${input.CodeSha256}) is different from current CodeSHA256 in $LATEST (${f.codeSha256}). Please try again with the CodeSHA256 in $LATEST.`,
        400,
      );
    // https://docs.aws.amazon.com/lambda/latest/api/API_PublishVersion.html: "Lambda doesn't publish a
    // version if the function's configuration and code haven't changed since the last version": it returns
    // the latest version instead. The comparison is with the last version only, not any older one.
    const signature = publishSignature(f.codeSha256, f.settings);
    if (f.publishedFrom === signature) {
      const latest = [...f.versions.values()].at(-1)!;
      return this.config(f, latest.version);
    }
    const version = String(f.nextVersion++);
    const v: Published = {
      version,
      state: 'Pending',
      stateReason: undefined,
      stateReasonCode: undefined,
      settlesAt: this.now,
      failReason: undefined,
      failCode: undefined,
      codeSha256: f.codeSha256,
      codeSize: f.codeSize,
      description: input.Description ?? '',
      settings: structuredClone(f.settings),
      revisionId: randomUUID(),
      lastModified: new Date(this.now).toISOString(),
    };
    // https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html (and the PublishedVersionActive
    // waiter): a new version may be Pending when PublishVersion returns; SnapStart versions always are
    // (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-activate.html#snapstart-function-states).
    this.startPending(f, v);
    f.versions.set(version, v);
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

  /**
   * Refuses to invoke a version that is not Active, as Lambda does:
   * - Pending: ResourceConflictException, "The function is currently in the following state: Pending"
   *   (https://docs.aws.amazon.com/lambda/latest/dg/troubleshooting-invocation.html#troubleshooting-invocation-pending);
   *   Failed answers the same way (see ASSUMPTIONS.md);
   * - Inactive: the invocation fails and Lambda sets the version Pending while it re-creates its resources
   *   (functions-states.html); a SnapStart version answers SnapStartNotReadyException
   *   (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-troubleshooting.html), another
   *   ResourceNotReadyException (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html).
   */
  private checkInvocable(f: SimFunction, v: Published): void {
    if (v.state === 'Active') return;
    if (v.state === 'Inactive') {
      this.startPending(f, v);
      v.failReason = undefined;
      if (f.snapStart)
        throw this.error(
          'SnapStartNotReadyException',
          'Lambda is initializing your function. It will be ready to invoke once your function state becomes ACTIVE.',
          409,
        );
      throw this.error(
        'ResourceNotReadyException',
        'The function is inactive and its VPC connection is no longer available. Wait for the VPC connection to reestablish and try again.',
        502,
      );
    }
    throw this.error(
      'ResourceConflictException',
      `The operation cannot be performed at this time. The function is currently in the following state: ${v.state}`,
      409,
    );
  }

  Invoke(input: sdk.InvocationRequest): sdk.InvocationResponse {
    const f = this.fn(input.FunctionName!);
    const v = this.config(f, input.Qualifier);
    const qualified = input.Qualifier && input.Qualifier !== '$LATEST';
    if (qualified) this.checkInvocable(f, f.versions.get(v.Version!)!);
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
