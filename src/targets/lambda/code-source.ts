import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { ActionError } from '../../core/errors.js';
import { formatBytes } from '../../core/units.js';
import { describeQuota, DIRECT_UPLOAD_MAX_BYTES } from './limits.js';

/** Where the package comes from, as CreateFunction's Code and UpdateFunctionCode take it. */
export type CodeSource = { ZipFile: Uint8Array } | { S3Bucket: string; S3Key: string } | { ImageUri: string };

/** The package to publish: a zip read from disk, or an image reference (its digest when the URI has one). */
export type Package =
  | { kind: 'zip'; zip: Buffer; codeSha256: string; useS3: boolean }
  | { kind: 'image'; imageUri: string; codeSha256: string | undefined };

export async function loadPackage(spec: PackageSpec): Promise<Package> {
  if (spec.imageUri !== undefined)
    // For an image function Lambda reports CodeSha256 as the image manifest's sha256 in hex (an assumption,
    // test/sim/ASSUMPTIONS.md; were it not so, the image is only re-sent). A tag-only URI has no digest to
    // compare until Lambda resolves it, so it is always sent.
    return {
      kind: 'image',
      imageUri: spec.imageUri,
      // Stryker disable next-line Regex: the image-uri input allows a digest only at the end, so the anchor changes nothing
      codeSha256: /@sha256:([0-9a-f]{64})$/.exec(spec.imageUri)?.[1],
    };
  const zip = await readFile(spec.zipPath as string);
  const codeSha256 = createHash('sha256').update(zip).digest('base64');
  const useS3 = spec.s3Bucket !== undefined || zip.length > DIRECT_UPLOAD_MAX_BYTES;
  if (useS3 && spec.s3Bucket === undefined)
    throw new ActionError(
      `${spec.zipPath} is ${formatBytes(zip.length)}, over Lambda's ${describeQuota(DIRECT_UPLOAD_MAX_BYTES)} direct upload limit; set s3-bucket`,
    );
  return { kind: 'zip', zip, codeSha256, useS3 };
}

/**
 * The package as Lambda takes it: an image by its URI, a zip directly, or a zip uploaded to S3 first (a bucket
 * given, or a zip over the direct upload limit).
 */
export async function codeSource(
  pkg: Package,
  spec: PackageSpec,
  s3: () => S3Client,
  log: (line: string) => void,
): Promise<{ code: CodeSource; upload: 'image' | 'direct' | 's3' }> {
  if (pkg.kind === 'image') return { code: { ImageUri: pkg.imageUri }, upload: 'image' };
  if (!pkg.useS3) return { code: { ZipFile: pkg.zip }, upload: 'direct' };
  const key =
    spec.s3Key ?? `slipway/${spec.functionName}/${Buffer.from(pkg.codeSha256, 'base64').toString('hex')}.zip`;
  log(`uploading ${formatBytes(pkg.zip.length)} to s3://${spec.s3Bucket}/${key}`);
  await s3().send(
    new PutObjectCommand({
      Bucket: spec.s3Bucket,
      Key: key,
      Body: pkg.zip,
      ChecksumAlgorithm: 'SHA256',
      ContentType: 'application/zip',
    }),
  );
  return { code: { S3Bucket: spec.s3Bucket as string, S3Key: key }, upload: 's3' };
}

/** What reading and uploading the package needs from the publish spec. */
export interface PackageSpec {
  functionName: string;
  zipPath: string | undefined;
  imageUri?: string | undefined;
  s3Bucket: string | undefined;
  s3Key: string | undefined;
}
