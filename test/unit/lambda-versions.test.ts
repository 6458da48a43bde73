import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { versionSnapshot } from '../../src/targets/lambda/version-match.js';
import { stateProblem } from '../../src/targets/lambda/version-state.js';

const base: FunctionConfiguration = {
  CodeSha256: 'abc=',
  Role: 'arn:aws:iam::123456789012:role/orders',
  Handler: 'index.handler',
  Runtime: 'nodejs22.x',
  MemorySize: 128,
  Timeout: 3,
  Environment: { Variables: { A: '1', B: '2' } },
  Layers: [{ Arn: 'arn:aws:lambda:us-east-1:123456789012:layer:x:1', CodeSize: 10 }],
};

describe('what makes a published version as good as a new one', () => {
  it('ignores what names the version itself, its description, and the order of environment keys', () => {
    const version: FunctionConfiguration = {
      ...base,
      Version: '7',
      FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:orders:7',
      RevisionId: 'r2',
      LastModified: '2026-01-01T00:00:00.000+0000',
      Description: 'build 42',
      State: 'Active',
      Environment: { Variables: { B: '2', A: '1' } },
      Layers: [{ Arn: 'arn:aws:lambda:us-east-1:123456789012:layer:x:1', CodeSize: 99 }],
    };
    expect(versionSnapshot(version)).toBe(versionSnapshot({ ...base, Version: '$LATEST' }));
    // Defaults a response may leave out compare equal to their values.
    expect(versionSnapshot({ ...base, Architectures: ['x86_64'], EphemeralStorage: { Size: 512 } })).toBe(
      versionSnapshot(base),
    );
  });

  it.each<[string, FunctionConfiguration]>([
    ['code', { CodeSha256: 'other=' }],
    ['role', { Role: 'arn:aws:iam::123456789012:role/other' }],
    ['handler', { Handler: 'main.handler' }],
    ['runtime', { Runtime: 'nodejs24.x' }],
    ['memory', { MemorySize: 256 }],
    ['timeout', { Timeout: 30 }],
    ['an environment value', { Environment: { Variables: { A: '1', B: '3' } } }],
    ['a layer version', { Layers: [{ Arn: 'arn:aws:lambda:us-east-1:123456789012:layer:x:2' }] }],
    ['the subnets', { VpcConfig: { SubnetIds: ['subnet-1'], SecurityGroupIds: ['sg-1'] } }],
    ['the architecture', { Architectures: ['arm64'] }],
    ['ephemeral storage', { EphemeralStorage: { Size: 1024 } }],
    ['tracing', { TracingConfig: { Mode: 'Active' } }],
    ['the KMS key', { KMSKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/1' }],
    ['SnapStart', { SnapStart: { ApplyOn: 'PublishedVersions' } }],
    ['logging', { LoggingConfig: { LogFormat: 'JSON' } }],
    ['the dead-letter target', { DeadLetterConfig: { TargetArn: 'arn:aws:sqs:us-east-1:123456789012:dlq' } }],
  ])('differs when %s differs', (_what, change) => {
    expect(versionSnapshot({ ...base, ...change })).not.toBe(versionSnapshot(base));
  });
});

describe('a version state that no wait can fix', () => {
  it('is Failed (with its reason) or Inactive (with how to wake it); Pending and Active are not problems', () => {
    expect(stateProblem({ State: 'Failed', StateReason: 'init failed' }, 'orders', '3')).toBe(
      'version 3 of orders is in state Failed: init failed',
    );
    expect(stateProblem({ State: 'Failed' }, 'orders', '3')).toBe('version 3 of orders is in state Failed');
    expect(stateProblem({ State: 'Inactive' }, 'orders', '3')).toBe(
      'version 3 of orders is Inactive (no reason given): Lambda re-creates its resources on the next invocation; ' +
        'invoke it once (aws lambda invoke --function-name orders:3), wait for State Active, and deploy again',
    );
    expect(stateProblem({ State: 'Pending' }, 'orders', '3')).toBeUndefined();
    expect(stateProblem({ State: 'Active' }, 'orders', '3')).toBeUndefined();
    expect(stateProblem({}, 'orders', '3')).toBeUndefined();
  });
});
