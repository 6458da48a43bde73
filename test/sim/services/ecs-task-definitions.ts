import type * as sdk from '@aws-sdk/client-ecs';
import type { ContainerDefinition, RegisterTaskDefinitionRequest, TaskDefinition } from '@aws-sdk/client-ecs';
import { EcsClusters } from './ecs-clusters.js';
import type { PlacementNeed } from './ecs-placement.js';

/** Keys DescribeTaskDefinition returns that RegisterTaskDefinition does not take. */
export const DESCRIBE_ONLY_KEYS = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
] as const;

/** A problem RegisterTaskDefinition reports as ClientException, or undefined when the request is valid. */
export function invalidTaskDefinition(input: RegisterTaskDefinitionRequest): string | undefined {
  // The AWS CLI and boto reject describe-only keys as unknown parameters; the SDK would drop them silently.
  // The simulator refuses them, so a renderer that forgets to strip them fails its tests.
  const extra = DESCRIBE_ONLY_KEYS.filter((k) => k in (input as unknown as Record<string, unknown>));
  if (extra.length) return `Unknown parameter in input: ${extra.map((k) => `"${k}"`).join(', ')}`;
  if (!input.family || !/^[A-Za-z0-9_-]{1,255}$/.test(input.family))
    return 'Family contains invalid characters or is longer than 255 characters.';
  const containers = input.containerDefinitions ?? [];
  if (containers.length === 0) return 'Container list cannot be empty.';
  const names = new Set<string>();
  for (const c of containers) {
    if (!c.name) return 'Container.name should not be null or empty.';
    if (names.has(c.name)) return `Duplicate container name: ${c.name}`;
    names.add(c.name);
    if (!c.image) return `Container.image should not be null or empty.`;
    if (input.memory === undefined && c.memory === undefined && c.memoryReservation === undefined)
      return `Invalid setting for container '${c.name}'. At least one of 'memory' or 'memoryReservation' must be specified.`;
  }
  if (!containers.some((c) => c.essential !== false)) return 'At least one essential container is required.';
  const fargate = input.requiresCompatibilities?.includes('FARGATE');
  if (fargate && input.networkMode !== 'awsvpc') return 'Fargate only supports network mode ‘awsvpc’.';
  if (fargate && (input.cpu === undefined || input.memory === undefined))
    return 'Fargate requires that task-level cpu and memory be set.';
  for (const c of containers)
    for (const p of c.portMappings ?? [])
      if (
        (input.networkMode === 'awsvpc' || input.networkMode === 'host') &&
        p.hostPort !== undefined &&
        p.hostPort !== p.containerPort
      )
        return `When networkMode=${input.networkMode}, the host ports must either be undefined or match the container port.`;
  return undefined;
}

/**
 * What ECS fills in on registration, so that Describe differs from what was registered, as it does in AWS.
 * Defaults from https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
 * (essential "assumed to be essential", versionConsistency "By default, the value is enabled") and
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HealthCheck.html (interval 30, timeout 5,
 * retries 3). Which of them DescribeTaskDefinition returns is not listed; the simulator returns all of them
 * (the stricter reading, ASSUMPTIONS.md).
 */
function withContainerDefaults(c: ContainerDefinition, networkMode: string): ContainerDefinition {
  return {
    ...c,
    cpu: c.cpu ?? 0,
    essential: c.essential ?? true,
    versionConsistency: c.versionConsistency ?? 'enabled',
    ...(c.healthCheck
      ? {
          healthCheck: {
            interval: 30,
            timeout: 5,
            retries: 3,
            ...c.healthCheck,
          },
        }
      : {}),
    portMappings: (c.portMappings ?? []).map((p) => ({
      ...p,
      protocol: p.protocol ?? 'tcp',
      ...(networkMode === 'awsvpc' || networkMode === 'host' ? { hostPort: p.containerPort } : {}),
    })),
    environment: c.environment ?? [],
    mountPoints: c.mountPoints ?? [],
    volumesFrom: c.volumesFrom ?? [],
    systemControls: c.systemControls ?? [],
  };
}

export function registeredTaskDefinition(
  input: RegisterTaskDefinitionRequest,
  facts: { arn: string; revision: number; registeredAt: Date; registeredBy: string },
): TaskDefinition {
  const networkMode = input.networkMode ?? 'bridge';
  const containers = (input.containerDefinitions ?? []).map((c) => withContainerDefaults(c, networkMode));
  const requires = [{ name: 'com.amazonaws.ecs.capability.docker-remote-api.1.18' }];
  if (containers.some((c) => c.healthCheck)) requires.push({ name: 'ecs.capability.container-health-check' });
  if (networkMode === 'awsvpc') requires.push({ name: 'ecs.capability.task-eni' });
  const fargateFit = networkMode === 'awsvpc' && input.cpu !== undefined && input.memory !== undefined;
  return {
    ...structuredClone(input),
    // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TaskDefinition.html: "If no network mode
    // is specified, the default is bridge"; enableFaultInjection "The default value is false".
    networkMode,
    enableFaultInjection: input.enableFaultInjection ?? false,
    containerDefinitions: containers,
    volumes: input.volumes ?? [],
    placementConstraints: input.placementConstraints ?? [],
    taskDefinitionArn: facts.arn,
    revision: facts.revision,
    status: 'ACTIVE',
    requiresAttributes: requires,
    compatibilities: fargateFit ? ['EC2', 'FARGATE'] : ['EC2'],
    registeredAt: facts.registeredAt,
    registeredBy: facts.registeredBy,
  };
}

/** The resources a task of this definition takes on a container instance. */
export function placementNeed(td: TaskDefinition): PlacementNeed {
  const containers = td.containerDefinitions ?? [];
  const memory =
    td.memory !== undefined
      ? Number(td.memory)
      : containers.reduce((n, c) => n + (c.memoryReservation ?? c.memory ?? 0), 0);
  const cpu = td.cpu !== undefined ? Number(td.cpu) : containers.reduce((n, c) => n + (c.cpu ?? 0), 0);
  const mode = td.networkMode ?? 'bridge';
  const staticPorts: number[] = [];
  let dynamicPorts = 0;
  if (mode !== 'awsvpc')
    for (const c of containers)
      for (const p of c.portMappings ?? []) {
        if (mode === 'host') staticPorts.push(p.containerPort ?? 0);
        else if (p.hostPort) staticPorts.push(p.hostPort);
        else dynamicPorts++;
      }
  return { cpu, memory, staticPorts, dynamicPorts };
}

/** Task definitions: RegisterTaskDefinition (always a new revision) and DescribeTaskDefinition. */
export abstract class EcsTaskDefinitions extends EcsClusters {
  /** Registers a task definition as set-up (not an API call the actions make). */
  registerTaskDefinition(input: sdk.RegisterTaskDefinitionRequest): sdk.TaskDefinition {
    return this.RegisterTaskDefinition(input).taskDefinition!;
  }

  RegisterTaskDefinition(input: sdk.RegisterTaskDefinitionRequest): sdk.RegisterTaskDefinitionResponse {
    const problem = invalidTaskDefinition(input);
    if (problem) throw this.error('ClientException', problem, 400);
    const family = input.family!;
    const revisions = this.taskDefinitions.get(family) ?? [];
    // RegisterTaskDefinition always makes a new revision, even for identical content.
    const revision = (revisions.at(-1)?.revision ?? 0) + 1;
    const td = registeredTaskDefinition(input, {
      arn: this.arn(`task-definition/${family}:${revision}`),
      revision,
      registeredAt: new Date(this.now),
      registeredBy: `arn:aws:sts::${this.account.accountId}:assumed-role/deploy/slipway`,
    });
    revisions.push(td);
    this.taskDefinitions.set(family, revisions);
    return { taskDefinition: structuredClone(td), ...(input.tags?.length ? { tags: input.tags } : {}) };
  }

  DescribeTaskDefinition(input: sdk.DescribeTaskDefinitionRequest): sdk.DescribeTaskDefinitionResponse {
    return { taskDefinition: structuredClone(this.resolveTaskDefinition(input.taskDefinition ?? '')) };
  }
}
