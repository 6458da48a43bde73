import type { Task } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { judgeTask } from '../../src/targets/ecs/run-task.js';
import { awslogsStream, streamConsoleUrl } from '../../src/targets/ecs/task-logs.js';

const definition = {
  containerDefinitions: [
    {
      name: 'app',
      essential: true,
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': '/ecs/web',
          'awslogs-stream-prefix': 'ecs',
          'awslogs-region': 'eu-west-1',
        },
      },
    },
    { name: 'sidecar', essential: false },
  ],
};
const stopped = (o: Partial<Task>): Task => ({ lastStatus: 'STOPPED', ...o });

describe('judgeTask: a one-off task succeeds only when it stopped because its essential containers exited 0', () => {
  it('exit 0 of the essential container: success, whatever a non-essential one did', () => {
    const task = stopped({
      stopCode: 'EssentialContainerExited',
      containers: [
        { name: 'app', exitCode: 0 },
        { name: 'sidecar', exitCode: 137 },
      ],
    });
    expect(judgeTask(task, definition)).toBeUndefined();
  });

  it('a non-zero exit code names it, with every container', () => {
    const task = stopped({
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      containers: [
        { name: 'app', exitCode: 2 },
        { name: 'sidecar', exitCode: 0 },
      ],
    });
    expect(judgeTask(task, definition)).toBe(
      'stop code EssentialContainerExited (Essential container in task exited); container app: exit code 2; container sidecar: exit code 0',
    );
  });

  it('no exit code (the container never ran) fails, with the container reason', () => {
    const task = stopped({
      stopCode: 'EssentialContainerExited',
      containers: [{ name: 'app', reason: 'OutOfMemoryError' }],
    });
    expect(judgeTask(task, definition)).toMatch(/container app: no exit code \(OutOfMemoryError\)/);
  });

  it('stopped by a user or ECS, even with exit code 0: not a success', () => {
    for (const stopCode of ['UserInitiated', 'TaskFailedToStart', 'SpotInterruption'] as const)
      expect(
        judgeTask(stopped({ stopCode, containers: [{ name: 'app', exitCode: 0 }] }), definition),
      ).toMatch(new RegExp(`^stop code ${stopCode} \\(no reason given\\)`));
  });
});

describe('the awslogs stream of a task and its console link', () => {
  it('is prefix/container/task-id in the configured group and region', () => {
    expect(awslogsStream(definition, 'app', 'arn:aws:ecs:eu-west-1:1:task/prod/abc123', 'us-east-1')).toEqual(
      {
        region: 'eu-west-1',
        group: '/ecs/web',
        stream: 'ecs/app/abc123',
      },
    );
  });

  it('is unknown without awslogs or a stream prefix', () => {
    expect(awslogsStream(definition, 'sidecar', 'arn:x/t', 'us-east-1')).toBeUndefined();
    const noPrefix = {
      containerDefinitions: [
        { name: 'app', logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': 'g' } } },
      ],
    };
    expect(awslogsStream(noPrefix, 'app', 'arn:x/t', 'us-east-1')).toBeUndefined();
  });

  it('links the console with each name escaped twice, $ for %', () => {
    expect(streamConsoleUrl({ region: 'us-east-1', group: '/ecs/web', stream: 'ecs/app/abc' })).toBe(
      'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:log-groups/log-group/$252Fecs$252Fweb/log-events/ecs$252Fapp$252Fabc',
    );
  });
});
