import {
  ContinueServiceDeploymentCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import type { ServiceDeployment } from '@aws-sdk/client-ecs';
import {
  DeleteTargetGroupCommand,
  DeregisterTargetsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  ModifyRuleCommand,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import type { AwsError } from '../../src/core/errors.js';
import { CLUSTER, containersAccount, IMAGE_V2, SERVICE } from '../sim/containers.js';

const settings = { maxAttempts: 3, action: 'test' };

function clients(account: ReturnType<typeof containersAccount>['account']) {
  const aws = account.aws(settings);
  return { ecs: aws.get(ECSClient, 'us-east-1'), elb: aws.get(ElasticLoadBalancingV2Client, 'us-east-1') };
}

/** Steps virtual time in 5 s ticks, as polling would, until `done` or the limit. */
function runUntil(
  env: ReturnType<typeof containersAccount>,
  done: () => boolean,
  limitMs = 3_600_000,
): number {
  const start = env.account.clock.now();
  while (!done()) {
    if (env.account.clock.now() - start > limitMs) throw new Error('simulated time ran out');
    env.account.clock.advance(5_000);
  }
  return env.account.clock.now() - start;
}

async function newRevision(env: ReturnType<typeof containersAccount>, image: string): Promise<string> {
  const { ecs } = clients(env.account);
  const td = structuredClone(env.taskDefinition);
  const out = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: td.family,
      networkMode: td.networkMode,
      containerDefinitions: td.containerDefinitions!.map((c) => ({ ...c, image })),
    }),
  );
  return out.taskDefinition!.taskDefinitionArn!;
}

async function deploymentOf(
  env: ReturnType<typeof containersAccount>,
  arn: string,
): Promise<ServiceDeployment> {
  const out = await clients(env.account).ecs.send(
    new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }),
  );
  return out.serviceDeployments![0]!;
}

describe('ELBv2 simulator', () => {
  it('takes a target from initial to healthy after interval × healthy threshold, and drains it for the delay', async () => {
    const env = containersAccount({ launchType: 'FARGATE', desiredCount: 1 });
    env.elbv2.addHealthSource((id) => (id === '10.9.9.9' ? { up: true } : undefined));
    const { elb } = clients(env.account);
    const tg = env.targetGroups.blue;
    await elb.send(
      new RegisterTargetsCommand({ TargetGroupArn: tg, Targets: [{ Id: '10.9.9.9', Port: 8080 }] }),
    );
    const health = async () =>
      (
        await elb.send(
          new DescribeTargetHealthCommand({ TargetGroupArn: tg, Targets: [{ Id: '10.9.9.9', Port: 8080 }] }),
        )
      ).TargetHealthDescriptions![0]!.TargetHealth!;
    expect(await health()).toMatchObject({ State: 'initial', Reason: 'Elb.RegistrationInProgress' });
    env.account.clock.advance(10_000);
    expect(await health()).toMatchObject({ State: 'initial', Reason: 'Elb.InitialHealthChecking' });
    env.account.clock.advance(19_000);
    expect((await health()).State).toBe('initial');
    env.account.clock.advance(1_000); // 3 checks × 10 s
    expect((await health()).State).toBe('healthy');
    await elb.send(
      new DeregisterTargetsCommand({ TargetGroupArn: tg, Targets: [{ Id: '10.9.9.9', Port: 8080 }] }),
    );
    expect(await health()).toMatchObject({ State: 'draining', Reason: 'Target.DeregistrationInProgress' });
    env.account.clock.advance(59_000);
    expect((await health()).State).toBe('draining');
    env.account.clock.advance(1_000);
    expect(await health()).toMatchObject({ State: 'unused', Reason: 'Target.NotRegistered' });
  });

  it('marks a target unhealthy with the reason of its failing checks', async () => {
    const env = containersAccount({ launchType: 'FARGATE', desiredCount: 1 });
    // A target registered by hand, with no task behind it: the simulator's own test.
    env.account.expectViolations();
    env.elbv2.addHealthSource((id) =>
      id === '10.9.9.8' ? { up: false, reason: 'Target.ResponseCodeMismatch' } : undefined,
    );
    const { elb } = clients(env.account);
    await elb.send(
      new RegisterTargetsCommand({
        TargetGroupArn: env.targetGroups.green,
        Targets: [{ Id: '10.9.9.8', Port: 8080 }],
      }),
    );
    env.account.clock.advance(20_000);
    const out = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: env.targetGroups.green }));
    expect(out.TargetHealthDescriptions![0]!.TargetHealth).toEqual({
      State: 'unhealthy',
      Reason: 'Target.ResponseCodeMismatch',
      Description: 'Health checks failed with these codes: [502]',
    });
  });

  it('validates weights, refuses to delete a target group in use, and replaces whole action lists', async () => {
    const env = containersAccount();
    const { elb } = clients(env.account);
    const forward = (blue: number, green: number) => [
      {
        Type: 'forward' as const,
        ForwardConfig: {
          TargetGroups: [
            { TargetGroupArn: env.targetGroups.blue, Weight: blue },
            { TargetGroupArn: env.targetGroups.green, Weight: green },
          ],
        },
      },
    ];
    const err = (await elb
      .send(new ModifyRuleCommand({ RuleArn: env.rules.production, Actions: forward(1000, 0) }))
      .catch((e: unknown) => e)) as AwsError;
    expect(err.code).toBe('ValidationError');
    const inUse = (await elb
      .send(new DeleteTargetGroupCommand({ TargetGroupArn: env.targetGroups.green }))
      .catch((e: unknown) => e)) as AwsError;
    expect(inUse.code).toBe('ResourceInUseException');
    await elb.send(new ModifyRuleCommand({ RuleArn: env.rules.test, Actions: forward(999, 0) }));
    expect(env.elbv2.forwardWeights(env.rules.test)).toEqual([
      { targetGroupArn: env.targetGroups.blue, weight: 999 },
      { targetGroupArn: env.targetGroups.green, weight: 0 },
    ]);
    // Weight to a group with no healthy target breaks the invariant the preset registers.
    env.account.expectViolations();
    await elb.send(new ModifyRuleCommand({ RuleArn: env.rules.test, Actions: forward(0, 1) }));
    expect(env.account.violations.join('\n')).toMatch(/web-green, which has no healthy target/);
  });
});

describe('ECS simulator', () => {
  it('rolls a service to a new revision: PENDING → IN_PROGRESS → SUCCESSFUL, capacity kept', async () => {
    const env = containersAccount();
    const { ecs } = clients(env.account);
    const td = await newRevision(env, IMAGE_V2);
    const out = await ecs.send(
      new UpdateServiceCommand({ cluster: CLUSTER, service: SERVICE, taskDefinition: td }),
    );
    const arn = out.service!.currentServiceDeployment!;
    expect((await deploymentOf(env, arn)).status).toBe('PENDING');
    const statuses = new Set<string>();
    const took = runUntil(env, () => {
      const sd = env.ecs.serviceDeployment(arn)!;
      statuses.add(sd.status);
      return sd.status === 'SUCCESSFUL';
    });
    expect([...statuses]).toEqual(['PENDING', 'IN_PROGRESS', 'SUCCESSFUL']);
    expect(env.ecs.runningTasks(env.service).map((t) => t.taskDefinitionArn)).toEqual([td, td, td]);
    // Start, pull, three health checks, then the old tasks drain for 60 s.
    expect(took).toBeGreaterThan(90_000);
    expect(env.account.violations).toEqual([]);
    expect(env.account.orphans()).toEqual([]);
    const svc = (await ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: [SERVICE] })))
      .services![0]!;
    expect(svc.deployments!.map((d) => [d.status, d.rolloutState])).toEqual([['PRIMARY', 'COMPLETED']]);
    expect(svc.events![0]!.message).toBe(`(service ${SERVICE}) has reached a steady state.`);
  });

  it('trips the circuit breaker on tasks that never pass ELB health checks and rolls back', async () => {
    const env = containersAccount();
    env.ecs.behave(IMAGE_V2, { kind: 'unhealthy' });
    const { ecs } = clients(env.account);
    const before = env.service.deployments[0]!.revisionArn;
    const td = await newRevision(env, IMAGE_V2);
    const out = await ecs.send(
      new UpdateServiceCommand({
        cluster: CLUSTER,
        service: SERVICE,
        taskDefinition: td,
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
      }),
    );
    const arn = out.service!.currentServiceDeployment!;
    runUntil(env, () => env.ecs.serviceDeployment(arn)!.status === 'ROLLBACK_SUCCESSFUL');
    const sd = await deploymentOf(env, arn);
    expect(sd.statusReason).toBe('ECS deployment circuit breaker: tasks failed to start.');
    expect(sd.deploymentCircuitBreaker).toMatchObject({ status: 'TRIGGERED', threshold: 3 });
    expect(sd.rollback?.serviceRevisionArn).toBe(before);
    const stopped = await ecs.send(
      new ListTasksCommand({ cluster: CLUSTER, serviceName: SERVICE, desiredStatus: 'STOPPED' }),
    );
    const tasks = (await ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: stopped.taskArns! })))
      .tasks!;
    const failedHealth = tasks.filter((t) =>
      /^Task failed ELB health checks in \(target-group arn:/.test(t.stoppedReason ?? ''),
    );
    expect(failedHealth.length).toBeGreaterThanOrEqual(3);
    expect(env.ecs.runningTasks(env.service).every((t) => t.taskDefinitionArn.endsWith(':1'))).toBe(true);
    expect(env.account.violations).toEqual([]);
    expect(env.account.orphans()).toEqual([]);
  });

  it('runs a native BLUE_GREEN deployment that pauses at a PAUSE hook until ContinueServiceDeployment', async () => {
    const env = containersAccount();
    const { ecs } = clients(env.account);
    const td = await newRevision(env, IMAGE_V2);
    const out = await ecs.send(
      new UpdateServiceCommand({
        cluster: CLUSTER,
        service: SERVICE,
        taskDefinition: td,
        deploymentConfiguration: {
          strategy: 'BLUE_GREEN',
          bakeTimeInMinutes: 2,
          lifecycleHooks: [{ targetType: 'PAUSE', lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'] }],
        },
      }),
    );
    const arn = out.service!.currentServiceDeployment!;
    const stages: string[] = [];
    runUntil(env, () => {
      const sd = env.ecs.serviceDeployment(arn)!;
      if (sd.stage && stages.at(-1) !== sd.stage) stages.push(sd.stage);
      return sd.hooks.some((h) => h.status === 'AWAITING_ACTION');
    });
    expect(stages).toEqual([
      'PRE_SCALE_UP',
      'SCALE_UP',
      'POST_SCALE_UP',
      'TEST_TRAFFIC_SHIFT',
      'POST_TEST_TRAFFIC_SHIFT',
    ]);
    expect(env.elbv2.forwardWeights(env.rules.test).map((w) => w.weight)).toEqual([0, 100]);
    expect(env.elbv2.forwardWeights(env.rules.production).map((w) => w.weight)).toEqual([100, 0]);
    env.account.clock.advance(600_000); // still paused
    const sd = await deploymentOf(env, arn);
    expect(sd.lifecycleStage).toBe('POST_TEST_TRAFFIC_SHIFT');
    const hookId = sd.lifecycleHookDetails![0]!.hookId!;
    await ecs.send(
      new ContinueServiceDeploymentCommand({ serviceDeploymentArn: arn, hookId, action: 'CONTINUE' }),
    );
    runUntil(env, () => env.ecs.serviceDeployment(arn)!.status === 'SUCCESSFUL');
    expect(env.elbv2.forwardWeights(env.rules.production)).toEqual([
      { targetGroupArn: env.targetGroups.blue, weight: 0 },
      { targetGroupArn: env.targetGroups.green, weight: 100 },
    ]);
    expect(env.account.violations).toEqual([]);
    // The PAUSE hook this test added stays on the service until it is removed.
    expect(env.account.orphans()).toEqual([
      `service web still has a PAUSE lifecycle hook that set-up did not give it`,
    ]);
    // Removing it changes only the deployment configuration, and the simulator starts a deployment for that
    // (the stricter reading of the UpdateService reference): it runs the same task definition.
    const removed = await ecs.send(
      new UpdateServiceCommand({
        cluster: CLUSTER,
        service: SERVICE,
        deploymentConfiguration: { lifecycleHooks: [] },
      }),
    );
    const again = removed.service!.currentServiceDeployment!;
    expect(again).not.toBe(arn);
    runUntil(env, () => env.ecs.serviceDeployment(again)!.status === 'SUCCESSFUL');
    expect(env.ecs.taskDefinitionOf(env.service).taskDefinitionArn).toBe(td);
    expect(env.account.orphans()).toEqual([]);
  });

  it('rolls a native CANARY back on StopServiceDeployment ROLLBACK, traffic first', async () => {
    const env = containersAccount();
    const { ecs } = clients(env.account);
    const td = await newRevision(env, IMAGE_V2);
    const out = await ecs.send(
      new UpdateServiceCommand({
        cluster: CLUSTER,
        service: SERVICE,
        taskDefinition: td,
        deploymentConfiguration: {
          strategy: 'CANARY',
          bakeTimeInMinutes: 5,
          canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 5 },
        },
      }),
    );
    const arn = out.service!.currentServiceDeployment!;
    runUntil(env, () => env.ecs.serviceDeployment(arn)!.productionWeight === 10);
    await ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: 'ROLLBACK' }));
    expect((await deploymentOf(env, arn)).status).toBe('ROLLBACK_REQUESTED');
    runUntil(env, () => env.ecs.serviceDeployment(arn)!.status === 'ROLLBACK_SUCCESSFUL');
    expect(env.elbv2.forwardWeights(env.rules.production).map((w) => w.weight)).toEqual([100, 0]);
    expect(env.ecs.runningTasks(env.service).every((t) => t.taskDefinitionArn.endsWith(':1'))).toBe(true);
    expect(env.account.violations).toEqual([]);
    expect(env.account.orphans()).toEqual([]);
    const again = (await ecs
      .send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: 'ROLLBACK' }))
      .catch((e: unknown) => e)) as AwsError;
    expect(again.code).toBe('ConflictException');
  });

  it('validates as the API reference says: at most 10 services, advancedConfiguration for native strategies', async () => {
    const env = containersAccount({ advancedConfiguration: false });
    const { ecs } = clients(env.account);
    const many = (await ecs
      .send(
        new DescribeServicesCommand({
          cluster: CLUSTER,
          services: Array.from({ length: 11 }, (_, i) => `s${i}`),
        }),
      )
      .catch((e: unknown) => e)) as AwsError;
    expect(many.code).toBe('InvalidParameterException');
    const native = (await ecs
      .send(
        new UpdateServiceCommand({
          cluster: CLUSTER,
          service: SERVICE,
          deploymentConfiguration: { strategy: 'LINEAR', linearConfiguration: { stepPercent: 20 } },
        }),
      )
      .catch((e: unknown) => e)) as AwsError;
    expect(native.code).toBe('InvalidParameterException');
    expect(native.message).toMatch(/alternateTargetGroupArn, productionListenerRule, roleArn/);
    const missing = await ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: ['nope'] }));
    expect(missing.failures).toEqual([
      { arn: expect.stringContaining('service/prod/nope'), reason: 'MISSING' },
    ]);
  });

  it('bin-packs bridge-mode tasks on EC2 with dynamic host ports', async () => {
    const env = containersAccount({
      instanceMemory: 2048,
      taskMemory: 600,
      placementStrategy: [{ type: 'binpack', field: 'memory' }],
    });
    const tasks = env.ecs.runningTasks(env.service);
    expect(new Set(tasks.map((t) => t.ec2InstanceId)).size).toBe(1);
    const ports = tasks.flatMap((t) => t.hostPorts);
    expect(new Set(ports).size).toBe(3);
    for (const p of ports) expect(p).toBeGreaterThanOrEqual(49153);
  });
});
