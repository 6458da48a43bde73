import type { ContainerConfig, ImageConfig, Platform } from './media-types.js';
import { checkPlatform } from './platform.js';

/** What build-image sets on top of the base's config; undefined keeps the base's value. */
export interface ImageSettings {
  entrypoint?: string[];
  cmd?: string[];
  /** In order; a key the base already has is replaced in place. */
  env: ReadonlyArray<readonly [string, string]>;
  user?: string;
  labels: Readonly<Record<string, string>>;
  /** `8080/tcp`, `53/udp`. */
  expose: readonly string[];
  workdir: string;
  /** RFC 3339 creation time of the config and its history entry; EPOCH_ISO when not given. */
  created?: string;
}

const PLATFORM_FIELDS = ['os', 'architecture', 'variant', 'os.version', 'os.features'] as const;

/**
 * The platform a config declares, checked against the OCI values (`platformProblem`): a base's config comes from
 * a registry. `where` names the image, e.g. `base ghcr.io/org/img:1`.
 */
export function configPlatform(config: ImageConfig, where: string): Platform {
  const fields: Record<string, unknown> = {};
  for (const field of PLATFORM_FIELDS) if (config[field] !== undefined) fields[field] = config[field];
  return checkPlatform(`${where}: its config`, fields);
}

// A fixed creation time keeps the config (and so the digest) a function of the inputs alone.
export const EPOCH_ISO = '1970-01-01T00:00:00Z';
// What BuildKit gives an image built FROM scratch, so binaries on the usual paths run.
const SCRATCH_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * The new image's config: the base's config (or an empty one for scratch) with the settings applied and the
 * context layer's diff id appended. As in a Dockerfile, a new entrypoint clears a cmd inherited from the base.
 */
export function applySettings(
  base: ImageConfig | undefined,
  platform: Platform,
  settings: ImageSettings,
  layerDiffId: string,
  createdBy: string,
): ImageConfig {
  const inherited: ContainerConfig = { ...(base?.config ?? { Env: [SCRATCH_PATH] }) };
  const env = [...(inherited.Env ?? [])];
  for (const [key, value] of settings.env) {
    const at = env.findIndex((e) => e.split('=')[0] === key);
    if (at >= 0) env[at] = `${key}=${value}`;
    else env.push(`${key}=${value}`);
  }
  const config: ContainerConfig = { ...inherited, Env: env, WorkingDir: settings.workdir };
  if (settings.entrypoint) {
    config.Entrypoint = settings.entrypoint;
    if (!settings.cmd) delete config.Cmd;
  }
  if (settings.cmd) config.Cmd = settings.cmd;
  if (settings.user !== undefined) config.User = settings.user;
  if (Object.keys(settings.labels).length)
    config.Labels = { ...(inherited.Labels ?? {}), ...settings.labels };
  if (settings.expose.length) {
    const ports: Record<string, object> = { ...(inherited.ExposedPorts ?? {}) };
    for (const p of settings.expose) ports[p] = {};
    config.ExposedPorts = ports;
  }
  // The platform fields come from the platform the base was chosen as, never from the base's own config. Each
  // is set in place (a base's key order, and so the digest, stays as it was), and one the platform lacks goes.
  const result: ImageConfig = {
    ...(base ?? {}),
    created: settings.created ?? EPOCH_ISO,
    architecture: platform.architecture,
    os: platform.os,
    ...(platform.variant ? { variant: platform.variant } : {}),
    ...(platform['os.version'] !== undefined ? { 'os.version': platform['os.version'] } : {}),
    ...(platform['os.features'] !== undefined ? { 'os.features': platform['os.features'] } : {}),
    config,
    rootfs: { type: 'layers', diff_ids: [...(base?.rootfs.diff_ids ?? []), layerDiffId] },
    history: [
      ...(base?.history ?? []),
      { created: settings.created ?? EPOCH_ISO, created_by: createdBy, comment: 'slipway build-image' },
    ],
  };
  if (!platform.variant) delete result.variant;
  if (platform['os.version'] === undefined) delete result['os.version'];
  if (platform['os.features'] === undefined) delete result['os.features'];
  return result;
}
