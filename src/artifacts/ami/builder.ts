import type { EC2Client, Instance, Tag } from '@aws-sdk/client-ec2';
import {
  DescribeInstancesCommand,
  GetConsoleOutputCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { ActionError, isAwsError } from '../../core/errors.js';
import type { PollSettings } from '../../core/poll.js';
import { pollUntil } from '../../core/poll.js';
import type { ProvisionResult } from './markers.js';
import { readProvisionResult } from './markers.js';

export interface BuilderSpec {
  imageId: string;
  instanceType: string;
  subnetId: string | undefined;
  securityGroupIds: readonly string[];
  iamInstanceProfile: string | undefined;
  userData: string;
  clientToken: string;
  rootDeviceName: string;
  volumeSizeGiB: number | undefined;
  encrypted: boolean;
  kmsKeyId: string | undefined;
  tags: Tag[];
}

/**
 * Launches the builder: the ClientToken makes a retried call return the same instance rather than a second
 * one, and shutdown behaviour `stop` keeps the volume when the user-data powers the instance off.
 */
export async function launchBuilder(ec2: EC2Client, s: BuilderSpec): Promise<string> {
  const wantsVolume = s.volumeSizeGiB !== undefined || s.encrypted;
  const out = await ec2.send(
    new RunInstancesCommand({
      ImageId: s.imageId,
      InstanceType: s.instanceType as never,
      MinCount: 1,
      MaxCount: 1,
      ClientToken: s.clientToken,
      InstanceInitiatedShutdownBehavior: 'stop',
      UserData: Buffer.from(s.userData).toString('base64'),
      MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled' },
      ...(s.subnetId ? { SubnetId: s.subnetId } : {}),
      ...(s.securityGroupIds.length ? { SecurityGroupIds: [...s.securityGroupIds] } : {}),
      ...(s.iamInstanceProfile
        ? {
            IamInstanceProfile: s.iamInstanceProfile.startsWith('arn:')
              ? { Arn: s.iamInstanceProfile }
              : { Name: s.iamInstanceProfile },
          }
        : {}),
      ...(wantsVolume
        ? {
            BlockDeviceMappings: [
              {
                DeviceName: s.rootDeviceName,
                Ebs: {
                  DeleteOnTermination: true,
                  VolumeType: 'gp3',
                  ...(s.volumeSizeGiB !== undefined ? { VolumeSize: s.volumeSizeGiB } : {}),
                  ...(s.encrypted ? { Encrypted: true } : {}),
                  ...(s.kmsKeyId ? { KmsKeyId: s.kmsKeyId } : {}),
                },
              },
            ],
          }
        : {}),
      TagSpecifications: [
        { ResourceType: 'instance', Tags: s.tags },
        { ResourceType: 'volume', Tags: s.tags },
      ],
    }),
  );
  const id = out.Instances?.[0]?.InstanceId;
  if (!id) throw new ActionError('RunInstances returned no instance');
  return id;
}

export async function describeBuilder(ec2: EC2Client, id: string): Promise<Instance | undefined> {
  try {
    const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
    return out.Reservations?.[0]?.Instances?.[0];
  } catch (err) {
    // A just-launched instance can be unknown to DescribeInstances for a moment (eventual consistency).
    if (isAwsError(err, 'InvalidInstanceID.NotFound')) return undefined;
    throw err;
  }
}

/** The builder's serial console, decoded (GetConsoleOutput returns base64). */
export async function consoleText(ec2: EC2Client, id: string): Promise<string> {
  const out = await ec2.send(new GetConsoleOutputCommand({ InstanceId: id }));
  return out.Output ? Buffer.from(out.Output, 'base64').toString('utf8') : '';
}

const tailOf = (text: string, n: number): string[] =>
  text
    .replace(/\r/g, '')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(-n);

/** Waits for the user-data to power the builder off; a timeout shows the console's last lines. */
export async function waitStopped(
  ec2: EC2Client,
  id: string,
  poll: PollSettings,
  timeoutMs: number,
): Promise<void> {
  await pollUntil(
    poll,
    `builder ${id} to provision and power off`,
    timeoutMs,
    async () => {
      const i = await describeBuilder(ec2, id);
      const state = i?.State?.Name ?? 'not visible yet';
      if (state === 'stopped') return { done: true, value: undefined };
      if (state === 'terminated' || state === 'shutting-down')
        throw new ActionError(
          `builder ${id} was terminated before it finished (${i?.StateReason?.Message ?? 'no reason given'})`,
        );
      return { done: false, status: state };
    },
    async () => [`last console lines of builder ${id}:`, ...tailOf(await consoleText(ec2, id), 20)],
  );
}

// The console is posted shortly after the instance stops; give it a few minutes before calling it silent.
const CONSOLE_GRACE_MS = 5 * 60_000;

/** Reads this run's marker from the stopped builder's console, waiting for the output to be posted. */
export async function waitProvisionResult(
  ec2: EC2Client,
  id: string,
  token: string,
  poll: PollSettings,
): Promise<ProvisionResult> {
  let last: ProvisionResult = { kind: 'unknown', lastLines: [] };
  try {
    return await pollUntil(poll, `the provision result on ${id}'s console`, CONSOLE_GRACE_MS, async () => {
      last = readProvisionResult(await consoleText(ec2, id), token);
      return last.kind === 'unknown' ? { done: false, status: 'no marker yet' } : { done: true, value: last };
    });
  } catch (err) {
    if (poll.signal.aborted) throw err;
    return last;
  }
}

export async function terminateBuilder(ec2: EC2Client, id: string): Promise<void> {
  try {
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
  } catch (err) {
    if (!isAwsError(err, 'InvalidInstanceID.NotFound')) throw err;
  }
}
