import { describe, expect, it } from 'vitest';
import { run } from '../../src/actions/deploy-ec2/main.js';
import { post } from '../../src/actions/deploy-ec2/post.js';
import { RolloutFailedError } from '../../src/core/errors.js';
import type { Fetch } from '../../src/rollout/smoke-url.js';
import { cancelWhen, expectClean } from './ami-fixture.js';
import type { Ec2Fixture } from './ec2-fixture.js';
import { groupTitles } from './log-groups.js';
import { BLUE_GROUP, ec2Fixture, groupImages, REGION, SERVICE, shares } from './ec2-fixture.js';

const blueGreen = (f: Ec2Fixture, extra: Record<string, string> = {}) => ({
  service: SERVICE,
  'ami-id': f.newAmi,
  strategy: 'blue-green',
  'listener-arn': f.listenerArn!,
  'bake-time': '3m',
  'aws-region': REGION,
  ...extra,
});

/** The green target group's share of the listener after every weight change. */
const greenShares = (f: Ec2Fixture): number[] =>
  f.elbv2.weightHistory.map((h) => {
    const s = shares(h.weights);
    return Object.entries(s).find(([tg]) => tg !== f.blueTg)?.[1] ?? 0;
  });

const greenGroups = (f: Ec2Fixture): string[] => f.autoscaling.groupNames().filter((n) => n !== BLUE_GROUP);

describe('deploy-ec2 blue/green and canary on the simulated account', () => {
  it('blue/green: green cloned and healthy at weight 0, all traffic at once, blue drained and deleted', async () => {
    const f = ec2Fixture({ deregistrationDelaySeconds: 300 });
    const { account, autoscaling, elbv2, newAmi } = f;
    const deps = account.deps(blueGreen(f));
    await run(deps);
    const out = deps.io.outputs;
    expect(out['status']).toBe('succeeded');
    const green = out['auto-scaling-group']!;
    expect(green).toMatch(/^web-[0-9a-z]+$/);
    expect(out['previous-auto-scaling-group']).toBe(BLUE_GROUP);
    expect(out['launch-template-version']).toBe('2');
    // Blue and its target group are gone; green serves alone with the new AMI, tagged with the service.
    expect(autoscaling.groupNames()).toEqual([green]);
    expect(elbv2.targetGroup(f.blueTg!)).toBeUndefined();
    expect(groupImages(f, green)).toEqual([newAmi, newAmi, newAmi, newAmi]);
    const g = autoscaling.group(green)!;
    expect(g.tags.get('slipway:service')?.value).toBe(SERVICE);
    expect(g.tags.get('team')?.value).toBe('payments');
    expect(g.launchTemplate.version).toBe('2');
    expect(g.healthCheckType).toBe('ELB');
    // Scaling copied, the requests-per-target label rewritten to green's target group.
    const policy = g.policies.get('requests-per-target')!;
    const greenTg = g.targetGroupArns[0]!;
    expect(policy.TargetTrackingConfiguration?.PredefinedMetricSpecification?.ResourceLabel).toContain(
      greenTg.slice(greenTg.indexOf('targetgroup/')),
    );
    expect([...g.scheduled.keys()]).toEqual(['night']);
    // Green's target group is a clone: same health check, and blue's deregistration delay.
    expect(elbv2.targetGroup(greenTg)).toMatchObject({
      port: 8080,
      healthCheckPath: '/health',
      intervalSeconds: 10,
    });
    expect(elbv2.deregistrationDelayMs(greenTg)).toBe(300_000);
    // Weights: green joined at 0, then took everything, then blue left the listener.
    expect(greenShares(f)).toEqual([0, 100, 100]);
    expect(elbv2.forwardWeights(f.listenerArn!)).toEqual([{ targetGroupArn: greenTg, weight: 100 }]);
    // Blue drained for its full deregistration delay after it lost its traffic, visibly.
    const zero = elbv2.weightHistory[1]!.t;
    const removed = elbv2.weightHistory[2]!.t;
    expect(removed - zero).toBeGreaterThanOrEqual(300_000);
    expect(deps.io.logs.join('\n')).toMatch(
      /blue web-blue to drain \(deregistration delay 5m\): draining: \d+m?\d*s of 5m/,
    );
    expect(groupTitles(deps.io.logs)).toEqual([
      expect.stringMatching(/^resolve service web on listener web\//),
      'prepare the new version',
      'shift to 100%',
      'bake 3m',
      'finalize',
    ]);
    // The drain is in the finalize group, never in a group of its own inside it.
    const finalize = deps.io.logs.indexOf('::group::finalize');
    expect(deps.io.logs.findIndex((l, i) => i > finalize && /to drain/.test(l))).toBeGreaterThan(finalize);
    expectClean(account);

    // The next deploy finds the live group by the service tag, and a repeat of this AMI is a no-op.
    account.calls.length = 0;
    const again = account.deps(blueGreen(f));
    await run(again);
    expect(again.io.outputs['status']).toBe('no-op');
    expect(account.mutatingCalls()).toEqual([]);
  });

  it('a green that never turns healthy gets no traffic, is deleted, and the job names the reasons', async () => {
    const f = ec2Fixture();
    const { account, autoscaling, elbv2, ec2, newAmi } = f;
    ec2.app(newAmi, () => ({ up: false, reason: 'Target.ResponseCodeMismatch' }));
    const deps = account.deps(blueGreen(f));
    const err = await run(deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RolloutFailedError);
    expect((err as Error).message).toMatch(
      /green group web-\S+ is not becoming healthy: .*ELB system health check failure/,
    );
    // The diagnosis has green's targets and the replacements, with ELB's reason.
    const diagnosis = (err as RolloutFailedError).diagnosis.join('\n');
    expect(diagnosis).toMatch(/web-\S+: i-\S+:8080 is unhealthy/);
    expect(diagnosis).toMatch(/ELB system health check failure \(web-\S+: Target\.ResponseCodeMismatch\)/);
    expect(deps.io.outputs['status']).toBe('rolled-back');
    expect(Math.max(...greenShares(f))).toBe(0);
    expect(greenGroups(f)).toEqual([]);
    expect(autoscaling.groupNames()).toEqual([BLUE_GROUP]);
    expect(elbv2.forwardWeights(f.listenerArn!)).toEqual([{ targetGroupArn: f.blueTg, weight: 100 }]);
    expectClean(account);
  });

  it('an alarm mid-canary: the weights go back to blue and green is deleted', async () => {
    const f = ec2Fixture();
    const { account, cloudwatch, elbv2 } = f;
    cloudwatch.putAlarm('web-5xx');
    // The new AMI answers errors: the alarm fires once green has had traffic for a minute.
    cloudwatch.fireWhen('web-5xx', () => Math.max(0, ...greenShares(f).slice(-1)) > 0, 60_000);
    const deps = account.deps(
      blueGreen(f, {
        strategy: 'canary',
        'canary-percent': '10',
        'canary-interval': '10m',
        alarms: 'web-5xx',
      }),
    );
    const err = await run(deps).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/rolled back .*gate failed: alarm web-5xx/);
    expect(greenShares(f)).toEqual([0, 10, 0]);
    expect(elbv2.forwardWeights(f.listenerArn!)).toEqual([{ targetGroupArn: f.blueTg, weight: 100 }]);
    expect(greenGroups(f)).toEqual([]);
    const steps = (
      JSON.parse(deps.io.outputs['timeline']!) as Array<{ step: string; trafficPercent: number }>
    ).map((e) => [e.step, e.trafficPercent]);
    expect(steps).toContainEqual(['canary 10%', 10]);
    expect(steps.at(-1)).toEqual(['rolled back', 0]);
    expectClean(account);
  });

  it('canary through a listener rule succeeds, keeping blue at weight 0 with keep-previous', async () => {
    const f = ec2Fixture({ useRule: true });
    const { account, autoscaling, elbv2 } = f;
    const deps = account.deps({
      ...blueGreen(f, {
        strategy: 'canary',
        'canary-percent': '25',
        'canary-interval': '5m',
        'keep-previous': 'true',
      }),
      'listener-arn': '',
      'rule-arn': f.ruleArn!,
    });
    await run(deps);
    const green = deps.io.outputs['auto-scaling-group']!;
    expect(greenShares(f)).toEqual([0, 25, 100]);
    expect(autoscaling.groupNames().sort()).toEqual([BLUE_GROUP, green].sort());
    expect(autoscaling.group(BLUE_GROUP)!.tags.get('slipway:previous')?.value).toBe('true');
    expect(shares(elbv2.forwardWeights(f.ruleArn!))).toEqual({
      [f.blueTg!]: 0,
      [autoscaling.group(green)!.targetGroupArns[0]!]: 100,
    });
    // The listener's default action was never touched.
    expect(elbv2.forwardWeights(f.listenerArn!)).toEqual([]);
    expectClean(account);
    // The next deploy deletes the kept group once it has its own previous.
    const third = f.ec2.addImage(REGION, { name: 'web-third' }).id;
    const next = account.deps({
      ...blueGreen(f, { 'ami-id': third }),
      'listener-arn': '',
      'rule-arn': f.ruleArn!,
    });
    account.clock.advance(60_000);
    await run(next);
    expect(autoscaling.groupNames()).toEqual([next.io.outputs['auto-scaling-group']]);
    expect(account.orphans()).toEqual([]);
  });

  it('30% of calls throttled: the SDK retries, and the blue/green still succeeds cleanly', async () => {
    const f = ec2Fixture({ seed: 11 });
    const { account } = f;
    account.throttle(0.3);
    const deps = account.deps(blueGreen(f, { 'max-retries': '10' }));
    await run(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    const throttled = account.calls.filter(
      (c) => c.error === 'Throttling' || c.error === 'RequestLimitExceeded',
    );
    expect(throttled.length).toBeGreaterThan(10);
    expectClean(account);
  });

  it('a cancel mid-shift: the post step puts the weights back on blue and deletes green', async () => {
    const f = ec2Fixture();
    const { account, elbv2, autoscaling } = f;
    const deps = cancelWhen(
      account,
      account.deps(blueGreen(f, { strategy: 'canary', 'canary-percent': '20', 'canary-interval': '10m' })),
      () => {
        const last = elbv2.weightHistory.at(-1);
        return greenShares(f).at(-1) === 20 && account.clock.now() - last!.t >= 3 * 60_000;
      },
    );
    await expect(run(deps)).rejects.toThrow(/cancelled/);
    expect(greenShares(f).at(-1)).toBe(20);
    const postDeps = account.deps({}, { io: deps.io.forPost() });
    await post(postDeps);
    expect(elbv2.forwardWeights(f.listenerArn!)).toEqual([{ targetGroupArn: f.blueTg, weight: 100 }]);
    expect(autoscaling.groupNames()).toEqual([BLUE_GROUP]);
    expect(postDeps.io.logs.join('\n')).toMatch(/stopped while shifting at 20% traffic; rolling back/);
    expect(groupTitles(deps.io.logs).at(-1)).toBe('shift to 20%, then hold 10m');
    expect(groupTitles(postDeps.io.logs)).toEqual([
      expect.stringMatching(/^cleanup: roll back service web on listener web\//),
    ]);
    expectClean(account);
  });

  it('a smoke test that fails keeps green out of traffic and removes it', async () => {
    const f = ec2Fixture();
    const { account } = f;
    const seen: string[] = [];
    const fetch: Fetch = async (url) => {
      seen.push(url);
      return { status: 503 };
    };
    const deps = account.deps(blueGreen(f, { 'smoke-url': 'http://green.test.internal/health' }));
    await expect(run(deps, { fetch })).rejects.toThrow(
      /smoke test failed: GET http:\/\/green\.test\.internal\/health answered 503/,
    );
    expect(seen).toHaveLength(3);
    expect(Math.max(...greenShares(f))).toBe(0);
    expect(greenGroups(f)).toEqual([]);
    expect(account.orphans()).toEqual([]);
    expectClean(account);
  });

  it('a green group left from another rollout: the deploy waits, then fails naming it, and changes nothing', async () => {
    const f = ec2Fixture();
    const { account, autoscaling } = f;
    autoscaling.CreateAutoScalingGroup(
      {
        AutoScalingGroupName: 'web-stray',
        LaunchTemplate: { LaunchTemplateId: f.templateId, Version: '1' },
        MinSize: 0,
        MaxSize: 1,
        DesiredCapacity: 0,
        VPCZoneIdentifier: 'subnet-0aaaaaaaaaaaaaaa1',
        Tags: [{ Key: 'slipway:service', Value: SERVICE }],
      },
      REGION,
    );
    account.calls.length = 0;
    const deps = account.deps(blueGreen(f, { 'wait-timeout': '2m' }));
    await expect(run(deps)).rejects.toThrow(/group web-stray exists beside the live one/);
    expect(account.mutatingCalls()).toEqual([]);
    expectClean(account);
  });

  it('a cancel while green warms up: the post step finds green by name and removes it', async () => {
    const f = ec2Fixture();
    const { account, autoscaling, elbv2 } = f;
    const deps = cancelWhen(account, account.deps(blueGreen(f)), () => {
      const green = greenGroups(f)[0];
      return green !== undefined && (autoscaling.group(green)?.instances.size ?? 0) > 0;
    });
    await expect(run(deps)).rejects.toThrow(/cancelled/);
    // The checkpoint saved green's target group ARN; drop it, as a runner killed between CreateTargetGroup
    // and the save would have lost it, so the post step must find green by name.
    const saved = JSON.parse(deps.io.state['rollout']!) as {
      target: { greenTg?: string; greenTgName?: string };
    };
    expect(saved.target.greenTg).toMatch(/^arn:aws:elasticloadbalancing:/);
    delete saved.target.greenTg;
    deps.io.state['rollout'] = JSON.stringify(saved);
    expect(saved.target.greenTgName).toMatch(/^web-/);
    await post(account.deps({}, { io: deps.io.forPost() }));
    expect(autoscaling.groupNames()).toEqual([BLUE_GROUP]);
    expect(elbv2.forwardWeights(f.listenerArn!)).toEqual([{ targetGroupArn: f.blueTg, weight: 100 }]);
    expectClean(account);
  });
});
