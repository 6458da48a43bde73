import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../../core/errors.js';
import type { Io } from '../../core/io.js';
import { Inputs, JOB_MAX_MS } from '../../core/inputs.js';
import { FUNCTION_NAME } from '../../targets/lambda/names.js';

export interface PublishFunctionInputs {
  functionName: string;
  zipPath: string;
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

export function getInputs(
  io: Io,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): Readonly<PublishFunctionInputs> {
  const i = new Inputs((n) => io.getInput(n));
  const functionName = i.required('function-name', FUNCTION_NAME);
  const zipRaw = i.required('zip-path', {
    re: /\.zip$/,
    allowed: "the path of a .zip file (build-function's zip-path output)",
  });
  const zipPath = resolve(cwd, zipRaw);
  if (!existsSync(zipPath) || !statSync(zipPath).isFile())
    throw new InputError('zip-path', `${JSON.stringify(zipRaw)} is not a file`);
  const s3Bucket = i.optional('s3-bucket', BUCKET);
  const s3Key = i.optional('s3-key', KEY);
  if (s3Key !== undefined && s3Bucket === undefined) throw new InputError('s3-key', 'needs s3-bucket');
  const description = i.optional('description');
  if (description !== undefined && description.length > 256)
    throw new InputError('description', `is ${description.length} characters; Lambda allows at most 256`);
  return Object.freeze({
    functionName,
    zipPath,
    region: i.region('aws-region', env),
    maxAttempts: i.maxAttempts(),
    s3Bucket,
    s3Key,
    description,
    dryRun: i.bool('dry-run', false),
    waitTimeoutMs: i.duration('wait-timeout', '15m', { minMs: 60_000, maxMs: JOB_MAX_MS }),
  });
}
