/** Lambda's documented deployment package quotas. */
export const DIRECT_UPLOAD_MAX_BYTES = 50 * 1024 * 1024;
export const UNZIPPED_MAX_BYTES = 250 * 1024 * 1024;

export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
