import type { ServiceDeployment } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import type { EcsServiceState, EcsTargetSpec } from '../../src/targets/ecs/ecs-target.js';
import { EcsServiceTarget } from '../../src/targets/ecs/ecs-target.js';
import type { World } from './ecs-target-harness.js';
import {
  TD,
  SD,
  LABEL,
  IMAGE,
  definition,
  world,
  clients,
  context,
  SPEC,
  state,
} from './ecs-target-harness.js';

// Each read is a new poll (the clock moves 10 s per read), so the memo does not hide the script.
const ticking = () => {
  let n = 0;
  return () => (n += 10_000);
};

interface Setup {
  spec?: Partial<EcsTargetSpec> | null;
  state?: Partial<EcsServiceState>;
  now?: () => number;
  fetch?: () => Promise<{ status: number }>;
}

function make(w: World, s: Setup = {}) {
  const c = clients(w);
  const deps = {
    ecs: c.ecs,
    elbv2: c.elbv2,
    clock: { now: s.now ?? (() => 5_000), sleep: async () => undefined },
    signal: new AbortController().signal,
    fetch:
      s.fetch ??
      (async () => {
        throw new Error('no fetch expected');
      }),
  };
  const st = state({ strategy: s.spec?.strategy ?? 'rolling', ...s.state });
  const t =
    s.spec === null
      ? new EcsServiceTarget(deps as never, st)
      : new EcsServiceTarget(deps as never, st, { ...SPEC, ...s.spec });
  return { t, c, st };
}

// Everything a native strategy needs on the load balancer entry.
const NATIVE_LB = {
  targetGroupArn: 'tg-blue',
  containerName: 'app',
  containerPort: 8080,
  advancedConfiguration: {
    alternateTargetGroupArn: 'tg-green',
    productionListenerRule: 'rule-prod',
    roleArn: 'arn:aws:iam::123456789012:role/ecs',
  },
};

describe('describe: pre-checks', () => {
  it('a target rebuilt for a rollback only cannot describe', async () => {
    const { t } = make(world(), { spec: null });
    await expect(t.describe()).rejects.toThrow('this target was rebuilt for a rollback only');
  });

  it("a service that is not found names ECS's reason, or MISSING", async () => {
    const a = make(world({ service: undefined, failures: [{ reason: 'INACTIVE cluster' }] }));
    await expect(a.t.describe()).rejects.toThrow(
      `${LABEL} not found in us-east-1 (INACTIVE cluster); check cluster, service and aws-region`,
    );
    const b = make(world({ service: undefined }));
    await expect(b.t.describe()).rejects.toThrow(
      `${LABEL} not found in us-east-1 (MISSING); check cluster, service and aws-region`,
    );
  });

  it('a service that is not ACTIVE is refused', async () => {
    const w = world();
    w.service!.status = 'DRAINING';
    await expect(make(w).t.describe()).rejects.toThrow(`${LABEL} is DRAINING, not ACTIVE`);
  });

  it('a service with another deployment controller is refused', async () => {
    const w = world();
    w.service!.deploymentController = { type: 'CODE_DEPLOY' };
    await expect(make(w).t.describe()).rejects.toThrow(
      `${LABEL} uses the CODE_DEPLOY deployment controller; deploy-ecs drives ECS's own deployments (deploymentController ECS)`,
    );
  });

  it('a native strategy without smoke-url needs no test listener rule', async () => {
    const w = world();
    w.service!.loadBalancers = [NATIVE_LB];
    w.service!.deploymentController = { type: 'ECS' };
    const { t } = make(w, { spec: { strategy: 'blue-green' } });
    expect(await t.describe()).toEqual({ current: TD(1), upToDate: false, inProgress: undefined });
  });

  it('the task definition problem says where the definition came from', async () => {
    const a = make(world(), { spec: { changes: new Map([['api', { image: IMAGE }]]) } });
    await expect(a.t.describe()).rejects.toThrow(
      'the task definition web:1 that the service runs has no container named "api"; its containers are app',
    );
    const b = make(world(), {
      spec: {
        changes: new Map([['api', { image: IMAGE }]]),
        taskDefinition: { family: 'web', containerDefinitions: [{ name: 'x' }] },
      },
    });
    await expect(b.t.describe()).rejects.toThrow(
      'the task definition in the task-definition file has no container named "api"; its containers are x',
    );
  });

  it('a service that names no task definition is read as the empty ARN', async () => {
    const w = world();
    delete w.service!.taskDefinition;
    w.definitions[''] = definition(1);
    const { t, c } = make(w);
    expect(await t.describe()).toEqual({ current: '', upToDate: false, inProgress: undefined });
    expect(c.calls.find(([n]) => n === 'DescribeTaskDefinition')?.[1]).toEqual({ taskDefinition: '' });
  });
});

describe('describe: up to date', () => {
  it('the same image on a COMPLETED primary is up to date, whatever older deployments did; the definition is read once', async () => {
    const w = world();
    // An older deployment that failed and was replaced does not count; only the primary one does.
    w.service!.deployments = [
      { status: 'PRIMARY', rolloutState: 'COMPLETED' },
      { status: 'ACTIVE', rolloutState: 'FAILED' },
    ];
    const { t, c } = make(w, { spec: { changes: new Map([['app', { image: 'repo/web:1' }]]) } });
    expect(await t.describe()).toEqual({ current: TD(1), upToDate: true, inProgress: undefined });
    expect(await t.describe()).toEqual({ current: TD(1), upToDate: true, inProgress: undefined });
    expect(c.names().filter((n) => n === 'DescribeTaskDefinition')).toHaveLength(1);
  });

  it('a service left on a FAILED primary is not up to date with it', async () => {
    const w = world();
    w.service!.deployments = [
      { status: 'ACTIVE', rolloutState: 'FAILED' },
      { status: 'PRIMARY', rolloutState: 'FAILED' },
    ];
    const { t } = make(w, { spec: { changes: new Map([['app', { image: 'repo/web:1' }]]) } });
    expect(await t.describe()).toEqual({ current: TD(1), upToDate: false, inProgress: undefined });
  });

  it('another unfinished deployment is in progress, and nothing is up to date then', async () => {
    const w = world({ unfinished: [{ serviceDeploymentArn: SD('other'), status: 'IN_PROGRESS' }] });
    const { t } = make(w, { spec: { changes: new Map([['app', { image: 'repo/web:1' }]]) } });
    expect(await t.describe()).toEqual({
      current: TD(1),
      upToDate: false,
      inProgress: 'service deployment other is IN_PROGRESS',
    });
  });
});

describe('rolling deployment', () => {
  it('registers, starts one deployment, follows it to SUCCESSFUL and reads the service back', async () => {
    const w = world({ update: () => SD('new') });
    w.deployments[SD('new')] = [
      { status: 'IN_PROGRESS', targetServiceRevision: { runningTaskCount: 1, requestedTaskCount: 3 } },
      { status: 'SUCCESSFUL' },
    ];
    const { t, c, st } = make(w, { spec: { smoke: true }, now: ticking() });
    const ctx = context();
    await t.describe();
    await t.prepareGreen(ctx);
    await t.shift(100, ctx);
    await t.finalize(ctx);
    expect(c.names()).toEqual([
      'DescribeServices',
      'DescribeTaskDefinition',
      'ListServiceDeployments',
      'RegisterTaskDefinition',
      'UpdateService',
      'DescribeServiceDeployments',
      'DescribeServiceDeployments',
      'DescribeServices',
    ]);
    expect(ctx.lines).toEqual([
      `registered task definition web:2: app = ${IMAGE}`,
      `started ECS service deployment ${SD('new')}`,
      'ECS service deployment new is SUCCESSFUL',
      `${LABEL} runs web:2 (read back)`,
    ]);
    expect(ctx.waits).toEqual([
      { what: 'ECS rolling deployment new', statuses: ['IN_PROGRESS, new tasks 1/3 running'], plain: false },
    ]);
    expect(ctx.checkpoints).toBe(1);
    // A rolling deploy adds no smoke hook, so there are no hooks to put back.
    expect(st.originalHooks).toBeUndefined();
    expect(st.serviceDeploymentArn).toBe(SD('new'));
    expect(st.originalConfiguration).toEqual({
      strategy: 'ROLLING',
      minimumHealthyPercent: 100,
      maximumPercent: 200,
    });
  });

  it('when UpdateService answers with the deployment that ran before, the new one is listed', async () => {
    const w = world({ update: () => SD('before') });
    w.deployments[SD('listed')] = [{ status: 'SUCCESSFUL' }];
    const { t, st } = make(w);
    const ctx = context();
    await t.describe();
    await t.prepareGreen(ctx);
    w.unfinished = [
      { serviceDeploymentArn: SD('older'), status: 'IN_PROGRESS', createdAt: new Date(1) },
      { serviceDeploymentArn: SD('listed'), status: 'PENDING', createdAt: new Date(2) },
    ];
    await t.shift(100, ctx);
    expect(st.serviceDeploymentArn).toBe(SD('listed'));
  });

  it('an UpdateService that starts no deployment fails', async () => {
    const { t } = make(world());
    const ctx = context();
    await t.describe();
    await t.prepareGreen(ctx);
    await expect(t.shift(100, ctx)).rejects.toThrow(
      `UpdateService on ${LABEL} started no service deployment`,
    );
  });

  it("a deployment that rolls back ends the wait with ECS's reason", async () => {
    const w = world({ update: () => SD('new') });
    w.deployments[SD('new')] = [
      {
        status: 'ROLLBACK_IN_PROGRESS',
        statusReason: 'circuit breaker',
        deploymentCircuitBreaker: { status: 'TRIGGERED', failureCount: 3, threshold: 3 },
      },
    ];
    const { t } = make(w);
    const ctx = context();
    await t.describe();
    await t.prepareGreen(ctx);
    await expect(t.shift(100, ctx)).rejects.toThrow(
      'ECS service deployment new is ROLLBACK_IN_PROGRESS: circuit breaker; circuit breaker: 3 failed tasks (threshold 3)',
    );
  });

  it('finalize fails when the service reads back on another revision', async () => {
    const w = world();
    const { t } = make(w, { state: { taskDefinitionArn: TD(2) } });
    await expect(t.finalize(context())).rejects.toThrow(
      `${LABEL} reads back as web:1, not web:2: another deploy changed it`,
    );
  });

  it('finalize names a service without a task definition as the empty revision', async () => {
    const w = world();
    delete w.service!.taskDefinition;
    const { t } = make(w, { state: { taskDefinitionArn: TD(2) } });
    await expect(t.finalize(context())).rejects.toThrow(
      `${LABEL} reads back as , not web:2: another deploy changed it`,
    );
  });
});

describe('native deployment', () => {
  const native = (smoke: boolean) => {
    const w = world({ update: () => SD('bg') });
    w.service!.loadBalancers = [
      {
        ...NATIVE_LB,
        advancedConfiguration: { ...NATIVE_LB.advancedConfiguration, testListenerRule: 'rule-test' },
      },
    ];
    w.service!.deploymentConfiguration = { strategy: 'ROLLING', lifecycleHooks: [] };
    return {
      w,
      spec: {
        strategy: 'blue-green' as const,
        smoke,
        smokeUrl: smoke ? 'https://test.example/health' : undefined,
      },
    };
  };

  it('without smoke, prepareGreen waits for test traffic on the new tasks', async () => {
    const { w, spec } = native(false);
    w.deployments[SD('bg')] = [
      { status: 'IN_PROGRESS', lifecycleStage: 'TEST_TRAFFIC_SHIFT' },
      { status: 'IN_PROGRESS', lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT' },
    ];
    const { t, st } = make(w, { spec, now: ticking() });
    const ctx = context();
    await t.describe();
    await t.prepareGreen(ctx);
    expect(ctx.waits).toEqual([
      {
        what: 'ECS BLUE_GREEN deployment bg: new tasks healthy, test traffic on them',
        statuses: ['IN_PROGRESS at TEST_TRAFFIC_SHIFT'],
        plain: false,
      },
    ]);
    expect(st.originalHooks).toBeUndefined();
  });

  const hooks = [
    { hookId: 'h-lambda', targetType: 'AWS_LAMBDA', status: 'AWAITING_ACTION' },
    { hookId: 'h-done', targetType: 'PAUSE', status: 'SUCCEEDED' },
    { hookId: 'h-smoke', targetType: 'PAUSE', status: 'AWAITING_ACTION' },
  ];

  it('with smoke, the check runs at the PAUSE hook awaiting action, and a pass continues it', async () => {
    const { w, spec } = native(true);
    w.deployments[SD('bg')] = [
      {
        status: 'IN_PROGRESS',
        lifecycleStage: 'TEST_TRAFFIC_SHIFT',
        lifecycleHookDetails: [
          { hookId: 'h-early', targetType: 'PAUSE', status: 'AWAITING_ACTION' },
        ] as never,
      },
      {
        status: 'IN_PROGRESS',
        lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT',
        lifecycleHookDetails: hooks as never,
      },
    ];
    const { t, c, st } = make(w, {
      spec,
      now: ticking(),
      fetch: async () => ({ status: 200 }),
    });
    const ctx = context();
    await t.describe();
    await t.prepareGreen(ctx);
    expect(c.calls.filter(([n]) => n === 'ContinueServiceDeployment').map(([, i]) => i)).toEqual([
      { serviceDeploymentArn: SD('bg'), hookId: 'h-smoke', action: 'CONTINUE' },
    ]);
    expect(ctx.lines.slice(2)).toEqual([
      'smoke check on the test listener: GET https://test.example/health',
      'smoke check passed: GET https://test.example/health answered 200',
    ]);
    expect(ctx.checks).toEqual([
      { name: 'smoke check', ok: true, detail: 'GET https://test.example/health answered 200' },
    ]);
    expect(st.originalHooks).toEqual([]);
  });

  it('a failed smoke check rolls the deployment back at the hook', async () => {
    const { w, spec } = native(true);
    w.deployments[SD('bg')] = [
      {
        status: 'IN_PROGRESS',
        lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT',
        lifecycleHookDetails: hooks as never,
      },
    ];
    const { t, c } = make(w, { spec, fetch: async () => ({ status: 503 }) });
    const ctx = context();
    await t.describe();
    await expect(t.prepareGreen(ctx)).rejects.toThrow(
      'smoke check failed: GET https://test.example/health answered 503 (3 tries); ECS rolls the deployment back before it gets production traffic',
    );
    expect(c.calls.filter(([n]) => n === 'ContinueServiceDeployment').map(([, i]) => i)).toEqual([
      { serviceDeploymentArn: SD('bg'), hookId: 'h-smoke', action: 'ROLLBACK' },
    ]);
    expect(ctx.checks).toEqual([
      { name: 'smoke check', ok: false, detail: 'GET https://test.example/health answered 503 (3 tries)' },
    ]);
  });

  async function shiftTo(percent: number, script: Array<Partial<ServiceDeployment>>) {
    const w = world();
    w.deployments[SD('bg')] = script;
    const { t } = make(w, {
      spec: { strategy: 'canary' },
      state: { serviceDeploymentArn: SD('bg') },
      now: ticking(),
    });
    const ctx = context();
    await t.shift(percent, ctx);
    return ctx;
  }

  it('a shift ends when the weight reported reaches the percent', async () => {
    const ctx = await shiftTo(50, [
      {
        status: 'IN_PROGRESS',
        deploymentConfiguration: { strategy: 'CANARY' },
        targetServiceRevision: { requestedProductionTrafficWeight: 10 },
      },
      {
        status: 'IN_PROGRESS',
        deploymentConfiguration: { strategy: 'CANARY' },
        targetServiceRevision: { requestedProductionTrafficWeight: 50 },
      },
      { status: 'IN_PROGRESS', targetServiceRevision: { requestedProductionTrafficWeight: 60 } },
    ]);
    expect(ctx.waits).toEqual([
      {
        what: 'ECS CANARY deployment: production traffic to 50%',
        statuses: ['IN_PROGRESS, new tasks 0/0 running, production traffic 10%'],
        plain: false,
      },
    ]);
    expect(ctx.lines).toEqual(['production traffic on the new revision: 50%']);
  });

  it('without a weight, a part shift ends at PRODUCTION_TRAFFIC_SHIFT', async () => {
    const ctx = await shiftTo(50, [
      { status: 'IN_PROGRESS', lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT' },
      { status: 'IN_PROGRESS', lifecycleStage: 'PRODUCTION_TRAFFIC_SHIFT' },
      { status: 'IN_PROGRESS', lifecycleStage: 'POST_PRODUCTION_TRAFFIC_SHIFT' },
    ]);
    expect(ctx.waits[0]!.statuses).toEqual(['IN_PROGRESS at POST_TEST_TRAFFIC_SHIFT']);
    expect(ctx.lines).toEqual(['production traffic on the new revision: 100%']);
  });

  it('without a weight, the full shift ends only after PRODUCTION_TRAFFIC_SHIFT', async () => {
    const ctx = await shiftTo(100, [
      { status: 'IN_PROGRESS', lifecycleStage: 'PRODUCTION_TRAFFIC_SHIFT' },
      { status: 'IN_PROGRESS', lifecycleStage: 'POST_PRODUCTION_TRAFFIC_SHIFT' },
      { status: 'SUCCESSFUL' },
    ]);
    expect(ctx.waits[0]!.statuses).toEqual(['IN_PROGRESS at PRODUCTION_TRAFFIC_SHIFT']);
  });

  it('a SUCCESSFUL deployment has shifted everything, whatever it reports', async () => {
    const ctx = await shiftTo(100, [
      { status: 'SUCCESSFUL', targetServiceRevision: { requestedProductionTrafficWeight: 0 } },
    ]);
    expect(ctx.waits[0]!.statuses).toEqual([]);
    expect(ctx.lines).toEqual(['production traffic on the new revision: 0%']);
  });

  it('finalize follows bake time and clean-up, then puts the original hooks back', async () => {
    const w = world();
    w.service!.taskDefinition = TD(2);
    w.service!.deploymentConfiguration = {
      strategy: 'BLUE_GREEN',
      lifecycleHooks: [{ targetType: 'PAUSE', lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'] }],
    };
    w.update = () => SD('before');
    w.deployments[SD('bg')] = [
      { status: 'IN_PROGRESS', lifecycleStage: 'BAKE_TIME' },
      { status: 'SUCCESSFUL' },
    ];
    const { t, c } = make(w, {
      spec: { strategy: 'blue-green' },
      state: { serviceDeploymentArn: SD('bg'), taskDefinitionArn: TD(2), originalHooks: [] },
      now: ticking(),
    });
    const ctx = context();
    await t.finalize(ctx);
    expect(ctx.waits.map((x) => x.what)).toEqual(['ECS bake time and clean-up']);
    expect(c.calls.filter(([n]) => n === 'UpdateService').map(([, i]) => i)).toEqual([
      {
        cluster: 'prod',
        service: 'web',
        deploymentConfiguration: { strategy: 'BLUE_GREEN', lifecycleHooks: [] },
      },
    ]);
    expect(ctx.lines).toEqual([
      `removed slipway's smoke-check hook from ${LABEL}`,
      `${LABEL} runs web:2 (read back)`,
    ]);
  });
});

describe('health', () => {
  it('before a deployment starts', async () => {
    const { t } = make(world());
    expect(await t.health()).toEqual({ name: 'ECS service deployment', ok: true, detail: 'not started yet' });
  });

  it('counts the running tasks of every revision; one read serves a poll', async () => {
    const w = world();
    w.deployments[SD('x')] = [
      {
        status: 'IN_PROGRESS',
        sourceServiceRevisions: [{ runningTaskCount: 2 }, {}],
        targetServiceRevision: { runningTaskCount: 3, requestedTaskCount: 3 },
      },
    ];
    const { t, c } = make(w, { state: { serviceDeploymentArn: SD('x') } });
    const want = {
      name: 'ECS service deployment',
      ok: true,
      detail: 'IN_PROGRESS, new tasks 3/3 running',
      healthyCapacity: 5,
    };
    expect(await t.health()).toEqual(want);
    expect(await t.health()).toEqual(want);
    expect(c.names()).toEqual(['DescribeServiceDeployments']);
  });

  it('a read 1 s old (or older) is a new poll', async () => {
    const w = world();
    w.deployments[SD('x')] = [{ status: 'IN_PROGRESS' }];
    let now = 5_000;
    const { t, c } = make(w, { state: { serviceDeploymentArn: SD('x') }, now: () => now });
    await t.health();
    now = 5_999;
    await t.health();
    expect(c.names()).toHaveLength(1);
    now = 6_000;
    await t.health();
    expect(c.names()).toHaveLength(2);
  });

  it('a deployment rolling back is not healthy, and says why without its id', async () => {
    const w = world();
    w.deployments[SD('x')] = [
      { status: 'ROLLBACK_IN_PROGRESS', statusReason: 'alarm', targetServiceRevision: {} },
    ];
    const { t } = make(w, { state: { serviceDeploymentArn: SD('x') } });
    expect(await t.health()).toEqual({
      name: 'ECS service deployment',
      ok: false,
      detail: 'ROLLBACK_IN_PROGRESS: alarm',
      healthyCapacity: 0,
    });
  });
});

describe('rollback', () => {
  const rollbackState = (over: Partial<EcsServiceState> = {}) =>
    state({ previousTaskDefinitionArn: TD(1), taskDefinitionArn: TD(2), ...over });

  function run(w: World, over: Partial<EcsServiceState> = {}) {
    const { t, c, st } = make(w, { state: rollbackState(over) });
    const ctx = context();
    return { t, c, st, ctx, done: t.rollback(ctx) };
  }

  it('nothing started and the service still on the old revision: nothing to roll back', async () => {
    const { c, ctx, done } = run(world());
    await done;
    expect(ctx.lines).toEqual([`${LABEL} still runs web:1: nothing to roll back`]);
    expect(c.names()).toEqual(['ListServiceDeployments', 'DescribeServices']);
  });

  it('nothing unfinished but the service on the new revision: the old one is deployed again', async () => {
    const w = world({ update: () => SD('fwd') });
    w.service!.taskDefinition = TD(2);
    w.deployments[SD('fwd')] = [{ status: 'IN_PROGRESS' }, { status: 'SUCCESSFUL' }];
    const { c, ctx, done } = run(w);
    await done;
    expect(c.calls.filter(([n]) => n === 'UpdateService').map(([, i]) => i)).toEqual([
      {
        cluster: 'prod',
        service: 'web',
        taskDefinition: TD(1),
        deploymentConfiguration: {
          strategy: 'ROLLING',
          minimumHealthyPercent: 100,
          maximumPercent: 200,
          alarms: { alarmNames: [], enable: false, rollback: false },
          lifecycleHooks: [],
        },
      },
    ]);
    expect(ctx.lines).toEqual([
      'the deployment had finished; deploying web:1 again (fwd)',
      `${LABEL} is back on web:1 (read back)`,
    ]);
    expect(ctx.waits).toEqual([
      { what: `rollback of ${LABEL} (fwd)`, statuses: ['IN_PROGRESS'], plain: true },
    ]);
  });

  it('the way back uses the original configuration and hooks', async () => {
    const w = world({ update: () => SD('fwd') });
    w.service!.taskDefinition = TD(2);
    w.deployments[SD('fwd')] = [{ status: 'SUCCESSFUL' }];
    const hook = {
      targetType: 'AWS_LAMBDA' as const,
      hookTargetArn: 'arn:aws:lambda:us-east-1:123456789012:function:f',
    };
    const { c, done } = run(w, {
      originalConfiguration: {
        strategy: 'ROLLING',
        alarms: { alarmNames: ['a'], enable: true, rollback: true },
      },
      originalHooks: [hook],
    });
    await done;
    expect(c.calls.find(([n]) => n === 'UpdateService')?.[1]['deploymentConfiguration']).toEqual({
      strategy: 'ROLLING',
      alarms: { alarmNames: ['a'], enable: true, rollback: true },
      lifecycleHooks: [hook],
    });
  });

  it('an UpdateService back that starts no deployment fails', async () => {
    const w = world();
    w.service!.taskDefinition = TD(2);
    await expect(run(w).done).rejects.toThrow('UpdateService back to web:1 started no service deployment');
  });

  it('an unfinished deployment is ours when the service runs our revision; it is stopped with ROLLBACK', async () => {
    const w = world({ unfinished: [{ serviceDeploymentArn: SD('ours'), status: 'IN_PROGRESS' }] });
    w.service!.taskDefinition = TD(2);
    w.deployments[SD('ours')] = [
      { status: 'IN_PROGRESS' },
      { status: 'ROLLBACK_IN_PROGRESS' },
      { status: 'ROLLBACK_SUCCESSFUL' },
    ];
    // ECS's rollback puts the old revision back.
    w.stop = () => {
      w.service!.taskDefinition = TD(1);
      return {};
    };
    const { c, ctx, done } = run(w);
    await done;
    expect(c.names()).toEqual([
      'ListServiceDeployments',
      'DescribeServices',
      'DescribeServiceDeployments',
      'StopServiceDeployment',
      'DescribeServiceDeployments',
      'DescribeServiceDeployments',
      'DescribeServices',
    ]);
    expect(c.calls.find(([n]) => n === 'StopServiceDeployment')?.[1]).toEqual({
      serviceDeploymentArn: SD('ours'),
      stopType: 'ROLLBACK',
    });
    expect(ctx.lines).toEqual([
      'stopped ECS service deployment ours with ROLLBACK',
      `${LABEL} is back on web:1 (read back)`,
    ]);
    expect(ctx.waits).toEqual([
      { what: `rollback of ${LABEL} (ours)`, statuses: ['ROLLBACK_IN_PROGRESS'], plain: true },
    ]);
  });

  it('an unfinished deployment of another revision is not ours', async () => {
    const w = world({ unfinished: [{ serviceDeploymentArn: SD('theirs'), status: 'IN_PROGRESS' }] });
    w.service!.taskDefinition = TD(3);
    const { c, ctx, done } = run(w);
    await done;
    expect(c.names()).toEqual(['ListServiceDeployments', 'DescribeServices', 'DescribeServices']);
    expect(ctx.lines).toEqual([`${LABEL} still runs web:3: nothing to roll back`]);
  });

  describe('when the revision this rollout registered was not saved', () => {
    const unsaved = (createdAt: number) => {
      const w = world({ unfinished: [{ serviceDeploymentArn: SD('new'), status: 'IN_PROGRESS' }] });
      w.service!.taskDefinition = TD(3);
      w.deployments[SD('new')] = [{ status: 'ROLLBACK_SUCCESSFUL', createdAt: new Date(createdAt) }];
      return w;
    };

    it('a deployment still on the previous revision is not ours', async () => {
      const w = world({ unfinished: [{ serviceDeploymentArn: SD('new'), status: 'IN_PROGRESS' }] });
      const { c, ctx, st, done } = run(w, { taskDefinitionArn: undefined });
      await done;
      expect(c.names()).toEqual(['ListServiceDeployments', 'DescribeServices', 'DescribeServices']);
      expect(ctx.lines).toEqual([`${LABEL} still runs web:1: nothing to roll back`]);
      expect(st.taskDefinitionArn).toBeUndefined();
    });

    it('one that started no more than a minute before this rollout is ours, and so is its revision', async () => {
      // startedAt 100 s; clock skew 60 s: created at 40 s is the earliest that counts.
      const w = unsaved(40_000);
      const { st, done } = run(w, { taskDefinitionArn: undefined });
      await expect(done).rejects.toThrow(`${LABEL} reads back as web:3 after the rollback, not web:1`);
      expect(st.taskDefinitionArn).toBe(TD(3));
    });

    it('one that started earlier is not ours', async () => {
      const w = unsaved(39_999);
      const { c, ctx, st, done } = run(w, { taskDefinitionArn: undefined });
      await done;
      expect(st.taskDefinitionArn).toBeUndefined();
      expect(c.names()).toEqual([
        'ListServiceDeployments',
        'DescribeServices',
        'DescribeServiceDeployments',
        'DescribeServices',
      ]);
      expect(ctx.lines).toEqual([`${LABEL} still runs web:3: nothing to roll back`]);
    });
  });

  it('a deployment that ECS is already ending is read again, and a finished one deployed over', async () => {
    const w = world({ update: () => SD('fwd') });
    w.service!.taskDefinition = TD(2);
    w.deployments[SD('ours')] = [{ status: 'IN_PROGRESS' }, { status: 'SUCCESSFUL' }];
    w.deployments[SD('fwd')] = [{ status: 'SUCCESSFUL' }];
    w.stop = () => {
      throw Object.assign(new Error('the deployment is not in progress'), {
        name: 'ConflictException',
        $metadata: {},
      });
    };
    const { c, ctx, done } = run(w, { serviceDeploymentArn: SD('ours') });
    await done;
    expect(ctx.lines).toEqual([
      'ECS service deployment ours is already ending: the deployment is not in progress',
      'the deployment had finished; deploying web:1 again (fwd)',
      `${LABEL} is back on web:1 (read back)`,
    ]);
    expect(c.names().filter((n) => n === 'DescribeServiceDeployments')).toHaveLength(3);
  });

  it('any other error from StopServiceDeployment ends the rollback', async () => {
    const w = world();
    w.deployments[SD('ours')] = [{ status: 'PENDING' }];
    w.stop = () => {
      throw Object.assign(new Error('denied'), { name: 'AccessDeniedException', $metadata: {} });
    };
    await expect(run(w, { serviceDeploymentArn: SD('ours') }).done).rejects.toThrow('denied');
  });

  it('a STOPPED deployment is deployed over with the old revision', async () => {
    const w = world({ update: () => SD('fwd') });
    w.service!.taskDefinition = TD(2);
    w.deployments[SD('ours')] = [{ status: 'STOPPED' }];
    w.deployments[SD('fwd')] = [{ status: 'SUCCESSFUL' }];
    const { c, ctx, done } = run(w, { serviceDeploymentArn: SD('ours') });
    await done;
    expect(c.names().includes('StopServiceDeployment')).toBe(false);
    expect(ctx.lines[0]).toBe('the deployment had finished; deploying web:1 again (fwd)');
  });

  it('a way back that rolls back itself fails the rollback', async () => {
    const w = world({ update: () => SD('fwd') });
    w.service!.taskDefinition = TD(2);
    w.deployments[SD('ours')] = [{ status: 'SUCCESSFUL' }];
    w.deployments[SD('fwd')] = [
      { status: 'IN_PROGRESS' },
      { status: 'ROLLBACK_SUCCESSFUL', statusReason: 'alarm' },
    ];
    await expect(run(w, { serviceDeploymentArn: SD('ours') }).done).rejects.toThrow(
      'the rollback did not finish: ECS service deployment fwd is ROLLBACK_SUCCESSFUL: alarm',
    );
  });

  it('a deployment found in ROLLBACK_FAILED asks for a hand', async () => {
    const w = world();
    w.deployments[SD('ours')] = [{ status: 'ROLLBACK_FAILED', statusReason: 'tasks failed to start' }];
    await expect(run(w, { serviceDeploymentArn: SD('ours') }).done).rejects.toThrow(
      'ECS service deployment ours is ROLLBACK_FAILED: tasks failed to start; the service needs a hand: deploy web:1 again',
    );
  });
});

describe("putting slipway's smoke hook away", () => {
  const SMOKE_HOOK = {
    targetType: 'PAUSE' as const,
    lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT' as const],
  };
  const withHook = (update?: () => string | undefined) => {
    const w = world({ ...(update ? { update } : {}) });
    w.service!.taskDefinition = TD(2);
    w.service!.deploymentConfiguration = { strategy: 'BLUE_GREEN', lifecycleHooks: [SMOKE_HOOK] };
    return w;
  };

  it('no original hooks saved: finalize reads the service once and changes nothing', async () => {
    const w = withHook();
    const { t, c } = make(w, { state: { taskDefinitionArn: TD(2) } });
    await t.finalize(context());
    expect(c.names()).toEqual(['DescribeServices']);
  });

  it('hooks already the original ones: no UpdateService', async () => {
    const w = withHook();
    const { t, c, st } = make(w, { state: { taskDefinitionArn: TD(2), originalHooks: [SMOKE_HOOK] } });
    const ctx = context();
    await t.finalize(ctx);
    expect(c.names()).toEqual(['DescribeServices', 'DescribeServices']);
    expect(ctx.lines).toEqual([`${LABEL} runs web:2 (read back)`]);
    expect(st.originalHooks).toBeUndefined();
  });

  it('a deployment that removing the hook starts is followed to SUCCESSFUL', async () => {
    const w = withHook(() => SD('hk'));
    w.deployments[SD('hk')] = [
      { status: 'IN_PROGRESS', lifecycleStage: 'SCALE_UP' },
      { status: 'SUCCESSFUL' },
    ];
    const { t, st } = make(w, { state: { taskDefinitionArn: TD(2), originalHooks: [] } });
    const ctx = context();
    await t.finalize(ctx);
    expect(ctx.lines).toEqual([
      `removed slipway's smoke-check hook from ${LABEL}`,
      'removing the smoke-check hook started ECS service deployment hk; following it to its end',
      `${LABEL} runs web:2 (read back)`,
    ]);
    expect(ctx.waits).toEqual([
      {
        what: 'ECS service deployment hk (smoke-check hook removed)',
        statuses: ['IN_PROGRESS at SCALE_UP'],
        plain: true,
      },
    ]);
    expect(ctx.checkpoints).toBe(1);
    expect(st.hookDeploymentArn).toBeUndefined();
    expect(st.originalHooks).toBeUndefined();
  });

  it('one that does not succeed fails the finalize with its reason', async () => {
    const w = withHook(() => SD('hk'));
    w.deployments[SD('hk')] = [
      { status: 'ROLLBACK_REQUESTED' },
      { status: 'ROLLBACK_SUCCESSFUL', statusReason: 'tasks failed' },
    ];
    const { t, st } = make(w, { state: { taskDefinitionArn: TD(2), originalHooks: [] } });
    const ctx = context();
    await expect(t.finalize(ctx)).rejects.toThrow(
      'removing the smoke-check hook: ECS service deployment hk is ROLLBACK_SUCCESSFUL: tasks failed',
    );
    expect(ctx.waits[0]!.statuses).toEqual(['ROLLBACK_REQUESTED']);
    expect(st.hookDeploymentArn).toBeUndefined();
  });

  it('a rollback first lets a hook deployment that a cancel interrupted end', async () => {
    const w = world();
    w.deployments[SD('hk')] = [{ status: 'SUCCESSFUL' }];
    const { t, c, st } = make(w, {
      state: { previousTaskDefinitionArn: TD(1), taskDefinitionArn: TD(2), hookDeploymentArn: SD('hk') },
    });
    const ctx = context();
    await t.rollback(ctx);
    expect(c.names()[0]).toBe('DescribeServiceDeployments');
    expect(st.hookDeploymentArn).toBeUndefined();
    expect(ctx.lines).toEqual([`${LABEL} still runs web:1: nothing to roll back`]);
  });

  it('a rollback with nothing to undo still puts the hooks back', async () => {
    const w = world({ update: () => SD('before') });
    w.service!.deploymentConfiguration = { strategy: 'BLUE_GREEN', lifecycleHooks: [SMOKE_HOOK] };
    const { t, c } = make(w, {
      state: { previousTaskDefinitionArn: TD(1), taskDefinitionArn: TD(2), originalHooks: [] },
    });
    const ctx = context();
    await t.rollback(ctx);
    expect(c.calls.filter(([n]) => n === 'UpdateService').map(([, i]) => i)).toEqual([
      {
        cluster: 'prod',
        service: 'web',
        deploymentConfiguration: { strategy: 'BLUE_GREEN', lifecycleHooks: [] },
      },
    ]);
    expect(ctx.lines).toEqual([
      `removed slipway's smoke-check hook from ${LABEL}`,
      `${LABEL} still runs web:1: nothing to roll back`,
    ]);
  });

  it("the way back keeps the service's hooks when none were saved, and reads the configuration when none was saved", async () => {
    const hook = {
      targetType: 'AWS_LAMBDA' as const,
      hookTargetArn: 'arn:aws:lambda:us-east-1:123456789012:function:f',
    };
    const w = world({ update: () => SD('fwd') });
    w.service!.taskDefinition = TD(2);
    w.service!.deploymentConfiguration = { strategy: 'CANARY', lifecycleHooks: [hook] };
    w.deployments[SD('fwd')] = [{ status: 'SUCCESSFUL' }];
    const { t, c, st } = make(w, { state: { previousTaskDefinitionArn: TD(1), taskDefinitionArn: TD(2) } });
    await t.rollback(context());
    expect(c.calls.find(([n]) => n === 'UpdateService')?.[1]['deploymentConfiguration']).toEqual({
      strategy: 'CANARY',
      alarms: { alarmNames: [], enable: false, rollback: false },
      lifecycleHooks: [hook],
    });
    expect(st.originalHooks).toBeUndefined();
  });

  it('the way back clears the saved hooks, so that no second UpdateService puts them back', async () => {
    const w = world({ update: () => SD('fwd') });
    w.service!.taskDefinition = TD(2);
    w.deployments[SD('fwd')] = [{ status: 'SUCCESSFUL' }];
    const { t, c, st } = make(w, {
      state: { previousTaskDefinitionArn: TD(1), taskDefinitionArn: TD(2), originalHooks: [SMOKE_HOOK] },
    });
    await t.rollback(context());
    expect(c.names()).toEqual([
      'ListServiceDeployments',
      'DescribeServices',
      'DescribeServices',
      'UpdateService',
      'DescribeServiceDeployments',
      'DescribeServices',
    ]);
    expect(st.originalHooks).toBeUndefined();
  });
});

describe('health without a status', () => {
  it('a deployment that reports no status yet is not failing', async () => {
    const w = world();
    w.deployments[SD('x')] = [{}];
    const { t } = make(w, { state: { serviceDeploymentArn: SD('x') } });
    expect(await t.health()).toEqual({
      name: 'ECS service deployment',
      ok: true,
      detail: 'UNKNOWN',
      healthyCapacity: 0,
    });
  });
});
