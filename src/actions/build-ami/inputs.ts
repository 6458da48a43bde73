import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../../core/errors.js';
import type { Io } from '../../core/io.js';
import { Inputs, JOB_MAX_MS } from '../../core/inputs.js';
import { AMI_NAME_MAX, expandName, nameValues, templateProblem } from '../../artifacts/ami/ami-name.js';
import type { BaseAmiSpec } from '../../artifacts/ami/base-ami-spec.js';
import { parseBaseAmi } from '../../artifacts/ami/base-ami-spec.js';
import type { TagPair } from '../../artifacts/ami/tags.js';
import { parseTags } from '../../artifacts/ami/tags.js';
import { KMS_KEY, S3_BUCKET } from '../../artifacts/ami/names.js';

export interface BuildAmiInputs {
  region: string;
  maxAttempts: number;
  baseAmi: BaseAmiSpec;
  instanceType: string;
  subnetId: string | undefined;
  securityGroupIds: string[];
  iamInstanceProfile: string | undefined;
  provision: string;
  filesDir: string | undefined;
  s3Bucket: string | undefined;
  amiNameTemplate: string;
  amiName: string;
  tags: TagPair[];
  volumeSizeGiB: number | undefined;
  encrypted: boolean;
  kmsKeyId: string | undefined;
  waitTimeoutMs: number;
}

const INSTANCE_TYPE = { re: /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/, allowed: 'an instance type such as t3.small' };
const SUBNET = { re: /^subnet-[0-9a-f]{8,17}$/, allowed: 'a subnet id (subnet-…)' };
const SECURITY_GROUP = { re: /^sg-[0-9a-f]{8,17}$/, allowed: 'security group ids (sg-…)' };
const INSTANCE_PROFILE = {
  re: /^([\w+=,.@-]{1,128}|arn:aws[a-z-]*:iam::\d{12}:instance-profile\/[\w+=,.@/-]{1,128})$/,
  allowed: 'an instance profile name or ARN',
};

// Far past any real script (inline user-data holds 16 KiB in all); a runner passes no input over 128 KiB.
const PROVISION_MAX_CHARS = 64 * 1024;
// https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html: 5 security groups per network
// interface by default, 16 at most.
const SECURITY_GROUPS_MAX = 16;

function securityGroups(i: Inputs): string[] {
  const ids = i.list('security-group-ids', SECURITY_GROUP);
  if (ids.length > SECURITY_GROUPS_MAX)
    throw new InputError(
      'security-group-ids',
      `has ${ids.length} ids; an instance takes at most ${SECURITY_GROUPS_MAX} security groups`,
    );
  return ids;
}

/** The script from `provision`, or from the file `provision-file` names: exactly one of the two. */
function provisionScript(i: Inputs, cwd: string): string {
  const file = i.optional('provision-file');
  const inline = i.text('provision');
  if (file !== undefined && inline !== '')
    throw new InputError('provision-file', 'and provision are both set; give the script one way');
  if (file === undefined && inline === '')
    throw new InputError(
      'provision',
      'is required (or provision-file): the script that provisions the builder, run as root',
    );
  const name = file === undefined ? 'provision' : 'provision-file';
  let script = inline;
  if (file !== undefined) {
    const path = resolve(cwd, file);
    const st = existsSync(path) ? statSync(path) : undefined;
    if (!st?.isFile()) throw new InputError(name, `${JSON.stringify(file)} is not a file`);
    if (st.size > PROVISION_MAX_CHARS * 4)
      throw new InputError(
        name,
        `${JSON.stringify(file)} is ${st.size} bytes; a script of at most ${PROVISION_MAX_CHARS} characters fits`,
      );
    // Trimmed as an input is (the runner trims provision), so the same script gives the same AMI either way.
    script = readFileSync(path, 'utf8').trim();
    if (script === '') throw new InputError(name, `${JSON.stringify(file)} is empty`);
  }
  if (script.length > PROVISION_MAX_CHARS)
    throw new InputError(
      name,
      `is ${script.length} characters; at most ${PROVISION_MAX_CHARS}: put a longer script in files and run it from here`,
    );
  return script;
}

export function getInputs(
  io: Io,
  env: Readonly<Record<string, string | undefined>>,
  now: number,
  cwd: string,
): Readonly<BuildAmiInputs> {
  const i = new Inputs((n) => io.getInput(n));
  const baseAmi = parseBaseAmi(i.raw('base-ami'), i.list('owners'));
  const provision = provisionScript(i, cwd);
  const filesRaw = i.optional('files');
  const filesDir = filesRaw === undefined ? undefined : resolve(cwd, filesRaw);
  if (filesDir !== undefined && (!existsSync(filesDir) || !statSync(filesDir).isDirectory()))
    throw new InputError('files', `${JSON.stringify(filesRaw)} is not a directory`);
  const amiNameTemplate = i.optional('ami-name') ?? 'slipway-{sha}-{date}';
  const problem = templateProblem(amiNameTemplate);
  if (problem) throw new InputError('ami-name', `${JSON.stringify(amiNameTemplate)} ${problem}`);
  const amiName = expandName(amiNameTemplate, nameValues(env, now));
  if (amiName.length < 3 || amiName.length > AMI_NAME_MAX)
    throw new InputError(
      'ami-name',
      `expands to ${amiName.length} characters (${JSON.stringify(amiName.slice(0, 40))}…); an AMI name has 3 to ${AMI_NAME_MAX}`,
    );
  const encrypted = i.bool('encrypted', false);
  const kmsKeyId = i.optional('kms-key-id', KMS_KEY);
  if (kmsKeyId !== undefined && !encrypted)
    throw new InputError(
      'kms-key-id',
      'needs encrypted: true (the key encrypts the builder volume and the AMI)',
    );
  const volume = i.raw('volume-size');
  return Object.freeze({
    region: i.region('aws-region', env),
    maxAttempts: i.maxAttempts(),
    baseAmi,
    instanceType: i.optional('instance-type', INSTANCE_TYPE) ?? 't3.small',
    subnetId: i.optional('subnet-id', SUBNET),
    securityGroupIds: securityGroups(i),
    iamInstanceProfile: i.optional('iam-instance-profile', INSTANCE_PROFILE),
    provision,
    filesDir,
    s3Bucket: i.optional('s3-bucket', S3_BUCKET),
    amiNameTemplate,
    amiName,
    tags: parseTags(i, 'tags'),
    volumeSizeGiB: volume === '' ? undefined : i.int('volume-size', { min: 1, max: 16_384 }),
    encrypted,
    kmsKeyId,
    waitTimeoutMs: i.duration('wait-timeout', '45m', { minMs: 60_000, maxMs: JOB_MAX_MS }),
  });
}
