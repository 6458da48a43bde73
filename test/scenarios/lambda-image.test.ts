import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run as deploy } from '../../src/actions/deploy-lambda/main.js';
import { run as publish } from '../../src/actions/publish-function/main.js';
import { serverlessAccount } from '../sim/index.js';

const ROLE = 'arn:aws:iam::123456789012:role/thumbs-exec';
const REPO = '123456789012.dkr.ecr.us-east-1.amazonaws.com/thumbs';
const D1 = 'a'.repeat(64);
const D2 = 'b'.repeat(64);
const byDigest = (d: string): string => `${REPO}@sha256:${d}`;

/** A first deploy of an image function: publish-function creates it from the image, deploy-lambda routes to it. */
async function firstDeploy() {
  const sim = serverlessAccount();
  const { account } = sim;
  const pub = account.deps({
    'function-name': 'thumbs',
    'image-uri': byDigest(D1),
    role: ROLE,
    memory: '1024',
  });
  await publish(pub);
  const dep = account.deps({
    'function-name': 'thumbs',
    version: pub.io.outputs['version']!,
    'bake-time': '0s',
  });
  await deploy(dep);
  return { ...sim, pub, dep };
}

describe('container-image functions on the simulated account', () => {
  it('a first deploy of an image function creates it (PackageType Image), publishes version 1, and routes the alias', async () => {
    const { account, lambda, pub, dep } = await firstDeploy();
    expect(pub.io.outputs).toMatchObject({
      version: '1',
      changed: 'true',
      created: 'true',
      'code-sha256': D1,
    });
    const create = account.calls.find((c) => c.action === 'CreateFunction')!;
    expect(create.input).toMatchObject({
      PackageType: 'Image',
      Code: { ImageUri: byDigest(D1) },
      Role: ROLE,
      MemorySize: 1024,
    });
    expect(create.input).not.toHaveProperty('Runtime');
    expect(lambda.GetFunction({ FunctionName: 'thumbs' }).Code).toEqual({
      RepositoryType: 'ECR',
      ImageUri: byDigest(D1),
      ResolvedImageUri: byDigest(D1),
    });
    expect(dep.io.outputs['status']).toBe('succeeded');
    expect(lambda.GetAlias({ FunctionName: 'thumbs', Name: 'live' }).FunctionVersion).toBe('1');
    expect(account.violations).toEqual([]);
  });

  it('an image function canary: publish-function with a new digest, then deploy-lambda shifts 10% then all', async () => {
    const { account, lambda, cloudwatch } = await firstDeploy();
    cloudwatch.putAlarm('thumbs-errors');
    account.calls.length = 0;
    const pub = account.deps({
      'function-name': 'thumbs',
      'image-uri': byDigest(D2),
      role: ROLE,
      memory: '1024',
    });
    await publish(pub);
    expect(pub.io.outputs).toMatchObject({
      version: '2',
      changed: 'true',
      created: 'false',
      'code-sha256': D2,
    });
    expect(account.mutatingCalls().map((c) => c.action)).toEqual(['UpdateFunctionCode', 'PublishVersion']);
    expect(account.calls.find((c) => c.action === 'UpdateFunctionCode')!.input).toMatchObject({
      ImageUri: byDigest(D2),
    });
    const dep = account.deps({
      'function-name': 'thumbs',
      version: '2',
      strategy: 'canary',
      'canary-percent': '10',
      'canary-interval': '2m',
      'bake-time': '1m',
      alarms: 'thumbs-errors',
    });
    await deploy(dep);
    expect(dep.io.outputs).toMatchObject({ status: 'succeeded', 'previous-version': '1' });
    expect(lambda.aliasHistory.some((h) => h.weights['2'] === 0.1)).toBe(true);
    expect(lambda.GetAlias({ FunctionName: 'thumbs', Name: 'live' }).FunctionVersion).toBe('2');
    expect(account.violations).toEqual([]);
  });

  it('the same image digest and configuration publishes nothing', async () => {
    const { account } = await firstDeploy();
    account.calls.length = 0;
    const again = account.deps({
      'function-name': 'thumbs',
      'image-uri': byDigest(D1),
      role: ROLE,
      memory: '1024',
    });
    await publish(again);
    expect(again.io.outputs).toMatchObject({ version: '1', changed: 'false' });
    expect(account.mutatingCalls()).toEqual([]);
  });

  it('a tag is resolved by Lambda: the version gets the digest the tag named', async () => {
    const { account, lambda } = await firstDeploy();
    lambda.pushImage(`${REPO}:v2`, `sha256:${D2}`);
    const pub = account.deps({ 'function-name': 'thumbs', 'image-uri': `${REPO}:v2` });
    await publish(pub);
    expect(pub.io.outputs).toMatchObject({ version: '2', 'code-sha256': D2 });
    expect(lambda.GetFunction({ FunctionName: 'thumbs' }).Code?.ResolvedImageUri).toBe(byDigest(D2));
  });

  it('a zip function given an image (or the reverse) fails before any write: the package type cannot change', async () => {
    const { account } = await firstDeploy();
    account.calls.length = 0;
    const zip = join(mkdtempSync(join(tmpdir(), 'slipway-img-')), 'f.zip');
    writeFileSync(zip, 'zip');
    await expect(publish(account.deps({ 'function-name': 'thumbs', 'zip-path': zip }))).rejects.toThrow(
      /function thumbs has PackageType Image, and Lambda cannot change a function's package type; give image-uri/,
    );
    expect(account.mutatingCalls()).toEqual([]);
  });

  it('a tag-only image: PublishVersion is guarded with the CodeSha256 Lambda reports for $LATEST', async () => {
    const { account, lambda } = await firstDeploy();
    lambda.pushImage(`${REPO}:v2`, `sha256:${D2}`);
    account.calls.length = 0;
    await publish(account.deps({ 'function-name': 'thumbs', 'image-uri': `${REPO}:v2` }));
    const pv = account.calls.find((c) => c.action === 'PublishVersion');
    expect(pv?.input).toMatchObject({ FunctionName: 'thumbs', CodeSha256: D2 });
  });

  it('an image given to a zip function names zip-path, the input that function takes', async () => {
    const { account } = serverlessAccount();
    const zip = join(mkdtempSync(join(tmpdir(), 'slipway-img-')), 'f.zip');
    writeFileSync(zip, 'zip');
    await publish(
      account.deps({
        'function-name': 'thumbs',
        'zip-path': zip,
        role: ROLE,
        runtime: 'nodejs22.x',
        handler: 'index.handler',
      }),
    );
    account.calls.length = 0;
    await expect(
      publish(account.deps({ 'function-name': 'thumbs', 'image-uri': byDigest(D1) })),
    ).rejects.toThrow(
      "function thumbs has PackageType Zip, and Lambda cannot change a function's package type; give zip-path, or publish to a new function",
    );
    expect(account.mutatingCalls()).toEqual([]);
  });
});
