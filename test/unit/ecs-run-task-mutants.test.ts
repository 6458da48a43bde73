import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { ECSClient, Service, Task } from '@aws-sdk/client-ecs';
import { describe, expect, it, vi } from 'vitest';
import { ActionError } from '../../src/core/errors.js';
import type { RolloutContext } from '../../src/rollout/context.js';
import type { RunTaskDeps, RunTaskSpec } from '../../src/targets/ecs/run-task.js';
import { judgeTask, runOneOffTask, stopOneOffTask } from '../../src/targets/ecs/run-task.js';
import { fakeClient } from './fake-client.js';

const ARN = 'arn:aws:ecs:eu-west-1:123456789012:task/prod/abc123';
const TD = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:5';
const URL =
  'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups/log-group/$252Fecs$252Fweb/log-events/ecs$252Fapp$252Fabc123';

const awslogs = {
  logDriver: 'awslogs',
  options: { 'awslogs-group': '/ecs/web', 'awslogs-stream-prefix': 'ecs', 'awslogs-region': 'eu-west-1' },
};
// The non-essential sidecar comes first, so only the essential filter picks `app`.
const definition = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  containerDefinitions: [
    { name: 'sidecar', essential: false },
    { name: 'app', logConfiguration: awslogs },
  ],
  ...extra,
});
const spec = (o: Partial<RunTaskSpec> = {}): RunTaskSpec => ({
  command: undefined,
  container: undefined,
  subnets: undefined,
  securityGroups: undefined,
  ...o,
});
const succeeded: Task = {
  taskArn: ARN,
  lastStatus: 'STOPPED',
  stopCode: 'EssentialContainerExited',
  containers: [{ name: 'app', exitCode: 0 }],
};
const awsError = (name: string): Error =>
  Object.assign(new Error(`${name}: said AWS`), { name, $metadata: { httpStatusCode: 400 } });

/** A context that records log lines, each wait's name and each status a probe reported. */
function context(): RolloutContext & { lines: string[]; waits: string[]; statuses: string[] } {
  const lines: string[] = [];
  const waits: string[] = [];
  const statuses: string[] = [];
  return {
    lines,
    waits,
    statuses,
    signal: new AbortController().signal,
    log: (l: string) => void lines.push(l),
    warn: (l: string) => void lines.push(`warning: ${l}`),
    waitPlain: async (
      what: string,
      _t: number,
      probe: () => Promise<{ done: boolean; value?: unknown; status?: string }>,
    ) => {
      waits.push(what);
      for (let i = 0; i < 10; i++) {
        const r = await probe();
        if (r.done) return r.value;
        statuses.push(r.status ?? '');
      }
      throw new Error(`${what} never finished`);
    },
  } as unknown as RolloutContext & { lines: string[]; waits: string[]; statuses: string[] };
}

interface Setup {
  runTask?: (input: Record<string, unknown>) => unknown;
  tasks?: Task[];
  describe?: (input: Record<string, unknown>) => unknown;
  logEvents?: (input: Record<string, unknown>) => unknown;
}

function deps(s: Setup = {}) {
  const inputs: Record<string, Array<Record<string, unknown>>> = {};
  const keep = (name: string, input: Record<string, unknown>) => (inputs[name] ??= []).push(input);
  const answers = [...(s.tasks ?? [succeeded])];
  const ecs = fakeClient<ECSClient>({
    RunTaskCommand: (i) => {
      keep('RunTask', i);
      return s.runTask ? s.runTask(i) : { tasks: [{ taskArn: ARN }] };
    },
    DescribeTasksCommand: (i) => {
      keep('DescribeTasks', i);
      if (s.describe) return s.describe(i);
      return { tasks: [answers.length > 1 ? answers.shift() : answers[0]] };
    },
    StopTaskCommand: (i) => {
      keep('StopTask', i);
      return {};
    },
  });
  const logs = fakeClient<CloudWatchLogsClient>({
    GetLogEventsCommand: (i) => {
      keep('GetLogEvents', i);
      return s.logEvents ? s.logEvents(i) : { events: [{ message: 'migrated\n' }] };
    },
  });
  const regions: string[] = [];
  const saved: Array<string | undefined> = [];
  const facts: Array<[string, string]> = [];
  const d: RunTaskDeps = {
    ecs,
    logs: (region) => {
      regions.push(region);
      return logs;
    },
    cluster: 'prod',
    region: 'us-east-1',
    timeoutMs: 60_000,
    save: (a) => void saved.push(a),
    fact: (n, v) => void facts.push([n, v]),
  };
  return { d, inputs, regions, saved, facts };
}

const fargate: Service = {
  launchType: 'FARGATE',
  networkConfiguration: {
    awsvpcConfiguration: { subnets: ['subnet-1'], securityGroups: ['sg-1'], assignPublicIp: 'DISABLED' },
  },
};

async function failure(p: Promise<unknown>): Promise<Error> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(Error);
  return e as Error;
}

describe('runOneOffTask: the network inputs', () => {
  const bridge = definition({ networkMode: 'bridge' });
  const refused =
    'run-task-subnets and run-task-security-groups apply to task definitions with networkMode awsvpc; this one is not';

  it('refuses run-task-subnets alone, or run-task-security-groups alone, for a non-awsvpc definition', async () => {
    for (const o of [{ subnets: ['subnet-9'] }, { securityGroups: ['sg-9'] }]) {
      const { d, inputs } = deps();
      const err = await failure(runOneOffTask(d, context(), spec(o), {}, TD, bridge));
      expect(err).toBeInstanceOf(ActionError);
      expect(err.message).toBe(refused);
      expect(inputs['RunTask']).toBeUndefined();
    }
  });

  it('runs a non-awsvpc definition without a network configuration when neither is given', async () => {
    const { d, inputs } = deps();
    await runOneOffTask(d, context(), spec(), { launchType: 'EC2' }, TD, bridge);
    expect(inputs['RunTask']).toEqual([
      { cluster: 'prod', taskDefinition: TD, count: 1, startedBy: 'slipway', launchType: 'EC2' },
    ]);
  });

  it('refuses an awsvpc definition when neither the input nor the service has subnets', async () => {
    for (const svc of [{}, { networkConfiguration: { awsvpcConfiguration: { subnets: [] } } }]) {
      const { d, inputs } = deps();
      const err = await failure(
        runOneOffTask(d, context(), spec(), svc, TD, definition({ networkMode: 'awsvpc' })),
      );
      expect(err).toBeInstanceOf(ActionError);
      expect(err.message).toBe(
        'the one-off task needs subnets (its task definition uses awsvpc) and the service has none; set run-task-subnets',
      );
      expect(inputs['RunTask']).toBeUndefined();
    }
  });

  it('takes the service’s capacity providers and platform version, and given subnets and groups over its own', async () => {
    const { d, inputs } = deps();
    const svc: Service = {
      ...fargate,
      launchType: 'FARGATE',
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
      platformVersion: '1.4.0',
    };
    await runOneOffTask(
      d,
      context(),
      spec({ subnets: ['subnet-9'], securityGroups: ['sg-9'] }),
      svc,
      TD,
      definition({ networkMode: 'awsvpc' }),
    );
    expect(inputs['RunTask']).toEqual([
      {
        cluster: 'prod',
        taskDefinition: TD,
        count: 1,
        startedBy: 'slipway',
        capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
        platformVersion: '1.4.0',
        networkConfiguration: {
          awsvpcConfiguration: {
            subnets: ['subnet-9'],
            securityGroups: ['sg-9'],
            assignPublicIp: 'DISABLED',
          },
        },
      },
    ]);
  });
});

describe('runOneOffTask: the container', () => {
  it('defaults to the first essential container (essential unset counts), whose command is replaced', async () => {
    const { d, inputs } = deps();
    await runOneOffTask(d, context(), spec({ command: ['migrate'] }), fargate, TD, definition());
    expect(inputs['RunTask']?.[0]?.['overrides']).toEqual({
      containerOverrides: [{ name: 'app', command: ['migrate'] }],
    });
  });

  it('a named container of the definition is used even when others exist', async () => {
    const { d, inputs } = deps();
    await runOneOffTask(
      d,
      context(),
      spec({ command: ['x'], container: 'sidecar' }),
      fargate,
      TD,
      definition(),
    );
    expect(inputs['RunTask']?.[0]?.['overrides']).toEqual({
      containerOverrides: [{ name: 'sidecar', command: ['x'] }],
    });
  });

  it('refuses a container the definition does not have, naming its containers, before RunTask', async () => {
    const { d, inputs } = deps();
    const err = await failure(
      runOneOffTask(d, context(), spec({ container: 'db' }), fargate, TD, definition()),
    );
    expect(err).toBeInstanceOf(ActionError);
    expect(err.message).toBe(
      'run-task-container db is not a container of the task definition; its containers are sidecar, app',
    );
    expect(inputs['RunTask']).toBeUndefined();
  });

  it('with no essential container and none named, refuses with an empty name', async () => {
    const { d } = deps();
    const def = { containerDefinitions: [{ name: 'sidecar', essential: false }] };
    const err = await failure(runOneOffTask(d, context(), spec(), fargate, TD, def));
    expect(err.message).toBe(
      'run-task-container  is not a container of the task definition; its containers are sidecar',
    );
  });
});

describe('runOneOffTask: RunTask that starts nothing', () => {
  it('names the failure’s reason and detail, or says none was given', async () => {
    const cases: Array<[unknown, string]> = [
      [
        { tasks: [], failures: [{ reason: 'RESOURCE:MEMORY', detail: 'no room' }] },
        'RunTask started no one-off task: RESOURCE:MEMORY (no room)',
      ],
      [{ failures: [{ reason: 'AGENT' }] }, 'RunTask started no one-off task: AGENT'],
      [{}, 'RunTask started no one-off task: no reason given'],
    ];
    for (const [answer, message] of cases) {
      const { d, saved, inputs } = deps({ runTask: () => answer });
      const err = await failure(runOneOffTask(d, context(), spec(), fargate, TD, definition()));
      expect(err).toBeInstanceOf(ActionError);
      expect(err.message).toBe(message);
      expect(saved).toEqual([]);
      expect(inputs['DescribeTasks']).toBeUndefined();
    }
  });
});

describe('runOneOffTask: the run, its log and the judged result', () => {
  it('logs the start, each status while it runs, the log, and the success; saves and clears the ARN', async () => {
    const running: Task = { taskArn: ARN, lastStatus: 'RUNNING' };
    const { d, inputs, regions, saved, facts } = deps({
      tasks: [{ taskArn: ARN, lastStatus: 'PROVISIONING' }, running, succeeded],
    });
    const ctx = context();
    await runOneOffTask(d, ctx, spec({ command: ['migrate', 'up'] }), fargate, TD, definition());
    expect(saved).toEqual([ARN, undefined]);
    expect(facts).toEqual([['one-off task log', `[ecs/app/abc123](${URL})`]]);
    expect(ctx.waits).toEqual(['one-off task abc123 to stop']);
    expect(ctx.statuses).toEqual(['task PROVISIONING', 'task RUNNING']);
    expect(inputs['DescribeTasks']?.[0]).toEqual({ cluster: 'prod', tasks: [ARN] });
    expect(regions).toEqual(['eu-west-1']);
    expect(ctx.lines).toEqual([
      'started one-off task abc123 with command ["migrate","up"] before any traffic moves',
      'log of the one-off task (/ecs/web ecs/app/abc123):',
      '| migrated',
      'one-off task abc123 succeeded: every essential container exited 0',
    ]);
  });

  it('without a command, says so; an empty log says "(no lines)"', async () => {
    const { d } = deps({ logEvents: () => ({ events: [] }) });
    const ctx = context();
    await runOneOffTask(d, ctx, spec(), fargate, TD, definition());
    expect(ctx.lines).toEqual([
      'started one-off task abc123 before any traffic moves',
      'log of the one-off task (/ecs/web ecs/app/abc123):',
      '(no lines)',
      'one-off task abc123 succeeded: every essential container exited 0',
    ]);
  });

  it('a long log says how many lines were left out and links the whole stream', async () => {
    const many = Array.from({ length: 1002 }, (_, i) => ({ message: `line ${i}` }));
    const { d } = deps({ logEvents: () => ({ events: many }) });
    const ctx = context();
    await runOneOffTask(d, ctx, spec(), fargate, TD, definition());
    expect(ctx.lines.slice(1, 4)).toEqual([
      'log of the one-off task (/ecs/web ecs/app/abc123):',
      `(2 earlier lines left out; the whole log: ${URL})`,
      '| line 2',
    ]);
  });

  it('a stream that does not exist (the container never started) is said so; other log errors fail the step', async () => {
    const { d } = deps({
      logEvents: () => {
        throw awsError('ResourceNotFoundException');
      },
    });
    const ctx = context();
    await runOneOffTask(d, ctx, spec(), fargate, TD, definition());
    expect(ctx.lines).toEqual([
      'started one-off task abc123 before any traffic moves',
      'no log stream ecs/app/abc123 in /ecs/web: the container wrote nothing',
      'one-off task abc123 succeeded: every essential container exited 0',
    ]);

    const denied = awsError('AccessDeniedException');
    const other = deps({
      logEvents: () => {
        throw denied;
      },
    });
    const ctx2 = context();
    const err = await failure(runOneOffTask(other.d, ctx2, spec(), fargate, TD, definition()));
    expect(err).toBe(denied);
    expect(ctx2.lines).toEqual(['started one-off task abc123 before any traffic moves']);
  });

  it('a container without awslogs: no fact, no log read, said so', async () => {
    const { d, facts, inputs } = deps();
    const ctx = context();
    const def = { containerDefinitions: [{ name: 'app' }] };
    await runOneOffTask(d, ctx, spec(), fargate, TD, def);
    expect(facts).toEqual([]);
    expect(inputs['GetLogEvents']).toBeUndefined();
    expect(ctx.lines).toEqual([
      'started one-off task abc123 before any traffic moves',
      'container app does not log to CloudWatch Logs (awslogs with a stream prefix): no log to print',
      'one-off task abc123 succeeded: every essential container exited 0',
    ]);
  });

  it('a failed task throws with the judged reason after the log is printed', async () => {
    const failed: Task = {
      taskArn: ARN,
      lastStatus: 'STOPPED',
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      containers: [{ name: 'app', exitCode: 3 }],
    };
    const { d, saved } = deps({ tasks: [failed] });
    const ctx = context();
    const err = await failure(runOneOffTask(d, ctx, spec(), fargate, TD, definition()));
    expect(err).toBeInstanceOf(ActionError);
    expect(err.message).toBe(
      'one-off task abc123 failed, so no traffic moved: stop code EssentialContainerExited (Essential container in task exited); container app: exit code 3',
    );
    expect(saved).toEqual([ARN, undefined]);
    expect(ctx.lines).toContain('| migrated');
  });

  it('a task DescribeTasks cannot find names ECS’s reason, or MISSING when it gives none', async () => {
    for (const [answer, reason] of [
      [{ tasks: [], failures: [{ arn: ARN, reason: 'NOT_THERE' }] }, 'NOT_THERE'],
      [{ tasks: [] }, 'MISSING'],
    ] as const) {
      const { d } = deps({ describe: () => answer });
      const err = await failure(runOneOffTask(d, context(), spec(), fargate, TD, definition()));
      expect(err).toBeInstanceOf(ActionError);
      expect(err.message).toBe(`one-off task abc123 not found (${reason})`);
    }
  });
});

describe('judgeTask', () => {
  it('fails when any essential container exited non-zero, even if another exited 0', () => {
    const def = { containerDefinitions: [{ name: 'app' }, { name: 'worker', essential: true }] };
    const task: Task = {
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'done',
      containers: [
        { name: 'app', exitCode: 0 },
        { name: 'worker', exitCode: 1, reason: 'boom' },
      ],
    };
    expect(judgeTask(task, def)).toBe(
      'stop code EssentialContainerExited (done); container app: exit code 0; container worker: exit code 1 (boom)',
    );
  });

  it('with neither stop code nor reason nor containers', () => {
    expect(judgeTask({}, {})).toBe('stop code none (no reason given); ');
  });
});

describe('stopOneOffTask: the post step after a cancel', () => {
  it('stops the task with a reason, waits for STOPPED, clears the saved ARN, logs each step', async () => {
    const { d, inputs, saved } = deps({
      tasks: [
        { taskArn: ARN, lastStatus: 'DEPROVISIONING' },
        { ...succeeded, stopCode: 'UserInitiated' },
      ],
    });
    const ctx = context();
    await stopOneOffTask(d, ctx, ARN);
    expect(inputs['StopTask']).toEqual([
      { cluster: 'prod', task: ARN, reason: 'slipway: the deploy was cancelled' },
    ]);
    expect(ctx.waits).toEqual(['one-off task abc123 to stop']);
    expect(ctx.statuses).toEqual(['task DEPROVISIONING']);
    expect(saved).toEqual([undefined]);
    expect(ctx.lines).toEqual(['stopping one-off task abc123', 'one-off task abc123 stopped']);
  });
});

describe('the startedBy tag (a module constant)', () => {
  it('is "slipway" on RunTask', async () => {
    vi.resetModules();
    const m = await import('../../src/targets/ecs/run-task.js');
    const { d, inputs } = deps();
    await m.runOneOffTask(d, context(), spec(), { launchType: 'EC2' }, TD, definition());
    expect(inputs['RunTask']?.[0]?.['startedBy']).toBe('slipway');
  });
});
