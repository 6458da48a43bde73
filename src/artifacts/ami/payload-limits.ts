import { InputError } from '../../core/errors.js';
import { formatBytes } from '../../core/units.js';
import type { SourceTree } from '../files.js';
import { biggest } from '../files.js';
import { USER_DATA_MAX_BYTES } from './user-data.js';

// Deflate's best case: 258-byte matches in 2-bit codes, about 1032:1 (zlib's technical details). No tar
// bigger than this many times user-data's limit can be gzipped into it, so refusing it is never wrong.
const DEFLATE_MAX_RATIO = 1032;
/** The most raw user-data could ever carry inline: beyond it, s3-bucket is required without packing. */
export const INLINE_RAW_MAX_BYTES = USER_DATA_MAX_BYTES * DEFLATE_MAX_RATIO;
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/upload-objects.html: one PUT takes up to 5 GB.
export const S3_PUT_MAX_BYTES = 5 * 1024 * 1024 * 1024;

function largest(tree: SourceTree | undefined): string {
  const top = biggest(tree?.entries ?? []);
  return top.length
    ? `; the biggest: ${top.map((e) => `${e.path} (${formatBytes(e.size)})`).join(', ')}`
    : '';
}

/**
 * Checks the payload's size, from the walk's stat sizes (`tarBytes`, a bound on the tar), before any file
 * is read: without s3-bucket it must be able to fit EC2's user-data; with it, one S3 PUT.
 */
export function checkPayloadSize(
  tarBytes: number,
  tree: SourceTree | undefined,
  s3Bucket: string | undefined,
): void {
  if (s3Bucket === undefined && tarBytes > INLINE_RAW_MAX_BYTES)
    throw new InputError(
      's3-bucket',
      `is required: the provision script and files come to ${formatBytes(tarBytes)}${largest(tree)}; EC2 user-data holds ` +
        `${USER_DATA_MAX_BYTES / 1024} KiB, which no compression reaches from more than ${formatBytes(INLINE_RAW_MAX_BYTES)}`,
    );
  if (tarBytes > S3_PUT_MAX_BYTES)
    throw new InputError(
      'files',
      `comes to ${formatBytes(tarBytes)} with the provision script${largest(tree)}; the payload goes to S3 in one PUT, ` +
        `which takes at most ${formatBytes(S3_PUT_MAX_BYTES)}: bake large artifacts in from S3 or a package repository instead`,
    );
}
