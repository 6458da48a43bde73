import { InputError } from '../../core/errors.js';
import type { Io } from '../../core/io.js';
import { Inputs, JOB_MAX_MS, parseDuration, REGION } from '../../core/inputs.js';
import type { ShareTargets } from '../../artifacts/ami/share.js';
import { ACCOUNT_ID, AMI_ID, KMS_KEY } from '../../artifacts/ami/names.js';

export interface PublishAmiInputs {
  region: string;
  maxAttempts: number;
  amiId: string;
  /** Destination regions, without the source region. */
  regions: string[];
  share: ShareTargets;
  /** Region → customer managed key for that region's copy. */
  kmsKeyIds: Record<string, string>;
  deprecateAfterMs: number | undefined;
  keep: number;
  /** How long a shared AMI past retention stays deprecated before a run deregisters it. */
  sharedGraceMs: number;
  waitTimeoutMs: number;
}

const ORGANIZATION = {
  re: /^arn:aws[a-z-]*:organizations::\d{12}:organization\/o-[a-z0-9]{10,32}$/,
  allowed: 'organization ARNs (arn:aws:organizations::<account>:organization/o-…)',
};
const OU = {
  re: /^arn:aws[a-z-]*:organizations::\d{12}:ou\/o-[a-z0-9]{10,32}\/ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}$/,
  allowed: 'OU ARNs (arn:aws:organizations::<account>:ou/o-…/ou-…)',
};
const REGION_ITEM = { re: REGION, allowed: 'AWS regions such as eu-west-1' };
const DAY = 86_400_000;
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EnableImageDeprecation.html: at most 10 years ahead.
const MAX_DEPRECATION_MS = 10 * 365 * DAY;

/** `region=key` items: each region must be a destination (or the source) and each key a KMS key. */
function parseKeys(i: Inputs, regions: readonly string[]): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const item of i.list('kms-key-ids')) {
    const m = /^([a-z0-9-]+)=(.+)$/.exec(item);
    if (!m) throw new InputError('kms-key-ids', `item ${JSON.stringify(item)} is not region=key`);
    const [, region, key] = m as unknown as [string, string, string];
    if (!regions.includes(region))
      throw new InputError(
        'kms-key-ids',
        `${region} is not one of regions (the source AMI keeps its own key: set kms-key-id on build-ami for it)`,
      );
    if (!KMS_KEY.re.test(key))
      throw new InputError('kms-key-ids', `the key for ${region} is not ${KMS_KEY.allowed}`);
    const keyRegion = key.startsWith('arn:') ? key.split(':')[3] : undefined;
    if (keyRegion !== undefined && keyRegion !== region)
      throw new InputError(
        'kms-key-ids',
        `the key for ${region} is in ${keyRegion}; a copy needs a key in its own region`,
      );
    keys[region] = key;
  }
  return keys;
}

/** `90d`, or any duration the other inputs take (`72h`); undefined when empty. */
function days(i: Inputs, name: string): number | undefined {
  const raw = i.raw(name);
  if (raw === '') return undefined;
  const d = /^(\d+)d$/.exec(raw);
  const ms = d ? Number(d[1]) * DAY : parseDuration(raw);
  if (ms === undefined || ms <= 0)
    throw new InputError(name, `${JSON.stringify(raw)} is not a duration such as 90d or 72h`);
  if (ms > MAX_DEPRECATION_MS)
    throw new InputError(name, `${raw} is more than 10 years, the most EC2 allows`);
  return ms;
}

// Long enough for every account the AMI is shared with to go through a monthly patch cycle, and to see
// the deprecation in its console, before its launch templates stop working.
const SHARED_GRACE_DEFAULT_MS = 30 * DAY;

export function getInputs(
  io: Io,
  env: Readonly<Record<string, string | undefined>>,
): Readonly<PublishAmiInputs> {
  const i = new Inputs((n) => io.getInput(n));
  const amiId = i.required('ami-id', AMI_ID);
  const region = i.region('aws-region', env);
  const regions = [...new Set(i.list('regions', REGION_ITEM))].filter((r) => r !== region);
  const share: ShareTargets = {
    accounts: i.list('share-accounts', ACCOUNT_ID),
    organizations: i.list('share-organizations', ORGANIZATION),
    ous: i.list('share-ous', OU),
  };
  return Object.freeze({
    region,
    maxAttempts: i.maxAttempts(),
    amiId,
    regions,
    share,
    kmsKeyIds: parseKeys(i, regions),
    deprecateAfterMs: days(i, 'deprecate-after'),
    keep: i.int('keep', { min: 0, max: 1000 }, 0),
    sharedGraceMs: days(i, 'shared-grace-period') ?? SHARED_GRACE_DEFAULT_MS,
    waitTimeoutMs: i.duration('wait-timeout', '90m', { minMs: 60_000, maxMs: JOB_MAX_MS }),
  });
}
