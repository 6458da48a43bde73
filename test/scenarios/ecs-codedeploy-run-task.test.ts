// deploy-ecs run-task on a service on the CODE_DEPLOY controller: the one-off task (migrations) runs the new
// revision with the service's placement before the CodeDeploy deployment is created, as on the ECS controller.
import { describe, expect, it } from 'vitest';
import { run } from '../../src/actions/deploy-ecs/main.js';
import { post } from '../../src/actions/deploy-ecs/post.js';
import { CancelledError, RolloutFailedError } from '../../src/core/errors.js';
import { CODEDEPLOY_INPUTS, codeDeployAccount } from '../sim/codedeploy-account.js';
import { CLUSTER, FAMILY, SERVICE } from '../sim/containers.js';

type Env = ReturnType<typeof codeDeployAccount>;

const inputs = {
  ...CODEDEPLOY_INPUTS,
  'run-task': 'true',
  'run-task-command': 'npm run migrate',
};
const arnOf = (revision: number): string =>
  `arn:aws:ecs:us-east-1:123456789012:task-definition/${FAMILY}:${revision}`;
const actions = (env: Env): string[] => env.account.calls.filter((c) => !c.error).map((c) => c.action);
const taskSets = (env: Env): string[] =>
  env.ecs.taskSets(CLUSTER, SERVICE).map((ts) => `${ts.status}:${ts.taskDefinitionArn.split('/').pop()}`);

function clean(env: Env): void {
  expect(env.account.violations).toEqual([]);
  expect(env.account.orphans()).toEqual([]);
}

describe('deploy-ecs run-task on the CODE_DEPLOY controller', () => {
  it('a migration that succeeds, then the CodeDeploy deployment: RunTask after the registration, before CreateDeployment', async () => {
    const env = codeDeployAccount({ terminationWaitTimeInMinutes: 5 });
    env.ecs.scriptOneOffTask({ runMs: 40_000, exitCode: 0 });
    const deps = env.account.deps(inputs);
    await run(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    const [task, ...more] = env.ecs.oneOffTasks();
    expect(more).toEqual([]);
    expect(task).toMatchObject({
      taskDefinitionArn: arnOf(2),
      lastStatus: 'STOPPED',
      stopCode: 'EssentialContainerExited',
      launchType: 'EC2',
      overrides: { containerOverrides: [{ name: 'app', command: ['npm', 'run', 'migrate'] }] },
    });
    const calls = actions(env);
    expect(calls.indexOf('RunTask')).toBeGreaterThan(calls.indexOf('RegisterTaskDefinition'));
    expect(calls.indexOf('RunTask')).toBeLessThan(calls.indexOf('CreateDeployment'));
    const createdAt = env.account.calls.find((c) => c.action === 'CreateDeployment')!.t;
    expect(createdAt).toBeGreaterThanOrEqual(
      env.account.calls.find((c) => c.action === 'RunTask')!.t + 40_000,
    );
    expect(deps.io.logs.join('\n')).toMatch(/one-off task \w+ succeeded: every essential container exited 0/);
    expect(taskSets(env)).toEqual(['PRIMARY:web:2']);
    clean(env);
  });

  it('a migration that fails: the job fails naming it, no CodeDeploy deployment, the service on its old revision', async () => {
    const env = codeDeployAccount({ terminationWaitTimeInMinutes: 5 });
    env.ecs.scriptOneOffTask({ runMs: 20_000, exitCode: 3 });
    const deps = env.account.deps(inputs);
    const err = await run(deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RolloutFailedError);
    expect((err as Error).message).toMatch(/one-off task \w+ failed, so no traffic moved: .*exit code 3/);
    expect(actions(env)).not.toContain('CreateDeployment');
    expect(taskSets(env)).toEqual(['PRIMARY:web:1']);
    clean(env);
  });

  it('a cancel during the migration: the post step stops the task, and no deployment is created', async () => {
    const env = codeDeployAccount({ terminationWaitTimeInMinutes: 5 });
    env.ecs.scriptOneOffTask({ runMs: 30 * 60_000 });
    const deps = env.account.deps(inputs, { cancelAt: env.account.clock.now() + 3 * 60_000 });
    const err = await run(deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CancelledError);
    const arn = env.ecs.oneOffTasks()[0]!.arn;
    const saved = JSON.parse(deps.io.state['rollout'] ?? '{}') as { target: { migrationTaskArn?: string } };
    expect(saved.target.migrationTaskArn).toBe(arn);

    const postDeps = env.account.deps(inputs, { io: deps.io.forPost() });
    await post(postDeps);
    expect(env.account.calls.find((c) => c.action === 'StopTask')?.input).toEqual({
      cluster: CLUSTER,
      task: arn,
      reason: 'slipway: the deploy was cancelled',
    });
    expect(env.ecs.oneOffTasks()[0]).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'UserInitiated' });
    expect(actions(env)).not.toContain('CreateDeployment');
    expect(taskSets(env)).toEqual(['PRIMARY:web:1']);
    clean(env);
  });
});
