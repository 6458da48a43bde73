import { createHash } from 'node:crypto';

/** The tag that marks an AMI with the digest of what it was baked from. */
export const SOURCE_DIGEST_TAG = 'slipway:source-digest';
/** The tag that groups the AMIs of one ami-name template, for publish-ami's retention. */
export const FAMILY_TAG = 'slipway:family';

/** Everything that decides what the baked image contains. Names, tags and networking do not. */
export interface BakeSource {
  baseAmiId: string;
  /** sha256 of the payload tar: the provision script and the files. */
  payloadSha256: string;
  instanceType: string;
  volumeSizeGiB: number | undefined;
  encrypted: boolean;
  kmsKeyId: string | undefined;
}

// Bump when the user-data format changes what a bake does, so older AMIs are not reused for it.
const FORMAT = 1;

export function sourceDigest(s: BakeSource): string {
  const canonical = JSON.stringify([
    FORMAT,
    s.baseAmiId,
    s.payloadSha256,
    s.instanceType,
    s.volumeSizeGiB ?? null,
    s.encrypted,
    s.kmsKeyId ?? null,
  ]);
  return `sha256:${createHash('sha256').update(canonical).digest('hex')}`;
}
