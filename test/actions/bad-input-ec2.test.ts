import { mkdirSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run as buildAmi } from '../../src/actions/build-ami/main.js';
import { run as deployEc2 } from '../../src/actions/deploy-ec2/main.js';
import { run as publishAmi } from '../../src/actions/publish-ami/main.js';
import { incompressible } from '../scenarios/ami-fixture.js';
import { vmsAccount } from '../sim/vms.js';
import type { BadInputCase } from './bad-input.js';
import { describeBadInput } from './bad-input.js';

const dir = mkdtempSync(join(tmpdir(), 'slipway-bad-ec2-'));
const files = join(dir, 'files');
mkdirSync(files);
writeFileSync(join(files, 'app.conf'), 'listen 8080;\n');
const fileNotDir = join(dir, 'file.txt');
writeFileSync(fileNotDir, 'x');
writeFileSync(join(dir, 'provision.sh'), '#!/bin/bash\ndnf install -y nginx\n');
writeFileSync(join(dir, 'empty.sh'), '\n');
const big = join(dir, 'big');
mkdirSync(big);
writeFileSync(join(big, 'blob.bin'), incompressible(64 * 1024));
// Sparse files: sizes from stat are checked before a byte is read (packing them would take minutes).
const huge = join(dir, 'huge');
mkdirSync(huge);
writeFileSync(join(huge, 'disk.img'), '');
truncateSync(join(huge, 'disk.img'), 1024 ** 3);
const tooHuge = join(dir, 'too-huge');
mkdirSync(tooHuge);
writeFileSync(join(tooHuge, 'disk.img'), '');
truncateSync(join(tooHuge, 'disk.img'), 6 * 1024 ** 3);

const AMI = 'ami-0123456789abcdef0';
const bake = { 'base-ami': AMI, provision: 'dnf install -y nginx', files, 'aws-region': 'us-east-1' };
const pub = { 'ami-id': AMI, regions: 'eu-west-1', 'aws-region': 'us-east-1' };
const dep = { 'auto-scaling-group': 'web', 'ami-id': AMI, 'aws-region': 'us-east-1' };
const LISTENER =
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/0123456789abcdef/fedcba9876543210';
const RULE =
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/web/0123456789abcdef/fedcba9876543210/0a1b2c3d4e5f6a7b';
const bg = { ...dep, strategy: 'blue-green', 'listener-arn': LISTENER };
const KEY = 'arn:aws:kms:us-east-1:123456789012:key/0f0e0d0c-0b0a-4909-8807-060504030201';

const cases: BadInputCase[] = [
  ['build-ami', 'base-ami', { ...bake, 'base-ami': '' }],
  ['build-ami', 'base-ami', { ...bake, 'base-ami': 'ami-xyz' }],
  ['build-ami', 'base-ami', { ...bake, 'base-ami': 'ssm:aws/service/ami' }],
  ['build-ami', 'base-ami', { ...bake, 'base-ami': 'web{1}', owners: 'self' }],
  ['build-ami', 'owners', { ...bake, 'base-ami': 'al2023-ami-*' }],
  ['build-ami', 'owners', { ...bake, 'base-ami': 'al2023-ami-*', owners: 'everyone' }],
  ['build-ami', 'provision', { ...bake, provision: '  \n ' }],
  ['build-ami', 'files', { ...bake, files: join(dir, 'missing') }],
  ['build-ami', 'files', { ...bake, files: fileNotDir }],
  ['build-ami', 'ami-name', { ...bake, 'ami-name': 'web-{branch}' }],
  ['build-ami', 'ami-name', { ...bake, 'ami-name': 'web:{sha}' }],
  ['build-ami', 'ami-name', { ...bake, 'ami-name': `${'w'.repeat(120)}-{date}` }],
  ['build-ami', 'ami-name', { ...bake, 'ami-name': 'ab' }],
  ['build-ami', 'instance-type', { ...bake, 'instance-type': 'large' }],
  ['build-ami', 'subnet-id', { ...bake, 'subnet-id': 'subnet-xyz' }],
  ['build-ami', 'security-group-ids', { ...bake, 'security-group-ids': 'sg-0123456789abcdef0,default' }],
  [
    'build-ami',
    'iam-instance-profile',
    { ...bake, 'iam-instance-profile': 'arn:aws:iam::123456789012:role/bake' },
  ],
  ['build-ami', 'tags', { ...bake, tags: 'team' }],
  ['build-ami', 'tags', { ...bake, tags: 'aws:created-by=me' }],
  ['build-ami', 'tags', { ...bake, tags: 'slipway:source-digest=x' }],
  ['build-ami', 'tags', { ...bake, tags: 'team=a\nteam=b' }],
  ['build-ami', 'volume-size', { ...bake, 'volume-size': '0' }],
  ['build-ami', 'volume-size', { ...bake, 'volume-size': '20GB' }],
  ['build-ami', 'encrypted', { ...bake, encrypted: 'yes' }],
  ['build-ami', 'kms-key-id', { ...bake, 'kms-key-id': KEY }],
  ['build-ami', 'kms-key-id', { ...bake, encrypted: 'true', 'kms-key-id': 'my key' }],
  ['build-ami', 's3-bucket', { ...bake, 's3-bucket': 'Bad_Bucket' }],
  ['build-ami', 's3-bucket', { ...bake, files: big }],
  ['build-ami', 's3-bucket', { ...bake, files: huge }],
  ['build-ami', 'files', { ...bake, files: tooHuge, 's3-bucket': 'build-artifacts' }],
  ['build-ami', 'provision', { ...bake, provision: `echo ${'x'.repeat(100_000)}` }],
  [
    'build-ami',
    'security-group-ids',
    {
      ...bake,
      'security-group-ids': Array.from({ length: 17 }, (_, n) => `sg-${String(n).padStart(8, '0')}`).join(
        ',',
      ),
    },
  ],
  ['build-ami', 'wait-timeout', { ...bake, 'wait-timeout': '30s' }],
  ['build-ami', 'wait-timeout', { ...bake, 'wait-timeout': 'forever' }],
  ['build-ami', 'provision-file', { ...bake, 'provision-file': 'provision.sh' }],
  ['build-ami', 'provision-file', { ...bake, provision: '', 'provision-file': 'no-such-script.sh' }],
  ['build-ami', 'provision-file', { ...bake, provision: '', 'provision-file': 'files' }],
  ['build-ami', 'provision-file', { ...bake, provision: '', 'provision-file': 'empty.sh' }],
  ['build-ami', 'provision', { ...bake, provision: '' }],
  ['build-ami', 'max-retries', { ...bake, 'max-retries': '50' }],
  ['build-ami', 'aws-region', { ...bake, 'aws-region': 'mars-1' }],
  ['publish-ami', 'ami-id', { ...pub, 'ami-id': '' }],
  ['publish-ami', 'ami-id', { ...pub, 'ami-id': 'ami-123' }],
  ['publish-ami', 'regions', { ...pub, regions: 'eu-west-1, europe' }],
  ['publish-ami', 'share-accounts', { ...pub, 'share-accounts': '12345' }],
  ['publish-ami', 'share-organizations', { ...pub, 'share-organizations': 'o-abcdefghij' }],
  ['publish-ami', 'share-ous', { ...pub, 'share-ous': 'ou-abcd-12345678' }],
  ['publish-ami', 'kms-key-ids', { ...pub, 'kms-key-ids': 'eu-west-1' }],
  ['publish-ami', 'kms-key-ids', { ...pub, 'kms-key-ids': 'ap-south-1=alias/ami' }],
  ['publish-ami', 'kms-key-ids', { ...pub, 'kms-key-ids': `eu-west-1=${KEY}` }],
  ['publish-ami', 'kms-key-ids', { ...pub, 'kms-key-ids': 'eu-west-1=not a key' }],
  ['publish-ami', 'deprecate-after', { ...pub, 'deprecate-after': '3 months' }],
  ['publish-ami', 'deprecate-after', { ...pub, 'deprecate-after': '4000d' }],
  ['publish-ami', 'keep', { ...pub, keep: '-1' }],
  ['publish-ami', 'keep', { ...pub, keep: 'all' }],
  ['publish-ami', 'shared-grace-period', { ...pub, 'shared-grace-period': '0d' }],
  ['publish-ami', 'shared-grace-period', { ...pub, 'shared-grace-period': 'a month' }],
  ['publish-ami', 'wait-timeout', { ...pub, 'wait-timeout': '10s' }],
  ['publish-ami', 'max-retries', { ...pub, 'max-retries': 'x' }],
  ['publish-ami', 'aws-region', { ...pub, 'aws-region': '' }],
  ['deploy-ec2', 'auto-scaling-group', { ...dep, 'auto-scaling-group': '' }],
  ['deploy-ec2', 'auto-scaling-group', { ...dep, 'auto-scaling-group': 'web:blue' }],
  ['deploy-ec2', 'service', { ...dep, 'auto-scaling-group': '', service: '-web' }],
  ['deploy-ec2', 'ami-id', { ...dep, 'ami-id': 'ami-nope' }],
  ['deploy-ec2', 'launch-template', { ...dep, 'launch-template': 'bad name!' }],
  ['deploy-ec2', 'strategy', { ...dep, strategy: 'linear' }],
  ['deploy-ec2', 'listener-arn', { ...dep, strategy: 'blue-green' }],
  ['deploy-ec2', 'listener-arn', { ...dep, 'listener-arn': LISTENER }],
  ['deploy-ec2', 'rule-arn', { ...bg, 'rule-arn': RULE }],
  [
    'deploy-ec2',
    'listener-arn',
    {
      ...bg,
      'listener-arn':
        'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/0123456789abcdef',
    },
  ],
  ['deploy-ec2', 'rule-arn', { ...bg, 'listener-arn': '', 'rule-arn': LISTENER }],
  ['deploy-ec2', 'min-healthy-percent', { ...dep, 'min-healthy-percent': '101' }],
  ['deploy-ec2', 'max-healthy-percent', { ...dep, 'max-healthy-percent': '99' }],
  [
    'deploy-ec2',
    'max-healthy-percent',
    { ...dep, 'min-healthy-percent': '50', 'max-healthy-percent': '200' },
  ],
  ['deploy-ec2', 'instance-warmup', { ...dep, 'instance-warmup': '2h' }],
  ['deploy-ec2', 'checkpoints', { ...dep, checkpoints: '50,20' }],
  ['deploy-ec2', 'checkpoints', { ...dep, checkpoints: '0' }],
  ['deploy-ec2', 'checkpoint-delay', { ...dep, 'checkpoint-delay': '10m' }],
  ['deploy-ec2', 'skip-matching', { ...dep, 'skip-matching': 'sometimes' }],
  ['deploy-ec2', 'auto-rollback', { ...dep, 'auto-rollback': 'no' }],
  ['deploy-ec2', 'smoke-url', { ...dep, 'smoke-url': 'https://web.example/health' }],
  ['deploy-ec2', 'smoke-url', { ...bg, 'smoke-url': 'ftp://web.example/health' }],
  ['deploy-ec2', 'keep-previous', { ...bg, 'keep-previous': 'y' }],
  ['deploy-ec2', 'canary-percent', { ...bg, strategy: 'canary', 'canary-percent': '0' }],
  ['deploy-ec2', 'bake-time', { ...dep, 'bake-time': 'soon' }],
  ['deploy-ec2', 'rollback', { ...dep, rollback: 'maybe' }],
  ['deploy-ec2', 'wait-timeout', { ...dep, 'wait-timeout': '7h' }],
  ['deploy-ec2', 'alarms', { ...dep, alarms: `ok\n${'a'.repeat(300)}` }],
  ['deploy-ec2', 'aws-region', { ...dep, 'aws-region': 'us-east' }],
];

describeBadInput({
  title: 'bad input to the VM actions: one clear line naming the input, exit code 1, no AWS call',
  cases,
  minCases: 40,
  runs: { 'build-ami': buildAmi, 'publish-ami': publishAmi, 'deploy-ec2': deployEc2 },
  account: () => vmsAccount({ instances: 0 }).account,
  cwd: dir,
});
