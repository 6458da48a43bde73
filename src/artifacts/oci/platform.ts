import type { Platform } from './media-types.js';

/** Architectures Linux images are published for (the GOARCH values the OCI image spec refers to). */
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

/** `linux/arm64/v8` → {os, architecture, variant}; undefined when the text is not of that form. */
export function parsePlatform(text: string): Platform | undefined {
  const m = /^([a-z0-9]+)\/([a-z0-9_]+)(?:\/([a-z0-9]+))?$/.exec(text.trim());
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
