import * as sdk from '@aws-sdk/client-ec2';
import { SimService } from '../account.js';
import type {
  AppBehaviour,
  Provisioner,
  RegionState,
  SimImage,
  SimInstance,
  SimSnapshot,
} from './ec2-model.js';
import { emptyRegion } from './ec2-model.js';
import { resourceTagContext } from '../resource-arns.js';

/** How long the simulated EC2 takes for each transition (virtual time). */
export const EC2_TIMING = {
  pendingMs: 30_000,
  /** From running until user-data starts and an application begins to listen. */
  bootMs: 40_000,
  stoppingMs: 20_000,
  shuttingDownMs: 20_000,
  createImageMs: 4 * 60_000,
  copyImageMs: 9 * 60_000,
};

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');

/**
 * The state every part of the EC2 simulator shares: the regions, id generation, the factories that make
 * resources and the lookups that throw AWS's errors. The API calls live in ec2-<resource>.ts, one layer each.
 */
export abstract class Ec2Base extends SimService {
  readonly clientName = 'EC2Client';
  readonly iamPrefix = 'ec2';
  readonly sdk = sdk as unknown as Record<string, unknown>;
  // https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html: RequestLimitExceeded, HTTP 503.
  readonly throttle = { name: 'RequestLimitExceeded', status: 503 };
  protected readonly regions = new Map<string, RegionState>();
  protected readonly provisioners: Provisioner[] = [];
  protected readonly apps = new Map<string, AppBehaviour>();
  protected readonly launchFailures = new Map<string, string>();
  protected seq = 0;
  /** Snapshots the caller may not delete (see denySnapshotDeletion). */
  protected readonly undeletableSnapshots = new Set<string>();

  // ---- set-up and inspection (not API calls) ----

  region(name: string): RegionState {
    let r = this.regions.get(name);
    if (!r) this.regions.set(name, (r = emptyRegion()));
    return r;
  }

  /** The key EBS uses when a volume is encrypted without a KmsKeyId: the AWS managed key aws/ebs. */
  defaultEbsKey(region: string): string {
    return `arn:aws:kms:${region}:${this.account.accountId}:key/aws-ebs-managed`;
  }

  isDefaultKey(region: string, keyId: string | undefined): boolean {
    return keyId === undefined || keyId === 'alias/aws/ebs' || keyId === this.defaultEbsKey(region);
  }

  protected id(prefix: string): string {
    return `${prefix}-0${hex(++this.seq, 16)}`;
  }
  /**
   * Records a permission IAM checks on the caller inside another call (e.g. ec2:DeleteSnapshot on each
   * snapshot DeregisterImage deletes), as a call of the action that made the outer one, for the IAM tests.
   */
  protected authorise(
    action: string,
    region: string,
    type: 'image' | 'snapshot',
    id: string,
    tags: Map<string, string> | undefined,
    within: Record<string, string>,
  ): void {
    const outer = this.account.calls.at(-1);
    this.account.calls.push({
      service: this.iamPrefix,
      action,
      region,
      t: this.now,
      input: { ...within, [`${type === 'image' ? 'Image' : 'Snapshot'}Id`]: id },
      resources: [{ arn: `arn:aws:ec2:${region}::${type}/${id}`, context: resourceTagContext(tags) }],
      ...(outer?.by !== undefined ? { by: outer.by } : {}),
    });
  }

  allRegions(): string[] {
    return [...this.regions.keys()];
  }

  // ---- factories ----

  protected newSnapshot(
    region: string,
    o: {
      sizeGiB: number;
      encrypted: boolean;
      kmsKeyId: string | undefined;
      completedAt: number;
      created: boolean;
    },
  ): SimSnapshot {
    const s: SimSnapshot = {
      id: this.id('snap'),
      region,
      ...o,
      state: 'pending',
      createVolumeUserIds: new Set(),
      tags: new Map(),
      startTime: this.now,
    };
    this.region(region).snapshots.set(s.id, s);
    return s;
  }

  protected newImage(
    region: string,
    o: {
      name: string;
      ownerId: string;
      ownerAlias?: string | undefined;
      snapshotIds: string[];
      availableAt: number;
      created: boolean;
      architecture: string;
      description?: string | undefined;
      sourceImageId?: string | undefined;
      sourceRegion?: string | undefined;
    },
  ): SimImage {
    const image: SimImage = {
      id: this.id('ami'),
      region,
      name: o.name,
      description: o.description ?? '',
      ownerId: o.ownerId,
      ownerAlias: o.ownerAlias,
      state: 'pending',
      stateReason: undefined,
      availableAt: o.availableAt,
      createdAt: this.now,
      architecture: o.architecture,
      rootDeviceName: '/dev/xvda',
      snapshotIds: o.snapshotIds,
      tags: new Map(),
      launchUserIds: new Set(),
      launchOrgArns: new Set(),
      launchOuArns: new Set(),
      deprecateAt: undefined,
      sourceImageId: o.sourceImageId,
      sourceRegion: o.sourceRegion,
      created: o.created,
    };
    this.region(region).images.set(image.id, image);
    return image;
  }

  // ---- lookups that throw AWS's errors ----

  protected findImage(region: string, id: string): SimImage {
    if (!/^ami-[0-9a-f]{8,17}$/.test(id)) throw this.error('InvalidAMIID.Malformed', `Invalid id: "${id}"`);
    const image = this.region(region).images.get(id);
    if (!image || image.state === 'deregistered')
      throw this.error('InvalidAMIID.NotFound', `The image id '[${id}]' does not exist`);
    return image;
  }

  protected findInstance(region: string, id: string): SimInstance {
    if (!/^i-[0-9a-f]{8,17}$/.test(id))
      throw this.error('InvalidInstanceID.Malformed', `Invalid id: "${id}"`);
    const i = this.region(region).instances.get(id);
    if (!i) throw this.error('InvalidInstanceID.NotFound', `The instance ID '${id}' does not exist`);
    return i;
  }

  protected findSnapshot(region: string, id: string): SimSnapshot {
    const s = this.region(region).snapshots.get(id);
    if (!s) throw this.error('InvalidSnapshot.NotFound', `The snapshot '${id}' does not exist.`);
    return s;
  }
}
