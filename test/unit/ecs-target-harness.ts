// The harness of the EcsServiceTarget unit tests: a scripted ECS/ELB world, its fake clients and a context
// that records waits, shared by ecs-target-mutants and ecs-target-inputs-mutants.
import type { DeploymentConfiguration, ECSClient, Service, ServiceDeployment } from '@aws-sdk/client-ecs';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { RolloutContext } from '../../src/rollout/context.js';
import type { EcsServiceState, EcsTargetSpec } from '../../src/targets/ecs/ecs-target.js';
import { fakeClient } from './fake-client.js';

export const ACCOUNT = 'arn:aws:ecs:us-east-1:123456789012';
export const TD = (n: number) => `${ACCOUNT}:task-definition/web:${n}`;
export const SD = (id: string) => `${ACCOUNT}:service-deployment/prod/web/${id}`;
export const LABEL = 'service web in cluster prod';
export const IMAGE = 'repo/web:2';

export const definition = (n: number, image = `repo/web:${n}`) => ({
  taskDefinitionArn: TD(n),
  revision: n,
  family: 'web',
  containerDefinitions: [{ name: 'app', image }],
});

/** A scripted ECS: the service, task definitions, deployments (one answer per describe, the last repeats). */
export interface World {
  service: Partial<Service> | undefined;
  failures?: Array<{ reason?: string }>;
  definitions: Record<string, unknown>;
  deployments: Record<string, Array<Partial<ServiceDeployment>>>;
  unfinished: Array<{ serviceDeploymentArn?: string; status?: string; createdAt?: Date }>;
  /** currentServiceDeployment that UpdateService answers with (after it applied the update). */
  update?: (input: Record<string, unknown>) => string | undefined;
  stop?: () => unknown;
  rules?: unknown[];
}

export function world(over: Partial<World> = {}): World {
  return {
    service: {
      status: 'ACTIVE',
      taskDefinition: TD(1),
      currentServiceDeployment: SD('before'),
      deploymentConfiguration: { strategy: 'ROLLING', minimumHealthyPercent: 100, maximumPercent: 200 },
    },
    definitions: { [TD(1)]: definition(1) },
    deployments: {},
    unfinished: [],
    ...over,
  };
}

export function clients(w: World) {
  const calls: Array<[string, Record<string, unknown>]> = [];
  const seen = new Map<string, number>();
  const rec =
    (name: string, f: (input: Record<string, unknown>) => unknown) => (input: Record<string, unknown>) => {
      calls.push([name, input]);
      return f(input);
    };
  const ecs = fakeClient<ECSClient>({
    DescribeServices: rec('DescribeServices', () =>
      w.service ? { services: [{ ...w.service }] } : { services: [], failures: w.failures },
    ),
    DescribeTaskDefinition: rec('DescribeTaskDefinition', (i) => ({
      taskDefinition: w.definitions[i['taskDefinition'] as string],
    })),
    ListServiceDeployments: rec('ListServiceDeployments', () => ({ serviceDeployments: w.unfinished })),
    DescribeServiceDeployments: rec('DescribeServiceDeployments', (i) => {
      const arn = (i['serviceDeploymentArns'] as string[])[0]!;
      const script = w.deployments[arn] ?? [];
      const n = seen.get(arn) ?? 0;
      seen.set(arn, n + 1);
      const sd = script[Math.min(n, script.length - 1)];
      return sd ? { serviceDeployments: [{ serviceDeploymentArn: arn, ...sd }] } : { serviceDeployments: [] };
    }),
    RegisterTaskDefinition: rec('RegisterTaskDefinition', (i) => {
      const td = { ...i, taskDefinitionArn: TD(2), revision: 2 };
      w.definitions[TD(2)] = td;
      return { taskDefinition: td };
    }),
    UpdateService: rec('UpdateService', (i) => {
      if (w.service && i['taskDefinition']) w.service.taskDefinition = i['taskDefinition'] as string;
      if (w.service && i['deploymentConfiguration'])
        w.service.deploymentConfiguration = i['deploymentConfiguration'] as DeploymentConfiguration;
      return { service: { currentServiceDeployment: w.update?.(i) } };
    }),
    StopServiceDeployment: rec('StopServiceDeployment', () => (w.stop ? w.stop() : {})),
    ContinueServiceDeployment: rec('ContinueServiceDeployment', () => ({})),
  });
  // fakeClient answers by class name: map "XCommand" to the handler "X".
  const send = ecs.send.bind(ecs);
  const wrapped = {
    send: (cmd: { constructor: { name: string }; input: Record<string, unknown> }) =>
      send({
        constructor: { name: cmd.constructor.name.replace(/Command$/, '') },
        input: cmd.input,
      } as never),
  } as unknown as ECSClient;
  const elbv2 = fakeClient<ElasticLoadBalancingV2Client>({
    DescribeRulesCommand: () => ({ Rules: w.rules ?? [] }),
  });
  return { ecs: wrapped, elbv2, calls, names: () => calls.map(([n]) => n) };
}

export interface Ctx extends RolloutContext {
  lines: string[];
  waits: Array<{ what: string; statuses: string[]; plain: boolean }>;
  checks: unknown[];
  checkpoints: number;
}

export type Probe = () => Promise<{ done: boolean; value?: unknown; status?: string }>;

/** A context whose waits poll the probe up to 10 times without sleeping and record what they waited for. */
export function context(): Ctx {
  const ctx: Ctx = {
    lines: [],
    waits: [],
    checks: [],
    checkpoints: 0,
    signal: new AbortController().signal,
    log: (l: string) => void ctx.lines.push(l),
    check: (r: unknown) => void ctx.checks.push(r),
    mark: () => undefined,
    checkpoint: () => void ctx.checkpoints++,
    waitUntil: (what: string, _timeout: number, probe: Probe) => poll(what, probe, false),
    waitPlain: (what: string, _timeout: number, probe: Probe) => poll(what, probe, true),
  } as unknown as Ctx;
  async function poll(what: string, probe: Probe, plain: boolean) {
    const wait = { what, statuses: [] as string[], plain };
    ctx.waits.push(wait);
    for (let i = 0; i < 10; i++) {
      const r = await probe();
      if (r.done) return r.value as never;
      wait.statuses.push(r.status!);
    }
    throw new Error(`never finished: ${what}`);
  }
  return ctx;
}

export const SPEC: EcsTargetSpec = {
  strategy: 'rolling',
  minHealthyPercent: 100,
  maxPercent: 200,
  bakeMs: 0,
  canaryPercent: 10,
  canaryIntervalMs: 60_000,
  linearPercent: 10,
  linearIntervalMs: 60_000,
  alarms: [],
  rollback: true,
  waitTimeoutMs: 600_000,
  smoke: false,
  changes: new Map([['app', { image: IMAGE }]]),
  taskDefinition: undefined,
  taskDefinitionArn: undefined,
  desiredCount: undefined,
  forceNewDeployment: false,
  propagateTags: undefined,
  enableEcsManagedTags: undefined,
  smokeUrl: undefined,
};

export function state(over: Partial<EcsServiceState> = {}): EcsServiceState {
  return {
    region: 'us-east-1',
    cluster: 'prod',
    service: 'web',
    strategy: 'rolling',
    previousTaskDefinitionArn: undefined,
    taskDefinitionArn: undefined,
    serviceDeploymentArn: undefined,
    originalHooks: undefined,
    waitTimeoutMs: 600_000,
    startedAt: 100_000,
    ...over,
  };
}
