import { describe, expect, it } from 'vitest';
import { run } from '../../src/actions/deploy-ec2/main.js';
import { RolloutFailedError } from '../../src/core/errors.js';
import type { Fetch } from '../../src/rollout/smoke-url.js';
import type { Ec2Fixture } from '../scenarios/ec2-fixture.js';
import { BLUE_GROUP, ec2Fixture, REGION, SERVICE } from '../scenarios/ec2-fixture.js';

const inputs = (f: Ec2Fixture, extra: Record<string, string> = {}) => ({
  service: SERVICE,
  'ami-id': f.newAmi,
  strategy: 'blue-green',
  'listener-arn': f.listenerArn!,
  'aws-region': REGION,
  ...extra,
});

/** The suffix green's names get from the clock when the run describes the target (the fixture's start). */
const SUFFIX = Math.floor(Date.UTC(2026, 10, 22, 9, 0, 0) / 1000).toString(36);

const label = (f: Ec2Fixture) => `listener ${f.listenerArn!.split('/').slice(-3).join('/')}`;

/** A second group of the service, with no target group: not live, not tagged as a kept previous group. */
function strayGroup(f: Ec2Fixture, name: string, extraTags: Array<{ Key: string; Value: string }> = []) {
  f.autoscaling.seedGroup({
    AutoScalingGroupName: name,
    LaunchTemplate: { LaunchTemplateId: f.templateId, Version: '1' },
    MinSize: 0,
    MaxSize: 1,
    DesiredCapacity: 0,
    VPCZoneIdentifier: 'subnet-0aaaaaaaaaaaaaaa1',
    Tags: [{ Key: 'slipway:service', Value: SERVICE, PropagateAtLaunch: true }, ...extraTags].map((t) => ({
      PropagateAtLaunch: true,
      ...t,
    })),
  });
  f.account.calls.length = 0;
}

const timelineGates = (out: Record<string, string>) =>
  (
    JSON.parse(out['timeline']!) as Array<{ gates: Array<{ name: string; ok: boolean; detail: string }> }>
  ).flatMap((e) => e.gates);

describe('blue/green describe', () => {
  it('a group named by auto-scaling-group that does not exist fails with the exact message', async () => {
    const f = ec2Fixture();
    const deps = f.account.deps(inputs(f, { 'auto-scaling-group': 'web-nope', service: '' }));
    await expect(run(deps)).rejects.toThrow(
      'Auto Scaling group web-nope does not exist in this region; a blue/green deploy replaces the group each time, so set service to find the live one by its slipway:service tag',
    );
  });

  it('a named group that is not live finds the live one among its service tag siblings (dry run)', async () => {
    const f = ec2Fixture();
    strayGroup(f, 'web-old');
    const deps = f.account.deps(
      inputs(f, { 'auto-scaling-group': 'web-old', service: '', 'dry-run': 'true' }),
    );
    await run(deps);
    expect(deps.io.logs).toContain(
      `dry run: service web on ${label(f)}: blue-green; now serving ${f.currentAmi} (group web-blue, launch template web version 1)`,
    );
    expect(deps.io.logs).toContain(
      'dry run: a real run would first wait for: group web-old exists beside the live one: another rollout is running, or an earlier one was not cleaned up',
    );
    f.autoscaling.DeleteAutoScalingGroup({ AutoScalingGroupName: 'web-old', ForceDelete: true });
  });

  it('a listener that forwards to nothing: no group takes traffic', async () => {
    const f = ec2Fixture({ useRule: true });
    // The listener's default action is a fixed response; the rule forwards to blue.
    const deps = f.account.deps(inputs(f));
    const err = await run(deps).catch((e: unknown) => e);
    expect((err as Error).message).toContain(
      `no group of service web takes traffic on ${label(f)}; the listener forwards to nothing`,
    );
    const byGroup = f.account.deps(inputs(f, { 'auto-scaling-group': BLUE_GROUP, service: '' }));
    const err2 = await run(byGroup).catch((e: unknown) => e);
    expect((err2 as Error).message).toContain(
      `no group of web-blue takes traffic on ${label(f)}; the listener forwards to nothing`,
    );
  });

  it('a listener that forwards to another target group names it', async () => {
    const f = ec2Fixture({ useRule: true });
    const other = f.elbv2.createTargetGroup({ Name: 'maintenance', Protocol: 'HTTP', Port: 8080 });
    // The listener's default forwards to an empty group: the invariant on healthy weights fires on purpose.
    f.account.expectViolations();
    f.elbv2.ModifyListener({
      ListenerArn: f.listenerArn!,
      DefaultActions: [
        { Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: other, Weight: 1 }] } },
      ],
    });
    const err = await run(f.account.deps(inputs(f))).catch((e: unknown) => e);
    expect((err as Error).message).toContain(
      `no group of service web takes traffic on ${label(f)}; the listener forwards to ${other}`,
    );
  });

  it('two groups sharing the traffic: nothing is served by one blue, and the wait names both (dry run)', async () => {
    const f = ec2Fixture();
    const tg2 = f.elbv2.createTargetGroup({ Name: 'web-two', Protocol: 'HTTP', Port: 8080 });
    f.autoscaling.seedGroup({
      AutoScalingGroupName: 'web-two',
      LaunchTemplate: { LaunchTemplateId: f.templateId, Version: '1' },
      MinSize: 1,
      MaxSize: 2,
      DesiredCapacity: 1,
      VPCZoneIdentifier: 'subnet-0aaaaaaaaaaaaaaa1',
      TargetGroupARNs: [tg2],
      Tags: [{ Key: 'slipway:service', Value: SERVICE, PropagateAtLaunch: true }],
    });
    f.elbv2.ModifyListener({
      ListenerArn: f.listenerArn!,
      DefaultActions: [
        {
          Type: 'forward',
          ForwardConfig: {
            TargetGroups: [
              { TargetGroupArn: f.blueTg!, Weight: 90 },
              { TargetGroupArn: tg2, Weight: 10 },
            ],
          },
        },
      ],
    });
    const deps = f.account.deps(inputs(f, { 'dry-run': 'true' }));
    await run(deps);
    expect(deps.io.logs).toContain(
      `dry run: service web on ${label(f)}: blue-green; now serving nothing (first deploy)`,
    );
    expect(deps.io.logs).toContain(
      'dry run: a real run would first wait for: groups web-blue (weight 90) and web-two (weight 10) share the traffic',
    );
    // Leave the listener as the fixture had it, and remove the second group and its target group.
    f.elbv2.ModifyListener({
      ListenerArn: f.listenerArn!,
      DefaultActions: [
        { Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: f.blueTg!, Weight: 1 }] } },
      ],
    });
    f.autoscaling.DeleteAutoScalingGroup({ AutoScalingGroupName: 'web-two', ForceDelete: true });
    for (let i = 0; i < 20; i++) f.account.clock.advance(30_000);
    f.elbv2.DeleteTargetGroup({ TargetGroupArn: tg2 });
  });

  it('blue attached to a second target group outside the listener still has exactly one (dry run)', async () => {
    const f = ec2Fixture();
    const spare = f.elbv2.createTargetGroup({ Name: 'web-spare', Protocol: 'HTTP', Port: 8080 });
    f.autoscaling.group(BLUE_GROUP)!.targetGroupArns.push(spare);
    const deps = f.account.deps(inputs(f, { 'dry-run': 'true' }));
    await run(deps);
    expect(deps.io.outputs['status']).toBe('dry-run');
    expect(deps.io.logs).toContain(
      `dry run: service web on ${label(f)}: blue-green; now serving ${f.currentAmi} (group web-blue, launch template web version 1)`,
    );
    f.autoscaling.group(BLUE_GROUP)!.targetGroupArns.pop();
    f.elbv2.DeleteTargetGroup({ TargetGroupArn: spare });
  });

  it('blue serving through two weighted target groups is refused with the exact message', async () => {
    const f = ec2Fixture();
    const spare = f.elbv2.createTargetGroup({ Name: 'web-spare', Protocol: 'HTTP', Port: 8080 });
    f.autoscaling.group(BLUE_GROUP)!.targetGroupArns.push(spare);
    // The second group has no registered targets: the healthy-weights invariant fires on purpose.
    f.account.expectViolations();
    f.elbv2.ModifyListener({
      ListenerArn: f.listenerArn!,
      DefaultActions: [
        {
          Type: 'forward',
          ForwardConfig: {
            TargetGroups: [
              { TargetGroupArn: f.blueTg!, Weight: 1 },
              { TargetGroupArn: spare, Weight: 1 },
            ],
          },
        },
      ],
    });
    const err = await run(f.account.deps(inputs(f))).catch((e: unknown) => e);
    expect((err as Error).message).toContain(
      `group web-blue serves ${label(f)} through 2 target groups; blue/green needs exactly one`,
    );
  });
});

describe('blue/green rollout', () => {
  it('a canary: exact progress lines, green names from the longest service name (25), health gate', async () => {
    const f = ec2Fixture({ deregistrationDelaySeconds: 60 });
    // 25 characters: green's target group <service>-<suffix> fills ELB's 32 exactly.
    const service = `web-${'a'.repeat(16)}-tail`;
    const deps = f.account.deps(
      inputs(f, {
        service,
        'auto-scaling-group': BLUE_GROUP,
        strategy: 'canary',
        'canary-percent': '10',
        'canary-interval': '2m',
        'min-healthy-percent': '60',
      }),
    );
    await run(deps);
    const tgName = `${service}-${SUFFIX}`;
    expect(tgName).toHaveLength(32);
    const group = `${service}-${SUFFIX}`;
    expect(deps.io.outputs['status']).toBe('succeeded');
    expect(deps.io.outputs['auto-scaling-group']).toBe(group);
    const create = f.account.calls.find((c) => c.action === 'CreateTargetGroup')!.input as { Name: string };
    expect(create.Name).toBe(tgName);
    const version = f.account.calls.find((c) => c.action === 'CreateLaunchTemplateVersion')!.input as {
      VersionDescription: string;
    };
    expect(version.VersionDescription).toBe(`slipway deploy-ec2: ${f.newAmi}`);
    const l = label(f);
    const logs = deps.io.logs;
    expect(logs).toContain(
      `service ${service} on ${l} serves ${f.currentAmi} (group web-blue, launch template web version 1): rolling out the new version`,
    );
    expect(logs).toContain(`launch template web: version 2 runs ${f.newAmi}`);
    expect(
      logs.some((x) =>
        x.startsWith(
          `green group ${group} created (4 instances, 2 scaling policies and scheduled actions copied`,
        ),
      ),
    ).toBe(true);
    expect(logs).toContain(
      `green group ${group} to have 4 healthy targets: 0 of 4 healthy (0 registered) (0s elapsed, 30m left)`,
    );
    expect(logs).toContain(`${l}: green 10%, blue 90% (read back)`);
    expect(logs).toContain(`${l}: green 100%, blue 0% (read back)`);
    expect(logs).toContain(
      'blue web-blue to drain (deregistration delay 1m): draining: 0s of 1m (0s elapsed, 2m left)',
    );
    expect(logs.filter((x) => x.startsWith('blue web-blue to drain'))[1]).toMatch(
      /^blue web-blue to drain \(deregistration delay 1m\): draining: [1-9]\d?s of 1m \(/,
    );
    expect(logs).toContain('deleted group web-blue and target group web-blue');
    expect(
      logs.some((x) => /^group web-blue to be deleted: Delete in progress, \d instances left/.test(x)),
    ).toBe(true);
    // Blue lost its traffic at 100%: its drain ran its delay from then, about a minute, not more.
    const zero = f.elbv2.weightHistory.find((h) =>
      h.weights.some((w) => w.weight === 100 && w.targetGroupArn !== f.blueTg),
    )!.t;
    const removed = f.elbv2.weightHistory.at(-1)!.t;
    expect(removed - zero).toBeGreaterThanOrEqual(60_000);
    expect(removed - zero).toBeLessThan(70_000);
    // The health gate: ceil(4 x 60%) = 3 healthy targets needed.
    const gates = timelineGates(deps.io.outputs);
    expect(gates).toContainEqual({
      name: `green ${tgName} healthy targets`,
      ok: true,
      detail: '4 healthy, at least 3 needed',
    });
    // Blue removed: out of the listener, its delay set to 0, the group deleted, then its target group.
    const after = f.account.mutatingCalls().slice(-4);
    expect(after.map((c) => c.action)).toEqual([
      'ModifyListener',
      'ModifyTargetGroupAttributes',
      'DeleteAutoScalingGroup',
      'DeleteTargetGroup',
    ]);
    expect(after[1]!.input).toEqual({
      TargetGroupArn: f.blueTg,
      Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '0' }],
    });
  });

  it('blue/green with a bake: blue drains from the 100% shift, so after the bake nothing is left to wait', async () => {
    const f = ec2Fixture({ deregistrationDelaySeconds: 60 });
    const deps = f.account.deps(inputs(f, { 'bake-time': '2m' }));
    await run(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    expect(deps.io.logs.filter((x) => x.startsWith('blue web-blue to drain'))).toEqual([]);
    expect(deps.io.logs).toContain('deleted group web-blue and target group web-blue');
  });

  it('a smoke test that passes is logged and recorded, and the rollout goes on', async () => {
    const f = ec2Fixture({ deregistrationDelaySeconds: 5 });
    const fetch: Fetch = async () => ({ status: 200 });
    const deps = f.account.deps(inputs(f, { 'smoke-url': 'http://green.test.internal/health' }));
    await run(deps, { fetch });
    expect(deps.io.outputs['status']).toBe('succeeded');
    const passed = deps.io.logs.filter((x) => x.startsWith('smoke test passed: '));
    expect(passed).toEqual([expect.stringContaining('http://green.test.internal/health')]);
    const detail = passed[0]!.slice('smoke test passed: '.length);
    expect(timelineGates(deps.io.outputs)).toContainEqual({ name: 'smoke test', ok: true, detail });
  });

  it('three new instances fail health checks: the failure names three scaling activities at the third; rollback keeps a third target group', async () => {
    const f = ec2Fixture({ deregistrationDelaySeconds: 5 });
    // One new instance is up; the other three fail their health checks.
    let upOne: string | undefined;
    f.ec2.app(f.newAmi, (i) => {
      upOne ??= i.id;
      return i.id === upOne ? { up: true } : { up: false, reason: 'Target.ResponseCodeMismatch' };
    });
    const maintenance = f.elbv2.createTargetGroup({ Name: 'maintenance', Protocol: 'HTTP', Port: 8080 });
    let added = false;
    // Once green is in the listener, another writer adds a maintenance group at weight 0.
    f.account.clock.onAdvance.push(() => {
      if (added || f.elbv2.weightHistory.length === 0) return;
      added = true;
      const weights = f.elbv2.weightHistory.at(-1)!.weights;
      f.elbv2.ModifyListener({
        ListenerArn: f.listenerArn!,
        DefaultActions: [
          {
            Type: 'forward',
            ForwardConfig: {
              TargetGroups: [
                ...weights.map((w) => ({ TargetGroupArn: w.targetGroupArn, Weight: w.weight })),
                { TargetGroupArn: maintenance, Weight: 0 },
              ],
            },
          },
        ],
      });
    });
    const deps = f.account.deps(inputs(f));
    const err = await run(deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RolloutFailedError);
    const group = `web-${SUFFIX}`;
    const reason = /green group (\S+) is not becoming healthy: (.*)$/.exec((err as Error).message)!;
    expect(reason[1]).toBe(group);
    const activities = reason[2]!.split(/; (?=web-)/);
    expect(activities).toHaveLength(3);
    for (const a of activities)
      expect(a).toMatch(
        new RegExp(
          `^${group}: Terminating EC2 instance: i-\\w+: an instance was taken out of service in response to an ELB system health check failure`,
        ),
      );
    // It failed at the third replacement, not later: no more instances were launched than that took.
    const launched = [...f.ec2.region(REGION).instances.values()].filter((i) => i.imageId === f.newAmi);
    expect(launched).toHaveLength(7);
    const l = label(f);
    expect(deps.io.logs).toContain(`${l}: all traffic back on blue web-blue (read back)`);
    expect(deps.io.logs).toContain(
      `green ${group} removed; launch template version 2 is left for the record`,
    );
    expect(
      deps.io.logs.some((x) =>
        new RegExp(`^group ${group} to be deleted: Delete in progress, \\d+ instances left`).test(x),
      ),
    ).toBe(true);
    expect(f.elbv2.forwardWeights(f.listenerArn!)).toEqual([
      { targetGroupArn: maintenance, weight: 0 },
      { targetGroupArn: f.blueTg, weight: 100 },
    ]);
    f.elbv2.ModifyListener({
      ListenerArn: f.listenerArn!,
      DefaultActions: [
        { Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: f.blueTg!, Weight: 1 }] } },
      ],
    });
    f.elbv2.DeleteTargetGroup({ TargetGroupArn: maintenance });
  });

  it('CreateTargetGroup refused: the rollback looks green up by name, finds none, and says so', async () => {
    const f = ec2Fixture();
    f.account.failNext('elasticloadbalancing', 'CreateTargetGroup', (s) =>
      s.error('AccessDenied', 'not authorised', 403),
    );
    const deps = f.account.deps(inputs(f));
    const err = await run(deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RolloutFailedError);
    expect((err as RolloutFailedError).rolledBack).toBe(true);
    const lookup = f.account.calls.filter((c) => c.action === 'DescribeTargetGroups').at(-1)!;
    expect(lookup.input).toEqual({ Names: [`web-${SUFFIX}`] });
    expect(lookup.error).toBe('TargetGroupNotFoundException');
    // Green has no target group and no group yet: nothing to diagnose.
    expect((err as RolloutFailedError).diagnosis).toEqual([]);
    expect(deps.io.logs).toContain(
      `green web-${SUFFIX} removed; launch template version 2 is left for the record`,
    );
  });

  it('CreateTargetGroup refused and the look-up by name fails: the rollback fails with that error', async () => {
    const f = ec2Fixture();
    f.account.failNext('elasticloadbalancing', 'CreateTargetGroup', (s) =>
      s.error('AccessDenied', 'not authorised', 403),
    );
    // The look-up by name (only the rollback's) is refused too.
    const describeTgs = f.elbv2.DescribeTargetGroups.bind(f.elbv2);
    f.elbv2.DescribeTargetGroups = (input) => {
      if (input.Names) throw f.elbv2.error('AccessDenied', 'no look-up either', 403);
      return describeTgs(input);
    };
    const deps = f.account.deps(inputs(f));
    const err = await run(deps).catch((e: unknown) => e);
    f.elbv2.DescribeTargetGroups = describeTgs;
    expect((err as RolloutFailedError).rolledBack).toBe(false);
    expect((err as Error).message).toMatch(/the rollback failed too: .*AccessDenied.*no look-up either/);
  });

  it('CreateLaunchTemplateVersion refused: the rollback says no version was made', async () => {
    const f = ec2Fixture();
    f.account.failNext('ec2', 'CreateLaunchTemplateVersion', (s) =>
      s.error('UnauthorizedOperation', 'not authorised', 403),
    );
    const deps = f.account.deps(inputs(f));
    await run(deps).catch((e: unknown) => e);
    expect(deps.io.logs).toContain(
      `green web-${SUFFIX} removed; launch template version (none) is left for the record`,
    );
  });

  it('keep-previous tags blue and keeps it; the next run removes it even when it is out of the listener', async () => {
    const f = ec2Fixture({ deregistrationDelaySeconds: 5 });
    const first = f.account.deps(inputs(f, { 'keep-previous': 'true' }));
    await run(first);
    const green = first.io.outputs['auto-scaling-group']!;
    const tag = f.account.calls.find((c) => c.action === 'CreateOrUpdateTags')!.input;
    expect(tag).toEqual({
      Tags: [
        {
          ResourceId: BLUE_GROUP,
          ResourceType: 'auto-scaling-group',
          Key: 'slipway:previous',
          Value: 'true',
          PropagateAtLaunch: false,
        },
      ],
    });
    expect(first.io.logs).toContain(
      'blue web-blue kept at weight 0 (keep-previous): shift back to it to roll back by hand',
    );
    expect(f.autoscaling.groupNames().sort()).toEqual([BLUE_GROUP, green].sort());
    // By hand, blue's target group leaves the listener and is deleted; then a newer AMI is deployed.
    const greenTg = f.autoscaling.group(green)!.targetGroupArns[0]!;
    f.elbv2.ModifyListener({
      ListenerArn: f.listenerArn!,
      DefaultActions: [
        { Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: greenTg, Weight: 1 }] } },
      ],
    });
    f.elbv2.DeleteTargetGroup({ TargetGroupArn: f.blueTg! });
    for (let i = 0; i < 10; i++) f.account.clock.advance(60_000);
    const newer = f.ec2.addImage(REGION, { name: 'web-newer', tags: { 'slipway:family': 'web-{sha}' } }).id;
    f.account.calls.length = 0;
    const second = f.account.deps({ ...inputs(f), 'ami-id': newer });
    await run(second);
    expect(second.io.outputs['status']).toBe('succeeded');
    expect(second.io.outputs['previous-auto-scaling-group']).toBe(green);
    expect(second.io.logs).toContain(`deleted group web-blue and target group web-blue`);
    // web-blue's removal: no listener write (its group is not there), no delay on a deleted target group.
    const removal = f.account.calls.filter(
      (c) =>
        (c.action === 'DeleteAutoScalingGroup' &&
          (c.input as { AutoScalingGroupName: string }).AutoScalingGroupName === BLUE_GROUP) ||
        (c.action === 'ModifyTargetGroupAttributes' &&
          (c.input as { TargetGroupArn: string }).TargetGroupArn === f.blueTg) ||
        (c.action === 'ModifyListener' && JSON.stringify(c.input).includes(f.blueTg!)),
    );
    expect(removal.map((c) => c.action)).toEqual(['DeleteAutoScalingGroup']);
    // Listener writes: green at 0, green at 100, the previous green out; none for web-blue.
    expect(f.account.calls.filter((c) => c.action === 'ModifyListener')).toHaveLength(3);
    expect(f.autoscaling.groupNames()).toEqual([second.io.outputs['auto-scaling-group']]);
  });

  it('deleting a target group that is already gone is not an error; another error fails the step', async () => {
    const f = ec2Fixture({ deregistrationDelaySeconds: 5 });
    f.account.failNext('elasticloadbalancing', 'DeleteTargetGroup', (s) =>
      s.error('TargetGroupNotFoundException', 'One or more target groups not found'),
    );
    const deps = f.account.deps(inputs(f));
    await run(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    // The sim still holds blue's target group (the injected error stood in for another deleter): remove it.
    f.elbv2.DeleteTargetGroup({ TargetGroupArn: f.blueTg! });

    const g = ec2Fixture({ deregistrationDelaySeconds: 5 });
    // Blue's target group is left out of the listener when its deletion fails: a leftover on purpose.
    g.account.expectViolations();
    g.account.failNext('elasticloadbalancing', 'DeleteTargetGroup', (s) =>
      s.error('AccessDenied', 'not authorised to delete', 403),
    );
    const err = await run(g.account.deps(inputs(g))).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/AccessDenied.*not authorised to delete/);
  });

  it('launch-template names another template: green is made from its $Default version', async () => {
    const f = ec2Fixture({ deregistrationDelaySeconds: 5 });
    f.ec2.addLaunchTemplate(REGION, 'web-arm', { ImageId: f.currentAmi, InstanceType: 'm7g.large' });
    const deps = f.account.deps(inputs(f, { 'launch-template': 'web-arm' }));
    await run(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    const asked = f.account.calls
      .filter((c) => c.action === 'DescribeLaunchTemplateVersions')
      .map((c) => c.input);
    expect(asked).toContainEqual({ LaunchTemplateName: 'web-arm', Versions: ['$Default'] });
    expect(deps.io.logs).toContain(`launch template web-arm: version 2 runs ${f.newAmi}`);
  });

  it("blue's target group gone before green is made: the exact message", async () => {
    const f = ec2Fixture();
    // Another deleter takes blue's target group away right after the run has read the listener.
    const describeTgs = f.elbv2.DescribeTargetGroups.bind(f.elbv2);
    f.elbv2.DescribeTargetGroups = (input) => {
      if (input.TargetGroupArns?.includes(f.blueTg!))
        throw f.elbv2.error('TargetGroupNotFoundException', 'One or more target groups not found', 400);
      return describeTgs(input);
    };
    const err = await run(f.account.deps(inputs(f))).catch((e: unknown) => e);
    f.elbv2.DescribeTargetGroups = describeTgs;
    expect((err as Error).message).toContain(`target group ${f.blueTg} of web-blue no longer exists`);
  });

  it('all four new instances fail: the message still names only three activities', async () => {
    const f = ec2Fixture({ deregistrationDelaySeconds: 5 });
    f.ec2.app(f.newAmi, () => ({ up: false, reason: 'Target.ResponseCodeMismatch' }));
    const err = await run(f.account.deps(inputs(f))).catch((e: unknown) => e);
    const reason = /is not becoming healthy: (.*)$/.exec((err as Error).message)!;
    expect(reason[1]!.split(/; (?=web-)/)).toHaveLength(3);
    // Four replacements by then (the diagnosis lists them all): the message names the first three.
    const replaced = (err as RolloutFailedError).diagnosis.filter((d) => d.includes('Terminating'));
    expect(replaced.length).toBeGreaterThan(3);
  });

  it('green loses its health during the canary hold: the gate fails with the exact name and detail', async () => {
    const f = ec2Fixture({ deregistrationDelaySeconds: 5 });
    // Green serves unhealthy targets for a while before the rollback: the invariant fires on purpose.
    f.account.expectViolations();
    const start = f.account.clock.now();
    f.ec2.app(f.newAmi, (_i, now) =>
      now < start + 180_000 ? { up: true } : { up: false, reason: 'Target.Timeout' },
    );
    const deps = f.account.deps(
      inputs(f, {
        strategy: 'canary',
        'canary-percent': '10',
        'canary-interval': '10m',
        'min-healthy-percent': '50',
      }),
    );
    const err = await run(deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RolloutFailedError);
    expect((err as Error).message).toMatch(
      new RegExp(`gate failed: green web-${SUFFIX} healthy targets \\(\\d healthy, at least 2 needed\\)`),
    );
  });

  it('a kept previous group brought back by hand is blue: removed once, and green carries none of its own tags', async () => {
    const f = ec2Fixture({ deregistrationDelaySeconds: 5 });
    const first = f.account.deps(inputs(f, { 'keep-previous': 'true' }));
    await run(first);
    const green1 = first.io.outputs['auto-scaling-group']!;
    const green1Tg = f.autoscaling.group(green1)!.targetGroupArns[0]!;
    // By hand: all traffic back on web-blue (still tagged slipway:previous), green1 and its target group gone.
    f.elbv2.ModifyListener({
      ListenerArn: f.listenerArn!,
      DefaultActions: [
        { Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: f.blueTg!, Weight: 1 }] } },
      ],
    });
    f.autoscaling.DeleteAutoScalingGroup({ AutoScalingGroupName: green1, ForceDelete: true });
    for (let i = 0; i < 20; i++) f.account.clock.advance(30_000);
    f.elbv2.DeleteTargetGroup({ TargetGroupArn: green1Tg });
    expect(f.autoscaling.groupNames()).toEqual([BLUE_GROUP]);
    const blue = f.autoscaling.group(BLUE_GROUP)!;
    expect(blue.tags.get('slipway:previous')?.value).toBe('true');
    blue.defaultInstanceWarmupMs = 45_000;
    f.account.calls.length = 0;
    const newer = f.ec2.addImage(REGION, { name: 'web-newer' }).id;
    const second = f.account.deps({ ...inputs(f), 'ami-id': newer });
    await run(second);
    expect(second.io.outputs['status']).toBe('succeeded');
    expect(second.io.logs.filter((l) => l.startsWith('deleted group web-blue'))).toEqual([
      'deleted group web-blue and target group web-blue',
    ]);
    const green2 = second.io.outputs['auto-scaling-group']!;
    const create = f.account.calls.find((c) => c.action === 'CreateAutoScalingGroup')!.input as {
      Tags: Array<Record<string, unknown>>;
      DefaultInstanceWarmup?: number;
    };
    expect(create.Tags).toEqual([
      {
        Key: 'team',
        Value: 'payments',
        PropagateAtLaunch: true,
        ResourceId: green2,
        ResourceType: 'auto-scaling-group',
      },
      {
        Key: 'slipway:service',
        Value: 'web',
        PropagateAtLaunch: true,
        ResourceId: green2,
        ResourceType: 'auto-scaling-group',
      },
    ]);
    expect(create.DefaultInstanceWarmup).toBe(45);
  });

  it("green leaves out blue's aws: tags, keeps a tag's own PropagateAtLaunch, and names no warm-up blue lacks", async () => {
    const f = ec2Fixture({ deregistrationDelaySeconds: 5 });
    const blue = f.autoscaling.group(BLUE_GROUP)!;
    blue.tags.set('aws:cloudformation:stack-name', { value: 'web-stack', propagate: true });
    blue.tags.set('owner', { value: 'ops', propagate: false });
    const deps = f.account.deps(inputs(f));
    await run(deps);
    const green = deps.io.outputs['auto-scaling-group']!;
    const create = f.account.calls.find((c) => c.action === 'CreateAutoScalingGroup')!.input as {
      Tags: Array<{ Key: string; PropagateAtLaunch: boolean }>;
    };
    expect(create.Tags.map((t) => [t.Key, t.PropagateAtLaunch])).toEqual([
      ['team', true],
      ['owner', false],
      ['slipway:service', true],
    ]);
    expect(Object.keys(create)).not.toContain('DefaultInstanceWarmup');
    expect(green).toBe(`web-${SUFFIX}`);
  });

  it("green gets each of blue's scaling policies and scheduled actions with exactly the fields blue has", async () => {
    const f = ec2Fixture({ deregistrationDelaySeconds: 5 });
    const a = f.autoscaling;
    a.PutScalingPolicy({
      AutoScalingGroupName: BLUE_GROUP,
      PolicyName: 'simple',
      AdjustmentType: 'ChangeInCapacity',
      ScalingAdjustment: 0,
      Cooldown: 0,
      Enabled: false,
    });
    const steps = [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 10 }];
    a.PutScalingPolicy({
      AutoScalingGroupName: BLUE_GROUP,
      PolicyName: 'steps',
      PolicyType: 'StepScaling',
      AdjustmentType: 'PercentChangeInCapacity',
      MinAdjustmentMagnitude: 0,
      MetricAggregationType: 'Average',
      StepAdjustments: steps,
      EstimatedInstanceWarmup: 0,
    });
    const predictive = {
      MetricSpecifications: [
        { TargetValue: 50, PredefinedMetricPairSpecification: { PredefinedMetricType: 'ASGCPUUtilization' } },
      ],
      Mode: 'ForecastOnly',
    };
    a.PutScalingPolicy({
      AutoScalingGroupName: BLUE_GROUP,
      PolicyName: 'forecast',
      PolicyType: 'PredictiveScaling',
      PredictiveScalingConfiguration: predictive,
    } as never);
    const start = new Date(Date.UTC(2026, 11, 24, 18, 0, 0));
    const end = new Date(Date.UTC(2026, 11, 27, 6, 0, 0));
    a.PutScheduledUpdateGroupAction({
      AutoScalingGroupName: BLUE_GROUP,
      ScheduledActionName: 'holidays',
      StartTime: start,
      EndTime: end,
      TimeZone: 'Europe/Paris',
      MinSize: 0,
      MaxSize: 0,
      DesiredCapacity: 0,
    });
    f.account.calls.length = 0;
    const deps = f.account.deps(inputs(f));
    await run(deps);
    const green = deps.io.outputs['auto-scaling-group']!;
    const put = (action: string, key: string, name: string) =>
      f.account.calls.find((c) => c.action === action && (c.input as Record<string, unknown>)[key] === name)!
        .input;
    expect(put('PutScalingPolicy', 'PolicyName', 'simple')).toStrictEqual({
      AutoScalingGroupName: green,
      PolicyName: 'simple',
      PolicyType: 'SimpleScaling',
      AdjustmentType: 'ChangeInCapacity',
      ScalingAdjustment: 0,
      Cooldown: 0,
      Enabled: false,
    });
    expect(put('PutScalingPolicy', 'PolicyName', 'steps')).toStrictEqual({
      AutoScalingGroupName: green,
      PolicyName: 'steps',
      PolicyType: 'StepScaling',
      AdjustmentType: 'PercentChangeInCapacity',
      MinAdjustmentMagnitude: 0,
      MetricAggregationType: 'Average',
      StepAdjustments: steps,
      EstimatedInstanceWarmup: 0,
    });
    expect(put('PutScalingPolicy', 'PolicyName', 'forecast')).toStrictEqual({
      AutoScalingGroupName: green,
      PolicyName: 'forecast',
      PolicyType: 'PredictiveScaling',
      PredictiveScalingConfiguration: predictive,
    });
    expect(put('PutScheduledUpdateGroupAction', 'ScheduledActionName', 'holidays')).toStrictEqual({
      AutoScalingGroupName: green,
      ScheduledActionName: 'holidays',
      StartTime: start,
      EndTime: end,
      TimeZone: 'Europe/Paris',
      MinSize: 0,
      MaxSize: 0,
      DesiredCapacity: 0,
    });
    expect(put('PutScheduledUpdateGroupAction', 'ScheduledActionName', 'night')).toStrictEqual({
      AutoScalingGroupName: green,
      ScheduledActionName: 'night',
      Recurrence: '0 22 * * *',
      DesiredCapacity: 2,
    });
    // Helper I adds what else is copied after this count: match the line's start.
    expect(
      deps.io.logs.some((l) =>
        l.startsWith(
          `green group ${green} created (4 instances, 6 scaling policies and scheduled actions copied`,
        ),
      ),
    ).toBe(true);
  });

  it('a blue with a mixed instances policy: green gets the same policy on the new version', async () => {
    const f = ec2Fixture({ deregistrationDelaySeconds: 5 });
    const mixed = {
      LaunchTemplate: {
        LaunchTemplateSpecification: { LaunchTemplateId: f.templateId, Version: '1' },
        Overrides: [{ InstanceType: 't3.small' }, { InstanceType: 't3a.small' }],
      },
      InstancesDistribution: { OnDemandBaseCapacity: 1, OnDemandPercentageAboveBaseCapacity: 50 },
    };
    f.autoscaling.group(BLUE_GROUP)!.mixedInstancesPolicy = structuredClone(mixed);
    const deps = f.account.deps(inputs(f));
    await run(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    const create = f.account.calls.find((c) => c.action === 'CreateAutoScalingGroup')!.input as Record<
      string,
      unknown
    >;
    expect(create['MixedInstancesPolicy']).toStrictEqual({
      ...mixed,
      LaunchTemplate: {
        ...mixed.LaunchTemplate,
        LaunchTemplateSpecification: { LaunchTemplateId: f.templateId, Version: '2' },
      },
    });
    expect(Object.keys(create)).not.toContain('LaunchTemplate');
  });

  it('a service name from the group that is too long for green names is refused before any write', async () => {
    const f = ec2Fixture();
    const name = `web-${'b'.repeat(22)}`;
    f.autoscaling.group(BLUE_GROUP)!.tags.set('slipway:service', { value: name, propagate: true });
    const deps = f.account.deps(inputs(f, { service: '', 'auto-scaling-group': BLUE_GROUP }));
    await expect(run(deps)).rejects.toThrow(
      `the service name "${name}" (from group web-blue's slipway:service tag) is not a service name: 1-25 letters, digits and hyphens, not starting or ending with a hyphen (green target groups are named <service>-<suffix> within the 32 characters ELB allows): set service`,
    );
    expect(f.account.mutatingCalls()).toEqual([]);
  });
});
