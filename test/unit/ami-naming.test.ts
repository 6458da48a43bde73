import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandName, nameValues, templateProblem } from '../../src/artifacts/ami/ami-name.js';
import { parseBaseAmi } from '../../src/artifacts/ami/base-ami-spec.js';
import { packPayload } from '../../src/artifacts/ami/payload.js';
import { sourceDigest } from '../../src/artifacts/ami/source-digest.js';
import { InputError } from '../../src/core/errors.js';
import { readTar } from '../sim/bake-machine.js';
import { gunzipSync } from 'node:zlib';

function tree(order: string[], mtime: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'slipway-tree-'));
  mkdirSync(join(dir, 'etc'));
  for (const name of order) {
    const path = join(dir, name);
    writeFileSync(path, `content of ${name}\n`);
    utimesSync(path, mtime, mtime);
  }
  chmodSync(join(dir, 'run.sh'), 0o755);
  symlinkSync('etc/app.conf', join(dir, 'current.conf'));
  return dir;
}

describe('ami-name templates', () => {
  const env = {
    GITHUB_SHA: 'abcdef0123456789abcdef0123456789abcdef01',
    GITHUB_RUN_NUMBER: '42',
    GITHUB_RUN_ATTEMPT: '2',
  };
  const now = Date.UTC(2026, 10, 22, 9, 5, 7);

  it('expand {sha}, {date} and {run} from the run', () => {
    expect(expandName('web-{sha}-{date}-{run}', nameValues(env, now))).toBe(
      'web-abcdef012345-20261122-090507-42-2',
    );
    expect(expandName('web {date}', nameValues({}, now))).toBe('web 20261122-090507');
    expect(nameValues({}, now).sha).toBe('local');
  });

  it('reject unknown placeholders, braces and characters AWS does not allow in AMI names', () => {
    expect(templateProblem('web-{sha}')).toBeUndefined();
    expect(templateProblem("web (prod) [x] a/b.c'd@e_f")).toBeUndefined();
    expect(templateProblem('web-{branch}')).toMatch(/unknown placeholder \{branch\}/);
    expect(templateProblem('web-{sha')).toMatch(/unbalanced/);
    expect(templateProblem('web:{sha}')).toMatch(/may use only/);
    expect(templateProblem('web,{sha}')).toMatch(/may use only/);
  });
});

describe('base-ami', () => {
  it('is an id, an ssm: parameter, or a pattern that needs owners', () => {
    expect(parseBaseAmi('ami-0123456789abcdef0', [])).toEqual({ kind: 'id', id: 'ami-0123456789abcdef0' });
    expect(
      parseBaseAmi('ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64', []),
    ).toEqual({
      kind: 'ssm',
      name: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
    });
    expect(parseBaseAmi('ubuntu/images/*24.04*', ['099720109477'])).toEqual({
      kind: 'pattern',
      pattern: 'ubuntu/images/*24.04*',
      owners: ['099720109477'],
    });
    const err = (() => {
      try {
        parseBaseAmi('ubuntu/images/*', []);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).input).toBe('owners');
  });
});

describe('bake payload and source digest', () => {
  it('the same script and files give the same payload whatever the mtimes or creation order', async () => {
    const a = await packPayload('echo hi\n', tree(['etc/app.conf', 'run.sh', 'b.txt'], 1_000_000));
    const b = await packPayload('echo hi\n', tree(['b.txt', 'run.sh', 'etc/app.conf'], 2_000_000));
    expect(a.sha256).toBe(b.sha256);
    expect(a.files).toBe(4);
    const gz = readFileSync(a.path);
    const entries = readTar(gunzipSync(gz));
    expect([...entries.keys()]).toEqual([
      'provision.sh',
      'files/b.txt',
      'files/etc/app.conf',
      'files/run.sh',
    ]);
    expect(entries.get('files/etc/app.conf')!.toString()).toBe('content of etc/app.conf\n');
    // A symlink inside the tree travels as a link (readTar above reads regular files only), which real tar
    // lists and restores as one.
    const listing = execFileSync('tar', ['-tvzf', a.path], { encoding: 'utf8' });
    expect(listing).toMatch(/^lrwxrwxrwx 0\/0 +0 1970-01-01 00:00 files\/current\.conf -> etc\/app\.conf$/m);
    expect(listing).toMatch(/^-rwxr-xr-x 0\/0 .* files\/run\.sh$/m);
  });

  it('a changed script, file, or mode changes the payload; the digest covers the base AMI and settings too', async () => {
    const dir = tree(['etc/app.conf', 'run.sh', 'b.txt'], 1_000_000);
    const base = await packPayload('echo hi\n', dir);
    expect((await packPayload('echo bye\n', dir)).sha256).not.toBe(base.sha256);
    chmodSync(join(dir, 'b.txt'), 0o755);
    expect((await packPayload('echo hi\n', dir)).sha256).not.toBe(base.sha256);
    const source = {
      baseAmiId: 'ami-0123456789abcdef0',
      payloadSha256: base.sha256,
      instanceType: 't3.small',
      volumeSizeGiB: undefined,
      encrypted: false,
      kmsKeyId: undefined,
    };
    const digest = sourceDigest(source);
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(sourceDigest({ ...source })).toBe(digest);
    for (const change of [
      { baseAmiId: 'ami-0123456789abcdef1' },
      { instanceType: 'm7g.large' },
      { volumeSizeGiB: 20 },
      { encrypted: true },
    ])
      expect(sourceDigest({ ...source, ...change })).not.toBe(digest);
  });
});
