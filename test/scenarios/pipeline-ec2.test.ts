import { describe, expect, it } from 'vitest';
import { run } from '../../src/actions/pipeline/main.js';
import { bakeMachine } from '../sim/bake-machine.js';
import { bakeEnv, PROVISION, succeeds, workspace } from './ami-fixture.js';
import { BLUE_GROUP, ec2Fixture, groupImages, REGION, SERVICE } from './ec2-fixture.js';

describe('the root action (pipeline) for target ec2: AMI baked, published, rolled out blue/green', () => {
  const setup = () => {
    const f = ec2Fixture({ deregistrationDelaySeconds: 60 });
    f.ec2.provision(bakeMachine(succeeds, f.s3));
    return f;
  };
  const inputs = (f: ReturnType<typeof setup>, extra: Record<string, string> = {}) => ({
    target: 'ec2',
    'base-ami': 'ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
    provision: PROVISION,
    files: 'files',
    'ami-name': 'web-{sha}-{date}',
    service: SERVICE,
    strategy: 'blue-green',
    'listener-arn': f.listenerArn!,
    'bake-time': '3m',
    'aws-region': REGION,
    ...extra,
  });

  it('succeeds: the live group runs the baked AMI and blue is gone', async () => {
    const f = setup();
    const dir = workspace();
    const deps = f.account.deps(inputs(f), { env: bakeEnv(dir) });
    await run(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    const ami = deps.io.outputs['ami-id']!;
    expect(ami).toMatch(/^ami-/);
    expect(JSON.parse(deps.io.outputs['amis']!)).toEqual({ [REGION]: ami });
    const live = deps.io.outputs['auto-scaling-group']!;
    expect(live).not.toBe(BLUE_GROUP);
    expect(new Set(groupImages(f, live))).toEqual(new Set([ami]));
    expect(f.autoscaling.group(BLUE_GROUP)).toBeUndefined();
    expect(f.account.violations).toEqual([]);
    expect(f.account.orphans()).toEqual([]);
  });

  it('rolls back when the alarm fires on the canary: blue keeps all traffic, green is deleted', async () => {
    const f = setup();
    f.cloudwatch.putAlarm('web-5xx');
    let shifted = false;
    f.cloudwatch.fireWhen(
      'web-5xx',
      () =>
        (shifted ||= f.elbv2.weightHistory.some((h) =>
          h.weights.some((w) => w.targetGroupArn !== f.blueTg && w.weight > 0),
        )),
      60_000,
    );
    const dir = workspace();
    const deps = f.account.deps(
      inputs(f, { strategy: 'canary', 'canary-interval': '10m', alarms: 'web-5xx' }),
      { env: bakeEnv(dir) },
    );
    await expect(run(deps)).rejects.toThrow(/web-5xx/);
    expect(deps.io.outputs['status']).toBe('rolled-back');
    expect(f.autoscaling.groupNames()).toEqual([BLUE_GROUP]);
    const last = f.elbv2.weightHistory.at(-1)!.weights;
    expect(last.filter((w) => w.weight > 0).map((w) => w.targetGroupArn)).toEqual([f.blueTg]);
    expect(f.account.violations).toEqual([]);
    expect(f.account.orphans()).toEqual([]);
  });
});
