import * as sdk from '@aws-sdk/client-ec2';
import { SimService } from '../account.js';
import type {
  AppBehaviour,
  AppHealth,
  InstanceStateName,
  Provisioner,
  RegionState,
  SimImage,
  SimInstance,
  SimLaunchTemplate,
  SimSnapshot,
  Volume,
} from './ec2-model.js';
import { emptyRegion, matchesFilters, page, specTags, STATE_CODE, tagList } from './ec2-model.js';

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

const USER_DATA_MAX_BYTES = 16 * 1024;
const AMI_NAME = /^[a-zA-Z0-9()[\]./\-'@_ ]{3,128}$/;

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');

/**
 * EC2 as its API reference documents it, per region: AMIs (pending → available, copies across regions,
 * launch permissions, deprecation), EBS snapshots (create-volume permissions), instances (pending →
 * running → stopping → stopped, shutting-down → terminated) with user-data, console output and
 * instance-initiated shutdown, and launch templates with numbered versions.
 *
 * What a builder's user-data does is scripted by `provision` (the simulator runs no shell); what the
 * application on an instance answers is scripted per AMI by `app`.
 */
export class Ec2Sim extends SimService {
  readonly clientName = 'EC2Client';
  readonly iamPrefix = 'ec2';
  readonly sdk = sdk as unknown as Record<string, unknown>;
  // https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html: RequestLimitExceeded, HTTP 503.
  readonly throttle = { name: 'RequestLimitExceeded', status: 503 };
  private readonly regions = new Map<string, RegionState>();
  private readonly provisioners: Provisioner[] = [];
  private readonly apps = new Map<string, AppBehaviour>();
  private readonly launchFailures = new Map<string, string>();
  private seq = 0;

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

  private id(prefix: string): string {
    return `${prefix}-0${hex(++this.seq, 16)}`;
  }

  /** An available AMI that exists before the scenario (a base image, or one a previous run made). */
  addImage(
    region: string,
    o: {
      name: string;
      ownerId?: string;
      ownerAlias?: string;
      tags?: Record<string, string>;
      sizeGiB?: number;
      encrypted?: boolean;
      kmsKeyId?: string;
      createdAt?: number;
      architecture?: string;
    },
  ): SimImage {
    const encrypted = o.encrypted ?? false;
    const snap = this.newSnapshot(region, {
      sizeGiB: o.sizeGiB ?? 8,
      encrypted,
      kmsKeyId: encrypted ? (o.kmsKeyId ?? this.defaultEbsKey(region)) : undefined,
      completedAt: this.now,
      created: false,
    });
    snap.state = 'completed';
    const image = this.newImage(region, {
      name: o.name,
      ownerId: o.ownerId ?? this.account.accountId,
      ownerAlias: o.ownerAlias,
      snapshotIds: [snap.id],
      availableAt: this.now,
      created: false,
      architecture: o.architecture ?? 'x86_64',
    });
    image.state = 'available';
    if (o.createdAt !== undefined) image.createdAt = o.createdAt;
    for (const [k, v] of Object.entries(o.tags ?? {})) image.tags.set(k, v);
    return image;
  }

  /** A launch template that exists before the scenario, with version 1 as its default. */
  addLaunchTemplate(region: string, name: string, data: sdk.ResponseLaunchTemplateData): SimLaunchTemplate {
    const lt: SimLaunchTemplate = {
      id: this.id('lt'),
      name,
      region,
      createdAt: this.now,
      defaultVersion: 1,
      latestVersion: 1,
      versions: new Map([[1, { number: 1, description: undefined, data, createdAt: this.now }]]),
      tags: new Map(),
    };
    this.region(region).launchTemplates.set(lt.id, lt);
    return lt;
  }

  /** Scripts what builders' user-data does; the first provisioner that answers wins. */
  provision(p: Provisioner): void {
    this.provisioners.push(p);
  }

  /** Scripts the application baked into `imageId`. The default is up once the instance has booted. */
  app(imageId: string, behaviour: AppBehaviour): void {
    this.apps.set(imageId, behaviour);
  }

  /** Launches from `imageId` fail with `reason`, as a scaling activity would report it. */
  failLaunches(imageId: string, reason: string): void {
    this.launchFailures.set(imageId, reason);
  }

  image(region: string, id: string): SimImage | undefined {
    return this.region(region).images.get(id);
  }

  instance(region: string, id: string): SimInstance | undefined {
    return this.region(region).instances.get(id);
  }

  allRegions(): string[] {
    return [...this.regions.keys()];
  }

  /** The instance with this id in whichever region holds it (ids are unique across regions). */
  findAnywhere(instanceId: string): SimInstance | undefined {
    for (const r of this.regions.values()) {
      const i = r.instances.get(instanceId);
      if (i) return i;
    }
    return undefined;
  }

  /**
   * The application's answer on an instance at time `at` (a health check may be evaluated for a moment
   * just past): down unless the instance was running and booted then.
   */
  appHealth(instanceId: string, at = this.now): AppHealth {
    const i = this.findAnywhere(instanceId);
    if (!i || i.runningAt === undefined || at < i.runningAt) return { up: false, reason: 'Target.Timeout' };
    const stillRunning = i.state === 'running' || i.stateSince > at;
    if (!stillRunning) return { up: false, reason: 'Target.Timeout' };
    if (at < i.runningAt + EC2_TIMING.bootMs) return { up: false, reason: 'Target.Timeout' };
    const behaviour = this.apps.get(i.imageId);
    return behaviour ? behaviour(i, at) : { up: true };
  }

  // ---- internals shared with Auto Scaling ----

  resolveTemplate(
    region: string,
    spec: { LaunchTemplateId?: string | undefined; LaunchTemplateName?: string | undefined },
  ): SimLaunchTemplate {
    const r = this.region(region);
    if (spec.LaunchTemplateId) {
      const lt = r.launchTemplates.get(spec.LaunchTemplateId);
      if (!lt)
        throw this.error(
          'InvalidLaunchTemplateId.NotFound',
          `The specified launch template, with template ID ${spec.LaunchTemplateId}, does not exist.`,
        );
      return lt;
    }
    const lt = [...r.launchTemplates.values()].find((t) => t.name === spec.LaunchTemplateName);
    if (!lt)
      throw this.error(
        'InvalidLaunchTemplateName.NotFoundException',
        `The specified launch template, with template name ${spec.LaunchTemplateName}, does not exist.`,
      );
    return lt;
  }

  /** A version by number, $Latest or $Default (the empty version means $Default). */
  versionNumber(lt: SimLaunchTemplate, version: string | undefined): number {
    if (version === undefined || version === '' || version === '$Default') return lt.defaultVersion;
    if (version === '$Latest') return lt.latestVersion;
    const n = Number(version);
    if (!Number.isInteger(n) || !lt.versions.has(n))
      throw this.error(
        'InvalidLaunchTemplateId.VersionNotFound',
        `Could not find launch template version ${version} for template ${lt.id}`,
      );
    return n;
  }

  /**
   * Launches one instance for an Auto Scaling group. Returns the instance, or the status message a failed
   * scaling activity shows (an unknown AMI, a scripted failure).
   */
  launchForGroup(
    region: string,
    spec: {
      LaunchTemplateId?: string | undefined;
      LaunchTemplateName?: string | undefined;
      Version?: string | undefined;
    },
    subnetId: string,
    tags: Map<string, string>,
    options: { alreadyRunning?: boolean } = {},
  ): SimInstance | string {
    let lt: SimLaunchTemplate;
    let number: number;
    try {
      lt = this.resolveTemplate(region, spec);
      number = this.versionNumber(lt, spec.Version);
    } catch (err) {
      return (err as Error).message;
    }
    const data = lt.versions.get(number)!.data;
    const imageId = data.ImageId ?? '';
    const image = this.region(region).images.get(imageId);
    if (!image || image.state === 'deregistered')
      return `The image id '[${imageId}]' does not exist. Launching EC2 instance failed.`;
    if (image.state !== 'available')
      return `The image id '[${imageId}]' is not available (state ${image.state}). Launching EC2 instance failed.`;
    const scripted = this.launchFailures.get(imageId);
    if (scripted) return `${scripted}. Launching EC2 instance failed.`;
    const snap = this.region(region).snapshots.get(image.snapshotIds[0] ?? '');
    const instance = this.newInstance(region, {
      imageId,
      instanceType: data.InstanceType ?? 't3.micro',
      subnetId,
      securityGroupIds: data.SecurityGroupIds ?? [],
      iamInstanceProfile: data.IamInstanceProfile?.Name ?? data.IamInstanceProfile?.Arn,
      shutdownBehavior: data.InstanceInitiatedShutdownBehavior === 'stop' ? 'stop' : 'terminate',
      userData: data.UserData ? Buffer.from(data.UserData, 'base64').toString('utf8') : '',
      tags,
      launchTemplate: { id: lt.id, name: lt.name, version: number },
      root: {
        id: this.id('vol'),
        deviceName: image.rootDeviceName,
        // An AMI's own root mapping deletes the volume with the instance, as Amazon's images do.
        deleteOnTermination: true,
        sizeGiB: snap?.sizeGiB ?? 8,
        encrypted: snap?.encrypted ?? false,
        kmsKeyId: snap?.kmsKeyId,
      },
      launchedBy: 'autoscaling',
    });
    // Scenario set-up: an instance that has been serving for an hour.
    if (options.alreadyRunning) {
      const since = this.now - 3_600_000;
      Object.assign(instance, { launchTime: since, stateSince: since, runningAt: since, state: 'running' });
    }
    return instance;
  }

  /** Begins terminating an instance (Auto Scaling's termination, or TerminateInstances). */
  beginTerminate(i: SimInstance, reason: string): InstanceStateName {
    const previous = i.state;
    if (i.state !== 'terminated' && i.state !== 'shutting-down')
      this.moveTo(i, 'shutting-down', this.now, reason);
    return previous;
  }

  // ---- state machines ----

  private moveTo(i: SimInstance, state: InstanceStateName, at: number, reason?: string): void {
    i.state = state;
    i.stateSince = at;
    if (reason !== undefined) i.stateReason = reason;

    if (state === 'running') {
      i.runningAt = at;
      i.console.push(
        '[    0.000000] Linux version 6.1.0 (simulated)',
        'cloud-init: running modules for final',
      );
    }
  }

  override tick(now: number): void {
    for (const r of this.regions.values()) {
      for (const i of r.instances.values()) this.advanceInstance(i, now);
      for (const image of r.images.values())
        if (image.state === 'pending' && now >= image.availableAt) image.state = 'available';
      for (const s of r.snapshots.values())
        if (s.state === 'pending' && now >= s.completedAt) s.state = 'completed';
    }
  }

  /** Moves one instance through every transition due by `now`, each at its own exact time. */
  private advanceInstance(i: SimInstance, now: number): void {
    for (;;) {
      const since = i.stateSince;
      if (i.state === 'pending' && now >= since + EC2_TIMING.pendingMs) {
        this.moveTo(i, 'running', since + EC2_TIMING.pendingMs);
        continue;
      }
      if (i.state === 'running' && i.provision && !i.provisionDone) {
        const doneAt = i.runningAt! + EC2_TIMING.bootMs + i.provision.durationMs;
        if (now < doneAt) return;
        i.provisionDone = true;
        i.console.push(...i.provision.console);
        if (i.provision.powerOff)
          // An instance-initiated shutdown stops or terminates it per InstanceInitiatedShutdownBehavior.
          this.moveTo(
            i,
            i.shutdownBehavior === 'stop' ? 'stopping' : 'shutting-down',
            doneAt,
            'Client.InstanceInitiatedShutdown: Instance initiated shutdown',
          );
        continue;
      }
      if (i.state === 'stopping' && now >= since + EC2_TIMING.stoppingMs) {
        this.moveTo(i, 'stopped', since + EC2_TIMING.stoppingMs);
        continue;
      }
      if (i.state === 'shutting-down' && now >= since + EC2_TIMING.shuttingDownMs) {
        this.moveTo(i, 'terminated', since + EC2_TIMING.shuttingDownMs);
        continue;
      }
      return;
    }
  }

  override orphans(): string[] {
    const out: string[] = [];
    for (const [name, r] of this.regions) {
      for (const i of r.instances.values())
        if (i.launchedBy === 'api' && i.state !== 'terminated' && i.state !== 'shutting-down')
          out.push(`ec2 instance ${i.id} (${i.state}) in ${name}`);
      // https://docs.aws.amazon.com/ebs/latest/userguide/ebs-deleting-volume.html: a volume whose
      // DeleteOnTermination is false outlives its instance, detached and still billed.
      for (const i of r.instances.values())
        if ((i.state === 'terminated' || i.state === 'shutting-down') && !i.root.deleteOnTermination)
          out.push(`ec2 volume ${i.root.id} kept by ${i.state} ${i.id} in ${name}`);
      for (const image of r.images.values())
        if (image.state === 'pending') out.push(`ec2 pending AMI ${image.id} in ${name}`);
      const used = new Set(
        [...r.images.values()].filter((i) => i.state !== 'deregistered').flatMap((i) => i.snapshotIds),
      );
      for (const s of r.snapshots.values())
        if (s.created && !used.has(s.id)) out.push(`ec2 snapshot ${s.id} of no AMI in ${name}`);
    }
    return out;
  }

  // ---- factories ----

  private newSnapshot(
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

  private newImage(
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

  private newInstance(
    region: string,
    o: Omit<
      SimInstance,
      | 'id'
      | 'region'
      | 'state'
      | 'stateSince'
      | 'launchTime'
      | 'runningAt'
      | 'console'
      | 'provision'
      | 'provisionDone'
      | 'stateReason'
    >,
  ): SimInstance {
    const i: SimInstance = {
      ...o,
      id: this.id('i'),
      region,
      state: 'pending',
      stateSince: this.now,
      launchTime: this.now,
      runningAt: undefined,
      console: [],
      provision: undefined,
      provisionDone: false,
      stateReason: undefined,
    };
    if (o.userData)
      for (const p of this.provisioners) {
        const outcome = p(o.userData, i);
        if (outcome) {
          i.provision = outcome;
          break;
        }
      }
    this.region(region).instances.set(i.id, i);
    return i;
  }

  // ---- lookups that throw AWS's errors ----

  private findImage(region: string, id: string): SimImage {
    if (!/^ami-[0-9a-f]{8,17}$/.test(id)) throw this.error('InvalidAMIID.Malformed', `Invalid id: "${id}"`);
    const image = this.region(region).images.get(id);
    if (!image || image.state === 'deregistered')
      throw this.error('InvalidAMIID.NotFound', `The image id '[${id}]' does not exist`);
    return image;
  }

  private findInstance(region: string, id: string): SimInstance {
    if (!/^i-[0-9a-f]{8,17}$/.test(id))
      throw this.error('InvalidInstanceID.Malformed', `Invalid id: "${id}"`);
    const i = this.region(region).instances.get(id);
    if (!i) throw this.error('InvalidInstanceID.NotFound', `The instance ID '${id}' does not exist`);
    return i;
  }

  private findSnapshot(region: string, id: string): SimSnapshot {
    const s = this.region(region).snapshots.get(id);
    if (!s) throw this.error('InvalidSnapshot.NotFound', `The snapshot '${id}' does not exist.`);
    return s;
  }

  // ---- outputs ----

  private imageOut(image: SimImage): sdk.Image {
    const snaps = image.snapshotIds.map((id) => this.region(image.region).snapshots.get(id));
    return {
      ImageId: image.id,
      Name: image.name,
      Description: image.description,
      OwnerId: image.ownerId,
      ...(image.ownerAlias ? { ImageOwnerAlias: image.ownerAlias } : {}),
      State: image.state as sdk.ImageState,
      ...(image.stateReason ? { StateReason: { Code: 'Server.Error', Message: image.stateReason } } : {}),
      CreationDate: new Date(image.createdAt).toISOString(),
      Architecture: image.architecture as sdk.ArchitectureValues,
      RootDeviceType: 'ebs',
      RootDeviceName: image.rootDeviceName,
      VirtualizationType: 'hvm',
      Public: false,
      BlockDeviceMappings: snaps.map((s, n) => ({
        DeviceName: n === 0 ? image.rootDeviceName : `/dev/sd${String.fromCharCode(98 + n)}`,
        Ebs: {
          SnapshotId: s?.id,
          VolumeSize: s?.sizeGiB,
          VolumeType: 'gp3',
          DeleteOnTermination: true,
          Encrypted: s?.encrypted ?? false,
          ...(s?.kmsKeyId ? { KmsKeyId: s.kmsKeyId } : {}),
        },
      })),
      Tags: tagList(image.tags),
      ...(image.deprecateAt !== undefined
        ? { DeprecationTime: new Date(image.deprecateAt).toISOString() }
        : {}),
      ...(image.sourceImageId
        ? { SourceImageId: image.sourceImageId, SourceImageRegion: image.sourceRegion }
        : {}),
    };
  }

  private instanceOut(i: SimInstance): sdk.Instance {
    return {
      InstanceId: i.id,
      ImageId: i.imageId,
      InstanceType: i.instanceType as sdk._InstanceType,
      State: { Name: i.state, Code: STATE_CODE[i.state] },
      ...(i.stateReason
        ? { StateReason: { Code: i.stateReason.split(':')[0], Message: i.stateReason } }
        : {}),
      LaunchTime: new Date(i.launchTime),
      SubnetId: i.subnetId,
      SecurityGroups: i.securityGroupIds.map((GroupId) => ({ GroupId })),
      RootDeviceName: i.root.deviceName,
      PrivateIpAddress: `10.0.${(Number.parseInt(i.id.slice(-4), 16) >> 8) & 255}.${Number.parseInt(i.id.slice(-2), 16)}`,
      Tags: tagList(i.tags),
      ...(i.iamInstanceProfile ? { IamInstanceProfile: { Arn: i.iamInstanceProfile } } : {}),
    };
  }

  // ---- images ----

  DescribeImages(input: sdk.DescribeImagesRequest, region: string): sdk.DescribeImagesResult {
    const r = this.region(region);
    let images: SimImage[];
    if (input.ImageIds?.length) {
      for (const id of input.ImageIds)
        if (!/^ami-[0-9a-f]{8,17}$/.test(id))
          throw this.error('InvalidAMIID.Malformed', `Invalid id: "${id}"`);
      const missing = input.ImageIds.filter((id) => !r.images.has(id));
      if (missing.length)
        throw this.error('InvalidAMIID.NotFound', `The image id '[${missing.join(', ')}]' does not exist`);
      images = input.ImageIds.map((id) => r.images.get(id)!);
    } else images = [...r.images.values()];
    // Deregistered AMIs drop out of the results (AWS shows them briefly, then returns nothing).
    images = images.filter((i) => i.state !== 'deregistered');
    if (input.Owners?.length) {
      const owners = input.Owners.map((o) => (o === 'self' ? this.account.accountId : o));
      images = images.filter(
        (i) => owners.includes(i.ownerId) || (i.ownerAlias && owners.includes(i.ownerAlias)),
      );
    }
    images = images.filter((i) =>
      matchesFilters(input.Filters, i.tags, {
        name: i.name,
        state: i.state,
        'image-id': i.id,
        'owner-id': i.ownerId,
        'owner-alias': i.ownerAlias,
        architecture: i.architecture,
        'is-public': 'false',
      }),
    );
    const p = page(images, input);
    return {
      Images: p.items.map((i) => this.imageOut(i)),
      ...(p.NextToken ? { NextToken: p.NextToken } : {}),
    };
  }

  CreateImage(input: sdk.CreateImageRequest, region: string): sdk.CreateImageResult {
    const i = this.findInstance(region, input.InstanceId!);
    if (i.state !== 'running' && i.state !== 'stopped')
      throw this.error(
        'IncorrectInstanceState',
        `The instance '${i.id}' is not in the 'running' or 'stopped' state.`,
      );
    const name = input.Name ?? '';
    if (!AMI_NAME.test(name))
      throw this.error(
        'InvalidAMIName.Malformed',
        `AMI names must be between 3 and 128 characters long, and may contain letters, numbers, '(', ')', '.', '-', '/' and '_'`,
      );
    this.assertNameFree(region, name);
    const snap = this.newSnapshot(region, {
      sizeGiB: i.root.sizeGiB,
      encrypted: i.root.encrypted,
      kmsKeyId: i.root.kmsKeyId,
      completedAt: this.now + EC2_TIMING.createImageMs,
      created: true,
    });
    for (const [k, v] of specTags(input.TagSpecifications, 'snapshot')) snap.tags.set(k, v);
    const image = this.newImage(region, {
      name,
      description: input.Description,
      ownerId: this.account.accountId,
      snapshotIds: [snap.id],
      availableAt: this.now + EC2_TIMING.createImageMs,
      created: true,
      architecture: this.region(region).images.get(i.imageId)?.architecture ?? 'x86_64',
    });
    for (const [k, v] of specTags(input.TagSpecifications, 'image')) image.tags.set(k, v);
    return { ImageId: image.id };
  }

  private assertNameFree(region: string, name: string): void {
    const taken = [...this.region(region).images.values()].some(
      (x) => x.name === name && x.ownerId === this.account.accountId && x.state !== 'deregistered',
    );
    if (taken)
      throw this.error(
        'InvalidAMIName.Duplicate',
        `AMI name ${name} is already in use by an AMI in ${region}`,
      );
  }

  /**
   * Called in the destination region. https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CopyImage.html:
   * ClientToken makes it idempotent; an encrypted source or Encrypted=true gives encrypted snapshots, with
   * KmsKeyId or else the destination's default EBS key.
   */
  CopyImage(input: sdk.CopyImageRequest, region: string): sdk.CopyImageResult {
    const r = this.region(region);
    const signature = JSON.stringify([input.SourceRegion, input.SourceImageId, input.Name, input.KmsKeyId]);
    if (input.ClientToken) {
      const known = r.copyTokens.get(input.ClientToken);
      if (known) {
        if (known.signature !== signature)
          throw this.error(
            'IdempotentParameterMismatch',
            'The client token was used with different parameters',
          );
        return { ImageId: known.imageId };
      }
    }
    const source = this.findImage(input.SourceRegion!, input.SourceImageId!);
    if (source.state !== 'available')
      throw this.error(
        'InvalidAMIID.Unavailable',
        `The image '${source.id}' is not available for copy (state ${source.state})`,
      );
    if (input.KmsKeyId && !input.Encrypted)
      throw this.error('InvalidParameterDependency', 'KmsKeyId requires Encrypted to be true');
    if (input.KmsKeyId?.startsWith('arn:') && input.KmsKeyId.split(':')[3] !== region)
      throw this.error(
        'InvalidParameterValue',
        `The KMS key ${input.KmsKeyId} is not in the destination region ${region}`,
      );
    this.assertNameFree(region, input.Name ?? '');
    const doneAt = this.now + EC2_TIMING.copyImageMs;
    const snaps = source.snapshotIds.map((id) => {
      const s = this.findSnapshot(source.region, id);
      const encrypted = s.encrypted || input.Encrypted === true;
      return this.newSnapshot(region, {
        sizeGiB: s.sizeGiB,
        encrypted,
        kmsKeyId: encrypted ? (input.KmsKeyId ?? this.defaultEbsKey(region)) : undefined,
        completedAt: doneAt,
        created: true,
      });
    });
    const image = this.newImage(region, {
      name: input.Name!,
      description: input.Description ?? source.description,
      ownerId: this.account.accountId,
      snapshotIds: snaps.map((s) => s.id),
      availableAt: doneAt,
      created: true,
      architecture: source.architecture,
      sourceImageId: source.id,
      sourceRegion: source.region,
    });
    if (input.CopyImageTags) for (const [k, v] of source.tags) image.tags.set(k, v);
    for (const [k, v] of specTags(input.TagSpecifications, 'image')) image.tags.set(k, v);
    if (input.ClientToken) r.copyTokens.set(input.ClientToken, { signature, imageId: image.id });
    return { ImageId: image.id };
  }

  /**
   * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeregisterImage.html: the snapshots stay
   * unless DeleteAssociatedSnapshots is true.
   */
  DeregisterImage(input: sdk.DeregisterImageRequest, region: string): sdk.DeregisterImageResult {
    const image = this.findImage(region, input.ImageId!);
    image.state = 'deregistered';
    const results: sdk.DeleteSnapshotReturnCode[] = [];
    if (input.DeleteAssociatedSnapshots)
      for (const id of image.snapshotIds) {
        this.region(region).snapshots.delete(id);
        results.push({ SnapshotId: id, ReturnCode: 'success' });
      }
    return { Return: true, ...(input.DeleteAssociatedSnapshots ? { DeleteSnapshotResults: results } : {}) };
  }

  ModifyImageAttribute(input: sdk.ModifyImageAttributeRequest, region: string): Record<string, never> {
    const image = this.findImage(region, input.ImageId!);
    if (image.ownerId !== this.account.accountId)
      throw this.error('AuthFailure', `Not authorized for image:${image.id}`, 403);
    const lp = input.LaunchPermission;
    if (!lp) throw this.error('InvalidParameterCombination', 'No attributes specified.');
    for (const p of lp.Add ?? []) {
      if (p.UserId) {
        if (!/^\d{12}$/.test(p.UserId))
          throw this.error(
            'InvalidAMIAttributeItemValue',
            `Invalid attribute item value "${p.UserId}" for userId item type.`,
          );
        image.launchUserIds.add(p.UserId);
      }
      if (p.OrganizationArn) image.launchOrgArns.add(p.OrganizationArn);
      if (p.OrganizationalUnitArn) image.launchOuArns.add(p.OrganizationalUnitArn);
      if (p.Group === 'all') throw new Error('simulator: public AMIs are not modelled');
    }
    for (const p of lp.Remove ?? []) {
      if (p.UserId) image.launchUserIds.delete(p.UserId);
      if (p.OrganizationArn) image.launchOrgArns.delete(p.OrganizationArn);
      if (p.OrganizationalUnitArn) image.launchOuArns.delete(p.OrganizationalUnitArn);
    }
    return {};
  }

  DescribeImageAttribute(input: sdk.DescribeImageAttributeRequest, region: string): sdk.ImageAttribute {
    const image = this.findImage(region, input.ImageId!);
    if (input.Attribute !== 'launchPermission')
      throw new Error(`simulator: image attribute ${input.Attribute}`);
    return {
      ImageId: image.id,
      LaunchPermissions: [
        ...[...image.launchUserIds].map((UserId) => ({ UserId })),
        ...[...image.launchOrgArns].map((OrganizationArn) => ({ OrganizationArn })),
        ...[...image.launchOuArns].map((OrganizationalUnitArn) => ({ OrganizationalUnitArn })),
      ],
    };
  }

  /** https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EnableImageDeprecation.html */
  EnableImageDeprecation(
    input: sdk.EnableImageDeprecationRequest,
    region: string,
  ): sdk.EnableImageDeprecationResult {
    const image = this.findImage(region, input.ImageId!);
    const at = input.DeprecateAt?.getTime() ?? NaN;
    if (!(at > this.now))
      throw this.error('InvalidParameterValue', 'The deprecation time must be in the future');
    if (at > this.now + 10 * 365 * 86_400_000)
      throw this.error('InvalidParameterValue', 'The deprecation time can be at most 10 years from now');
    // AWS rounds the seconds to the nearest minute.
    image.deprecateAt = Math.round(at / 60_000) * 60_000;
    return { Return: true };
  }

  // ---- snapshots ----

  DescribeSnapshots(input: sdk.DescribeSnapshotsRequest, region: string): sdk.DescribeSnapshotsResult {
    const r = this.region(region);
    const snaps = input.SnapshotIds?.length
      ? input.SnapshotIds.map((id) => this.findSnapshot(region, id))
      : [...r.snapshots.values()];
    const out = snaps.filter((s) =>
      matchesFilters(input.Filters, s.tags, { 'snapshot-id': s.id, status: s.state }),
    );
    return {
      Snapshots: out.map((s) => ({
        SnapshotId: s.id,
        State: s.state,
        VolumeSize: s.sizeGiB,
        Encrypted: s.encrypted,
        ...(s.kmsKeyId ? { KmsKeyId: s.kmsKeyId } : {}),
        OwnerId: this.account.accountId,
        StartTime: new Date(s.startTime),
        Tags: tagList(s.tags),
      })),
    };
  }

  /** Snapshots encrypted with the default (AWS managed) key cannot be shared with other accounts. */
  ModifySnapshotAttribute(input: sdk.ModifySnapshotAttributeRequest, region: string): Record<string, never> {
    const s = this.findSnapshot(region, input.SnapshotId!);
    const cvp = input.CreateVolumePermission;
    if (!cvp) throw this.error('InvalidParameterCombination', 'No attributes specified.');
    for (const p of cvp.Add ?? []) {
      if (p.Group === 'all') throw new Error('simulator: public snapshots are not modelled');
      if (s.encrypted && this.isDefaultKey(region, s.kmsKeyId))
        throw this.error(
          'InvalidParameter',
          `Snapshots encrypted with the AWS Managed CMK can't be shared. Specify another snapshot.`,
        );
      if (p.UserId) s.createVolumeUserIds.add(p.UserId);
    }
    for (const p of cvp.Remove ?? []) if (p.UserId) s.createVolumeUserIds.delete(p.UserId);
    return {};
  }

  DescribeSnapshotAttribute(
    input: sdk.DescribeSnapshotAttributeRequest,
    region: string,
  ): sdk.DescribeSnapshotAttributeResult {
    const s = this.findSnapshot(region, input.SnapshotId!);
    return {
      SnapshotId: s.id,
      CreateVolumePermissions: [...s.createVolumeUserIds].map((UserId) => ({ UserId })),
    };
  }

  DeleteSnapshot(input: sdk.DeleteSnapshotRequest, region: string): Record<string, never> {
    const s = this.findSnapshot(region, input.SnapshotId!);
    const user = [...this.region(region).images.values()].find(
      (i) => i.state !== 'deregistered' && i.snapshotIds.includes(s.id),
    );
    if (user)
      throw this.error('InvalidSnapshot.InUse', `The snapshot ${s.id} is currently in use by ${user.id}`);
    this.region(region).snapshots.delete(s.id);
    return {};
  }

  // ---- tags ----

  CreateTags(input: sdk.CreateTagsRequest, region: string): Record<string, never> {
    const r = this.region(region);
    const targets = (input.Resources ?? []).map((id) => {
      if (id.startsWith('ami-')) return this.findImage(region, id).tags;
      if (id.startsWith('snap-')) return this.findSnapshot(region, id).tags;
      if (id.startsWith('i-')) return this.findInstance(region, id).tags;
      const lt = r.launchTemplates.get(id);
      if (lt) return lt.tags;
      throw this.error('InvalidID', `The ID '${id}' is not valid`);
    });
    for (const tags of targets) for (const t of input.Tags ?? []) tags.set(t.Key!, t.Value ?? '');
    return {};
  }

  // ---- instances ----

  /**
   * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RunInstances.html. A repeated ClientToken
   * returns the original reservation; user data is limited to 16 KB before base64.
   */
  RunInstances(input: sdk.RunInstancesRequest, region: string): sdk.Reservation {
    const r = this.region(region);
    const signature = JSON.stringify([input.ImageId, input.InstanceType, input.UserData, input.SubnetId]);
    if (input.ClientToken) {
      const known = r.runTokens.get(input.ClientToken);
      if (known) {
        if (known.signature !== signature)
          throw this.error(
            'IdempotentParameterMismatch',
            'The client token was used with different parameters',
          );
        return this.reservation(region, known.reservationId, known.instanceIds);
      }
    }
    if ((input.MinCount ?? 0) < 1 || (input.MaxCount ?? 0) < (input.MinCount ?? 0))
      throw this.error(
        'InvalidParameterValue',
        'MinCount and MaxCount must be at least 1, with MinCount <= MaxCount',
      );
    const image = this.findImage(region, input.ImageId!);
    if (image.state !== 'available')
      throw this.error(
        'InvalidAMIID.Unavailable',
        `The image '${image.id}' is not available (state ${image.state})`,
      );
    const userData = input.UserData ? Buffer.from(input.UserData, 'base64') : Buffer.alloc(0);
    if (userData.length > USER_DATA_MAX_BYTES)
      throw this.error('InvalidParameterValue', `User data is limited to ${USER_DATA_MAX_BYTES} bytes`);
    const snap = this.findSnapshot(region, image.snapshotIds[0]!);
    const root: Volume = {
      id: '',
      deviceName: image.rootDeviceName,
      deleteOnTermination: true,
      sizeGiB: snap.sizeGiB,
      encrypted: snap.encrypted,
      kmsKeyId: snap.kmsKeyId,
    };
    for (const m of input.BlockDeviceMappings ?? []) {
      if (m.DeviceName !== image.rootDeviceName || !m.Ebs) continue;
      // A mapping for the root device replaces the AMI's; one without DeleteOnTermination is taken to keep
      // the volume (test/sim/ASSUMPTIONS.md).
      root.deleteOnTermination = m.Ebs.DeleteOnTermination === true;
      if (m.Ebs.VolumeSize !== undefined) {
        if (m.Ebs.VolumeSize < snap.sizeGiB)
          throw this.error(
            'InvalidBlockDeviceMapping',
            `Volume of size ${m.Ebs.VolumeSize}GB is smaller than snapshot '${snap.id}', expect size >= ${snap.sizeGiB}GB`,
          );
        root.sizeGiB = m.Ebs.VolumeSize;
      }
      if (m.Ebs.Encrypted) {
        root.encrypted = true;
        root.kmsKeyId = m.Ebs.KmsKeyId ?? snap.kmsKeyId ?? this.defaultEbsKey(region);
      } else if (m.Ebs.KmsKeyId)
        throw this.error(
          'InvalidParameterDependency',
          'The parameter KmsKeyId requires the parameter Encrypted to be set.',
        );
    }
    const tags = specTags(input.TagSpecifications, 'instance');
    const ids: string[] = [];
    for (let n = 0; n < input.MaxCount!; n++) {
      const i = this.newInstance(region, {
        imageId: image.id,
        instanceType: input.InstanceType ?? 'm1.small',
        subnetId: input.SubnetId ?? 'subnet-default',
        securityGroupIds: input.SecurityGroupIds ?? [],
        iamInstanceProfile: input.IamInstanceProfile?.Arn ?? input.IamInstanceProfile?.Name,
        shutdownBehavior: input.InstanceInitiatedShutdownBehavior === 'terminate' ? 'terminate' : 'stop',
        userData: userData.toString('utf8'),
        tags: new Map(tags),
        launchTemplate: undefined,
        root: { ...root, id: this.id('vol') },
        launchedBy: 'api',
      });
      ids.push(i.id);
    }
    const reservationId = this.id('r');
    if (input.ClientToken) r.runTokens.set(input.ClientToken, { signature, reservationId, instanceIds: ids });
    return this.reservation(region, reservationId, ids);
  }

  private reservation(region: string, reservationId: string, ids: string[]): sdk.Reservation {
    return {
      ReservationId: reservationId,
      OwnerId: this.account.accountId,
      Instances: ids.map((id) => this.instanceOut(this.findInstance(region, id))),
    };
  }

  DescribeInstances(input: sdk.DescribeInstancesRequest, region: string): sdk.DescribeInstancesResult {
    const r = this.region(region);
    const list = input.InstanceIds?.length
      ? input.InstanceIds.map((id) => this.findInstance(region, id))
      : [...r.instances.values()];
    const out = list.filter((i) =>
      matchesFilters(input.Filters, i.tags, {
        'instance-state-name': i.state,
        'instance-id': i.id,
        'image-id': i.imageId,
      }),
    );
    const p = page(out, input);
    return {
      Reservations: p.items.map((i) => ({
        ReservationId: `r-${i.id.slice(2)}`,
        OwnerId: this.account.accountId,
        Instances: [this.instanceOut(i)],
      })),
      ...(p.NextToken ? { NextToken: p.NextToken } : {}),
    };
  }

  TerminateInstances(input: sdk.TerminateInstancesRequest, region: string): sdk.TerminateInstancesResult {
    const list = (input.InstanceIds ?? []).map((id) => this.findInstance(region, id));
    return {
      TerminatingInstances: list.map((i) => {
        const previous = this.beginTerminate(i, 'Client.UserInitiatedShutdown: User initiated shutdown');
        return {
          InstanceId: i.id,
          PreviousState: { Name: previous, Code: STATE_CODE[previous] },
          CurrentState: { Name: i.state, Code: STATE_CODE[i.state] },
        };
      }),
    };
  }

  /**
   * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetConsoleOutput.html: the output is
   * base64-encoded, and is absent until the instance has written some.
   */
  GetConsoleOutput(input: sdk.GetConsoleOutputRequest, region: string): sdk.GetConsoleOutputResult {
    const i = this.findInstance(region, input.InstanceId!);
    const text = i.console.join('\n');
    return {
      InstanceId: i.id,
      Timestamp: new Date(this.now),
      ...(text ? { Output: Buffer.from(`${text}\n`).toString('base64') } : {}),
    };
  }

  // ---- launch templates ----

  CreateLaunchTemplate(
    input: sdk.CreateLaunchTemplateRequest,
    region: string,
  ): sdk.CreateLaunchTemplateResult {
    const exists = [...this.region(region).launchTemplates.values()].some(
      (t) => t.name === input.LaunchTemplateName,
    );
    if (exists)
      throw this.error(
        'InvalidLaunchTemplateName.AlreadyExistsException',
        `Launch template name already in use.`,
      );
    const lt = this.addLaunchTemplate(
      region,
      input.LaunchTemplateName!,
      (input.LaunchTemplateData ?? {}) as sdk.ResponseLaunchTemplateData,
    );
    return { LaunchTemplate: this.templateOut(lt) };
  }

  private templateOut(lt: SimLaunchTemplate): sdk.LaunchTemplate {
    return {
      LaunchTemplateId: lt.id,
      LaunchTemplateName: lt.name,
      CreateTime: new Date(lt.createdAt),
      DefaultVersionNumber: lt.defaultVersion,
      LatestVersionNumber: lt.latestVersion,
      Tags: tagList(lt.tags),
    };
  }

  private versionOut(lt: SimLaunchTemplate, n: number): sdk.LaunchTemplateVersion {
    const v = lt.versions.get(n)!;
    return {
      LaunchTemplateId: lt.id,
      LaunchTemplateName: lt.name,
      VersionNumber: n,
      ...(v.description !== undefined ? { VersionDescription: v.description } : {}),
      CreateTime: new Date(v.createdAt),
      DefaultVersion: lt.defaultVersion === n,
      LaunchTemplateData: structuredClone(v.data),
    };
  }

  /**
   * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateLaunchTemplateVersion.html: a version
   * made from SourceVersion inherits its parameters except those given in LaunchTemplateData.
   */
  CreateLaunchTemplateVersion(
    input: sdk.CreateLaunchTemplateVersionRequest,
    region: string,
  ): sdk.CreateLaunchTemplateVersionResult {
    const lt = this.resolveTemplate(region, input);
    const base = input.SourceVersion
      ? lt.versions.get(this.versionNumber(lt, input.SourceVersion))!.data
      : {};
    const data = {
      ...structuredClone(base),
      ...(input.LaunchTemplateData as sdk.ResponseLaunchTemplateData),
    };
    if (data.ImageId && !data.ImageId.startsWith('resolve:ssm:')) {
      const image = this.region(region).images.get(data.ImageId);
      // AWS accepts an unknown AMI here and fails at launch; only the format is checked.
      if (!image && !/^ami-[0-9a-f]{8,17}$/.test(data.ImageId))
        throw this.error('InvalidAMIID.Malformed', `Invalid id: "${data.ImageId}"`);
    }
    const n = ++lt.latestVersion;
    lt.versions.set(n, { number: n, description: input.VersionDescription, data, createdAt: this.now });
    return { LaunchTemplateVersion: this.versionOut(lt, n) };
  }

  DescribeLaunchTemplates(
    input: sdk.DescribeLaunchTemplatesRequest,
    region: string,
  ): sdk.DescribeLaunchTemplatesResult {
    let list = [...this.region(region).launchTemplates.values()];
    if (input.LaunchTemplateIds?.length)
      list = input.LaunchTemplateIds.map((id) => this.resolveTemplate(region, { LaunchTemplateId: id }));
    if (input.LaunchTemplateNames?.length)
      list = input.LaunchTemplateNames.map((name) =>
        this.resolveTemplate(region, { LaunchTemplateName: name }),
      );
    list = list.filter((t) => matchesFilters(input.Filters, t.tags, { 'launch-template-name': t.name }));
    const p = page(list, input, 100);
    return {
      LaunchTemplates: p.items.map((t) => this.templateOut(t)),
      ...(p.NextToken ? { NextToken: p.NextToken } : {}),
    };
  }

  DescribeLaunchTemplateVersions(
    input: sdk.DescribeLaunchTemplateVersionsRequest,
    region: string,
  ): sdk.DescribeLaunchTemplateVersionsResult {
    const lt = this.resolveTemplate(region, input);
    let numbers: number[];
    if (input.Versions?.length) numbers = [...new Set(input.Versions.map((v) => this.versionNumber(lt, v)))];
    else {
      numbers = [...lt.versions.keys()].sort((a, b) => a - b);
      if (input.MinVersion) numbers = numbers.filter((n) => n >= Number(input.MinVersion));
      if (input.MaxVersion) numbers = numbers.filter((n) => n <= Number(input.MaxVersion));
    }
    const p = page(numbers, input, 100);
    return {
      LaunchTemplateVersions: p.items.map((n) => this.versionOut(lt, n)),
      ...(p.NextToken ? { NextToken: p.NextToken } : {}),
    };
  }

  ModifyLaunchTemplate(
    input: sdk.ModifyLaunchTemplateRequest,
    region: string,
  ): sdk.ModifyLaunchTemplateResult {
    const lt = this.resolveTemplate(region, input);
    if (input.DefaultVersion !== undefined) lt.defaultVersion = this.versionNumber(lt, input.DefaultVersion);
    return { LaunchTemplate: this.templateOut(lt) };
  }
}
