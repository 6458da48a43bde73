import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getExecOutput } from '@actions/exec';
import { describe, expect, it } from 'vitest';
import type { RunFn } from '../../src/actions/build-image/source.js';
import { creationTime, defaultLabels } from '../../src/actions/build-image/source.js';
import { applySettings, EPOCH_ISO } from '../../src/artifacts/oci/image-config.js';

const run: RunFn = (command, args, options) => getExecOutput(command, args, options);
const SHA = 'b'.repeat(40);

/** A git repository with one commit made at `epoch`. */
function repo(epoch: number): { dir: string; sha: string } {
  const dir = mkdtempSync(join(tmpdir(), 'slipway-git-'));
  const git = (...args: string[]): string =>
    execFileSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      env: {
        PATH: process.env['PATH'] ?? '',
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@example.com',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@example.com',
        GIT_AUTHOR_DATE: `@${epoch} +0000`,
        GIT_COMMITTER_DATE: `@${epoch} +0000`,
        GIT_CONFIG_NOSYSTEM: '1',
        HOME: dir,
      },
    }).trim();
  git('init', '-q');
  writeFileSync(join(dir, 'a.txt'), 'a');
  git('add', 'a.txt');
  git('commit', '-q', '-m', 'one');
  return { dir, sha: git('rev-parse', 'HEAD') };
}

describe('creation time', () => {
  it('takes SOURCE_DATE_EPOCH first, without running git', async () => {
    const calls: string[][] = [];
    const t = await creationTime(
      { SOURCE_DATE_EPOCH: '1700000000', GITHUB_SHA: SHA },
      '/nowhere',
      async (c, a) => {
        calls.push([c, ...a]);
        return { exitCode: 0, stdout: '1', stderr: '' };
      },
      () => undefined,
    );
    expect(t).toEqual({
      epoch: 1700000000,
      iso: '2023-11-14T22:13:20Z',
      from: 'SOURCE_DATE_EPOCH',
      known: true,
    });
    expect(calls).toEqual([]);
  });

  it('else the commit time of GITHUB_SHA from git log, run as an argument array in the workspace', async () => {
    const { dir, sha } = repo(1234567890);
    const warnings: string[] = [];
    const t = await creationTime({ GITHUB_SHA: sha }, dir, run, (l) => warnings.push(l));
    expect(t).toMatchObject({ epoch: 1234567890, iso: '2009-02-13T23:31:30Z', known: true });
    expect(warnings).toEqual([]);
    const seen: Array<[string, string[], string]> = [];
    await creationTime(
      { GITHUB_SHA: sha },
      dir,
      async (c, a, o) => {
        seen.push([c, a, o.cwd]);
        return { exitCode: 0, stdout: '5\n', stderr: '' };
      },
      () => undefined,
    );
    expect(seen).toEqual([['git', ['log', '-1', '--format=%ct', sha, '--'], dir]]);
  });

  it('falls back to 1970 with one warning when the commit is not in the workspace', async () => {
    const { dir } = repo(1234567890);
    const warnings: string[] = [];
    const t = await creationTime({ GITHUB_SHA: SHA }, dir, run, (l) => warnings.push(l));
    expect(t).toMatchObject({ epoch: 0, iso: EPOCH_ISO, known: false });
    expect(warnings).toEqual([
      `created: the time of commit ${SHA.slice(0, 12)} is not in the workspace's git history; the image says 1970 instead. Check out the commit (actions/checkout) or set SOURCE_DATE_EPOCH`,
    ]);
    const none = await creationTime({ GITHUB_SHA: SHA }, join(dir, 'missing'), run, (l) => warnings.push(l));
    expect(none.known).toBe(false);
    expect(warnings[1]).toMatch(/^created: git could not be run in the workspace;/);
  });

  it('is 1970 without a warning off Actions (no GITHUB_SHA), and refuses a SOURCE_DATE_EPOCH that is no time', async () => {
    const warnings: string[] = [];
    const t = await creationTime({}, '/', run, (l) => warnings.push(l));
    expect(t).toMatchObject({ iso: EPOCH_ISO, known: false });
    expect(warnings).toEqual([]);
    for (const bad of ['yesterday', '-1', '1.5', '999999999999'])
      await expect(creationTime({ SOURCE_DATE_EPOCH: bad }, '/', run, () => undefined)).rejects.toThrow(
        /^SOURCE_DATE_EPOCH ".*" is not a whole number of seconds since 1970/,
      );
  });
});

describe('default labels', () => {
  const known = { epoch: 1, iso: '1970-01-01T00:00:01Z', from: 'x', known: true };
  it('names the source, revision and creation time from the workflow', () => {
    expect(
      defaultLabels(
        { GITHUB_SERVER_URL: 'https://ghe.example.com/', GITHUB_REPOSITORY: 'o/r', GITHUB_SHA: SHA },
        known,
      ),
    ).toEqual({
      'org.opencontainers.image.source': 'https://ghe.example.com/o/r',
      'org.opencontainers.image.revision': SHA,
      'org.opencontainers.image.created': '1970-01-01T00:00:01Z',
    });
  });
  it('leaves out what the workflow does not give, and a created time that is only the fallback', () => {
    expect(defaultLabels({ GITHUB_REPOSITORY: 'o/r' }, { ...known, known: false })).toEqual({});
  });
  it('puts the time into the config and its history entry', () => {
    const c = applySettings(
      undefined,
      { os: 'linux', architecture: 'amd64' },
      { env: [], labels: {}, expose: [], workdir: '/app', created: '2026-01-02T03:04:05Z' },
      'sha256:d',
      'COPY',
    );
    expect(c.created).toBe('2026-01-02T03:04:05Z');
    expect(c.history?.map((h) => h.created)).toEqual(['2026-01-02T03:04:05Z']);
  });
});
