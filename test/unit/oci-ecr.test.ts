import { describe, expect, it } from 'vitest';
import { ecrLogin, ensureEcrRepository } from '../../src/artifacts/oci/ecr.js';
import { AwsError } from '../../src/core/errors.js';
import { SimAccount } from '../sim/account.js';
import { MemoryIo } from '../sim/memory-io.js';
import { EcrSim } from '../sim/services/ecr.js';

function setup(proxyEndpoint?: string) {
  const account = new SimAccount();
  const ecr = account.add(new EcrSim(account, proxyEndpoint ? { proxyEndpoint } : {}));
  const aws = account.aws({ maxAttempts: 3, action: 'test' });
  return { account, ecr, aws, io: new MemoryIo() };
}

describe('ECR login', () => {
  it('masks the token and the password, and takes the registry from proxyEndpoint', async () => {
    const { ecr, aws, io } = setup();
    const login = await ecrLogin(aws, 'eu-west-1', io);
    const password = ecr.passwords[0]!;
    expect(login).toEqual({
      registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
      credentials: { username: 'AWS', password },
    });
    expect(io.secrets).toContain(password);
    expect(io.secrets).toContain(Buffer.from(`AWS:${password}`).toString('base64'));
    expect(io.logs.join('\n')).not.toContain(password);
  });

  it('follows a proxyEndpoint pointed at a loopback registry', async () => {
    const { aws, io } = setup('http://127.0.0.1:5999');
    expect((await ecrLogin(aws, 'us-east-1', io)).registry).toBe('127.0.0.1:5999');
  });

  it('wraps an AccessDenied into an AwsError with the permission to add', async () => {
    const { account, aws, io } = setup();
    account.failNext('ecr', 'GetAuthorizationToken', (s) =>
      s.error('AccessDeniedException', 'not authorized'),
    );
    const err = await ecrLogin(aws, 'us-east-1', io).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsError);
    expect((err as Error).message).toMatch(
      /GetAuthorizationToken failed: AccessDeniedException.*ecr:GetAuthorizationToken/,
    );
  });
});

describe('ensureEcrRepository', () => {
  const quiet = { log: () => undefined, warn: () => undefined };

  it('creates a missing repository with scan on push, then finds it without creating again', async () => {
    const { account, ecr, aws } = setup();
    expect(await ensureEcrRepository(aws, 'us-east-1', 'team/app', { immutableTags: true, ...quiet })).toBe(
      'created',
    );
    expect(ecr.repository('us-east-1', 'team/app')).toMatchObject({
      scanOnPush: true,
      imageTagMutability: 'IMMUTABLE',
    });
    expect(await ensureEcrRepository(aws, 'us-east-1', 'team/app', { immutableTags: true, ...quiet })).toBe(
      'exists',
    );
    expect(account.calls.map((c) => c.action)).toEqual([
      'DescribeRepositories',
      'CreateRepository',
      'DescribeRepositories',
    ]);
    expect(account.mutatingCalls()).toHaveLength(1);
  });

  it('defaults to mutable tags, and repositories are per region', async () => {
    const { ecr, aws } = setup();
    await ensureEcrRepository(aws, 'us-east-1', 'app', { immutableTags: false, ...quiet });
    expect(ecr.repository('us-east-1', 'app')?.imageTagMutability).toBe('MUTABLE');
    expect(await ensureEcrRepository(aws, 'eu-west-1', 'app', { immutableTags: false, ...quiet })).toBe(
      'created',
    );
  });

  it('accepts a repository created by a parallel job between describe and create', async () => {
    const { account, aws } = setup();
    account.failNext('ecr', 'CreateRepository', (s) => s.error('RepositoryAlreadyExistsException', 'exists'));
    expect(await ensureEcrRepository(aws, 'us-east-1', 'app', { immutableTags: false, ...quiet })).toBe(
      'exists',
    );
  });

  it('warns when an existing repository has mutable tags but immutable were asked for', async () => {
    const { aws } = setup();
    await ensureEcrRepository(aws, 'us-east-1', 'app', { immutableTags: false, ...quiet });
    const warnings: string[] = [];
    await ensureEcrRepository(aws, 'us-east-1', 'app', {
      immutableTags: true,
      log: () => undefined,
      warn: (l) => warnings.push(l),
    });
    expect(warnings).toEqual([expect.stringMatching(/exists with MUTABLE tags/)]);
  });
});

describe('the ECR simulator', () => {
  it('answers as the API reference documents', async () => {
    const { account, ecr } = setup();
    expect(() => ecr.DescribeRepositories({ repositoryNames: ['nope'] }, 'us-east-1')).toThrow(
      "The repository with name 'nope' does not exist in the registry with id '123456789012'",
    );
    expect(() => ecr.CreateRepository({ repositoryName: 'Bad_Name' }, 'us-east-1')).toThrow(/repositoryName/);
    const created = ecr.CreateRepository({ repositoryName: 'a/b' }, 'us-east-1');
    expect(created.repository).toMatchObject({
      repositoryArn: 'arn:aws:ecr:us-east-1:123456789012:repository/a/b',
      repositoryUri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/a/b',
      imageScanningConfiguration: { scanOnPush: false },
    });
    expect(() => ecr.CreateRepository({ repositoryName: 'a/b' }, 'us-east-1')).toThrow(/already exists/);
    const token = ecr.GetAuthorizationToken({}, 'us-east-1').authorizationData![0]!;
    expect(token.expiresAt!.getTime() - account.clock.now()).toBe(12 * 3600 * 1000);
    expect(Buffer.from(token.authorizationToken!, 'base64').toString()).toMatch(/^AWS:/);
  });
});
