import { readFile } from 'node:fs/promises';
import type { FunctionConfiguration, LambdaClient } from '@aws-sdk/client-lambda';
import {
  GetFunctionConfigurationCommand,
  PublishVersionCommand,
  UpdateFunctionCodeCommand,
} from '@aws-sdk/client-lambda';
import type { S3Client } from '@aws-sdk/client-s3';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { ActionError, isAwsError } from '../../core/errors.js';
import type { RolloutContext } from '../../rollout/context.js';
import { formatBytes } from '../../core/units.js';
import { whenIdle } from './busy.js';
import { describeQuota, DIRECT_UPLOAD_MAX_BYTES } from './limits.js';
import { publishedMatching } from './version-match.js';
import { waitForActive } from './version-state.js';

export interface PublishSpec {
  functionName: string;
  zipPath: string;
  s3Bucket: string | undefined;
  s3Key: string | undefined;
  description: string | undefined;
  dryRun: boolean;
  waitTimeoutMs: number;
}

export interface PublishResult {
  functionArn: string;
  version: string;
  codeSha256: string;
  changed: boolean;
  /** How the code went up: not at all, directly, or through S3. */
  upload: 'none' | 'direct' | 's3' | 'dry-run';
}

async function currentConfig(
  client: LambdaClient,
  functionName: string,
  region: string,
): Promise<FunctionConfiguration> {
  try {
    return await client.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
  } catch (err) {
    if (isAwsError(err, 'ResourceNotFoundException'))
      throw new ActionError(
        `function ${functionName} does not exist in ${region}. publish-function updates an existing function; create it first ` +
          `(CloudFormation, CDK, Terraform or aws lambda create-function) with an execution role ARN, a runtime and a handler`,
      );
    throw err;
  }
}

/**
 * Publishes a zip as a new function version. When $LATEST already runs this exact code (CodeSha256) and a
 * published version has that code and $LATEST's configuration, nothing is uploaded or published and that
 * version is returned. Otherwise: upload when the code differs (directly, or through S3 when the zip is over
 * the 50 MB direct limit or a bucket is given), wait for LastUpdateStatus, then PublishVersion guarded by
 * CodeSha256 and RevisionId, so a racing upload cannot slip into our version. Either way the version is
 * returned only once it is Active, so that the next step can invoke it and route to it.
 */
export async function publishFunction(
  ctx: RolloutContext,
  clients: { lambda: LambdaClient; s3: () => S3Client },
  region: string,
  spec: PublishSpec,
): Promise<PublishResult> {
  const { lambda } = clients;
  const zip = await readFile(spec.zipPath);
  const codeSha256 = createHash('sha256').update(zip).digest('base64');
  const useS3 = spec.s3Bucket !== undefined || zip.length > DIRECT_UPLOAD_MAX_BYTES;
  if (useS3 && spec.s3Bucket === undefined)
    throw new ActionError(
      `${spec.zipPath} is ${formatBytes(zip.length)}, over Lambda's ${describeQuota(DIRECT_UPLOAD_MAX_BYTES)} direct upload limit; set s3-bucket`,
    );

  const waitIdle = (): Promise<FunctionConfiguration> =>
    ctx.waitPlain(`function ${spec.functionName} to finish its update`, spec.waitTimeoutMs, async () => {
      const cfg = await currentConfig(lambda, spec.functionName, region);
      if (cfg.LastUpdateStatus === 'Failed')
        throw new ActionError(
          `the update of ${spec.functionName} failed: ${cfg.LastUpdateStatusReasonCode}: ${cfg.LastUpdateStatusReason}`,
        );
      return cfg.LastUpdateStatus === 'InProgress'
        ? { done: false, status: 'LastUpdateStatus InProgress' }
        : { done: true, value: cfg };
    });

  /** Runs a mutation, waiting out "an update is in progress" instead of failing on it. */
  const mutate = <T>(what: string, fn: () => Promise<T>): Promise<T> =>
    whenIdle(
      ctx.waitPlain.bind(ctx),
      what,
      spec.waitTimeoutMs,
      fn,
      'an update is in progress on the function',
    );
  const active = (version: string): Promise<FunctionConfiguration> =>
    waitForActive(ctx.waitPlain.bind(ctx), lambda, spec.functionName, version, spec.waitTimeoutMs);

  let cfg = await waitIdle();
  if (cfg.CodeSha256 === codeSha256) {
    const existing = await publishedMatching(lambda, spec.functionName, cfg);
    if (existing?.Version) {
      ctx.log(
        `version ${existing.Version} of ${spec.functionName} has this code (CodeSha256 ${codeSha256}) and $LATEST's configuration: nothing to upload or publish`,
      );
      if (!spec.dryRun) await active(existing.Version);
      return {
        functionArn: cfg.FunctionArn ?? '',
        version: existing.Version,
        codeSha256,
        changed: false,
        upload: 'none',
      };
    }
  }
  if (spec.dryRun) {
    ctx.log(
      cfg.CodeSha256 === codeSha256
        ? `dry run: the code is there but no version has $LATEST's configuration: would publish a version`
        : `dry run: would upload ${formatBytes(zip.length)} ${useS3 ? `through s3://${spec.s3Bucket}/${spec.s3Key}` : 'directly'} and publish a version`,
    );
    return { functionArn: cfg.FunctionArn ?? '', version: '', codeSha256, changed: true, upload: 'dry-run' };
  }

  let upload: PublishResult['upload'] = 'none';
  if (cfg.CodeSha256 !== codeSha256) {
    let source: { ZipFile: Uint8Array } | { S3Bucket: string; S3Key: string };
    if (useS3) {
      const key =
        spec.s3Key ?? `slipway/${spec.functionName}/${Buffer.from(codeSha256, 'base64').toString('hex')}.zip`;
      ctx.log(`uploading ${formatBytes(zip.length)} to s3://${spec.s3Bucket}/${key}`);
      await clients.s3().send(
        new PutObjectCommand({
          Bucket: spec.s3Bucket,
          Key: key,
          Body: zip,
          ChecksumAlgorithm: 'SHA256',
          ContentType: 'application/zip',
        }),
      );
      source = { S3Bucket: spec.s3Bucket as string, S3Key: key };
      upload = 's3';
    } else {
      source = { ZipFile: zip };
      upload = 'direct';
    }
    const revisionId = cfg.RevisionId;
    const updated = await mutate(`UpdateFunctionCode on ${spec.functionName}`, () =>
      lambda.send(
        new UpdateFunctionCodeCommand({ FunctionName: spec.functionName, RevisionId: revisionId, ...source }),
      ),
    );
    if (updated.CodeSha256 !== codeSha256)
      throw new ActionError(
        `Lambda reports CodeSha256 ${updated.CodeSha256} after the upload, but the zip's is ${codeSha256}`,
      );
    ctx.log(`uploaded ${formatBytes(zip.length)}; waiting for LastUpdateStatus Successful`);
    cfg = await waitIdle();
  }

  const published = await mutate(`PublishVersion on ${spec.functionName}`, () =>
    lambda.send(
      new PublishVersionCommand({
        FunctionName: spec.functionName,
        CodeSha256: codeSha256,
        RevisionId: cfg.RevisionId,
        Description: spec.description,
      }),
    ),
  );
  if (!published.Version) throw new ActionError(`PublishVersion on ${spec.functionName} returned no version`);
  ctx.log(`published version ${published.Version} of ${spec.functionName}; waiting for it to become Active`);
  await active(published.Version);
  return {
    functionArn: cfg.FunctionArn ?? '',
    version: published.Version,
    codeSha256,
    changed: true,
    upload,
  };
}
