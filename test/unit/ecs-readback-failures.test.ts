import type { ECSClient, Service, ServiceDeployment } from '@aws-sdk/client-ecs';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import type { EcsServiceState, EcsTargetSpec } from '../../src/targets/ecs/ecs-target.js';
import { EcsServiceTarget } from '../../src/targets/ecs/ecs-target.js';
import { fakeClient, fakeContext } from './fake-client.js';

const TD = (n: number) => `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${n}`;
const SD = 'arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/web/abc';

const state = (over: Partial<EcsServiceState> = {}): EcsServiceState => ({
  region: 'us-east-1',
  cluster: 'prod',
  service: 'web',
  strategy: 'rolling',
  previousTaskDefinitionArn: TD(1),
  taskDefinitionArn: TD(2),
  serviceDeploymentArn: SD,
  originalHooks: undefined,
  waitTimeoutMs: 60_000,
  startedAt: 0,
  ...over,
});

/** ECS answering DescribeServices with `service()` and DescribeServiceDeployments from a script. */
function ecs(service: () => Partial<Service>, deployments: Array<Partial<ServiceDeployment>> = []) {
  let i = 0;
  return fakeClient<ECSClient>({
    DescribeServicesCommand: () => ({ services: [{ status: 'ACTIVE', ...service() }] }),
    DescribeServiceDeploymentsCommand: () => ({
      serviceDeployments: [
        { serviceDeploymentArn: SD, ...deployments[Math.min(i++, deployments.length - 1)] },
      ],
    }),
    StopServiceDeploymentCommand: () => ({}),
  });
}

function target(client: ECSClient, st: EcsServiceState): EcsServiceTarget {
  const deps = {
    ecs: client,
    elbv2: fakeClient<ElasticLoadBalancingV2Client>({}),
    clock: { now: () => 0, sleep: async () => undefined },
    signal: new AbortController().signal,
    fetch: (async () => {
      throw new Error('no fetch expected');
    }) as never,
  };
  return new EcsServiceTarget(deps as never, st, { strategy: 'rolling' } as EcsTargetSpec);
}

describe('ECS read-backs and failed rollbacks', () => {
  it('finalize fails when the service reads back on another revision than the one deployed', async () => {
    const t = target(
      ecs(() => ({ taskDefinition: TD(3) })),
      state(),
    );
    await expect(t.finalize(fakeContext())).rejects.toThrow(
      /reads back as web:3, not web:2: another deploy changed it/,
    );
  });

  it('a rollback that ECS reports ROLLBACK_SUCCESSFUL still fails when the service is not on the old revision', async () => {
    const t = target(
      ecs(() => ({ taskDefinition: TD(2) }), [{ status: 'ROLLBACK_SUCCESSFUL' }]),
      state(),
    );
    await expect(t.rollback(fakeContext())).rejects.toThrow(
      /reads back as web:2 after the rollback, not web:1/,
    );
  });

  it('a deployment found in ROLLBACK_FAILED fails the rollback, asking for a hand', async () => {
    const t = target(
      ecs(
        () => ({ taskDefinition: TD(2) }),
        [{ status: 'ROLLBACK_FAILED', statusReason: 'tasks failed to start' }],
      ),
      state(),
    );
    await expect(t.rollback(fakeContext())).rejects.toThrow(/needs a hand: deploy web:1 again/);
  });

  it('a rollback that goes ROLLBACK_FAILED while followed fails at once', async () => {
    const t = target(
      ecs(
        () => ({ taskDefinition: TD(2) }),
        [
          { status: 'ROLLBACK_IN_PROGRESS' },
          { status: 'ROLLBACK_IN_PROGRESS' },
          { status: 'ROLLBACK_FAILED', statusReason: 'tasks failed to start' },
        ],
      ),
      state(),
    );
    await expect(t.rollback(fakeContext())).rejects.toThrow(/the rollback did not finish/);
  });

  it('a rollback that reaches ROLLBACK_SUCCESSFUL on the old revision passes', async () => {
    const t = target(
      ecs(
        () => ({ taskDefinition: TD(1) }),
        [{ status: 'ROLLBACK_IN_PROGRESS' }, { status: 'ROLLBACK_SUCCESSFUL' }],
      ),
      state(),
    );
    const ctx = fakeContext();
    await t.rollback(ctx);
    expect(ctx.lines).toContain('service web in cluster prod is back on web:1 (read back)');
  });
});
