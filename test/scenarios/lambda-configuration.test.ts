import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run as publish } from '../../src/actions/publish-function/main.js';
import { serverlessAccount } from '../sim/index.js';
import { FN, lambdaFixture, NEW_ZIP } from './lambda-fixture.js';

function zipFile(bytes: Buffer): string {
  const path = join(mkdtempSync(join(tmpdir(), 'slipway-cfg-')), 'function.zip');
  writeFileSync(path, bytes);
  return path;
}

const ROLE = 'arn:aws:iam::123456789012:role/orders-exec';
const LAYER = 'arn:aws:lambda:us-east-1:123456789012:layer:otel:7';
const config = {
  role: ROLE,
  runtime: 'nodejs22.x',
  handler: 'index.handler',
  memory: '512',
  timeout: '30s',
  environment: 'STAGE=prod\nTABLE=orders',
  layers: LAYER,
  architectures: 'arm64',
  'ephemeral-storage': '1024',
};

describe('publish-function with configuration, on the simulated account', () => {
  it('creates a missing function with its configuration, then updates code and configuration in order', async () => {
    const { account, lambda } = serverlessAccount();
    const first = account.deps({
      'function-name': 'billing',
      'zip-path': zipFile(Buffer.from('v1')),
      ...config,
    });
    await publish(first);
    expect(first.io.outputs).toMatchObject({ version: '1', changed: 'true', created: 'true' });
    expect(account.mutatingCalls().map((c) => c.action)).toEqual(['CreateFunction', 'PublishVersion']);
    const v1 = lambda.GetFunctionConfiguration({ FunctionName: 'billing', Qualifier: '1' });
    expect(v1).toMatchObject({
      Role: ROLE,
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      MemorySize: 512,
      Timeout: 30,
      Environment: { Variables: { STAGE: 'prod', TABLE: 'orders' } },
      Layers: [{ Arn: LAYER }],
      Architectures: ['arm64'],
      EphemeralStorage: { Size: 1024 },
      State: 'Active',
    });

    account.calls.length = 0;
    const second = account.deps({
      'function-name': 'billing',
      'zip-path': zipFile(Buffer.from('v2')),
      ...config,
      memory: '1024',
      timeout: '5m',
    });
    await publish(second);
    expect(second.io.outputs).toMatchObject({ version: '2', changed: 'true', created: 'false' });
    expect(account.mutatingCalls().map((c) => c.action)).toEqual([
      'UpdateFunctionCode',
      'UpdateFunctionConfiguration',
      'PublishVersion',
    ]);
    // Each update waited for the one before it (LastUpdateStatus), so Lambda never answered "in progress".
    expect(account.calls.filter((c) => c.error === 'ResourceConflictException')).toEqual([]);
    const update = account.calls.find((c) => c.action === 'UpdateFunctionConfiguration')!;
    expect(update.input).toEqual({
      FunctionName: 'billing',
      RevisionId: expect.any(String),
      MemorySize: 1024,
      Timeout: 300,
    });
    // Only the field names reach the log: a value may be secret (an environment variable).
    expect(second.io.logs).toContain('updated MemorySize, Timeout; waiting for LastUpdateStatus Successful');
    expect(lambda.GetFunctionConfiguration({ FunctionName: 'billing', Qualifier: '2' })).toMatchObject({
      MemorySize: 1024,
      Timeout: 300,
      Environment: { Variables: { STAGE: 'prod', TABLE: 'orders' } },
    });
    expect(account.violations).toEqual([]);
  });

  it('a configuration-only change publishes a version with the new configuration and no upload', async () => {
    const { account, lambda } = lambdaFixture();
    const deps = account.deps({
      'function-name': FN,
      'zip-path': zipFile(NEW_ZIP),
      memory: '256',
      environment: 'LOG_LEVEL=debug',
    });
    await publish(deps);
    expect(deps.io.outputs).toMatchObject({ version: '3', changed: 'true' });
    expect(account.mutatingCalls().map((c) => c.action)).toEqual([
      'UpdateFunctionConfiguration',
      'PublishVersion',
    ]);
    const publishCall = account.calls.find((c) => c.action === 'PublishVersion' && !c.error)!;
    const update = account.calls.find((c) => c.action === 'UpdateFunctionConfiguration')!;
    expect(publishCall.t - update.t).toBeGreaterThanOrEqual(8_000);
    expect(lambda.GetFunctionConfiguration({ FunctionName: FN, Qualifier: '3' })).toMatchObject({
      MemorySize: 256,
      Environment: { Variables: { LOG_LEVEL: 'debug' } },
    });
    // Version 2 keeps what it was published with.
    expect(lambda.GetFunctionConfiguration({ FunctionName: FN, Qualifier: '2' }).MemorySize).toBe(128);
  });

  it('an unchanged function (code and configuration) publishes nothing; the environment compares as a map', async () => {
    const { account } = lambdaFixture();
    const inputs = {
      'function-name': FN,
      'zip-path': zipFile(NEW_ZIP),
      memory: '256',
      environment: 'A=1\nB=2',
    };
    await publish(account.deps(inputs));
    account.calls.length = 0;
    const again = account.deps({ ...inputs, environment: 'B=2\nA=1', timeout: '3' });
    await publish(again);
    expect(again.io.outputs).toMatchObject({ version: '3', changed: 'false', created: 'false' });
    expect(account.mutatingCalls()).toEqual([]);
    // One variable fewer is a change: the environment is replaced whole.
    const fewer = account.deps({ ...inputs, environment: 'A=1' });
    await publish(fewer);
    expect(fewer.io.outputs).toMatchObject({ version: '4', changed: 'true' });
  });

  it('an architecture change re-sends the same code with Architectures (UpdateFunctionConfiguration cannot set it)', async () => {
    const { account, lambda } = lambdaFixture();
    const deps = account.deps({ 'function-name': FN, 'zip-path': zipFile(NEW_ZIP), architectures: 'arm64' });
    await publish(deps);
    expect(deps.io.outputs).toMatchObject({ version: '3', changed: 'true' });
    expect(account.mutatingCalls().map((c) => c.action)).toEqual(['UpdateFunctionCode', 'PublishVersion']);
    expect(account.calls.find((c) => c.action === 'UpdateFunctionCode')!.input).toMatchObject({
      Architectures: ['arm64'],
    });
    expect(lambda.GetFunctionConfiguration({ FunctionName: FN, Qualifier: '3' }).Architectures).toEqual([
      'arm64',
    ]);
  });

  it('refuses to create a function without role, naming it, before any write', async () => {
    const { account } = serverlessAccount();
    const deps = account.deps({
      'function-name': 'ghost',
      'zip-path': zipFile(NEW_ZIP),
      runtime: 'nodejs22.x',
      handler: 'index.handler',
    });
    await expect(publish(deps)).rejects.toThrow(
      'function ghost does not exist in us-east-1; to create it, set role (creating a zip function needs an execution role ARN, a runtime and a handler)',
    );
    expect(account.mutatingCalls()).toEqual([]);
  });

  it('waits for a new function to leave Pending before publishing', async () => {
    const { account, lambda } = serverlessAccount();
    const deps = account.deps({ 'function-name': 'fresh', 'zip-path': zipFile(NEW_ZIP), ...config });
    await publish(deps);
    const create = account.calls.find((c) => c.action === 'CreateFunction')!;
    const pub = account.calls.find((c) => c.action === 'PublishVersion' && !c.error)!;
    expect(pub.t - create.t).toBeGreaterThanOrEqual(6_000);
    expect(account.calls.filter((c) => c.error === 'ResourceConflictException')).toEqual([]);
    expect(lambda.GetFunctionConfiguration({ FunctionName: 'fresh' }).State).toBe('Active');
  });

  it('a dry run on a missing function says it would create it, and changes nothing', async () => {
    const { account } = serverlessAccount();
    const zip = zipFile(Buffer.from('v1'));
    const deps = account.deps({ 'function-name': 'billing', 'zip-path': zip, ...config, 'dry-run': 'true' });
    await publish(deps);
    expect(account.mutatingCalls()).toEqual([]);
    expect(deps.io.logs).toContain(
      'dry run: billing does not exist: would create it from 2 B and publish a version',
    );
    expect(deps.io.outputs).toMatchObject({ version: '', changed: 'true', 'function-arn': '' });
    expect(deps.io.outputs['code-sha256']).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it('CreateFunction is sent without Publish, and the log names what it is created from', async () => {
    const { account } = serverlessAccount();
    const deps = account.deps({
      'function-name': 'billing',
      'zip-path': zipFile(Buffer.from('v1')),
      ...config,
    });
    await publish(deps);
    const create = account.calls.find((c) => c.action === 'CreateFunction');
    expect(create?.input).toMatchObject({ FunctionName: 'billing', PackageType: 'Zip', Publish: false });
    expect(deps.io.logs).toContain('function billing does not exist in us-east-1: creating it from 2 B');
  });
});
