import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../../core/errors.js';
import type { Io } from '../../core/io.js';
import { Inputs, JOB_MAX_MS } from '../../core/inputs.js';
import type { FunctionConfigSpec } from '../../targets/lambda/function-config.js';
import { FUNCTION_NAME } from '../../targets/lambda/names.js';
import { configInputs } from './config-inputs.js';

export interface PublishFunctionInputs {
  functionName: string;
  /** Exactly one of zipPath and imageUri. */
  zipPath: string | undefined;
  imageUri: string | undefined;
  config: FunctionConfigSpec;
  region: string;
  maxAttempts: number;
  s3Bucket: string | undefined;
  s3Key: string | undefined;
  description: string | undefined;
  dryRun: boolean;
  waitTimeoutMs: number;
}

const BUCKET = {
  re: /^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
  allowed: 'an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)',
};
const KEY = { re: /^[^\0]{1,1024}$/, allowed: 'an S3 object key of 1 to 1024 characters' };
/**
 * An image in Amazon ECR by tag or digest, as publish-image's image-uri output gives it: Lambda takes images
 * only from ECR in the function's Region (https://docs.aws.amazon.com/lambda/latest/dg/images-create.html).
 */
const IMAGE_URI = {
  re: /^\d{12}\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\/[a-z0-9]+(?:[._/-][a-z0-9]+)*(?::[\w][\w.-]{0,127}(?:@sha256:[0-9a-f]{64})?|@sha256:[0-9a-f]{64})$/,
  allowed:
    "an Amazon ECR image by digest or tag, <account>.dkr.ecr.<region>.amazonaws.com/<repository>@sha256:<64 hex> or :<tag> (publish-image's image-uri output)",
};

function packageInputs(i: Inputs, cwd: string): { zipPath?: string; imageUri?: string } {
  if (i.given('zip-path') && i.given('image-uri'))
    throw new InputError(
      'image-uri',
      'is given with zip-path; expected exactly one of zip-path (a zip function) and image-uri (an image function)',
    );
  if (i.given('image-uri')) return { imageUri: i.required('image-uri', IMAGE_URI) };
  const zipRaw = i.required('zip-path', {
    re: /\.zip$/,
    allowed: "the path of a .zip file (build-function's zip-path output), or set image-uri instead",
  });
  const zipPath = resolve(cwd, zipRaw);
  if (!existsSync(zipPath) || !statSync(zipPath).isFile())
    throw new InputError('zip-path', `${JSON.stringify(zipRaw)} is not a file`);
  return { zipPath };
}

export function getInputs(
  io: Io,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): Readonly<PublishFunctionInputs> {
  const i = new Inputs((n) => io.getInput(n));
  const functionName = i.required('function-name', FUNCTION_NAME);
  const { zipPath, imageUri } = packageInputs(i, cwd);
  const region = i.region('aws-region', env);
  const imageRegion = imageUri === undefined ? undefined : IMAGE_URI.re.exec(imageUri)?.[1];
  if (imageRegion !== undefined && imageRegion !== region)
    throw new InputError(
      'image-uri',
      `${JSON.stringify(imageUri)} is in ${imageRegion}; Lambda needs the image in the function's region ${region}`,
    );
  const config = configInputs(i, imageUri !== undefined);
  if (imageUri !== undefined)
    for (const name of ['s3-bucket', 's3-key'])
      if (i.given(name))
        throw new InputError(
          name,
          `${JSON.stringify(i.raw(name))} is not allowed with image-uri; an image is not uploaded`,
        );
  const s3Bucket = i.optional('s3-bucket', BUCKET);
  const s3Key = i.optional('s3-key', KEY);
  if (s3Key !== undefined && s3Bucket === undefined) throw new InputError('s3-key', 'needs s3-bucket');
  const description = i.optional('description');
  if (description !== undefined && description.length > 256)
    throw new InputError('description', `is ${description.length} characters; Lambda allows at most 256`);
  return Object.freeze({
    functionName,
    zipPath,
    imageUri,
    config,
    region,
    maxAttempts: i.maxAttempts(),
    s3Bucket,
    s3Key,
    description,
    dryRun: i.bool('dry-run', false),
    waitTimeoutMs: i.duration('wait-timeout', '15m', { minMs: 60_000, maxMs: JOB_MAX_MS }),
  });
}
