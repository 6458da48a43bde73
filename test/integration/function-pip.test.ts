import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { listSourceTree } from '../../src/artifacts/files.js';
import { writeDeterministicZip } from '../../src/artifacts/zip.js';
import { errorLines, runBundle } from '../actions/bundle.js';

/**
 * A real pip (python3 on PATH; Debian's python3-pip in CI) installs a requirements file for the function's
 * platform from a local wheel directory, with no network: PIP_NO_INDEX and PIP_FIND_LINKS in the step's env,
 * which pip reads by itself.
 */

const b64 = (data: string): string => createHash('sha256').update(data).digest('base64url');

/** Writes a wheel: a zip of the package and its .dist-info (METADATA, WHEEL, RECORD, entry points). */
async function wheel(
  dir: string,
  name: string,
  version: string,
  tag: string,
  files: Record<string, string>,
): Promise<void> {
  const info = `${name}-${version}.dist-info`;
  const all: Record<string, string> = {
    ...files,
    [`${info}/METADATA`]: `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\n`,
    [`${info}/WHEEL`]: `Wheel-Version: 1.0\nGenerator: slipway-test\nRoot-Is-Purelib: ${tag.endsWith('none-any')}\nTag: ${tag}\n`,
  };
  all[`${info}/RECORD`] =
    Object.entries(all)
      .map(([p, c]) => `${p},sha256=${b64(c)},${Buffer.byteLength(c)}`)
      .join('\n') + `\n${info}/RECORD,,\n`;
  const tree = mkdtempSync(join(tmpdir(), 'slipway-wheel-'));
  for (const [p, c] of Object.entries(all)) {
    mkdirSync(join(tree, p, '..'), { recursive: true });
    writeFileSync(join(tree, p), c);
  }
  const { entries } = listSourceTree(tree, [], []);
  await writeDeterministicZip(tree, entries, join(dir, `${name}-${version}-${tag}.whl`), { level: 6 });
}

const python = process.env['PYTHON'] ?? 'python3';
let wheels: string;
let x86Only: string;

beforeAll(async () => {
  wheels = mkdtempSync(join(tmpdir(), 'slipway-wheels-'));
  x86Only = mkdtempSync(join(tmpdir(), 'slipway-wheels-x86-'));
  for (const dir of [wheels, x86Only]) {
    // Pure Python, with a console script (pip writes it to bin/ with this runner's interpreter in its #!).
    await wheel(dir, 'purelib', '1.0', 'py3-none-any', {
      'purelib/__init__.py': 'def hello():\n    return "pure"\n',
      'purelib-1.0.dist-info/entry_points.txt': '[console_scripts]\npurelib-hello = purelib:hello\n',
    });
    await wheel(dir, 'fastnum', '2.0', 'cp312-cp312-manylinux2014_x86_64', {
      'fastnum/__init__.py': 'ARCH = "x86_64"\n',
    });
  }
  await wheel(wheels, 'fastnum', '2.0', 'cp312-cp312-manylinux2014_aarch64', {
    'fastnum/__init__.py': 'ARCH = "aarch64"\n',
  });
});

function source(): string {
  const src = mkdtempSync(join(tmpdir(), 'slipway-py-'));
  writeFileSync(join(src, 'requirements.txt'), 'purelib==1.0\nfastnum\n');
  writeFileSync(
    join(src, 'handler.py'),
    'import fastnum, purelib\n\ndef handler(event, context):\n    return purelib.hello() + " " + fastnum.ARCH\n',
  );
  return src;
}

function build(src: string, inputs: Record<string, string>, findLinks = wheels) {
  const out = join(mkdtempSync(join(tmpdir(), 'slipway-pyzip-')), 'function.zip');
  return runBundle(
    'build-function',
    { source: src, output: out, install: 'pip', runtime: 'python3.12', ...inputs },
    { env: { PIP_NO_INDEX: '1', PIP_FIND_LINKS: findLinks } },
  ).then((r) => ({ ...r, out }));
}

/** Unzips `zip` and calls the handler with this runner's python: its output names the wheel it got. */
function callHandler(zip: string): string {
  const back = mkdtempSync(join(tmpdir(), 'slipway-pyback-'));
  execFileSync('unzip', ['-q', zip, '-d', back]);
  return execFileSync(python, ['-c', 'import handler; print(handler.handler({}, None))'], {
    cwd: back,
    encoding: 'utf8',
  }).trim();
}

const names = (zip: string): string[] =>
  execFileSync('zipinfo', ['-1', zip], { encoding: 'utf8' }).trim().split('\n');

describe('build-function install: pip (a real pip, local wheels, no network)', () => {
  it('x86_64: the zip holds the x86_64 wheel and the pure one, without .pyc or console scripts', async () => {
    const src = source();
    const r = await build(src, {});
    expect(r.stderr).toBe('');
    expect(r.code, r.stdout).toBe(0);
    expect(names(r.out)).toEqual([
      'fastnum-2.0.dist-info/INSTALLER',
      'fastnum-2.0.dist-info/METADATA',
      'fastnum-2.0.dist-info/RECORD',
      'fastnum-2.0.dist-info/REQUESTED',
      'fastnum-2.0.dist-info/WHEEL',
      'fastnum/__init__.py',
      'handler.py',
      'purelib-1.0.dist-info/INSTALLER',
      'purelib-1.0.dist-info/METADATA',
      'purelib-1.0.dist-info/RECORD',
      'purelib-1.0.dist-info/REQUESTED',
      'purelib-1.0.dist-info/WHEEL',
      'purelib-1.0.dist-info/entry_points.txt',
      'purelib/__init__.py',
      'requirements.txt',
    ]);
    expect(callHandler(r.out)).toBe('pure x86_64');
    expect(r.stdout).toContain('--platform manylinux_2_34_x86_64 --platform manylinux_2_33_x86_64');
    expect(r.stdout).toContain(
      '--platform manylinux2014_x86_64 --implementation cp --python-version 3.12 --abi cp312 --only-binary=:all:',
    );
    expect(r.stdout).toMatch(/leaving out the console scripts pip wrote to bin\//);
    // Never in the user's tree.
    expect(readdirSync(src).sort()).toEqual(['handler.py', 'requirements.txt']);
  });

  it('arm64 on this runner: the zip holds the aarch64 wheel', async () => {
    const r = await build(source(), { architectures: 'arm64' });
    expect(r.code, r.stdout).toBe(0);
    expect(callHandler(r.out)).toBe('pure aarch64');
  });

  it('the same requirements and source give the same sha256, build after build', async () => {
    const a = await build(source(), { architectures: 'arm64' });
    const b = await build(source(), { architectures: 'arm64' });
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(a.outputs['sha256']).toMatch(/^[0-9a-f]{64}$/);
    expect(b.outputs['sha256']).toBe(a.outputs['sha256']);
    const c = await build(source(), {});
    expect(c.outputs['sha256']).not.toBe(a.outputs['sha256']);
  });

  it('a missing aarch64 wheel fails with one error line naming the package and the platform', async () => {
    const r = await build(source(), { architectures: 'arm64' }, x86Only);
    expect(r.code).toBe(1);
    const errors = errorLines(r);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^::error::pip found no wheel of fastnum for python3\.12 on arm64 \(manylinux2014_aarch64 to manylinux_2_34_aarch64\)/,
    );
    expect(r.outputs).toEqual({});
    expect(existsSync(r.out)).toBe(false);
  });

  it('a Python without a matching wheel for its version fails the same way (python3.11 has no cp312)', async () => {
    const r = await build(source(), { runtime: 'python3.11' });
    expect(r.code).toBe(1);
    expect(errorLines(r)).toEqual([
      expect.stringMatching(
        /^::error::pip found no wheel of fastnum for python3\.11 on x86_64 \(manylinux2014_x86_64 to manylinux_2_26_x86_64\)/,
      ),
    ]);
  });

  it('a package that would overwrite a file of the source fails the build, naming the file', async () => {
    const src = source();
    mkdirSync(join(src, 'purelib'));
    writeFileSync(join(src, 'purelib/__init__.py'), '# mine\n');
    const r = await build(src, {});
    expect(r.code).toBe(1);
    expect(errorLines(r)).toEqual([
      expect.stringMatching(
        /^::error::a package from requirements\.txt writes purelib\/__init__\.py, which \/tmp\/slipway-py-\w+ already has; rename or remove it in the source$/,
      ),
    ]);
  });

  it.runIf(existsSync('/usr/bin/python3'))(
    'the python input names the interpreter (the system one)',
    async () => {
      const r = await build(source(), { python: '/usr/bin/python3' });
      expect(r.code, r.stdout).toBe(0);
      expect(callHandler(r.out)).toBe('pure x86_64');
    },
  );

  it('a python that is not there is one error line saying so', async () => {
    const r = await build(source(), { python: '/nonexistent/python3' });
    expect(r.code).toBe(1);
    expect(errorLines(r)).toEqual([
      expect.stringMatching(
        /^::error::\/nonexistent\/python3 is not on PATH, or is not an executable file: use actions\/setup-python/,
      ),
    ]);
  });
});
