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

/**
 * Creates a GitHub Deployment for this commit and marks it in_progress. GitHub's API failing must not fail
 * an AWS deploy, so every problem here is a warning and the deploy goes on without a deployment record.
 */
export async function startDeployment(
  deps: Deps,
  req: DeploymentRequest,
): Promise<GithubDeployment | undefined> {
  const { io, env } = deps;
  const [owner, repo] = (env['GITHUB_REPOSITORY'] ?? '').split('/');
  const ref = env['GITHUB_SHA'] ?? env['GITHUB_REF'];
  if (!owner || !repo || !ref) {
    io.warning(
      'github-token and environment are set, but GITHUB_REPOSITORY/GITHUB_SHA are not: no GitHub Deployment is recorded',
    );
    return undefined;
  }
  const logUrl = `${env['GITHUB_SERVER_URL'] ?? 'https://github.com'}/${owner}/${repo}/actions/runs/${env['GITHUB_RUN_ID'] ?? ''}`;
  try {
    const { getOctokit } = await import('@actions/github');
    const octokit = getOctokit(req.token, env['GITHUB_API_URL'] ? { baseUrl: env['GITHUB_API_URL'] } : {});
    const created = await octokit.rest.repos.createDeployment({
      owner,
      repo,
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
    const post = async (state: 'in_progress' | DeploymentOutcome, description: string, url?: string) =>
      octokit.rest.repos.createDeploymentStatus({
        owner,
        repo,
        deployment_id: id,
        state,
        description: description.slice(0, 140),
        log_url: logUrl,
        ...(url ? { environment_url: url } : {}),
      });
    await post('in_progress', req.description, req.environmentUrl);
    io.info(`GitHub deployment ${id} to ${req.environment}: in_progress`);
    return {
      id,
      finish: async (outcome, description, environmentUrl) => {
        try {
          await post(outcome, description, environmentUrl ?? req.environmentUrl);
          io.info(`GitHub deployment ${id}: ${outcome}`);
        } catch (err) {
          io.warning(`could not post the GitHub deployment status: ${(err as Error).message}`);
        }
      },
    };
  } catch (err) {
    io.warning(`could not create a GitHub deployment: ${(err as Error).message}`);
    return undefined;
  }
}
