import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run as buildFunction } from '../src/actions/build-function/main.js';
import { run as deployLambda } from '../src/actions/deploy-lambda/main.js';
import { run as publishFunction } from '../src/actions/publish-function/main.js';
import { serverlessAccount } from '../test/sim/index.js';
import { DemoRun } from './step.js';

/**
 * Serverless: build-function → publish-function → a canary that succeeds, then a release with a bug whose
 * alarm fires on the canary and rolls it back. Returns whether the account ended as it should.
 */
export async function serverlessDemo(
  root: string,
  out: string,
): Promise<{ ok: boolean; summaries: string[] }> {
  const { account, lambda, cloudwatch } = serverlessAccount();
  const demo = new DemoRun(account, { GITHUB_WORKSPACE: root });

  // The account as a previous release left it: version 1 of `hello` behind alias `live`, an OK alarm.
  lambda.createFunction('hello', Buffer.from('release 0'));
  lambda.PublishVersion({ FunctionName: 'hello' });
  account.clock.advance(60_000); // a new version is Pending for a few seconds, then Active
  lambda.CreateAlias({ FunctionName: 'hello', Name: 'live', FunctionVersion: '1' });
  cloudwatch.putAlarm('hello-errors');
  console.log('simulated account: function hello, version 1 behind alias live, alarm hello-errors OK');

  const build1 = await demo.step('build-function examples/lambda-hello', buildFunction, {
    source: 'examples/lambda-hello',
    output: 'demo-output/hello.zip',
  });
  const pub1 = await demo.step('publish-function hello', publishFunction, {
    'function-name': 'hello',
    'zip-path': build1.outputs['zip-path']!,
  });
  await demo.step('deploy-lambda canary 10% for 5m, bake 5m, alarm hello-errors', deployLambda, {
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
  const build2 = await demo.step('build-function (release with a bug)', buildFunction, {
    source: buggy,
    output: join(out, 'hello-buggy.zip'),
  });
  const pub2 = await demo.step('publish-function hello (buggy)', publishFunction, {
    'function-name': 'hello',
    'zip-path': build2.outputs['zip-path']!,
  });
  const v3 = pub2.outputs['version']!;
  cloudwatch.fireWhen('hello-errors', () => lambda.weightOf('hello', 'live', v3) > 0, 120_000);
  const bad = await demo.step(`deploy-lambda canary of version ${v3} (its alarm fires)`, deployLambda, {
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
  console.log(demo.totals());
  const ok =
    account.violations.length === 0 &&
    alias.FunctionVersion === pub1.outputs['version'] &&
    bad.outputs['status'] === 'rolled-back';
  return { ok, summaries: demo.summaries };
}
