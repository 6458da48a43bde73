import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ActionError } from '../../core/errors.js';
import type { BuiltImage } from './build.js';
import type { OciLayout } from './layout.js';
import type { Descriptor, ImageConfig, ImageManifest, Platform } from './media-types.js';
import { formatPlatform, isRealPlatform } from './platform.js';
import { unpackLayoutTar } from './unpack.js';

/** Runs a program with an argument array (no shell); @actions/exec's getExecOutput fits. */
export type ExecFn = (
  command: string,
  args: string[],
  options: { ignoreReturnCode: boolean; silent: boolean },
) => Promise<{ exitCode: number; stdout: string; stderr: string }>;

export interface DockerfileBuild {
  dockerfile: string;
  context: string;
  platforms: readonly Platform[];
  buildArgs: readonly string[];
  target?: string;
  labels: Readonly<Record<string, string>>;
  output: string;
  tempDir: string;
  exec: ExecFn;
  log: (line: string) => void;
}

const NEED_BUILDX = 'dockerfile: building from a Dockerfile needs docker with buildx';

/** The arguments of `docker buildx build`; provenance off, so the result is plain images Lambda and ECS accept. */
export function buildxArgs(b: DockerfileBuild, tarPath: string): string[] {
  // buildx reads --output as CSV: quote the field if the path holds a comma or a quote.
  const dest = /[",]/.test(tarPath) ? `"dest=${tarPath.replace(/"/g, '""')}"` : `dest=${tarPath}`;
  return [
    'buildx',
    'build',
    '--provenance=false',
    '--file',
    b.dockerfile,
    '--platform',
    b.platforms.map(formatPlatform).join(','),
    '--output',
    `type=oci,${dest}`,
    ...b.buildArgs.flatMap((a) => ['--build-arg', a]),
    ...Object.entries(b.labels).flatMap(([k, v]) => ['--label', `${k}=${v}`]),
    ...(b.target ? ['--target', b.target] : []),
    b.context,
  ];
}

/** Builds with `docker buildx build` into an OCI tar, then unpacks it into the same layout the daemonless build writes. */
export async function buildWithDockerfile(b: DockerfileBuild): Promise<BuiltImage> {
  let probe;
  try {
    probe = await b.exec('docker', ['buildx', 'version'], { ignoreReturnCode: true, silent: true });
  } catch {
    throw new ActionError(
      `${NEED_BUILDX}, and docker was not found on PATH; install it, or remove dockerfile to build without docker`,
    );
  }
  if (probe.exitCode !== 0) {
    const why = (probe.stderr || probe.stdout).trim().split('\n')[0] ?? '';
    throw new ActionError(
      `${NEED_BUILDX}; \`docker buildx version\` failed${why ? `: ${why}` : ''}. Install buildx, or remove dockerfile to build without docker`,
    );
  }
  const tarPath = join(b.tempDir, `slipway-image-${randomUUID()}.tar`);
  try {
    const args = buildxArgs(b, tarPath);
    const built = await b.exec('docker', args, { ignoreReturnCode: true, silent: false });
    if (built.exitCode !== 0)
      throw new ActionError(
        `docker buildx build failed with exit code ${built.exitCode}; its output is above`,
      );
    const layout = await unpackLayoutTar(tarPath, b.output);
    const top = await layout.top();
    const images = await layout.images(top);
    const platforms = await layoutPlatforms(layout, images);
    b.log(`docker buildx wrote ${top.digest} (${platforms.join(', ')}); unpacked into ${layout.dir}`);
    return { digest: top.digest, mediaType: top.mediaType, layoutPath: layout.dir, platforms };
  } finally {
    await rm(tarPath, { force: true });
  }
}

/** Each image's platform: from its index entry, else (a lone manifest often has none there) from its config. */
async function layoutPlatforms(
  layout: OciLayout,
  images: Array<{ descriptor: Descriptor; manifest: ImageManifest }>,
): Promise<string[]> {
  const out: string[] = [];
  for (const { descriptor, manifest } of images) {
    if (descriptor.platform) {
      if (isRealPlatform(descriptor.platform)) out.push(formatPlatform(descriptor.platform));
      continue;
    }
    const c = await layout.readJson<ImageConfig>(manifest.config.digest);
    out.push(
      formatPlatform({
        os: c.os,
        architecture: c.architecture,
        ...(c.variant ? { variant: c.variant } : {}),
      }),
    );
  }
  return out;
}
