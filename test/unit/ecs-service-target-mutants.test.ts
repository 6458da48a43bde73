// EcsDeployTarget: which target a service's deployment controller picks, and what each refuses before any write.
import type { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { describe, expect, it } from 'vitest';
import type { EcsDeploySpec } from '../../src/targets/ecs/service-target.js';
import { EcsDeployTarget } from '../../src/targets/ecs/service-target.js';
import { clients, context, SPEC, state, TD, world } from './ecs-target-harness.js';
import { fakeClient } from './fake-client.js';

const LABEL = 'service web in cluster prod';
const CD = { codedeployApplication: 'app', codedeployDeploymentGroup: 'group' };

function make(controller: string | undefined, spec: Partial<EcsDeploySpec> = {}) {
  const w = world();
  if (controller) w.service!.deploymentController = { type: controller as never };
  const c = clients(w);
  const codedeploy = fakeClient<CodeDeployClient>({
    GetDeploymentGroupCommand: () => ({
      deploymentGroupInfo: { ecsServices: [{ serviceName: 'web', clusterName: 'prod' }] },
    }),
  });
  const deps = {
    ecs: c.ecs,
    elbv2: c.elbv2,
    codedeploy,
    clock: { now: () => 0, sleep: async () => undefined },
  };
  const spec_: EcsDeploySpec = {
    ...SPEC,
    codedeployApplication: undefined,
    codedeployDeploymentGroup: undefined,
    runTask: undefined,
    ...spec,
  } as EcsDeploySpec;
  return { target: new EcsDeployTarget(deps as never, state(), spec_), w, c };
}

describe('EcsDeployTarget: the deployment controller decides', () => {
  it('nothing runs before describe() has chosen the target', async () => {
    expect(() => make(undefined).target.prepareGreen(context())).toThrow(
      'describe() decides the target first',
    );
  });

  it.each([
    [undefined, { codedeployApplication: 'app' }, 'ECS'],
    [undefined, { codedeployDeploymentGroup: 'group' }, 'ECS'],
    ['EXTERNAL', CD, 'EXTERNAL'],
  ])(
    'controller %s refuses CodeDeploy inputs (%j), naming its controller',
    async (controller, spec, named) => {
      await expect(make(controller, spec).target.describe()).rejects.toThrow(
        `codedeploy-application and codedeploy-deployment-group are for services on the CODE_DEPLOY deployment controller; ${LABEL} uses ${named}: drop them`,
      );
    },
  );

  it.each([{ propagateTags: 'SERVICE' }, { enableEcsManagedTags: true }])(
    'CODE_DEPLOY refuses %j',
    async (tags) => {
      await expect(make('CODE_DEPLOY', { ...CD, ...tags } as never).target.describe()).rejects.toThrow(
        `propagate-tags and enable-ecs-managed-tags are not supported for ${LABEL} on the CODE_DEPLOY deployment controller; set them on the service (aws ecs update-service)`,
      );
    },
  );

  it('chooses once: a second describe reads the service only for the chosen target', async () => {
    const { target, c } = make(undefined, { changes: new Map([['app', { image: 'repo/web:1' }]]) });
    const reads = () => c.names().filter((n) => n === 'DescribeServices').length;
    expect(await target.describe()).toMatchObject({ current: TD(1), upToDate: true });
    const first = reads();
    expect(await target.describe()).toMatchObject({ current: TD(1), upToDate: true });
    // The first describe also read the service to choose; the second does not choose again.
    expect(reads() - first).toBe(first - 1);
    expect(target.savedState()).not.toHaveProperty('mode');
  });

  it('a CodeDeploy service has no ECS deployment failure to diagnose', async () => {
    const { target } = make('CODE_DEPLOY', CD);
    await target.describe();
    expect(await target.diagnoseFailure()).toEqual([]);
    expect(target.savedState()).toMatchObject({ mode: 'codedeploy', application: 'app' });
  });
});
