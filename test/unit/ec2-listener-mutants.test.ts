import type { Action, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ElasticLoadBalancingV2Client as Elb } from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { ActionError } from '../../src/core/errors.js';
import { forwardWeights, readWeights, writeWeights } from '../../src/targets/ec2/listener.js';
import { vmsAccount } from '../sim/vms.js';
import { fakeClient } from './fake-client.js';

const LISTENER =
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/5a1e000000001eef/0123456789abcdef';

function setup(o: { useRule?: boolean } = {}) {
  const vms = vmsAccount({ instances: 2, ...o });
  const green = vms.elbv2.createTargetGroup({ Name: 'web-green', Protocol: 'HTTP', Port: 8080 });
  const elb = vms.account.aws({ maxAttempts: 3, action: 'test' }).get(Elb, 'us-east-1');
  vms.account.calls.length = 0;
  return { ...vms, green, elb, blue: vms.blueTg! };
}

describe('forwardWeights', () => {
  it('counts only forward actions, even when another action names a target group', () => {
    const actions = [
      { Type: 'authenticate-oidc', TargetGroupArn: 'tg-auth', Order: 1 },
      { Type: 'forward', TargetGroupArn: 'tg-blue', Order: 2 },
    ] as Action[];
    expect(forwardWeights(actions)).toEqual({ 'tg-blue': 1 });
  });
});

describe('writeWeights', () => {
  it('a rule without a forward action to the anchor fails with the exact message, writing nothing', async () => {
    const { elbv2, elb, ruleArn, blue, green, account } = setup({ useRule: true });
    elbv2.ModifyRule({
      RuleArn: ruleArn!,
      Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '503' } }],
    });
    account.calls.length = 0;
    // The listener now serves nothing: the capacity invariant fires on purpose (this test checks the refusal).
    account.expectViolations();
    const err = await writeWeights(elb, { kind: 'rule', arn: ruleArn! }, [blue, green], {
      [blue]: 100,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionError);
    const label = ruleArn!.split('/').slice(-3).join('/');
    expect((err as Error).message).toBe(
      `rule ${label} has no forward action to ${blue} or ${green}; was it changed by hand?`,
    );
    expect(account.calls.map((c) => c.action)).toEqual(['DescribeRules']);
  });

  it('rewrites the forward action in its place, leaving the action before it as it was', async () => {
    const { elbv2, elb, listenerArn, blue, green, account } = setup();
    // Green has no targets yet: the "weights only on healthy groups" invariant fires on purpose.
    account.expectViolations();
    elbv2.ModifyListener({
      ListenerArn: listenerArn!,
      DefaultActions: [
        {
          Type: 'authenticate-oidc',
          Order: 1,
          AuthenticateOidcConfig: {
            Issuer: 'https://idp.example',
            AuthorizationEndpoint: 'https://idp.example/auth',
            TokenEndpoint: 'https://idp.example/token',
            UserInfoEndpoint: 'https://idp.example/userinfo',
            ClientId: 'web',
            ClientSecret: 'shh',
          },
        },
        { Type: 'forward', Order: 2, ForwardConfig: { TargetGroups: [{ TargetGroupArn: blue, Weight: 1 }] } },
      ],
    });
    account.calls.length = 0;
    await writeWeights(elb, { kind: 'listener', arn: listenerArn! }, [blue], { [blue]: 80, [green]: 20 });
    const written = account.calls.find((c) => c.action === 'ModifyListener')!.input as {
      DefaultActions: Action[];
    };
    expect(written.DefaultActions.map((a) => a.Type)).toEqual(['authenticate-oidc', 'forward']);
    expect(written.DefaultActions[1]).toEqual({
      Type: 'forward',
      Order: 2,
      ForwardConfig: {
        TargetGroups: [
          { TargetGroupArn: blue, Weight: 80 },
          { TargetGroupArn: green, Weight: 20 },
        ],
      },
    });
  });

  it('a forward action without Order is written back without an Order key', async () => {
    const { elbv2, elb, listenerArn, blue, green, account } = setup();
    elbv2.DeleteTargetGroup({ TargetGroupArn: green });
    await writeWeights(elb, { kind: 'listener', arn: listenerArn! }, [blue], { [blue]: 100 });
    const written = account.calls.find((c) => c.action === 'ModifyListener')!.input as {
      DefaultActions: Action[];
    };
    expect(written.DefaultActions).toHaveLength(1);
    expect(Object.keys(written.DefaultActions[0]!)).toEqual(['Type', 'ForwardConfig']);
    expect(await readWeights(elb, { kind: 'listener', arn: listenerArn! })).toEqual({ [blue]: 100 });
  });

  it('a read-back holding an extra target group fails, even when the written ones match', async () => {
    let forward: Action = {
      Type: 'forward',
      ForwardConfig: { TargetGroups: [{ TargetGroupArn: 'tg-blue', Weight: 1 }] },
    };
    const elb = fakeClient<ElasticLoadBalancingV2Client>({
      DescribeListenersCommand: () => ({ Listeners: [{ DefaultActions: [forward] }] }),
      ModifyListenerCommand: (input) => {
        forward = (input['DefaultActions'] as Action[])[0]!;
        // Another writer adds a third group between the write and the read-back.
        forward.ForwardConfig!.TargetGroups!.push({ TargetGroupArn: 'tg-other', Weight: 0 });
        return {};
      },
    });
    const err = await writeWeights(elb, { kind: 'listener', arn: LISTENER }, ['tg-blue'], {
      'tg-blue': 90,
      'tg-green': 10,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionError);
    expect((err as Error).message).toBe(
      'listener web/5a1e000000001eef/0123456789abcdef reads back as {"tg-blue":90,"tg-green":10,"tg-other":0}, not the {"tg-blue":90,"tg-green":10} just written (another writer?)',
    );
    expect(elb.sent).toEqual([
      'DescribeListenersCommand',
      'ModifyListenerCommand',
      'DescribeListenersCommand',
    ]);
  });
});
