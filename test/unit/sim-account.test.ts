import {
  GetAliasCommand,
  GetFunctionConfigurationCommand,
  LambdaClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { AwsError } from '../../src/core/errors.js';
import { serverlessAccount } from '../sim/index.js';

describe('simulated account', () => {
  it('answers real SDK clients and throws the real exception classes', async () => {
    const { account, lambda } = serverlessAccount();
    lambda.createFunction('orders', Buffer.from('zip'));
    const client = account.aws({ maxAttempts: 3, action: 'test' }).get(LambdaClient, 'us-east-1');
    const cfg = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'orders' }));
    expect(cfg.Version).toBe('$LATEST');
    const err = await client
      .send(new GetAliasCommand({ FunctionName: 'orders', Name: 'live' }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsError);
    expect((err as AwsError).code).toBe('ResourceNotFoundException');
    expect((err as AwsError).cause).toBeInstanceOf(ResourceNotFoundException);
    expect((err as AwsError).message).toMatch(
      /^lambda:GetAlias failed: ResourceNotFoundException: Alias not found/,
    );
    expect(account.calls.map((c) => `${c.service}:${c.action}`)).toEqual([
      'lambda:GetFunctionConfiguration',
      'lambda:GetAlias',
    ]);
  });

  it('throttles at a rate and the SDK retries', async () => {
    const { account, lambda } = serverlessAccount({ seed: 7 });
    lambda.createFunction('orders', Buffer.from('zip'));
    account.throttle(0.3);
    const client = account.aws({ maxAttempts: 8, action: 'test' }).get(LambdaClient, 'us-east-1');
    for (let i = 0; i < 20; i++)
      await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'orders' }));
    const throttled = account.calls.filter((c) => c.error === 'TooManyRequestsException').length;
    expect(throttled).toBeGreaterThan(0);
    expect(account.calls.length).toBe(20 + throttled);
  });

  it('moves virtual time in order across parallel sleeps', async () => {
    const { account } = serverlessAccount();
    const { clock } = account;
    const t0 = clock.now();
    const order: string[] = [];
    await Promise.all([
      clock.sleep(30_000).then(() => order.push(`a@${clock.now() - t0}`)),
      clock.sleep(10_000).then(() => order.push(`b@${clock.now() - t0}`)),
    ]);
    expect(order).toEqual(['b@10000', 'a@30000']);
  });
});
