// Lambda as AWS documents it, where the simple model was too kind: a new version can be Pending (or end
// Failed), UpdateAlias can answer ResourceConflictException, and PublishVersion compares configuration as
// well as code. Each case failed on the code before it was handled.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RolloutFailedError } from '../../src/core/errors.js';
import { run as deploy } from '../../src/actions/deploy-lambda/main.js';
import { run as publish } from '../../src/actions/publish-function/main.js';
import { serverlessAccount } from '../sim/index.js';
import { baseInputs, FN, lambdaFixture, NEW_ZIP } from './lambda-fixture.js';

function zipFile(bytes: Buffer): string {
  const path = join(mkdtempSync(join(tmpdir(), 'slipway-fid-')), 'function.zip');
  writeFileSync(path, bytes);
  return path;
}

/** The fixture plus version 3 (new code), published just now: it comes up as `activation` says. */
function withFreshVersion(activation: { pendingMs: number; failReason?: string; failCode?: string }) {
  const sim = lambdaFixture();
  const { lambda, account } = sim;
  lambda.activateVersions(FN, activation);
  lambda.UpdateFunctionCode({ FunctionName: FN, ZipFile: Buffer.from('third') });
  account.clock.advance(60_000);
  lambda.PublishVersion({ FunctionName: FN });
  const publishedAt = account.clock.now();
  account.calls.length = 0;
  return { ...sim, publishedAt, thirdSha: lambda.fn(FN).codeSha256 };
}

const quick = { ...baseInputs, version: '3', strategy: 'all-at-once', 'bake-time': '0s' };
const errorsOf = (account: ReturnType<typeof lambdaFixture>['account'], action: string) =>
  account.calls.filter((c) => c.action === action && c.error).map((c) => c.error);

describe('the simulated Lambda: version states', () => {
  it('a new version is Pending, refuses Invoke with ResourceConflictException, then turns Active', () => {
    const { account, lambda } = serverlessAccount();
    lambda.createFunction(FN, NEW_ZIP);
    lambda.activateVersions(FN, { pendingMs: 10_000 });
    lambda.PublishVersion({ FunctionName: FN });
    expect(lambda.GetFunctionConfiguration({ FunctionName: FN, Qualifier: '1' })).toMatchObject({
      State: 'Pending',
      StateReasonCode: 'Creating',
    });
    expect(() => lambda.Invoke({ FunctionName: FN, Qualifier: '1' })).toThrow(
      /The function is currently in the following state: Pending/,
    );
    account.clock.advance(10_000);
    expect(lambda.GetFunctionConfiguration({ FunctionName: FN, Qualifier: '1' }).State).toBe('Active');
    expect(lambda.Invoke({ FunctionName: FN, Qualifier: '1' }).StatusCode).toBe(200);
  });

  it('a version can end Failed with its StateReason; an Inactive SnapStart version wakes on Invoke', () => {
    const { account, lambda } = serverlessAccount();
    lambda.createFunction(FN, NEW_ZIP, { snapStart: true });
    lambda.activateVersions(FN, {
      pendingMs: 5_000,
      failReason: 'snapshot failed',
      failCode: 'InternalError',
    });
    lambda.PublishVersion({ FunctionName: FN });
    account.clock.advance(5_000);
    expect(lambda.GetFunctionConfiguration({ FunctionName: FN, Qualifier: '1' })).toMatchObject({
      State: 'Failed',
      StateReason: 'snapshot failed',
    });
    lambda.activateVersions(FN, { pendingMs: 90_000 });
    lambda.UpdateFunctionConfiguration({ FunctionName: FN, MemorySize: 512 });
    account.clock.advance(10_000);
    lambda.PublishVersion({ FunctionName: FN });
    account.clock.advance(90_000);
    lambda.setVersionState(FN, '2', 'Inactive', 'idle for 14 days');
    expect(() => lambda.Invoke({ FunctionName: FN, Qualifier: '2' })).toThrow(/Lambda is initializing/);
    expect(lambda.GetFunctionConfiguration({ FunctionName: FN, Qualifier: '2' }).State).toBe('Pending');
    account.clock.advance(90_000);
    expect(lambda.GetFunctionConfiguration({ FunctionName: FN, Qualifier: '2' }).State).toBe('Active');
  });
});

describe('a new version that is not Active yet', () => {
  it('deploy-lambda waits for Active before the smoke test and before any traffic', async () => {
    const { account, lambda, publishedAt } = withFreshVersion({ pendingMs: 45_000 });
    lambda.requireSmokeTest();
    const deps = account.deps({ ...quick, 'smoke-payload': '{}' });
    await deploy(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    const invokes = account.calls.filter((c) => c.action === 'Invoke');
    expect(invokes.map((c) => c.error)).toEqual([undefined]);
    expect(invokes[0]!.t - publishedAt).toBeGreaterThanOrEqual(45_000);
    expect(deps.io.logs.join('\n')).toMatch(/version 3 of orders to become Active: State Pending/);
    expect(account.violations).toEqual([]);
  });

  it('deploy-lambda without a smoke test still gives no traffic to a Pending version', async () => {
    const { account, lambda, publishedAt } = withFreshVersion({ pendingMs: 45_000 });
    const deps = account.deps({ ...baseInputs, version: '3', 'canary-interval': '1m' });
    await deploy(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    expect(lambda.aliasHistory[0]!.t - publishedAt).toBeGreaterThanOrEqual(45_000);
    expect(account.violations).toEqual([]);
  });

  it('deploy-lambda of a version that ends Failed stops before any traffic, naming its StateReason', async () => {
    const reason = 'Lambda was unable to configure your environment variables: the KMS key is disabled';
    const { account, lambda } = withFreshVersion({
      pendingMs: 30_000,
      failReason: reason,
      failCode: 'KMSKeyAccessDenied',
    });
    const deps = account.deps(quick);
    const err = await deploy(deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RolloutFailedError);
    expect((err as Error).message).toContain(`version 3 of orders is in state Failed: ${reason}`);
    expect((err as Error).message).not.toContain('\n');
    expect(lambda.aliasHistory).toEqual([]);
  });

  it('deploy-lambda of a version that stays Pending past wait-timeout times out naming the state', async () => {
    const { account, lambda } = withFreshVersion({ pendingMs: 20 * 60_000 });
    const deps = account.deps({ ...quick, 'wait-timeout': '2m' });
    await expect(deploy(deps)).rejects.toThrow(
      /timed out after 2m waiting for version 3 of orders to become Active; last status: State Pending/,
    );
    expect(lambda.aliasHistory).toEqual([]);
  });

  it('deploy-lambda of an Inactive version fails at once, saying how Lambda wakes it', async () => {
    const { account, lambda } = lambdaFixture();
    lambda.setVersionState(FN, '2', 'Inactive', 'The function is inactive.');
    const deps = account.deps({ ...baseInputs, strategy: 'all-at-once', 'bake-time': '0s' });
    const t0 = account.clock.now();
    await expect(deploy(deps)).rejects.toThrow(
      /version 2 of orders is Inactive \(The function is inactive\.\): Lambda re-creates its resources on the next invocation/,
    );
    expect(account.clock.now() - t0).toBeLessThan(1000);
    expect(lambda.aliasHistory).toEqual([]);
  });

  it('publish-function returns only once the new version is Active', async () => {
    const { account, lambda } = lambdaFixture();
    lambda.activateVersions(FN, { pendingMs: 30_000 });
    const deps = account.deps({ 'function-name': FN, 'zip-path': zipFile(Buffer.from('pending build')) });
    await publish(deps);
    expect(deps.io.outputs['version']).toBe('3');
    expect(lambda.GetFunctionConfiguration({ FunctionName: FN, Qualifier: '3' }).State).toBe('Active');
  });

  it('publish-function fails in one line with the StateReason of a version that ends Failed', async () => {
    const { account, lambda } = lambdaFixture();
    lambda.activateVersions(FN, { pendingMs: 30_000, failReason: 'SnapStart snapshot creation failed' });
    const deps = account.deps({ 'function-name': FN, 'zip-path': zipFile(Buffer.from('bad init')) });
    const err = await publish(deps).catch((e: unknown) => e);
    expect((err as Error).message).toBe(
      'version 3 of orders is in state Failed: SnapStart snapshot creation failed',
    );
    expect(deps.io.outputs['version']).toBeUndefined();
  });
});

describe('UpdateAlias answering ResourceConflictException', () => {
  it('a canary retries the conflicting UpdateAlias calls and succeeds: never a reason to roll back', async () => {
    const { account, lambda } = lambdaFixture();
    lambda.conflictAliasUpdates(FN, 'live', 3);
    const deps = account.deps({ ...baseInputs, 'canary-interval': '2m' });
    await deploy(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    expect(errorsOf(account, 'UpdateAlias')).toEqual([
      'ResourceConflictException',
      'ResourceConflictException',
      'ResourceConflictException',
    ]);
    expect(lambda.aliasHistory.map((h) => [h.version, h.weights])).toEqual([
      ['1', { '2': 0.1 }],
      ['2', {}],
    ]);
    expect(deps.io.logs.join('\n')).toMatch(/UpdateAlias on orders:live: another operation is in progress/);
    expect(account.violations).toEqual([]);
  });

  it('the rollback retries it too, and still puts the alias back', async () => {
    const { account, lambda, cloudwatch } = lambdaFixture();
    cloudwatch.putAlarm('orders-errors');
    cloudwatch.fireWhen('orders-errors', () => lambda.weightOf(FN, 'live', '2') > 0, 60_000);
    let armed = false;
    account.clock.onAdvance.push(() => {
      if (armed || lambda.weightOf(FN, 'live', '2') === 0) return;
      armed = true;
      lambda.conflictAliasUpdates(FN, 'live', 2);
    });
    const deps = account.deps({
      ...baseInputs,
      'canary-interval': '10m',
      alarms: 'orders-errors',
    });
    const err = await deploy(deps).catch((e: unknown) => e);
    expect((err as RolloutFailedError).rolledBack).toBe(true);
    expect((err as Error).message).toMatch(/rolled back to 1: gate failed: alarm orders-errors/);
    expect(errorsOf(account, 'UpdateAlias')).toHaveLength(2);
    expect(lambda.GetAlias({ FunctionName: FN, Name: 'live' })).toMatchObject({ FunctionVersion: '1' });
    expect(account.violations).toEqual([]);
  });

  it('a conflict that outlasts wait-timeout fails the shift with the timeout, and the rollback finishes', async () => {
    const { account, lambda } = lambdaFixture();
    lambda.conflictAliasUpdates(FN, 'live', 1_000);
    const deps = account.deps({ ...baseInputs, 'wait-timeout': '1m' });
    const err = await deploy(deps).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(
      /timed out after 1m waiting for UpdateAlias on orders:live; last status: another operation is in progress/,
    );
    expect(lambda.GetAlias({ FunctionName: FN, Name: 'live' })).toMatchObject({ FunctionVersion: '1' });
    // The alias was never written; the rollback has nothing to undo and makes no call that could conflict.
    expect(lambda.aliasHistory).toEqual([]);
  });
});

describe('reusing a version only when code and configuration both match', () => {
  it("publishes a new version when $LATEST's configuration changed since the version with this code", async () => {
    const { account, lambda } = lambdaFixture();
    lambda.UpdateFunctionConfiguration({
      FunctionName: FN,
      Environment: { Variables: { LOG_LEVEL: 'debug' } },
    });
    account.clock.advance(60_000);
    account.calls.length = 0;
    const deps = account.deps({ 'function-name': FN, 'zip-path': zipFile(NEW_ZIP) });
    await publish(deps);
    expect(deps.io.outputs).toMatchObject({ version: '3', changed: 'true' });
    // The code is already there: nothing to upload, only the version to publish.
    expect(account.mutatingCalls().map((c) => c.action)).toEqual(['PublishVersion']);
    expect(
      lambda.GetFunctionConfiguration({ FunctionName: FN, Qualifier: '3' }).Environment?.Variables,
    ).toEqual({ LOG_LEVEL: 'debug' });
  });

  it('reuses the older version whose code and configuration both match, with no mutating call', async () => {
    const { account, lambda } = lambdaFixture();
    lambda.UpdateFunctionConfiguration({ FunctionName: FN, MemorySize: 1024 });
    account.clock.advance(60_000);
    lambda.PublishVersion({ FunctionName: FN }); // version 3: new code, 1024 MB
    account.clock.advance(60_000);
    lambda.UpdateFunctionConfiguration({ FunctionName: FN, MemorySize: 128 }); // back to version 2's
    account.clock.advance(60_000);
    account.calls.length = 0;
    const deps = account.deps({ 'function-name': FN, 'zip-path': zipFile(NEW_ZIP) });
    await publish(deps);
    expect(deps.io.outputs).toMatchObject({ version: '2', changed: 'false' });
    expect(account.mutatingCalls()).toEqual([]);
  });
});
