import { describe, expect, it } from 'vitest';
import { serverlessAccount } from '../sim/index.js';

const ROLE = 'arn:aws:iam::123456789012:role/exec';
const REPO = '123456789012.dkr.ecr.us-east-1.amazonaws.com/app';
const zipFn = {
  FunctionName: 'z',
  Role: ROLE,
  Runtime: 'nodejs22.x' as const,
  Handler: 'index.handler',
  Code: { ZipFile: Buffer.from('z') },
};

/** The simulator's model of CreateFunction, UpdateFunctionConfiguration and image functions (lambda-validation.ts). */
describe('the Lambda simulator: configuration and images', () => {
  it('validates values as Lambda documents them', () => {
    const { lambda } = serverlessAccount();
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ MemorySize: 127 }, /memorySize/],
      [{ MemorySize: 10241 }, /memorySize/],
      [{ Timeout: 0 }, /timeout/],
      [{ Timeout: 901 }, /timeout/],
      [{ EphemeralStorage: { Size: 511 } }, /ephemeralStorage/],
      [
        { Layers: [1, 2, 3, 4, 5, 6].map((n) => `arn:aws:lambda:us-east-1:123456789012:layer:l:${n}`) },
        /length less than or equal to 5/,
      ],
      [{ Role: 'arn:aws:iam::123456789012:user/me' }, /role/],
    ];
    for (const [over, message] of bad)
      expect(() => lambda.CreateFunction({ ...zipFn, ...over })).toThrow(message);
    expect(() => lambda.CreateFunction({ ...zipFn, Role: undefined })).toThrow(/'role'/);
    expect(() => lambda.CreateFunction({ ...zipFn, Runtime: undefined })).toThrow(/Runtime is required/);
    expect(() => lambda.CreateFunction({ ...zipFn, Handler: undefined })).toThrow(/Handler is required/);
  });

  it('a new function is Pending, refuses updates until Active, and a name in use is a conflict', () => {
    const { account, lambda } = serverlessAccount();
    expect(lambda.CreateFunction(zipFn).State).toBe('Pending');
    expect(() => lambda.UpdateFunctionConfiguration({ FunctionName: 'z', MemorySize: 256 })).toThrow(
      /state: Pending/,
    );
    expect(() => lambda.CreateFunction(zipFn)).toThrow(/already exist/);
    account.clock.advance(10_000);
    expect(lambda.GetFunctionConfiguration({ FunctionName: 'z' }).State).toBe('Active');
  });

  it('UpdateFunctionConfiguration is InProgress, then Successful; a second update meanwhile is a conflict; versions keep it', () => {
    const { account, lambda } = serverlessAccount();
    lambda.CreateFunction(zipFn);
    account.clock.advance(10_000);
    lambda.UpdateFunctionConfiguration({
      FunctionName: 'z',
      MemorySize: 256,
      EphemeralStorage: { Size: 1024 },
    });
    expect(lambda.GetFunctionConfiguration({ FunctionName: 'z' }).LastUpdateStatus).toBe('InProgress');
    expect(() => lambda.UpdateFunctionCode({ FunctionName: 'z', ZipFile: Buffer.from('y') })).toThrow(
      /An update is in progress/,
    );
    account.clock.advance(10_000);
    const v = lambda.PublishVersion({ FunctionName: 'z' });
    expect(lambda.GetFunctionConfiguration({ FunctionName: 'z', Qualifier: v.Version! })).toMatchObject({
      MemorySize: 256,
      EphemeralStorage: { Size: 1024 },
    });
    // An unchanged function publishes nothing new: the same version comes back.
    expect(lambda.PublishVersion({ FunctionName: 'z' }).Version).toBe(v.Version);
  });

  it('image functions: ECR in the region, CodeSha256 the digest, no Runtime/Handler/Layers, no zip', () => {
    const { account, lambda } = serverlessAccount();
    const digest = 'c'.repeat(64);
    const image = {
      FunctionName: 'i',
      Role: ROLE,
      PackageType: 'Image' as const,
      Code: { ImageUri: `${REPO}@sha256:${digest}` },
    };
    expect(() => lambda.CreateFunction({ ...image, Runtime: 'nodejs22.x' })).toThrow(/Runtime/);
    expect(() => lambda.CreateFunction({ ...image, Handler: 'x' })).toThrow(/Handler/);
    expect(() => lambda.CreateFunction({ ...image, Code: { ImageUri: 'ghcr.io/o/app:1' } })).toThrow(
      /not valid/,
    );
    expect(() =>
      lambda.CreateFunction({ ...image, Code: { ImageUri: REPO.replace('us-east-1', 'eu-west-1') + ':v1' } }),
    ).toThrow(/Region/);
    expect(() => lambda.CreateFunction({ ...image, Code: { ImageUri: `${REPO}:unknown` } })).toThrow(
      /does not exist/,
    );
    expect(lambda.CreateFunction(image)).toMatchObject({ PackageType: 'Image', CodeSha256: digest });
    account.clock.advance(10_000);
    expect(() => lambda.UpdateFunctionConfiguration({ FunctionName: 'i', Layers: [] })).toThrow(/Layers/);
    expect(() => lambda.UpdateFunctionCode({ FunctionName: 'i', ZipFile: Buffer.from('z') })).toThrow(
      /ImageUri/,
    );
    expect(lambda.GetFunction({ FunctionName: 'i' }).Code).toMatchObject({
      ResolvedImageUri: `${REPO}@sha256:${digest}`,
    });
  });
});
