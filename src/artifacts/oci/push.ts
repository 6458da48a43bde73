import { readFileSync } from 'node:fs';
import { mapLimit } from '../files.js';
import type { OciLayout } from './layout.js';
import type { Descriptor, ImageManifest } from './media-types.js';
import { BASE_NAME_ANNOTATION, isIndexType } from './media-types.js';
import { parseReference } from './reference.js';
import type { BlobBody, RegistryClient } from './registry/client.js';

export interface PushResult {
  digest: string;
  mediaType: string;
  /** `unchanged` when every tag (or, with no tags, the digest) already named this image: nothing was sent. */
  status: 'pushed' | 'unchanged';
  tags: string[];
  blobs: { uploaded: number; mounted: number; existing: number; bytesUploaded: number };
}

const PARALLEL_UPLOADS = 4;
// Small blobs (configs, manifests, small layers) are sent from memory; bigger ones are read from the layout
// as they are sent, which bounds memory.
const IN_MEMORY_MAX = 1024 * 1024;

/**
 * Pushes the image a layout holds to `repository`, tagging it with `tags`. An unchanged image costs one
 * HEAD per tag and one for its digest, all at once. Otherwise blobs the registry has are skipped, others
 * are mounted from the base's repository when it is on the same registry, or uploaded; then the manifests
 * are PUT and their digests checked.
 */
export async function pushLayout(
  client: RegistryClient,
  layout: OciLayout,
  repository: string,
  tags: readonly string[],
  log: (line: string) => void,
): Promise<PushResult> {
  const top = await layout.top();
  const topBytes = await layout.readBlob(top.digest);
  const result: PushResult = {
    digest: top.digest,
    mediaType: top.mediaType,
    status: 'unchanged',
    tags: [...tags],
    blobs: { uploaded: 0, mounted: 0, existing: 0, bytesUploaded: 0 },
  };

  // The digest is asked beside the tags, not after them: when a tag is stale, whether the image is there
  // already decides what to send, and a round trip in series costs more than a HEAD in parallel.
  const [byDigest, ...current] = await Promise.all(
    [top.digest, ...tags].map((ref) => client.manifestDigest(repository, ref)),
  );
  const present = byDigest === top.digest;
  const stale = tags.filter((_, i) => current[i] !== top.digest);
  if (tags.length ? stale.length === 0 : present) {
    log(
      `${repository}: ${tags.length ? tags.join(', ') : top.digest} already ${top.digest}; nothing to push`,
    );
    return result;
  }
  result.status = 'pushed';

  // Another tag may already name this image; then its blobs and manifests are all there.
  if (!present) {
    const images = await layout.images(top);
    await pushBlobs(
      client,
      layout,
      repository,
      images.map((i) => i.manifest),
      result,
    );
    if (isIndexType(top.mediaType))
      for (const { descriptor } of images)
        await client.putManifest(
          repository,
          descriptor.digest,
          await layout.readBlob(descriptor.digest),
          descriptor.mediaType,
        );
  }
  if (tags.length === 0) await client.putManifest(repository, top.digest, topBytes, top.mediaType);
  for (const tag of stale) await client.putManifest(repository, tag, topBytes, top.mediaType);
  const b = result.blobs;
  log(
    `${repository}: pushed ${top.digest} (${b.uploaded} blobs uploaded, ${(b.bytesUploaded / 1e6).toFixed(1)} MB; ${b.mounted} mounted; ${b.existing} already there)`,
  );
  return result;
}

async function pushBlobs(
  client: RegistryClient,
  layout: OciLayout,
  repository: string,
  manifests: readonly ImageManifest[],
  result: PushResult,
): Promise<void> {
  const blobs = new Map<string, { blob: Descriptor; mountFrom: string | undefined }>();
  for (const m of manifests) {
    const mountFrom = mountSource(m, client.registry);
    for (const blob of [m.config, ...m.layers])
      if (!blobs.has(blob.digest)) blobs.set(blob.digest, { blob, mountFrom });
  }
  // Big blobs first, so the longest upload starts at once rather than last.
  const ordered = [...blobs.values()].sort((a, b) => b.blob.size - a.blob.size);
  await mapLimit(ordered, PARALLEL_UPLOADS, async ({ blob, mountFrom }) => {
    if (await client.hasBlob(repository, blob.digest)) {
      result.blobs.existing++;
      return;
    }
    const how = await client.uploadBlob(repository, blob, bodyOf(layout, blob), mountFrom);
    if (how === 'mounted') result.blobs.mounted++;
    else {
      result.blobs.uploaded++;
      result.blobs.bytesUploaded += blob.size;
    }
  });
}

/** The base's repository, when the base lives on the registry being pushed to: its layers can be mounted. */
function mountSource(manifest: ImageManifest, registry: string): string | undefined {
  const name = manifest.annotations?.[BASE_NAME_ANNOTATION];
  if (!name) return undefined;
  const ref = parseReference(name);
  return typeof ref !== 'string' && ref.registry === registry ? ref.repository : undefined;
}

function bodyOf(layout: OciLayout, blob: Descriptor): BlobBody {
  const path = layout.blobPath(blob.digest);
  return async () => (blob.size <= IN_MEMORY_MAX ? readFileSync(path) : { path, size: blob.size });
}
