import { formatBytes } from '../../core/units.js';
import type { ContextLayer } from './context-layer.js';
import { writeContextLayer } from './context-layer.js';
import type { ImageSettings } from './image-config.js';
import { contextIgnore, DOCKERIGNORE } from './ignore.js';
import { NativeFiles } from './native.js';
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
import type { Clock } from '../../core/clock.js';
import { progressReporter } from '../../core/progress.js';

export interface DaemonlessBuild {
  base: ImageReference | 'scratch';
  /** One directory for every platform, or one per platform (in the order of platforms). */
  context: string | readonly string[];
  /** .dockerignore-style patterns, applied after the context's own .dockerignore. */
  exclude: readonly string[];
  platforms: readonly Platform[];
  settings: ImageSettings;
  output: string;
  /** A registry client for the base's registry, with whatever credentials it needs. */
  connect: (registry: string) => Promise<RegistryClient>;
  log: (line: string) => void;
  /** Where a warning goes (native files in a context several platforms share); `log` when not given. */
  warn?: (line: string) => void;
  /** Given, packing a context says how far it has got every 10 s of it. */
  clock?: Clock;
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
  const contexts = typeof b.context === 'string' ? b.platforms.map(() => b.context as string) : b.context;
  // Awaited together with the pull, which is already running: a pull that fails must never be left
  // without a handler while the layers are written.
  const [layers, base] = await Promise.all([writeLayers(b, contexts, layout), pulling]);

  const manifests: Descriptor[] = [];
  for (const [i, platform] of b.platforms.entries()) {
    const from: BaseImage | undefined = base?.images[i];
    const layer = layers.get(contexts[i] as string) as ContextLayer;
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
    layer: layers.get(contexts[0] as string) as ContextLayer,
  };
}

/**
 * One context layer per distinct directory, packed once however many platforms share it, one after another
 * (each pack already uses every core). A directory that several platforms share is checked for files built for
 * one architecture, from the bytes the pack reads anyway.
 */
async function writeLayers(
  b: DaemonlessBuild,
  contexts: readonly string[],
  layout: OciLayout,
): Promise<Map<string, ContextLayer>> {
  const layers = new Map<string, ContextLayer>();
  const clock = b.clock;
  const perPlatform = new Set(contexts).size > 1;
  for (const dir of new Set(contexts)) {
    const sharing = b.platforms.filter((_, i) => contexts[i] === dir).map(formatPlatform);
    const native = sharing.length > 1 ? new NativeFiles(dir) : undefined;
    const ignore = await contextIgnore(dir, b.exclude);
    const layer = await writeContextLayer(
      dir,
      b.settings.workdir,
      layout,
      { paths: [layout.dir], ignore },
      native,
      clock && ((total) => progressReporter({ what: `packing ${dir}`, total, clock, log: b.log })),
    );
    layers.set(dir, layer);
    const leftOut = ignore.patterns
      ? `; ${layer.leftOut} paths left out by ${ignore.patterns} ${DOCKERIGNORE}/exclude patterns`
      : '';
    const which = perPlatform ? ` for ${sharing.join(', ')} (${dir})` : '';
    b.log(
      `context layer${which} ${layer.descriptor.digest}: ${layer.files} files, ${formatBytes(layer.uncompressedSize)} → ${formatBytes(layer.descriptor.size)} gzipped${leftOut}`,
    );
    const files = native?.describe();
    if (files)
      (b.warn ?? b.log)(
        `the context goes unchanged into ${sharing.join(', ')}, but holds files built for one architecture (${files}); give each platform its own directory with an {arch} placeholder in context, e.g. context: dist/{arch} for dist/amd64 and dist/arm64`,
      );
  }
  return layers;
}

// Docker schema 2 layers are the same bytes under another name; an OCI manifest names them the OCI way.
function asOciLayer(d: Descriptor): Descriptor {
  const { mediaType, digest, size, ...rest } = d;
  return { mediaType: toOciLayerType(mediaType), digest, size, ...rest };
}
