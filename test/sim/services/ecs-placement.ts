import type { PlacementConstraint, PlacementStrategy } from '@aws-sdk/client-ecs';

/** An EC2 container instance as placement sees it. */
export interface SimContainerInstance {
  arn: string;
  clusterArn: string;
  ec2InstanceId: string;
  az: string;
  cpu: number;
  memory: number;
  usedCpu: number;
  usedMemory: number;
  usedPorts: Set<number>;
  status: 'ACTIVE' | 'DRAINING';
  registeredAt: number;
}

export interface PlacementNeed {
  cpu: number;
  memory: number;
  /** Host ports the task needs fixed (host networking, or bridge with a hostPort set). */
  staticPorts: number[];
  /** How many dynamic host ports it needs (bridge with hostPort 0 or unset). */
  dynamicPorts: number;
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PortMapping.html: without the kernel's
// ip_local_port_range, the default ephemeral range is 49153 through 65535 (Linux).
export const EPHEMERAL_FIRST = 49153;
export const EPHEMERAL_LAST = 65535;

export function freeDynamicPorts(instance: SimContainerInstance, count: number): number[] | undefined {
  const ports: number[] = [];
  for (let p = EPHEMERAL_FIRST; p <= EPHEMERAL_LAST && ports.length < count; p++)
    if (!instance.usedPorts.has(p)) ports.push(p);
  return ports.length === count ? ports : undefined;
}

/** Why an instance cannot take the task, in the words of ECS's "unable to place a task" event, or undefined. */
function misfit(i: SimContainerInstance, need: PlacementNeed): string | undefined {
  if (i.status !== 'ACTIVE') return 'is not ACTIVE';
  if (i.memory - i.usedMemory < need.memory) return 'has insufficient memory available';
  if (i.cpu - i.usedCpu < need.cpu) return 'has insufficient CPU units available';
  if (need.staticPorts.some((p) => i.usedPorts.has(p)))
    return 'is already using a port required by your task';
  if (!freeDynamicPorts(i, need.dynamicPorts)) return 'has no free ephemeral port';
  return undefined;
}

export interface PlacementContext {
  instances: readonly SimContainerInstance[];
  need: PlacementNeed;
  strategy: readonly PlacementStrategy[];
  constraints: readonly PlacementConstraint[];
  /** Tasks of this service already on an instance (for spread and distinctInstance). */
  tasksOn: (instance: SimContainerInstance) => number;
  random: () => number;
}

export type Placement = { instance: SimContainerInstance } | { failure: string };

/**
 * Chooses a container instance the way the ECS scheduler does: filter by resources, ports and constraints,
 * then order by the placement strategies in turn (binpack: the least of the resource left; spread: the fewest
 * tasks of the service per value of the field; random).
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-placement-strategies.html
 */
export function place(ctx: PlacementContext): Placement {
  const distinct = ctx.constraints.some((c) => c.type === 'distinctInstance');
  const fits = ctx.instances.filter((i) => !misfit(i, ctx.need) && (!distinct || ctx.tasksOn(i) === 0));
  if (fits.length === 0) {
    const closest = ctx.instances[0];
    if (!closest) return { failure: 'no container instances were found in your cluster' };
    const why = misfit(closest, ctx.need) ?? 'already runs a task of this service (distinctInstance)';
    return {
      failure: `no container instance met all of its requirements. The closest matching (container-instance ${closest.arn.split('/').pop()}) ${why}`,
    };
  }
  const keys = ctx.strategy.map((s) => keyFor(s, ctx));
  const rank = new Map(fits.map((i) => [i, keys.map((k) => k(i))]));
  const sorted = [...fits].sort((a, b) => {
    const ka = rank.get(a)!;
    const kb = rank.get(b)!;
    for (let n = 0; n < ka.length; n++) if (ka[n] !== kb[n]) return ka[n]! - kb[n]!;
    return 0;
  });
  return { instance: sorted[0]! };
}

function keyFor(s: PlacementStrategy, ctx: PlacementContext): (i: SimContainerInstance) => number {
  const field = (s.field ?? '').toLowerCase();
  if (s.type === 'binpack')
    return field === 'cpu' ? (i) => i.cpu - i.usedCpu : (i) => i.memory - i.usedMemory;
  if (s.type === 'spread') {
    if (field === 'attribute:ecs.availability-zone') {
      return (i) => ctx.instances.filter((o) => o.az === i.az).reduce((n, o) => n + ctx.tasksOn(o), 0);
    }
    return (i) => ctx.tasksOn(i);
  }
  const draws = new Map<SimContainerInstance, number>();
  return (i) => {
    if (!draws.has(i)) draws.set(i, ctx.random());
    return draws.get(i)!;
  };
}
