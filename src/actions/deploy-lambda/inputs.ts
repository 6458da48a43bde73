import { InputError } from '../../core/errors.js';
import type { Io } from '../../core/io.js';
import { Inputs } from '../../core/inputs.js';
import type { DeployInputs } from '../../rollout/deploy-inputs.js';
import { readDeployInputs } from '../../rollout/deploy-inputs.js';
import { ALIAS_NAME, FUNCTION_NAME, VERSION } from '../../targets/lambda/names.js';
import type { SmokeTest } from '../../targets/lambda/smoke.js';

export interface DeployLambdaInputs extends DeployInputs {
  functionName: string;
  alias: string;
  version: string;
  smoke: SmokeTest | undefined;
}

export const LAMBDA_STRATEGIES = ['all-at-once', 'blue-green', 'canary', 'linear'] as const;

export function getInputs(
  io: Io,
  env: Readonly<Record<string, string | undefined>>,
): Readonly<DeployLambdaInputs> {
  const i = new Inputs((n) => io.getInput(n));
  const functionName = i.required('function-name', FUNCTION_NAME);
  const alias = i.optional('alias', ALIAS_NAME) ?? 'live';
  const version = i.required('version', VERSION);
  // JSON, which may span lines.
  const payload = i.text('smoke-payload') || undefined;
  if (payload !== undefined) i.json('smoke-payload');
  const expect = i.text('smoke-expect') || undefined;
  if (expect !== undefined && payload === undefined)
    throw new InputError(
      'smoke-expect',
      'needs smoke-payload: the smoke test invokes the new version with that payload',
    );
  const deploy = readDeployInputs(i, env, LAMBDA_STRATEGIES, 'canary');
  return Object.freeze({
    ...deploy,
    functionName,
    alias,
    version,
    smoke: payload === undefined ? undefined : { payload, expect },
  });
}
