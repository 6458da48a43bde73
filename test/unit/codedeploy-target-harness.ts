// The harness of the CodeDeployServiceTarget unit tests: a scripted ECS service and CodeDeploy deployments,
// their fake clients, and a clock that moves one poll (5 s) at every read unless a test holds it still.
import type { CodeDeployClient, DeploymentInfo, DeploymentTarget } from '@aws-sdk/client-codedeploy';
import type { ECSClient, Service } from '@aws-sdk/client-ecs';
import type {
  CodeDeployServiceState,
  CodeDeployTargetSpec,
} from '../../src/targets/ecs/codedeploy-target.js';
import { CodeDeployServiceTarget } from '../../src/targets/ecs/codedeploy-target.js';
import { definition, TD } from './ecs-target-harness.js';
import { fakeClient } from './fake-client.js';

export { TD };

/** A GetDeployment answer (statuses as plain strings) and the deployment target read with it. */
export interface Reading {
  info: Record<string, unknown>;
  target?: DeploymentTarget | undefined;
}

/** One answer per read; the last one repeats. */
export interface CdWorld {
  services: Array<Partial<Service> | undefined>;
  definitions: Record<string, unknown>;
  group: {
    ecsServices?: Array<{ serviceName?: string; clusterName?: string }>;
    lastAttemptedDeployment?: object;
  };
  groupError?: unknown;
  deployments: Record<string, Reading[]>;
  /** Ids CreateDeployment hands out, in order. */
  ids: Array<string | undefined>;
  stopError?: unknown;
  /** Targets ListDeploymentTargets names. */
  targetIds?: string[];
}

export const LB = [{ containerName: 'app', containerPort: 8080, targetGroupArn: 'tg-blue' }];

export const service = (over: Partial<Service> = {}): Partial<Service> => ({
  serviceName: 'web',
  status: 'ACTIVE',
  taskDefinition: TD(1),
  loadBalancers: LB,
  deploymentController: { type: 'CODE_DEPLOY' },
  ...over,
});

export function cdWorld(over: Partial<CdWorld> = {}): CdWorld {
  return {
    services: [service()],
    definitions: { [TD(1)]: definition(1), [TD(3)]: { ...definition(3), status: 'ACTIVE' } },
    group: { ecsServices: [{ serviceName: 'web', clusterName: 'prod' }] },
    deployments: {},
    ids: ['d-1', 'd-2'],
    ...over,
  };
}

const next = <T>(list: T[], n: number): T => list[Math.min(n, list.length - 1)]!;

export function cdClients(w: CdWorld) {
  const calls: Array<[string, Record<string, unknown>]> = [];
  const reads = new Map<string, number>();
  let serviceReads = 0;
  const rec =
    (name: string, f: (input: Record<string, unknown>) => unknown) => (input: Record<string, unknown>) => {
      calls.push([name, input]);
      return f(input);
    };
  const current = (id: string) => next(w.deployments[id] ?? [{ info: {} }], (reads.get(id) ?? 1) - 1);
  const ecs = fakeClient<ECSClient>({
    DescribeServicesCommand: rec('DescribeServices', () => {
      const svc = next(w.services, serviceReads++);
      return { services: svc ? [{ ...svc }] : [] };
    }),
    DescribeTaskDefinitionCommand: rec('DescribeTaskDefinition', (i) => ({
      taskDefinition: w.definitions[i['taskDefinition'] as string],
    })),
    RegisterTaskDefinitionCommand: rec('RegisterTaskDefinition', (i) => ({
      taskDefinition: { ...i, taskDefinitionArn: TD(2), revision: 2 },
    })),
  });
  const codedeploy = fakeClient<CodeDeployClient>({
    GetDeploymentGroupCommand: rec('GetDeploymentGroup', () => {
      if (w.groupError) throw w.groupError;
      return { deploymentGroupInfo: w.group };
    }),
    CreateDeploymentCommand: rec('CreateDeployment', () => ({ deploymentId: w.ids.shift() })),
    GetDeploymentCommand: rec('GetDeployment', (i) => {
      const id = i['deploymentId'] as string;
      reads.set(id, (reads.get(id) ?? 0) + 1);
      return { deploymentInfo: { deploymentId: id, ...current(id).info } as DeploymentInfo };
    }),
    ListDeploymentTargetsCommand: rec('ListDeploymentTargets', () => ({
      targetIds: w.targetIds ?? ['prod:web'],
    })),
    GetDeploymentTargetCommand: rec('GetDeploymentTarget', (i) => ({
      deploymentTarget: current(i['deploymentId'] as string).target,
    })),
    StopDeploymentCommand: rec('StopDeployment', () => {
      if (w.stopError) throw w.stopError;
      return { status: 'Pending' };
    }),
  });
  return { ecs, codedeploy, calls, names: () => calls.map(([n]) => n) };
}

export const CD_SPEC: CodeDeployTargetSpec = {
  changes: new Map([['app', { image: 'repo/web:2' }]]),
  taskDefinition: undefined,
  taskDefinitionArn: undefined,
  desiredCount: undefined,
  forceNewDeployment: false,
  smokeUrl: undefined,
};

export function cdState(over: Partial<CodeDeployServiceState> = {}): CodeDeployServiceState {
  return {
    mode: 'codedeploy',
    region: 'us-east-1',
    cluster: 'prod',
    service: 'web',
    application: 'app',
    deploymentGroup: 'group',
    previousTaskDefinitionArn: undefined,
    taskDefinitionArn: undefined,
    deploymentId: undefined,
    waitTimeoutMs: 600_000,
    ...over,
  };
}

/** A clock that moves `step` ms at every read of it (a poll apart by default). */
export function steppingClock(step = 5_000, start = 10_000) {
  let t = start;
  return {
    now: () => (t += step),
    sleep: () => Promise.resolve(),
  };
}

/** The target on a scripted world; `spec: null` rebuilds it as the post step does, for a rollback only. */
export function cdTarget(
  w: CdWorld,
  opts: {
    spec?: Partial<CodeDeployTargetSpec> | null;
    state?: Partial<CodeDeployServiceState>;
    step?: number;
  } = {},
) {
  const c = cdClients(w);
  const st = cdState(opts.state);
  const deps = { ecs: c.ecs, codedeploy: c.codedeploy, clock: steppingClock(opts.step) };
  const target =
    opts.spec === null
      ? new CodeDeployServiceTarget(deps, st)
      : new CodeDeployServiceTarget(deps, st, { ...CD_SPEC, ...opts.spec });
  return { target, state: st, ...c };
}

/** An ECS deployment target with its lifecycle events and the Green task set's traffic. */
export function ecsTarget(
  events: Array<[string, string]>,
  green?: number,
  running: number[] = [],
): DeploymentTarget {
  return {
    deploymentTargetType: 'ECSTarget',
    ecsTarget: {
      lifecycleEvents: events.map(([lifecycleEventName, status]) => ({ lifecycleEventName, status })),
      taskSetsInfo: [
        ...(green !== undefined ? [{ taskSetLabel: 'Green', trafficWeight: green }] : []),
        ...running.map((runningCount) => ({ taskSetLabel: 'Blue', runningCount })),
      ],
    },
  } as DeploymentTarget;
}
