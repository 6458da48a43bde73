import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run as deploy } from '../../src/actions/deploy-lambda/main.js';
import { run as publish } from '../../src/actions/publish-function/main.js';
import { serverlessAccount } from '../sim/index.js';
import { FN, lambdaFixture, NEW_ZIP, OLD_ZIP } from './lambda-fixture.js';

function zipFile(bytes: Buffer): string {
  const path = join(mkdtempSync(join(tmpdir(), 'slipway-pub-')), 'function.zip');
  writeFileSync(path, bytes);
  return path;
}

describe('publish-function on the simulated account', () => {
  it('uploads, waits for LastUpdateStatus, and publishes guarded by CodeSha256 and RevisionId', async () => {
    const { account, lambda } = lambdaFixture();
    const code = Buffer.from('newest code');
    const deps = account.deps({ 'function-name': FN, 'zip-path': zipFile(code), description: 'build 42' });
    await publish(deps);
    expect(deps.io.outputs).toMatchObject({ version: '3', changed: 'true' });
    expect(account.mutatingCalls().map((c) => c.action)).toEqual(['UpdateFunctionCode', 'PublishVersion']);
    const publishCall = account.calls.find((c) => c.action === 'PublishVersion' && !c.error)!;
    expect(publishCall.input).toMatchObject({
      CodeSha256: deps.io.outputs['code-sha256'],
      RevisionId: expect.any(String),
    });
    // PublishVersion came only after the update finished (8 s in the simulator).
    const update = account.calls.find((c) => c.action === 'UpdateFunctionCode')!;
    expect(publishCall.t - update.t).toBeGreaterThanOrEqual(8_000);
    expect(lambda.GetFunctionConfiguration({ FunctionName: FN, Qualifier: '3' }).Description).toBe(
      'build 42',
    );
  });

  it('6. an unchanged zip is a no-op: the existing version, changed=false, zero mutating calls', async () => {
    const { account } = lambdaFixture();
    const deps = account.deps({ 'function-name': FN, 'zip-path': zipFile(NEW_ZIP) });
    await publish(deps);
    expect(deps.io.outputs).toMatchObject({ version: '2', changed: 'false' });
    expect(account.mutatingCalls()).toEqual([]);
    // Once the alias serves version 2, deploying it again is a no-op too.
    await deploy(
      account.deps({ 'function-name': FN, version: '2', 'bake-time': '0s', strategy: 'all-at-once' }),
    );
    const calls = account.mutatingCalls().length;
    expect(calls).toBe(1);
    const third = account.deps({ 'function-name': FN, version: '2' });
    await deploy(third);
    expect(third.io.outputs['status']).toBe('no-op');
    expect(account.mutatingCalls().length).toBe(calls);
  });

  it('waits out ResourceConflictException from an update already in progress', async () => {
    const { account, lambda } = lambdaFixture();
    lambda.UpdateFunctionCode({ FunctionName: FN, ZipFile: OLD_ZIP }); // someone else's update, still InProgress
    const deps = account.deps({ 'function-name': FN, 'zip-path': zipFile(Buffer.from('mine')) });
    await publish(deps);
    expect(deps.io.outputs['changed']).toBe('true');
    expect(deps.io.logs.some((l) => l.includes('LastUpdateStatus InProgress'))).toBe(true);
  });

  it('goes through S3 when s3-bucket is set', async () => {
    const { account, s3, lambda } = lambdaFixture();
    s3.createBucket('artifacts');
    const deps = account.deps({
      'function-name': FN,
      'zip-path': zipFile(Buffer.from('via s3')),
      's3-bucket': 'artifacts',
    });
    await publish(deps);
    const put = account.calls.find((c) => c.action === 'PutObject')!;
    const key = (put.input as { Key: string }).Key;
    expect(key).toMatch(/^slipway\/orders\/[0-9a-f]{64}\.zip$/);
    expect(s3.object('artifacts', key)?.toString()).toBe('via s3');
    expect(account.calls.find((c) => c.action === 'UpdateFunctionCode')!.input).toMatchObject({
      S3Bucket: 'artifacts',
      S3Key: key,
    });
    expect(lambda.fn(FN).codeSha256).toBe(deps.io.outputs['code-sha256']);
  });

  it('a missing function fails with what creating one needs, and changes nothing', async () => {
    const { account } = serverlessAccount();
    const deps = account.deps({ 'function-name': 'ghost', 'zip-path': zipFile(NEW_ZIP) });
    await expect(publish(deps)).rejects.toThrow(
      /function ghost does not exist in us-east-1.*execution role ARN, a runtime and a handler/,
    );
    expect(account.mutatingCalls()).toEqual([]);
  });

  it('4. with 30% of calls throttled, publish + canary deploy still succeed', async () => {
    const { account, lambda, cloudwatch } = lambdaFixture({ seed: 3 });
    cloudwatch.putAlarm('orders-errors');
    account.throttle(0.3);
    const pub = account.deps({ 'function-name': FN, 'zip-path': zipFile(Buffer.from('throttled build')) });
    await publish(pub);
    const dep = account.deps({
      'function-name': FN,
      version: pub.io.outputs['version']!,
      strategy: 'canary',
      'canary-interval': '3m',
      'bake-time': '2m',
      alarms: 'orders-errors',
    });
    await deploy(dep);
    expect(dep.io.outputs['status']).toBe('succeeded');
    expect(lambda.GetAlias({ FunctionName: FN, Name: 'live' }).FunctionVersion).toBe('3');
    const throttled = account.calls.filter(
      (c) => c.error === 'TooManyRequestsException' || c.error === 'Throttling',
    ).length;
    expect(throttled / account.calls.length).toBeGreaterThan(0.15);
    expect(account.violations).toEqual([]);
  });
});
