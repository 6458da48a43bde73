import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { ActionError } from '../../src/core/errors.js';
import { readWeights, writeWeights } from '../../src/targets/ec2/listener.js';
import { vmsAccount } from '../sim/vms.js';

function setup() {
  const vms = vmsAccount({ instances: 2 });
  const { elbv2, account, blueTg } = vms;
  const green = elbv2.createTargetGroup({
    Name: 'web-green',
    Protocol: 'HTTP',
    Port: 8080,
    VpcId: 'vpc-0sim',
  });
  const elb = account.aws({ maxAttempts: 3, action: 'test' }).get(ElasticLoadBalancingV2Client, 'us-east-1');
  return { ...vms, green, elb, blue: blueTg! };
}

describe('listener weights', () => {
  it('rewrite only the forward action, keeping the other actions and stickiness, and read back', async () => {
    const { elbv2, elb, listenerArn, blue, green, account } = setup();
    // This test checks how the writer rewrites the forward action, not traffic safety: its green group has
    // no targets, so the "weights only on healthy groups" invariant fires on purpose here.
    account.expectViolations();
    const listener = { kind: 'listener' as const, arn: listenerArn! };
    elbv2.ModifyListener({
      ListenerArn: listenerArn,
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
        {
          Type: 'forward',
          Order: 2,
          ForwardConfig: {
            TargetGroups: [{ TargetGroupArn: blue, Weight: 1 }],
            TargetGroupStickinessConfig: { Enabled: true, DurationSeconds: 600 },
          },
        },
      ],
    });
    await writeWeights(elb, listener, [blue], { [blue]: 90, [green]: 10 });
    expect(await readWeights(elb, listener)).toEqual({ [blue]: 90, [green]: 10 });
    const out = elbv2.DescribeListeners({ ListenerArns: [listenerArn!] }).Listeners![0]!.DefaultActions!;
    expect(out[0]!.Type).toBe('authenticate-oidc');
    // Describe never returns the secret; the write kept it by UseExistingClientSecret.
    expect(out[0]!.AuthenticateOidcConfig!.ClientSecret).toBeUndefined();
    expect(elbv2.storedActions(listenerArn!)[0]!.AuthenticateOidcConfig!.ClientSecret).toBe('shh');
    expect(out[1]).toMatchObject({
      Type: 'forward',
      Order: 2,
      ForwardConfig: { TargetGroupStickinessConfig: { Enabled: true, DurationSeconds: 600 } },
    });
  });

  it('through a rule, with ModifyRule, leaving the listener default alone', async () => {
    const vms = vmsAccount({ instances: 2, useRule: true });
    const green = vms.elbv2.createTargetGroup({ Name: 'web-green', Port: 8080 });
    const elb = vms.account
      .aws({ maxAttempts: 3, action: 'test' })
      .get(ElasticLoadBalancingV2Client, 'us-east-1');
    const rule = { kind: 'rule' as const, arn: vms.ruleArn! };
    await writeWeights(elb, rule, [vms.blueTg!], { [vms.blueTg!]: 100, [green]: 0 });
    // Read, write the whole action list, read back.
    expect(vms.account.calls.map((c) => c.action)).toEqual(['DescribeRules', 'ModifyRule', 'DescribeRules']);
    expect(await readWeights(elb, rule)).toEqual({ [vms.blueTg!]: 100, [green]: 0 });
    expect(vms.elbv2.forwardWeights(vms.listenerArn!)).toEqual([]);
  });

  it('through a rule that authenticates first: the OIDC action is written back with UseExistingClientSecret', async () => {
    const vms = vmsAccount({ instances: 2, useRule: true });
    const { elbv2, account, ruleArn, blueTg } = vms;
    const auth = {
      Type: 'authenticate-oidc' as const,
      Order: 1,
      AuthenticateOidcConfig: {
        Issuer: 'https://idp.example',
        AuthorizationEndpoint: 'https://idp.example/auth',
        TokenEndpoint: 'https://idp.example/token',
        UserInfoEndpoint: 'https://idp.example/userinfo',
        ClientId: 'web',
        ClientSecret: 'shh',
      },
    };
    elbv2.ModifyRule({
      RuleArn: ruleArn,
      Actions: [auth, { Type: 'forward', Order: 2, TargetGroupArn: blueTg }],
    });
    const elb = account
      .aws({ maxAttempts: 3, action: 'test' })
      .get(ElasticLoadBalancingV2Client, 'us-east-1');
    await writeWeights(elb, { kind: 'rule', arn: ruleArn! }, [blueTg!], { [blueTg!]: 100 });
    const sent = account.calls.find((c) => c.action === 'ModifyRule')!.input as {
      Actions: Array<{ AuthenticateOidcConfig?: Record<string, unknown> }>;
    };
    expect(sent.Actions[0]!.AuthenticateOidcConfig).toMatchObject({
      ClientId: 'web',
      UseExistingClientSecret: true,
    });
    expect(sent.Actions[0]!.AuthenticateOidcConfig).not.toHaveProperty('ClientSecret');
    expect(elbv2.storedActions(ruleArn!)[0]!.AuthenticateOidcConfig).toEqual(auth.AuthenticateOidcConfig);
  });

  it('fail when the listener has no forward action to the anchor, or reads back different weights', async () => {
    const { account, elbv2, elb, listenerArn, blue, green } = setup();
    // The listener is broken on purpose, and stays so.
    account.expectViolations();
    const listener = { kind: 'listener' as const, arn: listenerArn! };
    await expect(writeWeights(elb, listener, [green], { [green]: 100 })).rejects.toThrow(
      /no forward action to/,
    );
    // Another writer changes the weights between our write and our read-back.
    const original = elbv2.ModifyListener.bind(elbv2);
    elbv2.ModifyListener = (input) => {
      const out = original(input);
      original({
        ListenerArn: listenerArn,
        DefaultActions: [
          { Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: blue, Weight: 100 }] } },
        ],
      });
      return out;
    };
    const err = await writeWeights(elb, listener, [blue], { [blue]: 50, [green]: 50 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ActionError);
    expect((err as Error).message).toMatch(/reads back as .* not the .* just written/);
    expect(account.violations).toEqual([]);
  });
});
