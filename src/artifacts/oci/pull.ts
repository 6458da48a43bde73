import { ActionError } from '../../core/errors.js';
import { mapLimit } from '../../core/concurrency.js';
import { formatBytes } from '../../core/units.js';
import type { OciLayout } from './layout.js';
import type { Descriptor, ImageConfig, ImageIndex, ImageManifest, Platform } from './media-types.js';
import { isIndexType, isManifestType } from './media-types.js';
import { configPlatform } from './image-config.js';
import { checkPlatform, formatPlatform, isRealPlatform, platformMatches } from './platform.js';
import type { ImageReference } from './reference.js';
import { formatReference, referenceTarget } from './reference.js';
import type { RegistryClient } from './registry/client.js';

/** One platform's image of the base, with its blobs already in the layout. */
export interface BaseImage {
  platform: Platform;
  manifest: ImageManifest;
  config: ImageConfig;
}

export interface PulledBase {
  /** The digest the reference resolved to (an index or a manifest): recorded as the base's digest. */
  digest: string;
  images: BaseImage[];
}

const PARALLEL_DOWNLOADS = 4;
// A config is JSON read whole into memory: real ones are a few KiB (a long history stays well under 1 MiB).
// Its download stops at its descriptor's size, so the descriptor is checked first.
export const CONFIG_MAX = 8 * 1024 * 1024;

/**
 * Resolves `ref` for each platform asked for and downloads the config and layers into `layout`. From an
 * index, each platform picks its entry (attestations are ignored); a single-platform base serves only its
 * own platform. A missing platform fails with the list of platforms the base has.
 */
export async function pullBase(
  client: RegistryClient,
  ref: ImageReference,
  platforms: readonly Platform[],
  layout: OciLayout,
  log: (line: string) => void,
): Promise<PulledBase> {
  const name = formatReference(ref);
  const top = await client.getManifest(ref.repository, referenceTarget(ref));
  const chosen: Array<{ platform: Platform; manifest: ImageManifest; config?: ImageConfig }> = [];
  if (isIndexType(top.mediaType)) {
    const index = JSON.parse(top.bytes.toString('utf8')) as ImageIndex;
    // Each entry's platform is checked before it is matched, printed or copied into the new index.
    const offered = index.manifests
      .filter((d) => isRealPlatform(d.platform) && isManifestType(d.mediaType))
      .map((d) => ({ ...d, platform: checkPlatform(`base ${name}: its index`, d.platform) }));
    for (const wanted of platforms) {
      const entry = offered.find((d) => platformMatches(wanted, d.platform));
      if (!entry)
        throw missingPlatform(
          name,
          wanted,
          offered.map((d) => formatPlatform(d.platform as Platform)),
        );
      const child = await client.getManifest(ref.repository, entry.digest);
      chosen.push({ platform: entry.platform as Platform, manifest: parseManifest(child.bytes, name) });
    }
  } else if (isManifestType(top.mediaType)) {
    const manifest = parseManifest(top.bytes, name);
    const config = await fetchConfig(client, ref.repository, manifest.config, layout);
    const own = configPlatform(config, `base ${name}`);
    for (const wanted of platforms) {
      if (!platformMatches(wanted, own)) throw missingPlatform(name, wanted, [formatPlatform(own)]);
      chosen.push({ platform: own, manifest, config });
    }
  } else {
    throw new ActionError(
      `base ${name} is a ${top.mediaType || 'manifest of unknown type'}; slipway reads OCI and Docker schema 2 images only`,
    );
  }

  const images: BaseImage[] = [];
  for (const c of chosen) {
    const config = c.config ?? (await fetchConfig(client, ref.repository, c.manifest.config, layout));
    configPlatform(config, `base ${name}`); // the new config takes c.platform, but a forged one is refused
    images.push({ platform: c.platform, manifest: c.manifest, config });
  }
  const layers = unique(images.flatMap((i) => i.manifest.layers));
  const bytes = layers.reduce((n, l) => n + l.size, 0);
  log(
    `base ${name}: ${images.map((i) => formatPlatform(i.platform)).join(', ')}; ${layers.length} layers, ${formatBytes(bytes)}`,
  );
  await mapLimit(layers, PARALLEL_DOWNLOADS, async (layer) => {
    if (await layout.hasBlob(layer.digest)) return;
    const temp = layout.tempPath();
    await client.downloadBlob(ref.repository, layer, temp);
    await layout.commit(temp, layer.digest);
  });
  return { digest: top.digest, images };
}

async function fetchConfig(
  client: RegistryClient,
  repository: string,
  config: Descriptor,
  layout: OciLayout,
): Promise<ImageConfig> {
  if (!(await layout.hasBlob(config.digest))) {
    if (!(config.size >= 0 && config.size <= CONFIG_MAX))
      throw new ActionError(
        `the base's config is ${Number(config.size)} bytes by its descriptor; slipway reads a config of at most ${formatBytes(CONFIG_MAX)}`,
      );
    const temp = layout.tempPath();
    await client.downloadBlob(repository, config, temp);
    await layout.commit(temp, config.digest);
  }
  return layout.readJson<ImageConfig>(config.digest);
}

function parseManifest(bytes: Buffer, name: string): ImageManifest {
  const m = JSON.parse(bytes.toString('utf8')) as ImageManifest;
  if (m.schemaVersion !== 2 || !m.config || !Array.isArray(m.layers))
    throw new ActionError(`base ${name}: the manifest is not an OCI or Docker schema 2 image manifest`);
  return m;
}

function missingPlatform(name: string, wanted: Platform, offered: string[]): ActionError {
  return new ActionError(
    `base ${name} has no ${formatPlatform(wanted)} image; it has ${offered.length ? offered.join(', ') : 'no platform images'}. Set platforms to some of these`,
  );
}

function unique(descriptors: Descriptor[]): Descriptor[] {
  const seen = new Map<string, Descriptor>();
  for (const d of descriptors) if (!seen.has(d.digest)) seen.set(d.digest, d);
  return [...seen.values()];
}
