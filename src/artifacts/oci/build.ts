import { formatBytes } from '../../core/units.js';
import type { ContextLayer } from './context-layer.js';
import { writeContextLayer } from './context-layer.js';
import type { ImageSettings } from './image-config.js';
import { contextIgnore, DOCKERIGNORE } from './ignore.js';
import { applySettings } from './image-config.js';
import { OciLayout } from './layout.js';
import type { Descriptor, ImageManifest, Platform } from './media-types.js';
import { BASE_DIGEST_ANNOTATION, BASE_NAME_ANNOTATION, MediaType, toOciLayerType } from './media-types.js';
import { formatPlatform } from './platform.js';
import type { BaseImage, PulledBase } from './pull.js';
import { pullBase } from './pull.js';
import type { ImageReference } from './reference.js';
import { formatReference } from './reference.js';
import type { RegistryClient } from './registry/client.js';

export interface DaemonlessBuild {
  base: ImageReference | 'scratch';
  context: string;
  /** .dockerignore-style patterns, applied after the context's own .dockerignore. */
  exclude: readonly string[];
  platforms: readonly Platform[];
  settings: ImageSettings;
  output: string;
  /** A registry client for the base's registry, with whatever credentials it needs. */
  connect: (registry: string) => Promise<RegistryClient>;
  log: (line: string) => void;
}

export interface BuiltImage {
  /** The digest of what the layout's index.json names: the image manifest, or the index for several platforms. */
  digest: string;
  mediaType: string;
  layoutPath: string;
  platforms: string[];
}

/**
 * Builds without a daemon: the base's layers (pulled for each platform) plus one deterministic layer of the
 * context, with the config settings applied, into an OCI image layout. One platform gives a plain image
 * manifest (which Lambda accepts); several give an image index.
 */
export async function buildDaemonless(b: DaemonlessBuild): Promise<BuiltImage & { layer: ContextLayer }> {
  const layout = await OciLayout.create(b.output);
  const pulling: Promise<PulledBase | undefined> =
    b.base === 'scratch'
      ? Promise.resolve(undefined)
      : b
          .connect(b.base.registry)
          .then((client) => pullBase(client, b.base as ImageReference, b.platforms, layout, b.log));
  // Awaited together with the pull, which is already running: a pull that fails must never be left
  // without a handler while the layer is written.
  const [{ layer, patterns }, base] = await Promise.all([
    contextIgnore(b.context, b.exclude).then(async (ignore) => ({
      layer: await writeContextLayer(b.context, b.settings.workdir, layout, { paths: [layout.dir], ignore }),
      patterns: ignore.patterns,
    })),
    pulling,
  ]);
  const leftOut = patterns
    ? `; ${layer.leftOut} paths left out by ${patterns} ${DOCKERIGNORE}/exclude patterns`
    : '';
  b.log(
    `context layer ${layer.descriptor.digest}: ${layer.files} files, ${formatBytes(layer.uncompressedSize)} → ${formatBytes(layer.descriptor.size)} gzipped${leftOut}`,
  );

  const manifests: Descriptor[] = [];
  for (const [i, platform] of b.platforms.entries()) {
    const from: BaseImage | undefined = base?.images[i];
    const config = applySettings(
      from?.config,
      from?.platform ?? platform,
      b.settings,
      layer.diffId,
      `COPY ${b.settings.workdir} # slipway`,
    );
    const configDescriptor = await layout.writeJson(MediaType.ociConfig, config);
    const manifest: ImageManifest = {
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: configDescriptor,
      layers: [...(from?.manifest.layers ?? []).map(asOciLayer), layer.descriptor],
      ...(base && b.base !== 'scratch'
        ? {
            annotations: {
              [BASE_NAME_ANNOTATION]: formatReference(b.base),
              [BASE_DIGEST_ANNOTATION]: base.digest,
            },
          }
        : {}),
    };
    const written = await layout.writeJson(MediaType.ociManifest, manifest);
    manifests.push({ ...written, platform: from?.platform ?? platform });
  }

  const top =
    manifests.length === 1
      ? (manifests[0] as Descriptor)
      : await layout.writeJson(MediaType.ociIndex, {
          schemaVersion: 2,
          mediaType: MediaType.ociIndex,
          manifests,
        });
  await layout.writeIndex([top]);
  return {
    digest: top.digest,
    mediaType: top.mediaType,
    layoutPath: layout.dir,
    platforms: manifests.map((m) => formatPlatform(m.platform as Platform)),
    layer,
  };
}

// Docker schema 2 layers are the same bytes under another name; an OCI manifest names them the OCI way.
function asOciLayer(d: Descriptor): Descriptor {
  const { mediaType, digest, size, ...rest } = d;
  return { mediaType: toOciLayerType(mediaType), digest, size, ...rest };
}
