import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../../core/errors.js';
import type { Io } from '../../core/io.js';
import { Inputs } from '../../core/inputs.js';
import { DEFAULT_ZIP_LEVEL } from '../../artifacts/zip.js';
import type { Architecture, PipTarget } from '../../artifacts/pip-staging.js';
import { globList } from './globs.js';
import type { Install } from './install.js';
import { installInputs } from './install.js';

export interface BuildFunctionInputs {
  source: string;
  include: string[];
  exclude: string[];
  output: string;
  install: Install;
  /** The function's runtime, when given (pip needs it). */
  runtime: string | undefined;
  /** The function's architecture, when given (Lambda's default is x86_64). */
  architecture: Architecture | undefined;
  /** For install: pip, the interpreter, Python version and architecture pip installs for. */
  pip: PipTarget | undefined;
  compressionLevel: number;
}

export function getInputs(io: Io, cwd: string): Readonly<BuildFunctionInputs> {
  const i = new Inputs((n) => io.getInput(n));
  const source = resolve(cwd, i.raw('source') || '.');
  if (!existsSync(source) || !statSync(source).isDirectory())
    throw new InputError('source', `${JSON.stringify(i.raw('source') || '.')} is not a directory`);
  const { install, runtime, architecture, pip } = installInputs(i, source);
  const output = i.optional('output', { re: /\.zip$/, allowed: 'a path ending in .zip' }) ?? 'function.zip';
  return Object.freeze({
    source,
    include: globList(i, 'include'),
    exclude: globList(i, 'exclude'),
    output: resolve(cwd, output),
    install,
    runtime,
    architecture,
    pip,
    compressionLevel: i.int('compression-level', { min: 0, max: 9 }, DEFAULT_ZIP_LEVEL),
  });
}
