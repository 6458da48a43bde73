import { ActionError } from '../../core/errors.js';

/** Runs a program with an argument array (no shell); @actions/exec's getExecOutput fits. */
export type RunFn = (
  command: string,
  args: string[],
  options: { cwd: string; ignoreReturnCode: boolean; silent: boolean },
) => Promise<{ exitCode: number; stdout: string; stderr: string }>;

export interface CreationTime {
  /** Seconds since 1970; 0 when neither SOURCE_DATE_EPOCH nor the commit's time is known. */
  epoch: number;
  /** RFC 3339, e.g. 2026-12-04T23:10:36Z. */
  iso: string;
  /** Where it came from, for the log. */
  from: string;
  /** Whether it is a real time (not the 1970 fallback), so that a created label may claim it. */
  known: boolean;
}

// The last second RFC 3339 (and so a config's created) can write: 9999-12-31T23:59:59Z.
const MAX_EPOCH = 253_402_300_799;
const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

const at = (epoch: number, from: string, known = true): CreationTime => ({
  epoch,
  iso: new Date(epoch * 1000).toISOString().replace('.000Z', 'Z'),
  from,
  known,
});

/**
 * The image's creation time, a function of the commit so that the same commit gives the same digest:
 * SOURCE_DATE_EPOCH when set (the reproducible-builds convention buildx also follows), else the committer
 * time of GITHUB_SHA from `git log` in the workspace. Without either (no checkout, a shallow clone without the
 * commit, no git), it falls back to 1970 with a warning rather than failing: the build stays reproducible,
 * and a workflow that builds from downloaded files without a checkout still works.
 */
export async function creationTime(
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
  run: RunFn,
  warn: (line: string) => void,
): Promise<CreationTime> {
  const sde = env['SOURCE_DATE_EPOCH'];
  if (sde !== undefined && sde !== '') {
    if (!/^\d{1,12}$/.test(sde) || Number(sde) > MAX_EPOCH)
      throw new ActionError(
        `SOURCE_DATE_EPOCH ${JSON.stringify(sde.slice(0, 40))} is not a whole number of seconds since 1970 (0 to ${MAX_EPOCH}); set it to e.g. $(git log -1 --format=%ct)`,
      );
    return at(Number(sde), 'SOURCE_DATE_EPOCH');
  }
  const sha = env['GITHUB_SHA'];
  if (!sha) return at(0, 'no SOURCE_DATE_EPOCH or GITHUB_SHA: 1970', false);
  const fallback = (why: string): CreationTime => {
    warn(
      `created: ${why}; the image says 1970 instead. Check out the commit (actions/checkout) or set SOURCE_DATE_EPOCH`,
    );
    return at(0, `1970 (${why})`, false);
  };
  if (!SHA.test(sha)) return fallback(`GITHUB_SHA ${JSON.stringify(sha.slice(0, 80))} is not a commit id`);
  let out;
  try {
    out = await run('git', ['log', '-1', '--format=%ct', sha, '--'], {
      cwd,
      ignoreReturnCode: true,
      silent: true,
    });
  } catch {
    return fallback('git could not be run in the workspace');
  }
  const text = out.stdout.trim();
  if (out.exitCode !== 0 || !/^\d{1,12}$/.test(text) || Number(text) > MAX_EPOCH)
    return fallback(`the time of commit ${sha.slice(0, 12)} is not in the workspace's git history`);
  return at(Number(text), `commit ${sha.slice(0, 12)}`);
}

/**
 * The org.opencontainers.image labels the workflow's context gives (annotations spec, "Pre-Defined Annotation
 * Keys"): source, revision, and created when the time is real. The user's labels override them.
 */
export function defaultLabels(
  env: Readonly<Record<string, string | undefined>>,
  created: CreationTime,
): Record<string, string> {
  const labels: Record<string, string> = {};
  const server = env['GITHUB_SERVER_URL'];
  const repo = env['GITHUB_REPOSITORY'];
  if (server && repo) labels['org.opencontainers.image.source'] = `${server.replace(/\/+$/, '')}/${repo}`;
  if (env['GITHUB_SHA']) labels['org.opencontainers.image.revision'] = env['GITHUB_SHA'];
  if (created.known) labels['org.opencontainers.image.created'] = created.iso;
  return labels;
}
