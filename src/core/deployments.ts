import type { getOctokit } from '@actions/github';
import type { Deps } from './deps.js';

export type DeploymentOutcome = 'success' | 'failure' | 'inactive' | 'error';

/** A GitHub Deployment this run created; `finish` posts its final status. */
export interface GithubDeployment {
  id: number;
  finish(outcome: DeploymentOutcome, description: string, environmentUrl?: string): Promise<void>;
}

export interface DeploymentRequest {
  token: string;
  environment: string;
  environmentUrl: string | undefined;
  description: string;
}

type Octokit = ReturnType<typeof getOctokit>;

interface Repo {
  owner: string;
  repo: string;
  logUrl: string;
  octokit: Octokit;
}

/** What to tell the user about a failed call: a 403 means the job's token lacks the permission. */
function why(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const status = (err as { status?: unknown } | undefined)?.status;
  return status === 403
    ? `GitHub answered 403 (${message}); add \`permissions: deployments: write\` to the job`
    : message;
}

async function repoOf(deps: Deps, token: string): Promise<Repo | undefined> {
  const { env } = deps;
  const [owner, repo] = (env['GITHUB_REPOSITORY'] ?? '').split('/');
  if (!owner || !repo) return undefined;
  const { getOctokit } = await import('@actions/github');
  return {
    owner,
    repo,
    logUrl: `${env['GITHUB_SERVER_URL'] ?? 'https://github.com'}/${owner}/${repo}/actions/runs/${env['GITHUB_RUN_ID'] ?? ''}`,
    octokit: getOctokit(token, env['GITHUB_API_URL'] ? { baseUrl: env['GITHUB_API_URL'] } : {}),
  };
}

async function postStatus(
  r: Repo,
  id: number,
  state: 'in_progress' | DeploymentOutcome,
  description: string,
  environmentUrl: string | undefined,
): Promise<void> {
  await r.octokit.rest.repos.createDeploymentStatus({
    owner: r.owner,
    repo: r.repo,
    deployment_id: id,
    state,
    description: description.slice(0, 140),
    log_url: r.logUrl,
    ...(environmentUrl ? { environment_url: environmentUrl } : {}),
  });
}

function handle(deps: Deps, r: Repo, id: number, environmentUrl: string | undefined): GithubDeployment {
  return {
    id,
    finish: async (outcome, description, url) => {
      try {
        await postStatus(r, id, outcome, description, url ?? environmentUrl);
        deps.io.info(`GitHub deployment ${id}: ${outcome}`);
      } catch (err) {
        deps.io.warning(`could not post the status of GitHub deployment ${id}: ${why(err)}`);
      }
    },
  };
}

/**
 * Creates a GitHub Deployment for this commit and marks it in_progress. GitHub's API failing must not fail
 * an AWS deploy, so every problem here is a warning and the deploy goes on without a deployment record.
 */
export async function startDeployment(
  deps: Deps,
  req: DeploymentRequest,
): Promise<GithubDeployment | undefined> {
  const { io, env } = deps;
  const ref = env['GITHUB_SHA'] ?? env['GITHUB_REF'];
  const r = await repoOf(deps, req.token);
  if (!r || !ref) {
    io.warning(
      'github-deployment is true, but GITHUB_REPOSITORY/GITHUB_SHA are not set: no GitHub Deployment is recorded',
    );
    return undefined;
  }
  try {
    const created = await r.octokit.rest.repos.createDeployment({
      owner: r.owner,
      repo: r.repo,
      ref,
      environment: req.environment,
      description: req.description,
      auto_merge: false,
      required_contexts: [],
    });
    const id = 'id' in created.data ? created.data.id : undefined;
    if (id === undefined) {
      io.warning(`GitHub did not create a deployment: ${JSON.stringify(created.data)}`);
      return undefined;
    }
    await postStatus(r, id, 'in_progress', req.description, req.environmentUrl);
    io.info(`GitHub deployment ${id} to ${req.environment}: in_progress`);
    return handle(deps, r, id, req.environmentUrl);
  } catch (err) {
    io.warning(`could not create a GitHub deployment: ${why(err)}`);
    return undefined;
  }
}

/** The deployment a main step created, for the post step to post its final status after a cancel. */
export async function resumeDeployment(
  deps: Deps,
  saved: { token: string; id: number; environmentUrl: string | undefined },
): Promise<GithubDeployment | undefined> {
  const r = await repoOf(deps, saved.token);
  if (!r) {
    deps.io.warning(`GITHUB_REPOSITORY is not set: GitHub deployment ${saved.id} keeps its last status`);
    return undefined;
  }
  return handle(deps, r, saved.id, saved.environmentUrl);
}
