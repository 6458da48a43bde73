import type { EC2Client, Tag } from '@aws-sdk/client-ec2';
import { CreateImageCommand } from '@aws-sdk/client-ec2';
import { ActionError } from '../../core/errors.js';
import type { PollSettings } from '../../core/poll.js';
import type { BaseImage } from './base-ami.js';
import { launchBuilder, terminateBuilder, waitProvisionResult, waitStopped } from './builder.js';
import { snapshotIdsOf, waitImageAvailable } from './images.js';
import { SOURCE_DIGEST_TAG } from './source-digest.js';

/** Everything one bake needs, decided before the builder starts. */
export interface BakePlan {
  base: BaseImage;
  amiName: string;
  digest: string;
  /** This run's token: in the console markers and, shortened, the RunInstances ClientToken. */
  token: string;
  userData: string;
  instanceType: string;
  subnetId: string | undefined;
  securityGroupIds: readonly string[];
  iamInstanceProfile: string | undefined;
  volumeSizeGiB: number | undefined;
  encrypted: boolean;
  kmsKeyId: string | undefined;
  /** Tags for the AMI and its snapshots (the digest tag included). */
  tags: Tag[];
  timeoutMs: number;
}

/** Progress the post step needs: what exists so far. */
export interface BakeProgress {
  builderId?: string;
  builderTerminated?: boolean;
  imageId?: string;
  imageDone?: boolean;
}

export interface BakedImage {
  imageId: string;
  snapshotIds: string[];
}

/** The provision script failed or never reported: no AMI is made. */
export class ProvisionFailedError extends ActionError {
  constructor(
    message: string,
    readonly consoleLines: readonly string[],
  ) {
    super(message);
  }
}

/**
 * Bakes one AMI: launch the builder, wait for its user-data to power it off, read the result from the
 * console, then CreateImage and wait until it is available. The builder is terminated on every way out except
 * a cancel, which the post step finishes (from the progress saved through `onProgress`).
 */
export async function bake(
  ec2: EC2Client,
  plan: BakePlan,
  poll: PollSettings,
  onProgress: (p: BakeProgress) => void,
): Promise<BakedImage> {
  const progress: BakeProgress = {};
  const builderTags: Tag[] = [
    { Key: 'Name', Value: `slipway builder: ${plan.amiName}`.slice(0, 256) },
    { Key: 'slipway:role', Value: 'ami-builder' },
    { Key: SOURCE_DIGEST_TAG, Value: plan.digest },
  ];
  const builderId = await launchBuilder(ec2, {
    imageId: plan.base.imageId,
    instanceType: plan.instanceType,
    subnetId: plan.subnetId,
    securityGroupIds: plan.securityGroupIds,
    iamInstanceProfile: plan.iamInstanceProfile,
    userData: plan.userData,
    clientToken: `slipway-${plan.token}`.slice(0, 64),
    rootDeviceName: plan.base.rootDeviceName,
    volumeSizeGiB: plan.volumeSizeGiB,
    encrypted: plan.encrypted,
    kmsKeyId: plan.kmsKeyId,
    tags: builderTags,
  });
  progress.builderId = builderId;
  onProgress({ ...progress });
  poll.log(`builder ${builderId} launched from ${plan.base.imageId} (${plan.instanceType})`);
  try {
    await waitStopped(ec2, builderId, poll, plan.timeoutMs);
    const result = await waitProvisionResult(ec2, builderId, plan.token, poll);
    if (result.kind !== 'succeeded') {
      const what =
        result.kind === 'failed'
          ? `the provision script failed with exit code ${result.exitCode}`
          : 'the builder powered off without reporting a result on its console';
      const tail = result.lastLines.slice(-3).join(' ⏎ ');
      throw new ProvisionFailedError(
        `${what} on builder ${builderId}; no AMI was made${tail ? `. Last console lines: ${tail}` : ''}`,
        result.lastLines,
      );
    }
    poll.log(`provisioning succeeded on ${builderId}; creating ${plan.amiName}`);
    const created = await ec2.send(
      new CreateImageCommand({
        InstanceId: builderId,
        Name: plan.amiName,
        Description: `slipway build-ami from ${plan.base.imageId}`,
        TagSpecifications: [
          { ResourceType: 'image', Tags: plan.tags },
          { ResourceType: 'snapshot', Tags: plan.tags },
        ],
      }),
    );
    const imageId = created.ImageId;
    if (!imageId) throw new ActionError('CreateImage returned no image id');
    progress.imageId = imageId;
    onProgress({ ...progress });
    const image = await waitImageAvailable(ec2, imageId, 'AMI', poll, plan.timeoutMs);
    progress.imageDone = true;
    onProgress({ ...progress });
    return { imageId, snapshotIds: snapshotIdsOf(image) };
  } finally {
    // A cancel leaves the clean-up to the post step: the runner kills the process seconds after SIGINT.
    if (!poll.signal.aborted) {
      try {
        await terminateBuilder(ec2, builderId);
        progress.builderTerminated = true;
        onProgress({ ...progress });
        poll.log(`builder ${builderId} terminated`);
      } catch (err) {
        // Keep the error that got us here; the post step tries again from the saved progress.
        poll.log(
          `could not terminate builder ${builderId} (${(err as Error).message}); the post step retries`,
        );
      }
    }
  }
}
