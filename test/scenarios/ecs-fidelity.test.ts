import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeploymentConfiguration, UpdateServiceRequest } from '@aws-sdk/client-ecs';
import type { Action } from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/actions/deploy-ecs/main.js';
import { ActionError } from '../../src/core/errors.js';
import { WaitTimeoutError } from '../../src/core/poll.js';
import type { Fetch } from '../../src/rollout/smoke-url.js';
import { STAGE_MS } from '../sim/services/ecs.js';
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

type Env = ReturnType<typeof containersAccount>;

const base = ECS_BASE_INPUTS;

const updates = (env: Env): UpdateServiceRequest[] =>
  env.account.calls
    .filter((c) => c.action === 'UpdateService' && !c.error)
    .map((c) => c.input as UpdateServiceRequest);

function clean(env: Env): void {
  expect(env.account.violations).toEqual([]);
  expect(env.account.orphans()).toEqual([]);
}

/** The production rule behind an OIDC login: authenticate-oidc, then the forward ECS shifts. */
function putLoginInFront(env: Env): void {
  const [rule] = env.elbv2.DescribeRules({ RuleArns: [env.rules.production] }).Rules!;
  const forward = rule!.Actions!.find((a) => a.Type === 'forward')!;
  const login: Action = {
    Type: 'authenticate-oidc',
    Order: 1,
    AuthenticateOidcConfig: {
      Issuer: 'https://idp.example',
      AuthorizationEndpoint: 'https://idp.example/authorize',
      TokenEndpoint: 'https://idp.example/token',
      UserInfoEndpoint: 'https://idp.example/userinfo',
      ClientId: 'web',
      ClientSecret: 'not-a-real-secret',
    },
  };
  env.elbv2.ModifyRule({ RuleArn: env.rules.production, Actions: [login, { ...forward, Order: 2 }] });
}

describe('ECS fidelity: listener rules that mix forward with other actions', () => {
  it('the simulated ECS fails a BLUE_GREEN deployment on such a rule and rolls it back', async () => {
    const env = containersAccount({
      deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 0 },
    });
    putLoginInFront(env);
    const td = env.ecs.registerTaskDefinition({
      family: FAMILY,
      networkMode: 'bridge',
      containerDefinitions: [{ ...env.taskDefinition.containerDefinitions![0]!, image: IMAGE_V2 }],
    });
    const out = env.ecs.UpdateService({
      cluster: CLUSTER,
      service: SERVICE,
      taskDefinition: td.taskDefinitionArn,
    });
    for (let i = 0; i < 120; i++) env.account.clock.advance(STAGE_MS);
    const sd = env.ecs.serviceDeployment(out.service!.currentServiceDeployment!)!;
    expect(sd.status).toBe('ROLLBACK_SUCCESSFUL');
    expect(sd.statusReason).toMatch(/mixes forward and non-forward actions \(authenticate-oidc, forward\)/);
    expect(env.elbv2.forwardWeights(env.rules.production).map((w) => w.weight)).toEqual([100, 0]);
    clean(env);
  });

  it('deploy-ecs (blue-green) names the rule, its action types and the fix, before any change', async () => {
    const env = containersAccount();
    putLoginInFront(env);
    const deps = env.account.deps({ ...base, strategy: 'blue-green', 'bake-time': '1m' });
    const err = await run(deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionError);
    expect((err as Error).message).toBe(
      `strategy blue-green uses ECS's native BLUE_GREEN deployments, which fail on a listener rule that mixes forward ` +
        `with other actions: the production listener rule ${env.rules.production} has authenticate-oidc, forward; ` +
        'give ECS rules whose only action is forward (put the authenticate-oidc action on another rule or listener), ' +
        'or use strategy rolling',
    );
    expect(env.account.mutatingCalls()).toEqual([]);
    expect(env.account.actionsCalled()).toContain('elasticloadbalancing:DescribeRules');
    clean(env);
  });

  it('rolling does not care: ECS leaves the listener rules alone', async () => {
    const env = containersAccount();
    putLoginInFront(env);
    const deps = env.account.deps({ ...base });
    await run(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    expect(env.account.actionsCalled()).not.toContain('elasticloadbalancing:DescribeRules');
    clean(env);
  });
});

describe('ECS fidelity: switching strategy', () => {
  it('the simulated UpdateService refuses a configuration of another strategy, and an enabled circuit breaker off ROLLING', () => {
    const env = containersAccount();
    const update = (deploymentConfiguration: DeploymentConfiguration) => () =>
      env.ecs.UpdateService({ cluster: CLUSTER, service: SERVICE, deploymentConfiguration });
    expect(
      update({ strategy: 'ROLLING', canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 1 } }),
    ).toThrow(/canaryConfiguration is only valid when the deployment strategy is CANARY, not ROLLING/);
    expect(
      update({
        strategy: 'CANARY',
        bakeTimeInMinutes: 0,
        linearConfiguration: { stepPercent: 10, stepBakeTimeInMinutes: 1 },
      }),
    ).toThrow(/linearConfiguration is only valid when the deployment strategy is LINEAR, not CANARY/);
    // The service has a disabled breaker from set-up; enabling it with a native strategy is refused.
    expect(
      update({
        strategy: 'BLUE_GREEN',
        bakeTimeInMinutes: 0,
        deploymentCircuitBreaker: { enable: true, rollback: true },
      }),
    ).toThrow(/circuit breaker can only be used with the ROLLING deployment strategy, not BLUE_GREEN/);
    expect(env.account.calls).toEqual([]);
    clean(env);
  });

  it('canary after linear: the configuration is built for CANARY, without the linear one', async () => {
    const env = containersAccount({
      deploymentConfiguration: {
        strategy: 'LINEAR',
        bakeTimeInMinutes: 0,
        linearConfiguration: { stepPercent: 50, stepBakeTimeInMinutes: 1 },
      },
    });
    const deps = env.account.deps({
      ...base,
      strategy: 'canary',
      'canary-percent': '10',
      'canary-interval': '1m',
      'bake-time': '1m',
    });
    await run(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    const config = updates(env)[0]!.deploymentConfiguration!;
    expect(config.strategy).toBe('CANARY');
    expect(config).not.toHaveProperty('linearConfiguration');
    expect(env.service.deploymentConfiguration).not.toHaveProperty('linearConfiguration');
    clean(env);
  });

  it('rolling after canary: the configuration is built for ROLLING, without the canary one', async () => {
    const env = containersAccount({
      deploymentConfiguration: {
        strategy: 'CANARY',
        bakeTimeInMinutes: 0,
        canaryConfiguration: { canaryPercent: 20, canaryBakeTimeInMinutes: 1 },
      },
    });
    const deps = env.account.deps({ ...base });
    await run(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    const config = updates(env)[0]!.deploymentConfiguration!;
    expect(config).toMatchObject({ strategy: 'ROLLING', deploymentCircuitBreaker: { enable: true } });
    expect(config).not.toHaveProperty('canaryConfiguration');
    expect(config).not.toHaveProperty('bakeTimeInMinutes');
    clean(env);
  });
});

describe('ECS fidelity: an UpdateService that changes only the deployment configuration', () => {
  const ok: Fetch = async () => ({ status: 200 });

  it('removing the smoke hook may start a deployment: deploy-ecs follows it to its end, and the next run finds no other rollout', async () => {
    const env = containersAccount();
    const inputs = {
      ...base,
      strategy: 'blue-green',
      'bake-time': '1m',
      'smoke-url': 'http://web-123.us-east-1.elb.amazonaws.com:8080/health',
    };
    const deps = env.account.deps(inputs);
    await run(deps, { fetch: ok });
    expect(deps.io.outputs['status']).toBe('succeeded');
    const [, restore] = updates(env);
    expect(restore).toEqual({
      cluster: CLUSTER,
      service: SERVICE,
      deploymentConfiguration: expect.objectContaining({ lifecycleHooks: [] }),
    });
    // The hook-removal deployment (same task definition) finished within the run.
    expect(env.account.orphans()).toEqual([]);
    expect(deps.io.logs.join('\n')).toMatch(
      /removing the smoke-check hook started ECS service deployment \S+/,
    );

    const again = env.account.deps({ ...inputs });
    const t0 = env.account.clock.now();
    await run(again, { fetch: ok });
    expect(again.io.outputs['status']).toBe('no-op');
    expect(again.io.logs.join('\n')).not.toMatch(/other rollout/);
    expect(env.account.clock.now() - t0).toBeLessThan(5_000);
    clean(env);
  });

  it('no call when the hooks are already as they were', async () => {
    const env = containersAccount();
    // UpdateService fails at once: the service keeps its hooks, and the rollback has nothing to restore.
    env.account.failNext('ecs', 'UpdateService', (s) =>
      s.error('InvalidParameterException', 'Unable to assume the role in advancedConfiguration.', 400),
    );
    const deps = env.account.deps({
      ...base,
      strategy: 'blue-green',
      'smoke-url': 'http://web-123.us-east-1.elb.amazonaws.com:8080/health',
    });
    await run(deps, { fetch: ok }).catch((e: unknown) => e);
    expect(env.account.calls.filter((c) => c.action === 'UpdateService')).toHaveLength(1);
    clean(env);
  });
});

describe('ECS fidelity: ListServiceDeployments has no documented order', () => {
  it('the newest unfinished deployment is the one named, though the list gives the oldest first', async () => {
    const env = containersAccount();
    env.account.expectViolations(); // the other deployments are not ours to stop
    const other = (image: string) => {
      env.ecs.behave(image, { kind: 'unhealthy' });
      const td = env.ecs.registerTaskDefinition({
        family: FAMILY,
        networkMode: 'bridge',
        containerDefinitions: [{ ...env.taskDefinition.containerDefinitions![0]!, image }],
      });
      return env.ecs.UpdateService({
        cluster: CLUSTER,
        service: SERVICE,
        taskDefinition: td.taskDefinitionArn,
      }).service!.currentServiceDeployment!;
    };
    const first = other('registry.example/slow:1');
    for (let i = 0; i < 4; i++) env.account.clock.advance(STAGE_MS);
    const second = other('registry.example/slow:2');
    // The first is superseded but still stopping its tasks: both are unfinished.
    expect(env.ecs.serviceDeployment(first)?.status).toBe('STOP_REQUESTED');
    const listed = env.ecs.ListServiceDeployments({ cluster: CLUSTER, service: SERVICE });
    expect(listed.serviceDeployments?.map((d) => d.serviceDeploymentArn)).toEqual([first, second]);
    const deps = env.account.deps({ ...base, 'wait-timeout': '1m' });
    const err = await run(deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaitTimeoutError);
    const waiting = deps.io.logs.filter((l) => /other rollout|service deployment \S+ is/.test(l));
    expect(waiting[0]).toMatch(
      new RegExp(`service deployment ${second.split('/').pop()} is (PENDING|IN_PROGRESS)$`),
    );
    expect(waiting.join('\n')).not.toContain(first.split('/').pop());
    expect(env.account.mutatingCalls()).toEqual([]);
  });
});

describe('ECS fidelity: the defaults DescribeTaskDefinition fills in', () => {
  it('an unchanged image stays a no-op: enableFaultInjection, versionConsistency and health-check defaults do not count', async () => {
    const env = containersAccount({ containerHealthCheck: true });
    const described = env.ecs.DescribeTaskDefinition({ taskDefinition: FAMILY }).taskDefinition!;
    expect(described).toMatchObject({ enableFaultInjection: false, networkMode: 'bridge' });
    expect(described.containerDefinitions![0]).toMatchObject({
      versionConsistency: 'enabled',
      healthCheck: { interval: 10, retries: 2, timeout: 5 },
    });
    const deps = env.account.deps({ ...base, image: IMAGE_V1 });
    await run(deps);
    expect(deps.io.outputs['status']).toBe('no-op');
    // A file in the minimal form people write: the same answer.
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
            portMappings: [{ containerPort: 8080, hostPort: 0 }],
            environment: [{ name: 'PORT', value: '8080' }],
            healthCheck: {
              command: ['CMD-SHELL', 'curl -f http://localhost:8080/health || exit 1'],
              interval: 10,
              retries: 2,
            },
          },
        ],
      }),
    );
    const fromFile = env.account.deps(
      { ...base, image: IMAGE_V1, 'task-definition': 'task-definition.json' },
      { env: { GITHUB_WORKSPACE: dir } },
    );
    await run(fromFile);
    expect(fromFile.io.outputs['status']).toBe('no-op');
    expect(env.account.mutatingCalls()).toEqual([]);
    expect(env.ecs.revisionCount(FAMILY)).toBe(1);
    clean(env);
  });
});
