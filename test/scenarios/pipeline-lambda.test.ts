import { describe, expect, it } from 'vitest';
import { run } from '../../src/actions/pipeline/main.js';
import { post } from '../../src/actions/pipeline/post.js';
import { InputError } from '../../src/core/errors.js';
import { FN, lambdaFixture } from './lambda-fixture.js';

const example = {
  target: 'lambda',
  source: 'examples/lambda-hello',
  output: '.tmp/pipeline/hello.zip',
  'function-name': FN,
};

describe('the root action (pipeline) for target lambda', () => {
  it('builds, publishes and canary-deploys through the composable actions, with their outputs', async () => {
    const { account, lambda, cloudwatch } = lambdaFixture();
    cloudwatch.putAlarm('orders-errors');
    const deps = account.deps({
      ...example,
      strategy: 'canary',
      'canary-interval': '2m',
      'bake-time': '1m',
      alarms: 'orders-errors',
    });
    await run(deps);
    expect(deps.io.outputs).toMatchObject({
      status: 'succeeded',
      version: '3',
      'previous-version': '1',
      changed: 'true',
    });
    expect(deps.io.outputs['zip-path']).toMatch(/hello\.zip$/);
    expect(lambda.GetAlias({ FunctionName: FN, Name: 'live' }).FunctionVersion).toBe('3');
    expect(new Set(account.calls.map((c) => c.by))).toEqual(new Set(['publish-function', 'deploy-lambda']));
    expect(account.violations).toEqual([]);
  });

  it('rolls back when the alarm fires, and the post step after a cancel restores the alias', async () => {
    const { account, lambda, cloudwatch } = lambdaFixture();
    cloudwatch.putAlarm('orders-errors');
    cloudwatch.fireWhen('orders-errors', () => lambda.weightOf(FN, 'live', '3') > 0, 60_000);
    const deps = account.deps({
      ...example,
      strategy: 'linear',
      'linear-percent': '20',
      'linear-interval': '2m',
      alarms: 'orders-errors',
    });
    await expect(run(deps)).rejects.toThrow(/rolled back to 1: gate failed: alarm orders-errors/);
    expect(deps.io.outputs['status']).toBe('rolled-back');
    expect(lambda.GetAlias({ FunctionName: FN, Name: 'live' })).toMatchObject({ FunctionVersion: '1' });
    expect(lambda.GetAlias({ FunctionName: FN, Name: 'live' }).RoutingConfig).toBeUndefined();

    const cancelled = account.deps(
      { ...example, strategy: 'linear', 'linear-interval': '5m' },
      { cancelAt: account.clock.now() + 7 * 60_000 },
    );
    await expect(run(cancelled)).rejects.toThrow(/cancelled/);
    await post(account.deps(example, { io: cancelled.io.forPost() }));
    expect(lambda.GetAlias({ FunctionName: FN, Name: 'live' })).toMatchObject({ FunctionVersion: '1' });
    expect(account.violations).toEqual([]);
  });

  it('names the inputs the target needs, and checks every stage before the first one runs', async () => {
    const { account } = lambdaFixture();
    const missing = await run(account.deps({ target: 'ecs' })).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(InputError);
    expect((missing as Error).message).toBe(
      "input 'repository': target ecs needs repository, service, container-name, which are missing",
    );
    // A bad deploy input fails before the build writes anything.
    const bad = account.deps({ ...example, output: '.tmp/pipeline/never.zip', 'canary-percent': '150' });
    await expect(run(bad)).rejects.toThrow("input 'canary-percent': 150 is out of range; expected 1 to 99");
    expect(bad.io.outputs).toEqual({});
    expect(account.calls).toEqual([]);
    await expect(run(account.deps({ target: 'k8s' }))).rejects.toThrow(
      /input 'target': "k8s" is not allowed; expected one of lambda, ecs/,
    );
  });
});
