import { describe, expect, it } from 'vitest';
import { run } from '../../src/actions/deploy-lambda/main.js';
import { describeFailure } from '../../src/core/run.js';
import { serverlessAccount } from '../sim/index.js';

const CANARIES = 20;

/** `n` functions, each with version 1 behind alias live, version 2 published, and an OK alarm of its own. */
function account(n: number) {
  const sim = serverlessAccount();
  const settle = (): void => sim.account.clock.advance(10_000);
  for (let i = 0; i < n; i++) {
    const name = `fn${i}`;
    sim.lambda.createFunction(name, Buffer.from(`${name} old`));
    settle();
    sim.lambda.PublishVersion({ FunctionName: name });
    settle();
    sim.lambda.CreateAlias({ FunctionName: name, Name: 'live', FunctionVersion: '1' });
    sim.lambda.UpdateFunctionCode({ FunctionName: name, ZipFile: Buffer.from(`${name} new`) });
    settle();
    sim.lambda.PublishVersion({ FunctionName: name });
    sim.cloudwatch.putAlarm(`${name}-errors`);
  }
  sim.account.clock.advance(60_000);
  sim.account.calls.length = 0;
  return sim;
}

describe('many deploy-lambda canaries sharing one account’s request rate', () => {
  it('20 canaries started at once, with no SDK retries: throttled reads wait their turn and every rollout succeeds', async () => {
    const { account: acct, lambda } = account(CANARIES);
    // CloudWatch's DescribeAlarms allows 9 a second and Lambda's control plane 15: 20 rollouts starting in the
    // same instant exceed both. max-retries 0 leaves every throttled call to the rollout itself.
    acct.enableRateLimits();
    const runs = Array.from({ length: CANARIES }, (_, i) => {
      const deps = acct.deps({
        'function-name': `fn${i}`,
        version: '2',
        'aws-region': 'us-east-1',
        strategy: 'canary',
        'canary-percent': '10',
        'canary-interval': '2m',
        'bake-time': '1m',
        alarms: `fn${i}-errors`,
        'max-retries': '0',
      });
      return run(deps).then(
        () => deps.io.outputs['status'],
        (err: unknown) => describeFailure(err),
      );
    });
    const outcomes = await Promise.all(runs);
    expect(outcomes).toEqual(Array(CANARIES).fill('succeeded'));
    const throttled = acct.calls.filter(
      (c) => c.error === 'Throttling' || c.error === 'TooManyRequestsException',
    );
    expect(throttled.length).toBeGreaterThan(0);
    for (let i = 0; i < CANARIES; i++)
      expect(lambda.fn(`fn${i}`).aliases.get('live')?.functionVersion).toBe('2');
  });
});
