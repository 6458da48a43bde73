// CodeDeployServiceTarget, path by path on a scripted world: the pre-checks, the waits on the deployment's
// lifecycle and traffic, the health report, the read-back, and every way back after a failure.
import { describe, expect, it } from 'vitest';
import { AwsError } from '../../src/core/errors.js';
import { context } from './ecs-target-harness.js';
import type { Reading } from './codedeploy-target-harness.js';
import { cdTarget, cdWorld, ecsTarget, service, TD } from './codedeploy-target-harness.js';

const LABEL = 'service web in cluster prod';
const awsError = (code: string) =>
  new AwsError('codedeploy', 'GetDeploymentGroup', code, `${code}: said AWS`, undefined, undefined);
const inProgress = (target?: Reading['target']): Reading => ({ info: { status: 'InProgress' }, target });
const succeeded: Reading = { info: { status: 'Succeeded' } };
const twoTaskSets = service({
  taskSets: [
    { id: 'ts-green', status: 'PRIMARY', taskDefinition: TD(2) },
    { id: 'ts-blue', status: 'ACTIVE', taskDefinition: TD(1) },
  ],
});
const oneTaskSet = (n: number) =>
  service({ taskSets: [{ id: `ts-${n}`, status: 'PRIMARY', taskDefinition: TD(n) }] });

describe('CodeDeployServiceTarget.describe: what it refuses before any write', () => {
  it('a target rebuilt for a rollback only cannot describe', async () => {
    const { target } = cdTarget(cdWorld(), { spec: null });
    await expect(target.describe()).rejects.toThrow('this target was rebuilt for a rollback only');
  });

  it('names the service, the region and what to check when the service is missing', async () => {
    const { target } = cdTarget(cdWorld({ services: [undefined] }));
    await expect(target.describe()).rejects.toThrow(
      `${LABEL} not found in us-east-1; check cluster, service and aws-region`,
    );
  });

  it('refuses a service that is not ACTIVE, naming its status', async () => {
    const { target, names } = cdTarget(cdWorld({ services: [service({ status: 'DRAINING' })] }));
    await expect(target.describe()).rejects.toThrow(`${LABEL} is DRAINING, not ACTIVE`);
    expect(names()).toEqual(['DescribeServices']);
  });

  it('refuses smoke-url and desired-count, each with its reason', async () => {
    await expect(cdTarget(cdWorld(), { spec: { smokeUrl: 'https://x' } }).target.describe()).rejects.toThrow(
      `smoke-url is not supported for ${LABEL} on the CODE_DEPLOY controller; give the deployment group's AppSpec hooks or alarms instead`,
    );
    await expect(cdTarget(cdWorld(), { spec: { desiredCount: 3 } }).target.describe()).rejects.toThrow(
      `desired-count is not supported for ${LABEL} on the CODE_DEPLOY controller; CodeDeploy keeps the service's count`,
    );
  });

  it.each(['ApplicationDoesNotExistException', 'DeploymentGroupDoesNotExistException'])(
    'a missing application or group (%s) names both inputs',
    async (code) => {
      const { target } = cdTarget(cdWorld({ groupError: awsError(code) }));
      await expect(target.describe()).rejects.toThrow(
        `CodeDeploy deployment group app/group does not exist in us-east-1 (${code}); check codedeploy-application and codedeploy-deployment-group`,
      );
    },
  );

  it('any other error from GetDeploymentGroup goes up as it is', async () => {
    const err = awsError('AccessDeniedException');
    const { target } = cdTarget(cdWorld({ groupError: err }));
    await expect(target.describe()).rejects.toBe(err);
  });

  it('accepts a group that deploys this service among others', async () => {
    const group = {
      ecsServices: [
        { serviceName: 'api', clusterName: 'prod' },
        { serviceName: 'web', clusterName: 'prod' },
      ],
    };
    await expect(cdTarget(cdWorld({ group })).target.describe()).resolves.toMatchObject({ current: TD(1) });
  });

  it.each([
    [[{ serviceName: 'web', clusterName: 'staging' }], 'staging/web'],
    [[{ serviceName: 'api', clusterName: 'prod' }], 'prod/api'],
    [[], 'no ECS service'],
  ])('refuses a group that deploys %j instead', async (ecsServices, named) => {
    const { target } = cdTarget(cdWorld({ group: { ecsServices } }));
    await expect(target.describe()).rejects.toThrow(
      `CodeDeploy deployment group app/group deploys ${named}, not prod/web`,
    );
  });

  it('reads the PRIMARY task set as what runs, not the first task set or the service field', async () => {
    const svc = service({
      taskDefinition: TD(1),
      taskSets: [
        { id: 'ts-a', status: 'ACTIVE', taskDefinition: TD(1) },
        { id: 'ts-p', status: 'PRIMARY', taskDefinition: TD(3) },
      ],
    });
    const { target, state } = cdTarget(cdWorld({ services: [svc] }));
    expect((await target.describe()).current).toBe(TD(3));
    expect(state.previousTaskDefinitionArn).toBe(TD(3));
  });

  it.each(['Created', 'Queued', 'InProgress', 'Baking', 'Ready'])(
    'a deployment of the group that is %s is in progress, and nothing is up to date',
    async (status) => {
      const group = {
        ecsServices: [{ serviceName: 'web', clusterName: 'prod' }],
        lastAttemptedDeployment: { deploymentId: 'd-9', status },
      };
      const spec = { changes: new Map([['app', { image: 'repo/web:1' }]]) };
      const s = await cdTarget(cdWorld({ group }), { spec }).target.describe();
      expect(s).toEqual({
        current: TD(1),
        upToDate: false,
        inProgress: `CodeDeploy deployment d-9 is ${status}`,
      });
    },
  );

  it('a deployment of the group without an id is still named as in progress', async () => {
    const group = {
      ecsServices: [{ serviceName: 'web', clusterName: 'prod' }],
      lastAttemptedDeployment: { status: 'InProgress' },
    };
    expect((await cdTarget(cdWorld({ group })).target.describe()).inProgress).toBe(
      'CodeDeploy deployment  is InProgress',
    );
  });

  it('an ended deployment of the group is not in progress; the same definition is up to date', async () => {
    const group = {
      ecsServices: [{ serviceName: 'web', clusterName: 'prod' }],
      lastAttemptedDeployment: { deploymentId: 'd-9', status: 'Succeeded' },
    };
    const spec = { changes: new Map([['app', { image: 'repo/web:1' }]]) };
    expect(await cdTarget(cdWorld({ group }), { spec }).target.describe()).toEqual({
      current: TD(1),
      upToDate: true,
      inProgress: undefined,
    });
    const forced = cdTarget(cdWorld({ group }), { spec: { ...spec, forceNewDeployment: true } });
    expect((await forced.target.describe()).upToDate).toBe(false);
  });
});

describe('CodeDeployServiceTarget.prepareGreen: register, create, wait for Install', () => {
  const installed = [
    { info: { status: 'Created' } },
    inProgress(
      ecsTarget([
        ['BeforeInstall', 'Succeeded'],
        ['Install', 'InProgress'],
      ]),
    ),
    inProgress(
      ecsTarget([
        ['BeforeInstall', 'Succeeded'],
        ['Install', 'Succeeded'],
        ['AfterInstall', 'Pending'],
      ]),
    ),
  ];

  it('registers, creates one deployment with its description, and waits for Install to succeed', async () => {
    const { target, state, calls } = cdTarget(cdWorld({ deployments: { 'd-1': installed } }));
    await target.describe();
    const ctx = context();
    await target.prepareGreen(ctx);
    expect(state.taskDefinitionArn).toBe(TD(2));
    expect(state.deploymentId).toBe('d-1');
    expect(ctx.checkpoints).toBe(1);
    expect(ctx.lines).toEqual([
      'registered task definition web:2: app = repo/web:2',
      'created CodeDeploy deployment d-1 in app/group',
    ]);
    const create = calls.find(([n]) => n === 'CreateDeployment')![1];
    expect(create).toMatchObject({
      applicationName: 'app',
      deploymentGroupName: 'group',
      description: 'slipway deploy-ecs: web:2',
    });
    expect(ctx.waits).toEqual([
      {
        what: 'CodeDeploy deployment d-1: replacement task set installed',
        statuses: [
          'CodeDeploy deployment d-1 Created',
          'CodeDeploy deployment d-1 InProgress; lifecycle event Install',
        ],
        plain: false,
      },
    ]);
  });

  it('reads no deployment target while the deployment is Created or Queued', async () => {
    const deployments = { 'd-1': [{ info: { status: 'Queued' } }, succeeded] };
    const { target, names } = cdTarget(cdWorld({ deployments }));
    await target.describe();
    await target.prepareGreen(context());
    const reads = names().filter((n) => n.startsWith('Get') || n.startsWith('List'));
    expect(reads).toEqual([
      'GetDeploymentGroup',
      'GetDeployment',
      'GetDeployment',
      'ListDeploymentTargets',
      'GetDeploymentTarget',
    ]);
  });

  it('reads no target before CodeDeploy names one, and lists targets once it has', async () => {
    const deployments = { 'd-1': [inProgress(), succeeded] };
    const w = cdWorld({ deployments, targetIds: [] });
    const { target, names } = cdTarget(w);
    await target.describe();
    await target.prepareGreen(context());
    expect(names().filter((n) => n.includes('Target'))).toEqual([
      'ListDeploymentTargets',
      'ListDeploymentTargets',
    ]);
  });

  it('a deployment that Succeeded without an Install event is installed', async () => {
    const { target } = cdTarget(cdWorld({ deployments: { 'd-1': [succeeded] } }));
    await target.describe();
    const ctx = context();
    await target.prepareGreen(ctx);
    expect(ctx.waits[0]!.statuses).toEqual([]);
  });

  it('deploys a revision given by ARN as it is, and says so', async () => {
    const spec = { taskDefinitionArn: TD(3), changes: new Map() };
    const { target, state, names } = cdTarget(cdWorld({ deployments: { 'd-1': [succeeded] } }), { spec });
    await target.describe();
    const ctx = context();
    await target.prepareGreen(ctx);
    expect(names()).not.toContain('RegisterTaskDefinition');
    expect(state.taskDefinitionArn).toBe(TD(3));
    expect(ctx.lines[0]).toBe('deploying task definition web:3 as it is');
  });

  it('an unchanged definition is a new deployment of the running revision', async () => {
    const spec = { changes: new Map([['app', { image: 'repo/web:1' }]]), forceNewDeployment: true };
    const { target, calls } = cdTarget(cdWorld({ deployments: { 'd-1': [succeeded] } }), { spec });
    await target.describe();
    const ctx = context();
    await target.prepareGreen(ctx);
    expect(ctx.lines[0]).toBe('task definition unchanged: a new deployment of web:1');
    expect(calls.find(([n]) => n === 'CreateDeployment')![1]['description']).toBe(
      'slipway deploy-ecs: web:1',
    );
  });

  it('CreateDeployment without an id is an error naming the group', async () => {
    const { target } = cdTarget(cdWorld({ ids: [undefined] }));
    await target.describe();
    await expect(target.prepareGreen(context())).rejects.toThrow(
      'CreateDeployment in app/group returned no deployment id',
    );
  });

  it('a deployment that fails while installing ends the wait with CodeDeploy reasons', async () => {
    const failed: Reading = {
      info: { status: 'Failed', errorInformation: { code: 'ECS_UPDATE_ERROR', message: 'no capacity' } },
      target: ecsTarget([['Install', 'Failed']]),
    };
    const { target } = cdTarget(cdWorld({ deployments: { 'd-1': [failed] } }));
    await target.describe();
    await expect(target.prepareGreen(context())).rejects.toThrow(
      'CodeDeploy deployment d-1 Failed (ECS_UPDATE_ERROR: no capacity); lifecycle event Install Failed; CodeDeploy did not roll it back',
    );
  });
});

describe('CodeDeployServiceTarget.shift: follows the Green task set weight', () => {
  async function shifted(readings: Reading[], percent = 10) {
    const { target } = cdTarget(cdWorld({ deployments: { 'd-1': readings } }), {
      state: { deploymentId: 'd-1' },
    });
    const ctx = context();
    await target.shift(percent, ctx);
    return ctx;
  }

  it('ends at the first reading at or over the step, and says the weight', async () => {
    const ctx = await shifted([
      inProgress(ecsTarget([], 0)),
      inProgress(ecsTarget([], 10)),
      inProgress(ecsTarget([], 20)),
    ]);
    expect(ctx.waits[0]!.what).toBe('CodeDeploy deployment d-1: production traffic to 10%');
    expect(ctx.waits[0]!.statuses).toEqual([
      'CodeDeploy deployment d-1 InProgress; production traffic on the replacement: 0%',
    ]);
    expect(ctx.lines).toEqual(['production traffic on the replacement task set: 10%']);
  });

  it('a Succeeded deployment has shifted everything', async () => {
    const ctx = await shifted([succeeded], 50);
    expect(ctx.waits[0]!.statuses).toEqual([]);
    expect(ctx.lines).toEqual(['production traffic on the replacement task set: 100%']);
  });
});

describe('CodeDeployServiceTarget.health', () => {
  it('is healthy with nothing started', async () => {
    expect(await cdTarget(cdWorld()).target.health()).toEqual({
      name: 'CodeDeploy deployment',
      ok: true,
      detail: 'not started yet',
    });
  });

  it('counts the running tasks of every task set and describes the progress', async () => {
    const reading = inProgress(ecsTarget([['AllowTraffic', 'InProgress']], 10, [3, 2]));
    const { target } = cdTarget(cdWorld({ deployments: { 'd-1': [reading] } }), {
      state: { deploymentId: 'd-1' },
    });
    expect(await target.health()).toEqual({
      name: 'CodeDeploy deployment',
      ok: true,
      detail:
        'CodeDeploy deployment d-1 InProgress; lifecycle event AllowTraffic; production traffic on the replacement: 10%',
      healthyCapacity: 5,
    });
  });

  it.each(['Failed', 'Stopped'])('a %s deployment is unhealthy, with the failed events', async (status) => {
    const reading = { info: { status }, target: ecsTarget([['AfterAllowTraffic', 'Failed']]) };
    const { target } = cdTarget(cdWorld({ deployments: { 'd-1': [reading] } }), {
      state: { deploymentId: 'd-1' },
    });
    expect(await target.health()).toMatchObject({
      ok: false,
      detail: `CodeDeploy deployment d-1 ${status}; lifecycle event AfterAllowTraffic Failed; CodeDeploy did not roll it back`,
    });
  });

  it('one reading serves a poll: a second read within a second is not sent, one a second later is', async () => {
    const deployments = { 'd-1': [inProgress()] };
    const held = cdTarget(cdWorld({ deployments }), { state: { deploymentId: 'd-1' }, step: 0 });
    await held.target.health();
    await held.target.health();
    expect(held.names().filter((n) => n === 'GetDeployment')).toHaveLength(1);
    const later = cdTarget(cdWorld({ deployments }), { state: { deploymentId: 'd-1' }, step: 1_000 });
    await later.target.health();
    await later.target.health();
    expect(later.names().filter((n) => n === 'GetDeployment')).toHaveLength(2);
  });
});

describe('CodeDeployServiceTarget.finalize: Succeeded, drained, read back', () => {
  it('waits for Succeeded, then for the replaced task set to drain, then reads the revision back', async () => {
    const w = cdWorld({
      services: [twoTaskSets, oneTaskSet(2)],
      deployments: { 'd-1': [inProgress(), succeeded] },
    });
    const { target } = cdTarget(w, { state: { deploymentId: 'd-1', taskDefinitionArn: TD(2) } });
    const ctx = context();
    await target.finalize(ctx);
    expect(ctx.waits.map((x) => [x.what, x.statuses])).toEqual([
      ['CodeDeploy deployment d-1: termination wait and clean-up', ['CodeDeploy deployment d-1 InProgress']],
      [`the replaced task set of ${LABEL} draining`, ['task set ts-blue ACTIVE']],
    ]);
    expect(ctx.lines).toEqual([`${LABEL} runs web:2 alone (read back)`]);
  });

  it('a draining task set that ECS names without id or status still shows in the wait', async () => {
    const svc = service({ taskSets: [{ status: 'PRIMARY', taskDefinition: TD(2) }, {}] });
    const w = cdWorld({ services: [svc, oneTaskSet(2)], deployments: { 'd-1': [succeeded] } });
    const { target } = cdTarget(w, { state: { deploymentId: 'd-1', taskDefinitionArn: TD(2) } });
    const ctx = context();
    await target.finalize(ctx);
    expect(ctx.waits[1]!.statuses).toEqual(['task set  ']);
  });

  it('a revision other than ours after the deployment is another writer', async () => {
    const w = cdWorld({ services: [oneTaskSet(3)], deployments: { 'd-1': [succeeded] } });
    const { target } = cdTarget(w, { state: { deploymentId: 'd-1', taskDefinitionArn: TD(2) } });
    await expect(target.finalize(context())).rejects.toThrow(
      `${LABEL} reads back as web:3, not web:2: another deploy changed it`,
    );
  });
});

describe('CodeDeployServiceTarget.rollback', () => {
  const after = { deploymentId: 'd-1', previousTaskDefinitionArn: TD(1), taskDefinitionArn: TD(2) };
  const stoppedWithRollback: Reading = {
    info: { status: 'Stopped', rollbackInfo: { rollbackDeploymentId: 'd-2' } },
  };

  it('stops an active deployment with CodeDeploy rollback, waits for it to stop, then follows the rollback', async () => {
    const w = cdWorld({
      services: [oneTaskSet(1)],
      deployments: {
        'd-1': [inProgress(), inProgress(), stoppedWithRollback],
        'd-2': [inProgress(), succeeded],
      },
    });
    const { target, state, calls } = cdTarget(w, { spec: null, state: after });
    const ctx = context();
    await target.rollback(ctx);
    expect(calls.find(([n]) => n === 'StopDeployment')![1]).toEqual({
      deploymentId: 'd-1',
      autoRollbackEnabled: true,
    });
    expect(state.rollbackDeploymentId).toBe('d-2');
    expect(ctx.checkpoints).toBe(1);
    expect(ctx.waits.map((x) => [x.what, x.statuses.length])).toEqual([
      ['CodeDeploy deployment d-1 stopping', 1],
      ['CodeDeploy rollback deployment d-2', 1],
      [`the replaced task set of ${LABEL} draining`, 0],
    ]);
    expect(ctx.lines).toEqual([
      'stopped CodeDeploy deployment d-1 with automatic rollback',
      `${LABEL} is back on web:1 (read back)`,
    ]);
  });

  it('a deployment that already ended with its rollback is not stopped again', async () => {
    const w = cdWorld({
      services: [oneTaskSet(1)],
      deployments: { 'd-1': [stoppedWithRollback], 'd-2': [succeeded] },
    });
    const { target, names } = cdTarget(w, { spec: null, state: after });
    await target.rollback(context());
    expect(names()).not.toContain('StopDeployment');
  });

  it('a deployment that completes as it is stopped is said so; any other StopDeployment error fails', async () => {
    const ended = new AwsError(
      'codedeploy',
      'StopDeployment',
      'DeploymentAlreadyCompletedException',
      'already completed',
      undefined,
      undefined,
    );
    const deployments = { 'd-1': [inProgress(), stoppedWithRollback], 'd-2': [succeeded] };
    const ok = cdTarget(cdWorld({ services: [oneTaskSet(1)], deployments, stopError: ended }), {
      spec: null,
      state: after,
    });
    const ctx = context();
    await ok.target.rollback(ctx);
    expect(ctx.lines[0]).toBe(
      'CodeDeploy deployment d-1 has already ended: codedeploy:StopDeployment failed: DeploymentAlreadyCompletedException: already completed',
    );
    const denied = awsError('AccessDeniedException');
    const bad = cdTarget(cdWorld({ deployments, stopError: denied }), { spec: null, state: after });
    await expect(bad.target.rollback(context())).rejects.toBe(denied);
  });

  it('a deployment that had Succeeded is undone by deploying the old revision again', async () => {
    const w = cdWorld({
      services: [twoTaskSets, oneTaskSet(1)],
      deployments: { 'd-1': [succeeded], 'd-2': [succeeded] },
      ids: ['d-2'],
    });
    const { target, state, calls } = cdTarget(w, { spec: null, state: after });
    const ctx = context();
    await target.rollback(ctx);
    expect(calls.find(([n]) => n === 'CreateDeployment')![1]['description']).toBe(
      'slipway deploy-ecs: back to web:1',
    );
    expect(state.rollbackDeploymentId).toBe('d-2');
    expect(ctx.lines[0]).toBe('the deployment had finished; deploying web:1 again (d-2)');
  });

  it("this rollout's hooks go into its own deployment's AppSpec, not into the redeploy of the old revision", async () => {
    const w = cdWorld({
      services: [service(), twoTaskSets, oneTaskSet(1)],
      deployments: { 'd-1': [succeeded], 'd-2': [succeeded] },
    });
    const spec = { codedeployHooks: { AfterAllowTestTraffic: 'smoke' } };
    const { target, calls } = cdTarget(w, { spec });
    await target.describe();
    await target.prepareGreen(context());
    await target.rollback(context());
    const hooks = calls
      .filter(([n]) => n === 'CreateDeployment')
      .map(
        ([, i]) =>
          JSON.parse((i['revision'] as { appSpecContent: { content: string } }).appSpecContent.content).Hooks,
      );
    expect(hooks).toEqual([[{ AfterAllowTestTraffic: 'smoke' }], undefined]);
  });

  it('a failed deployment that CodeDeploy did not roll back, with the old revision alone, needs nothing', async () => {
    const w = cdWorld({
      services: [oneTaskSet(1)],
      deployments: { 'd-1': [{ info: { status: 'Failed' } }] },
    });
    const ctx = context();
    await cdTarget(w, { spec: null, state: after }).target.rollback(ctx);
    expect(ctx.lines).toEqual([`${LABEL} still runs web:1: nothing to roll back`]);
  });

  it.each([
    ['two task sets', twoTaskSets],
    ['another revision alone', oneTaskSet(2)],
  ])('a failed deployment not rolled back, with %s, fails naming what to do', async (_, svc) => {
    const w = cdWorld({ services: [svc], deployments: { 'd-1': [{ info: { status: 'Failed' } }] } });
    await expect(cdTarget(w, { spec: null, state: after }).target.rollback(context())).rejects.toThrow(
      "CodeDeploy deployment d-1 Failed; CodeDeploy did not roll it back; the deployment group's automatic rollback is off for this: deploy web:1 again",
    );
  });

  it('with no deployment started, it says what the service still runs', async () => {
    const w = cdWorld({ services: [oneTaskSet(1)] });
    const ctx = context();
    const { target, names } = cdTarget(w, { spec: null, state: { previousTaskDefinitionArn: TD(1) } });
    await target.rollback(ctx);
    expect(ctx.lines).toEqual([`${LABEL} still runs web:1: nothing to roll back`]);
    expect(names()).toEqual(['DescribeServices']);
  });

  it('a rollback deployment named by the saved state is followed without reading ours', async () => {
    const w = cdWorld({ services: [oneTaskSet(1)], deployments: { 'd-2': [succeeded] } });
    const { target, names } = cdTarget(w, { spec: null, state: { ...after, rollbackDeploymentId: 'd-2' } });
    await target.rollback(context());
    expect(names()).toEqual(['GetDeployment', 'DescribeServices']);
  });

  it('a rollback deployment that fails is an error with its reasons', async () => {
    const w = cdWorld({
      deployments: {
        'd-2': [{ info: { status: 'Failed', errorInformation: { code: 'TIMEOUT', message: 'slow' } } }],
      },
    });
    const { target } = cdTarget(w, { spec: null, state: { ...after, rollbackDeploymentId: 'd-2' } });
    await expect(target.rollback(context())).rejects.toThrow(
      'the rollback did not finish: CodeDeploy deployment d-2 Failed (TIMEOUT: slow); CodeDeploy did not roll it back',
    );
  });

  it('a service that reads back as another revision after the rollback is an error', async () => {
    const w = cdWorld({ services: [oneTaskSet(3)], deployments: { 'd-2': [succeeded] } });
    const { target } = cdTarget(w, { spec: null, state: { ...after, rollbackDeploymentId: 'd-2' } });
    await expect(target.rollback(context())).rejects.toThrow(
      `${LABEL} reads back as web:3 after the rollback, not web:1`,
    );
  });
});
