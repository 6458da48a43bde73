import { describe, expect, it } from 'vitest';
import { run as runEcs } from '../../src/actions/deploy-ecs/main.js';
import { post as postEcs } from '../../src/actions/deploy-ecs/post.js';
import { run as runEc2 } from '../../src/actions/deploy-ec2/main.js';
import { post as postEc2 } from '../../src/actions/deploy-ec2/post.js';
import { run } from '../../src/actions/deploy-lambda/main.js';
import { post } from '../../src/actions/deploy-lambda/post.js';
import { RolloutFailedError } from '../../src/core/errors.js';
import {
  CLUSTER,
  CONTAINER,
  containersAccount,
  FAMILY,
  IMAGE_V2,
  SERVICE as ECS_SERVICE,
} from '../sim/containers.js';
import { BLUE_GROUP, ec2Fixture, REGION, SERVICE, shares } from './ec2-fixture.js';
import { baseInputs, FN, lambdaFixture } from './lambda-fixture.js';

describe('the post step after a rollback that failed', () => {
  it('lambda: a failed rollback is not settled; the post step rolls the alias back', async () => {
    const { account, lambda, cloudwatch } = lambdaFixture();
    cloudwatch.putAlarm('orders-errors');
    cloudwatch.fireWhen('orders-errors', () => lambda.weightOf(FN, 'live', '2') > 0, 60_000);
    // Once the canary weight is written, the next UpdateAlias (the rollback) is refused.
    let armed = false;
    account.clock.onAdvance.push(() => {
      if (armed || lambda.weightOf(FN, 'live', '2') === 0) return;
      armed = true;
      account.failNext('lambda', 'UpdateAlias', (s) =>
        s.error('AccessDeniedException', 'not authorized to perform lambda:UpdateAlias', 403),
      );
    });
    const inputs = {
      ...baseInputs,
      strategy: 'canary',
      'canary-interval': '10m',
      alarms: 'orders-errors',
    };
    const deps = account.deps(inputs);
    const err = await run(deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RolloutFailedError);
    expect((err as RolloutFailedError).rolledBack).toBe(false);
    expect((err as Error).message).toMatch(/the rollback failed too: .*UpdateAlias/);
    // The alias is still split: the post step must finish the rollback.
    expect(lambda.weightOf(FN, 'live', '2')).toBeGreaterThan(0);
    const postDeps = account.deps(inputs, { io: deps.io.forPost() });
    await post(postDeps);
    const alias = lambda.GetAlias({ FunctionName: FN, Name: 'live' });
    expect(alias.FunctionVersion).toBe('1');
    expect(alias.RoutingConfig).toBeUndefined();
    expect(postDeps.io.logs.join('\n')).toMatch(/stopped while rolling-back at 10% traffic; rolling back/);
  });

  it('ec2 blue/green: a failed rollback is not settled; the post step puts blue back and removes green', async () => {
    const f = ec2Fixture();
    const greenShare = (): number => {
      const last = f.elbv2.weightHistory.at(-1);
      if (!last) return 0;
      return Object.entries(shares(last.weights)).find(([tg]) => tg !== f.blueTg)?.[1] ?? 0;
    };
    f.cloudwatch.putAlarm('web-5xx');
    f.cloudwatch.fireWhen('web-5xx', () => greenShare() > 0, 60_000);
    // Once green has its canary share, the next listener write (the rollback's) is refused.
    let armed = false;
    f.account.clock.onAdvance.push(() => {
      if (armed || greenShare() === 0) return;
      armed = true;
      f.account.failNext('elasticloadbalancing', 'ModifyListener', (s) =>
        s.error('AccessDenied', 'not authorized to perform elasticloadbalancing:ModifyListener', 403),
      );
    });
    const inputs = {
      service: SERVICE,
      'ami-id': f.newAmi,
      strategy: 'canary',
      'canary-percent': '10',
      'canary-interval': '10m',
      alarms: 'web-5xx',
      'listener-arn': f.listenerArn!,
      'aws-region': REGION,
    };
    const deps = f.account.deps(inputs);
    const err = await runEc2(deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RolloutFailedError);
    expect((err as RolloutFailedError).rolledBack).toBe(false);
    expect((err as Error).message).toMatch(/the rollback failed too/);
    expect(greenShare()).toBe(10);
    const postDeps = f.account.deps(inputs, { io: deps.io.forPost() });
    await postEc2(postDeps);
    expect(f.elbv2.forwardWeights(f.listenerArn!)).toEqual([{ targetGroupArn: f.blueTg, weight: 100 }]);
    expect(f.autoscaling.groupNames()).toEqual([BLUE_GROUP]);
  });

  it('ecs rolling: a failed roll-forward to the old revision is not settled; the post step deploys it again', async () => {
    const env = containersAccount();
    const oldArn = `arn:aws:ecs:us-east-1:123456789012:task-definition/${FAMILY}:1`;
    env.cloudwatch.putAlarm('web-latency');
    // Latency rises once every task runs the new revision, after ECS has called its deployment done.
    env.cloudwatch.fireWhen(
      'web-latency',
      () => env.ecs.runningTasks(env.service).every((t) => t.taskDefinitionArn !== oldArn),
      150_000,
    );
    // Once the deploy's own UpdateService has gone through, the next one (the roll-forward back) is refused.
    let armed = false;
    env.account.clock.onAdvance.push(() => {
      if (armed || !env.account.calls.some((c) => c.action === 'UpdateService' && !c.error)) return;
      armed = true;
      env.account.failNext('ecs', 'UpdateService', (s) =>
        s.error('AccessDeniedException', 'not authorized to perform ecs:UpdateService', 403),
      );
    });
    const inputs = {
      cluster: CLUSTER,
      service: ECS_SERVICE,
      image: IMAGE_V2,
      'container-name': CONTAINER,
      'aws-region': 'us-east-1',
      'bake-time': '10m',
      alarms: 'web-latency',
    };
    const deps = env.account.deps(inputs);
    const err = await runEcs(deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RolloutFailedError);
    expect((err as RolloutFailedError).rolledBack).toBe(false);
    expect((err as Error).message).toMatch(/the rollback failed too/);
    expect(env.ecs.taskDefinitionOf(env.service).revision).toBe(2);
    const postDeps = env.account.deps(inputs, { io: deps.io.forPost() });
    await postEcs(postDeps);
    expect(env.ecs.taskDefinitionOf(env.service).revision).toBe(1);
    expect(env.ecs.runningTasks(env.service).every((t) => t.taskDefinitionArn === oldArn)).toBe(true);
  });
});
