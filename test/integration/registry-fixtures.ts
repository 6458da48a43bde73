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

/**
 * A stand-in `docker` in a new bin folder, for the Dockerfile path: it records its argv and environment in
 * `record` (JSON `{ args, env }`), writes `stderr` as BuildKit talks, and writes the OCI layout in `layout`
 * as a tar where `--output type=oci,dest=` says. Put `bin` first on PATH.
 */
export function fakeDocker(layout: string, stderr: readonly string[] = []): { bin: string; record: string } {
  const bin = tempDir('bin');
  const record = join(bin, 'record.json');
  writeFileSync(
    join(bin, 'docker'),
    [
      `#!${process.execPath}`,
      "const { execFileSync } = require('node:child_process');",
      "const { writeFileSync } = require('node:fs');",
      'const args = process.argv.slice(2);',
      "if (args[1] === 'version') process.exit(0);",
      `writeFileSync(${JSON.stringify(record)}, JSON.stringify({ args, env: process.env }));`,
      ...stderr.map((chunk) => `process.stderr.write(${JSON.stringify(chunk)});`),
      "const dest = args[args.indexOf('--output') + 1].replace('type=oci,dest=', '');",
      `execFileSync('tar', ['-C', ${JSON.stringify(layout)}, '-cf', dest, '.']);`,
    ].join('\n'),
    { mode: 0o755 },
  );
  return { bin, record };
}
