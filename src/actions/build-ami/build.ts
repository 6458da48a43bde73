import { EC2Client } from '@aws-sdk/client-ec2';
import { S3Client } from '@aws-sdk/client-s3';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { BakePayload } from '../../artifacts/ami/payload.js';
import type { BakeProgress } from '../../artifacts/ami/bake.js';
import { bake } from '../../artifacts/ami/bake.js';
import { resolveBaseAmi } from '../../artifacts/ami/base-ami.js';
import { describeBuilder, terminateBuilder } from '../../artifacts/ami/builder.js';
import { deregisterWithSnapshots, keptSnapshotsText } from '../../artifacts/ami/deregister.js';
import { findAvailableByTag, findImage, snapshotIdsOf } from '../../artifacts/ami/images.js';
import type { UploadedPayload } from '../../artifacts/ami/payload-upload.js';
import { deletePayload, uploadPayload } from '../../artifacts/ami/payload-upload.js';
import { FAMILY_TAG, SOURCE_DIGEST_TAG, sourceDigest } from '../../artifacts/ami/source-digest.js';
import { toSdkTags } from '../../artifacts/ami/tags.js';
import { renderUserData } from '../../artifacts/ami/user-data.js';
import type { Deps } from '../../core/deps.js';
import { loadJsonState, saveJsonState } from '../../core/state.js';
import { renderSummary } from '../../core/summary.js';
import { pollSettings } from '../../rollout/deploy-action.js';
import type { BuildAmiInputs } from './inputs.js';

const ACTION = 'build-ami';
const STATE_KEY = 'bake';

/** What the post step needs to clean up after a cancel. */
interface SavedBake {
  region: string;
  progress: BakeProgress;
  upload?: { bucket: string; key: string };
}

const amiUrl = (region: string, id: string): string =>
  `https://${region}.console.aws.amazon.com/ec2/home?region=${region}#ImageDetails:imageId=${id}`;

export async function buildAmi(
  deps: Deps,
  inputs: BuildAmiInputs,
  prepared: { payload: BakePayload; token: string; inlineUserData: string | undefined },
): Promise<void> {
  const { io } = deps;
  const { region } = inputs;
  const poll = pollSettings(deps);
  const aws = deps.aws({ maxAttempts: inputs.maxAttempts, action: ACTION });
  const ec2 = aws.get(EC2Client, region);
  const base = await io.group('resolve the base AMI', () =>
    resolveBaseAmi(ec2, aws.get(SSMClient, region), inputs.baseAmi),
  );
  io.info(`base AMI: ${base.imageId} (${base.via})`);
  const digest = sourceDigest({
    baseAmiId: base.imageId,
    payloadSha256: prepared.payload.sha256,
    instanceType: inputs.instanceType,
    volumeSizeGiB: inputs.volumeSizeGiB,
    encrypted: inputs.encrypted,
    kmsKeyId: inputs.kmsKeyId,
  });
  io.info(`source digest: ${digest} (${prepared.payload.files} files)`);
  io.setOutput('source-digest', digest);

  const existing = await findAvailableByTag(ec2, SOURCE_DIGEST_TAG, digest);
  if (existing?.ImageId) {
    io.info(`reusing ${existing.ImageId} (${existing.Name}): it was baked from the same sources`);
    return finish(deps, inputs, {
      imageId: existing.ImageId,
      name: existing.Name ?? '',
      snapshotIds: snapshotIdsOf(existing),
      reused: true,
      digest,
    });
  }

  const saved: SavedBake = { region, progress: {} };
  const save = (): void => saveJsonState(io, STATE_KEY, saved);
  save();
  let upload: UploadedPayload | undefined;
  let userData = prepared.inlineUserData;
  if (userData === undefined) {
    const s3 = aws.get(S3Client, region);
    upload = await io.group(`upload the payload to s3://${inputs.s3Bucket!}`, () =>
      uploadPayload(s3, inputs.s3Bucket!, digest, prepared.payload),
    );
    saved.upload = { bucket: upload.bucket, key: upload.key };
    save();
    io.info(
      `payload (${Math.ceil(prepared.payload.size / 1024)} KiB) uploaded to s3://${upload.bucket}/${upload.key}`,
    );
    userData = renderUserData({ kind: 'url', url: upload.url }, prepared.token);
  }
  const tags = toSdkTags([
    ['Name', inputs.amiName],
    ...inputs.tags.filter(([k]) => k !== 'Name'),
    [SOURCE_DIGEST_TAG, digest],
    [FAMILY_TAG, inputs.amiNameTemplate],
    ['slipway:base-ami', base.imageId],
    ...(deps.env['GITHUB_SHA'] ? ([['slipway:commit', deps.env['GITHUB_SHA']]] as const) : []),
  ]);
  try {
    const baked = await io.group(`bake ${inputs.amiName} on a ${inputs.instanceType} builder`, () =>
      bake(
        ec2,
        {
          base,
          amiName: inputs.amiName,
          digest,
          token: prepared.token,
          userData,
          instanceType: inputs.instanceType,
          subnetId: inputs.subnetId,
          securityGroupIds: inputs.securityGroupIds,
          iamInstanceProfile: inputs.iamInstanceProfile,
          volumeSizeGiB: inputs.volumeSizeGiB,
          encrypted: inputs.encrypted,
          kmsKeyId: inputs.kmsKeyId,
          tags,
          timeoutMs: inputs.waitTimeoutMs,
        },
        poll,
        (progress) => {
          saved.progress = progress;
          save();
        },
      ),
    );
    await finish(deps, inputs, { ...baked, name: inputs.amiName, reused: false, digest });
  } finally {
    if (upload && !deps.signal.aborted) {
      const uploaded = upload;
      await io.group('clean up the payload', () =>
        deletePayload(aws.get(S3Client, region), uploaded).catch((err: unknown) =>
          io.warning(`could not delete s3://${uploaded.bucket}/${uploaded.key}: ${(err as Error).message}`),
        ),
      );
      delete saved.upload;
      save();
    }
  }
}

async function finish(
  deps: Deps,
  inputs: BuildAmiInputs,
  r: { imageId: string; name: string; snapshotIds: string[]; reused: boolean; digest: string },
): Promise<void> {
  const { io } = deps;
  io.setOutput('ami-id', r.imageId);
  io.setOutput('ami-name', r.name);
  io.setOutput('snapshot-ids', r.snapshotIds.join(','));
  io.setOutput('reused', String(r.reused));
  io.info(`${r.reused ? 'reused' : 'baked'} ${r.imageId} (${r.name}) in ${inputs.region}`);
  await io.appendSummary(
    renderSummary({
      title: `slipway ${ACTION}`,
      status: r.reused ? 'reused' : 'baked',
      facts: [
        ['AMI', `[${r.imageId}](${amiUrl(inputs.region, r.imageId)})`],
        ['name', r.name],
        ['region', inputs.region],
        ['snapshots', r.snapshotIds.join(', ')],
        ['source digest', `\`${r.digest}\``],
      ],
    }),
  );
}

/** The post step: whatever the main step left behind after a cancel or a crash. */
export async function cleanUpBake(deps: Deps): Promise<void> {
  const { io } = deps;
  const saved = loadJsonState<SavedBake>(io, STATE_KEY);
  if (!saved) return io.info('post: no bake was started; nothing to clean up');
  const { progress } = saved;
  const pending =
    (progress.builderId && !progress.builderTerminated) || (progress.imageId && !progress.imageDone);
  if (!pending && !saved.upload) return io.info('post: the bake finished cleanly; nothing to clean up');
  const aws = deps.aws({ maxAttempts: 9, action: `${ACTION}-post` });
  const ec2 = aws.get(EC2Client, saved.region);
  if (progress.builderId && !progress.builderTerminated) {
    const state = (await describeBuilder(ec2, progress.builderId))?.State?.Name;
    if (state && state !== 'terminated' && state !== 'shutting-down') {
      await terminateBuilder(ec2, progress.builderId);
      io.warning(`post: terminated builder ${progress.builderId}, left ${state} by the main step`);
    }
  }
  if (progress.imageId && !progress.imageDone) {
    const image = await findImage(ec2, progress.imageId);
    // A finished AMI is kept (the next run reuses it by digest); an unfinished one is removed with its snapshots.
    if (image && image.State !== 'available') {
      const kept = await deregisterWithSnapshots(ec2, progress.imageId);
      io.warning(
        `post: deregistered ${progress.imageId}, left ${image.State} by the main step, with its snapshots` +
          (kept.length ? ` except ${keptSnapshotsText(kept)}` : ''),
      );
    }
  }
  if (saved.upload) {
    await deletePayload(aws.get(S3Client, saved.region), saved.upload);
    io.info(`post: deleted s3://${saved.upload.bucket}/${saved.upload.key}`);
  }
  saveJsonState(io, STATE_KEY, {
    ...saved,
    progress: { ...progress, builderTerminated: true, imageDone: true },
  });
}
