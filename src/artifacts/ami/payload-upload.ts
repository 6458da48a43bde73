import { createReadStream } from 'node:fs';
import type { S3Client } from '@aws-sdk/client-s3';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

export interface UploadedPayload {
  bucket: string;
  key: string;
  url: string;
}

// The builder downloads right after it boots; an hour covers a slow launch with room to spare. (A URL signed
// with role credentials also stops working when the role session ends.)
const URL_TTL_SECONDS = 3600;

/**
 * Puts the payload in S3, streamed from its file (its length given, as PutObject needs for a stream), and
 * presigns a GET for the builder, which then needs no S3 permissions.
 */
export async function uploadPayload(
  s3: S3Client,
  bucket: string,
  digest: string,
  payload: { path: string; size: number },
): Promise<UploadedPayload> {
  const key = `slipway/build-ami/${digest.replace(/^sha256:/, '')}.tgz`;
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: createReadStream(payload.path),
      ContentLength: payload.size,
      ContentType: 'application/gzip',
    }),
  );
  const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key }), {
    expiresIn: URL_TTL_SECONDS,
  });
  return { bucket, key, url };
}

export async function deletePayload(s3: S3Client, p: { bucket: string; key: string }): Promise<void> {
  await s3.send(new DeleteObjectCommand({ Bucket: p.bucket, Key: p.key }));
}
