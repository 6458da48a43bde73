import { describe, expect, it } from 'vitest';
import { containersAccount } from '../sim/containers.js';

describe('ECS capacity invariant', () => {
  it('fires when production serving capacity drops, even after the deploy lowered minimumHealthyPercent', async () => {
    const env = containersAccount();
    env.account.expectViolations();
    await env.account.clock.sleep(600_000);
    expect(env.account.violations).toEqual([]);
    const before = env.minimum();
    expect(before).toBeGreaterThan(0);
    // What a buggy deploy would write: the minimum the invariant keeps must not move with it.
    env.service.deploymentConfiguration = {
      ...env.service.deploymentConfiguration,
      minimumHealthyPercent: 0,
    };
    expect(env.minimum()).toBe(before);
    env.elbv2.setForwardWeights(env.rules.production, [
      { targetGroupArn: env.targetGroups.blue, weight: 0 },
      { targetGroupArn: env.targetGroups.green, weight: 0 },
    ]);
    env.account.checkInvariants('ecs:UpdateService');
    expect(env.account.violations.join('\n')).toContain(
      `after ecs:UpdateService: healthy serving capacity ≥ the minimum: 0 healthy targets serve production, below the minimum ${before}`,
    );
  });
});
