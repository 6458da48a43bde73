import type { FunctionConfiguration, LambdaClient } from '@aws-sdk/client-lambda';
import {
  GetFunctionConfigurationCommand,
  PublishVersionCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import type { S3Client } from '@aws-sdk/client-s3';
import { ActionError, isAwsError } from '../../core/errors.js';
import type { RolloutContext } from '../../rollout/context.js';
import { formatBytes } from '../../core/units.js';
import { whenIdle } from './busy.js';
import type { CodeSource } from './code-source.js';
import { codeSource, loadPackage } from './code-source.js';
import { checkCreatable, createFunction } from './create-function.js';
import type { FunctionConfigSpec } from './function-config.js';
import { architectureDiffers, configDelta, deltaFields } from './function-config.js';
import { publishedMatching } from './version-match.js';
import { waitForActive } from './version-state.js';

export interface PublishSpec {
  functionName: string;
  /** Exactly one of zipPath and imageUri (an ECR image by digest or tag). */
  zipPath: string | undefined;
  imageUri?: string | undefined;
  /** The configuration asked for (fields not given are left as they are). */
  config?: FunctionConfigSpec | undefined;
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
  /** How the code went up: not at all, directly, through S3, or as an image reference. */
  upload: 'none' | 'direct' | 's3' | 'image' | 'dry-run';
  /** Whether this run created the function. */
  created?: boolean;
}

/** $LATEST's configuration, or undefined when the function does not exist. */
async function currentConfig(
  client: LambdaClient,
  functionName: string,
): Promise<FunctionConfiguration | undefined> {
  try {
    return await client.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
  } catch (err) {
    if (isAwsError(err, 'ResourceNotFoundException')) return undefined;
    throw err;
  }
}

/**
 * Publishes a zip or an image as a new function version, with the configuration asked for. When $LATEST
 * already runs this exact code (CodeSha256), has every asked setting, and a published version has that code
 * and $LATEST's configuration, nothing is written and that version is returned. Otherwise: create the
 * function when it does not exist (then wait for State Active); upload when the code differs (directly, or
 * through S3 when the zip is over the 50 MB direct limit or a bucket is given; an image by its URI); wait for
 * LastUpdateStatus; apply the configuration that differs; wait again (a second update while one is in
 * progress is refused); then PublishVersion guarded by CodeSha256 and RevisionId, so a racing upload cannot
 * slip into our version. Either way the version is returned only once it is Active.
 */
export async function publishFunction(
  ctx: RolloutContext,
  clients: { lambda: LambdaClient; s3: () => S3Client },
  region: string,
  spec: PublishSpec,
): Promise<PublishResult> {
  const { lambda } = clients;
  const pkg = await loadPackage(spec);
  const image = pkg.kind === 'image';

  /** $LATEST once no update is in progress and it is not Pending; undefined when missing (if allowed). */
  const waitIdleOrMissing = (missingOk: boolean): Promise<FunctionConfiguration | undefined> =>
    ctx.waitPlain(`function ${spec.functionName} to finish its update`, spec.waitTimeoutMs, async () => {
      const cfg = await currentConfig(lambda, spec.functionName);
      if (!cfg) {
        if (missingOk) return { done: true, value: undefined };
        throw new ActionError(`function ${spec.functionName} disappeared from ${region} during the update`);
      }
      if (cfg.State === 'Failed' || cfg.LastUpdateStatus === 'Failed')
        throw new ActionError(
          cfg.State === 'Failed'
            ? `function ${spec.functionName} failed to become Active: ${cfg.StateReasonCode}: ${cfg.StateReason}`
            : `the update of ${spec.functionName} failed: ${cfg.LastUpdateStatusReasonCode}: ${cfg.LastUpdateStatusReason}`,
        );
      if (cfg.State === 'Pending') return { done: false, status: 'State Pending' };
      return cfg.LastUpdateStatus === 'InProgress'
        ? { done: false, status: 'LastUpdateStatus InProgress' }
        : { done: true, value: cfg };
    });
  const waitIdle = async (): Promise<FunctionConfiguration> =>
    (await waitIdleOrMissing(false)) as FunctionConfiguration;

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

  /** The code as UpdateFunctionCode/CreateFunction take it, uploading to S3 first when needed. */
  let upload: PublishResult['upload'] = 'none';
  const source = async (): Promise<CodeSource> => {
    const out = await codeSource(pkg, spec, clients.s3, (line) => ctx.log(line));
    upload = out.upload;
    return out.code;
  };
  const what = pkg.kind === 'image' ? `image ${pkg.imageUri}` : formatBytes(pkg.zip.length);

  const found = await waitIdleOrMissing(true);
  let created = false;
  if (!found) {
    checkCreatable(spec.functionName, region, image, spec.config);
    if (spec.dryRun) {
      ctx.log(
        `dry run: ${spec.functionName} does not exist: would create it from ${what} and publish a version`,
      );
      return {
        functionArn: '',
        version: '',
        codeSha256: pkg.codeSha256 ?? '',
        changed: true,
        upload: 'dry-run',
      };
    }
    ctx.log(`function ${spec.functionName} does not exist in ${region}: creating it from ${what}`);
    await createFunction(lambda, spec.functionName, await source(), image, spec.config);
    created = true;
  }
  let cfg = found ?? (await waitIdle());
  if ((cfg.PackageType === 'Image') !== image)
    throw new ActionError(
      `function ${spec.functionName} has PackageType ${cfg.PackageType ?? 'Zip'}, and Lambda cannot change a function's package type; ` +
        `give ${cfg.PackageType === 'Image' ? 'image-uri' : 'zip-path'}, or publish to a new function`,
    );
  const wanted = (): string | undefined => pkg.codeSha256 ?? (created ? cfg.CodeSha256 : undefined);
  const codeSame = (): boolean =>
    // Stryker disable next-line ConditionalExpression: $LATEST always reports a CodeSha256, so an undefined wanted() never equals it
    wanted() !== undefined && cfg.CodeSha256 === wanted() && !architectureDiffers(spec.config, cfg);

  if (codeSame() && deltaFields(configDelta(spec.config, cfg)).length === 0) {
    const existing = await publishedMatching(lambda, spec.functionName, cfg);
    if (existing?.Version) {
      ctx.log(
        `version ${existing.Version} of ${spec.functionName} has this code (CodeSha256 ${cfg.CodeSha256}) and $LATEST's configuration: nothing to upload or publish`,
      );
      if (!spec.dryRun) await active(existing.Version);
      return {
        functionArn: cfg.FunctionArn ?? '',
        version: existing.Version,
        codeSha256: cfg.CodeSha256 ?? '',
        changed: false,
        upload: 'none',
      };
    }
  }
  if (spec.dryRun) {
    const fields = deltaFields(configDelta(spec.config, cfg));
    if (codeSame() && !fields.length)
      ctx.log(
        `dry run: the code is there but no version has $LATEST's configuration: would publish a version`,
      );
    else
      ctx.log(
        `dry run: would ${codeSame() ? 'keep the code' : `upload ${what}${pkg.kind === 'zip' ? ` ${pkg.useS3 ? `through s3://${spec.s3Bucket}/${spec.s3Key}` : 'directly'}` : ''}`}` +
          `${fields.length ? `, update ${fields.join(', ')}` : ''} and publish a version`,
      );
    return {
      functionArn: cfg.FunctionArn ?? '',
      version: '',
      codeSha256: pkg.codeSha256 ?? '',
      changed: true,
      upload: 'dry-run',
    };
  }

  if (!codeSame()) {
    const code = await source();
    const revisionId = cfg.RevisionId;
    const architecture = spec.config?.architecture;
    const updated = await mutate(`UpdateFunctionCode on ${spec.functionName}`, () =>
      lambda.send(
        new UpdateFunctionCodeCommand({
          FunctionName: spec.functionName,
          RevisionId: revisionId,
          ...code,
          ...(architecture ? { Architectures: [architecture] } : {}),
        }),
      ),
    );
    if (pkg.kind === 'zip' && updated.CodeSha256 !== pkg.codeSha256)
      throw new ActionError(
        `Lambda reports CodeSha256 ${updated.CodeSha256} after the upload, but the zip's is ${pkg.codeSha256}`,
      );
    ctx.log(`uploaded ${what}; waiting for LastUpdateStatus Successful`);
    cfg = await waitIdle();
  }

  const delta = configDelta(spec.config, cfg);
  if (deltaFields(delta).length) {
    const revisionId = cfg.RevisionId;
    await mutate(`UpdateFunctionConfiguration on ${spec.functionName}`, () =>
      lambda.send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: spec.functionName,
          RevisionId: revisionId,
          ...delta,
        }),
      ),
    );
    ctx.log(`updated ${deltaFields(delta).join(', ')}; waiting for LastUpdateStatus Successful`);
    cfg = await waitIdle();
  }

  const published = await mutate(`PublishVersion on ${spec.functionName}`, () =>
    lambda.send(
      new PublishVersionCommand({
        FunctionName: spec.functionName,
        // A zip's own sha256: another writer's code since our upload fails the call. An image's CodeSha256 is
        // Lambda's to report (see loadPackage): guard with what $LATEST has.
        CodeSha256: pkg.kind === 'zip' ? pkg.codeSha256 : cfg.CodeSha256,
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
    codeSha256: pkg.codeSha256 ?? cfg.CodeSha256 ?? '',
    changed: true,
    upload,
    ...(created ? { created } : {}),
  };
}
