import type { FunctionCode, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import { ActionError } from '../../core/errors.js';
import type { FunctionConfigSpec } from './function-config.js';
import { createConfig } from './function-config.js';

/**
 * What creating the function still lacks: `role` always; `runtime` and `handler` for a .zip function
 * (https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html: "Handler is required if the
 * deployment package is a .zip file archive", likewise Runtime). Thrown before any write.
 */
export function checkCreatable(
  functionName: string,
  region: string,
  image: boolean,
  spec: FunctionConfigSpec | undefined,
): void {
  const missing = [
    ...(spec?.role ? [] : ['role']),
    ...(image || spec?.runtime ? [] : ['runtime']),
    ...(image || spec?.handler ? [] : ['handler']),
  ];
  if (missing.length)
    throw new ActionError(
      `function ${functionName} does not exist in ${region}; to create it, set ${missing.join(', ')} ` +
        `(creating a ${image ? 'container image function needs an execution role ARN' : 'zip function needs an execution role ARN, a runtime and a handler'})`,
    );
}

/**
 * CreateFunction with the code and the asked configuration, without publishing: the caller then waits for
 * State Active and publishes through the same path as an update, so that create and update share one
 * no-op/Active logic. The function's own Description is left empty: `description` names versions.
 */
export async function createFunction(
  lambda: LambdaClient,
  functionName: string,
  code: FunctionCode,
  image: boolean,
  spec: FunctionConfigSpec | undefined,
): Promise<void> {
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: functionName,
      PackageType: image ? 'Image' : 'Zip',
      Code: code,
      ...createConfig(spec),
      Role: spec?.role,
      Publish: false,
    }),
  );
}
