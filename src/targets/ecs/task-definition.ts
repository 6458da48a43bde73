import type { RegisterTaskDefinitionRequest } from '@aws-sdk/client-ecs';

/**
 * Keys DescribeTaskDefinition returns that RegisterTaskDefinition does not take: a definition read back from
 * ECS must lose them before it is registered again.
 */
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

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Accepts a task definition as a file or DescribeTaskDefinition gives it: bare, or wrapped in
 * `{"taskDefinition": {...}}` (the shape `aws ecs describe-task-definition` prints). Returns the problem
 * with it, or the definition.
 */
export function readTaskDefinition(value: unknown): { problem: string } | { definition: Json } {
  const td = isObject(value) && isObject(value['taskDefinition']) ? value['taskDefinition'] : value;
  if (!isObject(td)) return { problem: 'is not a JSON object' };
  if (typeof td['family'] !== 'string' || td['family'] === '') return { problem: 'has no "family"' };
  const containers = td['containerDefinitions'];
  if (!Array.isArray(containers) || containers.length === 0)
    return { problem: 'has no "containerDefinitions"' };
  if (!containers.every((c) => isObject(c) && typeof c['name'] === 'string'))
    return { problem: 'has a container definition without a "name"' };
  return { definition: td };
}

export const containerNames = (td: Json): string[] =>
  (td['containerDefinitions'] as Json[]).map((c) => String(c['name']));

/** What deploy-ecs changes in one container; everything it does not name passes through as it is. */
export interface ContainerChange {
  image?: string;
  /** Set by name: a variable already there takes the new value, others are kept. */
  environment?: Array<{ name: string; value: string }>;
  /** The same, for secrets (Secrets Manager or SSM parameter ARNs). */
  secrets?: Array<{ name: string; valueFrom: string }>;
  command?: string[];
  /** Merged into the container's logConfiguration.options (which the definition must already have). */
  logOptions?: Record<string, string>;
  /** Merged into the container's dockerLabels. */
  dockerLabels?: Record<string, string>;
}

/** Replaces the entries of `list` that share a name with one of `given`, and adds the others. */
function setByName<T extends { name: string }>(list: unknown, given: T[]): T[] {
  const out = Array.isArray(list) ? [...(list as T[])] : [];
  for (const g of given) {
    const at = out.findIndex((x) => x.name === g.name);
    if (at >= 0) out[at] = g;
    else out.push(g);
  }
  return out;
}

/**
 * The definition to register: `base` (a file, or what the service runs now) without the describe-only keys,
 * with each named container changed as `changes` says. Everything else (network mode, ports, placement
 * constraints, resources, the containers not named) passes through as it is.
 */
export function renderTaskDefinition(
  base: Json,
  changes: ReadonlyMap<string, ContainerChange>,
): { problem: string } | { definition: RegisterTaskDefinitionRequest } {
  const td = structuredClone(base);
  for (const key of DESCRIBE_ONLY_KEYS) delete td[key];
  const containers = td['containerDefinitions'] as Json[];
  for (const [name, change] of changes) {
    const container = containers.find((c) => c['name'] === name);
    if (!container)
      return {
        problem: `has no container named ${JSON.stringify(name)}; its containers are ${containerNames(td).join(', ')}`,
      };
    if (change.image !== undefined) container['image'] = change.image;
    if (change.environment)
      container['environment'] = setByName(container['environment'], change.environment);
    if (change.secrets) container['secrets'] = setByName(container['secrets'], change.secrets);
    if (change.command) container['command'] = change.command;
    if (change.logOptions) {
      const log = container['logConfiguration'];
      if (!isObject(log))
        return {
          problem: `has no logConfiguration in container ${name} for log-options to go into; give it a logDriver in the task definition file`,
        };
      log['options'] = { ...(isObject(log['options']) ? log['options'] : {}), ...change.logOptions };
    }
    if (change.dockerLabels)
      container['dockerLabels'] = {
        ...(isObject(container['dockerLabels']) ? container['dockerLabels'] : {}),
        ...change.dockerLabels,
      };
  }
  return { definition: td as unknown as RegisterTaskDefinitionRequest };
}

/** One line for the log and the summary: each container's image and the names it sets (never secret values). */
export function describeChanges(changes: ReadonlyMap<string, ContainerChange>): string {
  return [...changes]
    .map(([name, c]) => {
      const parts = [
        // Stryker disable next-line ConditionalExpression: an undefined image is dropped by filter(Boolean) just as '' is
        c.image !== undefined ? c.image : '',
        c.environment ? `environment ${c.environment.map((e) => e.name).join(', ')}` : '',
        c.secrets ? `secrets ${c.secrets.map((e) => e.name).join(', ')}` : '',
        c.command ? `command ${JSON.stringify(c.command)}` : '',
        c.logOptions ? `log options ${Object.keys(c.logOptions).join(', ')}` : '',
        c.dockerLabels ? `labels ${Object.keys(c.dockerLabels).join(', ')}` : '',
      ].filter(Boolean);
      return `${name} = ${parts.join('; ')}`;
    })
    .join(', ');
}

/** A definition for the job summary: each secret by its name only, without where it comes from. */
export function forSummary(td: RegisterTaskDefinitionRequest): RegisterTaskDefinitionRequest {
  const copy = structuredClone(td);
  for (const c of copy.containerDefinitions ?? [])
    if (c.secrets) c.secrets = c.secrets.map((x) => ({ name: x.name, valueFrom: '(not shown)' }));
  return copy;
}

/** The image of the named container, or undefined. */
export function imageOf(td: Json, containerName: string): string | undefined {
  const c = (td['containerDefinitions'] as Json[] | undefined)?.find((x) => x['name'] === containerName);
  return typeof c?.['image'] === 'string' ? c['image'] : undefined;
}

const isEmpty = (v: unknown): boolean =>
  // Stryker disable next-line ConditionalExpression: canonical() keeps an undefined member, but JSON.stringify then drops it, so the text is the same
  v === undefined ||
  v === null ||
  (Array.isArray(v) && v.length === 0) ||
  (isObject(v) && Object.keys(v).length === 0);

/** Drops empty values and sorts keys, so that equal definitions serialise equally. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v instanceof Date) return v.toISOString();
  if (!isObject(v)) return v;
  const out: Json = {};
  for (const k of Object.keys(v).sort()) {
    const c = canonical(v[k]);
    if (!isEmpty(c)) out[k] = c;
  }
  return out;
}

const byName = (a: unknown, b: unknown): number =>
  String((a as Json)['name']).localeCompare(String((b as Json)['name']));

/** Deletes the members of `o` that hold their documented default: they mean what leaving them out means. */
function dropDefaults(o: unknown, defaults: Json): void {
  if (!isObject(o)) return;
  for (const [k, v] of Object.entries(defaults)) if (o[k] === v) delete o[k];
}

// The defaults the ECS API reference documents, which DescribeTaskDefinition may return filled in:
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TaskDefinition.html (networkMode bridge,
// enableFaultInjection false), API_ContainerDefinition.html (essential true, versionConsistency enabled; cpu 0
// is what ECS fills in), API_PortMapping.html (protocol tcp), API_HealthCheck.html (interval 30, timeout 5,
// retries 3, startPeriod off), API_MountPoint.html and API_VolumeFrom.html (readOnly false),
// API_EFSVolumeConfiguration.html (rootDirectory /, transitEncryption and iam DISABLED).
const TASK_DEFAULTS: Json = { networkMode: 'bridge', enableFaultInjection: false };
const CONTAINER_DEFAULTS: Json = { essential: true, cpu: 0, versionConsistency: 'enabled' };
const HEALTH_CHECK_DEFAULTS: Json = { interval: 30, timeout: 5, retries: 3, startPeriod: 0 };
const EFS_DEFAULTS: Json = { rootDirectory: '/', transitEncryption: 'DISABLED' };

const list = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);

/**
 * A definition with what ECS fills in on registration taken out (describe-only keys, members that hold their
 * documented default, host ports that are implied, empty lists), and name-keyed lists sorted. Two definitions
 * that normalise equally run the same tasks.
 */
export function normaliseTaskDefinition(td: Json): string {
  const copy = structuredClone(td);
  for (const key of DESCRIBE_ONLY_KEYS) delete copy[key];
  delete copy['tags'];
  const mode = (copy['networkMode'] as string | undefined) ?? 'bridge';
  dropDefaults(copy, TASK_DEFAULTS);
  for (const v of list(copy['volumes'])) {
    const efs = v['efsVolumeConfiguration'];
    dropDefaults(efs, EFS_DEFAULTS);
    if (isObject(efs)) dropDefaults(efs['authorizationConfig'], { iam: 'DISABLED' });
  }
  for (const c of list(copy['containerDefinitions'])) {
    dropDefaults(c, CONTAINER_DEFAULTS);
    dropDefaults(c['healthCheck'], HEALTH_CHECK_DEFAULTS);
    for (const m of [...list(c['mountPoints']), ...list(c['volumesFrom'])])
      dropDefaults(m, { readOnly: false });
    for (const key of ['environment', 'secrets']) if (Array.isArray(c[key])) (c[key] as Json[]).sort(byName);
    for (const p of list(c['portMappings'])) {
      if (p['protocol'] === 'tcp') delete p['protocol'];
      const implied = mode === 'bridge' ? p['hostPort'] === 0 : p['hostPort'] === p['containerPort'];
      if (implied) delete p['hostPort'];
    }
  }
  return JSON.stringify(canonical(copy));
}

export const sameTaskDefinition = (a: Json, b: Json): boolean =>
  normaliseTaskDefinition(a) === normaliseTaskDefinition(b);
