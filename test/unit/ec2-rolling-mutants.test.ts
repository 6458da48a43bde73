import { describe, expect, it } from 'vitest';
import { run } from '../../src/actions/deploy-ec2/main.js';
import { post } from '../../src/actions/deploy-ec2/post.js';
import { RolloutFailedError } from '../../src/core/errors.js';
import type { MemoryIo } from '../sim/memory-io.js';
import { cancelWhen } from '../scenarios/ami-fixture.js';
import type { Ec2Fixture } from '../scenarios/ec2-fixture.js';
import { BLUE_GROUP, ec2Fixture, groupImages, REGION } from '../scenarios/ec2-fixture.js';

const rolling = (ami: string, extra: Record<string, string> = {}) => ({
  'auto-scaling-group': BLUE_GROUP,
  'ami-id': ami,
  strategy: 'rolling',
  'min-healthy-percent': '50',
  'instance-warmup': '30s',
  'aws-region': REGION,
  ...extra,
});

const timeline = (out: Record<string, string>) =>
  JSON.parse(out['timeline']!) as Array<{
    step: string;
    trafficPercent: number;
    gates: Array<{ name: string; ok: boolean; detail: string }>;
  }>;

const refreshIdOf = (f: Ec2Fixture, n = 0): string => f.autoscaling.refreshesOf(BLUE_GROUP)[n]!.id;

/** Runs until two instances run the new AMI, then cancels, as SIGINT would. */
async function cancelMidRefresh(f: Ec2Fixture, extra: Record<string, string> = {}) {
  const deps = cancelWhen(
    f.account,
    f.account.deps(rolling(f.newAmi, extra)),
    () => groupImages(f, BLUE_GROUP).filter((a) => a === f.newAmi).length >= 2,
  );
  await expect(run(deps)).rejects.toThrow(/cancelled/);
  return deps;
}

/** The post step's deps, with the saved target state changed as `edit` says. */
function postDeps(f: Ec2Fixture, io: MemoryIo, edit: (target: Record<string, unknown>) => void = () => {}) {
  const next = io.forPost();
  const saved = JSON.parse(next.state['rollout']!) as { target: Record<string, unknown> };
  edit(saved.target);
  next.state['rollout'] = JSON.stringify(saved);
  return f.account.deps({}, { io: next });
}

/** Lets whatever refresh is running finish. */
function settle(f: Ec2Fixture): void {
  for (let i = 0; i < 60; i++) f.account.clock.advance(30_000);
}

describe('rolling: finding the group', () => {
  it('a named group that does not exist', async () => {
    const f = ec2Fixture();
    const deps = f.account.deps(rolling(f.newAmi, { 'auto-scaling-group': 'web-nope' }));
    await expect(run(deps)).rejects.toThrow('Auto Scaling group web-nope does not exist in this region');
  });

  it('by service: none tagged, or two tagged', async () => {
    const f = ec2Fixture();
    const none = f.account.deps(rolling(f.newAmi, { 'auto-scaling-group': '', service: 'api' }));
    await expect(run(none)).rejects.toThrow(
      'no Auto Scaling group is tagged slipway:service=api in this region',
    );
    expect(none.io.logs[0]).toBe('::group::resolve Auto Scaling group of service api');
    f.autoscaling.seedGroup({
      AutoScalingGroupName: 'web-old',
      LaunchTemplate: { LaunchTemplateId: f.templateId, Version: '1' },
      MinSize: 0,
      MaxSize: 1,
      DesiredCapacity: 0,
      VPCZoneIdentifier: 'subnet-0aaaaaaaaaaaaaaa1',
      Tags: [{ Key: 'slipway:service', Value: 'web', PropagateAtLaunch: true }],
    });
    const two = f.account.deps(rolling(f.newAmi, { 'auto-scaling-group': '', service: 'web' }));
    await expect(run(two)).rejects.toThrow(
      '2 groups are tagged slipway:service=web (web-blue, web-old); a rolling deploy needs exactly one: set auto-scaling-group',
    );
    f.autoscaling.DeleteAutoScalingGroup({ AutoScalingGroupName: 'web-old', ForceDelete: true });
    // One group of the service: found by its tag.
    const one = f.account.deps(
      rolling(f.newAmi, { 'auto-scaling-group': '', service: 'web', 'dry-run': 'true' }),
    );
    await run(one);
    expect(one.io.outputs['status']).toBe('dry-run');
  });
});

describe('rolling: describe', () => {
  it('instances on another template or another version make the group out of date (dry runs)', async () => {
    const f = ec2Fixture();
    const dry = async () => {
      const deps = f.account.deps(rolling(f.currentAmi, { 'dry-run': 'true' }));
      await run(deps);
      return deps.io.logs.includes('dry run: already up to date; a real run would be a no-op');
    };
    expect(await dry()).toBe(true);
    const first = [...f.autoscaling.group(BLUE_GROUP)!.instances.values()][0]!;
    const lt = { ...first.lt };
    first.lt = { ...lt, version: 7 };
    expect(await dry()).toBe(false);
    first.lt = { ...lt, id: 'lt-0000000000000other' };
    expect(await dry()).toBe(false);
    first.lt = lt;
    expect(await dry()).toBe(true);
    // An instance reported without a launch template (launched before the group had one) is not on it.
    const describeGroups = f.autoscaling.DescribeAutoScalingGroups.bind(f.autoscaling);
    f.autoscaling.DescribeAutoScalingGroups = (input, region) => {
      const out = describeGroups(input, region);
      for (const g of out.AutoScalingGroups ?? []) delete g.Instances?.[0]?.LaunchTemplate;
      return out;
    };
    expect(await dry()).toBe(false);
    f.autoscaling.DescribeAutoScalingGroups = describeGroups;
  });

  it('another launch template is resolved at its $Default version', async () => {
    const f = ec2Fixture();
    f.ec2.addLaunchTemplate(REGION, 'web-arm', { ImageId: f.currentAmi, InstanceType: 'm7g.large' });
    const deps = f.account.deps(rolling(f.newAmi, { 'launch-template': 'web-arm', 'dry-run': 'true' }));
    await run(deps);
    const asked = f.account.calls
      .filter((c) => c.action === 'DescribeLaunchTemplateVersions')
      .map((c) => c.input);
    expect(asked).toContainEqual({ LaunchTemplateName: 'web-arm', Versions: ['$Default'] });
  });

  it('a refresh already running is waited for, named with its progress', async () => {
    const f = ec2Fixture({ minimumHealthy: 2 });
    const cancelled = await cancelMidRefresh(f);
    const other = f.ec2.addImage(REGION, { name: 'web-other' }).id;
    const deps = f.account.deps(rolling(other, { 'dry-run': 'true' }));
    await run(deps);
    const id = refreshIdOf(f);
    expect(deps.io.logs).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^dry run: a real run would first wait for: instance refresh ${id} is InProgress \\d+%, \\d+ to update`,
        ),
      ),
    );
    await post(f.account.deps({}, { io: cancelled.io.forPost() }));
  });
});

describe('rolling: the rollout', () => {
  it('exact progress lines, the launch template description, and the group health gate during the refresh', async () => {
    const f = ec2Fixture({ minimumHealthy: 2 });
    const deps = f.account.deps(rolling(f.newAmi));
    await run(deps);
    const id = refreshIdOf(f);
    const logs = deps.io.logs;
    expect(logs).toContain(
      `Auto Scaling group web-blue serves ${f.currentAmi} (launch template web version 1): rolling out the new version`,
    );
    expect(logs).toContain(`launch template web: version 2 runs ${f.newAmi} (from version 1)`);
    expect(logs).toContain(`instance refresh ${id} started on web-blue`);
    expect(logs).toContain(
      `instance refresh ${id} on web-blue: InProgress 0%, 4 to update (0s elapsed, 30m left)`,
    );
    expect(f.account.mutatingCalls().map((c) => c.action)).toEqual([
      'CreateLaunchTemplateVersion',
      'StartInstanceRefresh',
    ]);
    const version = f.account.calls.find((c) => c.action === 'CreateLaunchTemplateVersion')!.input as {
      VersionDescription: string;
    };
    expect(version.VersionDescription).toBe(`slipway deploy-ec2: ${f.newAmi}`);
    // The refresh is followed with the gates checked: the group's health is on the timeline before 100%.
    const during = timeline(deps.io.outputs).filter((e) => e.trafficPercent === 0 && e.gates.length);
    expect(during.length).toBeGreaterThan(0);
    expect(during[0]!.gates).toEqual([
      { name: 'group web-blue health', ok: true, detail: '2 of 4 instances in service and healthy' },
    ]);
    expect(during.flatMap((e) => e.gates.map((g) => g.detail))).toContain(
      '4 of 4 instances in service and healthy',
    );
  });

  it('a group on a two-digit version is not pinned; one on $Latest is, with the exact line', async () => {
    const f = ec2Fixture({ minimumHealthy: 2 });
    for (let v = 2; v <= 10; v++)
      f.ec2.CreateLaunchTemplateVersion(
        { LaunchTemplateId: f.templateId, SourceVersion: '1', LaunchTemplateData: {} },
        REGION,
      );
    f.autoscaling.group(BLUE_GROUP)!.launchTemplate.version = '10';
    for (const i of f.autoscaling.group(BLUE_GROUP)!.instances.values()) i.lt = { ...i.lt, version: 10 };
    f.account.calls.length = 0;
    const deps = f.account.deps(rolling(f.newAmi));
    await run(deps);
    expect(f.account.mutatingCalls().map((c) => c.action)).toEqual([
      'CreateLaunchTemplateVersion',
      'StartInstanceRefresh',
    ]);

    const g = ec2Fixture({ minimumHealthy: 2 });
    g.autoscaling.group(BLUE_GROUP)!.launchTemplate.version = '$Latest';
    const latest = g.account.deps(rolling(g.newAmi));
    await run(latest);
    expect(latest.io.logs).toContain(
      'Auto Scaling group web-blue named version $Latest; pinned it to version 1, which it runs now',
    );
  });

  it('a failed refresh: the message names its status, reason and at most three scaling activities', async () => {
    const f = ec2Fixture({ minimumHealthy: 2 });
    f.ec2.app(f.newAmi, () => ({ up: false, reason: 'Target.ResponseCodeMismatch' }));
    const deps = f.account.deps(rolling(f.newAmi));
    const err = await run(deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RolloutFailedError);
    const id = refreshIdOf(f);
    const m = new RegExp(
      `instance refresh ${id} on web-blue ended RollbackSuccessful: ([^;]+); scaling activities: (.*)$`,
    ).exec((err as Error).message)!;
    expect(m).not.toBeNull();
    const activities = m[2]!.split(/; (?=web-blue: )/);
    expect(activities).toHaveLength(3);
    for (const a of activities) expect(a).toMatch(/^web-blue: Terminating EC2 instance: i-\w+: /);
    // There were more than three: the message names the first three.
    expect((err as RolloutFailedError).diagnosis.length).toBeGreaterThan(3);
  });
});

describe('rolling: health', () => {
  it('no instance in service fails the gate, with the exact detail', async () => {
    const f = ec2Fixture({ minimumHealthy: 0 });
    let done = false;
    // As soon as the refresh runs, every old instance goes to Standby (by hand): nothing is in service.
    f.account.clock.onAdvance.push(() => {
      if (done || !f.autoscaling.refreshesOf(BLUE_GROUP)[0]) return;
      done = true;
      for (const i of [...f.autoscaling.group(BLUE_GROUP)!.instances.values()])
        if (i.lifecycle === 'InService') f.autoscaling.enterStandby(BLUE_GROUP, i.id);
    });
    f.account.expectViolations();
    const deps = f.account.deps(rolling(f.newAmi, { 'standby-instances': 'ignore' }));
    const err = await run(deps).catch((e: unknown) => e);
    // Standby lowers the desired capacity; the refresh's new instances keep it above 0.
    expect((err as Error).message).toMatch(
      /gate failed: group web-blue health \(0 of [1-9]\d* instances in service and healthy\)/,
    );
  });
});

describe('rolling: an empty group', () => {
  it('a group scaled to zero is healthy with no instance in service', async () => {
    const f = ec2Fixture({ minimumHealthy: 0 });
    // The listener keeps forwarding to the emptied group: the healthy-weights invariant fires on purpose.
    f.account.expectViolations();
    f.autoscaling.UpdateAutoScalingGroup({
      AutoScalingGroupName: BLUE_GROUP,
      MinSize: 0,
      DesiredCapacity: 0,
    });
    settle(f);
    const deps = f.account.deps(rolling(f.newAmi));
    await run(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    const gates = timeline(deps.io.outputs).flatMap((e) => e.gates);
    expect(gates).toContainEqual({
      name: 'group web-blue health',
      ok: true,
      detail: '0 of 0 instances in service and healthy',
    });
  });
});

describe('rolling: rollback', () => {
  it('a cancel mid-refresh: the post step rolls back, waits for it, and says the group is back', async () => {
    const f = ec2Fixture({ minimumHealthy: 2 });
    const deps = await cancelMidRefresh(f, { alarms: '' });
    const id = refreshIdOf(f);
    f.account.calls.length = 0;
    const p = postDeps(f, deps.io);
    await post(p);
    const logs = p.io.logs;
    expect(logs).toContain(`Auto Scaling group web-blue: rolling back refresh ${id}`);
    expect(logs).toContainEqual(
      expect.stringMatching(new RegExp(`^refresh ${id} to stop: RollbackInProgress`)),
    );
    expect(logs).toContain('Auto Scaling group web-blue is back on version 1');
    expect(f.account.mutatingCalls().map((c) => c.action)).toEqual(['RollbackInstanceRefresh']);
  });

  it('the saved state predates StartInstanceRefresh: the refresh to our version is found and rolled back', async () => {
    const f = ec2Fixture({ minimumHealthy: 2 });
    const deps = await cancelMidRefresh(f);
    const id = refreshIdOf(f);
    const p = postDeps(f, deps.io, (t) => {
      delete t['refreshId'];
    });
    await post(p);
    expect(p.io.logs).toContain(`Auto Scaling group web-blue: rolling back refresh ${id}`);
    expect(f.autoscaling.refreshesOf(BLUE_GROUP)[0]!.status).toBe('RollbackSuccessful');
  });

  it('the saved state predates the new version too: a refresh to our template is ours', async () => {
    const f = ec2Fixture({ minimumHealthy: 2 });
    const deps = await cancelMidRefresh(f);
    const p = postDeps(f, deps.io, (t) => {
      delete t['refreshId'];
      delete t['newVersion'];
    });
    await post(p);
    expect(f.autoscaling.refreshesOf(BLUE_GROUP)[0]!.status).toBe('RollbackSuccessful');
  });

  it('a refresh to another version or another template is not ours: nothing to roll back', async () => {
    for (const edit of [
      (t: Record<string, unknown>) => (t['newVersion'] = 3),
      (t: Record<string, unknown>) => (t['templateId'] = 'lt-0000000000000other'),
    ]) {
      const f = ec2Fixture({ minimumHealthy: 2 });
      const deps = await cancelMidRefresh(f);
      f.account.calls.length = 0;
      const p = postDeps(f, deps.io, (t) => {
        delete t['refreshId'];
        edit(t);
      });
      await post(p);
      expect(p.io.logs).toContain(
        'Auto Scaling group web-blue: no refresh was started; nothing to roll back',
      );
      expect(f.account.mutatingCalls()).toEqual([]);
      settle(f);
      expect(f.autoscaling.refreshesOf(BLUE_GROUP)[0]!.status).toBe('Successful');
    }
  });

  it('a cancel while the refresh already rolls back: the post step only waits for it', async () => {
    const f = ec2Fixture({ minimumHealthy: 2 });
    f.ec2.app(f.newAmi, () => ({ up: false, reason: 'Target.ResponseCodeMismatch' }));
    const deps = cancelWhen(
      f.account,
      f.account.deps(rolling(f.newAmi)),
      () => f.autoscaling.refreshesOf(BLUE_GROUP)[0]?.status === 'RollbackInProgress',
    );
    await expect(run(deps)).rejects.toThrow(/cancelled/);
    f.account.calls.length = 0;
    const p = postDeps(f, deps.io);
    await post(p);
    expect(f.account.mutatingCalls()).toEqual([]);
    expect(p.io.logs).toContain('Auto Scaling group web-blue is back on version 1');
  });

  it('Auto Scaling refuses the rollback: the post step cancels, then refreshes back with plain settings', async () => {
    const f = ec2Fixture({ minimumHealthy: 2 });
    const deps = await cancelMidRefresh(f, {
      'bake-time': '2m',
      checkpoints: '50',
      'checkpoint-delay': '1m',
    });
    const id = refreshIdOf(f);
    f.account.failNext('autoscaling', 'RollbackInstanceRefresh', (s) =>
      s.error('IrreversibleInstanceRefreshFault', 'The instance refresh cannot be rolled back.'),
    );
    f.account.calls.length = 0;
    const p = postDeps(f, deps.io);
    await post(p);
    const back = refreshIdOf(f, 1);
    expect(p.io.logs).toContain(`Auto Scaling group web-blue: cancelling refresh ${id}`);
    expect(p.io.logs).toContain(`Auto Scaling group web-blue: refresh ${back} puts version 1 back`);
    const start = f.account.calls.find((c) => c.action === 'StartInstanceRefresh')!.input as {
      Preferences: Record<string, unknown>;
    };
    expect(start.Preferences).toMatchObject({ SkipMatching: true, AutoRollback: false });
    for (const k of ['AlarmSpecification', 'BakeTime', 'CheckpointPercentages', 'CheckpointDelay'])
      expect(Object.keys(start.Preferences)).not.toContain(k);
    expect(f.autoscaling.group(BLUE_GROUP)!.launchTemplate.version).toBe('1');
  });

  it('the refresh is gone when the rollback is asked: nothing active to undo, then a refresh back', async () => {
    const f = ec2Fixture({ minimumHealthy: 2 });
    const deps = await cancelMidRefresh(f);
    const id = refreshIdOf(f);
    f.account.failNext('autoscaling', 'RollbackInstanceRefresh', (s) =>
      s.error('ActiveInstanceRefreshNotFoundFault', 'No in progress or pending instance refresh found'),
    );
    const p = postDeps(f, deps.io);
    await post(p);
    expect(p.io.logs).toContain(`Auto Scaling group web-blue: nothing active to undo in refresh ${id}`);
    expect(f.autoscaling.group(BLUE_GROUP)!.launchTemplate.version).toBe('1');
  });

  it('finalize reads back another version: the rollback refreshes back without undoing the finished refresh', async () => {
    const f = ec2Fixture({ minimumHealthy: 2 });
    let done = false;
    f.account.clock.onAdvance.push(() => {
      if (done || f.autoscaling.refreshesOf(BLUE_GROUP)[0]?.status !== 'Successful') return;
      done = true;
      f.autoscaling.group(BLUE_GROUP)!.launchTemplate.version = '1';
    });
    const deps = f.account.deps(rolling(f.newAmi));
    const err = await run(deps).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/reads back launch template version 1, not 2/);
    const calls = f.account.mutatingCalls().map((c) => c.action);
    expect(calls).not.toContain('RollbackInstanceRefresh');
    expect(calls).not.toContain('CancelInstanceRefresh');
    const back = refreshIdOf(f, 1);
    expect(deps.io.logs).toContain(`Auto Scaling group web-blue: refresh ${back} puts version 1 back`);
  });

  it('another writer cancels the refresh: the job fails naming the status, and refreshes back', async () => {
    const f = ec2Fixture({ minimumHealthy: 2 });
    let done = false;
    f.account.clock.onAdvance.push(() => {
      if (done || groupImages(f, BLUE_GROUP).filter((a) => a === f.newAmi).length < 2) return;
      done = true;
      f.autoscaling.CancelInstanceRefresh({ AutoScalingGroupName: BLUE_GROUP });
    });
    const deps = f.account.deps(rolling(f.newAmi));
    const err = await run(deps).catch((e: unknown) => e);
    const id = refreshIdOf(f);
    // No scaling activity failed: the message ends with the status and its reason.
    expect((err as Error).message).toMatch(
      new RegExp(
        `: instance refresh ${id} on web-blue ended Cancelled: The instance refresh was cancelled \\(CancelInstanceRefresh\\)$`,
      ),
    );
    const calls = f.account.mutatingCalls().map((c) => c.action);
    expect(calls).toEqual(['CreateLaunchTemplateVersion', 'StartInstanceRefresh', 'StartInstanceRefresh']);
    expect(deps.io.logs).toContain(
      `Auto Scaling group web-blue: refresh ${refreshIdOf(f, 1)} puts version 1 back`,
    );
    expect(f.autoscaling.group(BLUE_GROUP)!.launchTemplate.version).toBe('1');
  });
});
