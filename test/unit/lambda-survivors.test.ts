import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AliasConfiguration, FunctionConfiguration, LambdaClient } from '@aws-sdk/client-lambda';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { RolloutContext } from '../../src/rollout/context.js';
import { LambdaAliasTarget } from '../../src/targets/lambda/alias-target.js';
import { publishFunction, type PublishSpec } from '../../src/targets/lambda/publish.js';
import { publishedMatching, versionSnapshot } from '../../src/targets/lambda/version-match.js';
import { waitForActive } from '../../src/targets/lambda/version-state.js';
import { fakeClient, fakeContext } from './fake-client.js';

/** The whole message, not a part of it. */
const exactly = (message: string): RegExp =>
  new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

const dir = mkdtempSync(join(tmpdir(), 'lambda-survivors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('LambdaAliasTarget.rollback when the alias may already be back', () => {
  const restored = {
    region: 'us-east-1',
    functionName: 'fn',
    alias: 'live',
    version: '2',
    previous: '1',
    waitTimeoutMs: 60_000,
  };
  const spec = { functionName: 'fn', alias: 'live', version: '2', smoke: undefined, waitTimeoutMs: 60_000 };

  /** One alias; `stuck` makes UpdateAlias change nothing (another writer put it back at once). */
  function lambda(start: AliasConfiguration | undefined, o: { stuck?: boolean } = {}) {
    let alias = start;
    const updates: Record<string, unknown>[] = [];
    const client = fakeClient<LambdaClient>({
      GetAliasCommand: () => {
        if (!alias)
          throw Object.assign(new Error('alias not found'), {
            name: 'ResourceNotFoundException',
            $metadata: {},
          });
        return structuredClone(alias);
      },
      UpdateAliasCommand: (input) => {
        updates.push(input);
        if (!o.stuck)
          alias = {
            FunctionVersion: input.FunctionVersion as string,
            RoutingConfig: input.RoutingConfig as AliasConfiguration['RoutingConfig'],
          };
        return alias;
      },
    });
    return { client, updates };
  }

  it('the previous version alone, with or without an empty routing config: nothing to roll back', async () => {
    for (const alias of [
      { FunctionVersion: '1' },
      { FunctionVersion: '1', RoutingConfig: { AdditionalVersionWeights: {} } },
    ]) {
      const { client, updates } = lambda(alias);
      const c = fakeContext();
      await new LambdaAliasTarget(client, spec, restored).rollback(c);
      expect(updates).toEqual([]);
      expect(c.lines).toEqual([
        'alias live of function fn still serves version 1 alone: nothing to roll back',
      ]);
      expect(client.sent).toEqual(['GetAliasCommand']);
    }
  });

  it('the previous version with a weight on the new one, or the new one alone: UpdateAlias back, read back', async () => {
    for (const alias of [
      { FunctionVersion: '1', RoutingConfig: { AdditionalVersionWeights: { '2': 0.1 } } },
      { FunctionVersion: '2' },
    ]) {
      const { client, updates } = lambda(alias);
      const c = fakeContext();
      await new LambdaAliasTarget(client, spec, restored).rollback(c);
      expect(updates).toEqual([
        {
          FunctionName: 'fn',
          Name: 'live',
          FunctionVersion: '1',
          RoutingConfig: { AdditionalVersionWeights: {} },
        },
      ]);
      expect(c.lines).toEqual([
        'alias live of function fn is back on version 1 with no routing config (read back)',
      ]);
    }
  });

  it('a read-back after the rollback that differs names what it read and what it expected', async () => {
    const { client } = lambda(
      { FunctionVersion: '1', RoutingConfig: { AdditionalVersionWeights: { '2': 0.25 } } },
      { stuck: true },
    );
    await expect(new LambdaAliasTarget(client, spec, restored).rollback(fakeContext())).rejects.toThrow(
      exactly(
        'alias live of function fn reads back as version 1 with weights {"2":0.25}; expected version 1 with {} (another writer changed it?)',
      ),
    );
  });

  it('an alias deleted under the rollback reads back as (missing)', async () => {
    let gone = false;
    const client = fakeClient<LambdaClient>({
      GetAliasCommand: () => {
        if (gone)
          throw Object.assign(new Error('alias not found'), {
            name: 'ResourceNotFoundException',
            $metadata: {},
          });
        return { FunctionVersion: '2' };
      },
      UpdateAliasCommand: () => {
        gone = true;
        return {};
      },
    });
    await expect(new LambdaAliasTarget(client, spec, restored).rollback(fakeContext())).rejects.toThrow(
      exactly(
        'alias live of function fn reads back as version (missing) with weights {}; expected version 1 with {} (another writer changed it?)',
      ),
    );
  });
});

describe('versionSnapshot: a member a version lacks reads as its default', () => {
  const base: FunctionConfiguration = {
    CodeSha256: 'abc',
    PackageType: 'Zip',
    Role: 'arn:aws:iam::111111111111:role/fn',
    Handler: 'index.handler',
    Runtime: 'nodejs22.x',
    MemorySize: 128,
    Timeout: 3,
  };
  const same = (a: FunctionConfiguration, b: FunctionConfiguration) =>
    versionSnapshot(a) === versionSnapshot(b);
  const defaults: Array<[string, FunctionConfiguration, FunctionConfiguration]> = [
    ['VPC subnets', { VpcConfig: { SubnetIds: [] } }, { VpcConfig: { SubnetIds: ['subnet-1'] } }],
    [
      'VPC security groups',
      { VpcConfig: { SecurityGroupIds: [] } },
      { VpcConfig: { SecurityGroupIds: ['sg-1'] } },
    ],
    [
      'VPC IPv6 for dual stack',
      { VpcConfig: { Ipv6AllowedForDualStack: false } },
      { VpcConfig: { Ipv6AllowedForDualStack: true } },
    ],
    [
      'file systems',
      { FileSystemConfigs: [] },
      {
        FileSystemConfigs: [
          {
            Arn: 'arn:aws:elasticfilesystem:us-east-1:111111111111:access-point/fsap-1',
            LocalMountPath: '/mnt/a',
          },
        ],
      },
    ],
    ['SnapStart', { SnapStart: { ApplyOn: 'None' } }, { SnapStart: { ApplyOn: 'PublishedVersions' } }],
    ['logging', { LoggingConfig: {} }, { LoggingConfig: { LogFormat: 'JSON' } }],
  ];

  for (const [what, atDefault, other] of defaults) {
    it(`${what}: missing matches the default value, and not another value`, () => {
      expect(same(base, { ...base, ...atDefault })).toBe(true);
      expect(same({ ...base, ...atDefault }, base)).toBe(true);
      expect(same(base, { ...base, ...other })).toBe(false);
      expect(same({ ...base, ...atDefault }, { ...base, ...other })).toBe(false);
    });
  }

  it('two different values of a member never match, however they are held', () => {
    const vpc = (SubnetIds: string[], SecurityGroupIds: string[], ipv6: boolean): FunctionConfiguration => ({
      ...base,
      VpcConfig: { SubnetIds, SecurityGroupIds, Ipv6AllowedForDualStack: ipv6 },
    });
    expect(same(vpc(['subnet-1'], ['sg-1'], true), vpc(['subnet-1'], ['sg-1'], true))).toBe(true);
    expect(same(vpc(['subnet-1'], ['sg-1'], true), vpc(['subnet-2'], ['sg-1'], true))).toBe(false);
    expect(same(vpc(['subnet-1'], ['sg-1'], true), vpc(['subnet-1'], ['sg-2'], true))).toBe(false);
    expect(same(vpc(['subnet-1'], ['sg-1'], true), vpc(['subnet-1'], ['sg-1'], false))).toBe(false);
    const fs = (LocalMountPath: string): FunctionConfiguration => ({
      ...base,
      FileSystemConfigs: [
        { Arn: 'arn:aws:elasticfilesystem:us-east-1:111111111111:access-point/fsap-1', LocalMountPath },
      ],
    });
    expect(same(fs('/mnt/a'), fs('/mnt/a'))).toBe(true);
    expect(same(fs('/mnt/a'), fs('/mnt/b'))).toBe(false);
    const log = (LogFormat: 'JSON' | 'Text'): FunctionConfiguration => ({
      ...base,
      LoggingConfig: { LogFormat },
    });
    expect(same(log('JSON'), log('Text'))).toBe(false);
  });

  it('publishedMatching reuses a version that lacks the members $LATEST reports at their defaults', async () => {
    const latest: FunctionConfiguration = {
      ...base,
      Version: '$LATEST',
      VpcConfig: { SubnetIds: [], SecurityGroupIds: [], Ipv6AllowedForDualStack: false },
      FileSystemConfigs: [],
      SnapStart: { ApplyOn: 'None' },
      LoggingConfig: {},
    };
    const client = fakeClient<LambdaClient>({
      ListVersionsByFunctionCommand: () => ({
        Versions: [
          { ...latest },
          { ...base, Version: '4', SnapStart: { ApplyOn: 'PublishedVersions' } },
          { ...base, Version: '3' },
        ],
      }),
    });
    expect((await publishedMatching(client, 'fn', latest))?.Version).toBe('3');
  });
});

describe('waitForActive', () => {
  /** A wait that polls without sleeping and records each status it was shown. */
  const waiter = () => {
    const statuses: string[] = [];
    const wait = async <T>(
      _what: string,
      _timeout: number,
      probe: () => Promise<{ done: true; value: T } | { done: false; status: string }>,
    ): Promise<T> => {
      for (let i = 0; i < 10; i++) {
        const r = await probe();
        if (r.done) return r.value;
        statuses.push(r.status);
      }
      throw new Error('never Active');
    };
    return { wait, statuses };
  };
  const client = (answers: FunctionConfiguration[]) =>
    fakeClient<LambdaClient>({ GetFunctionConfigurationCommand: () => answers.shift() ?? {} });

  it('a version with no State (from before function states) is Active at once', async () => {
    const w = waiter();
    const c = client([{ Version: '7' }]);
    expect(await waitForActive(w.wait, c, 'fn', '7', 60_000)).toEqual({ Version: '7' });
    expect(w.statuses).toEqual([]);
    expect(c.sent).toEqual(['GetFunctionConfigurationCommand']);
  });

  it('says State Pending with its reason code, or without one', async () => {
    const w = waiter();
    const c = client([
      { State: 'Pending', StateReasonCode: 'Creating' },
      { State: 'Pending' },
      { State: 'Active', Version: '7' },
    ]);
    expect((await waitForActive(w.wait, c, 'fn', '7', 60_000)).Version).toBe('7');
    expect(w.statuses).toEqual(['State Pending (Creating)', 'State Pending']);
  });
});

describe('publishFunction: the reuse of a version and the ARN', () => {
  const zip = Buffer.from('PK reused zip');
  const zipPath = join(dir, 'reused.zip');
  writeFileSync(zipPath, zip);
  const sha = createHash('sha256').update(zip).digest('base64');

  /** One function whose $LATEST has this code; version 3 matches it and stays Pending forever. */
  function lambda(o: { arn?: boolean; versions?: FunctionConfiguration[] } = {}) {
    const latest: FunctionConfiguration = {
      ...(o.arn === false ? {} : { FunctionArn: 'arn:aws:lambda:us-east-1:111111111111:function:fn' }),
      Version: '$LATEST',
      CodeSha256: sha,
      RevisionId: 'rev-1',
      LastUpdateStatus: 'Successful',
      Handler: 'index.handler',
    };
    const qualified: string[] = [];
    const client = fakeClient<LambdaClient>({
      GetFunctionConfigurationCommand: (input) => {
        if (!input.Qualifier) return { ...latest };
        qualified.push(input.Qualifier as string);
        return {
          ...latest,
          Version: input.Qualifier as string,
          State: o.arn === false ? 'Active' : 'Pending',
        };
      },
      ListVersionsByFunctionCommand: () => ({ Versions: o.versions ?? [{ ...latest, Version: '3' }] }),
      PublishVersionCommand: () => ({ ...latest, Version: '4' }),
    });
    return { client, qualified };
  }
  const ctx = () => {
    const c = fakeContext();
    return { ...c, waitUntil: c.waitPlain } as RolloutContext & { lines: string[] };
  };
  const spec = (over: Partial<PublishSpec> = {}): PublishSpec => ({
    functionName: 'fn',
    zipPath,
    s3Bucket: undefined,
    s3Key: undefined,
    description: undefined,
    dryRun: false,
    waitTimeoutMs: 60_000,
    ...over,
  });
  const s3 = () => ({}) as S3Client;

  it('a dry run names the version it would reuse and does not wait for it to become Active', async () => {
    const l = lambda();
    const c = ctx();
    const out = await publishFunction(c, { lambda: l.client, s3 }, 'us-east-1', spec({ dryRun: true }));
    expect(out).toEqual({
      functionArn: 'arn:aws:lambda:us-east-1:111111111111:function:fn',
      version: '3',
      codeSha256: sha,
      changed: false,
      upload: 'none',
    });
    expect(l.qualified).toEqual([]);
    expect(c.lines).toEqual([
      `version 3 of fn has this code (CodeSha256 ${sha}) and $LATEST's configuration: nothing to upload or publish`,
    ]);
  });

  it('a real run waits for the reused version to become Active', async () => {
    const l = lambda();
    await expect(publishFunction(ctx(), { lambda: l.client, s3 }, 'us-east-1', spec())).rejects.toThrow(
      'fake context: version 3 of fn to become Active never finished',
    );
    expect(l.qualified.length).toBeGreaterThan(0);
  });

  it('a configuration with no FunctionArn gives an empty functionArn, reused or published', async () => {
    const reused = lambda({ arn: false });
    expect(
      (await publishFunction(ctx(), { lambda: reused.client, s3 }, 'us-east-1', spec())).functionArn,
    ).toBe('');
    const published = lambda({ arn: false, versions: [] });
    const out = await publishFunction(ctx(), { lambda: published.client, s3 }, 'us-east-1', spec());
    expect(out).toEqual({ functionArn: '', version: '4', codeSha256: sha, changed: true, upload: 'none' });
  });
});

describe("Lambda's package quotas (limits.ts)", () => {
  async function fresh() {
    vi.resetModules();
    const limits = await import('../../src/targets/lambda/limits.js');
    const publish = await import('../../src/targets/lambda/publish.js');
    const pkg = await import('../../src/artifacts/function-package.js');
    return { ...limits, ...publish, ...pkg };
  }

  it('are 50 MiB (52,428,800 bytes) and 250 MiB (262,144,000 bytes)', async () => {
    const { DIRECT_UPLOAD_MAX_BYTES, UNZIPPED_MAX_BYTES, describeQuota } = await fresh();
    expect(DIRECT_UPLOAD_MAX_BYTES).toBe(52_428_800);
    expect(UNZIPPED_MAX_BYTES).toBe(262_144_000);
    expect(describeQuota(DIRECT_UPLOAD_MAX_BYTES)).toBe('50 MB (52,428,800 bytes)');
    expect(describeQuota(UNZIPPED_MAX_BYTES)).toBe('250 MB (262,144,000 bytes)');
  });

  it('a zip of exactly 52,428,800 bytes goes up directly; 52,428,801 needs s3-bucket', async () => {
    const { publishFunction: publish } = await fresh();
    const lambda = fakeClient<LambdaClient>({
      GetFunctionConfigurationCommand: () => ({ CodeSha256: 'old', LastUpdateStatus: 'Successful' }),
    });
    const at = join(dir, 'at.zip');
    writeFileSync(at, Buffer.alloc(52_428_800, 1));
    const c = fakeContext();
    const base = { functionName: 'fn', s3Bucket: undefined, s3Key: undefined, description: undefined };
    await publish(c, { lambda, s3: () => ({}) as S3Client }, 'us-east-1', {
      ...base,
      zipPath: at,
      dryRun: true,
      waitTimeoutMs: 60_000,
    });
    expect(c.lines).toEqual(['dry run: would upload 52.4 MB directly and publish a version']);
    rmSync(at);
    const over = join(dir, 'over.zip');
    writeFileSync(over, Buffer.alloc(52_428_801, 1));
    await expect(
      publish(fakeContext(), { lambda, s3: () => ({}) as S3Client }, 'us-east-1', {
        ...base,
        zipPath: over,
        dryRun: true,
        waitTimeoutMs: 60_000,
      }),
    ).rejects.toThrow(
      exactly(
        `${over} is 52.4 MB, over Lambda's 50 MB (52,428,800 bytes) direct upload limit; set s3-bucket`,
      ),
    );
    rmSync(over);
  });

  it('a tree of 262,144,001 bytes is refused before any file is read; a small one is packaged', async () => {
    const { buildFunctionPackage } = await fresh();
    const src = join(dir, 'big');
    mkdirSync(src);
    // A sparse file: the walk reads its size, and the check refuses it before reading any byte.
    const fd = openSync(join(src, 'blob.bin'), 'w');
    ftruncateSync(fd, 262_144_001);
    closeSync(fd);
    const pkg = (source: string) =>
      buildFunctionPackage({
        source,
        include: [],
        exclude: [],
        output: join(dir, `${source.split('/').at(-1)}.zip`),
        install: 'none',
        compressionLevel: 6,
        tempDir: dir,
        log: () => undefined,
        warn: () => undefined,
      });
    await expect(pkg(src)).rejects.toThrow(
      "the package comes to 262 MB in 1 files, over Lambda's 250 MB (262,144,000 bytes) unzipped limit; the biggest: blob.bin (262 MB)",
    );
    const small = join(dir, 'small');
    mkdirSync(small);
    writeFileSync(join(small, 'index.js'), 'x'.repeat(4096));
    expect((await pkg(small)).size).toBeGreaterThan(0);
  });
});
