import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { APPLICATION, DEPLOYMENT_GROUP, codeDeployAccount } from '../sim/codedeploy-account.js';
import type { CodeDeployAccountOptions } from '../sim/codedeploy-account.js';
import { CLUSTER, CONTAINER, FAMILY, IMAGE_V2, SERVICE } from '../sim/containers.js';

type Env = ReturnType<typeof codeDeployAccount>;
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function setUp(o: CodeDeployAccountOptions = {}) {
  const env = codeDeployAccount(o);
  const v2 = env.ecs.registerTaskDefinition({
    family: FAMILY,
    networkMode: 'bridge',
    containerDefinitions: [
      {
        name: CONTAINER,
        image: IMAGE_V2,
        essential: true,
        memory: 512,
        portMappings: [{ containerPort: 8080, hostPort: 0 }],
      },
    ],
  });
  const call = (action: string, input: Obj): Promise<Obj> =>
    env.account.dispatch('CodeDeployClient', `${action}Command`, 'us-east-1', input) as Promise<Obj>;
  return { ...env, v2: v2.taskDefinitionArn!, call };
}

function appSpec(
  o: { td: string; container?: string; port?: number; hooks?: Record<string, string> },
  format: 'json' | 'yaml' = 'json',
): string {
  const hooks = Object.entries(o.hooks ?? {}).map(([k, v]) => ({ [k]: v }));
  if (format === 'yaml')
    return [
      'version: 0.0',
      'Resources:',
      '  - TargetService:',
      '      Type: AWS::ECS::Service',
      '      Properties:',
      `        TaskDefinition: "${o.td}"`,
      '        LoadBalancerInfo:',
      `          ContainerName: "${o.container ?? CONTAINER}"`,
      `          ContainerPort: ${o.port ?? 8080}`,
      ...(hooks.length
        ? ['Hooks:', ...hooks.map((h) => `  - ${Object.keys(h)[0]}: "${Object.values(h)[0]}"`)]
        : []),
    ].join('\n');
  return JSON.stringify({
    version: 0.0,
    Resources: [
      {
        TargetService: {
          Type: 'AWS::ECS::Service',
          Properties: {
            TaskDefinition: o.td,
            LoadBalancerInfo: { ContainerName: o.container ?? CONTAINER, ContainerPort: o.port ?? 8080 },
          },
        },
      },
    ],
    ...(hooks.length ? { Hooks: hooks } : {}),
  });
}

function revision(content: string): Obj {
  return {
    revisionType: 'AppSpecContent',
    appSpecContent: { content, sha256: createHash('sha256').update(content).digest('hex') },
  };
}

async function deploy(env: ReturnType<typeof setUp>, content: string, extra: Obj = {}): Promise<string> {
  const out = await env.call('CreateDeployment', {
    applicationName: APPLICATION,
    deploymentGroupName: DEPLOYMENT_GROUP,
    revision: revision(content),
    ...extra,
  });
  return out['deploymentId'] as string;
}

async function info(env: ReturnType<typeof setUp>, id: string): Promise<Obj> {
  return (await env.call('GetDeployment', { deploymentId: id }))['deploymentInfo'] as Obj;
}

async function events(env: ReturnType<typeof setUp>, id: string): Promise<Record<string, string>> {
  const target = (
    await env.call('GetDeploymentTarget', { deploymentId: id, targetId: `${CLUSTER}:${SERVICE}` })
  )['deploymentTarget'] as Obj;
  return Object.fromEntries(
    (target['ecsTarget']['lifecycleEvents'] as Obj[]).map((e) => [e['lifecycleEventName'], e['status']]),
  );
}

/** Moves virtual time in 5-second steps (the simulators move on each step), until `done` or `maxMs`. */
function runUntil(env: Env, done: () => boolean, maxMs = 30 * 60_000): number {
  const start = env.account.clock.now();
  while (!done() && env.account.clock.now() - start < maxMs) env.account.clock.advance(5_000);
  return env.account.clock.now() - start;
}

const weights = (env: Env, listener: string) =>
  Object.fromEntries(
    env.elbv2
      .forwardWeights(listener)
      .map((f) => [f.targetGroupArn === env.targetGroups.blue ? 'blue' : 'green', f.weight]),
  );
const status = (env: Env, id: string) => env.codedeploy.deployment(id)!.status;
const taskSets = (env: Env) =>
  env.ecs.taskSets(CLUSTER, SERVICE).map((ts) => `${ts.status}:${ts.taskDefinitionArn.split('/').pop()}`);
const green = (env: Env) => weights(env, env.listeners.production)['green'];

/** Gives the Lambda simulator a hook function that reports `result` a second after each invocation. */
function hook(env: Env, name: string, result: 'Succeeded' | 'Failed' | 'silent'): string {
  env.lambda.createFunction(name, Buffer.from(`hook ${name}`));
  env.codedeploy.scriptHook(env.lambda, name, result);
  return name;
}

describe('simulated CodeDeploy: ECS blue/green', () => {
  it('an all-at-once deployment installs the replacement task set, shifts all traffic, then deletes the original after the wait', async () => {
    const env = setUp({ terminationWaitTimeInMinutes: 5 });
    const id = await deploy(
      env,
      appSpec({ td: env.v2, hooks: { BeforeAllowTraffic: hook(env, 'smoke', 'Succeeded') } }),
    );
    expect(id).toMatch(/^d-[A-Z0-9]{9}$/);
    expect((await info(env, id))['status']).toBe('Created');
    runUntil(env, () => green(env) === 100);
    expect(weights(env, env.listeners.production)).toEqual({ blue: 0, green: 100 });
    expect(weights(env, env.listeners.test)).toEqual({ blue: 0, green: 100 });
    expect(taskSets(env)).toEqual(['ACTIVE:web:1', 'PRIMARY:web:2']);
    expect(status(env, id)).toBe('InProgress');
    expect((await info(env, id))['instanceTerminationWaitTimeStarted']).toBe(true);
    const waited = runUntil(env, () => status(env, id) === 'Succeeded');
    expect(waited).toBeGreaterThanOrEqual(5 * 60_000 - 5_000);
    expect(waited).toBeLessThanOrEqual(5 * 60_000 + 5_000);
    runUntil(env, () => env.ecs.taskSets(CLUSTER, SERVICE).length === 1);
    expect(taskSets(env)).toEqual(['PRIMARY:web:2']);
    const d = await info(env, id);
    expect(d).toMatchObject({
      status: 'Succeeded',
      deploymentOverview: { Succeeded: 1 },
      computePlatform: 'ECS',
    });
    expect(d['completeTime']).toBeInstanceOf(Date);
    expect(await events(env, id)).toEqual({
      BeforeInstall: 'Skipped',
      Install: 'Succeeded',
      AfterInstall: 'Skipped',
      AllowTestTraffic: 'Succeeded',
      AfterAllowTestTraffic: 'Skipped',
      BeforeAllowTraffic: 'Succeeded',
      AllowTraffic: 'Succeeded',
      AfterAllowTraffic: 'Skipped',
    });
    const svc = env.ecs.DescribeServices({ cluster: CLUSTER, services: [SERVICE] }).services![0]!;
    expect(svc.deploymentController).toEqual({ type: 'CODE_DEPLOY' });
    expect(svc.taskDefinition).toBe(env.v2);
    expect(svc.taskSets?.[0]).toMatchObject({ status: 'PRIMARY', startedBy: 'CODE_DEPLOY', externalId: id });
    expect(
      (
        await env.call('ListDeployments', {
          applicationName: APPLICATION,
          deploymentGroupName: DEPLOYMENT_GROUP,
        })
      )['deployments'],
    ).toEqual([id]);
  });

  it('ECS refuses a new task definition on a CODE_DEPLOY service, even the current one, but takes a desired count', async () => {
    const env = setUp();
    const update = (input: Obj) =>
      env.account.dispatch('ECSClient', 'UpdateServiceCommand', 'us-east-1', {
        cluster: CLUSTER,
        service: SERVICE,
        ...input,
      });
    await expect(update({ taskDefinition: env.v2 })).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message:
        'Unable to update task definition on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.',
    });
    await expect(update({ taskDefinition: env.taskDefinition.taskDefinitionArn })).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
    await expect(update({ desiredCount: 3 })).resolves.toBeDefined();
  });

  it('a canary shifts 10% for 5 minutes, then the rest (YAML AppSpec)', async () => {
    const env = setUp({ deploymentConfigName: 'CodeDeployDefault.ECSCanary10Percent5Minutes' });
    const id = await deploy(env, appSpec({ td: env.v2 }, 'yaml'));
    runUntil(env, () => green(env) === 10);
    expect(weights(env, env.listeners.production)).toEqual({ blue: 90, green: 10 });
    const canary = runUntil(env, () => green(env) === 100);
    expect(canary).toBeGreaterThanOrEqual(5 * 60_000 - 5_000);
    expect(canary).toBeLessThanOrEqual(5 * 60_000 + 5_000);
    runUntil(env, () => status(env, id) === 'Succeeded');
    runUntil(env, () => env.ecs.taskSets(CLUSTER, SERVICE).length === 1);
    expect(taskSets(env)).toEqual(['PRIMARY:web:2']);
  });

  it('a linear deployment adds 10% every minute until all traffic is shifted', async () => {
    const env = setUp({ deploymentConfigName: 'CodeDeployDefault.ECSLinear10PercentEvery1Minutes' });
    const id = await deploy(env, appSpec({ td: env.v2 }));
    runUntil(env, () => green(env) === 10);
    const seen = [10];
    const start = env.account.clock.now();
    while (green(env)! < 100) {
      env.account.clock.advance(5_000);
      if (green(env) !== seen.at(-1)) seen.push(green(env)!);
    }
    expect(seen).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(env.account.clock.now() - start).toBeGreaterThanOrEqual(9 * 60_000 - 5_000);
    runUntil(env, () => status(env, id) === 'Succeeded');
    runUntil(env, () => env.ecs.taskSets(CLUSTER, SERVICE).length === 1);
  });

  it('a custom configuration from a set-up method drives the steps too', async () => {
    const env = setUp();
    env.codedeploy.createDeploymentConfig('Canary25Percent2Minutes', {
      type: 'TimeBasedCanary',
      timeBasedCanary: { canaryPercentage: 25, canaryInterval: 2 },
    });
    const id = await deploy(env, appSpec({ td: env.v2 }), {
      deploymentConfigName: 'Canary25Percent2Minutes',
    });
    runUntil(env, () => green(env) === 25);
    const canary = runUntil(env, () => green(env) === 100);
    expect(canary).toBeGreaterThanOrEqual(2 * 60_000 - 5_000);
    runUntil(env, () => status(env, id) === 'Succeeded');
    runUntil(env, () => env.ecs.taskSets(CLUSTER, SERVICE).length === 1);
  });

  it('a hook that reports Failed fails the deployment, which rolls back to the original task set', async () => {
    const env = setUp({ autoRollbackEvents: ['DEPLOYMENT_FAILURE'] });
    const id = await deploy(
      env,
      appSpec({ td: env.v2, hooks: { AfterAllowTestTraffic: hook(env, 'smoke', 'Failed') } }),
    );
    runUntil(env, () => status(env, id) === 'Failed');
    const d = await info(env, id);
    expect(d['errorInformation']).toMatchObject({ code: 'HOOK_EXECUTION_FAILURE' });
    expect(d['errorInformation']['message']).toContain('smoke');
    const rollbackId = d['rollbackInfo']['rollbackDeploymentId'] as string;
    expect(rollbackId).toMatch(/^d-/);
    expect(rollbackId).not.toBe(id);
    expect(weights(env, env.listeners.production)).toEqual({ blue: 100, green: 0 });
    expect(weights(env, env.listeners.test)).toEqual({ blue: 100, green: 0 });
    const ev = await events(env, id);
    expect(ev['AfterAllowTestTraffic']).toBe('Failed');
    expect(ev['AllowTraffic']).toBe('Skipped');
    runUntil(env, () => status(env, rollbackId) === 'Succeeded');
    const r = await info(env, rollbackId);
    expect(r).toMatchObject({
      creator: 'autoRollback',
      rollbackInfo: { rollbackTriggeringDeploymentId: id },
    });
    expect(taskSets(env)).toEqual(['PRIMARY:web:1']);
    expect(
      (
        await env.call('ListDeployments', {
          applicationName: APPLICATION,
          deploymentGroupName: DEPLOYMENT_GROUP,
          includeOnlyStatuses: ['Failed'],
        })
      )['deployments'],
    ).toEqual([id]);
  });

  it('a hook that never reports fails its event after an hour', async () => {
    const env = setUp();
    const id = await deploy(
      env,
      appSpec({ td: env.v2, hooks: { AfterInstall: hook(env, 'quiet', 'silent') } }),
    );
    runUntil(env, () => env.codedeploy.deployment(id)!.events[2]!.status === 'InProgress');
    const took = runUntil(env, () => status(env, id) === 'Failed', 2 * 60 * 60_000);
    expect(took).toBeGreaterThanOrEqual(60 * 60_000 - 5_000);
    expect(took).toBeLessThanOrEqual(60 * 60_000 + 5_000);
    expect((await info(env, id))['errorInformation']['message']).toContain('within one hour');
    // No rollback configured: the replacement task set stays, serving no traffic (what a caller must clean up).
    env.account.expectViolations();
    expect(env.account.orphans().join('\n')).toMatch(/task set .* of web is left beside the PRIMARY one/);
  });

  it('an alarm during the canary stops the deployment and rolls it back', async () => {
    const env = setUp({
      deploymentConfigName: 'CodeDeployDefault.ECSCanary10Percent15Minutes',
      alarms: ['web-5xx'],
      autoRollbackEvents: ['DEPLOYMENT_STOP_ON_ALARM'],
    });
    env.cloudwatch.putAlarm('web-5xx', 'OK');
    const id = await deploy(env, appSpec({ td: env.v2 }));
    runUntil(env, () => green(env) === 10);
    env.account.clock.advance(60_000);
    env.cloudwatch.setState('web-5xx', 'ALARM', 'Threshold Crossed');
    env.account.clock.advance(5_000);
    const d = await info(env, id);
    expect(d).toMatchObject({ status: 'Stopped', errorInformation: { code: 'ALARM_ACTIVE' } });
    expect(d['errorInformation']['message']).toContain('web-5xx');
    expect(weights(env, env.listeners.production)).toEqual({ blue: 100, green: 0 });
    runUntil(env, () => status(env, d['rollbackInfo']['rollbackDeploymentId']) === 'Succeeded');
    expect(taskSets(env)).toEqual(['PRIMARY:web:1']);
  });

  it('StopDeployment with autoRollbackEnabled rolls back; without it the deployment stops where it is', async () => {
    const env = setUp({ deploymentConfigName: 'CodeDeployDefault.ECSCanary10Percent5Minutes' });
    const first = await deploy(env, appSpec({ td: env.v2 }));
    runUntil(env, () => green(env) === 10);
    expect(
      await env.call('StopDeployment', { deploymentId: first, autoRollbackEnabled: true }),
    ).toMatchObject({ status: 'Succeeded' });
    expect(await info(env, first)).toMatchObject({
      status: 'Stopped',
      errorInformation: { code: 'MANUAL_STOP' },
    });
    expect(weights(env, env.listeners.production)).toEqual({ blue: 100, green: 0 });
    runUntil(env, () => env.ecs.taskSets(CLUSTER, SERVICE).length === 1);
    await expect(env.call('StopDeployment', { deploymentId: first })).rejects.toMatchObject({
      name: 'DeploymentAlreadyCompletedException',
    });

    const second = await deploy(env, appSpec({ td: env.v2 }));
    runUntil(env, () => green(env) === 10);
    await env.call('StopDeployment', { deploymentId: second, autoRollbackEnabled: false });
    expect((await info(env, second))['rollbackInfo']).toBeUndefined();
    env.account.clock.advance(10 * 60_000);
    // Stopped without rollback, the canary split and the replacement task set stay: left behind on purpose.
    env.account.expectViolations();
    expect(weights(env, env.listeners.production)).toEqual({ blue: 90, green: 10 });
    expect(env.account.orphans().join('\n')).toMatch(
      /task set .*ACTIVE, from d-.* is left beside the PRIMARY one/,
    );
  });

  it('refuses a second deployment while one is active', async () => {
    const env = setUp();
    const id = await deploy(env, appSpec({ td: env.v2 }));
    await expect(deploy(env, appSpec({ td: env.v2 }))).rejects.toMatchObject({
      name: 'DeploymentLimitExceededException',
      message: `The Deployment Group '${DEPLOYMENT_GROUP}' already has an active Deployment '${id}'`,
    });
    runUntil(env, () => status(env, id) === 'Succeeded');
    runUntil(env, () => env.ecs.taskSets(CLUSTER, SERVICE).length === 1);
    await expect(deploy(env, appSpec({ td: env.taskDefinition.taskDefinitionArn! }))).resolves.toMatch(/^d-/);
    runUntil(env, () => env.codedeploy.orphans().length === 0);
  });

  it.each([
    [
      'an unknown container',
      { container: 'nope' },
      'The container nope does not exist in the task definition.',
    ],
    [
      'a port the container does not map',
      { port: 81 },
      `The container ${CONTAINER} did not have a container port 81 defined.`,
    ],
    ['a task definition that does not exist', { td: 'web:99' }, 'Unable to describe task definition.'],
  ])(
    'fails at Install with ECS_UPDATE_ERROR for %s, leaving traffic on the original',
    async (_name, bad, message) => {
      const env = setUp({ autoRollbackEvents: ['DEPLOYMENT_FAILURE'] });
      const id = await deploy(env, appSpec({ td: env.v2, ...bad }));
      runUntil(env, () => status(env, id) === 'Failed');
      const d = await info(env, id);
      expect(d['errorInformation']['code']).toBe('ECS_UPDATE_ERROR');
      expect(d['errorInformation']['message']).toContain(message);
      expect((await events(env, id))['Install']).toBe('Failed');
      expect(weights(env, env.listeners.production)).toEqual({ blue: 100, green: 0 });
      expect(taskSets(env)).toEqual(['PRIMARY:web:1']);
      runUntil(env, () => env.codedeploy.orphans().length === 0);
    },
  );

  it('refuses a revision whose sha256 does not match, and fails one whose AppSpec it cannot read', async () => {
    const env = setUp();
    await expect(
      env.call('CreateDeployment', {
        applicationName: APPLICATION,
        deploymentGroupName: DEPLOYMENT_GROUP,
        revision: {
          revisionType: 'AppSpecContent',
          appSpecContent: { content: appSpec({ td: env.v2 }), sha256: '0'.repeat(64) },
        },
      }),
    ).rejects.toMatchObject({ name: 'InvalidRevisionException' });
    const id = await deploy(env, '{"Resources": []}');
    runUntil(env, () => status(env, id) === 'Failed');
    expect((await info(env, id))['errorInformation']['code']).toBe('INVALID_REVISION');
    await expect(env.call('GetDeployment', { deploymentId: 'd-NOPE00000' })).rejects.toMatchObject({
      name: 'DeploymentDoesNotExistException',
    });
  });

  it('a ready wait holds production traffic until ContinueDeployment', async () => {
    const env = setUp({
      deploymentReadyOption: { actionOnTimeout: 'STOP_DEPLOYMENT', waitTimeInMinutes: 30 },
    });
    const id = await deploy(env, appSpec({ td: env.v2 }));
    runUntil(env, () => status(env, id) === 'Ready');
    expect(weights(env, env.listeners.test)).toEqual({ blue: 0, green: 100 });
    env.account.clock.advance(10 * 60_000);
    expect(green(env)).toBe(0);
    await env.call('ContinueDeployment', { deploymentId: id, deploymentWaitType: 'READY_WAIT' });
    runUntil(env, () => status(env, id) === 'Succeeded');
    expect(green(env)).toBe(100);
    runUntil(env, () => env.ecs.taskSets(CLUSTER, SERVICE).length === 1);
  });

  it('PutLifecycleEventHookExecutionStatus takes Succeeded or Failed, once, for a running hook', async () => {
    const env = setUp({ terminationWaitTimeInMinutes: 60 });
    const id = await deploy(
      env,
      appSpec({ td: env.v2, hooks: { AfterInstall: hook(env, 'manual', 'silent') } }),
    );
    const afterInstall = () => env.codedeploy.deployment(id)!.events[2]!;
    runUntil(env, () => afterInstall().status === 'InProgress');
    const execution = afterInstall().hookExecutionId!;
    const put = (input: Obj) =>
      env.call('PutLifecycleEventHookExecutionStatus', {
        deploymentId: id,
        lifecycleEventHookExecutionId: execution,
        ...input,
      });
    await expect(put({ status: 'InProgress' })).rejects.toMatchObject({
      name: 'InvalidLifecycleEventHookExecutionStatusException',
    });
    await expect(put({ status: 'Succeeded', lifecycleEventHookExecutionId: 'nope' })).rejects.toMatchObject({
      name: 'InvalidLifecycleEventHookExecutionIdException',
    });
    await expect(put({ status: 'Succeeded' })).resolves.toEqual({ lifecycleEventHookExecutionId: execution });
    await expect(put({ status: 'Failed' })).rejects.toMatchObject({
      name: 'LifecycleEventAlreadyCompletedException',
    });
    runUntil(env, () => green(env) === 100);
    // ContinueDeployment TERMINATION_WAIT ends the hour-long wait for the original task set at once.
    await expect(
      env.call('ContinueDeployment', { deploymentId: id, deploymentWaitType: 'READY_WAIT' }),
    ).rejects.toMatchObject({
      name: 'DeploymentIsNotInReadyStateException',
    });
    await env.call('ContinueDeployment', { deploymentId: id, deploymentWaitType: 'TERMINATION_WAIT' });
    expect(runUntil(env, () => status(env, id) === 'Succeeded')).toBeLessThanOrEqual(10_000);
    runUntil(env, () => env.ecs.taskSets(CLUSTER, SERVICE).length === 1);
  });

  it('reads the application and deployment group as set up', async () => {
    const env = setUp({ alarms: ['web-5xx'], autoRollbackEvents: ['DEPLOYMENT_FAILURE'] });
    expect((await env.call('GetApplication', { applicationName: APPLICATION }))['application']).toMatchObject(
      { computePlatform: 'ECS' },
    );
    const g = (
      await env.call('GetDeploymentGroup', {
        applicationName: APPLICATION,
        deploymentGroupName: DEPLOYMENT_GROUP,
      })
    )['deploymentGroupInfo'];
    expect(g).toMatchObject({
      ecsServices: [{ clusterName: CLUSTER, serviceName: SERVICE }],
      loadBalancerInfo: {
        targetGroupPairInfoList: [
          {
            targetGroups: [{ name: 'web-blue' }, { name: 'web-green' }],
            prodTrafficRoute: { listenerArns: [env.listeners.production] },
          },
        ],
      },
      alarmConfiguration: { enabled: true, alarms: [{ name: 'web-5xx' }] },
      autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_FAILURE'] },
    });
    await expect(
      env.call('GetDeploymentGroup', { applicationName: APPLICATION, deploymentGroupName: 'nope' }),
    ).rejects.toMatchObject({ name: 'DeploymentGroupDoesNotExistException' });
    // IAM sees the deployment group, for the calls that name it and for those that name one of its deployments.
    const id = await deploy(env, appSpec({ td: env.v2 }));
    await env.call('GetDeployment', { deploymentId: id });
    const group = `arn:aws:codedeploy:us-east-1:${env.account.accountId}:deploymentgroup:${APPLICATION}/${DEPLOYMENT_GROUP}`;
    expect(
      env.account.calls
        .filter((c) => c.action === 'CreateDeployment' || c.action === 'GetDeployment')
        .map((c) => c.resources),
    ).toEqual([[{ arn: group }], [{ arn: group }]]);
    expect(env.account.calls.find((c) => c.action === 'GetApplication')?.resources).toEqual([
      { arn: `arn:aws:codedeploy:us-east-1:${env.account.accountId}:application:${APPLICATION}` },
    ]);
    runUntil(env, () => env.codedeploy.orphans().length === 0);
  });
});
