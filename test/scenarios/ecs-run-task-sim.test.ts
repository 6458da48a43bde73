import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeTasksCommand, ECSClient, RunTaskCommand, StopTaskCommand } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import type { AwsError } from '../../src/core/errors.js';
import { CLUSTER, containersAccount } from '../sim/containers.js';

// The simulator's one-off tasks and CloudWatch Logs, against the documented API (not through slipway).
const settings = { maxAttempts: 1, action: 'test' };
type Env = ReturnType<typeof containersAccount>;

function clients(env: Env) {
  const aws = env.account.aws(settings);
  return { ecs: aws.get(ECSClient, 'us-east-1'), logs: aws.get(CloudWatchLogsClient, 'us-east-1') };
}

function runUntil(env: Env, done: () => boolean): void {
  for (let i = 0; i < 1000 && !done(); i++) env.account.clock.advance(5_000);
  if (!done()) throw new Error('simulated time ran out');
}

const td = (env: Env): string => env.taskDefinition.taskDefinitionArn!;

describe('the simulated RunTask, StopTask and GetLogEvents', () => {
  it('RunTask refuses what the API reference refuses', async () => {
    const env = containersAccount();
    const { ecs } = clients(env);
    const refused = (input: ConstructorParameters<typeof RunTaskCommand>[0]) =>
      ecs.send(new RunTaskCommand(input)).catch((e: unknown) => (e as AwsError).code);
    // bridge networking takes no network configuration
    expect(
      await refused({
        cluster: CLUSTER,
        taskDefinition: td(env),
        networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0sim'] } },
      }),
    ).toBe('InvalidParameterException');
    expect(
      await refused({
        cluster: CLUSTER,
        taskDefinition: td(env),
        launchType: 'EC2',
        capacityProviderStrategy: [{ capacityProvider: 'FARGATE' }],
      }),
    ).toBe('InvalidParameterException');
    expect(
      await refused({
        cluster: CLUSTER,
        taskDefinition: td(env),
        overrides: { containerOverrides: [{ name: 'nope', command: ['x'] }] },
      }),
    ).toBe('InvalidParameterException');
    expect(await refused({ cluster: CLUSTER, taskDefinition: 'no-such-family:1' })).toBe('ClientException');
    expect(env.ecs.oneOffTasks()).toEqual([]);
  });

  it('an awsvpc task definition needs subnets', async () => {
    const env = containersAccount({ launchType: 'FARGATE' });
    const { ecs } = clients(env);
    const err = await ecs
      .send(new RunTaskCommand({ cluster: CLUSTER, taskDefinition: td(env), launchType: 'FARGATE' }))
      .catch((e: unknown) => e as AwsError);
    expect((err as AwsError).code).toBe('InvalidParameterException');
  });

  it('the task exits with its scripted code; its lines are in prefix/container/task-id; GetLogEvents ends on the same token', async () => {
    const env = containersAccount({ awslogsGroup: '/ecs/web' });
    const { ecs, logs } = clients(env);
    env.ecs.scriptOneOffTask({ exitCode: 3, lines: ['a', 'b', 'c'] });
    const out = await ecs.send(
      new RunTaskCommand({ cluster: CLUSTER, taskDefinition: td(env), startedBy: 'me' }),
    );
    const arn = out.tasks![0]!.taskArn!;
    expect(out.tasks![0]).toMatchObject({ group: 'family:web', startedBy: 'me', lastStatus: 'PROVISIONING' });
    runUntil(env, () => env.ecs.oneOffTasks()[0]?.lastStatus === 'STOPPED');
    const task = (await ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: [arn] }))).tasks![0]!;
    expect(task).toMatchObject({
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      containers: [{ name: 'app', exitCode: 3 }],
    });
    const stream = `ecs/app/${arn.split('/').pop()}`;
    expect(env.logs.streamNames('/ecs/web')).toEqual([stream]);
    const page = (nextToken?: string, limit?: number) =>
      logs.send(
        new GetLogEventsCommand({
          logGroupName: '/ecs/web',
          logStreamName: stream,
          startFromHead: true,
          ...(nextToken ? { nextToken } : {}),
          ...(limit ? { limit } : {}),
        }),
      );
    const first = await page(undefined, 2);
    expect(first.events!.map((e) => e.message)).toEqual(['a', 'b']);
    const second = await page(first.nextForwardToken, 2);
    expect(second.events!.map((e) => e.message)).toEqual(['c']);
    const end = await page(second.nextForwardToken, 2);
    expect(end.events).toEqual([]);
    expect(end.nextForwardToken).toBe(second.nextForwardToken);
    // Without startFromHead the read starts at the tail.
    const tail = await logs.send(
      new GetLogEventsCommand({ logGroupName: '/ecs/web', logStreamName: stream, limit: 1 }),
    );
    expect(tail.events!.map((e) => e.message)).toEqual(['c']);
    const missing = await logs
      .send(new GetLogEventsCommand({ logGroupName: '/ecs/web', logStreamName: 'ecs/app/none' }))
      .catch((e: unknown) => e as AwsError);
    expect((missing as AwsError).code).toBe('ResourceNotFoundException');
  });

  it('StopTask: UserInitiated with the reason; the task is STOPPED soon after; a missing log group fails the start', async () => {
    const env = containersAccount({ awslogsGroup: '/ecs/web' });
    const { ecs } = clients(env);
    env.ecs.scriptOneOffTask({ runMs: 3_600_000 });
    const arn = (await ecs.send(new RunTaskCommand({ cluster: CLUSTER, taskDefinition: td(env) }))).tasks![0]!
      .taskArn!;
    runUntil(env, () => env.ecs.oneOffTasks()[0]?.lastStatus === 'RUNNING');
    const stopped = await ecs.send(new StopTaskCommand({ cluster: CLUSTER, task: arn, reason: 'enough' }));
    expect(stopped.task).toMatchObject({
      desiredStatus: 'STOPPED',
      stopCode: 'UserInitiated',
      stoppedReason: 'enough',
    });
    env.account.clock.advance(5_000);
    expect(env.ecs.oneOffTasks()[0]?.lastStatus).toBe('STOPPED');

    // An account whose log group was never made: the awslogs driver cannot start.
    const bare = containersAccount();
    const reg = bare.ecs.registerTaskDefinition({
      family: 'web',
      networkMode: 'bridge',
      containerDefinitions: bare.taskDefinition.containerDefinitions!.map((d) => ({
        ...d,
        logConfiguration: {
          logDriver: 'awslogs',
          options: { 'awslogs-group': '/ecs/web', 'awslogs-stream-prefix': 'ecs' },
        },
      })),
    });
    const c = clients(bare);
    await c.ecs.send(new RunTaskCommand({ cluster: CLUSTER, taskDefinition: reg.taskDefinitionArn! }));
    runUntil(bare, () => bare.ecs.oneOffTasks()[0]?.lastStatus === 'STOPPED');
    expect(bare.ecs.oneOffTasks()[0]?.stopCode).toBe('TaskFailedToStart');
  });
});
