import type { ContainerDefinition, RegisterTaskDefinitionRequest, TaskDefinition } from '@aws-sdk/client-ecs';
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

/** What ECS fills in on registration, so that Describe differs from what was registered, as it does in AWS. */
function withContainerDefaults(c: ContainerDefinition, networkMode: string): ContainerDefinition {
  return {
    ...c,
    cpu: c.cpu ?? 0,
    essential: c.essential ?? true,
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
