/** Formats of EC2, KMS and S3 identifiers that the AMI actions take as inputs. */
export const AMI_ID = { re: /^ami-[0-9a-f]{8,17}$/, allowed: 'an AMI id (ami- and 8 or 17 hex digits)' };
export const KMS_KEY = {
  re: /^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key\/[0-9a-f-]{36}|alias\/[\w/-]+)|[0-9a-f-]{36}|alias\/[\w/-]+|mrk-[0-9a-f]{32})$/,
  allowed: 'a KMS key id, key ARN, alias/name or alias ARN',
};
export const S3_BUCKET = {
  re: /^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
  allowed: 'an S3 bucket name (3-63 lowercase letters, digits, dots and hyphens)',
};
export const ACCOUNT_ID = { re: /^\d{12}$/, allowed: '12-digit AWS account ids' };
