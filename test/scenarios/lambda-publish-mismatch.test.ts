import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PutObjectRequest } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { run as publish } from '../../src/actions/publish-function/main.js';
import { FN, lambdaFixture } from './lambda-fixture.js';

describe('publish-function read-back of the uploaded code', () => {
  it('fails when Lambda reports another CodeSha256 than the zip (the S3 object replaced by another writer)', async () => {
    const { account, s3, lambda } = lambdaFixture();
    s3.createBucket('artifacts');
    // Another writer replaces the object between our PutObject and UpdateFunctionCode.
    const put = s3.PutObject.bind(s3);
    s3.PutObject = async (input: PutObjectRequest) => {
      const out = await put(input);
      await put({ ...input, Body: Buffer.from('someone else') as unknown as PutObjectRequest['Body'] });
      return out;
    };
    const path = join(mkdtempSync(join(tmpdir(), 'slipway-pub-')), 'function.zip');
    writeFileSync(path, Buffer.from('our code'));
    const deps = account.deps({ 'function-name': FN, 'zip-path': path, 's3-bucket': 'artifacts' });
    const err = await publish(deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(
      /Lambda reports CodeSha256 \S+ after the upload, but the zip's is/,
    );
    expect(account.calls.filter((c) => c.action === 'PublishVersion')).toEqual([]);
    expect(lambda.fn(FN).codeSha256).not.toBe(deps.io.outputs['code-sha256']);
  });
});
