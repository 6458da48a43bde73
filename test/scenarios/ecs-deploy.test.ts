import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UpdateServiceRequest } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/actions/deploy-ecs/main.js';
import { post } from '../../src/actions/deploy-ecs/post.js';
import { ActionError, CancelledError, RolloutFailedError } from '../../src/core/errors.js';
import { WaitTimeoutError } from '../../src/core/poll.js';
import type { TimelineEntry } from '../../src/core/timeline.js';
import type { Fetch } from '../../src/rollout/smoke-url.js';
import {
  CLUSTER,
  CONTAINER,
  containersAccount,
  FAMILY,
  IMAGE_V1,
  IMAGE_V2,
  SERVICE,
  ECS_BASE_INPUTS,
} from '../sim/containers.js';
import { groupTitles, outsideGroups } from './log-groups.js';

type Env = ReturnType<typeof containersAccount>;

const base = ECS_BASE_INPUTS;

const timeline = (outputs: Record<string, string>): TimelineEntry[] =>
  JSON.parse(outputs['timeline'] ?? '[]');

/** Every task the service wants running uses one task definition revision, and the service says the same. */
function runsOnly(env: Env, revision: number): void {
  const tasks = env.ecs.runningTasks(env.service);
  expect(tasks).toHaveLength(env.service.desiredCount);
  for (const t of tasks) expect(t.taskDefinitionArn).toBe(`${arnOf(revision)}`);
  expect(env.ecs.taskDefinitionOf(env.service).revision).toBe(revision);
}
const arnOf = (revision: number): string =>
  `arn:aws:ecs:us-east-1:123456789012:task-definition/${FAMILY}:${revision}`;

/** The green target group's production weight at every change of the production rule. */
const greenWeights = (env: Env, rule = env.rules.production): number[] =>
  env.elbv2.weightHistory
    .filter((w) => w.arn === rule)
    .map((w) => w.weights.find((x) => x.targetGroupArn === env.targetGroups.green)?.weight ?? 0);

function clean(env: Env): void {
  expect(env.account.violations).toEqual([]);
  expect(env.account.orphans()).toEqual([]);
}

const updates = (env: Env): UpdateServiceRequest[] =>
  env.account.calls
    .filter((c) => c.action === 'UpdateService' && !c.error)
    .map((c) => c.input as UpdateServiceRequest);

describe('deploy-ecs on the simulated account', () => {
  it('1. rolling: the circuit breaker is on, min/max healthy pass through, success is the deployment SUCCESSFUL', async () => {
    const env = containersAccount();
    const deps = env.account.deps({
      ...base,
      'bake-time': '2m',
      'min-healthy-percent': '100',
      'max-percent': '150',
    });
    const t0 = env.account.clock.now();
    await run(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    expect(deps.io.outputs['task-definition-arn']).toBe(arnOf(2));
    expect(deps.io.outputs['previous-task-definition-arn']).toBe(arnOf(1));
    const sd = env.ecs.serviceDeployment(deps.io.outputs['deployment-id']!);
    expect(sd?.status).toBe('SUCCESSFUL');
    const [update] = updates(env);
    expect(update?.taskDefinition).toBe(arnOf(2));
    expect(update?.deploymentConfiguration).toMatchObject({
      strategy: 'ROLLING',
      minimumHealthyPercent: 100,
      maximumPercent: 150,
      deploymentCircuitBreaker: { enable: true, rollback: true },
    });
    // Nothing else about the service is touched: no desired count, network or placement in the update.
    expect(Object.keys(update!).sort()).toEqual([
      'cluster',
      'deploymentConfiguration',
      'service',
      'taskDefinition',
    ]);
    expect(env.account.mutatingCalls().map((c) => c.action)).toEqual([
      'RegisterTaskDefinition',
      'UpdateService',
    ]);
    // The bake came after ECS reported SUCCESSFUL.
    expect(env.account.clock.now() - sd!.finishedAt!).toBeGreaterThanOrEqual(2 * 60_000);
    expect(env.account.clock.now() - t0).toBeLessThan(10 * 60_000);
    expect(timeline(deps.io.outputs).map((e) => e.step)).toEqual(
      expect.arrayContaining(['start', 'green ready', 'shift 100%', 'finalized']),
    );
    expect(deps.io.summary).toContain('console.aws.amazon.com/ecs/v2/clusters/prod/services/web');
    expect(groupTitles(deps.io.logs)).toEqual([
      'resolve service web in cluster prod',
      'prepare the new version',
      'shift to 100%',
      'bake 2m',
      'finalize',
    ]);
    expect(outsideGroups(deps.io.logs)).toContainEqual(
      expect.stringMatching(/^baked 2m: no alarm watched; ECS service deployment OK$/),
    );
    // An ECS service reports running tasks: the summary has the capacity column.
    expect(deps.io.summary).toContain('| healthy capacity |');
    runsOnly(env, 2);
    clean(env);
  });

  it('2. rolling: the circuit breaker rolls back; the action fails with stopped-task, target-health and event reasons', async () => {
    const env = containersAccount();
    env.ecs.behave(IMAGE_V2, { kind: 'unhealthy', reason: 'Target.ResponseCodeMismatch' });
    const deps = env.account.deps({ ...base });
    const err = await run(deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RolloutFailedError);
    const failure = err as RolloutFailedError;
    expect(failure.rolledBack).toBe(true);
    expect(failure.message).toMatch(
      /rolled back to .*web:1: .*ECS deployment circuit breaker: tasks failed to start/,
    );
    expect(deps.io.outputs['status']).toBe('rolled-back');
    const diagnosis = failure.diagnosis.join('\n');
    expect(diagnosis).toMatch(
      /stopped task \w+ \(web:2\): Task failed ELB health checks in \(target-group arn:/,
    );
    expect(diagnosis).toMatch(
      /target i-\w+:\d+ in web-blue is unhealthy\.draining: Target\.DeregistrationInProgress/,
    );
    expect(diagnosis).toMatch(/service event .*deployment failed: tasks failed to start/);
    expect(diagnosis).toMatch(
      /service event .*is unhealthy in \(target-group .*Health checks failed with these codes: \[502\]/,
    );
    expect(deps.io.summary).toContain('Task failed ELB health checks');
    expect(env.ecs.serviceDeployment(deps.io.outputs['deployment-id']!)?.status).toBe('ROLLBACK_SUCCESSFUL');
    // The bad revision never took the service below its healthy minimum, and all of it is gone.
    runsOnly(env, 1);
    clean(env);
  });

  it('3. canary: the alarm fires on the canary; ECS and the gate roll back, traffic never passes the canary share', async () => {
    const env = containersAccount();
    env.cloudwatch.putAlarm('web-5xx');
    // The new image serves errors: the alarm fires a minute after the canary gets traffic.
    env.cloudwatch.fireWhen('web-5xx', () => (greenWeights(env).at(-1) ?? 0) > 0, 60_000);
    const deps = env.account.deps({
      ...base,
      strategy: 'canary',
      'canary-percent': '10',
      'canary-interval': '10m',
      'bake-time': '5m',
      alarms: 'web-5xx',
    });
    const err = await run(deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RolloutFailedError);
    expect((err as RolloutFailedError).rolledBack).toBe(true);
    expect((err as Error).message).toMatch(/web-5xx/);
    expect(deps.io.outputs['status']).toBe('rolled-back');
    expect(Math.max(...greenWeights(env))).toBe(10);
    expect(greenWeights(env).at(-1)).toBe(0);
    expect(updates(env)[0]?.deploymentConfiguration).toMatchObject({
      strategy: 'CANARY',
      canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 10 },
      bakeTimeInMinutes: 5,
      alarms: { alarmNames: ['web-5xx'], enable: true, rollback: true },
      deploymentCircuitBreaker: { enable: false, rollback: false },
    });
    expect(timeline(deps.io.outputs).map((e) => e.step)).toContain('canary 10%');
    runsOnly(env, 1);
    clean(env);
  });

  it('4. linear: production traffic moves 25% at a time, each step held, then the old tasks go', async () => {
    const env = containersAccount();
    const deps = env.account.deps({
      ...base,
      strategy: 'linear',
      'linear-percent': '25',
      'linear-interval': '2m',
      'bake-time': '3m',
    });
    await run(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    expect(greenWeights(env).filter((w) => w > 0)).toEqual([25, 50, 75, 100]);
    const shifts = env.elbv2.weightHistory.filter((w) => w.arn === env.rules.production);
    for (let i = 2; i < shifts.length; i++)
      expect(shifts[i]!.t - shifts[i - 1]!.t).toBeGreaterThanOrEqual(2 * 60_000);
    const steps = timeline(deps.io.outputs).map((e) => [e.step, e.trafficPercent]);
    expect(steps).toEqual(
      expect.arrayContaining([
        ['linear 25%', 25],
        ['linear 50%', 50],
        ['linear 75%', 75],
        ['finalized', 100],
      ]),
    );
    // Green (the alternate group) now serves production; blue is empty.
    expect(env.elbv2.healthyCount(env.targetGroups.green)).toBe(3);
    expect(env.elbv2.healthyCount(env.targetGroups.blue)).toBe(0);
    runsOnly(env, 2);
    clean(env);
  });

  it('5. blue-green: the smoke check on the test listener fails; no production traffic ever moves', async () => {
    const env = containersAccount();
    const seen: string[] = [];
    const fetch: Fetch = async (url) => {
      seen.push(url);
      // The test listener serves green by then: the check reaches the new revision, which answers 503.
      expect(
        env.elbv2.forwardWeights(env.rules.test).find((w) => w.targetGroupArn === env.targetGroups.green)
          ?.weight,
      ).toBe(100);
      return { status: 503 };
    };
    const deps = env.account.deps({
      ...base,
      strategy: 'blue-green',
      'bake-time': '5m',
      'smoke-url': 'http://web-123.us-east-1.elb.amazonaws.com:8080/health',
    });
    const err = await run(deps, { fetch }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RolloutFailedError);
    expect((err as Error).message).toMatch(
      /smoke check failed: GET http:\/\/web-123\S+ answered 503 \(3 tries\)/,
    );
    expect(deps.io.outputs['status']).toBe('rolled-back');
    expect(seen).toHaveLength(3);
    // Until the rollback put the service's hooks back, no production traffic moved. (Removing the hook then
    // starts a deployment of the old revision, which deploy-ecs follows to its end.)
    const restoredAt = env.account.calls.filter((c) => c.action === 'UpdateService')[1]!.t;
    const before = env.elbv2.weightHistory.filter((w) => w.arn === env.rules.production && w.t < restoredAt);
    expect(
      Math.max(
        ...before.map((w) => w.weights.find((x) => x.targetGroupArn === env.targetGroups.green)?.weight ?? 0),
      ),
    ).toBe(0);
    const cont = env.account.calls.find((c) => c.action === 'ContinueServiceDeployment');
    expect(cont?.input).toMatchObject({ action: 'ROLLBACK' });
    // The smoke hook was there for this deployment only; the service's hooks are as before.
    expect(updates(env)[0]?.deploymentConfiguration?.lifecycleHooks).toEqual([
      expect.objectContaining({ targetType: 'PAUSE', lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'] }),
    ]);
    expect(env.service.deploymentConfiguration.lifecycleHooks).toEqual([]);
    expect(env.elbv2.forwardWeights(env.rules.test).map((w) => w.weight)).toEqual([100, 0]);
    runsOnly(env, 1);
    clean(env);
  });

  it('6. 30% of calls throttled: adaptive retry carries a blue-green deploy through', async () => {
    const env = containersAccount({ seed: 11 });
    env.account.throttle(0.3);
    const deps = env.account.deps({ ...base, strategy: 'blue-green', 'bake-time': '2m' });
    await run(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    const throttled = env.account.calls.filter(
      (c) => c.error === 'ThrottlingException' || c.error === 'Throttling',
    );
    expect(throttled.length).toBeGreaterThan(5);
    expect(greenWeights(env).at(-1)).toBe(100);
    expect(groupTitles(deps.io.logs)).toEqual([
      'resolve service web in cluster prod',
      'prepare the new version',
      'shift to 100%',
      'bake 2m',
      'finalize',
    ]);
    runsOnly(env, 2);
    clean(env);
  });

  it('7. a cancel during the bake: the post step stops the deployment with ROLLBACK, back on the old revision', async () => {
    const env = containersAccount();
    const inputs = { ...base, strategy: 'blue-green', 'bake-time': '20m' };
    const t0 = env.account.clock.now();
    const deps = env.account.deps(inputs, { cancelAt: t0 + 10 * 60_000 });
    const err = await run(deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CancelledError);
    const saved = JSON.parse(deps.io.state['rollout'] ?? '{}') as {
      phase: string;
      target: { serviceDeploymentArn: string };
    };
    expect(saved.phase).toBe('baking');
    const arn = saved.target.serviceDeploymentArn;
    expect(env.ecs.serviceDeployment(arn)?.stage).toBe('BAKE_TIME');
    expect(greenWeights(env).at(-1)).toBe(100);

    const postDeps = env.account.deps(inputs, { io: deps.io.forPost() });
    await post(postDeps);
    expect(postDeps.io.logs.join('\n')).toMatch(/rolling back/);
    expect(groupTitles(deps.io.logs).at(-1)).toBe('bake 20m');
    expect(groupTitles(postDeps.io.logs)).toEqual(['cleanup: roll back service web in cluster prod']);
    expect(outsideGroups(postDeps.io.logs).at(-1)).toBe(
      'post: service web in cluster prod is back on the previous version',
    );
    expect(env.account.calls.find((c) => c.action === 'StopServiceDeployment')?.input).toEqual({
      serviceDeploymentArn: arn,
      stopType: 'ROLLBACK',
    });
    expect(env.ecs.serviceDeployment(arn)?.status).toBe('ROLLBACK_SUCCESSFUL');
    expect(greenWeights(env).at(-1)).toBe(0);
    expect(JSON.parse(postDeps.io.state['rollout'] ?? '{}').phase).toBe('rolled-back');
    runsOnly(env, 1);
    clean(env);
  });

  it('8. an unchanged image registers no revision and makes no mutating call (service definition or file)', async () => {
    const env = containersAccount();
    const deps = env.account.deps({ ...base, image: IMAGE_V1 });
    await run(deps);
    expect(deps.io.outputs['status']).toBe('no-op');
    expect(deps.io.outputs['task-definition-arn']).toBe(arnOf(1));
    // A file in the minimal form people write gives the same answer: ECS's defaults are normalised away.
    const dir = mkdtempSync(join(tmpdir(), 'slipway-ecs-td-'));
    writeFileSync(
      join(dir, 'task-definition.json'),
      JSON.stringify({
        family: FAMILY,
        containerDefinitions: [
          {
            name: CONTAINER,
            image: 'placeholder',
            memory: 512,
            portMappings: [{ containerPort: 8080 }],
            environment: [{ name: 'PORT', value: '8080' }],
          },
        ],
        networkMode: 'bridge',
      }),
    );
    const fromFile = env.account.deps(
      { ...base, image: IMAGE_V1, 'task-definition': 'task-definition.json' },
      {
        env: { GITHUB_WORKSPACE: dir },
      },
    );
    const t0 = env.account.clock.now();
    await run(fromFile);
    expect(fromFile.io.outputs['status']).toBe('no-op');
    expect(env.account.clock.now() - t0).toBeLessThan(5_000);
    expect(env.account.mutatingCalls()).toEqual([]);
    expect(env.ecs.revisionCount(FAMILY)).toBe(1);
    runsOnly(env, 1);
    clean(env);
  });

  it('9. EC2 launch type: bridge networking with dynamic host ports, bin-packed three to a host', async () => {
    const env = containersAccount({
      instances: 3,
      instanceMemory: 2048,
      taskMemory: 600,
      placementStrategy: [{ type: 'binpack', field: 'memory' }],
    });
    const before = env.ecs.runningTasks(env.service);
    expect(new Set(before.map((t) => t.ec2InstanceId)).size).toBe(1);
    const deps = env.account.deps({ ...base });
    await run(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    const after = env.ecs.runningTasks(env.service);
    const hosts = new Set(after.map((t) => t.ec2InstanceId));
    expect(hosts.size).toBe(1);
    expect([...hosts][0]).not.toBe(before[0]!.ec2InstanceId);
    const ports = after.flatMap((t) => t.hostPorts);
    expect(new Set(ports).size).toBe(3);
    for (const p of ports) expect(p).toBeGreaterThanOrEqual(49153);
    // Each task is a target at its instance and dynamic port.
    for (const t of after)
      expect(env.elbv2.target(env.targetGroups.blue, t.ec2InstanceId!, t.hostPorts[0]!)?.state).toBe(
        'healthy',
      );
    // The definition kept its bridge network mode and dynamic port; placement was not touched.
    const registered = env.account.calls.find((c) => c.action === 'RegisterTaskDefinition')?.input as {
      networkMode: string;
      containerDefinitions: Array<{ portMappings: Array<{ hostPort: number }> }>;
    };
    expect(registered.networkMode).toBe('bridge');
    expect(registered.containerDefinitions[0]!.portMappings[0]!.hostPort).toBe(0);
    expect(updates(env)[0]).not.toHaveProperty('placementStrategy');
    runsOnly(env, 2);
    clean(env);
  });

  it('10. another deployment in progress: deploy-ecs waits for it, then fails naming it at wait-timeout', async () => {
    const env = containersAccount();
    // The other deployment is not ours to stop: it is still in progress when the job fails.
    env.account.expectViolations();
    env.ecs.behave('registry.example/slow:1', { kind: 'unhealthy' });
    const td = env.ecs.registerTaskDefinition({
      family: FAMILY,
      networkMode: 'bridge',
      containerDefinitions: [
        { ...env.taskDefinition.containerDefinitions![0]!, image: 'registry.example/slow:1' },
      ],
    });
    const other = env.ecs.UpdateService({
      cluster: CLUSTER,
      service: SERVICE,
      taskDefinition: td.taskDefinitionArn,
    });
    const deps = env.account.deps({ ...base, 'wait-timeout': '2m' });
    const err = await run(deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect((err as Error).message).toMatch(
      new RegExp(
        `timed out after 2m waiting for the other rollout .*service deployment ${other.service!.currentServiceDeployment!.split('/').pop()} is IN_PROGRESS`,
      ),
    );
    expect(env.account.mutatingCalls()).toEqual([]);
    expect(env.account.violations).toEqual([]);
  });

  it('11. a native strategy on a service without advancedConfiguration: an error listing exactly what to set', async () => {
    const env = containersAccount({ advancedConfiguration: false });
    const deps = env.account.deps({
      ...base,
      strategy: 'blue-green',
      'smoke-url': 'http://x.example/health',
    });
    const err = await run(deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionError);
    expect((err as Error).message).toBe(
      "strategy blue-green uses ECS's native BLUE_GREEN deployments, and service web in cluster prod lacks what they need; set " +
        'loadBalancers[0].advancedConfiguration.alternateTargetGroupArn (a second target group); ' +
        'loadBalancers[0].advancedConfiguration.productionListenerRule (the listener rule ARN that serves production); ' +
        'loadBalancers[0].advancedConfiguration.roleArn (a role that lets ECS modify the listener rules); ' +
        'loadBalancers[0].advancedConfiguration.testListenerRule (the listener rule smoke-url reaches)',
    );
    expect(env.account.mutatingCalls()).toEqual([]);
    clean(env);
  });
});

describe('deploy-ecs: more paths', () => {
  it('11b. bake-time defaults to 0 with no alarm to watch, and to 5m with one; a set bake with no alarm warns', async () => {
    const bakeOf = (env: Env) => updates(env)[0]?.deploymentConfiguration?.bakeTimeInMinutes;
    const bare = containersAccount();
    const deps = bare.account.deps({ ...base, strategy: 'blue-green' });
    await run(deps);
    expect(bakeOf(bare)).toBe(0);
    expect(groupTitles(deps.io.logs)).not.toContainEqual(expect.stringMatching(/^bake/));
    expect(deps.io.logs.filter((l) => l.startsWith('::warning::'))).toEqual([]);

    const watched = containersAccount();
    watched.cloudwatch.putAlarm('web-5xx');
    const withAlarm = watched.account.deps({ ...base, strategy: 'blue-green', alarms: 'web-5xx' });
    await run(withAlarm);
    expect(bakeOf(watched)).toBe(5);
    expect(groupTitles(withAlarm.io.logs)).toContain('bake 5m');
    expect(withAlarm.io.logs.filter((l) => l.startsWith('::warning::'))).toEqual([]);

    const set = containersAccount();
    const explicit = set.account.deps({ ...base, strategy: 'blue-green', 'bake-time': '2m' });
    await run(explicit);
    expect(bakeOf(set)).toBe(2);
    expect(explicit.io.logs.filter((l) => l.startsWith('::warning::'))).toEqual([
      expect.stringMatching(
        /holds 2m with traffic on the new version \(bake-time 2m\) but watches no alarm.*alarms input/,
      ),
    ]);
    expect(explicit.io.logs.join('\n')).toMatch(
      /bake \(2m\): holding; no alarm watched; ECS service deployment OK/,
    );
  });

  it('12. Fargate (awsvpc): tasks register by IP, and the definition keeps its network mode and compatibilities', async () => {
    const env = containersAccount({ launchType: 'FARGATE' });
    const deps = env.account.deps({ ...base, 'bake-time': '0s' });
    await run(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    const registered = env.account.calls.find((c) => c.action === 'RegisterTaskDefinition')?.input as {
      networkMode: string;
      requiresCompatibilities: string[];
    };
    expect(registered).toMatchObject({ networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'] });
    const targets = [...env.elbv2.targetGroup(env.targetGroups.blue)!.targets.values()];
    expect(targets.map((t) => [t.state, t.port])).toEqual([
      ['healthy', 8080],
      ['healthy', 8080],
      ['healthy', 8080],
    ]);
    for (const t of targets) expect(t.id).toMatch(/^10\.0\.\d+\.\d+$/);
    runsOnly(env, 2);
    clean(env);
  });

  it('13. rolling: an alarm during the bake, after ECS finished, rolls forward to the old revision without its alarms', async () => {
    const env = containersAccount();
    env.cloudwatch.putAlarm('web-latency');
    // Latency rises once every task runs the new revision.
    env.cloudwatch.fireWhen(
      'web-latency',
      () => env.ecs.runningTasks(env.service).every((t) => t.taskDefinitionArn === arnOf(2)),
      // Long enough for the old tasks to drain and ECS to call its deployment done.
      150_000,
    );
    const deps = env.account.deps({ ...base, 'bake-time': '10m', alarms: 'web-latency' });
    const err = await run(deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RolloutFailedError);
    expect((err as Error).message).toMatch(/rolled back to .*web:1: gate failed: alarm web-latency/);
    expect(deps.io.outputs['status']).toBe('rolled-back');
    const [forward, back] = updates(env);
    expect(forward?.deploymentConfiguration?.alarms).toEqual({
      alarmNames: ['web-latency'],
      enable: true,
      rollback: true,
    });
    // The way back does not carry the alarm that is still firing, or ECS would roll the rollback back.
    expect(back?.taskDefinition).toBe(arnOf(1));
    expect(back?.deploymentConfiguration?.alarms).toEqual({ alarmNames: [], enable: false, rollback: false });
    expect(env.ecs.serviceDeployment(deps.io.outputs['deployment-id']!)?.status).toBe('SUCCESSFUL');
    expect(env.account.calls.some((c) => c.action === 'StopServiceDeployment')).toBe(false);
    runsOnly(env, 1);
    clean(env);
  });

  it('14. rollback disabled: a circuit-breaker failure leaves the service as ECS left it, and says so', async () => {
    const env = containersAccount();
    // rollback: false leaves the service as ECS left it, as the user asked.
    env.account.expectViolations();
    env.ecs.behave(IMAGE_V2, { kind: 'crash', afterMs: 3_000, exitCode: 137 });
    const deps = env.account.deps({ ...base, rollback: 'false' });
    const err = await run(deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RolloutFailedError);
    expect((err as RolloutFailedError).rolledBack).toBe(false);
    expect((err as Error).message).toMatch(
      /failed and was NOT rolled back: .*STOPPED: ECS deployment circuit breaker/,
    );
    expect((err as RolloutFailedError).diagnosis.join('\n')).toMatch(
      /stopped task \w+ \(web:2\): Essential container in task exited; app exit 137/,
    );
    expect(deps.io.outputs['status']).toBe('failed');
    expect(updates(env)[0]?.deploymentConfiguration?.deploymentCircuitBreaker).toEqual({
      enable: true,
      rollback: false,
    });
    // The old tasks kept serving throughout.
    expect(env.account.violations).toEqual([]);
  });

  it.each([
    ['blue-green, while the new tasks scale up', 'blue-green', 40_000, 'preparing'],
    ['rolling, while ECS replaces the tasks', 'rolling', 60_000, 'shifting'],
  ])(
    '15. a cancel %s, state lost before the checkpoint: the post step finds the deployment itself, and stops it',
    async (_what, strategy, after, phase) => {
      const env = containersAccount();
      const inputs = { ...base, strategy };
      const deps = env.account.deps(inputs, { cancelAt: env.account.clock.now() + after });
      expect(await run(deps).catch((e: unknown) => e)).toBeInstanceOf(CancelledError);
      const saved = JSON.parse(deps.io.state['rollout'] ?? '{}') as {
        phase: string;
        target: { serviceDeploymentArn?: string };
      };
      expect(saved.phase).toBe(phase);
      // The checkpoint saved the deployment's ARN; drop it, as a runner killed between UpdateService and the
      // save would have lost it, so the post step must find the deployment itself.
      expect(saved.target.serviceDeploymentArn).toMatch(/^arn:aws:ecs:.*:service-deployment\//);
      delete saved.target.serviceDeploymentArn;
      deps.io.state['rollout'] = JSON.stringify(saved);
      const postDeps = env.account.deps(inputs, { io: deps.io.forPost() });
      await post(postDeps);
      const stop = env.account.calls.find((c) => c.action === 'StopServiceDeployment');
      const arn = (stop?.input as { serviceDeploymentArn: string }).serviceDeploymentArn;
      expect(env.ecs.serviceDeployment(arn)?.status).toBe('ROLLBACK_SUCCESSFUL');
      runsOnly(env, 1);
      clean(env);
    },
  );
});
