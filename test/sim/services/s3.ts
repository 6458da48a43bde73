import { createHash } from 'node:crypto';
import * as sdk from '@aws-sdk/client-s3';
import { SimService } from '../account.js';

async function bytesOf(body: unknown): Promise<Buffer> {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body);
  const chunks: Buffer[] = [];
  for await (const c of body as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}

/** S3 objects in buckets that must exist. */
export class S3Sim extends SimService {
  readonly clientName = 'S3Client';
  readonly iamPrefix = 's3';
  readonly sdk = sdk as unknown as Record<string, unknown>;
  readonly throttle = { name: 'SlowDown', status: 503 };
  private readonly buckets = new Map<string, Map<string, Buffer>>();

  createBucket(name: string): void {
    this.buckets.set(name, new Map());
  }

  object(bucket: string, key: string): Buffer | undefined {
    return this.buckets.get(bucket)?.get(key);
  }

  private bucket(name: string): Map<string, Buffer> {
    const b = this.buckets.get(name);
    if (!b) throw this.error('NoSuchBucket', 'The specified bucket does not exist', 404);
    return b;
  }

  async PutObject(input: sdk.PutObjectRequest): Promise<sdk.PutObjectOutput> {
    const body = await bytesOf(input.Body);
    this.bucket(input.Bucket!).set(input.Key!, body);
    return { ETag: `"${createHash('md5').update(body).digest('hex')}"` };
  }

  HeadObject(input: sdk.HeadObjectRequest): sdk.HeadObjectOutput {
    const obj = this.bucket(input.Bucket!).get(input.Key!);
    if (!obj) throw this.error('NotFound', 'Not Found', 404);
    return { ContentLength: obj.length, ETag: `"${createHash('md5').update(obj).digest('hex')}"` };
  }

  DeleteObject(input: sdk.DeleteObjectRequest): sdk.DeleteObjectOutput {
    this.bucket(input.Bucket!).delete(input.Key!);
    return {};
  }
}
