import { readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import picomatch from 'picomatch';

/** Which paths of a build context stay out of the image, by .dockerignore's rules. */
export interface IgnoreRules {
  /** Whether a context-relative POSIX path (no leading `./` or `/`) is left out. */
  excludes(path: string): boolean;
  /** Whether a `!` pattern may bring back a path under `dir` (context-relative), so it must be walked. */
  mayReinclude(dir: string): boolean;
  readonly patterns: number;
}

interface Pattern {
  match: (path: string) => boolean;
  exception: boolean;
  /** Whether the pattern may match `dir` itself, a directory above it, or a path below it. */
  reaches: (dir: string[]) => boolean;
}

/**
 * Patterns match whole paths segment by segment, so one of n segments (without `**`) can match only a path
 * of n segments: beside `dir`, the only candidates are its first n segments, or, for a longer pattern, what
 * lies under `dir` when the pattern's first segments match `dir`.
 */
function reachOf(segments: string[]): (dir: string[]) => boolean {
  if (segments.includes('**')) return () => true;
  const prefixes = new Map<number, (path: string) => boolean>();
  const prefixMatch = (k: number) => {
    let m = prefixes.get(k);
    if (!m) prefixes.set(k, (m = picomatch(segments.slice(0, k).join('/'), { dot: true })));
    return m;
  };
  return (dir) => {
    const k = Math.min(segments.length, dir.length);
    return prefixMatch(k)(dir.slice(0, k).join('/'));
  };
}

/**
 * Rules from .dockerignore lines, with Docker's semantics: `#` comments and blank lines are skipped, a
 * leading `/` or `./` is the context's root, `*` stays within a directory and `**` crosses them, a pattern
 * that matches a directory leaves out everything under it, `!` brings matching paths back, and the last
 * pattern that matches a path decides.
 */
export function parseIgnore(lines: readonly string[]): IgnoreRules {
  const patterns: Pattern[] = [];
  for (const line of lines) {
    let text = line.trim();
    if (text === '' || text.startsWith('#')) continue;
    const exception = text.startsWith('!');
    if (exception) text = text.slice(1).trim();
    const cleaned = posix
      .normalize(text)
      .replace(/^(\.\/|\/)+/, '')
      .replace(/\/+$/, '');
    if (cleaned === '' || cleaned === '.') continue;
    patterns.push({
      match: picomatch(cleaned, { dot: true }),
      exception,
      reaches: reachOf(cleaned.split('/')),
    });
  }
  return {
    patterns: patterns.length,
    mayReinclude(dir) {
      const segments = dir.split('/').filter((x) => x !== '');
      return patterns.some((p) => p.exception && p.reaches(segments));
    },
    excludes(path) {
      // The path itself and each directory above it: `node_modules` leaves out node_modules/a/b.js.
      const parts = path.split('/');
      const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
      let excluded = false;
      for (const p of patterns) if (candidates.some((c) => p.match(c))) excluded = !p.exception;
      return excluded;
    },
  };
}

export const DOCKERIGNORE = '.dockerignore';

/** The context's own .dockerignore (if it has one), then `extra` patterns in the same syntax. */
export async function contextIgnore(context: string, extra: readonly string[]): Promise<IgnoreRules> {
  const file = await readFile(join(context, DOCKERIGNORE), 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return '';
    throw err;
  });
  return parseIgnore([...file.split(/\r?\n/), ...extra]);
}
