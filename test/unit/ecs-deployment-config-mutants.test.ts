import type { DeploymentLifecycleHook, LoadBalancer } from '@aws-sdk/client-ecs';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import type { EcsRolloutSettings } from '../../src/targets/ecs/deployment-config.js';
import {
  deploymentConfiguration,
  missingForNative,
  smokeHook,
} from '../../src/targets/ecs/deployment-config.js';
import { mixedListenerRule } from '../../src/targets/ecs/listener-rules.js';
import { fakeClient } from './fake-client.js';

const S: EcsRolloutSettings = {
  strategy: 'rolling',
  minHealthyPercent: 50,
  maxPercent: 200,
  bakeMs: 120_000,
  canaryPercent: 10,
  canaryIntervalMs: 180_000,
  linearPercent: 25,
  linearIntervalMs: 240_000,
  alarms: [],
  rollback: true,
  waitTimeoutMs: 600_000,
  smoke: false,
};

const HOOK: DeploymentLifecycleHook = {
  targetType: 'AWS_LAMBDA',
  hookTargetArn: 'arn:aws:lambda:us-east-1:123456789012:function:check',
  lifecycleStages: ['POST_SCALE_UP'],
};

describe('smokeHook', () => {
  it('times out in whole minutes, rounded up, and then rolls back', () => {
    expect(smokeHook(90_001)).toEqual({
      targetType: 'PAUSE',
      lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'],
      timeoutConfiguration: { timeoutInMinutes: 2, action: 'ROLLBACK' },
    });
    expect(smokeHook(120_000).timeoutConfiguration).toEqual({ timeoutInMinutes: 2, action: 'ROLLBACK' });
  });
});

describe('deploymentConfiguration', () => {
  it("rolling keeps the service's hooks, and sets no alarms when there are none", () => {
    expect(deploymentConfiguration(undefined, [HOOK], S)).toStrictEqual({
      lifecycleHooks: [HOOK],
      strategy: 'ROLLING',
      minimumHealthyPercent: 50,
      maximumPercent: 200,
      deploymentCircuitBreaker: { enable: true, rollback: true },
    });
  });

  it("alarms: slipway's when given, else the service's own", () => {
    const own = { alarmNames: ['own'], enable: true, rollback: false };
    expect(deploymentConfiguration({ alarms: own }, [], S).alarms).toEqual(own);
    expect(
      deploymentConfiguration({ alarms: own }, [], { ...S, alarms: ['a', 'b'], rollback: true }).alarms,
    ).toEqual({
      alarmNames: ['a', 'b'],
      enable: true,
      rollback: true,
    });
  });

  it("native strategies keep the service's task-count limits, and add none it did not have", () => {
    const current = { minimumHealthyPercent: 100, maximumPercent: 150, strategy: 'ROLLING' as const };
    expect(deploymentConfiguration(current, [], { ...S, strategy: 'blue-green' })).toStrictEqual({
      lifecycleHooks: [],
      minimumHealthyPercent: 100,
      maximumPercent: 150,
      strategy: 'BLUE_GREEN',
      bakeTimeInMinutes: 2,
      deploymentCircuitBreaker: { enable: false, rollback: false },
    });
    expect(Object.keys(deploymentConfiguration({}, [], { ...S, strategy: 'blue-green' })).sort()).toEqual([
      'bakeTimeInMinutes',
      'deploymentCircuitBreaker',
      'lifecycleHooks',
      'strategy',
    ]);
  });

  const native = {
    lifecycleHooks: [HOOK],
    bakeTimeInMinutes: 2,
    deploymentCircuitBreaker: { enable: false, rollback: false },
  };

  it('blue-green carries neither canary nor linear settings', () => {
    expect(deploymentConfiguration(undefined, [HOOK], { ...S, strategy: 'blue-green' })).toEqual({
      ...native,
      strategy: 'BLUE_GREEN',
    });
  });

  it('canary carries its own settings only', () => {
    expect(deploymentConfiguration(undefined, [HOOK], { ...S, strategy: 'canary' })).toEqual({
      ...native,
      strategy: 'CANARY',
      canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 3 },
    });
  });

  it('linear carries its own settings only', () => {
    expect(deploymentConfiguration(undefined, [HOOK], { ...S, strategy: 'linear' })).toEqual({
      ...native,
      strategy: 'LINEAR',
      linearConfiguration: { stepPercent: 25, stepBakeTimeInMinutes: 4 },
    });
  });

  it('a smoke check adds the PAUSE hook after the service hooks', () => {
    expect(
      deploymentConfiguration(undefined, [HOOK], { ...S, strategy: 'blue-green', smoke: true })
        .lifecycleHooks,
    ).toEqual([HOOK, smokeHook(600_000)]);
  });
});

const FULL: LoadBalancer = {
  targetGroupArn: 'tg-blue',
  advancedConfiguration: {
    alternateTargetGroupArn: 'tg-green',
    productionListenerRule: 'rule-prod',
    testListenerRule: 'rule-test',
    roleArn: 'arn:aws:iam::123456789012:role/ecs',
  },
};

describe('missingForNative', () => {
  it('a service with everything lacks nothing', () => {
    expect(missingForNative([FULL], 'ECS', true)).toEqual([]);
    expect(missingForNative([FULL], undefined, true)).toEqual([]);
  });

  it('another deployment controller is named first', () => {
    expect(missingForNative([FULL], 'CODE_DEPLOY', true)).toEqual(['deploymentController.type ECS']);
  });

  it('no load balancer, or none with a target group, lacks the target group and nothing else', () => {
    const want = ['loadBalancers[] with a targetGroupArn (an ALB or NLB target group)'];
    expect(missingForNative(undefined, 'ECS', true)).toEqual(want);
    expect(missingForNative([], 'ECS', true)).toEqual(want);
    expect(missingForNative([{ loadBalancerName: 'classic', containerName: 'app' }], 'ECS', true)).toEqual(
      want,
    );
  });

  it('counts only the entries with a target group, and names what each lacks', () => {
    expect(
      missingForNative([{ loadBalancerName: 'classic' }, { targetGroupArn: 'tg' }], 'ECS', true),
    ).toEqual([
      'loadBalancers[0].advancedConfiguration.alternateTargetGroupArn (a second target group)',
      'loadBalancers[0].advancedConfiguration.productionListenerRule (the listener rule ARN that serves production)',
      'loadBalancers[0].advancedConfiguration.roleArn (a role that lets ECS modify the listener rules)',
      'loadBalancers[0].advancedConfiguration.testListenerRule (the listener rule smoke-url reaches)',
    ]);
  });
});

describe('mixedListenerRule', () => {
  const client = (rules: unknown[]) => {
    const inputs: unknown[] = [];
    const c = fakeClient<ElasticLoadBalancingV2Client>({
      DescribeRulesCommand: (i) => {
        inputs.push(i);
        return { Rules: rules };
      },
    });
    return { c, inputs };
  };

  it('reads nothing when no rule is named', async () => {
    const { c } = client([]);
    expect(await mixedListenerRule(c, [{ targetGroupArn: 'tg' }])).toBeUndefined();
    expect(await mixedListenerRule(c, undefined)).toBeUndefined();
    expect(c.sent).toEqual([]);
  });

  it('names a rule that mixes forward with another action, in action order', async () => {
    const { c, inputs } = client([
      { RuleArn: 'rule-prod', Actions: [{ Type: 'forward', Order: 1 }] },
      {
        RuleArn: 'rule-test',
        Actions: [
          { Type: 'forward', Order: 2 },
          { Type: 'authenticate-oidc', Order: 1 },
        ],
      },
    ]);
    expect(await mixedListenerRule(c, [FULL])).toBe(
      'the test listener rule rule-test has authenticate-oidc, forward; give ECS rules whose only action is forward (put the authenticate-oidc action on another rule or listener), or use strategy rolling',
    );
    expect(inputs).toEqual([{ RuleArns: ['rule-prod', 'rule-test'] }]);
  });

  it('a rule used for production and test is production; several other actions are plural', async () => {
    const { c } = client([
      {
        RuleArn: 'rule-both',
        Actions: [
          { Type: 'forward' },
          { Type: 'redirect' },
          { Type: 'fixed-response' },
          { Type: 'redirect' },
        ],
      },
    ]);
    const lb = {
      targetGroupArn: 'tg',
      advancedConfiguration: { productionListenerRule: 'rule-both', testListenerRule: 'rule-both' },
    };
    expect(await mixedListenerRule(c, [lb as LoadBalancer])).toBe(
      'the production listener rule rule-both has forward, redirect, fixed-response; give ECS rules whose only action is forward (put the redirect, fixed-response actions on another rule or listener), or use strategy rolling',
    );
  });

  it('orders the action types by their Order, and names an action without a type unknown', async () => {
    const a = client([
      {
        RuleArn: 'rule-prod',
        Actions: [
          { Type: 'forward', Order: 2 },
          { Type: 'redirect', Order: 3 },
          { Type: 'authenticate-oidc', Order: 1 },
        ],
      },
    ]);
    expect(await mixedListenerRule(a.c, [FULL])).toBe(
      'the production listener rule rule-prod has authenticate-oidc, forward, redirect; give ECS rules whose only action is forward (put the authenticate-oidc, redirect actions on another rule or listener), or use strategy rolling',
    );
    const b = client([{ RuleArn: 'rule-prod', Actions: [{ Type: 'forward' }, {}] }]);
    expect(await mixedListenerRule(b.c, [FULL])).toBe(
      'the production listener rule rule-prod has forward, unknown; give ECS rules whose only action is forward (put the unknown action on another rule or listener), or use strategy rolling',
    );
  });

  it('a rule without forward, or a rule not found, is not mixed', async () => {
    const { c } = client([{ RuleArn: 'rule-prod', Actions: [{ Type: 'fixed-response' }] }]);
    expect(await mixedListenerRule(c, [FULL])).toBeUndefined();
  });
});
