import type * as sdk from '@aws-sdk/client-ec2';

/** The EC2 state the simulator keeps per region. */
export type InstanceStateName =
  'pending' | 'running' | 'shutting-down' | 'terminated' | 'stopping' | 'stopped';

// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_InstanceState.html
export const STATE_CODE: Record<InstanceStateName, number> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

/** What a builder's user-data does once the instance boots: scripted per user-data by the scenario. */
export interface ProvisionOutcome {
  /** How long the script runs after boot. */
  durationMs: number;
  /** Lines it writes to the serial console. */
  console: string[];
  /** Whether it powers the instance off at the end (an instance-initiated shutdown). */
  powerOff: boolean;
}

export type Provisioner = (userData: string, instance: SimInstance) => ProvisionOutcome | undefined;

/** Whether the application on an instance answers its health check, and the ELB reason code when not. */
export interface AppHealth {
  up: boolean;
  reason?: 'Target.ResponseCodeMismatch' | 'Target.Timeout' | 'Target.FailedHealthChecks';
}

export type AppBehaviour = (instance: SimInstance, now: number) => AppHealth;

export interface Volume {
  id: string;
  deviceName: string;
  /** Whether terminating the instance deletes the volume; when not, it stays, `available`, and costs money. */
  deleteOnTermination: boolean;
  sizeGiB: number;
  encrypted: boolean;
  kmsKeyId: string | undefined;
}

export interface SimInstance {
  id: string;
  region: string;
  imageId: string;
  instanceType: string;
  state: InstanceStateName;
  stateSince: number;
  launchTime: number;
  runningAt: number | undefined;
  subnetId: string;
  securityGroupIds: string[];
  iamInstanceProfile: string | undefined;
  shutdownBehavior: 'stop' | 'terminate';
  /** Decoded user-data, as the instance's cloud-init reads it. */
  userData: string;
  tags: Map<string, string>;
  launchTemplate: { id: string; name: string; version: number } | undefined;
  console: string[];
  provision: ProvisionOutcome | undefined;
  provisionDone: boolean;
  root: Volume;
  /** `api` for RunInstances; `autoscaling` for instances a group launched. */
  launchedBy: 'api' | 'autoscaling';
  /** Why it last changed state, e.g. Client.InstanceInitiatedShutdown. */
  stateReason: string | undefined;
}

export interface SimSnapshot {
  id: string;
  region: string;
  sizeGiB: number;
  encrypted: boolean;
  kmsKeyId: string | undefined;
  state: 'pending' | 'completed' | 'error';
  completedAt: number;
  createVolumeUserIds: Set<string>;
  tags: Map<string, string>;
  /** Made by the account's own calls (CreateImage/CopyImage) rather than seeded, so it can be orphaned. */
  created: boolean;
  startTime: number;
}

export interface SimImage {
  id: string;
  region: string;
  name: string;
  description: string;
  ownerId: string;
  ownerAlias: string | undefined;
  state: 'pending' | 'available' | 'failed' | 'deregistered';
  stateReason: string | undefined;
  availableAt: number;
  createdAt: number;
  architecture: string;
  rootDeviceName: string;
  snapshotIds: string[];
  tags: Map<string, string>;
  launchUserIds: Set<string>;
  launchOrgArns: Set<string>;
  launchOuArns: Set<string>;
  deprecateAt: number | undefined;
  sourceImageId: string | undefined;
  sourceRegion: string | undefined;
  created: boolean;
}

export interface LaunchTemplateVersionRecord {
  number: number;
  description: string | undefined;
  data: sdk.ResponseLaunchTemplateData;
  createdAt: number;
}

export interface SimLaunchTemplate {
  id: string;
  name: string;
  region: string;
  createdAt: number;
  defaultVersion: number;
  latestVersion: number;
  versions: Map<number, LaunchTemplateVersionRecord>;
  tags: Map<string, string>;
}

export interface RegionState {
  images: Map<string, SimImage>;
  snapshots: Map<string, SimSnapshot>;
  instances: Map<string, SimInstance>;
  launchTemplates: Map<string, SimLaunchTemplate>;
  /** ClientToken → the reservation RunInstances made for it (idempotency). */
  runTokens: Map<string, { signature: string; reservationId: string; instanceIds: string[] }>;
  /** ClientToken → the image CopyImage made for it. */
  copyTokens: Map<string, { signature: string; imageId: string }>;
}

export function emptyRegion(): RegionState {
  return {
    images: new Map(),
    snapshots: new Map(),
    instances: new Map(),
    launchTemplates: new Map(),
    runTokens: new Map(),
    copyTokens: new Map(),
  };
}

export const tagList = (tags: Map<string, string>): sdk.Tag[] =>
  [...tags].map(([Key, Value]) => ({ Key, Value }));

/** Tags from TagSpecifications for one resource type. */
export function specTags(specs: sdk.TagSpecification[] | undefined, type: string): Map<string, string> {
  const tags = new Map<string, string>();
  for (const s of specs ?? [])
    if (s.ResourceType === type) for (const t of s.Tags ?? []) tags.set(t.Key!, t.Value ?? '');
  return tags;
}

/** EC2 filter values take `*` and `?` wildcards. */
function wildcard(pattern: string): RegExp {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`);
}

/**
 * Applies EC2 filters: each filter must match (AND), any of its values may match (OR), as
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Query-Requests.html#query-filtering describes.
 * `fields` maps a filter name to the resource's values for it; tag:<key> and tag-key read `tags`.
 */
export function matchesFilters(
  filters: sdk.Filter[] | undefined,
  tags: Map<string, string>,
  fields: Record<string, string | string[] | undefined>,
): boolean {
  for (const f of filters ?? []) {
    const name = f.Name ?? '';
    const values = (f.Values ?? []).map(wildcard);
    let have: string[];
    if (name.startsWith('tag:')) {
      const v = tags.get(name.slice(4));
      have = v === undefined ? [] : [v];
    } else if (name === 'tag-key') have = [...tags.keys()];
    else if (name === 'tag-value') have = [...tags.values()];
    else if (name in fields) {
      const v = fields[name];
      have = v === undefined ? [] : Array.isArray(v) ? v : [v];
    } else throw new Error(`simulator: EC2 filter ${name} is not modelled`);
    if (!have.some((h) => values.some((re) => re.test(h)))) return false;
  }
  return true;
}

/** One page of `items` for MaxResults/NextToken (the token is an offset, as opaque to callers as AWS's). */
export function page<T>(
  items: T[],
  input: { MaxResults?: number | undefined; NextToken?: string | undefined },
  fallbackMax = 1000,
): { items: T[]; NextToken?: string } {
  const start = input.NextToken ? Number(input.NextToken) : 0;
  const max = input.MaxResults ?? fallbackMax;
  const slice = items.slice(start, start + max);
  return start + max < items.length ? { items: slice, NextToken: String(start + max) } : { items: slice };
}
