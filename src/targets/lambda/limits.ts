/** Lambda's documented deployment package quotas (the Lambda quotas page names them 50 MB and 250 MB). */
export const DIRECT_UPLOAD_MAX_BYTES = 50 * 1024 * 1024;
export const UNZIPPED_MAX_BYTES = 250 * 1024 * 1024;

/** A quota as the Lambda quotas page names it, with the bytes it means: `250 MB (262,144,000 bytes)`. */
export const describeQuota = (bytes: number): string =>
  `${bytes / 1024 / 1024} MB (${bytes.toLocaleString('en-US')} bytes)`;
