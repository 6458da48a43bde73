import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { LambdaClient } from '@aws-sdk/client-lambda';
import type { Deps } from '../../core/deps.js';
import { createAlarmGate } from '../../rollout/alarm-gate.js';
import { executeDeploy, executeDeployPost } from '../../rollout/deploy-action.js';
import { planSteps } from '../../rollout/strategy.js';
import type { LambdaAliasState } from '../../targets/lambda/alias-target.js';
import { LambdaAliasTarget } from '../../targets/lambda/alias-target.js';
import type { DeployLambdaInputs } from './inputs.js';

const ACTION = 'deploy-lambda';

const consoleUrl = (region: string, fn: string, alias: string): string =>
  `https://${region}.console.aws.amazon.com/lambda/home?region=${region}#/functions/${encodeURIComponent(fn)}/aliases/${alias}`;

export async function deployLambda(deps: Deps, inputs: DeployLambdaInputs): Promise<void> {
  const aws = deps.aws({ maxAttempts: inputs.maxAttempts, action: ACTION });
  const lambda = aws.get(LambdaClient, inputs.region);
  const gates = async () =>
    inputs.alarms.length
      ? [await createAlarmGate(aws.get(CloudWatchClient, inputs.region), inputs.alarms)]
      : [];
  const target = new LambdaAliasTarget(lambda, inputs);
  await executeDeploy(deps, {
    action: ACTION,
    inputs,
    target,
    steps: planSteps(inputs),
    gates,
    // The previous version is known only after describe(), so the state is read at each phase.
    targetState: (): LambdaAliasState => ({
      region: inputs.region,
      functionName: inputs.functionName,
      alias: inputs.alias,
      version: inputs.version,
      previous: target.previousVersion,
      waitTimeoutMs: inputs.waitTimeoutMs,
    }),
    facts: [
      [
        'function',
        `[${inputs.functionName}](${consoleUrl(inputs.region, inputs.functionName, inputs.alias)})`,
      ],
      ['alias', inputs.alias],
      ['version', inputs.version],
      ['region', inputs.region],
    ],
    outputs: (result) => ({
      version: inputs.version,
      'previous-version': result.previous ?? '',
    }),
  });
}

export async function rollbackLambda(deps: Deps): Promise<void> {
  await executeDeployPost<LambdaAliasState>(deps, async (state) => {
    const lambda = deps.aws({ maxAttempts: 9, action: `${ACTION}-post` }).get(LambdaClient, state.region);
    return new LambdaAliasTarget(lambda, { ...state, smoke: undefined }, state);
  });
}
