import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { run } from '../../src/actions/deploy-ecs/main.js';
import { containersAccount } from '../sim/containers.js';
import type { BadInputCase } from './bad-input.js';
import { describeBadInput } from './bad-input.js';

const dir = mkdtempSync(join(tmpdir(), 'slipway-bad-ecs-'));
const file = (name: string, content: string): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const td = (o: Record<string, unknown>): string => JSON.stringify(o);
const goodTd = { family: 'web', containerDefinitions: [{ name: 'app', image: 'x', memory: 512 }] };
const aDirectory = join(dir, 'a-directory');
mkdirSync(aDirectory);
const files = {
  missing: join(dir, 'no-such-file.json'),
  notJson: file('not-json.json', '{"family": "web",'),
  noContainers: file('no-containers.json', td({ family: 'web', containerDefinitions: [] })),
  noFamily: file('no-family.json', td({ containerDefinitions: goodTd.containerDefinitions })),
  unnamed: file('unnamed.json', td({ family: 'web', containerDefinitions: [{ image: 'x' }] })),
  array: file('array.json', '[]'),
  good: file('good.json', td(goodTd)),
};

const deploy = {
  cluster: 'prod',
  service: 'web',
  image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web@sha256:' + 'a'.repeat(64),
  'container-name': 'app',
  'aws-region': 'us-east-1',
};

const viaCodeDeploy = {
  ...deploy,
  'codedeploy-application': 'web-app',
  'codedeploy-deployment-group': 'web-dg',
};

const SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:web/db-AbCdEf';
const byArn = {
  cluster: 'prod',
  service: 'web',
  'task-definition-arn': 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:3',
  'aws-region': 'us-east-1',
};
const noContainer = { cluster: 'prod', service: 'web', 'aws-region': 'us-east-1' };

type Case = [input: string, inputs: Record<string, string>];
const cases: Case[] = [
  ['service', { ...deploy, service: '' }],
  ['service', { ...deploy, service: 'bad name!' }],
  ['service', { ...deploy, service: 's'.repeat(256) }],
  ['cluster', { ...deploy, cluster: 'my cluster' }],
  ['cluster', { ...deploy, cluster: 'arn:aws:ecs:us-east-1:123:cluster/prod' }],
  ['image', { ...deploy, image: '' }],
  ['image', { ...deploy, image: 'Registry.example/Web:latest' }],
  ['image', { ...deploy, image: 'web@sha256:abc123' }],
  ['image', { ...deploy, image: 'web:tag with space' }],
  // A first component without a dot, colon or localhost is a path, and paths are lowercase.
  ['image', { ...deploy, image: 'UPPER/app' }],
  ['image', { ...deploy, image: 'registry.example:99999/web:1' }],
  ['image', { ...deploy, image: `registry.example/${'a'.repeat(250)}:1` }],
  ['container-name', { ...deploy, 'container-name': '' }],
  ['container-name', { ...deploy, 'container-name': 'app!' }],
  ['task-definition', { ...deploy, 'task-definition': files.missing }],
  ['task-definition', { ...deploy, 'task-definition': aDirectory }],
  ['task-definition', { ...deploy, 'task-definition': files.notJson }],
  ['task-definition', { ...deploy, 'task-definition': files.noContainers }],
  ['task-definition', { ...deploy, 'task-definition': files.noFamily }],
  ['task-definition', { ...deploy, 'task-definition': files.unnamed }],
  ['task-definition', { ...deploy, 'task-definition': files.array }],
  ['container-name', { ...deploy, 'task-definition': files.good, 'container-name': 'sidecar' }],
  ['strategy', { ...deploy, strategy: 'all-at-once' }],
  ['strategy', { ...deploy, strategy: 'bluegreen' }],
  ['min-healthy-percent', { ...deploy, 'min-healthy-percent': '101' }],
  ['min-healthy-percent', { ...deploy, 'min-healthy-percent': 'half' }],
  ['max-percent', { ...deploy, 'max-percent': '99' }],
  ['max-percent', { ...deploy, 'max-percent': '401' }],
  ['max-percent', { ...deploy, 'max-percent': '100' }],
  ['min-healthy-percent', { ...deploy, strategy: 'canary', 'min-healthy-percent': '50' }],
  ['max-percent', { ...deploy, strategy: 'blue-green', 'max-percent': '200' }],
  ['smoke-url', { ...deploy, strategy: 'blue-green', 'smoke-url': 'ftp://web.example/health' }],
  ['smoke-url', { ...deploy, 'smoke-url': 'http://web.example:8080/health' }],
  ['bake-time', { ...deploy, strategy: 'blue-green', 'bake-time': '90s' }],
  ['bake-time', { ...deploy, 'bake-time': 'soon' }],
  ['canary-interval', { ...deploy, strategy: 'canary', 'canary-interval': '30s' }],
  ['canary-percent', { ...deploy, strategy: 'canary', 'canary-percent': '0' }],
  ['linear-interval', { ...deploy, strategy: 'linear', 'linear-interval': '1m30s' }],
  ['linear-percent', { ...deploy, strategy: 'linear', 'linear-percent': '2' }],
  ['linear-percent', { ...deploy, 'linear-percent': '60' }],
  ['wait-timeout', { ...deploy, 'wait-timeout': '10s' }],
  ['rollback', { ...deploy, rollback: 'yes' }],
  ['dry-run', { ...deploy, 'dry-run': 'maybe' }],
  ['aws-region', { ...deploy, 'aws-region': 'moon-1' }],
  ['aws-region', { ...deploy, 'aws-region': '' }],
  ['max-retries', { ...deploy, 'max-retries': '21' }],
  ['alarms', { ...deploy, alarms: `web-5xx\n${'a'.repeat(300)}` }],
  ['environment', { ...deploy, environment: 'prod/eu', 'github-token': 'x' }],
  ['environment-url', { ...deploy, 'environment-url': 'not a url' }],
  // task-definition-arn: a registered revision as it is, alone.
  ['task-definition-arn', { ...byArn, 'task-definition-arn': 'web:3' }],
  [
    'task-definition-arn',
    { ...byArn, 'task-definition-arn': 'arn:aws:ecs:us-east-1:123456789012:task-definition/web' },
  ],
  [
    'task-definition-arn',
    { ...byArn, 'task-definition-arn': 'arn:aws:lambda:us-east-1:123456789012:function:web:3' },
  ],
  [
    'task-definition-arn',
    { ...byArn, 'task-definition-arn': 'arn:aws:ecs:us-east-1:12345:task-definition/web:3' },
  ],
  [
    'task-definition-arn',
    { ...byArn, 'task-definition-arn': 'arn:aws:ecs:us-east-1:123456789012:service/prod/web' },
  ],
  ['container-name', { ...byArn, 'container-name': 'app' }],
  ['image', { ...byArn, image: deploy.image }],
  ['images', { ...byArn, images: `app=${deploy.image}` }],
  ['container-env', { ...byArn, 'container-env': 'LOG_LEVEL=debug' }],
  ['container-secrets', { ...byArn, 'container-secrets': `DB=${SECRET}` }],
  ['command', { ...byArn, command: '["node", "server.js"]' }],
  ['task-definition', { ...byArn, 'task-definition': files.good }],
  // images: container=image lines.
  ['images', { ...deploy, images: 'sidecar' }],
  ['images', { ...deploy, images: `bad name!=${deploy.image}` }],
  ['images', { ...deploy, images: 'sidecar=UPPER/app' }],
  ['images', { ...deploy, images: `app=${deploy.image}` }],
  ['images', { ...deploy, images: `proxy=${deploy.image}\nproxy=envoy:1` }],
  ['images', { ...deploy, 'task-definition': files.good, images: `proxy=${deploy.image}` }],
  // container-env: [container:]NAME=value lines.
  ['container-env', { ...deploy, 'container-env': 'NO_EQUALS' }],
  ['container-env', { ...deploy, 'container-env': '1ABC=x' }],
  ['container-env', { ...deploy, 'container-env': 'A-B=x' }],
  ['container-env', { ...deploy, 'container-env': 'A=1\nA=2' }],
  ['container-env', { ...deploy, 'container-env': 'bad name!:A=1' }],
  ['container-env', { ...noContainer, images: `app=${deploy.image}`, 'container-env': 'A=1' }],
  // container-secrets: [container:]NAME=ARN of a Secrets Manager secret or an SSM parameter.
  ['container-secrets', { ...deploy, 'container-secrets': 'DB=plain-text' }],
  ['container-secrets', { ...deploy, 'container-secrets': 'DB=arn:aws:s3:::bucket/key' }],
  [
    'container-secrets',
    { ...deploy, 'container-secrets': 'DB=arn:aws:secretsmanager:us-east-1:123:secret:db' },
  ],
  [
    'container-secrets',
    { ...deploy, 'container-secrets': 'DB=arn:aws:ssm:us-east-1:123456789012:document/x' },
  ],
  ['container-secrets', { ...deploy, 'container-secrets': `DB=${SECRET}\nDB=${SECRET}` }],
  ['container-secrets', { ...deploy, 'container-env': 'DB=x', 'container-secrets': `DB=${SECRET}` }],
  // command: an argv.
  ['command', { ...deploy, command: '["unterminated"' }],
  ['command', { ...deploy, command: '[]' }],
  ['command', { ...deploy, command: 'sh -c "echo hi"' }],
  ['command', { ...deploy, command: '[1, 2]' }],
  ['container-name', { ...noContainer, images: `app=${deploy.image}`, command: '["x"]' }],
  ['container-name', { ...noContainer, image: deploy.image }],
  ['container-name', { ...deploy, image: '', images: `proxy=${deploy.image}` }],
  // desired-count and force-new-deployment.
  ['desired-count', { ...deploy, 'desired-count': '-1' }],
  ['desired-count', { ...deploy, 'desired-count': 'three' }],
  ['desired-count', { ...deploy, 'desired-count': '5001' }],
  ['force-new-deployment', { ...deploy, 'force-new-deployment': 'yes' }],
  ['image', { ...noContainer }],
  // log-options, docker-labels, propagate-tags, enable-ecs-managed-tags.
  ['log-options', { ...deploy, 'log-options': 'no-equals' }],
  ['log-options', { ...deploy, 'log-options': 'mode=a\nmode=b' }],
  ['log-options', { ...byArn, 'log-options': 'mode=non-blocking' }],
  ['docker-labels', { ...deploy, 'docker-labels': '.hidden=x' }],
  ['docker-labels', { ...deploy, 'docker-labels': 'bad name!:team=x' }],
  ['docker-labels', { ...noContainer, images: `app=${deploy.image}`, 'docker-labels': 'team=x' }],
  ['propagate-tags', { ...deploy, 'propagate-tags': 'ALL' }],
  ['propagate-tags', { ...deploy, 'propagate-tags': 'service' }],
  ['enable-ecs-managed-tags', { ...deploy, 'enable-ecs-managed-tags': 'yes' }],
  // run-task: the one-off task (migrations) before traffic.
  ['run-task', { ...deploy, 'run-task': 'yes' }],
  ['run-task-command', { ...deploy, 'run-task-command': 'npm run migrate' }],
  ['run-task-subnets', { ...deploy, 'run-task-subnets': 'subnet-0123456789abcdef0' }],
  ['run-task-security-groups', { ...deploy, 'run-task-security-groups': 'sg-0123456789abcdef0' }],
  ['run-task-container', { ...deploy, 'run-task-container': 'app', 'run-task': 'false' }],
  ['run-task-subnets', { ...deploy, 'run-task': 'true', 'run-task-subnets': 'subnet-xyz' }],
  ['run-task-subnets', { ...deploy, 'run-task': 'true', 'run-task-subnets': 'sg-0123456789abcdef0' }],
  [
    'run-task-subnets',
    {
      ...deploy,
      'run-task': 'true',
      'run-task-subnets': Array.from({ length: 17 }, (_, i) => `subnet-${String(i).padStart(8, '0')}`).join(
        ',',
      ),
    },
  ],
  ['run-task-security-groups', { ...deploy, 'run-task': 'true', 'run-task-security-groups': 'sg-12' }],
  ['run-task-security-groups', { ...deploy, 'run-task': 'true', 'run-task-security-groups': 'default' }],
  ['run-task-command', { ...deploy, 'run-task': 'true', 'run-task-command': 'sh -c "migrate all"' }],
  ['run-task-command', { ...deploy, 'run-task': 'true', 'run-task-command': '["npm", 3]' }],
  ['run-task-command', { ...deploy, 'run-task': 'true', 'run-task-command': '[]' }],
  ['run-task-command', { ...byArn, 'run-task': 'true', 'run-task-command': 'npm run migrate' }],
  ['run-task-container', { ...deploy, 'run-task': 'true', 'run-task-container': 'bad name!' }],
  // codedeploy-application and codedeploy-deployment-group: CodeDeploy's names, both or neither.
  ['codedeploy-application', { ...viaCodeDeploy, 'codedeploy-application': 'web app' }],
  ['codedeploy-application', { ...viaCodeDeploy, 'codedeploy-application': 'a'.repeat(101) }],
  ['codedeploy-application', { ...viaCodeDeploy, 'codedeploy-application': 'web/app' }],
  [
    'codedeploy-application',
    {
      ...viaCodeDeploy,
      'codedeploy-application': 'arn:aws:codedeploy:us-east-1:123456789012:application:web',
    },
  ],
  ['codedeploy-deployment-group', { ...viaCodeDeploy, 'codedeploy-deployment-group': 'web dg' }],
  ['codedeploy-deployment-group', { ...viaCodeDeploy, 'codedeploy-deployment-group': 'g'.repeat(101) }],
  ['codedeploy-deployment-group', { ...viaCodeDeploy, 'codedeploy-deployment-group': 'web:dg' }],
  ['codedeploy-deployment-group', { ...deploy, 'codedeploy-application': 'web-app' }],
  ['codedeploy-application', { ...deploy, 'codedeploy-deployment-group': 'web-dg' }],
];

describeBadInput(
  {
    title: 'deploy-ecs bad input: one clear line naming the input, exit code 1, no AWS call',
    cases: cases.map(([input, inputs]): BadInputCase => ['deploy-ecs', input, inputs]),
    minCases: 70,
    runs: { 'deploy-ecs': run },
    account: () => containersAccount().account,
    cwd: dir,
  },
  () => {
    it('the same inputs, made valid, do reach AWS (the cases fail for their input, not by accident)', async () => {
      const { account } = containersAccount();
      const deps = account.deps({ ...deploy, 'task-definition': files.good, 'dry-run': 'true' });
      await run(deps);
      expect(deps.io.outputs['status']).toBe('dry-run');
      expect(account.calls.length).toBeGreaterThan(0);
      expect(account.mutatingCalls()).toEqual([]);
    });
  },
);
