import { describe, expect, it } from 'vitest';
import { run } from '../../src/actions/deploy-ec2/main.js';
import { RolloutFailedError } from '../../src/core/errors.js';
import { expectClean } from './ami-fixture.js';
import type { Ec2Fixture } from './ec2-fixture.js';
import { BLUE_GROUP, ec2Fixture, groupImages, REGION } from './ec2-fixture.js';

// Issue 20, items 9-11: Auto Scaling as it documents protected and Standby instances, AutoRollback with a
// Systems Manager image parameter, and groups with a mixed instances policy.

const rolling = (ami: string, extra: Record<string, string> = {}) => ({
  'auto-scaling-group': BLUE_GROUP,
  'ami-id': ami,
  strategy: 'rolling',
  'min-healthy-percent': '50',
  'instance-warmup': '30s',
  'aws-region': REGION,
  ...extra,
});

const instanceIds = (f: Ec2Fixture): string[] => [...f.autoscaling.group(BLUE_GROUP)!.instances.keys()];

const MIXED = {
  LaunchTemplate: {
    LaunchTemplateSpecification: { LaunchTemplateId: '', Version: '1' },
    Overrides: [{ InstanceType: 't3.small' }, { InstanceType: 't3a.small', WeightedCapacity: '1' }],
  },
  InstancesDistribution: {
    OnDemandBaseCapacity: 1,
    OnDemandPercentageAboveBaseCapacity: 25,
    SpotAllocationStrategy: 'price-capacity-optimized',
  },
};

/** Blue as a group with a mixed instances policy: it names its launch template only inside the policy. */
function mixedFixture(): Ec2Fixture {
  const f = ec2Fixture({ minimumHealthy: 2 });
  const policy = structuredClone(MIXED);
  policy.LaunchTemplate.LaunchTemplateSpecification.LaunchTemplateId = f.templateId;
  f.autoscaling.group(BLUE_GROUP)!.mixedInstancesPolicy = policy;
  return f;
}

describe('Auto Scaling fidelity: protected and Standby instances (item 9)', () => {
  it('the simulated refresh waits an hour for protected instances with Wait, then fails', () => {
    const f = ec2Fixture({ minimumHealthy: 0 });
    const { account, autoscaling, ec2, newAmi } = f;
    const [first] = instanceIds(f);
    autoscaling.protectFromScaleIn(BLUE_GROUP, first!);
    const version = ec2.CreateLaunchTemplateVersion(
      { LaunchTemplateId: f.templateId, SourceVersion: '1', LaunchTemplateData: { ImageId: newAmi } },
      REGION,
    ).LaunchTemplateVersion!.VersionNumber!;
    autoscaling.StartInstanceRefresh(
      {
        AutoScalingGroupName: BLUE_GROUP,
        DesiredConfiguration: {
          LaunchTemplate: { LaunchTemplateId: f.templateId, Version: String(version) },
        },
        Preferences: { MinHealthyPercentage: 50, InstanceWarmup: 30 },
      },
      REGION,
    );
    const [refresh] = autoscaling.refreshesOf(BLUE_GROUP);
    // The unprotected instances are replaced first; then only the protected one is left.
    for (let m = 0; m < 60 && !refresh!.statusReason; m++) account.clock.advance(60_000);
    expect(refresh!.status).toBe('InProgress');
    expect(refresh!.statusReason).toBe(
      `Waiting for scale-in protection to be removed from instances: ${first}`,
    );
    // One hour after the refresh found only the protected instance left, it fails.
    for (let m = 0; m < 58; m++) account.clock.advance(60_000);
    expect(refresh!.status).toBe('InProgress');
    for (let m = 0; m < 2; m++) account.clock.advance(60_000);
    expect(refresh!.status).toBe('Failed');
    expect(refresh!.statusReason).toBe(
      `Waited one hour for scale-in protection to be removed from instances: ${first}`,
    );
    // The other three were replaced; the protected one still runs the old version.
    expect(groupImages(f, BLUE_GROUP).filter((a) => a === newAmi)).toHaveLength(3);
    account.expectViolations(); // a half-refreshed group is what this AWS behaviour leaves
  });

  it('protected instances with the default (wait): the deploy fails at once, naming them and the input, and changes nothing', async () => {
    const f = ec2Fixture({ minimumHealthy: 2 });
    const { account, autoscaling, newAmi } = f;
    const [a, b] = instanceIds(f);
    autoscaling.protectFromScaleIn(BLUE_GROUP, a!);
    autoscaling.protectFromScaleIn(BLUE_GROUP, b!);
    const before = account.clock.now();
    const deps = account.deps(rolling(newAmi));
    const err = await run(deps).catch((e: unknown) => e);
    expect((err as Error).message).toBe(
      `Auto Scaling group web-blue: 2 instances are protected from scale in (${a}, ${b}); an instance refresh would wait an hour for you to remove their protection, then fail. Set scale-in-protected-instances to refresh (replace them too) or ignore (leave them on the old version), or remove their protection first`,
    );
    expect(account.mutatingCalls()).toEqual([]);
    expect(account.clock.now() - before).toBeLessThan(60_000);
    expectClean(account);
  });

  it('scale-in-protected-instances: refresh replaces protected instances too', async () => {
    const f = ec2Fixture({ minimumHealthy: 2 });
    const { account, autoscaling, newAmi } = f;
    for (const id of instanceIds(f)) autoscaling.protectFromScaleIn(BLUE_GROUP, id);
    const deps = account.deps(rolling(newAmi, { 'scale-in-protected-instances': 'refresh' }));
    await run(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    const start = account.calls.find((c) => c.action === 'StartInstanceRefresh')!.input;
    expect(start).toMatchObject({
      Preferences: { ScaleInProtectedInstances: 'Refresh', StandbyInstances: 'Wait' },
    });
    expect(groupImages(f, BLUE_GROUP)).toEqual([newAmi, newAmi, newAmi, newAmi]);
    expectClean(account);
  });

  it('scale-in-protected-instances: ignore leaves them on the old version, and a second run is a no-op', async () => {
    const f = ec2Fixture({ minimumHealthy: 2 });
    const { account, autoscaling, newAmi, currentAmi } = f;
    const [a] = instanceIds(f);
    autoscaling.protectFromScaleIn(BLUE_GROUP, a!);
    const inputs = rolling(newAmi, { 'scale-in-protected-instances': 'ignore' });
    const deps = account.deps(inputs);
    await run(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    expect(f.ec2.instance(REGION, a!)!.imageId).toBe(currentAmi);
    expect(groupImages(f, BLUE_GROUP).filter((x) => x === newAmi)).toHaveLength(3);
    account.calls.length = 0;
    const again = account.deps(inputs);
    await run(again);
    expect(again.io.outputs['status']).toBe('no-op');
    expect(account.mutatingCalls()).toEqual([]);
    expectClean(account);
  });

  it('a Standby instance with the default fails at once; standby-instances: terminate replaces the rest and terminates it', async () => {
    const f = ec2Fixture({ minimumHealthy: 2 });
    const { account, autoscaling, ec2, newAmi } = f;
    const [a] = instanceIds(f);
    autoscaling.enterStandby(BLUE_GROUP, a!);
    const refused = account.deps(rolling(newAmi));
    await expect(run(refused)).rejects.toThrow(
      `Auto Scaling group web-blue: 1 instance is in Standby (${a}); an instance refresh would wait an hour for you to return them to service, then fail. Set standby-instances to terminate or ignore, or return them to service first`,
    );
    expect(account.mutatingCalls()).toEqual([]);
    const deps = account.deps(rolling(newAmi, { 'standby-instances': 'terminate' }));
    await run(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    expect(ec2.instance(REGION, a!)!.state).toBe('terminated');
    expect(groupImages(f, BLUE_GROUP)).toEqual([newAmi, newAmi, newAmi]);
    expectClean(account);
  });
});

describe('Auto Scaling fidelity: AutoRollback and an image from a Systems Manager parameter (item 10)', () => {
  function ssmFixture(): Ec2Fixture {
    const f = ec2Fixture({ minimumHealthy: 2 });
    f.ssm.putParameter(REGION, '/web/ami', f.currentAmi);
    f.ec2.region(REGION).launchTemplates.get(f.templateId)!.versions.get(1)!.data.ImageId =
      'resolve:ssm:/web/ami';
    return f;
  }

  it('the refresh runs without AutoRollback, with a warning that says why', async () => {
    const f = ssmFixture();
    const { account, newAmi } = f;
    const deps = account.deps(rolling(newAmi));
    await run(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    const start = account.calls.find((c) => c.action === 'StartInstanceRefresh')!.input;
    expect(start).toMatchObject({ Preferences: { AutoRollback: false } });
    expect(deps.io.logs.filter((l) => l.startsWith('::warning::'))).toEqual([
      expect.stringContaining(
        'launch template web version 1 takes its AMI from a Systems Manager parameter (resolve:ssm:/web/ami), and Auto Scaling cannot roll such a group back by itself; auto-rollback is off for this refresh',
      ),
    ]);
    expect(groupImages(f, BLUE_GROUP)).toEqual([newAmi, newAmi, newAmi, newAmi]);
    expectClean(account);
  });

  it('a failed refresh is rolled back by slipway: a refresh back to the version the group ran', async () => {
    const f = ssmFixture();
    const { account, autoscaling, ec2, newAmi, currentAmi } = f;
    ec2.app(newAmi, () => ({ up: false, reason: 'Target.ResponseCodeMismatch' }));
    const deps = account.deps(rolling(newAmi));
    const err = await run(deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RolloutFailedError);
    expect((err as RolloutFailedError).rolledBack).toBe(true);
    expect(deps.io.outputs['status']).toBe('rolled-back');
    const [forward, back] = autoscaling.refreshesOf(BLUE_GROUP);
    expect(forward!.status).toBe('Failed');
    expect(back!.status).toBe('Successful');
    expect(back!.desiredIn).toEqual({ LaunchTemplate: { LaunchTemplateId: f.templateId, Version: '1' } });
    expect(autoscaling.group(BLUE_GROUP)!.launchTemplate.version).toBe('1');
    expect(groupImages(f, BLUE_GROUP)).toEqual([currentAmi, currentAmi, currentAmi, currentAmi]);
    expectClean(account);
  });
});

describe('Auto Scaling fidelity: groups with a mixed instances policy (item 11)', () => {
  it('a rolling deploy carries the policy in the refresh: overrides and Spot settings kept, only the version changes', async () => {
    const f = mixedFixture();
    const { account, autoscaling, newAmi } = f;
    const deps = account.deps(rolling(newAmi));
    await run(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    const expected = structuredClone(MIXED);
    expected.LaunchTemplate.LaunchTemplateSpecification = { LaunchTemplateId: f.templateId, Version: '2' };
    const start = account.calls.find((c) => c.action === 'StartInstanceRefresh')!.input;
    expect(start).toMatchObject({ DesiredConfiguration: { MixedInstancesPolicy: expected } });
    expect(autoscaling.group(BLUE_GROUP)!.mixedInstancesPolicy).toEqual(expected);
    expect(groupImages(f, BLUE_GROUP)).toEqual([newAmi, newAmi, newAmi, newAmi]);
    expectClean(account);
  });

  it('a mixed group on $Latest is pinned through its policy, which keeps its overrides', async () => {
    const f = mixedFixture();
    const { account, autoscaling, newAmi } = f;
    const g = autoscaling.group(BLUE_GROUP)!;
    g.mixedInstancesPolicy!.LaunchTemplate!.LaunchTemplateSpecification!.Version = '$Latest';
    g.launchTemplate.version = '$Latest';
    const deps = account.deps(rolling(newAmi));
    await run(deps);
    const update = account.calls.find((c) => c.action === 'UpdateAutoScalingGroup')!.input;
    expect(update).toMatchObject({
      MixedInstancesPolicy: {
        LaunchTemplate: {
          LaunchTemplateSpecification: { LaunchTemplateId: f.templateId, Version: '1' },
          Overrides: MIXED.LaunchTemplate.Overrides,
        },
      },
    });
    expect(update).not.toHaveProperty('LaunchTemplate');
    expect(g.mixedInstancesPolicy!.LaunchTemplate!.LaunchTemplateSpecification!.Version).toBe('2');
    expectClean(account);
  });

  it('overrides with a launch template of their own are refused before any write', async () => {
    const f = mixedFixture();
    const { account, autoscaling, newAmi } = f;
    autoscaling.group(BLUE_GROUP)!.mixedInstancesPolicy!.LaunchTemplate!.Overrides![1] = {
      InstanceType: 'm7g.large',
      LaunchTemplateSpecification: { LaunchTemplateName: 'web-arm', Version: '3' },
    };
    const deps = account.deps(rolling(newAmi));
    await expect(run(deps)).rejects.toThrow(
      "group web-blue's mixed instances policy has overrides with their own launch template (m7g.large uses web-arm); deploy-ec2 puts the new AMI in the policy's launch template only, so those instances would keep the old AMI: remove LaunchTemplateSpecification from those overrides",
    );
    expect(account.mutatingCalls()).toEqual([]);
    expectClean(account);
  });
});

describe('Auto Scaling fidelity: a blue/green clone of a mixed group (item 11)', () => {
  const blueGreen = (f: Ec2Fixture) => ({
    service: 'web',
    'ami-id': f.newAmi,
    strategy: 'blue-green',
    'listener-arn': f.listenerArn!,
    'aws-region': REGION,
  });

  it('green gets the same policy with the new version: overrides, instance types and Spot settings', async () => {
    const f = mixedFixture();
    const { account, autoscaling } = f;
    const deps = account.deps(blueGreen(f));
    await run(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    const green = deps.io.outputs['auto-scaling-group']!;
    const expected = structuredClone(MIXED);
    expected.LaunchTemplate.LaunchTemplateSpecification = { LaunchTemplateId: f.templateId, Version: '2' };
    expect(autoscaling.group(green)!.mixedInstancesPolicy).toEqual(expected);
    const create = account.calls.find((c) => c.action === 'CreateAutoScalingGroup')!.input;
    expect(create).not.toHaveProperty('LaunchTemplate');
    expectClean(account);
  });

  it('overrides with a launch template of their own are refused before green exists', async () => {
    const f = mixedFixture();
    const { account, autoscaling } = f;
    autoscaling.group(BLUE_GROUP)!.mixedInstancesPolicy!.LaunchTemplate!.Overrides![0] = {
      InstanceType: 'c7g.large',
      LaunchTemplateSpecification: { LaunchTemplateId: 'lt-0arm', Version: '1' },
    };
    const deps = account.deps(blueGreen(f));
    await expect(run(deps)).rejects.toThrow(
      "group web-blue's mixed instances policy has overrides with their own launch template (c7g.large uses lt-0arm)",
    );
    expect(account.mutatingCalls()).toEqual([]);
    expectClean(account);
  });
});
