import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { AliasConfiguration, LambdaClient } from '@aws-sdk/client-lambda';
import { UpdateAliasCommand } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { writeWeights } from '../../src/targets/ec2/listener.js';
import { LambdaAliasTarget } from '../../src/targets/lambda/alias-target.js';
import { fakeClient, fakeContext } from './fake-client.js';

/**
 * A Lambda API where UpdateAlias stores what it is given and `tamper` lets "another writer" change the
 * alias between the write and the read-back.
 */
function lambda(opts: { state?: string; tamper?: (a: AliasConfiguration) => void } = {}) {
  let alias: AliasConfiguration = { FunctionVersion: '1', RoutingConfig: undefined };
  return fakeClient<LambdaClient>({
    GetFunctionConfigurationCommand: () => ({
      State: opts.state ?? 'Active',
      StateReason: opts.state === 'Failed' ? 'image layer could not be extracted' : undefined,
    }),
    GetAliasCommand: () => structuredClone(alias),
    UpdateAliasCommand: (input) => {
      alias = {
        FunctionVersion: input.FunctionVersion as string,
        RoutingConfig: input.RoutingConfig as AliasConfiguration['RoutingConfig'],
      };
      opts.tamper?.(alias);
      return alias;
    },
  });
}

const spec = { functionName: 'fn', alias: 'live', version: '2', smoke: undefined, waitTimeoutMs: 60_000 };
/** A shift or rollback writes the alias through a wait (it waits out ResourceConflictException). */
const writer = () => {
  const ctx = fakeContext();
  return { ...ctx, waitUntil: ctx.waitPlain };
};

describe('lambda alias read-back', () => {
  it('fails a shift when another writer changed the weight, even with the right version', async () => {
    const client = lambda({
      tamper: (a) => {
        a.RoutingConfig = { AdditionalVersionWeights: { '2': 0.5 } };
      },
    });
    const t = new LambdaAliasTarget(client, spec);
    await t.describe();
    await expect(t.shift(10, writer())).rejects.toThrow(/reads back as version 1.*"2":0\.5/);
  });

  it('fails finalize when the alias no longer serves the new version alone', async () => {
    const client = lambda();
    const t = new LambdaAliasTarget(client, spec);
    await t.describe();
    await t.shift(100, writer());
    // Another writer puts a weight back after the last shift.
    await client.send(
      new UpdateAliasCommand({
        FunctionName: 'fn',
        Name: 'live',
        FunctionVersion: '2',
        RoutingConfig: { AdditionalVersionWeights: { '3': 0.1 } },
      }),
    );
    await expect(t.finalize(fakeContext())).rejects.toThrow(/reads back as version 2.*expected version 2/);
  });

  it('fails a rollback whose read-back does not show the old version alone', async () => {
    let writes = 0;
    const client = lambda({
      tamper: (a) => {
        // The rollback (second write) is overtaken by another writer pointing the alias at version 3.
        if (++writes === 2) a.FunctionVersion = '3';
      },
    });
    const t = new LambdaAliasTarget(client, spec);
    await t.describe();
    await t.shift(10, writer());
    await expect(t.rollback(writer())).rejects.toThrow(/reads back as version 3.*expected version 1/);
  });

  it('refuses to deploy a version in state Failed', async () => {
    const t = new LambdaAliasTarget(lambda({ state: 'Failed' }), spec);
    await expect(t.describe()).rejects.toThrow(/version 2 of fn is in state Failed: image layer/);
  });

  it('reports a version in state Failed as unhealthy', async () => {
    const t = new LambdaAliasTarget(lambda({ state: 'Failed' }), spec);
    expect(await t.health()).toMatchObject({ ok: false, detail: expect.stringMatching(/^Failed/) });
  });
});

describe('listener read-back', () => {
  it('fails when another writer changes a weight between the write and the read-back', async () => {
    const arn = 'arn:aws:elasticloadbalancing:us-east-1:111111111111:listener/app/web/1/2';
    let actions: unknown[] = [
      { Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: 'blue', Weight: 1 }] } },
    ];
    const elb = fakeClient<ElasticLoadBalancingV2Client>({
      DescribeListenersCommand: () => ({ Listeners: [{ DefaultActions: structuredClone(actions) }] }),
      ModifyListenerCommand: (input) => {
        actions = structuredClone(input.DefaultActions as unknown[]);
        // Same target groups, another weight: only a weight comparison notices.
        (
          actions[0] as { ForwardConfig: { TargetGroups: { Weight: number }[] } }
        ).ForwardConfig.TargetGroups[1]!.Weight = 50;
        return {};
      },
    });
    await expect(
      writeWeights(elb, { kind: 'listener', arn }, ['blue'], { blue: 90, green: 10 }),
    ).rejects.toThrow(/reads back as \{"blue":90,"green":50\}/);
  });
});
