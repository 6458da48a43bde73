import { InputError } from '../core/errors.js';
import type { Io } from '../core/io.js';
import { HTTP_URL, Inputs, JOB_MAX_MS } from '../core/inputs.js';
import type { Strategy } from './strategy.js';

/** The inputs every deploy action shares, so that all three targets speak one vocabulary. */
export interface DeployInputs {
  region: string;
  maxAttempts: number;
  strategy: Strategy;
  canaryPercent: number;
  canaryIntervalMs: number;
  linearPercent: number;
  linearIntervalMs: number;
  bakeMs: number;
  alarms: string[];
  rollback: boolean;
  waitTimeoutMs: number;
  dryRun: boolean;
  /** Set when github-deployment is true: slipway creates the GitHub Deployment and posts its statuses. */
  github: { token: string; environment: string; environmentUrl: string | undefined } | undefined;
}

const MINUTE = 60_000;
const ALARM_NAME = { re: /^[^\0]{1,255}$/, allowed: 'CloudWatch alarm names of 1 to 255 characters' };

/**
 * github-deployment makes the choice explicit: a job that declares `environment:` already gets a Deployment
 * from GitHub, so slipway creates one only when asked, and environment/environment-url serve only that one.
 */
function githubDeployment(i: Inputs): DeployInputs['github'] {
  const wanted = i.bool('github-deployment', false);
  const token = i.optional('github-token');
  const environment = i.optional('environment', {
    re: /^[^\s/][^/]{0,254}$/,
    allowed: 'a GitHub environment name',
  });
  const environmentUrl = i.optional('environment-url', HTTP_URL);
  if (!wanted) {
    const given = environment !== undefined ? 'environment' : environmentUrl ? 'environment-url' : undefined;
    if (given)
      throw new InputError(
        given,
        'is for the Deployment slipway creates with github-deployment: true; a job that declares environment: gets one from GitHub already (set its url there), so either remove this input or set github-deployment: true',
      );
    return undefined;
  }
  if (!environment)
    throw new InputError('environment', 'is required with github-deployment: true: the Deployment is to it');
  if (!token)
    throw new InputError(
      'github-token',
      'is required with github-deployment: true (a token with permissions: deployments: write, such as github.token)',
    );
  return { token, environment, environmentUrl };
}

export function readDeployInputs(
  i: Inputs,
  env: Readonly<Record<string, string | undefined>>,
  strategies: readonly Strategy[],
  defaultStrategy: Strategy,
): DeployInputs {
  const alarms = i.list('alarms', ALARM_NAME);
  return {
    region: i.region('aws-region', env),
    maxAttempts: i.int('max-retries', { min: 0, max: 20 }, 8) + 1,
    strategy: i.oneOf('strategy', strategies, defaultStrategy),
    canaryPercent: i.int('canary-percent', { min: 1, max: 99 }, 10),
    canaryIntervalMs: i.duration('canary-interval', '5m', { minMs: 0, maxMs: JOB_MAX_MS }),
    linearPercent: i.int('linear-percent', { min: 1, max: 50 }, 10),
    linearIntervalMs: i.duration('linear-interval', '1m', { minMs: 0, maxMs: JOB_MAX_MS }),
    // A bake watches the alarms; with none, only the new version's own state would be watched, and a bake
    // would only make the deploy slower. An explicit bake-time still holds (with a warning).
    bakeMs: i.duration('bake-time', alarms.length ? '5m' : '0s', { minMs: 0, maxMs: JOB_MAX_MS }),
    alarms,
    rollback: i.bool('rollback', true),
    waitTimeoutMs: i.duration('wait-timeout', '30m', { minMs: MINUTE, maxMs: JOB_MAX_MS }),
    dryRun: i.bool('dry-run', false),
    github: githubDeployment(i),
  };
}

/**
 * The token for the post step, which posts the final status of a Deployment after a cancel: read again
 * from the inputs, never saved in the state.
 */
export function readPostToken(io: Io): string | undefined {
  return new Inputs((n) => io.getInput(n)).optional('github-token');
}
