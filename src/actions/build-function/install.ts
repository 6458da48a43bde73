import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../core/errors.js';
import type { Inputs } from '../../core/inputs.js';
import type { Architecture, PipTarget } from '../../artifacts/pip-staging.js';

export type Install = 'none' | 'npm' | 'pnpm' | 'yarn' | 'pip';

/** What each install reads, and so needs in the source directory. */
const LOCKFILES: ReadonlyArray<[Exclude<Install, 'none'>, string, string]> = [
  ['npm', 'package-lock.json', 'npm ci installs from it'],
  ['pnpm', 'pnpm-lock.yaml', 'pnpm install --frozen-lockfile installs from it'],
  ['yarn', 'yarn.lock', 'yarn install --frozen-lockfile installs from it'],
  ['pip', 'requirements.txt', 'pip install -r installs from it'],
];

// Lambda's runtime identifiers (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html). Python
// from 3.9, the oldest Lambda still runs, to 3.14, the newest it has: pip needs the exact version.
const PYTHON = /^python3\.(9|1[0-4])$/;
const NODE = /^nodejs\d{2}\.x$/;
const OTHER = /^(java\d+|dotnet\d+|ruby\d\.\d+|provided(\.al2|\.al2023)?)$/;
const RUNTIMES =
  'a Lambda runtime such as python3.12 (python3.9 to python3.14), nodejs22.x or provided.al2023';

/** `install: auto`: the one install whose lockfile the source has. */
function detect(source: string): Exclude<Install, 'none'> {
  const found = LOCKFILES.filter(([, file]) => existsSync(join(source, file)));
  const [only] = found;
  if (only && found.length === 1) return only[0];
  const files = LOCKFILES.map(([, f]) => f).join(', ');
  if (found.length === 0)
    throw new InputError('install', `auto found none of ${files} in ${source}; name the install, or none`);
  throw new InputError(
    'install',
    `auto found ${found.map(([, f]) => f).join(' and ')} in ${source}; name the install (${found.map(([i]) => i).join(' or ')})`,
  );
}

/** Yarn 2+ (berry) is a different tool, with its own commands and layout: only Yarn 1 is supported. */
function refuseBerry(source: string): void {
  const lock = readFileSync(join(source, 'yarn.lock'), 'utf8');
  let why: string | undefined;
  if (existsSync(join(source, '.yarnrc.yml'))) why = 'it has a .yarnrc.yml';
  else if (/^__metadata:/m.test(lock)) why = 'its yarn.lock is in the Yarn 2+ format';
  else {
    const manager = packageManager(source);
    if (manager && /^yarn@([2-9]|\d\d)/.test(manager)) why = `package.json says packageManager ${manager}`;
  }
  if (why)
    throw new InputError(
      'install',
      `yarn supports Yarn 1 (classic) projects, and ${source} is a Yarn 2+ project (${why}); ` +
        'use install: none after your own yarn workspaces focus --production with nodeLinker: node-modules',
    );
}

function packageManager(source: string): string | undefined {
  try {
    const pkg = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')) as {
      packageManager?: unknown;
    };
    return typeof pkg.packageManager === 'string' ? pkg.packageManager.slice(0, 40) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `install`, `runtime`, `architecture` and `python`, checked together: the install's file is in the
 * source, pip has a Python runtime, a Node install no other runtime's, and `python` is for pip alone.
 */
export function installInputs(
  i: Inputs,
  source: string,
): {
  install: Install;
  runtime: string | undefined;
  /** As given: unset means Lambda's default, x86_64. */
  architecture: Architecture | undefined;
  pip: PipTarget | undefined;
} {
  const chosen = i.oneOf('install', ['none', 'auto', 'npm', 'pnpm', 'yarn', 'pip'] as const, 'none');
  const install = chosen === 'auto' ? detect(source) : chosen;
  const entry = LOCKFILES.find(([name]) => name === install);
  if (entry && !existsSync(join(source, entry[1])))
    throw new InputError('install', `${install} needs a ${entry[1]} in ${source} (${entry[2]})`);
  if (install === 'yarn') refuseBerry(source);

  const runtime = i.optional('runtime', {
    re: new RegExp(`${PYTHON.source}|${NODE.source}|${OTHER.source}`),
    allowed: RUNTIMES,
  });
  const architecture = i.given('architectures')
    ? i.oneOf('architectures', ['x86_64', 'arm64'] as const)
    : undefined;
  if (install === 'pip' && !runtime)
    throw new InputError(
      'runtime',
      'is required with install: pip (python3.9 to python3.14, such as python3.12)',
    );
  if (install === 'pip' && runtime && !PYTHON.test(runtime))
    throw new InputError(
      'runtime',
      `${runtime} is not a Python runtime; install: pip needs python3.9 to python3.14`,
    );
  if ((install === 'npm' || install === 'pnpm' || install === 'yarn') && runtime && !NODE.test(runtime))
    throw new InputError(
      'runtime',
      `${runtime} is not a Node.js runtime; install: ${install} needs nodejs<N>.x`,
    );

  const python = i.optional('python', {
    re: /^[\w./+-]+$/,
    allowed: 'an interpreter on PATH (such as python3.12) or a path to one, without spaces or quotes',
  });
  if (python && install !== 'pip')
    throw new InputError('python', `applies only with install: pip (install is ${install})`);
  const pip =
    install === 'pip' && runtime
      ? {
          python: python ?? 'python3',
          pythonVersion: runtime.slice('python'.length),
          architecture: architecture ?? 'x86_64',
        }
      : undefined;
  return { install, runtime, architecture, pip };
}
