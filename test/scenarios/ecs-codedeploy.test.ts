import { describe, expect, it } from 'vitest';
import { run } from '../../src/actions/deploy-ecs/main.js';
import { post } from '../../src/actions/deploy-ecs/post.js';
import { ActionError, CancelledError, RolloutFailedError } from '../../src/core/errors.js';
import type { CodeDeployAccountOptions } from '../sim/codedeploy-account.js';
import {
  APPLICATION,
  CODEDEPLOY_INPUTS,
  codeDeployAccount,
  DEPLOYMENT_GROUP,
} from '../sim/codedeploy-account.js';
import { CLUSTER, CONTAINER, ECS_BASE_INPUTS, FAMILY, IMAGE_V1, SERVICE } from '../sim/containers.js';

type Env = ReturnType<typeof codeDeployAccount>;
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const inputs = CODEDEPLOY_INPUTS;
const arnOf = (revision: number): string =>
  `arn:aws:ecs:us-east-1:123456789012:task-definition/${FAMILY}:${revision}`;

/** The production listener's weights, by colour. */
const weights = (env: Env): Record<string, number> =>
  Object.fromEntries(
    env.elbv2
      .forwardWeights(env.listeners.production)
      .map((f) => [f.targetGroupArn === env.targetGroups.blue ? 'blue' : 'green', f.weight]),
  );
/** Every weight the production listener took for the green target group, in order. */
const greenHistory = (env: Env): number[] =>
  env.elbv2.weightHistory
    .filter((w) => w.arn === env.listeners.production)
    .map((w) => w.weights.find((x) => x.targetGroupArn === env.targetGroups.green)?.weight ?? 0);
const taskSets = (env: Env): string[] =>
  env.ecs.taskSets(CLUSTER, SERVICE).map((ts) => `${ts.status}:${ts.taskDefinitionArn.split('/').pop()}`);
const calls = (env: Env, action: string): Obj[] =>
  env.account.calls.filter((c) => c.action === action && !c.error).map((c) => c.input as Obj);

function clean(env: Env): void {
  expect(env.account.violations).toEqual([]);
  expect(env.account.orphans()).toEqual([]);
}

function setUp(o: CodeDeployAccountOptions = {}): Env {
  return codeDeployAccount({ terminationWaitTimeInMinutes: 5, ...o });
}

describe('deploy-ecs on a service on the CODE_DEPLOY deployment controller', () => {
  it('a CodeDeploy canary succeeds: the AppSpec names the new revision, container and port; traffic ends on the replacement', async () => {
    const env = setUp({ deploymentConfigName: 'CodeDeployDefault.ECSCanary10Percent5Minutes' });
    const deps = env.account.deps(inputs);
    const t0 = env.account.clock.now();
    await run(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    expect(deps.io.outputs['task-definition-arn']).toBe(arnOf(2));
    expect(deps.io.outputs['previous-task-definition-arn']).toBe(arnOf(1));
    const [create] = calls(env, 'CreateDeployment');
    expect(create).toMatchObject({
      applicationName: APPLICATION,
      deploymentGroupName: DEPLOYMENT_GROUP,
      revision: { revisionType: 'AppSpecContent' },
    });
    const content = create!['revision']['appSpecContent']['content'] as string;
    expect(JSON.parse(content)).toEqual({
      version: 0,
      Resources: [
        {
          TargetService: {
            Type: 'AWS::ECS::Service',
            Properties: {
              TaskDefinition: arnOf(2),
              LoadBalancerInfo: { ContainerName: CONTAINER, ContainerPort: 8080 },
            },
          },
        },
      ],
    });
    const id = deps.io.outputs['deployment-id']!;
    expect(env.codedeploy.deployment(id)?.status).toBe('Succeeded');
    // From the listener as created (0), the canary's 10% came before all of it, and the weights end on the replacement.
    expect(greenHistory(env)).toEqual([0, 10, 100]);
    expect(weights(env)).toEqual({ blue: 0, green: 100 });
    // The original task set went after the 5-minute termination wait; the run waited for it.
    expect(taskSets(env)).toEqual(['PRIMARY:web:2']);
    expect(env.account.clock.now() - t0).toBeGreaterThanOrEqual(10 * 60_000);
    expect(env.account.mutatingCalls().map((c) => c.action)).toEqual([
      'RegisterTaskDefinition',
      'CreateDeployment',
    ]);
    const log = deps.io.logs.join('\n');
    expect(log).toMatch(/production traffic on the replacement: 10%/);
    expect(log).toMatch(/CodeDeploy deployment d-\w+ InProgress; targets: InProgress 1/);
    clean(env);
  });

  it("strategy canary: slipway's steps follow CodeDeploy's weights (10%, held with the gates, then 100%)", async () => {
    const env = setUp({ deploymentConfigName: 'CodeDeployDefault.ECSCanary10Percent5Minutes' });
    const deps = env.account.deps({
      ...inputs,
      strategy: 'canary',
      'canary-percent': '10',
      'canary-interval': '3m',
    });
    await run(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    const steps = (
      JSON.parse(deps.io.outputs['timeline']!) as Array<{ step: string; trafficPercent: number }>
    )
      .filter((e) => e.step !== 'gates')
      .map((e) => `${e.step}@${e.trafficPercent}`);
    expect(steps).toEqual(['start@0', 'green ready@0', 'canary 10%@10', 'shift 100%@100', 'finalized@100']);
    expect(greenHistory(env)).toEqual([0, 10, 100]);
    clean(env);
  });

  it('the deployment group alarm fires: CodeDeploy stops and rolls back; status rolled-back, the alarm named', async () => {
    const env = setUp({
      deploymentConfigName: 'CodeDeployDefault.ECSCanary10Percent15Minutes',
      alarms: ['web-5xx'],
      autoRollbackEvents: ['DEPLOYMENT_STOP_ON_ALARM'],
    });
    env.cloudwatch.putAlarm('web-5xx', 'OK');
    const t0 = env.account.clock.now();
    env.account.clock.at(t0 + 8 * 60_000, () =>
      env.cloudwatch.setState('web-5xx', 'ALARM', 'Threshold Crossed'),
    );
    const deps = env.account.deps(inputs);
    const err = await run(deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RolloutFailedError);
    expect((err as RolloutFailedError).rolledBack).toBe(true);
    expect((err as Error).message).toMatch(/Stopped \(ALARM_ACTIVE: .*web-5xx/);
    expect((err as Error).message).toMatch(/lifecycle event AllowTraffic Failed/);
    expect(deps.io.outputs['status']).toBe('rolled-back');
    expect(greenHistory(env)).toEqual([0, 10, 0]);
    expect(taskSets(env)).toEqual(['PRIMARY:web:1']);
    // slipway stopped nothing: the rollback was CodeDeploy's own.
    expect(calls(env, 'StopDeployment')).toEqual([]);
    clean(env);
  });

  it('the replacement cannot start (no container port 8080): Install fails, CodeDeploy rolls back; rolled-back with the event named', async () => {
    const env = setUp({ autoRollbackEvents: ['DEPLOYMENT_FAILURE'] });
    const td = env.ecs.registerTaskDefinition({
      family: FAMILY,
      networkMode: 'bridge',
      containerDefinitions: [
        {
          name: CONTAINER,
          image: IMAGE_V1,
          essential: true,
          memory: 512,
          portMappings: [{ containerPort: 9090, hostPort: 0 }],
        },
      ],
    });
    const deps = env.account.deps({
      cluster: CLUSTER,
      service: SERVICE,
      'aws-region': 'us-east-1',
      'task-definition-arn': td.taskDefinitionArn!,
      'codedeploy-application': APPLICATION,
      'codedeploy-deployment-group': DEPLOYMENT_GROUP,
    });
    const err = await run(deps).catch((e: unknown) => e);
    expect((err as RolloutFailedError).rolledBack).toBe(true);
    expect((err as Error).message).toMatch(
      new RegExp(
        `Failed \\(ECS_UPDATE_ERROR\\); lifecycle event Install Failed: Invalid arguments provided to ECS: The container ${CONTAINER} did not have a container port 8080 defined`,
      ),
    );
    expect((err as Error).message).toMatch(/CodeDeploy rolls it back with deployment d-\w+/);
    expect(deps.io.outputs['status']).toBe('rolled-back');
    expect(taskSets(env)).toEqual(['PRIMARY:web:1']);
    expect(calls(env, 'RegisterTaskDefinition')).toEqual([]);
    clean(env);
  });

  it('the group alarm stops it and the group does not roll back: failed, and the error says what CodeDeploy left', async () => {
    const env = setUp({
      deploymentConfigName: 'CodeDeployDefault.ECSCanary10Percent15Minutes',
      alarms: ['web-5xx'],
    });
    env.cloudwatch.putAlarm('web-5xx', 'OK');
    const t0 = env.account.clock.now();
    env.account.clock.at(t0 + 8 * 60_000, () =>
      env.cloudwatch.setState('web-5xx', 'ALARM', 'Threshold Crossed'),
    );
    const deps = env.account.deps(inputs);
    const err = await run(deps).catch((e: unknown) => e);
    expect((err as RolloutFailedError).rolledBack).toBe(false);
    expect(deps.io.outputs['status']).toBe('failed');
    expect((err as Error).message).toMatch(/CodeDeploy did not roll it back; .*deploy web:1 again/);
    // CodeDeploy stopped where it was: 10% on the replacement task set, which stays (the user's to settle).
    expect(weights(env)).toEqual({ blue: 90, green: 10 });
    expect(taskSets(env)).toEqual(['PRIMARY:web:1', 'ACTIVE:web:2']);
    env.account.expectViolations();
  });

  it('a slipway alarm gate fails: StopDeployment with autoRollbackEnabled, and the rollback deployment followed', async () => {
    const env = setUp({ deploymentConfigName: 'CodeDeployDefault.ECSCanary10Percent15Minutes' });
    env.cloudwatch.putAlarm('web-latency', 'OK');
    const t0 = env.account.clock.now();
    env.account.clock.at(t0 + 8 * 60_000, () =>
      env.cloudwatch.setState('web-latency', 'ALARM', 'Threshold Crossed'),
    );
    const deps = env.account.deps({ ...inputs, alarms: 'web-latency' });
    const err = await run(deps).catch((e: unknown) => e);
    expect((err as RolloutFailedError).rolledBack).toBe(true);
    expect(deps.io.outputs['status']).toBe('rolled-back');
    const id = deps.io.outputs['deployment-id']!;
    expect(calls(env, 'StopDeployment')).toEqual([{ deploymentId: id, autoRollbackEnabled: true }]);
    const rollbackId = env.codedeploy.deployment(id)?.rollbackInfo?.rollbackDeploymentId;
    expect(env.codedeploy.deployment(rollbackId!)?.status).toBe('Succeeded');
    expect(weights(env)).toEqual({ blue: 100, green: 0 });
    expect(taskSets(env)).toEqual(['PRIMARY:web:1']);
    clean(env);
  });

  it('a cancel mid-canary: the post step stops the deployment with autoRollbackEnabled; traffic back on the original', async () => {
    const env = setUp({ deploymentConfigName: 'CodeDeployDefault.ECSCanary10Percent15Minutes' });
    const t0 = env.account.clock.now();
    const deps = env.account.deps(inputs, { cancelAt: t0 + 8 * 60_000 });
    const err = await run(deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CancelledError);
    const saved = JSON.parse(deps.io.state['rollout'] ?? '{}') as { target: Obj };
    expect(saved.target).toMatchObject({ mode: 'codedeploy', application: APPLICATION });
    const id = saved.target['deploymentId'] as string;
    expect(env.codedeploy.deployment(id)?.status).toBe('InProgress');
    expect(weights(env)).toEqual({ blue: 90, green: 10 });

    const postDeps = env.account.deps(inputs, { io: deps.io.forPost() });
    await post(postDeps);
    expect(calls(env, 'StopDeployment')).toEqual([{ deploymentId: id, autoRollbackEnabled: true }]);
    expect(env.codedeploy.deployment(id)?.status).toBe('Stopped');
    expect(weights(env)).toEqual({ blue: 100, green: 0 });
    expect(taskSets(env)).toEqual(['PRIMARY:web:1']);
    expect(JSON.parse(postDeps.io.state['rollout'] ?? '{}').phase).toBe('rolled-back');
    expect(postDeps.io.logs.join('\n')).toMatch(/is back on web:1 \(read back\)/);
    clean(env);
  });

  it('a cancel during the bake, after CodeDeploy already succeeded: the post step deploys the old revision again', async () => {
    const env = setUp({ terminationWaitTimeInMinutes: 0 });
    const t0 = env.account.clock.now();
    const deps = env.account.deps({ ...inputs, 'bake-time': '20m' }, { cancelAt: t0 + 10 * 60_000 });
    const err = await run(deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CancelledError);
    const id =
      deps.io.outputs['deployment-id'] ??
      (JSON.parse(deps.io.state['rollout']!).target.deploymentId as string);
    expect(env.codedeploy.deployment(id)?.status).toBe('Succeeded');
    expect(weights(env)).toEqual({ blue: 0, green: 100 });

    const postDeps = env.account.deps(inputs, { io: deps.io.forPost() });
    await post(postDeps);
    const creates = calls(env, 'CreateDeployment');
    expect(creates).toHaveLength(2);
    const back = JSON.parse(creates[1]!['revision']['appSpecContent']['content'] as string);
    expect(back.Resources[0].TargetService.Properties.TaskDefinition).toBe(arnOf(1));
    expect(calls(env, 'StopDeployment')).toEqual([]);
    expect(postDeps.io.logs.join('\n')).toMatch(
      /the deployment had finished; deploying web:1 again \(d-\w+\)/,
    );
    expect(weights(env)).toEqual({ blue: 100, green: 0 });
    expect(taskSets(env)).toEqual(['PRIMARY:web:1']);
    clean(env);
  });

  it('without codedeploy-application and codedeploy-deployment-group: refused before any change, saying where to find them', async () => {
    const env = setUp();
    const deps = env.account.deps({ ...ECS_BASE_INPUTS });
    const err = await run(deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionError);
    expect((err as Error).message).toMatch(
      /uses the CODE_DEPLOY deployment controller: set codedeploy-application and codedeploy-deployment-group/,
    );
    expect((err as Error).message).toContain('aws deploy list-deployment-groups --application-name');
    expect(env.account.mutatingCalls()).toEqual([]);
    clean(env);
  });

  it('codedeploy-application for a service on the ECS controller is refused before any change', async () => {
    const env = setUp();
    // A second service, on the ECS controller, in the same cluster.
    env.ecs.createService({
      cluster: CLUSTER,
      name: 'api',
      taskDefinition: env.taskDefinition.taskDefinitionArn!,
      desiredCount: 1,
      launchType: 'EC2',
    });
    const deps = env.account.deps({ ...inputs, service: 'api' });
    const err = await run(deps).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(
      /codedeploy-application and codedeploy-deployment-group are for services on the CODE_DEPLOY deployment controller; service api in cluster prod uses ECS/,
    );
    expect(env.account.mutatingCalls()).toEqual([]);
  });

  it('a deployment group that deploys another service, or an application that does not exist: refused before any change', async () => {
    const env = setUp();
    env.ecs.createCodeDeployService({
      cluster: CLUSTER,
      name: 'api',
      taskDefinition: env.taskDefinition.taskDefinitionArn!,
      desiredCount: 1,
      launchType: 'EC2',
      loadBalancers: [
        { targetGroupArn: env.targetGroups.blue, containerName: CONTAINER, containerPort: 8080 },
      ],
    });
    const other = await run(env.account.deps({ ...inputs, service: 'api' })).catch((e: unknown) => e);
    expect((other as Error).message).toBe(
      `CodeDeploy deployment group ${APPLICATION}/${DEPLOYMENT_GROUP} deploys ${CLUSTER}/${SERVICE}, not ${CLUSTER}/api`,
    );
    const missing = await run(env.account.deps({ ...inputs, 'codedeploy-application': 'nope' })).catch(
      (e: unknown) => e,
    );
    expect((missing as Error).message).toBe(
      `CodeDeploy deployment group nope/${DEPLOYMENT_GROUP} does not exist in us-east-1 (ApplicationDoesNotExistException); check codedeploy-application and codedeploy-deployment-group`,
    );
    expect(env.account.mutatingCalls()).toEqual([]);
    clean(env);
  });

  it('force-new-deployment of an unchanged revision: a CodeDeploy deployment of that same revision, nothing registered', async () => {
    const env = setUp();
    const deps = env.account.deps({ ...inputs, image: IMAGE_V1, 'force-new-deployment': 'true' });
    await run(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    expect(env.account.mutatingCalls().map((c) => c.action)).toEqual(['CreateDeployment']);
    const content = calls(env, 'CreateDeployment')[0]!['revision']['appSpecContent']['content'] as string;
    expect(JSON.parse(content).Resources[0].TargetService.Properties.TaskDefinition).toBe(arnOf(1));
    expect(env.ecs.taskSets(CLUSTER, SERVICE)).toHaveLength(1);
    expect(env.ecs.taskSets(CLUSTER, SERVICE)[0]?.externalId).toBe(deps.io.outputs['deployment-id']);
    clean(env);
  });

  it('an unchanged revision is a no-op: nothing registered, no deployment created', async () => {
    const env = setUp();
    const deps = env.account.deps({ ...inputs, image: IMAGE_V1 });
    await run(deps);
    expect(deps.io.outputs['status']).toBe('no-op');
    expect(deps.io.outputs['task-definition-arn']).toBe(arnOf(1));
    expect(env.account.mutatingCalls()).toEqual([]);
    clean(env);
  });
});
