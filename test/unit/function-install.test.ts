import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { missingWheel, pipArgs, pipPlatforms } from '../../src/artifacts/pip-staging.js';
import { describeInstall, NODE_MANAGERS } from '../../src/artifacts/node-staging.js';
import { installInputs } from '../../src/actions/build-function/install.js';
import { Inputs } from '../../src/core/inputs.js';
import { InputError } from '../../src/core/errors.js';

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'slipway-install-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const parse = (source: string, given: Record<string, string>) =>
  installInputs(new Inputs((n) => given[n] ?? ''), source);

describe('pip for the function, not the runner', () => {
  it('Amazon Linux 2 runtimes (python3.9-3.11, glibc 2.26) take manylinux2014 and manylinux_2_18 to 2_26', () => {
    expect(pipPlatforms({ pythonVersion: '3.11', architecture: 'x86_64' })).toEqual([
      'manylinux_2_26_x86_64',
      'manylinux_2_25_x86_64',
      'manylinux_2_24_x86_64',
      'manylinux_2_23_x86_64',
      'manylinux_2_22_x86_64',
      'manylinux_2_21_x86_64',
      'manylinux_2_20_x86_64',
      'manylinux_2_19_x86_64',
      'manylinux_2_18_x86_64',
      'manylinux2014_x86_64',
    ]);
    expect(pipPlatforms({ pythonVersion: '3.9', architecture: 'arm64' })[0]).toBe('manylinux_2_26_aarch64');
  });

  it('Amazon Linux 2023 runtimes (python3.12 on, glibc 2.34) go up to manylinux_2_34', () => {
    const p = pipPlatforms({ pythonVersion: '3.13', architecture: 'arm64' });
    expect(p[0]).toBe('manylinux_2_34_aarch64');
    expect(p.at(-1)).toBe('manylinux2014_aarch64');
    expect(p).toHaveLength(18);
  });

  it('pip installs wheels only, for CPython of the runtime, without .pyc, into the directory given', () => {
    const args = pipArgs({ python: 'python3', pythonVersion: '3.10', architecture: 'x86_64' }, '/t');
    expect(args.slice(0, 6)).toEqual(['-B', '-m', 'pip', 'install', '-r', 'requirements.txt']);
    const after = (flag: string) => args[args.indexOf(flag) + 1];
    expect(after('--implementation')).toBe('cp');
    expect(after('--python-version')).toBe('3.10');
    expect(after('--abi')).toBe('cp310');
    expect(after('--target')).toBe('/t');
    expect(args).toEqual(
      expect.arrayContaining(['--only-binary=:all:', '--no-compile', '--disable-pip-version-check']),
    );
  });

  it("names the requirement from pip's output, either of its two lines", () => {
    expect(
      missingWheel([
        'ERROR: Could not find a version that satisfies the requirement numpy==2.1 (from versions: none)',
        'ERROR: No matching distribution found for numpy==2.1',
      ]),
    ).toBe('numpy==2.1');
    expect(
      missingWheel([
        'ERROR: Could not find a version that satisfies the requirement lxml (from versions: none)',
      ]),
    ).toBe('lxml');
    expect(missingWheel(['ERROR: Invalid requirement: "==="'])).toBeUndefined();
  });
});

describe('the Node installers', () => {
  it('install production dependencies only, from the lockfile, without changing it', () => {
    expect(describeInstall('npm')).toBe('npm ci --omit=dev --no-audit --no-fund');
    expect(describeInstall('pnpm')).toBe(
      'pnpm install --frozen-lockfile --prod --config.node-linker=hoisted',
    );
    expect(describeInstall('yarn')).toBe(
      'yarn install --frozen-lockfile --production --non-interactive --no-progress',
    );
    expect(Object.values(NODE_MANAGERS).map((m) => m.lockfile)).toEqual([
      'package-lock.json',
      'pnpm-lock.yaml',
      'yarn.lock',
    ]);
  });
});

describe('install, runtime, architecture and python', () => {
  it('auto picks the install by its one file', () => {
    expect(parse(dirWith({ 'package-lock.json': '{}' }), { install: 'auto' }).install).toBe('npm');
    expect(parse(dirWith({ 'pnpm-lock.yaml': '' }), { install: 'auto' }).install).toBe('pnpm');
    expect(parse(dirWith({ 'yarn.lock': '' }), { install: 'auto' }).install).toBe('yarn');
    expect(
      parse(dirWith({ 'requirements.txt': '' }), { install: 'auto', runtime: 'python3.12' }).install,
    ).toBe('pip');
  });

  it('pip gets the Python of the runtime, python3 by default, and x86_64 by default', () => {
    const py = dirWith({ 'requirements.txt': '' });
    expect(parse(py, { install: 'pip', runtime: 'python3.14' })).toEqual({
      install: 'pip',
      runtime: 'python3.14',
      architecture: undefined,
      pip: { python: 'python3', pythonVersion: '3.14', architecture: 'x86_64' },
    });
    expect(
      parse(py, {
        install: 'pip',
        runtime: 'python3.9',
        architectures: 'arm64',
        python: '/opt/py/bin/python3',
      }).pip,
    ).toEqual({ python: '/opt/py/bin/python3', pythonVersion: '3.9', architecture: 'arm64' });
  });

  it('a Node install takes a nodejs runtime, and none takes any Lambda runtime', () => {
    const lock = dirWith({
      'yarn.lock': '# yarn lockfile v1\n',
      'package.json': '{"packageManager":"yarn@1.22.22"}',
    });
    expect(parse(lock, { install: 'yarn', runtime: 'nodejs22.x' }).runtime).toBe('nodejs22.x');
    for (const runtime of ['provided.al2023', 'java21', 'python3.13', 'nodejs24.x'])
      expect(parse(lock, { runtime }).runtime).toBe(runtime);
  });

  it('a Yarn 2+ project is refused by its .yarnrc.yml or its packageManager', () => {
    const refused = (files: Record<string, string>) => {
      try {
        parse(dirWith({ 'yarn.lock': '', ...files }), { install: 'yarn' });
        return undefined;
      } catch (err) {
        return err instanceof InputError ? err.input : err;
      }
    };
    expect(refused({ '.yarnrc.yml': 'nodeLinker: node-modules\n' })).toBe('install');
    expect(refused({ 'package.json': '{"packageManager":"yarn@4.5.0"}' })).toBe('install');
    expect(refused({ 'package.json': '{"packageManager":"yarn@10.0.0"}' })).toBe('install');
    expect(refused({ 'package.json': '{"packageManager":"yarn@1.22.22"}' })).toBeUndefined();
    expect(refused({ 'package.json': 'not json' })).toBeUndefined();
  });
});
