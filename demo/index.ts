// `npm run demo`: the Serverless pipeline end to end on the simulated AWS account (no AWS needed):
// build-function → publish-function → a canary deploy that succeeds → a second deploy whose alarm fires
// and rolls back. Progress lines print as they happen; the job summaries go to demo-output/summary.md.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { run as buildFunction } from '../src/actions/build-function/main.js';
import { run as deployLambda } from '../src/actions/deploy-lambda/main.js';
import { run as publishFunction } from '../src/actions/publish-function/main.js';
import type { Deps } from '../src/core/deps.js';
import { describeFailure } from '../src/core/run.js';
import { serverlessAccount } from '../test/sim/index.js';
import { ConsoleIo } from './console-io.js';

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'demo-output');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const { account, lambda, cloudwatch } = serverlessAccount();
const t0 = account.clock.now();
const summaries: string[] = [];

async function step(
  title: string,
  action: (deps: Deps) => Promise<void>,
  inputs: Record<string, string>,
): Promise<ConsoleIo> {
  console.log(`\n▶ ${title}`);
  const io = new ConsoleIo(inputs, account.clock, t0);
  const deps = account.deps(inputs, { io, env: { GITHUB_WORKSPACE: root } });
  try {
    await action(deps);
    console.log(
      `✔ ${title}: ${JSON.stringify(io.outputs['status'] ?? io.outputs['version'] ?? io.outputs['sha256'] ?? 'done')}`,
    );
  } catch (err) {
    console.log(`✖ ${title}: ${describeFailure(err)}`);
  }
  summaries.push(io.summary);
  return io;
}

// The account as a previous release left it: version 1 of `hello` behind alias `live`, an OK alarm.
lambda.createFunction('hello', Buffer.from('release 0'));
lambda.PublishVersion({ FunctionName: 'hello' });
lambda.CreateAlias({ FunctionName: 'hello', Name: 'live', FunctionVersion: '1' });
cloudwatch.putAlarm('hello-errors');
console.log('simulated account: function hello, version 1 behind alias live, alarm hello-errors OK');

const build1 = await step('build-function examples/lambda-hello', buildFunction, {
  source: 'examples/lambda-hello',
  output: 'demo-output/hello.zip',
});
const pub1 = await step('publish-function hello', publishFunction, {
  'function-name': 'hello',
  'zip-path': build1.outputs['zip-path']!,
});
await step('deploy-lambda canary 10% for 5m, bake 5m, alarm hello-errors', deployLambda, {
  'function-name': 'hello',
  version: pub1.outputs['version']!,
  strategy: 'canary',
  'canary-percent': '10',
  'canary-interval': '5m',
  'bake-time': '5m',
  alarms: 'hello-errors',
  'smoke-payload': '{"name":"demo"}',
  'smoke-expect': '{"statusCode":200}',
});

// A second release with a bug: its error alarm fires two minutes after it starts taking traffic.
const buggy = join(out, 'lambda-hello-buggy');
cpSync(join(root, 'examples/lambda-hello'), buggy, { recursive: true });
writeFileSync(
  join(buggy, 'index.js'),
  readFileSync(join(buggy, 'index.js'), 'utf8').replace(
    'statusCode: 200',
    'statusCode: event.name.length ? 200 : 500',
  ),
);
const build2 = await step('build-function (release with a bug)', buildFunction, {
  source: buggy,
  output: join(out, 'hello-buggy.zip'),
});
const pub2 = await step('publish-function hello (buggy)', publishFunction, {
  'function-name': 'hello',
  'zip-path': build2.outputs['zip-path']!,
});
const v3 = pub2.outputs['version']!;
cloudwatch.fireWhen('hello-errors', () => lambda.weightOf('hello', 'live', v3) > 0, 120_000);
const bad = await step(`deploy-lambda canary of version ${v3} (its alarm fires)`, deployLambda, {
  'function-name': 'hello',
  version: v3,
  strategy: 'canary',
  'canary-interval': '10m',
  alarms: 'hello-errors',
});

const alias = lambda.GetAlias({ FunctionName: 'hello', Name: 'live' });
console.log(
  `\nalias live now serves version ${alias.FunctionVersion} (routing: ${JSON.stringify(alias.RoutingConfig ?? {})}); second deploy status: ${bad.outputs['status']}`,
);
console.log(
  `AWS calls made: ${account.calls.length}; simulated time: ${Math.round((account.clock.now() - t0) / 60_000)} min; invariant violations: ${account.violations.length}`,
);
const summaryPath = join(out, 'summary.md');
writeFileSync(summaryPath, summaries.join('\n---\n\n'));
console.log(`job summaries written to ${summaryPath}`);
if (account.violations.length || alias.FunctionVersion !== pub1.outputs['version']) process.exit(1);
