import type * as sdk from '@aws-sdk/client-ec2';
import { EC2_TIMING } from './ec2-base.js';
import type {
  AppBehaviour,
  AppHealth,
  InstanceStateName,
  Provisioner,
  SimInstance,
  Volume,
} from './ec2-model.js';
import { matchesFilters, page, specTags, STATE_CODE, tagList } from './ec2-model.js';
import { Ec2Images } from './ec2-images.js';

const USER_DATA_MAX_BYTES = 16 * 1024;

/**
 * Instances: pending → running → stopping → stopped, shutting-down → terminated, with user-data, console
 * output and instance-initiated shutdown.
 */
export abstract class Ec2Instances extends Ec2Images {
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

  instance(region: string, id: string): SimInstance | undefined {
    return this.region(region).instances.get(id);
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

  /** Begins terminating an instance (Auto Scaling's termination, or TerminateInstances). */
  beginTerminate(i: SimInstance, reason: string): InstanceStateName {
    const previous = i.state;
    if (i.state !== 'terminated' && i.state !== 'shutting-down')
      this.moveTo(i, 'shutting-down', this.now, reason);
    return previous;
  }

  protected moveTo(i: SimInstance, state: InstanceStateName, at: number, reason?: string): void {
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

  /** Moves one instance through every transition due by `now`, each at its own exact time. */
  protected advanceInstance(i: SimInstance, now: number): void {
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

  protected newInstance(
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

  protected instanceOut(i: SimInstance): sdk.Instance {
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

  protected reservation(region: string, reservationId: string, ids: string[]): sdk.Reservation {
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
}
