import { describe, expect, it } from 'vitest';
import { run } from '../../src/actions/deploy-ec2/main.js';
import { post } from '../../src/actions/deploy-ec2/post.js';
import { RolloutFailedError } from '../../src/core/errors.js';
import { cancelWhen, expectClean } from './ami-fixture.js';
import { BLUE_GROUP, ec2Fixture, groupImages, REGION } from './ec2-fixture.js';
import { groupTitles } from './log-groups.js';

const rolling = (ami: string, extra: Record<string, string> = {}) => ({
  'auto-scaling-group': BLUE_GROUP,
  'ami-id': ami,
  strategy: 'rolling',
  'min-healthy-percent': '50',
  'instance-warmup': '30s',
  'bake-time': '2m',
  'aws-region': REGION,
  ...extra,
});

describe('deploy-ec2 rolling on the simulated account', () => {
  it('a refresh pinned to the new version number replaces every instance and puts the version on the group', async () => {
    const f = ec2Fixture({ minimumHealthy: 2 });
    const { account, autoscaling, ec2, newAmi, currentAmi } = f;
    const deps = account.deps(rolling(newAmi, { checkpoints: '50', 'checkpoint-delay': '3m' }));
    await run(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    expect(deps.io.outputs['launch-template-version']).toBe('2');
    expect(deps.io.outputs['auto-scaling-group']).toBe(BLUE_GROUP);
    // The new version changes the AMI only, made from the group's version.
    const lt = ec2.region(REGION).launchTemplates.get(f.templateId)!;
    expect(lt.versions.get(2)!.data).toEqual({ ...lt.versions.get(1)!.data, ImageId: newAmi });
    // The group was not pointed at the new version before the refresh: the refresh carried it, pinned to "2".
    const mutations = account.mutatingCalls().map((c) => `${c.service}:${c.action}`);
    expect(mutations).toEqual(['ec2:CreateLaunchTemplateVersion', 'autoscaling:StartInstanceRefresh']);
    const start = account.calls.find((c) => c.action === 'StartInstanceRefresh')!.input;
    expect(start).toMatchObject({
      DesiredConfiguration: { LaunchTemplate: { LaunchTemplateId: f.templateId, Version: '2' } },
      Preferences: {
        MinHealthyPercentage: 50,
        InstanceWarmup: 30,
        CheckpointPercentages: [50, 100],
        CheckpointDelay: 180,
        SkipMatching: true,
        AutoRollback: true,
        BakeTime: 120,
      },
    });
    const [refresh] = autoscaling.refreshesOf(BLUE_GROUP);
    expect(refresh!.status).toBe('Successful');
    expect(autoscaling.group(BLUE_GROUP)!.launchTemplate.version).toBe('2');
    expect(groupImages(f, BLUE_GROUP)).toEqual([newAmi, newAmi, newAmi, newAmi]);
    expect(groupImages(f, BLUE_GROUP)).not.toContain(currentAmi);
    // Progress went through the checkpoint and the bake, as Auto Scaling reported it.
    const log = deps.io.logs.join('\n');
    expect(log).toMatch(/InProgress 50%.*checkpoint/);
    expect(log).toMatch(/Baking 100%/);
    // The refresh (with its native checkpoint and bake) is one step; the engine adds no bake of its own.
    expect(groupTitles(deps.io.logs)).toEqual([
      'resolve Auto Scaling group web-blue',
      'prepare the new version',
      'shift to 100%',
      'finalize',
    ]);
    // Its checkpoint delay and bake hold with no alarm watched: one warning names both and the alarms input.
    expect(deps.io.logs.filter((l) => l.startsWith('::warning::'))).toEqual([
      expect.stringMatching(
        /holds 5m .*\(bake-time 2m, checkpoint-delay 3m\) but watches no alarm.*alarms input/,
      ),
    ]);
    expectClean(account);
    // Deployed again: nothing to do.
    account.calls.length = 0;
    const again = account.deps(rolling(newAmi));
    await run(again);
    expect(again.io.outputs['status']).toBe('no-op');
    expect(account.mutatingCalls()).toEqual([]);
  });

  it('a refresh whose new instances fail health checks rolls back, and the job fails with the causes', async () => {
    const f = ec2Fixture({ minimumHealthy: 2 });
    const { account, autoscaling, ec2, newAmi, currentAmi } = f;
    ec2.app(newAmi, () => ({ up: false, reason: 'Target.ResponseCodeMismatch' }));
    const deps = account.deps(rolling(newAmi));
    const err = await run(deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RolloutFailedError);
    expect((err as RolloutFailedError).rolledBack).toBe(true);
    expect((err as Error).message).toMatch(
      /ended RollbackSuccessful: Rolled back: .*failed health checks.*scaling activities: web-blue: Terminating EC2 instance: i-\S+: an instance was taken out of service in response to an ELB system health check failure \(web-blue: Target\.ResponseCodeMismatch\)/,
    );
    expect(deps.io.outputs['status']).toBe('rolled-back');
    expect(autoscaling.refreshesOf(BLUE_GROUP)[0]!.status).toBe('RollbackSuccessful');
    expect(autoscaling.group(BLUE_GROUP)!.launchTemplate.version).toBe('1');
    expect(groupImages(f, BLUE_GROUP)).toEqual([currentAmi, currentAmi, currentAmi, currentAmi]);
    expectClean(account);
  });

  it('a group on $Latest is pinned to the version it runs before the new version exists, so rollback has a number', async () => {
    const f = ec2Fixture({ minimumHealthy: 2 });
    const { account, autoscaling, newAmi } = f;
    autoscaling.group(BLUE_GROUP)!.launchTemplate.version = '$Latest';
    const deps = account.deps(rolling(newAmi));
    await run(deps);
    const mutations = account.mutatingCalls().map((c) => c.action);
    expect(mutations.slice(0, 3)).toEqual([
      'UpdateAutoScalingGroup',
      'CreateLaunchTemplateVersion',
      'StartInstanceRefresh',
    ]);
    expect(account.calls.find((c) => c.action === 'UpdateAutoScalingGroup')!.input).toMatchObject({
      LaunchTemplate: { Version: '1' },
    });
    expect(autoscaling.group(BLUE_GROUP)!.launchTemplate.version).toBe('2');
    expectClean(account);
  });

  it('a cancel mid-refresh: the post step rolls the refresh back', async () => {
    const f = ec2Fixture({ minimumHealthy: 2 });
    const { account, autoscaling, newAmi, currentAmi } = f;
    const deps = cancelWhen(
      account,
      account.deps(rolling(newAmi)),
      () => groupImages(f, BLUE_GROUP).filter((a) => a === newAmi).length >= 2,
    );
    await expect(run(deps)).rejects.toThrow(/cancelled/);
    expect(autoscaling.refreshesOf(BLUE_GROUP)[0]!.status).toBe('InProgress');
    const postDeps = account.deps({}, { io: deps.io.forPost() });
    await post(postDeps);
    expect(autoscaling.refreshesOf(BLUE_GROUP)[0]!.status).toBe('RollbackSuccessful');
    expect(groupImages(f, BLUE_GROUP)).toEqual([currentAmi, currentAmi, currentAmi, currentAmi]);
    expect(postDeps.io.logs.join('\n')).toMatch(/rolling back refresh/);
    expectClean(account);
  });

  it('a cancel mid-refresh when Auto Scaling refuses the rollback: the post step cancels, then refreshes back', async () => {
    const f = ec2Fixture({ minimumHealthy: 2 });
    const { account, autoscaling, newAmi, currentAmi } = f;
    const deps = cancelWhen(
      account,
      account.deps(rolling(newAmi)),
      () => groupImages(f, BLUE_GROUP).filter((a) => a === newAmi).length >= 2,
    );
    await expect(run(deps)).rejects.toThrow(/cancelled/);
    account.failNext('autoscaling', 'RollbackInstanceRefresh', (s) =>
      s.error('IrreversibleInstanceRefreshFault', 'The instance refresh cannot be rolled back.'),
    );
    await post(account.deps({}, { io: deps.io.forPost() }));
    const [first, back] = autoscaling.refreshesOf(BLUE_GROUP);
    expect(first!.status).toBe('Cancelled');
    expect(back!.status).toBe('Successful');
    expect(back!.desiredIn?.LaunchTemplate?.Version).toBe('1');
    expect(autoscaling.group(BLUE_GROUP)!.launchTemplate.version).toBe('1');
    expect(groupImages(f, BLUE_GROUP)).toEqual([currentAmi, currentAmi, currentAmi, currentAmi]);
    expectClean(account);
  });

  it('launch-template names another template: the new version is made there, and the group moves to it', async () => {
    const f = ec2Fixture({ minimumHealthy: 2 });
    const { account, autoscaling, ec2, newAmi } = f;
    const other = ec2.addLaunchTemplate(REGION, 'web-arm', {
      ImageId: f.currentAmi,
      InstanceType: 'm7g.large',
    });
    const deps = account.deps(rolling(newAmi, { 'launch-template': 'web-arm' }));
    await run(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    expect(other.versions.get(2)!.data).toEqual({ ImageId: newAmi, InstanceType: 'm7g.large' });
    expect(ec2.region(REGION).launchTemplates.get(f.templateId)!.latestVersion).toBe(1);
    expect(autoscaling.group(BLUE_GROUP)!.launchTemplate).toMatchObject({ id: other.id, version: '2' });
    expect(groupImages(f, BLUE_GROUP)).toEqual([newAmi, newAmi, newAmi, newAmi]);
    expectClean(account);
  });
});
