import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import type { Image, Tag } from '@aws-sdk/client-ec2';
import { CreateTagsCommand, EC2Client, EnableImageDeprecationCommand } from '@aws-sdk/client-ec2';
import {
  copyAttempt,
  existingCopy,
  SOURCE_AMI_TAG,
  SOURCE_REGION_TAG,
  startCopy,
} from '../../artifacts/ami/copy.js';
import { deregisterWithSnapshots, keptSnapshotsText } from '../../artifacts/ami/deregister.js';
import { findImage, snapshotIdsOf, tagValue, waitImageAvailable } from '../../artifacts/ami/images.js';
import type { RetentionResult } from '../../artifacts/ami/retention.js';
import { pruneFamily } from '../../artifacts/ami/retention.js';
import { logRetention, retentionFacts } from './retention-report.js';
import { shareImage, sharesAnything } from '../../artifacts/ami/share.js';
import { FAMILY_TAG } from '../../artifacts/ami/source-digest.js';
import type { Deps } from '../../core/deps.js';
import { ActionError } from '../../core/errors.js';
import { loadJsonState, saveJsonState } from '../../core/state.js';
import { renderSummary } from '../../core/summary.js';
import { pollSettings } from '../../rollout/deploy-action.js';
import type { PublishAmiInputs } from './inputs.js';

const ACTION = 'publish-ami';
const STATE_KEY = 'copies';

/** Copies started by this run, for the post step; `done` once every copy is available. */
interface SavedCopies {
  copies: Record<string, string>;
  done: boolean;
}

const isEncrypted = (image: Image): boolean =>
  (image.BlockDeviceMappings ?? []).some((m) => m.Ebs?.Encrypted);

/** The tags every region's AMI carries: the source's own (not aws:), plus where it came from. */
function publishedTags(source: Image, sourceRegion: string): Tag[] {
  const own = (source.Tags ?? []).filter((t) => t.Key && !t.Key.startsWith('aws:'));
  return [
    ...own.filter((t) => t.Key !== SOURCE_AMI_TAG && t.Key !== SOURCE_REGION_TAG),
    { Key: SOURCE_AMI_TAG, Value: source.ImageId! },
    { Key: SOURCE_REGION_TAG, Value: sourceRegion },
  ];
}

export async function publishAmi(deps: Deps, inputs: PublishAmiInputs): Promise<void> {
  const { io } = deps;
  const poll = pollSettings(deps);
  const aws = deps.aws({ maxAttempts: inputs.maxAttempts, action: ACTION });
  const ec2 = (region: string) => aws.get(EC2Client, region);
  const source = await io.group(`find ${inputs.amiId} in ${inputs.region}`, () =>
    findImage(ec2(inputs.region), inputs.amiId),
  );
  if (!source) throw new ActionError(`${inputs.amiId} does not exist in ${inputs.region} (aws-region)`);
  if (source.State !== 'available')
    throw new ActionError(`${inputs.amiId} is ${source.State}; publish-ami needs an available AMI`);
  // A copy without its own key keeps the destination's default EBS key, which cannot be shared: say so
  // before copying anything.
  if (inputs.share.accounts.length && isEncrypted(source)) {
    const noKey = inputs.regions.filter((r) => !inputs.kmsKeyIds[r]);
    if (noKey.length)
      throw new ActionError(
        `${inputs.amiId} is encrypted, and its copies in ${noKey.join(', ')} would use the default EBS key, whose snapshots cannot be shared with other accounts; give kms-key-ids a customer managed key for each`,
      );
  }
  const tags = publishedTags(source, inputs.region);
  const amis: Record<string, string> = { [inputs.region]: inputs.amiId };
  const saved: SavedCopies = { copies: {}, done: false };
  const attempt = copyAttempt(deps.env, deps.clock.now());

  // Copy to every region at once: CopyImage is slow, and each copy runs in its destination region.
  await io.group(`copy ${inputs.amiId} to ${inputs.regions.join(', ') || 'no other region'}`, () =>
    Promise.all(
      inputs.regions.map(async (region) => {
        const existing = await existingCopy(ec2(region), inputs.amiId);
        const copyId =
          existing?.ImageId ??
          (await startCopy(ec2(region), {
            source,
            sourceRegion: inputs.region,
            region,
            kmsKeyId: inputs.kmsKeyIds[region],
            tags,
            attempt,
          }));
        if (!existing) {
          saved.copies[region] = copyId;
          saveJsonState(io, STATE_KEY, saved);
        }
        io.info(`${region}: ${existing ? 'found earlier copy' : 'copying to'} ${copyId}`);
        await waitImageAvailable(ec2(region), copyId, `copy in ${region}`, poll, inputs.waitTimeoutMs);
        amis[region] = copyId;
      }),
    ),
  );
  io.info(
    `copied: ${Object.entries(amis)
      .map(([r, id]) => `${r} ${id}`)
      .join(', ')}`,
  );
  saved.done = true;
  saveJsonState(io, STATE_KEY, saved);

  const deprecateAt =
    inputs.deprecateAfterMs === undefined ? undefined : new Date(deps.clock.now() + inputs.deprecateAfterMs);
  const family = tagValue(source.Tags, FAMILY_TAG);
  const retention: Record<string, RetentionResult> = {};
  await io.group('tag, share and prune', async () => {
    for (const [region, imageId] of Object.entries(amis)) {
      const client = ec2(region);
      const image = (await findImage(client, imageId))!;
      await client.send(new CreateTagsCommand({ Resources: [imageId, ...snapshotIdsOf(image)], Tags: tags }));
      if (sharesAnything(inputs.share)) await shareImage(client, region, image, inputs.share);
      if (deprecateAt)
        await client.send(new EnableImageDeprecationCommand({ ImageId: imageId, DeprecateAt: deprecateAt }));
      if (inputs.keep > 0 && family)
        retention[region] = await pruneFamily(client, aws.get(AutoScalingClient, region), {
          family,
          keep: inputs.keep,
          current: imageId,
          sharedGraceMs: inputs.sharedGraceMs,
          now: deps.clock.now(),
        });
      const r = retention[region];
      io.info(
        `${region}: ${imageId} tagged${sharesAnything(inputs.share) ? ', shared' : ''}${deprecateAt ? `, deprecated from ${deprecateAt.toISOString()}` : ''}` +
          (r
            ? `; retention deregistered ${r.deregistered.length}, kept ${r.keptInUse.length} in use, ${r.inGrace.length} shared and deprecated`
            : ''),
      );
      if (r) logRetention(io, region, r);
    }
  });
  if (inputs.keep > 0 && !family)
    io.warning(`${inputs.amiId} has no ${FAMILY_TAG} tag (build-ami sets it), so keep was not applied`);

  io.setOutput('amis', JSON.stringify(amis));
  await io.appendSummary(
    renderSummary({
      title: `slipway ${ACTION}`,
      status: 'published',
      facts: [
        ...Object.entries(amis).map(([region, id]): [string, string] => [
          region,
          `[${id}](https://${region}.console.aws.amazon.com/ec2/home?region=${region}#ImageDetails:imageId=${id})`,
        ]),
        [
          'shared with',
          [...inputs.share.accounts, ...inputs.share.organizations, ...inputs.share.ous].join(', ') ||
            '(nobody)',
        ],
        ...(deprecateAt ? [['deprecated from', deprecateAt.toISOString()] as [string, string]] : []),
        ...Object.entries(retention).flatMap(([region, r]) => retentionFacts(region, r)),
      ],
    }),
  );
}

/** The post step: copies this run started that are still pending are deregistered with their snapshots. */
export async function cleanUpCopies(deps: Deps): Promise<void> {
  const { io } = deps;
  const saved = loadJsonState<SavedCopies>(io, STATE_KEY);
  if (!saved || saved.done) return io.info('post: no copy left in flight; nothing to clean up');
  const aws = deps.aws({ maxAttempts: 9, action: `${ACTION}-post` });
  for (const [region, imageId] of Object.entries(saved.copies)) {
    const client = aws.get(EC2Client, region);
    const image = await findImage(client, imageId);
    if (image?.State === 'pending' || image?.State === 'failed') {
      const kept = await deregisterWithSnapshots(client, imageId);
      io.warning(
        `post: deregistered ${imageId} in ${region}, a copy left ${image.State} by the cancelled run` +
          (kept.length ? `; its snapshots not deleted: ${keptSnapshotsText(kept)}` : ''),
      );
    }
  }
  saveJsonState(io, STATE_KEY, { ...saved, done: true });
}
