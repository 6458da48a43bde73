import type { Action } from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { vmsAccount } from '../sim/vms.js';

const oidc = (extra: Record<string, unknown>): Action => ({
  Type: 'authenticate-oidc',
  Order: 1,
  AuthenticateOidcConfig: {
    Issuer: 'https://idp.example',
    AuthorizationEndpoint: 'https://idp.example/auth',
    TokenEndpoint: 'https://idp.example/token',
    UserInfoEndpoint: 'https://idp.example/userinfo',
    ClientId: 'web',
    ...extra,
  },
});

function setup() {
  const vms = vmsAccount({ instances: 2 });
  const forward: Action = { Type: 'forward', Order: 2, TargetGroupArn: vms.blueTg! };
  const write = (first: Action) =>
    vms.elbv2.ModifyListener({ ListenerArn: vms.listenerArn!, DefaultActions: [first, forward] });
  return { ...vms, forward, write };
}

describe('ELBv2 simulator: authenticate-oidc client secrets', () => {
  it('a new authenticate-oidc action needs its secret; Describe never returns it', () => {
    const { elbv2, listenerArn, forward, write } = setup();
    expect(() => elbv2.createRule(listenerArn!, 5, [oidc({}), forward])).toThrow(
      /must specify a client secret when you create/,
    );
    expect(() => write(oidc({ UseExistingClientSecret: true }))).toThrow(/no existing client secret/);
    write(oidc({ ClientSecret: 'one' }));
    const described = elbv2.DescribeListeners({ ListenerArns: [listenerArn!] }).Listeners![0]!;
    expect(described.DefaultActions![0]!.AuthenticateOidcConfig).not.toHaveProperty('ClientSecret');
    const rule = elbv2.DescribeRules({ ListenerArn: listenerArn! }).Rules!.at(-1)!;
    expect(rule.Actions![0]!.AuthenticateOidcConfig).not.toHaveProperty('ClientSecret');
    expect(elbv2.storedActions(listenerArn!)[0]!.AuthenticateOidcConfig!.ClientSecret).toBe('one');
  });

  it('a rewrite keeps the secret only with UseExistingClientSecret, and refuses both or neither', () => {
    const { elbv2, listenerArn, write } = setup();
    write(oidc({ ClientSecret: 'one' }));
    expect(() => write(oidc({}))).toThrow(
      expect.objectContaining({ name: 'InvalidLoadBalancerActionException' }) as Error,
    );
    expect(() => write(oidc({ ClientSecret: 'two', UseExistingClientSecret: true }))).toThrow(
      /cannot both specify a client secret and set UseExistingClientSecret/,
    );
    write(oidc({ UseExistingClientSecret: true }));
    const stored = elbv2.storedActions(listenerArn!)[0]!.AuthenticateOidcConfig!;
    expect(stored.ClientSecret).toBe('one');
    expect(stored).not.toHaveProperty('UseExistingClientSecret');
    write(oidc({ ClientSecret: 'two' }));
    expect(elbv2.storedActions(listenerArn!)[0]!.AuthenticateOidcConfig!.ClientSecret).toBe('two');
  });

  it('a service moving weights for the user (ECS) rewrites only the forward action', () => {
    const { elbv2, listenerArn, blueTg, write } = setup();
    write(oidc({ ClientSecret: 'one' }));
    elbv2.setForwardWeights(listenerArn!, [{ targetGroupArn: blueTg!, weight: 100 }]);
    const stored = elbv2.storedActions(listenerArn!);
    expect(stored.map((a) => [a.Type, a.Order])).toEqual([
      ['authenticate-oidc', 1],
      ['forward', 2],
    ]);
    expect(stored[0]!.AuthenticateOidcConfig!.ClientSecret).toBe('one');
    expect(elbv2.forwardWeights(listenerArn!)).toEqual([{ targetGroupArn: blueTg, weight: 100 }]);
  });
});
