import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError } from '../../core/errors.js';
import type { Io } from '../../core/io.js';
import { Inputs } from '../../core/inputs.js';
import { DEFAULT_ZIP_LEVEL } from '../../artifacts/zip.js';
import { globList } from './globs.js';

export interface BuildFunctionInputs {
  source: string;
  include: string[];
  exclude: string[];
  output: string;
  install: 'none' | 'npm';
  compressionLevel: number;
}

export function getInputs(io: Io, cwd: string): Readonly<BuildFunctionInputs> {
  const i = new Inputs((n) => io.getInput(n));
  const source = resolve(cwd, i.raw('source') || '.');
  if (!existsSync(source) || !statSync(source).isDirectory())
    throw new InputError('source', `${JSON.stringify(i.raw('source') || '.')} is not a directory`);
  const install = i.oneOf('install', ['none', 'npm'] as const, 'none');
  if (install === 'npm' && !existsSync(join(source, 'package-lock.json')))
    throw new InputError('install', `npm needs a package-lock.json in ${source} (npm ci installs from it)`);
  const output = i.optional('output', { re: /\.zip$/, allowed: 'a path ending in .zip' }) ?? 'function.zip';
  return Object.freeze({
    source,
    include: globList(i, 'include'),
    exclude: globList(i, 'exclude'),
    output: resolve(cwd, output),
    install,
    compressionLevel: i.int('compression-level', { min: 0, max: 9 }, DEFAULT_ZIP_LEVEL),
  });
}
