import type { FunctionConfiguration, LambdaClient } from '@aws-sdk/client-lambda';
import { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { ActionError } from '../../core/errors.js';
import type { Wait } from './busy.js';

/**
 * Why a published version cannot be waited into service, or undefined when it is Active or on its way
 * (Pending). https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html: Failed is final; an
 * Inactive version stays so until an invocation makes Lambda re-create its resources (it then goes
 * Pending, and that invocation fails).
 */
export function stateProblem(
  cfg: FunctionConfiguration,
  functionName: string,
  version: string,
): string | undefined {
  const reason = cfg.StateReason ? `: ${cfg.StateReason}` : '';
  if (cfg.State === 'Failed') return `version ${version} of ${functionName} is in state Failed${reason}`;
  if (cfg.State === 'Inactive')
    return (
      `version ${version} of ${functionName} is Inactive (${cfg.StateReason ?? 'no reason given'}): Lambda re-creates its ` +
      `resources on the next invocation; invoke it once (aws lambda invoke --function-name ${functionName}:${version}), ` +
      'wait for State Active, and deploy again'
    );
  return undefined;
}

/**
 * Waits until a published version is Active: PublishVersion may return while it is Pending (always so with
 * SnapStart), and Lambda neither invokes nor should route to it until then (the PublishedVersionActive
 * waiter, on the virtual clock). Failed or Inactive ends the wait at once, in one line.
 */
export async function waitForActive(
  wait: Wait,
  client: LambdaClient,
  functionName: string,
  version: string,
  timeoutMs: number,
): Promise<FunctionConfiguration> {
  return wait(`version ${version} of ${functionName} to become Active`, timeoutMs, async () => {
    const cfg = await client.send(
      new GetFunctionConfigurationCommand({ FunctionName: functionName, Qualifier: version }),
    );
    const problem = stateProblem(cfg, functionName, version);
    if (problem) throw new ActionError(problem);
    // Responses from before function states have no State: such a version is invocable.
    if (cfg.State === undefined || cfg.State === 'Active') return { done: true, value: cfg };
    return {
      done: false,
      status: `State ${cfg.State}${cfg.StateReasonCode ? ` (${cfg.StateReasonCode})` : ''}`,
    };
  });
}
