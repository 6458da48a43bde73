import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const WORDS = [
  'const',
  'return',
  'function',
  'await',
  'import',
  'export',
  'value',
  'item',
  'result',
  'error',
  'async',
  'map',
];

export interface SourcePackages {
  /** Seeds the generator: the same seed writes the same bytes. */
  seed: number;
  packages: number;
  filesPerPackage: number;
  /** Each file's size is minSize plus up to sizeSpread more. */
  minSize: number;
  sizeSpread: number;
}

/**
 * Writes `<root>/pkg<d>/lib/m<f>.js` files of source-like text (words with random suffixes: compressible,
 * but not trivially), the same for the same settings; returns the bytes and files written.
 */
export function writeSourcePackages(root: string, s: SourcePackages): { bytes: number; files: number } {
  let seed = s.seed;
  const rand = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  let bytes = 0;
  let files = 0;
  for (let d = 0; d < s.packages; d++) {
    const dir = join(root, `pkg${d}`, 'lib');
    mkdirSync(dir, { recursive: true });
    for (let f = 0; f < s.filesPerPackage; f++) {
      const size = s.minSize + Math.floor(rand() * s.sizeSpread);
      let text = '';
      while (text.length < size)
        text += `${WORDS[Math.floor(rand() * WORDS.length)]}_${Math.floor(rand() * 1e6).toString(36)} `;
      writeFileSync(join(dir, `m${f}.js`), text);
      bytes += text.length;
      files++;
    }
  }
  return { bytes, files };
}
