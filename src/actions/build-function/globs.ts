import picomatch from 'picomatch';
import { InputError } from '../../core/errors.js';
import type { Inputs } from '../../core/inputs.js';

// Bounds that no real list of globs comes near, and that keep picomatch (which refuses patterns over 64 KiB
// with an error naming no input) and the walk's matching cheap.
const MAX_INPUT_CHARS = 16 * 1024;
const MAX_PATTERNS = 200;
const MAX_PATTERN_CHARS = 1024;

/**
 * A list of globs (one per line or comma-separated), each checked by compiling it as the walk will, so a
 * bad one is an InputError naming the input rather than picomatch's own error later.
 */
export function globList(i: Inputs, name: string): string[] {
  const text = i.text(name);
  if (text.length > MAX_INPUT_CHARS)
    throw new InputError(name, `is ${text.length} characters long; at most ${MAX_INPUT_CHARS} are allowed`);
  const patterns = i.list(name);
  if (patterns.length > MAX_PATTERNS)
    throw new InputError(name, `has ${patterns.length} patterns; at most ${MAX_PATTERNS} are allowed`);
  for (const p of patterns) {
    const shown = JSON.stringify(p.length > 60 ? `${p.slice(0, 57)}...` : p);
    if (p.length > MAX_PATTERN_CHARS)
      throw new InputError(name, `pattern ${shown} is ${p.length} characters; at most ${MAX_PATTERN_CHARS}`);
    if (p.startsWith('/') || /(^|\/)\.\.(\/|$)/.test(p))
      throw new InputError(
        name,
        `pattern ${shown} is not allowed; expected a glob relative to source, such as src/** or !**/*.map, without .. or a leading /`,
      );
    try {
      picomatch(p, { dot: true });
    } catch (err) {
      throw new InputError(name, `pattern ${shown} is not a valid glob: ${(err as Error).message}`);
    }
  }
  return patterns;
}
