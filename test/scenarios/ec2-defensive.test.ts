import { describe, expect, it } from 'vitest';
import { run } from '../../src/actions/deploy-ec2/main.js';
import { RolloutFailedError } from '../../src/core/errors.js';
import type { Ec2Fixture } from './ec2-fixture.js';
import { BLUE_GROUP, ec2Fixture, REGION, SERVICE, shares } from './ec2-fixture.js';

const rolling = (ami: string, extra: Record<string, string> = {}) => ({
  'auto-scaling-group': BLUE_GROUP,
  'ami-id': ami,
  strategy: 'rolling',
  'min-healthy-percent': '50',
  'instance-warmup': '30s',
  'aws-region': REGION,
  ...extra,
});

const greenShare = (f: Ec2Fixture): number => {
  const last = f.elbv2.weightHistory.at(-1);
  if (!last) return 0;
  return Object.entries(shares(last.weights)).find(([tg]) => tg !== f.blueTg)?.[1] ?? 0;
};

describe('deploy-ec2 defensive checks', () => {
  it('rollback: false turns the instance refresh AutoRollback off too', async () => {
    const f = ec2Fixture({ minimumHealthy: 2 });
    const deps = f.account.deps(rolling(f.newAmi, { rollback: 'false' }));
    await run(deps);
    const start = f.account.calls.find((c) => c.action === 'StartInstanceRefresh')!.input as {
      Preferences: { AutoRollback: boolean };
    };
    expect(start.Preferences.AutoRollback).toBe(false);
  });

  it('rolling: finalize fails when the group reads back another launch template version', async () => {
    const f = ec2Fixture({ minimumHealthy: 2 });
    let done = false;
    // Another writer puts the group back on version 1 as soon as the refresh has succeeded.
    f.account.clock.onAdvance.push(() => {
      if (done || f.autoscaling.refreshesOf(BLUE_GROUP)[0]?.status !== 'Successful') return;
      done = true;
      f.autoscaling.group(BLUE_GROUP)!.launchTemplate.version = '1';
    });
    const err = await run(f.account.deps(rolling(f.newAmi))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/reads back launch template version 1, not 2/);
  });

  it('blue/green: a rollback finds blue removed from the listener by another writer, and fails saying so', async () => {
    const f = ec2Fixture();
    // The other writer's listener is left as it made it: the job fails rather than guess what it meant.
    f.account.expectViolations();
    f.cloudwatch.putAlarm('web-5xx');
    f.cloudwatch.fireWhen('web-5xx', () => greenShare(f) > 0, 60_000);
    let done = false;
    // Mid-canary another writer forwards everything to green: blue is no longer behind the listener.
    f.account.clock.onAdvance.push(() => {
      if (done || greenShare(f) !== 10) return;
      done = true;
      const green = Object.keys(shares(f.elbv2.weightHistory.at(-1)!.weights)).find((tg) => tg !== f.blueTg)!;
      f.elbv2.ModifyListener({
        ListenerArn: f.listenerArn!,
        DefaultActions: [
          { Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: green, Weight: 1 }] } },
        ],
      });
    });
    const deps = f.account.deps({
      service: SERVICE,
      'ami-id': f.newAmi,
      strategy: 'canary',
      'canary-percent': '10',
      'canary-interval': '10m',
      alarms: 'web-5xx',
      'listener-arn': f.listenerArn!,
      'aws-region': REGION,
    });
    const err = await run(deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RolloutFailedError);
    expect((err as RolloutFailedError).rolledBack).toBe(false);
    expect((err as Error).message).toMatch(/blue web-blue is no longer behind listener .*cannot roll back/);
  });
});
