import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { writeContextLayer } from '../../src/artifacts/oci/context-layer.js';
import { OciLayout } from '../../src/artifacts/oci/layout.js';
import type {
  Descriptor,
  ImageConfig,
  ImageManifest,
  Platform,
} from '../../src/artifacts/oci/media-types.js';
import { MediaType } from '../../src/artifacts/oci/media-types.js';
import { formatPlatform } from '../../src/artifacts/oci/platform.js';

const run = promisify(execFile);

export const tempDir = (prefix: string): string => mkdtempSync(join(tmpdir(), `slipway-${prefix}-`));

/** Runs skopeo (an independent OCI implementation) against the loopback registry, without TLS. */
export async function skopeo(...args: string[]): Promise<string> {
  const { stdout } = await run('skopeo', args, { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/**
 * Writes a tiny base image to an OCI layout: per platform, one layer holding /etc/base-release (naming the
 * platform) and a config with a Cmd, an Env and a label, so that tests can see what the build inherits.
 */
export async function writeBaseLayout(
  platforms: readonly Platform[],
): Promise<{ dir: string; digest: string }> {
  const dir = join(tempDir('base'), 'layout');
  const layout = await OciLayout.create(dir);
  const manifests: Descriptor[] = [];
  for (const platform of platforms) {
    const tree = tempDir('base-tree');
    mkdirSync(join(tree, 'etc'));
    writeFileSync(join(tree, 'etc', 'base-release'), `base for ${formatPlatform(platform)}\n`);
    const layer = await writeContextLayer(tree, '/', layout);
    const config: ImageConfig = {
      architecture: platform.architecture,
      os: platform.os,
      ...(platform.variant ? { variant: platform.variant } : {}),
      config: { Env: ['PATH=/usr/bin:/bin', 'BASE=yes'], Cmd: ['sh'], Labels: { 'base.label': 'kept' } },
      rootfs: { type: 'layers', diff_ids: [layer.diffId] },
    };
    const manifest: ImageManifest = {
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: await layout.writeJson(MediaType.ociConfig, config),
      layers: [layer.descriptor],
    };
    manifests.push({ ...(await layout.writeJson(MediaType.ociManifest, manifest)), platform });
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
  return { dir, digest: top.digest };
}

/** Pushes a base image to the registry with skopeo, so the pull side is tested against another tool's push. */
export async function seedBase(
  host: string,
  nameAndTag: string,
  platforms: readonly Platform[],
  format: 'oci' | 'v2s2' = 'oci',
): Promise<string> {
  const { dir } = await writeBaseLayout(platforms);
  await skopeo(
    'copy',
    '--quiet',
    '--dest-tls-verify=false',
    ...(platforms.length > 1 ? ['--all'] : []),
    ...(format === 'v2s2' ? ['--format', 'v2s2'] : []),
    `oci:${dir}`,
    `docker://${host}/${nameAndTag}`,
  );
  return (await skopeo('inspect', '--tls-verify=false', '--raw', `docker://${host}/${nameAndTag}`)).trim();
}
