import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
} from '@aws-sdk/client-ecr';
import type { AwsClients } from '../../core/aws.js';
import { ActionError, isAwsError, toAwsError } from '../../core/errors.js';
import type { Io } from '../../core/io.js';
import type { RegistryCredentials } from './registry/auth.js';

export interface EcrLogin {
  /** The registry host from the token's proxyEndpoint, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com. */
  registry: string;
  credentials: RegistryCredentials;
}

/**
 * Logs in to ECR: GetAuthorizationToken returns base64 `AWS:<password>` (valid 12 h) and the registry's
 * endpoint. Both the token and the password are masked before anything else touches them.
 */
export async function ecrLogin(
  aws: AwsClients,
  region: string,
  io: Io,
  registryId?: string,
): Promise<EcrLogin> {
  const ecr = aws.get(ECRClient, region);
  let out;
  try {
    out = await ecr.send(new GetAuthorizationTokenCommand(registryId ? { registryIds: [registryId] } : {}));
  } catch (err) {
    throw toAwsError(err, 'ECR', 'GetAuthorizationToken');
  }
  const data = out.authorizationData?.[0];
  if (!data?.authorizationToken || !data.proxyEndpoint)
    throw new ActionError('ECR GetAuthorizationToken returned no token; check the region and the role');
  io.setSecret(data.authorizationToken);
  const decoded = Buffer.from(data.authorizationToken, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const password = decoded.slice(colon + 1);
  if (password) io.setSecret(password);
  if (colon < 0 || !password)
    throw new ActionError('ECR GetAuthorizationToken returned a token that is not user:password');
  return {
    registry: new URL(data.proxyEndpoint).host,
    credentials: { username: decoded.slice(0, colon), password },
  };
}

/**
 * Makes sure the repository exists: DescribeRepositories, then CreateRepository with scan on push (and
 * IMMUTABLE tags when asked) if it is missing. A repository created meanwhile by a parallel job is fine.
 */
export async function ensureEcrRepository(
  aws: AwsClients,
  region: string,
  repository: string,
  options: { immutableTags: boolean; log: (line: string) => void; warn: (line: string) => void },
): Promise<'exists' | 'created'> {
  const ecr = aws.get(ECRClient, region);
  try {
    const found = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [repository] }));
    const mutability = found.repositories?.[0]?.imageTagMutability;
    if (options.immutableTags && mutability && !mutability.startsWith('IMMUTABLE'))
      options.warn(
        `ECR repository ${repository} exists with ${mutability} tags; slipway does not change an existing repository's settings`,
      );
    return 'exists';
  } catch (err) {
    if (!isAwsError(err, 'RepositoryNotFoundException')) throw toAwsError(err, 'ECR', 'DescribeRepositories');
  }
  try {
    await ecr.send(
      new CreateRepositoryCommand({
        repositoryName: repository,
        imageScanningConfiguration: { scanOnPush: true },
        imageTagMutability: options.immutableTags ? 'IMMUTABLE' : 'MUTABLE',
      }),
    );
    options.log(
      `created ECR repository ${repository} (scan on push${options.immutableTags ? ', immutable tags' : ''})`,
    );
    return 'created';
  } catch (err) {
    if (isAwsError(err, 'RepositoryAlreadyExistsException')) return 'exists';
    throw toAwsError(err, 'ECR', 'CreateRepository');
  }
}
