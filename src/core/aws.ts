import { toAwsError } from './errors.js';

/** What every AWS client slipway makes is configured with. */
export interface AwsSettings {
  /** Total attempts per call, from the `max-retries` input (retries + 1). */
  maxAttempts: number;
  /** Names the action in the user agent, so CloudTrail shows which step made a call. */
  action: string;
}

// Structural view of a modular SDK v3 client constructor; the concrete type comes from the caller.
export type ClientClass<C> = new (config: Record<string, unknown>) => C;

/** Makes SDK v3 clients lazily, once per class and region for the run. */
export interface AwsClients {
  get<C>(ctor: ClientClass<C>, region: string): C;
}

export type AwsFactory = (settings: AwsSettings) => AwsClients;

export const SLIPWAY_VERSION = '0.1.0';

/**
 * The configuration every client gets. Adaptive retry paces calls when AWS throttles. The endpoint is left
 * to the SDK, which honours AWS_ENDPOINT_URL by itself; credentials come from the SDK's default chain.
 */
export function clientConfig(settings: AwsSettings, region: string): Record<string, unknown> {
  return {
    region,
    retryMode: 'adaptive',
    maxAttempts: settings.maxAttempts,
    customUserAgent: [['slipway', SLIPWAY_VERSION], [`action/${settings.action}`]],
  };
}

/** A factory whose clients are built by `build`, cached per class and region. */
export function cachedClients(build: <C>(ctor: ClientClass<C>, region: string) => C): AwsClients {
  const cache = new Map<unknown, Map<string, unknown>>();
  return {
    get<C>(ctor: ClientClass<C>, region: string): C {
      let byRegion = cache.get(ctor);
      if (!byRegion) cache.set(ctor, (byRegion = new Map()));
      let client = byRegion.get(region) as C | undefined;
      if (client === undefined) byRegion.set(region, (client = build(ctor, region)));
      return client;
    },
  };
}

// IAM's service prefixes, by SDK client name, so an error names the permission to grant.
const IAM_PREFIX: Record<string, string> = {
  LambdaClient: 'lambda',
  CloudWatchClient: 'cloudwatch',
  ECSClient: 'ecs',
  ElasticLoadBalancingV2Client: 'elasticloadbalancing',
  AutoScalingClient: 'autoscaling',
  EC2Client: 'ec2',
  ECRClient: 'ecr',
  S3Client: 's3',
  STSClient: 'sts',
  SSMClient: 'ssm',
};

interface MiddlewareClient {
  middlewareStack: { add: (mw: unknown, options: Record<string, unknown>) => void };
}

/**
 * Every client's errors become AwsError with the service, operation, request id and a hint. It reads the
 * names from the SDK's handler context (string literals), which survive minification, unlike class names.
 */
export function withActionableErrors<C>(client: C): C {
  (client as unknown as MiddlewareClient).middlewareStack.add(
    (next: (args: unknown) => Promise<unknown>, context: { clientName: string; commandName: string }) =>
      async (args: unknown) => {
        try {
          return await next(args);
        } catch (err) {
          const service =
            IAM_PREFIX[context.clientName] ?? context.clientName.replace(/Client$/, '').toLowerCase();
          throw toAwsError(err, service, context.commandName.replace(/Command$/, ''));
        }
      },
    { step: 'initialize', name: 'slipwayActionableErrors', priority: 'high' },
  );
  return client;
}

export const realAws: AwsFactory = (settings) =>
  cachedClients((ctor, region) => withActionableErrors(new ctor(clientConfig(settings, region))));
