import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { ActionError } from '../../core/errors.js';
import type { BuiltImage } from './build.js';
import type { OciLayout } from './layout.js';
import type { Descriptor, ImageConfig, ImageManifest, Platform } from './media-types.js';
import { configPlatform } from './image-config.js';
import { checkPlatform, formatPlatform, isRealPlatform } from './platform.js';
import { unpackLayoutTar } from './unpack.js';

/** Runs a program with an argument array (no shell); @actions/exec's getExecOutput fits. */
export type ExecFn = (
  command: string,
  args: string[],
  options: {
    ignoreReturnCode: boolean;
    /** Always true: exec would echo the whole command line, build-arg values included, and raw output. */
    silent: boolean;
    /** The child's whole environment. */
    env?: Record<string, string>;
    listeners?: { stdout?: (data: Buffer) => void; stderr?: (data: Buffer) => void };
  },
) => Promise<{ exitCode: number; stdout: string; stderr: string }>;

/** A BuildKit secret: its value reaches buildx only through the child's environment. */
export interface BuildSecret {
  id: string;
  value: string;
}

export interface DockerfileBuild {
  dockerfile: string;
  context: string;
  platforms: readonly Platform[];
  buildArgs: readonly string[];
  secrets: readonly BuildSecret[];
  /** The environment docker runs in (the action's own); the secrets are added to it. */
  env: Readonly<Record<string, string | undefined>>;
  target?: string;
  labels: Readonly<Record<string, string>>;
  /** --cache-from / --cache-to values, as docker/build-push-action takes them (type=gha, type=registry,ref=...). */
  cacheFrom?: readonly string[];
  cacheTo?: readonly string[];
  /** The image's creation time (seconds since 1970); buildx reads it from SOURCE_DATE_EPOCH. */
  sourceDateEpoch?: number;
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
    ...b.secrets.flatMap((x, i) => ['--secret', `id=${x.id},env=${secretEnv(i)}`]),
    ...Object.entries(b.labels).flatMap(([k, v]) => ['--label', `${k}=${v}`]),
    ...(b.cacheFrom ?? []).flatMap((c) => ['--cache-from', c]),
    ...(b.cacheTo ?? []).flatMap((c) => ['--cache-to', c]),
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
    b.log(`docker ${displayArgs(args)}`);
    const out = lineSplitter(b.log);
    const err = lineSplitter(b.log);
    const built = await b.exec('docker', args, {
      ignoreReturnCode: true,
      silent: true,
      env: childEnv(b),
      listeners: { stdout: out.push, stderr: err.push },
    });
    out.end();
    err.end();
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
  // Checked as a pulled base's are: a Dockerfile's FROM decides what buildx writes there.
  const out: string[] = [];
  for (const { descriptor, manifest } of images) {
    if (descriptor.platform) {
      if (isRealPlatform(descriptor.platform))
        out.push(formatPlatform(checkPlatform('docker buildx output: its index', descriptor.platform)));
      continue;
    }
    const c = await layout.readJson<ImageConfig>(manifest.config.digest);
    out.push(formatPlatform(configPlatform(c, 'docker buildx output')));
  }
  return out;
}

const secretEnv = (i: number): string => `SLIPWAY_SECRET_${i}`;

function childEnv(b: DockerfileBuild): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(b.env)) if (v !== undefined) env[k] = v;
  b.secrets.forEach((x, i) => (env[secretEnv(i)] = x.value));
  // The whole environment goes through, so buildx's gha cache finds ACTIONS_RUNTIME_TOKEN, ACTIONS_CACHE_URL
  // and ACTIONS_RESULTS_URL there, as the runner gives them to actions.
  if (b.sourceDateEpoch !== undefined) env['SOURCE_DATE_EPOCH'] = String(b.sourceDateEpoch);
  return env;
}

// Credential fields a cache line may hold (s3's keys, gha's token): their values never reach the log.
const CACHE_CREDENTIAL = /((?:^|,)(?:secret_access_key|session_token|access_key_id|token)=)[^,]*/g;

/**
 * The command line as the log shows it: each build-arg's value as *** (build args often carry tokens, and a
 * value such as `true` cannot be masked without garbling the log), and an argument with spaces or quotes
 * quoted as JSON.
 */
export function displayArgs(args: readonly string[]): string {
  return args
    .map((a, i) => (args[i - 1] === '--build-arg' ? `${a.split('=')[0]}=***` : a))
    .map((a, i) => (/^--cache-(from|to)$/.test(args[i - 1] ?? '') ? a.replace(CACHE_CREDENTIAL, '$1***') : a))
    .map((a) => (/^[\w./:=,@%+*-]+$/.test(a) ? a : JSON.stringify(a)))
    .join(' ');
}

/** Cuts a child's output into lines for `log`, keeping a last line that has no line feed (`end`). */
function lineSplitter(log: (line: string) => void): { push: (data: Buffer) => void; end: () => void } {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  const emit = (text: string): void => {
    const lines = (rest + text).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) log(line.replace(/\r$/, ''));
  };
  return {
    push: (data) => emit(decoder.write(data)),
    end: () => {
      emit(decoder.end());
      if (rest !== '') log(rest.replace(/\r$/, ''));
      rest = '';
    },
  };
}
