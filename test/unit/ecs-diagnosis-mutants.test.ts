import type { ECSClient, Task } from '@aws-sdk/client-ecs';
import type {
  ElasticLoadBalancingV2Client,
  TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/targets/ecs/diagnosis.js';
import { fakeClient } from './fake-client.js';

const TD = (n: number) => `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${n}`;
const TASK = (id: string) => `arn:aws:ecs:us-east-1:123456789012:task/prod/${id}`;
const TG = (name: string) =>
  `arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/${name}/0123456789abcdef`;

interface World {
  service?: Record<string, unknown>;
  taskArns?: string[];
  tasks?: Task[];
  health?: Record<string, TargetHealthDescription[]>;
  fail?: string[];
}

function clients(w: World) {
  const inputs: Record<string, unknown[]> = {};
  const handle =
    (name: string, answer: (input: Record<string, unknown>) => unknown) =>
    (input: Record<string, unknown>) => {
      (inputs[name] ??= []).push(input);
      if (w.fail?.includes(name)) throw new Error(`${name} refused`);
      return answer(input);
    };
  const ecs = fakeClient<ECSClient>({
    DescribeServicesCommand: handle('DescribeServicesCommand', () => ({
      services: w.service ? [w.service] : [],
    })),
    ListTasksCommand: handle('ListTasksCommand', () => ({ taskArns: w.taskArns })),
    DescribeTasksCommand: handle('DescribeTasksCommand', () => ({ tasks: w.tasks })),
  });
  const elbv2 = fakeClient<ElasticLoadBalancingV2Client>({
    DescribeTargetHealthCommand: handle('DescribeTargetHealthCommand', (input) => ({
      TargetHealthDescriptions: w.health?.[input['TargetGroupArn'] as string],
    })),
  });
  return { ecs, elbv2, inputs };
}

// td null: the rollout registered no task definition.
const run = (w: World, td: string | null = TD(2)) => {
  const c = clients(w);
  const taskDefinitionArn = td ?? undefined;
  return {
    c,
    out: diagnose({ ecs: c.ecs, elbv2: c.elbv2, cluster: 'prod', service: 'web', taskDefinitionArn }),
  };
};

describe('diagnose: nothing to report', () => {
  it('an empty service, no stopped tasks and no target groups give no lines and no DescribeTasks', async () => {
    const { c, out } = run({ service: {}, taskArns: [] });
    expect(await out).toEqual([]);
    expect(c.ecs.sent).toEqual(['DescribeServicesCommand', 'ListTasksCommand']);
    expect(c.inputs['DescribeServicesCommand']).toEqual([{ cluster: 'prod', services: ['web'] }]);
    expect(c.inputs['ListTasksCommand']).toEqual([
      { cluster: 'prod', serviceName: 'web', desiredStatus: 'STOPPED' },
    ]);
  });

  it('a service that is not found gives no lines either', async () => {
    const { c, out } = run({});
    expect(await out).toEqual([]);
    expect(c.ecs.sent).toEqual(['DescribeServicesCommand', 'ListTasksCommand']);
  });

  it('stopped tasks that DescribeTasks does not return give no lines', async () => {
    const { out } = run({ service: {}, taskArns: [TASK('t1')] }, null);
    expect(await out).toEqual([]);
  });
});

describe('diagnose: stopped tasks', () => {
  it('reports the new revision only, without scale-in stops, newest first, at most five', async () => {
    const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
    const tasks: Task[] = [
      {
        taskArn: TASK('t1'),
        taskDefinitionArn: TD(2),
        stoppedAt: at(1),
        stoppedReason: 'Essential container exited',
      },
      { taskArn: TASK('old'), taskDefinitionArn: TD(1), stoppedAt: at(9), stoppedReason: 'old revision' },
      {
        taskArn: TASK('scale'),
        taskDefinitionArn: TD(2),
        stoppedAt: at(8),
        stopCode: 'ServiceSchedulerInitiated',
        stoppedReason: 'Scaling activity initiated by (deployment ecs-svc/1)',
      },
      {
        taskArn: TASK('sched'),
        taskDefinitionArn: TD(2),
        stoppedAt: at(7),
        stopCode: 'ServiceSchedulerInitiated',
        stoppedReason: 'Task failed ELB health checks; Scaling activity',
      },
      {
        taskArn: TASK('user'),
        taskDefinitionArn: TD(2),
        stoppedAt: at(6),
        stopCode: 'UserInitiated',
        stoppedReason: 'Scaling activity by hand',
      },
      { taskArn: TASK('t3'), taskDefinitionArn: TD(2), stoppedAt: at(3) },
      { taskArn: TASK('t2'), taskDefinitionArn: TD(2), stoppedAt: at(2), stoppedReason: 'two' },
      { taskArn: TASK('t0'), taskDefinitionArn: TD(2), stoppedReason: 'no time' },
    ];
    const { out } = run({ service: {}, taskArns: tasks.map((t) => t.taskArn!), tasks });
    expect(await out).toEqual([
      'stopped task sched (web:2): Task failed ELB health checks; Scaling activity',
      'stopped task user (web:2): Scaling activity by hand',
      'stopped task t3 (web:2): no reason given',
      'stopped task t2 (web:2): two',
      'stopped task t1 (web:2): Essential container exited',
    ]);
  });

  it('names each container with an exit code or a reason, and ? for a missing code', async () => {
    const tasks: Task[] = [
      {
        taskArn: TASK('t1'),
        taskDefinitionArn: TD(2),
        stoppedReason: 'Essential container in task exited',
        containers: [
          { name: 'app', exitCode: 1 },
          { name: 'side', reason: 'OutOfMemoryError' },
          { name: 'quiet' },
          { name: 'zero', exitCode: 0, reason: 'done' },
        ],
      },
      {
        taskArn: TASK('t2'),
        taskDefinitionArn: TD(2),
        stoppedReason: 'bare',
        containers: [{ name: 'quiet' }],
      },
    ];
    const { out } = run({ service: {}, taskArns: [TASK('t1'), TASK('t2')], tasks });
    expect(await out).toEqual([
      'stopped task t1 (web:2): Essential container in task exited; app exit 1, side exit ? (OutOfMemoryError), zero exit 0 (done)',
      'stopped task t2 (web:2): bare',
    ]);
  });

  it('without a new revision every stopped task counts; missing ARNs print empty', async () => {
    const tasks: Task[] = [
      { stoppedReason: 'gone' },
      { taskArn: TASK('t9'), taskDefinitionArn: TD(7), stoppedReason: 'x' },
    ];
    const { out } = run({ service: {}, taskArns: [TASK('a'), TASK('b')], tasks }, null);
    expect(await out).toEqual(['stopped task  (): gone', 'stopped task t9 (web:7): x']);
  });

  it('describes at most 100 tasks, the DescribeTasks limit', async () => {
    const arns = Array.from({ length: 101 }, (_, i) => TASK(`t${i}`));
    const { c, out } = run({ service: {}, taskArns: arns, tasks: [] });
    expect(await out).toEqual([]);
    expect(c.inputs['DescribeTasksCommand']).toEqual([{ cluster: 'prod', tasks: arns.slice(0, 100) }]);
  });
});

describe('diagnose: target health', () => {
  const service = {
    loadBalancers: [
      { targetGroupArn: TG('blue'), advancedConfiguration: { alternateTargetGroupArn: TG('green') } },
      { containerName: 'app' },
    ],
  };

  it('reports unhealthy and unused targets of both groups, not healthy, draining or initial ones', async () => {
    const t = (id: string, State: string, Reason?: string, Description?: string): TargetHealthDescription =>
      ({
        Target: { Id: id, Port: 80 },
        TargetHealth: { State, Reason, Description },
      }) as TargetHealthDescription;
    const { c, out } = run({
      service,
      taskArns: [],
      health: {
        [TG('blue')]: [
          t('10.0.0.1', 'healthy'),
          t('10.0.0.2', 'draining'),
          t('10.0.0.3', 'initial'),
          t(
            '10.0.0.4',
            'unhealthy',
            'Target.ResponseCodeMismatch',
            'Health checks failed with these codes: [500]',
          ),
        ],
        [TG('green')]: [
          t('10.0.0.5', 'unused', 'Target.NotInUse'),
          t('10.0.0.6', 'unhealthy', undefined, 'only a description'),
          { Target: { Id: '10.0.0.7', Port: 80 } },
        ],
      },
    });
    expect(await out).toEqual([
      'target 10.0.0.4:80 in blue is unhealthy: Target.ResponseCodeMismatch Health checks failed with these codes: [500]',
      'target 10.0.0.5:80 in green is unused: Target.NotInUse',
      'target 10.0.0.6:80 in green is unhealthy:  only a description',
      'target 10.0.0.7:80 in green is :',
    ]);
    expect(c.inputs['DescribeTargetHealthCommand']).toEqual([
      { TargetGroupArn: TG('blue') },
      { TargetGroupArn: TG('green') },
    ]);
  });

  it('keeps an odd target group ARN whole and reports at most five targets', async () => {
    const odd = 'not-a-target-group-arn';
    const health = Array.from(
      { length: 7 },
      (_, i) =>
        ({
          Target: { Id: `i-${i}`, Port: 8080 },
          TargetHealth: { State: 'unhealthy' },
        }) as TargetHealthDescription,
    );
    const { out } = run({
      service: { loadBalancers: [{ targetGroupArn: odd }] },
      taskArns: [],
      health: { [odd]: health },
    });
    expect(await out).toEqual([0, 1, 2, 3, 4].map((i) => `target i-${i}:8080 in ${odd} is unhealthy:`));
  });
});

describe('diagnose: service events and unreadable parts', () => {
  it('adds the last five service events after everything else; a missing time or message prints empty', async () => {
    const events = [
      { createdAt: new Date('2026-01-01T00:00:05.000Z'), message: 'e5' },
      { message: 'no time' },
      { createdAt: new Date('2026-01-01T00:00:03.000Z') },
      { createdAt: new Date('2026-01-01T00:00:02.000Z'), message: 'e2' },
      { createdAt: new Date('2026-01-01T00:00:01.000Z'), message: 'e1' },
      { createdAt: new Date('2026-01-01T00:00:00.000Z'), message: 'e0' },
    ];
    const { out } = run({
      service: { events },
      taskArns: [TASK('t1')],
      tasks: [{ taskArn: TASK('t1'), taskDefinitionArn: TD(2), stoppedReason: 'r' }],
    });
    expect(await out).toEqual([
      'stopped task t1 (web:2): r',
      'service event 2026-01-01T00:00:05.000Z: e5',
      'service event : no time',
      'service event 2026-01-01T00:00:03.000Z: ',
      'service event 2026-01-01T00:00:02.000Z: e2',
      'service event 2026-01-01T00:00:01.000Z: e1',
    ]);
  });

  it('says which part could not be read, and still reads the others', async () => {
    const a = run({
      fail: ['DescribeServicesCommand'],
      taskArns: [TASK('t1')],
      tasks: [{ taskArn: TASK('t1'), taskDefinitionArn: TD(2) }],
    });
    expect(await a.out).toEqual([
      '(could not read the service: DescribeServicesCommand refused)',
      'stopped task t1 (web:2): no reason given',
    ]);
    const b = run({
      service: { loadBalancers: [{ targetGroupArn: TG('blue') }] },
      fail: ['ListTasksCommand', 'DescribeTargetHealthCommand'],
    });
    expect(await b.out).toEqual([
      '(could not read stopped tasks: ListTasksCommand refused)',
      '(could not read target health: DescribeTargetHealthCommand refused)',
    ]);
  });

  it('a thrown non-Error is printed as it is', async () => {
    const ecs = fakeClient<ECSClient>({
      DescribeServicesCommand: () => ({ services: [{}] }),
      ListTasksCommand: () => {
        throw 'plain string';
      },
    });
    const elbv2 = fakeClient<ElasticLoadBalancingV2Client>({});
    expect(await diagnose({ ecs, elbv2, cluster: 'prod', service: 'web', taskDefinitionArn: TD(2) })).toEqual(
      ['(could not read stopped tasks: plain string)'],
    );
  });
});
