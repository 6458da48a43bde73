import { SimAccount } from './account.js';
import { CloudWatchSim } from './services/cloudwatch.js';
import { LambdaSim } from './services/lambda.js';
import { S3Sim } from './services/s3.js';
import { StsSim } from './services/sts.js';

export { SimAccount } from './account.js';
export { MemoryIo } from './memory-io.js';

/** An account with the services every pattern uses: Lambda, CloudWatch, S3 and STS. */
export function serverlessAccount(options: { seed?: number } = {}) {
  const account = new SimAccount(options);
  const lambda = account.add(new LambdaSim(account));
  const cloudwatch = account.add(new CloudWatchSim(account));
  const s3 = account.add(new S3Sim(account));
  const sts = account.add(new StsSim(account));
  account.invariant('traffic only to Active versions that passed their smoke test', () =>
    lambda.trafficProblems(),
  );
  account.invariant('a rollout routes to one version besides the one it started from', () =>
    lambda.splitProblems(),
  );
  account.finalInvariant('every alias ends fully old or fully new', () => lambda.splitLeft());
  return { account, lambda, cloudwatch, s3, sts };
}
