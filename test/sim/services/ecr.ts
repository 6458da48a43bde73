import * as sdk from '@aws-sdk/client-ecr';
import { SimService } from '../account.js';
import type { SimAccount } from '../account.js';

interface Repository {
  name: string;
  region: string;
  createdAt: Date;
  imageTagMutability: sdk.ImageTagMutability;
  scanOnPush: boolean;
}

// CreateRepository's repositoryName: 2 to 256 characters of this pattern (ECR API reference).
const REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const TOKEN_LIFETIME_MS = 12 * 3600 * 1000;

// https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_PutAccountSetting.html: the settings an
// account has, and the values each takes. BLOB_MOUNTING is off until enabled, and then a registry mount
// also needs ecr:GetDownloadUrlForLayer on the source repository; otherwise ECR answers a mount POST as a
// plain upload, 202 (https://docs.aws.amazon.com/AmazonECR/latest/userguide/blob-mounting.html; the
// registry protocol itself runs against a real docker-registry, see test/integration/registry-push.test.ts).
const ACCOUNT_SETTINGS: Record<string, { values: string[]; initial: string }> = {
  BLOB_MOUNTING: { values: ['ENABLED', 'DISABLED'], initial: 'DISABLED' },
};

/**
 * The ECR API (not the registry itself): authorization tokens and repositories, per region. The token's
 * proxyEndpoint is the real host by default; tests point it at a loopback registry.
 */
export class EcrSim extends SimService {
  readonly clientName = 'ECRClient';
  readonly iamPrefix = 'ecr';
  readonly sdk = sdk as unknown as Record<string, unknown>;
  readonly throttle = { name: 'ThrottlingException', status: 400 };
  private readonly repositories = new Map<string, Repository>();
  /** region/name → value of the registry's account settings. */
  private readonly settings = new Map<string, string>();
  /** Every password handed out, so tests can check each was masked. */
  readonly passwords: string[] = [];

  constructor(
    account: SimAccount,
    private readonly options: { proxyEndpoint?: string } = {},
  ) {
    super(account);
  }

  private setting(region: string, name: string): string {
    const known = ACCOUNT_SETTINGS[name];
    if (!known)
      throw this.error(
        'InvalidParameterException',
        `Invalid parameter at 'name' failed to satisfy constraint: '${name}' is not an account setting`,
      );
    return this.settings.get(`${region}/${name}`) ?? known.initial;
  }

  GetAccountSetting(input: sdk.GetAccountSettingRequest, region: string): sdk.GetAccountSettingResponse {
    const name = input.name ?? '';
    return { name, value: this.setting(region, name) };
  }

  PutAccountSetting(input: sdk.PutAccountSettingRequest, region: string): sdk.PutAccountSettingResponse {
    const name = input.name ?? '';
    this.setting(region, name);
    if (!ACCOUNT_SETTINGS[name]!.values.includes(input.value ?? ''))
      throw this.error('InvalidParameterException', `Invalid parameter at 'value': ${input.value}`);
    this.settings.set(`${region}/${name}`, input.value!);
    return { name, value: input.value! };
  }

  repository(region: string, name: string): Repository | undefined {
    return this.repositories.get(`${region}/${name}`);
  }

  private endpoint(registryId: string, region: string): string {
    return this.options.proxyEndpoint ?? `https://${registryId}.dkr.ecr.${region}.amazonaws.com`;
  }

  private describe(r: Repository): sdk.Repository {
    const id = this.account.accountId;
    return {
      repositoryArn: `arn:aws:ecr:${r.region}:${id}:repository/${r.name}`,
      registryId: id,
      repositoryName: r.name,
      repositoryUri: `${id}.dkr.ecr.${r.region}.amazonaws.com/${r.name}`,
      createdAt: r.createdAt,
      imageTagMutability: r.imageTagMutability,
      imageScanningConfiguration: { scanOnPush: r.scanOnPush },
      encryptionConfiguration: { encryptionType: 'AES256' },
    };
  }

  /** One token per registry asked for (registryIds is deprecated; without it, the caller's own registry). */
  GetAuthorizationToken(
    input: sdk.GetAuthorizationTokenRequest,
    region: string,
  ): sdk.GetAuthorizationTokenResponse {
    const ids = input.registryIds?.length ? input.registryIds : [this.account.accountId];
    return {
      authorizationData: ids.map((id) => {
        const password = `eyJwYXlsb2FkIjoi${Math.floor(this.account.random() * 1e12).toString(36)}sim`;
        this.passwords.push(password);
        return {
          authorizationToken: Buffer.from(`AWS:${password}`).toString('base64'),
          expiresAt: new Date(this.now + TOKEN_LIFETIME_MS),
          proxyEndpoint: this.endpoint(id, region),
        };
      }),
    };
  }

  DescribeRepositories(
    input: sdk.DescribeRepositoriesRequest,
    region: string,
  ): sdk.DescribeRepositoriesResponse {
    const registryId = input.registryId ?? this.account.accountId;
    if (input.repositoryNames?.length) {
      const found: sdk.Repository[] = [];
      for (const name of input.repositoryNames) {
        const r = this.repository(region, name);
        if (!r)
          throw this.error(
            'RepositoryNotFoundException',
            `The repository with name '${name}' does not exist in the registry with id '${registryId}'`,
          );
        found.push(this.describe(r));
      }
      return { repositories: found };
    }
    const all = [...this.repositories.values()]
      .filter((r) => r.region === region)
      .map((r) => this.describe(r));
    return { repositories: all };
  }

  CreateRepository(input: sdk.CreateRepositoryRequest, region: string): sdk.CreateRepositoryResponse {
    const name = input.repositoryName ?? '';
    if (name.length < 2 || name.length > 256 || !REPOSITORY_NAME.test(name))
      throw this.error(
        'InvalidParameterException',
        `Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '${REPOSITORY_NAME.source}''`,
      );
    if (this.repository(region, name))
      throw this.error(
        'RepositoryAlreadyExistsException',
        `The repository with name '${name}' already exists in the registry with id '${this.account.accountId}'`,
      );
    const mutability = input.imageTagMutability ?? 'MUTABLE';
    if (!['MUTABLE', 'IMMUTABLE', 'MUTABLE_WITH_EXCLUSION', 'IMMUTABLE_WITH_EXCLUSION'].includes(mutability))
      throw this.error('InvalidParameterException', `Invalid parameter at 'imageTagMutability'`);
    const repo: Repository = {
      name,
      region,
      createdAt: new Date(this.now),
      imageTagMutability: mutability,
      scanOnPush: input.imageScanningConfiguration?.scanOnPush ?? false,
    };
    this.repositories.set(`${region}/${name}`, repo);
    return { repository: this.describe(repo) };
  }
}
