import { ActionError } from '../../core/errors.js';
import type { Platform } from './media-types.js';

/** Architectures Linux images are published for, and so the ones the platforms input takes. */
export const ARCHITECTURES = [
  'amd64',
  'arm64',
  'arm',
  '386',
  'ppc64le',
  's390x',
  'riscv64',
  'mips64le',
  'loong64',
];

// The image index (opencontainers/image-spec image-index.md, "platform") says `os` and `architecture` take
// the values of Go's GOOS and GOARCH: these are Go's lists (go/build/syslist.go, knownOS and knownArch).
export const OCI_OPERATING_SYSTEMS = [
  'aix',
  'android',
  'darwin',
  'dragonfly',
  'freebsd',
  'hurd',
  'illumos',
  'ios',
  'js',
  'linux',
  'nacl',
  'netbsd',
  'openbsd',
  'plan9',
  'solaris',
  'wasip1',
  'windows',
  'zos',
];
export const OCI_ARCHITECTURES = [
  '386',
  'amd64',
  'amd64p32',
  'arm',
  'armbe',
  'arm64',
  'arm64be',
  'loong64',
  'mips',
  'mipsle',
  'mips64',
  'mips64le',
  'mips64p32',
  'mips64p32le',
  'ppc',
  'ppc64',
  'ppc64le',
  'riscv',
  'riscv64',
  's390',
  's390x',
  'sparc',
  'sparc64',
  'wasm',
];

const POWER = ['power8', 'power9', 'power10'];
/**
 * Variants by architecture: the image index's table (arm v6, v7, v8; arm64 v8) and the levels Go builds for,
 * which containerd matches (GOARM v5, GOAMD64 v1 to v4, GOARM64 v8.0 to v9.5, GOPPC64, GORISCV64). Any other
 * variant, or one on another architecture, is refused: the variant is copied into the new image and printed.
 */
const VARIANTS: Readonly<Record<string, readonly string[]>> = {
  arm: ['v5', 'v6', 'v7', 'v8'],
  arm64: [
    'v8',
    ...Array.from({ length: 10 }, (_, i) => `v8.${i}`),
    'v9',
    ...Array.from({ length: 6 }, (_, i) => `v9.${i}`),
  ],
  amd64: ['v1', 'v2', 'v3', 'v4'],
  ppc64: POWER,
  ppc64le: POWER,
  riscv64: ['rva20u64', 'rva22u64', 'rva23u64'],
};
// os.version and os.features are implementation-defined (Windows: 10.0.17763.1066, win32k): a safe shape.
const OS_VERSION = /^[A-Za-z0-9][A-Za-z0-9._+~-]{0,63}$/;
const OS_FEATURE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** A value from a registry as one short line of ASCII: JSON, with everything outside printable ASCII escaped. */
function show(value: unknown): string {
  const text = (JSON.stringify(value) ?? String(value)).replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * What is wrong with a platform object (an index entry's `platform`, or a config's fields), checked against the
 * OCI values above; undefined when nothing is. An empty variant counts as none.
 */
export function platformProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return `the platform ${show(value)} is not an object`;
  const p = value as Record<string, unknown>;
  if (typeof p['os'] !== 'string' || !OCI_OPERATING_SYSTEMS.includes(p['os']))
    return `os ${show(p['os'])} is not a GOOS value (such as linux or windows)`;
  const arch = p['architecture'];
  if (typeof arch !== 'string' || !OCI_ARCHITECTURES.includes(arch))
    return `architecture ${show(arch)} is not a GOARCH value (such as amd64 or arm64)`;
  const variant = p['variant'];
  if (variant !== undefined && variant !== '') {
    const allowed = VARIANTS[arch] ?? [];
    if (typeof variant !== 'string' || !allowed.includes(variant))
      return `variant ${show(variant)} is not an OCI variant of ${arch} (${allowed.length ? allowed.join(', ') : 'it has none'})`;
  }
  const version = p['os.version'];
  if (version !== undefined && (typeof version !== 'string' || !OS_VERSION.test(version)))
    return `os.version ${show(version)} is not a version of letters, digits and . _ + ~ -`;
  const features = p['os.features'];
  if (
    features !== undefined &&
    (!Array.isArray(features) ||
      features.length > 16 ||
      !features.every((f) => typeof f === 'string' && OS_FEATURE.test(f)))
  )
    return `os.features ${show(features)} is not a list of words (letters, digits and . _ -)`;
  return undefined;
}

/**
 * The platform `value` describes, with only the platform fields, or an ActionError saying `where` and what is
 * wrong: an index entry or a config comes from a registry, and its platform reaches the log, the new image and
 * the platforms output.
 */
export function checkPlatform(where: string, value: unknown): Platform {
  const problem = platformProblem(value);
  if (problem) throw new ActionError(`${where}: ${problem}`);
  const p = value as Platform;
  return {
    os: p.os,
    architecture: p.architecture,
    ...(p.variant ? { variant: p.variant } : {}),
    ...(p['os.version'] !== undefined ? { 'os.version': p['os.version'] } : {}),
    ...(p['os.features'] !== undefined ? { 'os.features': [...p['os.features']] } : {}),
  };
}

/** `linux/arm64/v8` → {os, architecture, variant}; undefined when the text is not of that form. */
export function parsePlatform(text: string): Platform | undefined {
  const m = /^([a-z0-9]+)\/([a-z0-9_]+)(?:\/([a-z0-9][a-z0-9.]*))?$/.exec(text.trim());
  if (!m) return undefined;
  return { os: m[1] as string, architecture: m[2] as string, ...(m[3] ? { variant: m[3] } : {}) };
}

export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

// arm64 images usually say v8 or nothing; they mean the same (containerd's platforms.Normalize).
function variantOf(p: Platform): string | undefined {
  if (p.architecture === 'arm64' && (p.variant === undefined || p.variant === 'v8')) return undefined;
  return p.variant;
}

/** Whether an index entry's platform serves the platform asked for. */
export function platformMatches(wanted: Platform, offered: Platform | undefined): boolean {
  if (!offered) return false;
  if (wanted.os !== offered.os || wanted.architecture !== offered.architecture) return false;
  // `linux/arm` without a variant takes any arm variant; a named variant must match.
  return wanted.variant === undefined || variantOf(wanted) === variantOf(offered);
}

/** Index entries that are images, not attestations (BuildKit labels those `unknown/unknown`). */
export function isRealPlatform(p: Platform | undefined): p is Platform {
  return p !== undefined && p.os !== 'unknown' && p.architecture !== 'unknown';
}
