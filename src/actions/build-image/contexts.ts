import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Platform } from '../../artifacts/oci/media-types.js';
import { formatPlatform } from '../../artifacts/oci/platform.js';
import { InputError } from '../../core/errors.js';

const PLACEHOLDER = /\{([^{}]*)\}/g;
const NAMES = ['os', 'arch', 'variant'] as const;

const show = (v: string): string => JSON.stringify(v.length > 80 ? `${v.slice(0, 77)}...` : v);

/** Whether `context` names a directory per platform ({os}, {arch} or {variant} in it). */
export const hasPlaceholder = (context: string): boolean => /\{[^{}]*\}/.test(context);

/** Refuses a placeholder other than {os}, {arch} and {variant}, and a lone brace. */
export function checkPlaceholders(context: string): void {
  for (const m of context.matchAll(PLACEHOLDER))
    if (!(NAMES as readonly string[]).includes(m[1] as string))
      throw new InputError(
        'context',
        `${show(context)} has the placeholder ${show(m[0])}; expected {os}, {arch} or {variant}, e.g. dist/{arch}`,
      );
  if (/[{}]/.test(context.replace(PLACEHOLDER, '')))
    throw new InputError(
      'context',
      `${show(context)} has a brace outside a placeholder; expected {os}, {arch} or {variant}, e.g. dist/{arch}`,
    );
}

/** The context of one platform; {variant} is empty for a platform without one (linux/amd64). */
export function contextFor(context: string, p: Platform): string {
  const values: Record<string, string> = { os: p.os, arch: p.architecture, variant: p.variant ?? '' };
  return context.replace(PLACEHOLDER, (_, name: string) => values[name] ?? '');
}

/** One absolute directory per platform, each checked to exist; nothing is read or fetched before this. */
export function platformContexts(context: string, platforms: readonly Platform[], cwd: string): string[] {
  checkPlaceholders(context);
  return platforms.map((p) => {
    const raw = contextFor(context, p);
    const path = resolve(cwd, raw);
    if (!existsSync(path) || !statSync(path).isDirectory())
      throw new InputError(
        'context',
        `${show(context)} is ${show(raw)} for ${formatPlatform(p)}, which is not a directory; make one per platform (e.g. dist/amd64 and dist/arm64 for dist/{arch})`,
      );
    return path;
  });
}
