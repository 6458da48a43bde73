// deploy-ecs codedeploy-hooks: the AppSpec's lifecycle hooks (Lambda functions CodeDeploy invokes and waits
// for), as amazon-ecs-deploy-task-definition's codedeploy-appspec file carries them.
import { describe, expect, it } from 'vitest';
import { run } from '../../src/actions/deploy-ecs/main.js';
import type { RolloutFailedError } from '../../src/core/errors.js';
import { CODEDEPLOY_INPUTS, codeDeployAccount } from '../sim/codedeploy-account.js';
import { CLUSTER, ECS_BASE_INPUTS, SERVICE } from '../sim/containers.js';

type Env = ReturnType<typeof codeDeployAccount>;
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const inputs = CODEDEPLOY_INPUTS;
const taskSets = (env: Env): string[] =>
  env.ecs.taskSets(CLUSTER, SERVICE).map((ts) => `${ts.status}:${ts.taskDefinitionArn.split('/').pop()}`);
const appSpecs = (env: Env): Obj[] =>
  env.account.calls
    .filter((c) => c.action === 'CreateDeployment' && !c.error)
    .map((c) => JSON.parse((c.input as Obj)['revision']['appSpecContent']['content'] as string) as Obj);

/** A Lambda function that reports `result` to CodeDeploy a second after each invocation. */
function hook(env: Env, name: string, result: 'Succeeded' | 'Failed'): string {
  env.lambda.createFunction(name, Buffer.from(`hook ${name}`));
  env.codedeploy.scriptHook(env.lambda, name, result);
  return name;
}

function clean(env: Env): void {
  expect(env.account.violations).toEqual([]);
  expect(env.account.orphans()).toEqual([]);
}

describe('deploy-ecs codedeploy-hooks', () => {
  it('hooks that succeed: the AppSpec names them in lifecycle order, CodeDeploy runs them, the deploy succeeds', async () => {
    const env = codeDeployAccount({ terminationWaitTimeInMinutes: 5 });
    hook(env, 'smoke-test', 'Succeeded');
    hook(env, 'warm-cache', 'Succeeded');
    const deps = env.account.deps({
      ...inputs,
      'codedeploy-hooks': 'AfterAllowTestTraffic=smoke-test\nBeforeInstall=warm-cache',
    });
    await run(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    expect(appSpecs(env)[0]!['Hooks']).toEqual([
      { BeforeInstall: 'warm-cache' },
      { AfterAllowTestTraffic: 'smoke-test' },
    ]);
    const events = env.codedeploy.deployment(deps.io.outputs['deployment-id']!)!.events;
    expect(events.filter((e) => e.hookFunction).map((e) => `${e.name}:${e.status}`)).toEqual([
      'BeforeInstall:Succeeded',
      'AfterAllowTestTraffic:Succeeded',
    ]);
    expect(taskSets(env)).toEqual(['PRIMARY:web:2']);
    clean(env);
  });

  it('a hook that fails: CodeDeploy fails the deployment and rolls it back; rolled-back, naming the hook', async () => {
    const env = codeDeployAccount({
      terminationWaitTimeInMinutes: 5,
      autoRollbackEvents: ['DEPLOYMENT_FAILURE'],
    });
    hook(env, 'check', 'Failed');
    const deps = env.account.deps({ ...inputs, 'codedeploy-hooks': 'BeforeAllowTraffic=check' });
    const err = await run(deps).catch((e: unknown) => e);
    expect((err as RolloutFailedError).rolledBack).toBe(true);
    expect((err as Error).message).toMatch(/lifecycle event BeforeAllowTraffic Failed/);
    expect(deps.io.outputs['status']).toBe('rolled-back');
    expect(taskSets(env)).toEqual(['PRIMARY:web:1']);
    clean(env);
  });

  it.each([
    [
      'BeforeDeploy=check',
      /input 'codedeploy-hooks': line "BeforeDeploy=check" is not KEY=VALUE with a hook of an ECS deployment/,
    ],
    ['BeforeInstall=', /input 'codedeploy-hooks': BeforeInstall: "" is not a Lambda function/],
    [
      'BeforeInstall=bad name',
      /input 'codedeploy-hooks': BeforeInstall: "bad name" is not a Lambda function/,
    ],
    ['BeforeInstall=a\nBeforeInstall=b', /input 'codedeploy-hooks': BeforeInstall is given twice/],
  ])('a bad line (%j) is refused before any call', async (hooks, message) => {
    const env = codeDeployAccount();
    const err = await run(env.account.deps({ ...inputs, 'codedeploy-hooks': hooks })).catch(
      (e: unknown) => e,
    );
    expect((err as Error).message).toMatch(message);
    expect(env.account.calls).toEqual([]);
  });

  it('hooks without the CodeDeploy application and group are refused before any call', async () => {
    const env = codeDeployAccount();
    const err = await run(
      env.account.deps({ ...ECS_BASE_INPUTS, 'codedeploy-hooks': 'BeforeInstall=x' }),
    ).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(
      /input 'codedeploy-hooks': .*codedeploy-application and codedeploy-deployment-group/,
    );
    expect(env.account.calls).toEqual([]);
  });
});
