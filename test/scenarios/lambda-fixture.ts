import { serverlessAccount } from '../sim/index.js';

export const FN = 'orders';
export const OLD_ZIP = Buffer.from('old code');
export const NEW_ZIP = Buffer.from('new code');

/**
 * An account with function `orders`: version 1 (old code) behind alias `live`, and version 2 (new code)
 * published but serving nothing. Set up the way a previous deploy would have left it.
 */
export function lambdaFixture(options: { seed?: number; withAlias?: boolean } = {}) {
  const sim = serverlessAccount(options);
  const { lambda } = sim;
  lambda.createFunction(FN, OLD_ZIP);
  lambda.PublishVersion({ FunctionName: FN });
  // A published version is Pending for a few seconds: the earlier deploys waited until it was Active.
  sim.account.clock.advance(60_000);
  if (options.withAlias !== false)
    lambda.CreateAlias({ FunctionName: FN, Name: 'live', FunctionVersion: '1' });
  lambda.UpdateFunctionCode({ FunctionName: FN, ZipFile: NEW_ZIP });
  sim.account.clock.advance(60_000);
  lambda.PublishVersion({ FunctionName: FN });
  sim.account.clock.advance(60_000);
  lambda.aliasHistory.length = 0;
  sim.account.calls.length = 0;
  return { ...sim, newSha: lambda.fn(FN).codeSha256 };
}

export const baseInputs = {
  'function-name': FN,
  version: '2',
  'aws-region': 'us-east-1',
};
