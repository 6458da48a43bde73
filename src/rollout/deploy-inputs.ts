import type { Inputs } from '../core/inputs.js';
import { HTTP_URL, JOB_MAX_MS } from '../core/inputs.js';
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
  github: { token: string; environment: string; environmentUrl: string | undefined } | undefined;
}

const MINUTE = 60_000;
const ALARM_NAME = { re: /^[^\0]{1,255}$/, allowed: 'CloudWatch alarm names of 1 to 255 characters' };

export function readDeployInputs(
  i: Inputs,
  env: Readonly<Record<string, string | undefined>>,
  strategies: readonly Strategy[],
  defaultStrategy: Strategy,
): DeployInputs {
  const token = i.optional('github-token');
  const environment = i.optional('environment', {
    re: /^[^\s/][^/]{0,254}$/,
    allowed: 'a GitHub environment name',
  });
  const environmentUrl = i.optional('environment-url', HTTP_URL);
  return {
    region: i.region('aws-region', env),
    maxAttempts: i.maxAttempts(),
    strategy: i.oneOf('strategy', strategies, defaultStrategy),
    canaryPercent: i.int('canary-percent', { min: 1, max: 99 }, 10),
    canaryIntervalMs: i.duration('canary-interval', '5m', { minMs: 0, maxMs: JOB_MAX_MS }),
    linearPercent: i.int('linear-percent', { min: 1, max: 50 }, 10),
    linearIntervalMs: i.duration('linear-interval', '1m', { minMs: 0, maxMs: JOB_MAX_MS }),
    bakeMs: i.duration('bake-time', '5m', { minMs: 0, maxMs: JOB_MAX_MS }),
    alarms: i.list('alarms', ALARM_NAME),
    rollback: i.bool('rollback', true),
    waitTimeoutMs: i.duration('wait-timeout', '30m', { minMs: MINUTE, maxMs: JOB_MAX_MS }),
    dryRun: i.bool('dry-run', false),
    github: token && environment ? { token, environment, environmentUrl } : undefined,
  };
}
