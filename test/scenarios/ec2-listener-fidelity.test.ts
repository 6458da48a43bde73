import type { Action } from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/actions/deploy-ec2/main.js';
import { expectClean } from './ami-fixture.js';
import type { Ec2Fixture } from './ec2-fixture.js';
import { ec2Fixture, REGION, SERVICE } from './ec2-fixture.js';

const blueGreen = (f: Ec2Fixture) => ({
  service: SERVICE,
  'ami-id': f.newAmi,
  strategy: 'blue-green',
  'listener-arn': f.listenerArn!,
  'bake-time': '1m',
  'aws-region': REGION,
});

const OIDC: Action = {
  Type: 'authenticate-oidc',
  Order: 1,
  AuthenticateOidcConfig: {
    Issuer: 'https://idp.example',
    AuthorizationEndpoint: 'https://idp.example/auth',
    TokenEndpoint: 'https://idp.example/token',
    UserInfoEndpoint: 'https://idp.example/userinfo',
    ClientId: 'web',
    ClientSecret: 's3cret',
  },
};

describe('deploy-ec2 on a listener as AWS really returns it', () => {
  it('blue/green on a listener that authenticates with OIDC before it forwards keeps the client secret', async () => {
    const f = ec2Fixture();
    const { account, elbv2, autoscaling } = f;
    // Set-up as the console would: authenticate-oidc (with its secret), then forward to blue.
    elbv2.ModifyListener({
      ListenerArn: f.listenerArn,
      DefaultActions: [
        OIDC,
        {
          Type: 'forward',
          Order: 2,
          ForwardConfig: { TargetGroups: [{ TargetGroupArn: f.blueTg, Weight: 1 }] },
        },
      ],
    });
    elbv2.weightHistory.length = 0;
    const deps = account.deps(blueGreen(f));
    await run(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    const green = autoscaling.group(deps.io.outputs['auto-scaling-group']!)!.targetGroupArns[0]!;
    expect(elbv2.forwardWeights(f.listenerArn!)).toEqual([{ targetGroupArn: green, weight: 100 }]);
    // The authenticate action is still first, and still authenticates with the secret it was created with.
    const stored = elbv2.storedActions(f.listenerArn!);
    expect(stored[0]).toMatchObject({ Type: 'authenticate-oidc', Order: 1 });
    expect(stored[0]!.AuthenticateOidcConfig).toEqual(OIDC.AuthenticateOidcConfig);
    // Every write sent UseExistingClientSecret and never a secret (it cannot: Describe does not return one).
    const writes = account.calls.filter((c) => c.action === 'ModifyListener');
    expect(writes.length).toBeGreaterThanOrEqual(2);
    for (const w of writes) {
      const oidc = (w.input as { DefaultActions: Action[] }).DefaultActions[0]!.AuthenticateOidcConfig!;
      expect(oidc.UseExistingClientSecret).toBe(true);
      expect(oidc.ClientSecret).toBeUndefined();
    }
    expectClean(account);
  });

  it('blue/green clones the target-group attributes AWS returns, without writing back the empty ones', async () => {
    const f = ec2Fixture();
    const { account, elbv2, autoscaling } = f;
    // Blue as a team tuned it: lb_cookie stickiness for an hour, a slow start, weighted random with anomaly
    // mitigation. The app cookie's name was never set, so AWS returns it as "".
    const tuned = {
      'stickiness.enabled': 'true',
      'stickiness.lb_cookie.duration_seconds': '3600',
      'slow_start.duration_seconds': '60',
      'load_balancing.algorithm.type': 'weighted_random',
      'load_balancing.algorithm.anomaly_mitigation': 'on',
      'target_group_health.unhealthy_state_routing.minimum_healthy_targets.count': '2',
    };
    elbv2.ModifyTargetGroupAttributes({
      TargetGroupArn: f.blueTg,
      Attributes: Object.entries(tuned).map(([Key, Value]) => ({ Key, Value })),
    });
    const blue = Object.fromEntries(elbv2.targetGroup(f.blueTg!)!.attributes);
    expect(blue['stickiness.app_cookie.cookie_name']).toBe('');
    const deps = account.deps(blueGreen(f));
    await run(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    const green = autoscaling.group(deps.io.outputs['auto-scaling-group']!)!.targetGroupArns[0]!;
    // Green has every attribute blue had, with blue's values (the empty cookie name stays AWS's own "").
    expect(Object.fromEntries(elbv2.targetGroup(green)!.attributes)).toEqual(blue);
    const writes = account.calls.filter((c) => c.action === 'ModifyTargetGroupAttributes');
    const written = writes.flatMap(
      (c) => (c.input as { Attributes: Array<{ Key: string; Value: string }> }).Attributes,
    );
    expect(written.filter((a) => a.Value === '')).toEqual([]);
    expectClean(account);
  });
});
