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

export const realAws: AwsFactory = (settings) =>
  cachedClients((ctor, region) => new ctor(clientConfig(settings, region)));
