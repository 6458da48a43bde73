import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { describe, expect, it } from 'vitest';
import { awslogsStream, readTaskLog } from '../../src/targets/ecs/task-logs.js';
import { fakeClient } from './fake-client.js';

const STREAM = { region: 'eu-west-1', group: '/ecs/web', stream: 'ecs/app/abc123' };

function logs(answer: (input: Record<string, unknown>, n: number) => unknown) {
  const inputs: Array<Record<string, unknown>> = [];
  const client = fakeClient<CloudWatchLogsClient>({
    GetLogEventsCommand: (i) => {
      inputs.push(i);
      return answer(i, inputs.length);
    },
  });
  return { client, inputs };
}

describe('awslogsStream: only awslogs with a group and a stream prefix names a stream', () => {
  const def = (logConfiguration?: unknown) => ({ containerDefinitions: [{ name: 'app', logConfiguration }] });
  it('is undefined for no log configuration, another driver, or a missing group or prefix', () => {
    const group = { 'awslogs-group': '/ecs/web' };
    for (const lc of [
      undefined,
      { logDriver: 'splunk', options: { ...group, 'awslogs-stream-prefix': 'ecs' } },
      { logDriver: 'awslogs' },
      { logDriver: 'awslogs', options: group },
      { logDriver: 'awslogs', options: { 'awslogs-stream-prefix': 'ecs' } },
    ])
      expect(awslogsStream(def(lc), 'app', 'arn:aws:ecs:r:1:task/prod/t1', 'us-east-1')).toBeUndefined();
  });

  it('without awslogs-region takes the default region', () => {
    const lc = { logDriver: 'awslogs', options: { 'awslogs-group': '/g', 'awslogs-stream-prefix': 'p' } };
    expect(awslogsStream(def(lc), 'app', 'arn:aws:ecs:r:1:task/prod/t1', 'us-east-1')).toEqual({
      region: 'us-east-1',
      group: '/g',
      stream: 'p/app/t1',
    });
  });
});

describe('readTaskLog', () => {
  it('splits each event into lines, dropping only a trailing newline; an event without a message is an empty line', async () => {
    const { client } = logs(() => ({ events: [{ message: 'a\nb\n' }, {}, { message: 'c\n\n' }] }));
    expect(await readTaskLog(client, STREAM)).toEqual({ lines: ['a', 'b', '', 'c', ''], leftOut: 0 });
  });

  it('pages forward from the head until the token comes back unchanged', async () => {
    const { client, inputs } = logs((_i, n) => ({
      events: [{ message: `page ${n}` }],
      nextForwardToken: n < 3 ? `f/${n}` : 'f/2',
    }));
    expect(await readTaskLog(client, STREAM)).toEqual({ lines: ['page 1', 'page 2', 'page 3'], leftOut: 0 });
    expect(inputs).toEqual([
      { logGroupName: '/ecs/web', logStreamName: 'ecs/app/abc123', startFromHead: true },
      { logGroupName: '/ecs/web', logStreamName: 'ecs/app/abc123', startFromHead: true, nextToken: 'f/1' },
      { logGroupName: '/ecs/web', logStreamName: 'ecs/app/abc123', startFromHead: true, nextToken: 'f/2' },
    ]);
  });

  it('reads at most 100 pages of a stream that keeps growing', async () => {
    const { client, inputs } = logs((_i, n) => ({ events: [], nextForwardToken: `f/${n}` }));
    expect(await readTaskLog(client, STREAM)).toEqual({ lines: [], leftOut: 0 });
    expect(inputs).toHaveLength(100);
  });

  it('keeps the last 1000 lines across pages and counts the ones left out', async () => {
    const page = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => ({ message: `line ${from + i}` }));
    const { client } = logs((_i, n) =>
      n === 1
        ? { events: page(0, 1000), nextForwardToken: 'f/1' }
        : { events: page(1000, 5), nextForwardToken: 'f/1' },
    );
    const { lines, leftOut } = await readTaskLog(client, STREAM);
    expect(leftOut).toBe(5);
    expect(lines).toHaveLength(1000);
    expect(lines[0]).toBe('line 5');
    expect(lines[999]).toBe('line 1004');
  });
});
