import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FunctionConfiguration, LambdaClient } from '@aws-sdk/client-lambda';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import type { RolloutContext } from '../../src/rollout/context.js';
import {
  DIRECT_UPLOAD_MAX_BYTES,
  UNZIPPED_MAX_BYTES,
  describeQuota,
} from '../../src/targets/lambda/limits.js';
import { publishFunction, type PublishSpec } from '../../src/targets/lambda/publish.js';
import { publishedMatching } from '../../src/targets/lambda/version-match.js';
import { fakeClient } from './fake-client.js';

const awsError = (name: string): Error =>
  Object.assign(new Error(`${name}: simulated`), { name, $metadata: {} });

const dir = mkdtempSync(join(tmpdir(), 'publish-mutants-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const zipOf = (name: string, bytes: Buffer): { path: string; sha: string } => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return { path, sha: createHash('sha256').update(bytes).digest('base64') };
};
const small = zipOf('small.zip', Buffer.from('PK small zip'));

const ARN = 'arn:aws:lambda:us-east-1:111111111111:function:fn';

/**
 * A Lambda API for one function: GetFunctionConfiguration answers `latest` (or the next of `statuses`),
 * UpdateFunctionCode stores the code, PublishVersion appends a version. Every write's input is recorded.
 */
function lambda(
  opts: {
    code?: string;
    versions?: FunctionConfiguration[][];
    statuses?: FunctionConfiguration[];
    fail?: Record<string, Error[]>;
    updatedSha?: string;
    publishedVersion?: string | undefined;
  } = {},
) {
  const latest: FunctionConfiguration = {
    FunctionArn: ARN,
    Version: '$LATEST',
    CodeSha256: opts.code ?? 'old-code',
    RevisionId: 'rev-1',
    LastUpdateStatus: 'Successful',
    Handler: 'index.handler',
  };
  const writes: { command: string; input: Record<string, unknown> }[] = [];
  const guard = (name: string) => {
    const e = opts.fail?.[name]?.shift();
    if (e) throw e;
  };
  const client = fakeClient<LambdaClient>({
    GetFunctionConfigurationCommand: (input) => {
      guard('GetFunctionConfigurationCommand');
      if (input.Qualifier) return { ...latest, Version: input.Qualifier as string, State: 'Active' };
      return opts.statuses?.shift() ?? { ...latest };
    },
    ListVersionsByFunctionCommand: (input) => {
      const pages = opts.versions ?? [[]];
      const i = input.Marker ? Number(input.Marker) : 0;
      return { Versions: pages[i], NextMarker: i + 1 < pages.length ? String(i + 1) : undefined };
    },
    UpdateFunctionCodeCommand: (input) => {
      writes.push({ command: 'UpdateFunctionCode', input });
      guard('UpdateFunctionCodeCommand');
      latest.CodeSha256 = opts.updatedSha ?? 'set-by-test';
      latest.RevisionId = 'rev-2';
      return { ...latest };
    },
    PublishVersionCommand: (input) => {
      writes.push({ command: 'PublishVersion', input });
      guard('PublishVersionCommand');
      return { ...latest, Version: 'publishedVersion' in opts ? opts.publishedVersion : '5' };
    },
  });
  return { client, writes, latest };
}

function s3() {
  const puts: Record<string, unknown>[] = [];
  const client = fakeClient<S3Client>({
    PutObjectCommand: (input) => {
      puts.push(input);
      return {};
    },
  });
  return { client, puts };
}

/** A context whose waits poll without sleeping and record what they waited for and each status. */
function ctx() {
  const lines: string[] = [];
  const waits: string[] = [];
  const statuses: string[] = [];
  const c = {
    lines,
    waits,
    statuses,
    signal: new AbortController().signal,
    log: (l: string) => void lines.push(l),
    waitPlain: async (
      what: string,
      _t: number,
      probe: () => Promise<{ done: boolean; value?: unknown; status?: string }>,
    ) => {
      waits.push(what);
      for (let i = 0; i < 10; i++) {
        const r = await probe();
        if (r.done) return r.value;
        statuses.push(r.status ?? '');
      }
      throw new Error(`never finished: ${what}`);
    },
  };
  return c as unknown as RolloutContext & typeof c;
}

const spec = (over: Partial<PublishSpec> = {}): PublishSpec => ({
  functionName: 'fn',
  zipPath: small.path,
  s3Bucket: undefined,
  s3Key: undefined,
  description: 'build 42',
  dryRun: false,
  waitTimeoutMs: 60_000,
  ...over,
});

const run = (l: ReturnType<typeof lambda>, over: Partial<PublishSpec> = {}, c = ctx(), bucket = s3()) =>
  publishFunction(c, { lambda: l.client, s3: () => bucket.client }, 'us-east-1', spec(over));

describe('publishFunction', () => {
  it('names a missing function and how to create it; other errors pass through', async () => {
    const missing = lambda({
      fail: { GetFunctionConfigurationCommand: [awsError('ResourceNotFoundException')] },
    });
    await expect(run(missing)).rejects.toThrow(
      'function fn does not exist in us-east-1; to create it, set role, runtime, handler ' +
        '(creating a zip function needs an execution role ARN, a runtime and a handler)',
    );
    const denied = awsError('AccessDeniedException');
    await expect(run(lambda({ fail: { GetFunctionConfigurationCommand: [denied] } }))).rejects.toBe(denied);
  });

  it('uploads directly, then publishes guarded by CodeSha256 and the new RevisionId', async () => {
    // Version 4 matches $LATEST's old code and configuration: it must not be taken for the new zip.
    const l = lambda({
      updatedSha: small.sha,
      versions: [[{ Version: '4', CodeSha256: 'old-code', Handler: 'index.handler' }]],
    });
    const c = ctx();
    const out = await run(l, {}, c);
    expect(out).toEqual({
      functionArn: ARN,
      version: '5',
      codeSha256: small.sha,
      changed: true,
      upload: 'direct',
    });
    expect(l.writes.map((w) => w.command)).toEqual(['UpdateFunctionCode', 'PublishVersion']);
    expect(l.writes[0]!.input).toMatchObject({ FunctionName: 'fn', RevisionId: 'rev-1' });
    expect(Buffer.from(l.writes[0]!.input.ZipFile as Uint8Array).toString()).toBe('PK small zip');
    expect(l.writes[1]!.input).toEqual({
      FunctionName: 'fn',
      CodeSha256: small.sha,
      RevisionId: 'rev-2',
      Description: 'build 42',
    });
    expect(c.lines).toEqual([
      'uploaded 12 B; waiting for LastUpdateStatus Successful',
      'published version 5 of fn; waiting for it to become Active',
    ]);
    expect(c.waits).toEqual([
      'function fn to finish its update',
      'UpdateFunctionCode on fn',
      'function fn to finish its update',
      'PublishVersion on fn',
      'version 5 of fn to become Active',
    ]);
  });

  it('goes through S3 when a bucket is given, with a content-addressed key by default', async () => {
    const l = lambda({ updatedSha: small.sha });
    const bucket = s3();
    const c = ctx();
    const out = await run(l, { s3Bucket: 'artifacts' }, c, bucket);
    const key = `slipway/fn/${Buffer.from(small.sha, 'base64').toString('hex')}.zip`;
    expect(out.upload).toBe('s3');
    expect(bucket.puts).toHaveLength(1);
    expect(bucket.puts[0]).toMatchObject({
      Bucket: 'artifacts',
      Key: key,
      ChecksumAlgorithm: 'SHA256',
      ContentType: 'application/zip',
    });
    expect(l.writes[0]!.input).toEqual({
      FunctionName: 'fn',
      RevisionId: 'rev-1',
      S3Bucket: 'artifacts',
      S3Key: key,
    });
    expect(c.lines[0]).toBe(`uploading 12 B to s3://artifacts/${key}`);
  });

  it('fails when Lambda reports another CodeSha256 after the upload', async () => {
    const l = lambda({ updatedSha: 'someone-else' });
    await expect(run(l)).rejects.toThrow(
      `Lambda reports CodeSha256 someone-else after the upload, but the zip's is ${small.sha}`,
    );
    expect(l.writes.map((w) => w.command)).toEqual(['UpdateFunctionCode']);
  });

  it('waits out an update in progress and a busy function, and stops on a failed update', async () => {
    const l = lambda({
      updatedSha: small.sha,
      statuses: [{ CodeSha256: 'old-code', RevisionId: 'rev-1', LastUpdateStatus: 'InProgress' }],
      fail: {
        UpdateFunctionCodeCommand: [awsError('ResourceConflictException')],
        PublishVersionCommand: [awsError('ResourceConflictException')],
      },
    });
    const c = ctx();
    await run(l, {}, c);
    expect(c.statuses).toEqual([
      'LastUpdateStatus InProgress',
      'an update is in progress on the function',
      'an update is in progress on the function',
    ]);
    const failed = lambda({
      statuses: [
        {
          LastUpdateStatus: 'Failed',
          LastUpdateStatusReasonCode: 'InvalidZipFileException',
          LastUpdateStatusReason: 'bad zip',
        },
      ],
    });
    await expect(run(failed)).rejects.toThrow(/^the update of fn failed: InvalidZipFileException: bad zip$/);
    const other = awsError('InvalidParameterValueException');
    await expect(run(lambda({ fail: { PublishVersionCommand: [other] }, code: small.sha }))).rejects.toBe(
      other,
    );
  });

  it('a function that disappears during the update, or fails to become Active, ends the wait with why', async () => {
    const gone = lambda({
      updatedSha: small.sha,
      fail: { GetFunctionConfigurationCommand: [undefined as never, awsError('ResourceNotFoundException')] },
    });
    await expect(run(gone)).rejects.toThrow(/^function fn disappeared from us-east-1 during the update$/);
    const failed = lambda({
      statuses: [{ State: 'Failed', StateReasonCode: 'InvalidImage', StateReason: 'no such image' }],
    });
    await expect(run(failed)).rejects.toThrow(
      /^function fn failed to become Active: InvalidImage: no such image$/,
    );
  });

  it('waits while the function is Pending, saying so', async () => {
    const l = lambda({ updatedSha: small.sha, statuses: [{ ...lambda().latest, State: 'Pending' }] });
    const c = ctx();
    await run(l, {}, c);
    expect(c.statuses[0]).toBe('State Pending');
  });

  it("guards PublishVersion with the zip's own sha256, not what $LATEST reads after the upload", async () => {
    // Another writer's code lands between our upload and the read that follows it.
    const l = lambda({
      updatedSha: small.sha,
      statuses: [{ ...lambda().latest }, { ...lambda().latest, CodeSha256: 'theirs', RevisionId: 'rev-9' }],
    });
    await run(l);
    expect(l.writes.find((w) => w.command === 'PublishVersion')!.input['CodeSha256']).toBe(small.sha);
  });

  it('fails when PublishVersion returns no version', async () => {
    const l = lambda({ updatedSha: small.sha, publishedVersion: undefined });
    await expect(run(l)).rejects.toThrow(/^PublishVersion on fn returned no version$/);
  });

  it('reuses the newest version with this code and configuration and uploads nothing', async () => {
    const l = lambda({ code: small.sha });
    const same = (v: string): FunctionConfiguration => ({
      ...l.latest,
      Version: v,
      RevisionId: `rev-v${v}`,
      FunctionArn: `${ARN}:${v}`,
    });
    l.latest.CodeSha256 = small.sha;
    const withVersions = lambda({ code: small.sha, versions: [[same('3'), same('2')]] });
    const c = ctx();
    const out = await run(withVersions, {}, c);
    expect(out).toEqual({
      functionArn: ARN,
      version: '3',
      codeSha256: small.sha,
      changed: false,
      upload: 'none',
    });
    expect(withVersions.writes).toEqual([]);
    expect(c.lines).toEqual([
      `version 3 of fn has this code (CodeSha256 ${small.sha}) and $LATEST's configuration: nothing to upload or publish`,
    ]);
    expect(c.waits.at(-1)).toBe('version 3 of fn to become Active');
  });

  it('publishes without uploading when the code is there but no version matches', async () => {
    const l = lambda({ code: small.sha, versions: [[]] });
    const c = ctx();
    const out = await run(l, {}, c);
    expect(out.upload).toBe('none');
    expect(out.changed).toBe(true);
    expect(l.writes.map((w) => w.command)).toEqual(['PublishVersion']);
  });

  it('a dry run says what it would do and writes nothing', async () => {
    const l = lambda();
    const c = ctx();
    const out = await run(l, { dryRun: true }, c);
    expect(out).toEqual({
      functionArn: ARN,
      version: '',
      codeSha256: small.sha,
      changed: true,
      upload: 'dry-run',
    });
    expect(c.lines).toEqual(['dry run: would upload 12 B directly and publish a version']);
    const c2 = ctx();
    await run(lambda(), { dryRun: true, s3Bucket: 'b', s3Key: 'k.zip' }, c2);
    expect(c2.lines).toEqual(['dry run: would upload 12 B through s3://b/k.zip and publish a version']);
    const c3 = ctx();
    await run(lambda({ code: small.sha }), { dryRun: true }, c3);
    expect(c3.lines).toEqual([
      "dry run: the code is there but no version has $LATEST's configuration: would publish a version",
    ]);
    expect(l.writes).toEqual([]);
    const noArn = lambda({ statuses: [{ CodeSha256: 'old-code', LastUpdateStatus: 'Successful' }] });
    expect((await run(noArn, { dryRun: true })).functionArn).toBe('');
  });
});

describe('the 50 MB direct upload limit', () => {
  it('is 50 MiB and 250 MiB as the Lambda quotas page counts them', () => {
    expect(DIRECT_UPLOAD_MAX_BYTES).toBe(52_428_800);
    expect(UNZIPPED_MAX_BYTES).toBe(262_144_000);
    expect(describeQuota(DIRECT_UPLOAD_MAX_BYTES)).toBe('50 MB (52,428,800 bytes)');
  });

  it('a zip of exactly 50 MiB goes directly; one byte more needs s3-bucket', async () => {
    const at = zipOf('at.zip', Buffer.alloc(DIRECT_UPLOAD_MAX_BYTES, 1));
    const l = lambda({ updatedSha: at.sha });
    expect((await run(l, { zipPath: at.path, dryRun: true })).upload).toBe('dry-run');
    const c = ctx();
    await run(l, { zipPath: at.path, dryRun: true }, c);
    expect(c.lines[0]).toMatch(/ directly and publish a version$/);
    rmSync(at.path);
    const over = zipOf('over.zip', Buffer.alloc(DIRECT_UPLOAD_MAX_BYTES + 1, 1));
    await expect(run(lambda(), { zipPath: over.path })).rejects.toThrow(
      `${over.path} is 52.4 MB, over Lambda's 50 MB (52,428,800 bytes) direct upload limit; set s3-bucket`,
    );
    const bucket = s3();
    await run(lambda({ updatedSha: over.sha }), { zipPath: over.path, s3Bucket: 'big' }, ctx(), bucket);
    expect(bucket.puts).toHaveLength(1);
    rmSync(over.path);
  });
});

describe('publishedMatching', () => {
  const base: FunctionConfiguration = {
    CodeSha256: 'abc',
    Handler: 'h',
    Runtime: 'nodejs22.x',
    MemorySize: 128,
  };
  const v = (n: string, over: FunctionConfiguration = {}): FunctionConfiguration => ({
    ...base,
    Version: n,
    ...over,
  });
  const client = (pages: FunctionConfiguration[][]) =>
    fakeClient<LambdaClient>({
      ListVersionsByFunctionCommand: (input) => {
        const i = input.Marker ? Number(input.Marker) : 0;
        return { Versions: pages[i], NextMarker: i + 1 < pages.length ? String(i + 1) : undefined };
      },
    });

  it('never returns $LATEST, and returns the highest matching number across pages', async () => {
    const c = client([[v('$LATEST'), v('10'), v('9')], [v('2'), v('11', { MemorySize: 256 })], [v('12')]]);
    expect((await publishedMatching(c, 'fn', v('$LATEST')))?.Version).toBe('12');
    const one = client([[v('$LATEST'), v('3'), v('20', { CodeSha256: 'other' }), v('1')]]);
    expect((await publishedMatching(one, 'fn', v('$LATEST')))?.Version).toBe('3');
    expect(await publishedMatching(client([[v('$LATEST')]]), 'fn', v('$LATEST'))).toBeUndefined();
  });
});
