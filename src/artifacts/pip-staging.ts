import { existsSync, lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { ActionError } from '../core/errors.js';
import { copyToStaging, runTool } from './staging.js';

export type Architecture = 'x86_64' | 'arm64';

export interface PipTarget {
  /** The interpreter that runs pip (`python3` on PATH, or a path). */
  python: string;
  /** The function's Python, such as 3.12. */
  pythonVersion: string;
  architecture: Architecture;
}

// The glibc of each runtime's OS (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html: Python
// 3.9-3.11 run on Amazon Linux 2, glibc 2.26; 3.12 and later on Amazon Linux 2023, glibc 2.34). A
// manylinux_2_N wheel runs on glibc N and later (PEP 600); pip matches tags exactly, so each is named.
const GLIBC_MINOR = (pythonVersion: string): number => (Number(pythonVersion.split('.')[1]) >= 12 ? 34 : 26);

/**
 * The wheel platforms pip may pick for the function, most preferred first: manylinux2014 (glibc 2.17, the
 * tag AWS's own instructions name) and each newer manylinux_2_N the runtime's glibc runs.
 */
export function pipPlatforms(target: Pick<PipTarget, 'pythonVersion' | 'architecture'>): string[] {
  const arch = target.architecture === 'arm64' ? 'aarch64' : 'x86_64';
  const out: string[] = [];
  for (let n = GLIBC_MINOR(target.pythonVersion); n > 17; n--) out.push(`manylinux_2_${n}_${arch}`);
  return [...out, `manylinux2014_${arch}`];
}

/** pip's arguments: wheels only, for the function's platform and Python, into `dir`, without .pyc files. */
export function pipArgs(target: PipTarget, dir: string): string[] {
  const cp = `cp${target.pythonVersion.replace('.', '')}`;
  return [
    // No .pyc files: they hold the build's time and would change the zip's sha256 on every run.
    '-B',
    '-m',
    'pip',
    'install',
    '-r',
    'requirements.txt',
    ...pipPlatforms(target).flatMap((p) => ['--platform', p]),
    '--implementation',
    'cp',
    '--python-version',
    target.pythonVersion,
    '--abi',
    cp,
    // A source distribution would be built for the runner, not the function; and a build runs its code.
    '--only-binary=:all:',
    '--target',
    dir,
    '--no-compile',
    '--disable-pip-version-check',
    '--no-input',
    // A runner's container runs as root; pip's warning about it says nothing about this install.
    '--root-user-action=ignore',
  ];
}

/** The requirement pip found no wheel for, from its output, if that is why it failed. */
export function missingWheel(lines: readonly string[]): string | undefined {
  for (const l of lines) {
    const m = /No matching distribution found for (\S+)/.exec(l);
    if (m) return m[1];
  }
  for (const l of lines) {
    const m = /Could not find a version that satisfies the requirement (\S+)/.exec(l);
    if (m) return m[1];
  }
  return undefined;
}

/**
 * The first file (not directory) under `from` that `to` already has, relative to both. Checked before the
 * copy rather than left to fs.cp's errorOnExist, which node 24 also raises for a directory both have.
 */
function firstClash(from: string, to: string): string | undefined {
  for (const e of readdirSync(from, { recursive: true, withFileTypes: true })) {
    if (e.isDirectory()) continue;
    const rel = relative(from, join(e.parentPath, e.name));
    if (lstatSync(join(to, rel), { throwIfNoEntry: false }) !== undefined) return rel;
  }
  return undefined;
}

/**
 * Copies `source` into `staging` (an empty directory the caller made, and removes) and installs
 * requirements.txt there for the function's platform, with pip from `target.python`. pip installs into an
 * empty directory of its own first, so that a file of the source and one of a package never silently
 * replace each other. pip reads PIP_* variables from the step's environment (PIP_INDEX_URL, PIP_FIND_LINKS,
 * PIP_NO_INDEX, ...), so a private index or a wheel directory needs no input here.
 */
export async function stageWithPip(
  source: string,
  staging: string,
  target: PipTarget,
  log: (line: string) => void,
): Promise<void> {
  await copyToStaging(source, staging);
  const dir = mkdtempSync(join(dirname(staging), 'slipway-pip-'));
  try {
    const platforms = pipPlatforms(target);
    const args = pipArgs(target, dir);
    log(
      `installing requirements.txt for python${target.pythonVersion} on ${target.architecture} in ${staging}: ` +
        `${target.python} ${args.join(' ')}`,
    );
    const { code, lines } = await runTool(target.python, args, {
      cwd: staging,
      log,
      hint: 'use actions/setup-python before this step, or set the python input to an interpreter with pip',
    });
    if (code !== 0) {
      const req = missingWheel(lines);
      if (req)
        throw new ActionError(
          `pip found no wheel of ${req} for python${target.pythonVersion} on ${target.architecture} ` +
            `(${platforms.at(-1)} to ${platforms[0]}): ` +
            'the index has no wheel of it for this platform and Python, or no such version; ' +
            `pin a version of ${req} that publishes one, or give pip a wheel directory (PIP_FIND_LINKS)`,
        );
      const last = lines.filter((l) => /^ERROR:/.test(l)).at(-1);
      throw new ActionError(
        `pip install failed with exit code ${code} in a staging copy of ${source}${last ? `: ${last}` : ''}`,
      );
    }
    // Console scripts start with #! and this runner's interpreter, which Lambda does not have, and which
    // would make the zip differ between runners.
    if (existsSync(join(dir, 'bin'))) {
      log('leaving out the console scripts pip wrote to bin/: they name this runner’s python');
      rmSync(join(dir, 'bin'), { recursive: true, force: true });
    }
    const clash = firstClash(dir, staging);
    if (clash)
      throw new ActionError(
        `a package from requirements.txt writes ${clash}, which ${source} already has; rename or remove it in the source`,
      );
    await cp(dir, staging, { recursive: true, verbatimSymlinks: true });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
