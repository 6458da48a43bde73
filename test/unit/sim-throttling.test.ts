import { GetFunctionCommand, GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import type { AwsError } from '../../src/core/errors.js';
import { serverlessAccount } from '../sim/index.js';
import { bucketFor, RateLimits, TokenBucket } from '../sim/throttling.js';

/** Sends `n` GetFunctionConfiguration calls at the present virtual time; the error codes, '' for success. */
async function burst(client: LambdaClient, n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++)
    out.push(
      await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'orders' })).then(
        () => '',
        (e: unknown) => (e as AwsError).code,
      ),
    );
  return out;
}

describe('simulated request-rate throttling', () => {
  it('a bucket allows its burst, then refills at its rate up to its size', () => {
    const b = new TokenBucket({ size: 3, refillPerSecond: 2 }, 0);
    expect([b.take(0), b.take(0), b.take(0), b.take(0)]).toEqual([true, true, true, false]);
    // Half a second brings one token back, not two.
    expect([b.take(500), b.take(500)]).toEqual([true, false]);
    // A long idle refills only up to the size.
    expect([b.take(60_000), b.take(60_000), b.take(60_000), b.take(60_000)]).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });

  it('is off until enabled: the same burst then goes through', async () => {
    const { account, lambda } = serverlessAccount();
    lambda.createFunction('orders', Buffer.from('zip'));
    const client = account.aws({ maxAttempts: 1, action: 'a' }).get(LambdaClient, 'us-east-1');
    expect((await burst(client, 40)).filter(Boolean)).toEqual([]);
  });

  it("two clients share the account's bucket: Lambda's control plane allows 15 a second in all, then TooManyRequestsException", async () => {
    const { account, lambda } = serverlessAccount();
    lambda.createFunction('orders', Buffer.from('zip'));
    account.clock.advance(60_000);
    const limits = account.enableRateLimits();
    const a = account.aws({ maxAttempts: 1, action: 'a' }).get(LambdaClient, 'us-east-1');
    const b = account.aws({ maxAttempts: 1, action: 'b' }).get(LambdaClient, 'us-east-1');
    expect(a).not.toBe(b);
    expect(await burst(a, 10)).toEqual(Array(10).fill(''));
    expect(await burst(b, 6)).toEqual([...Array(5).fill(''), 'TooManyRequestsException']);
    expect((await burst(a, 1))[0]).toBe('TooManyRequestsException');
    expect(limits.throttled.get('lambda:control-plane')).toBe(2);
    // GetFunction has its own bucket (100 a second), untouched by the control-plane calls.
    await expect(a.send(new GetFunctionCommand({ FunctionName: 'orders' }))).resolves.toBeDefined();
    // Another region has its own buckets.
    const west = account.aws({ maxAttempts: 1, action: 'a' }).get(LambdaClient, 'us-west-2');
    const westCodes = await burst(west, 1);
    expect(westCodes).not.toContain('TooManyRequestsException');
    // A second refills the bucket to its size, no more. (A fresh client: a throttled one's adaptive limiter
    // paces its own calls on the virtual clock.)
    account.clock.advance(1_000);
    const c = account.aws({ maxAttempts: 1, action: 'c' }).get(LambdaClient, 'us-east-1');
    expect(await burst(c, 16)).toEqual([...Array(15).fill(''), 'TooManyRequestsException']);
    const throttledCall = account.calls.findLast((c) => c.error === 'TooManyRequestsException');
    expect(throttledCall?.by).toBe('c');
  });

  it('the SDK retries a throttled call; with the clock moving, it goes through', async () => {
    const { account, lambda } = serverlessAccount();
    lambda.createFunction('orders', Buffer.from('zip'));
    account.clock.advance(60_000);
    account.enableRateLimits();
    const client = account.aws({ maxAttempts: 9, action: 'a' }).get(LambdaClient, 'us-east-1');
    await burst(client, 15);
    // Something else keeps time moving (another rollout's poll), as the SDK's backoff waits.
    const ticker = (async () => {
      for (let i = 0; i < 50; i++) await account.clock.sleep(100);
    })();
    expect(await burst(client, 1)).toEqual(['']);
    await ticker;
    expect(account.calls.filter((c) => c.error === 'TooManyRequestsException').length).toBeGreaterThan(0);
  });

  it('picks the published figures per family, and the assumed ones where AWS publishes none', () => {
    expect(bucketFor('ec2', 'DescribeInstances')?.spec).toEqual({ size: 100, refillPerSecond: 20 });
    expect(bucketFor('ec2', 'DescribeInstances')?.key).not.toBe(bucketFor('ec2', 'DescribeImages')?.key);
    expect(bucketFor('ec2', 'CreateTags')?.spec).toEqual({ size: 200, refillPerSecond: 5 });
    expect(bucketFor('ecs', 'DescribeClusters')?.spec).toEqual({ size: 50, refillPerSecond: 20 });
    expect(bucketFor('ecs', 'DescribeServices')?.key).toBe('ecs:service-read');
    expect(bucketFor('lambda', 'UpdateAlias')?.key).toBe('lambda:control-plane');
    expect(bucketFor('lambda', 'Invoke')).toBeUndefined();
    expect(bucketFor('cloudwatch', 'DescribeAlarms')?.spec).toEqual({ size: 9, refillPerSecond: 9 });
    expect(bucketFor('autoscaling', 'DescribeAutoScalingGroups')?.source).toBe('assumed');
    expect(bucketFor('elasticloadbalancing', 'ModifyRule')?.key).toBe('elasticloadbalancing:write');
    expect(bucketFor('sts', 'GetCallerIdentity')).toBeUndefined();
    const limits = new RateLimits();
    for (let i = 0; i < 9; i++)
      expect(limits.admit('cloudwatch', 'DescribeAlarms', 'us-east-1', 0)).toBe(true);
    expect(limits.admit('cloudwatch', 'DescribeAlarms', 'us-east-1', 0)).toBe(false);
    expect(limits.admit('cloudwatch', 'DescribeAlarms', 'eu-west-1', 0)).toBe(true);
  });
});
