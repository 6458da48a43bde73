import { describe, expect, it } from 'vitest';
import { run } from '../../src/actions/deploy-ecs/main.js';
import { post } from '../../src/actions/deploy-ecs/post.js';
import { CancelledError, RolloutFailedError } from '../../src/core/errors.js';
import { containersAccount, FAMILY, IMAGE_V2, ECS_BASE_INPUTS } from '../sim/containers.js';

type Env = ReturnType<typeof containersAccount>;

const base = ECS_BASE_INPUTS;
const LOG_GROUP = '/ecs/web';
const arnOf = (revision: number): string =>
  `arn:aws:ecs:us-east-1:123456789012:task-definition/${FAMILY}:${revision}`;

const actions = (env: Env): string[] => env.account.calls.filter((c) => !c.error).map((c) => c.action);

/** The service and every task it wants running are on `revision`. */
function serviceOn(env: Env, revision: number): void {
  expect(env.ecs.taskDefinitionOf(env.service).revision).toBe(revision);
  for (const t of env.ecs.runningTasks(env.service)) expect(t.taskDefinitionArn).toBe(arnOf(revision));
}

function clean(env: Env): void {
  expect(env.account.violations).toEqual([]);
  expect(env.account.orphans()).toEqual([]);
}

describe('deploy-ecs run-task: a one-off task (migrations) before traffic moves', () => {
  it('1. a migration that succeeds, then the deploy: its log printed, RunTask before UpdateService, the summary links the stream', async () => {
    const env = containersAccount({ awslogsGroup: LOG_GROUP });
    env.ecs.scriptOneOffTask({
      runMs: 40_000,
      exitCode: 0,
      lines: ['migrating 001_init', 'migrating 002_users', 'migrations done', '::error::forged by the task'],
    });
    const deps = env.account.deps({ ...base, 'run-task': 'true', 'run-task-command': 'npm run migrate' });
    await run(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    const [task, ...more] = env.ecs.oneOffTasks();
    expect(more).toEqual([]);
    // The new revision, the command overridden in container-name's container, the service's launch type.
    expect(task).toMatchObject({
      taskDefinitionArn: arnOf(2),
      lastStatus: 'STOPPED',
      stopCode: 'EssentialContainerExited',
      launchType: 'EC2',
      overrides: { containerOverrides: [{ name: 'app', command: ['npm', 'run', 'migrate'] }] },
    });
    expect(task?.networkConfiguration).toBeUndefined();
    const log = deps.io.logs.join('\n');
    expect(log).toContain('| migrating 001_init\n| migrating 002_users\n| migrations done');
    // The task's text is printed after "| ": it cannot forge a workflow command.
    expect(deps.io.logs.filter((l) => l.includes('forged'))).toEqual(['| ::error::forged by the task']);
    const calls = actions(env);
    expect(calls.indexOf('RunTask')).toBeGreaterThan(calls.indexOf('RegisterTaskDefinition'));
    expect(calls.indexOf('RunTask')).toBeLessThan(calls.indexOf('UpdateService'));
    // The deployment started only after the task had stopped.
    const runAt = env.account.calls.find((c) => c.action === 'UpdateService')!.t;
    expect(runAt).toBeGreaterThanOrEqual(env.account.calls.find((c) => c.action === 'RunTask')!.t + 40_000);
    const id = task!.arn.split('/').pop();
    expect(task?.logStream).toBe(`ecs/app/${id}`);
    expect(deps.io.summary).toContain(
      `[ecs/app/${id}](https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:log-groups/log-group/$252Fecs$252Fweb/log-events/ecs$252Fapp$252F${id})`,
    );
    serviceOn(env, 2);
    clean(env);
  });

  it('2. a migration that fails (exit code 1): the job fails naming it; no UpdateService at all, the service on its old revision', async () => {
    const env = containersAccount({ awslogsGroup: LOG_GROUP });
    env.ecs.scriptOneOffTask({
      exitCode: 1,
      lines: ['migrating 003_orders', 'ERROR: relation "orders" exists'],
    });
    const deps = env.account.deps({
      ...base,
      'run-task': 'true',
      'run-task-command': '["npm","run","migrate"]',
    });
    const err = await run(deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RolloutFailedError);
    expect((err as Error).message).toMatch(
      /one-off task \w+ failed, so no traffic moved: stop code EssentialContainerExited \(Essential container in task exited\); container app: exit code 1/,
    );
    expect(deps.io.logs.join('\n')).toContain('| ERROR: relation "orders" exists');
    expect(actions(env)).not.toContain('UpdateService');
    expect(actions(env)).toContain('RegisterTaskDefinition');
    expect(deps.io.outputs['status']).not.toBe('succeeded');
    serviceOn(env, 1);
    clean(env);
  });

  it('3. a task that stops for another reason (the image cannot be pulled): the stop code and the container reason are named', async () => {
    const env = containersAccount({ awslogsGroup: LOG_GROUP });
    env.ecs.behave(IMAGE_V2, { kind: 'pull-error' });
    const deps = env.account.deps({ ...base, 'run-task': 'true', rollback: 'false' });
    const err = await run(deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RolloutFailedError);
    expect((err as Error).message).toMatch(
      /stop code TaskFailedToStart \(CannotPullContainerError: .*\); container app: no exit code \(CannotPullContainerError: /,
    );
    // The container never started, so it made no log stream: said, not a failure of its own.
    expect(deps.io.logs.join('\n')).toMatch(/no log stream ecs\/app\/\w+ in \/ecs\/web/);
    expect(actions(env)).not.toContain('UpdateService');
    // The command was not overridden: no run-task-command.
    expect(env.ecs.oneOffTasks()[0]?.overrides).toBeUndefined();
    serviceOn(env, 1);
    clean(env);
  });

  it('4. a cancel during the migration: the task ARN is saved, and the post step stops the task', async () => {
    const env = containersAccount({ awslogsGroup: LOG_GROUP });
    env.ecs.scriptOneOffTask({ runMs: 30 * 60_000, lines: ['migrating a big table'] });
    const inputs = { ...base, 'run-task': 'true', 'run-task-command': 'npm run migrate' };
    const deps = env.account.deps(inputs, { cancelAt: env.account.clock.now() + 3 * 60_000 });
    const err = await run(deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CancelledError);
    const saved = JSON.parse(deps.io.state['rollout'] ?? '{}') as { target: { migrationTaskArn?: string } };
    const arn = env.ecs.oneOffTasks()[0]!.arn;
    expect(saved.target.migrationTaskArn).toBe(arn);
    expect(env.ecs.oneOffTasks()[0]?.lastStatus).toBe('RUNNING');

    const postDeps = env.account.deps(inputs, { io: deps.io.forPost() });
    await post(postDeps);
    expect(env.account.calls.find((c) => c.action === 'StopTask')?.input).toEqual({
      cluster: 'prod',
      task: arn,
      reason: 'slipway: the deploy was cancelled',
    });
    expect(env.ecs.oneOffTasks()[0]).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'UserInitiated' });
    expect(postDeps.io.logs.join('\n')).toMatch(/one-off task \w+ stopped/);
    expect(actions(env)).not.toContain('UpdateService');
    serviceOn(env, 1);
    clean(env);
  });

  it('4b. a migration longer than wait-timeout: the wait fails, the rollback stops the task; no UpdateService', async () => {
    const env = containersAccount({ awslogsGroup: LOG_GROUP });
    env.ecs.scriptOneOffTask({ runMs: 60 * 60_000 });
    const deps = env.account.deps({ ...base, 'run-task': 'true', 'wait-timeout': '5m' });
    const err = await run(deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RolloutFailedError);
    expect((err as Error).message).toMatch(/one-off task \w+ to stop/);
    expect(actions(env)).toContain('StopTask');
    expect(actions(env)).not.toContain('UpdateService');
    expect(env.ecs.oneOffTasks()[0]).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'UserInitiated' });
    serviceOn(env, 1);
    clean(env);
  });

  it.each(['blue-green', 'canary', 'linear'])(
    '4c. strategy %s: the one-off task runs and stops before the UpdateService that starts the native deployment',
    async (strategy) => {
      const env = containersAccount({ awslogsGroup: LOG_GROUP });
      const deps = env.account.deps({
        ...base,
        strategy,
        'run-task': 'true',
        'bake-time': '1m',
        'canary-interval': '1m',
        'linear-interval': '1m',
        'linear-percent': '50',
      });
      await run(deps);
      expect(deps.io.outputs['status']).toBe('succeeded');
      const calls = env.account.calls.filter((c) => !c.error);
      const runTask = calls.find((c) => c.action === 'RunTask');
      const update = calls.find((c) => c.action === 'UpdateService');
      expect(calls.indexOf(runTask!)).toBeLessThan(calls.indexOf(update!));
      // The task (15 s to start, 30 s of command) had stopped before the deployment started.
      expect(update!.t).toBeGreaterThanOrEqual(runTask!.t + 45_000);
      serviceOn(env, 2);
      clean(env);
    },
  );

  it('5. Fargate: the network comes from the service, run-task-security-groups replaces its groups', async () => {
    const env = containersAccount({ launchType: 'FARGATE', awslogsGroup: LOG_GROUP });
    const deps = env.account.deps({
      ...base,
      'run-task': 'true',
      'run-task-security-groups': 'sg-0123456789abcdef0',
    });
    await run(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    expect(env.ecs.oneOffTasks()[0]).toMatchObject({
      launchType: 'FARGATE',
      networkConfiguration: {
        awsvpcConfiguration: { subnets: ['subnet-0sim'], securityGroups: ['sg-0123456789abcdef0'] },
      },
    });
    expect(deps.io.logs.join('\n')).toMatch(/\(no lines\)/);
    serviceOn(env, 2);
    clean(env);
  });

  it('6. a long log: read page by page (GetLogEvents forward tokens), the last 1000 lines printed, the rest counted', async () => {
    const env = containersAccount({ awslogsGroup: LOG_GROUP });
    const lines = Array.from({ length: 12_000 }, (_, i) => `row ${i + 1}`);
    env.ecs.scriptOneOffTask({ lines });
    const deps = env.account.deps({ ...base, 'run-task': 'true' });
    await run(deps);
    const printed = deps.io.logs.filter((l) => l.startsWith('| '));
    expect(printed).toHaveLength(1000);
    expect(printed[0]).toBe('| row 11001');
    expect(printed.at(-1)).toBe('| row 12000');
    expect(deps.io.logs.join('\n')).toMatch(
      /\(11000 earlier lines left out; the whole log: https:\/\/us-east-1\.console/,
    );
    // Two pages of at most 10,000 events, then the page that hands the same token back.
    expect(actions(env).filter((a) => a === 'GetLogEvents')).toHaveLength(3);
    clean(env);
  });
});
