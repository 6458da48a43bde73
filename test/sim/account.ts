import { DefaultRateLimiter, Retry } from '@smithy/core/retry';
import type { AwsFactory } from '../../src/core/aws.js';
import { cachedClients, clientConfig, withActionableErrors } from '../../src/core/aws.js';
import type { Deps } from '../../src/core/deps.js';
import { CancelledError } from '../../src/core/errors.js';
import { VirtualClock } from './clock.js';
import { MemoryIo } from './memory-io.js';
import type { CallResource } from './resource-arns.js';
import { noteCreated, resourcesOf } from './resource-arns.js';
import { RateLimits } from './throttling.js';

/** One call the account received, as IAM names it (`lambda:UpdateAlias`). */
export interface SimCall {
  service: string;
  action: string;
  region: string;
  t: number;
  input: unknown;
  error?: string;
  /** The action whose client made the call (from its user agent), e.g. deploy-lambda. */
  by?: string;
  /** What IAM authorises the call on: ARNs from the input, with request and resource tags (IAM tests). */
  resources: CallResource[];
}

/** Every account made in this process, so a test run can report the calls each action made (IAM tests). */
export const ALL_ACCOUNTS: SimAccount[] = [];

type ExceptionClass = new (opts: Record<string, unknown>) => Error;

/** A simulated AWS service. Its operations are methods named exactly as the API names them. */
export abstract class SimService {
  /** The SDK client's class name, e.g. LambdaClient. */
  abstract readonly clientName: string;
  /** The IAM service prefix, e.g. lambda. */
  abstract readonly iamPrefix: string;
  /** The SDK module, whose exception classes the simulator throws. */
  abstract readonly sdk: Record<string, unknown>;
  /** The error this service throttles with, as AWS documents it. */
  abstract readonly throttle: { name: string; status: number };

  constructor(readonly account: SimAccount) {}

  get now(): number {
    return this.account.clock.now();
  }

  /** Builds the service's real exception class for `name`, or its base exception with that name. */
  error(name: string, message: string, status = 400): Error {
    return this.account.makeError(this, name, message, status);
  }

  /** Moves the service's state machines to `now`. */
  tick(_now: number): void {}

  /** Resources left behind that a finished rollout should not leave (checked at the end of a scenario). */
  orphans(): string[] {
    return [];
  }
}

const WALL_CLOCK_COMPRESSION = 50;
const ORIGINAL_RETRY = { delay: Retry.delay.bind(Retry), throttlingDelay: Retry.throttlingDelay.bind(Retry) };

const READ_ONLY = /^(Describe|Get|List|Head|BatchGet|Lookup|Search)/;

export interface FaultFilter {
  services?: string[];
  actions?: string[];
}

export class SimAccount {
  readonly accountId = '123456789012';
  readonly clock: VirtualClock;
  readonly calls: SimCall[] = [];
  readonly violations: string[] = [];
  /** Whether a test breaks an invariant on purpose: the afterEach in test/setup/violations.ts then lets it be. */
  violationsExpected = false;
  /** How many of `violations` the afterEach has already reported (an account can outlive one test). */
  violationsReported = 0;
  private readonly started: number;
  private readonly services = new Map<string, SimService>();
  private readonly invariants: Array<[string, () => string | undefined]> = [];
  private readonly finalInvariants: Array<[string, () => string | undefined]> = [];
  /** Final problems already recorded: an account that outlives a test is checked again at the next one. */
  private readonly finalSeen = new Set<string>();
  private readonly faults: Array<{ kind: 'throttle' | 'server'; rate: number; filter: FaultFilter }> = [];
  private readonly failNexts: Array<{ service: string; action: string; make: (s: SimService) => Error }> = [];
  private seed: number;
  private requestSeq = 0;
  /** The account's request-rate buckets, once enableRateLimits() has turned them on. */
  rateLimits: RateLimits | undefined;

  constructor(options: { seed?: number; start?: number } = {}) {
    ALL_ACCOUNTS.push(this);
    this.seed = options.seed ?? 42;
    this.clock = new VirtualClock(options.start);
    this.started = this.clock.now();
    // Every scenario ends with nothing left behind: builders, volumes, pending copies, orphan snapshots,
    // task sets, target groups... whatever each service counts in orphans().
    this.finalInvariant('nothing left behind', () => this.orphans().join('; ') || undefined);
    this.clock.onAdvance.push((now) => {
      for (const s of this.services.values()) s.tick(now);
      this.checkInvariants();
    });
    // The SDK's adaptive rate limiter paces calls on wall time; put it on the virtual clock with the rest.
    // (Both members are private in the typings, hence the casts.)
    const limiter = DefaultRateLimiter as unknown as {
      setTimeoutFn: (fn: () => void, delay: number) => void;
      prototype: { getCurrentTimeInSeconds: () => number };
    };
    // Like setTimeout, round to whole milliseconds of at least 1: sub-millisecond steps vanish at epoch scale.
    limiter.setTimeoutFn = (fn, delay) => void this.clock.sleep(Math.max(1, Math.ceil(delay))).then(fn);
    limiter.prototype.getCurrentTimeInSeconds = () => this.clock.now() / 1000;
    // The retry backoff sleeps on a wall-clock setTimeout that cannot be virtualised; shrink its base delays
    // 50-fold so throttled scenarios run in seconds. Which errors retry, how often, and the retry quota stay
    // the SDK's own.
    const retry = Retry as unknown as { delay: () => number; throttlingDelay: () => number };
    const { delay, throttlingDelay } = ORIGINAL_RETRY;
    retry.delay = () => delay() / WALL_CLOCK_COMPRESSION;
    retry.throttlingDelay = () => throttlingDelay() / WALL_CLOCK_COMPRESSION;
  }

  add<S extends SimService>(service: S): S {
    this.services.set(service.clientName, service);
    return service;
  }

  service<S extends SimService>(clientName: string): S {
    const s = this.services.get(clientName);
    if (!s) throw new Error(`the simulated account has no ${clientName}`);
    return s as S;
  }

  /** A deterministic random number in [0, 1). */
  random(): number {
    let t = (this.seed += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  throttle(rate: number, filter: FaultFilter = {}): void {
    this.faults.push({ kind: 'throttle', rate, filter });
  }

  serverErrors(rate: number, filter: FaultFilter = {}): void {
    this.faults.push({ kind: 'server', rate, filter });
  }

  /**
   * Turns on request-rate throttling (test/sim/throttling.ts): token buckets per region and API family, shared
   * by every client of this account, on the virtual clock. A call over the rate answers the service's
   * throttle error. Off by default, so a scenario's call counts stay what its own rollout makes.
   */
  enableRateLimits(limits = new RateLimits()): RateLimits {
    return (this.rateLimits = limits);
  }

  /** The next call of `service:action` fails with the error `make` builds. */
  failNext(service: string, action: string, make: (s: SimService) => Error): void {
    this.failNexts.push({ service, action, make });
  }

  invariant(name: string, check: () => string | undefined): void {
    this.invariants.push([name, check]);
  }

  /**
   * A rule for the state a test leaves behind (checked by the afterEach in test/setup/violations.ts), such as
   * "fully old or fully new": a target may pass through a split mid-rollout, never end in one.
   */
  finalInvariant(name: string, check: () => string | undefined): void {
    this.finalInvariants.push([name, check]);
  }

  /** Records each final rule the account's present state breaks, once per distinct problem. */
  checkFinalInvariants(): void {
    for (const [name, check] of this.finalInvariants) {
      const problem = check();
      if (!problem) continue;
      const line = `at the end: ${name}: ${problem}`;
      if (this.finalSeen.has(line)) continue;
      this.finalSeen.add(line);
      this.violations.push(line);
    }
  }

  /** Opt out of the afterEach that fails a test on a violation: for tests that prove an invariant fires. */
  expectViolations(): void {
    this.violationsExpected = true;
  }

  /** `after` names the call (service:Action) just answered; absent when the clock advanced on its own. */
  checkInvariants(after?: string): void {
    for (const [name, check] of this.invariants) {
      const problem = check();
      if (!problem) continue;
      const second = Math.floor((this.clock.now() - this.started) / 1000);
      const when = after ? `after ${after}` : 'as the clock advanced';
      this.violations.push(`t=${second}s ${when}: ${name}: ${problem}`);
    }
  }

  orphans(): string[] {
    return [...this.services.values()].flatMap((s) => s.orphans());
  }

  mutatingCalls(): SimCall[] {
    return this.calls.filter((c) => !READ_ONLY.test(c.action));
  }

  /** `service:Action` of every call made, for the IAM policy tests. */
  actionsCalled(): Set<string> {
    return new Set(this.calls.map((c) => `${c.service}:${c.action}`));
  }

  makeError(service: SimService, name: string, message: string, status: number): Error {
    const requestId = `sim-${++this.requestSeq}`;
    const opts = {
      name,
      message,
      $fault: status >= 500 ? 'server' : 'client',
      $metadata: { httpStatusCode: status, requestId, attempts: 1, totalRetryDelay: 0 },
    };
    const Specific = service.sdk[name] as ExceptionClass | undefined;
    const Base = Object.values(service.sdk).find(
      (v) => typeof v === 'function' && (v as { name?: string }).name?.endsWith('ServiceException'),
    ) as ExceptionClass;
    const err = typeof Specific === 'function' ? new Specific(opts) : new Base(opts);
    // Some generated classes fix `name` themselves; keep the one AWS sends.
    Object.assign(err, { name, message, $metadata: opts.$metadata, $fault: opts.$fault });
    return err;
  }

  private injected(service: SimService, action: string): Error | undefined {
    const i = this.failNexts.findIndex((f) => f.service === service.iamPrefix && f.action === action);
    if (i >= 0) {
      const [f] = this.failNexts.splice(i, 1);
      return f!.make(service);
    }
    for (const f of this.faults) {
      if (f.filter.services && !f.filter.services.includes(service.iamPrefix)) continue;
      if (f.filter.actions && !f.filter.actions.includes(action)) continue;
      if (this.random() >= f.rate) continue;
      return f.kind === 'throttle'
        ? service.error(service.throttle.name, 'Rate exceeded', service.throttle.status)
        : service.error('ServiceUnavailableException', 'Service is unavailable, try again', 503);
    }
    return undefined;
  }

  /** Handles one API call the way the service would. */
  async dispatch(
    clientName: string,
    commandName: string,
    region: string,
    input: unknown,
    by?: string,
  ): Promise<unknown> {
    const service = this.services.get(clientName);
    const action = commandName.replace(/Command$/, '');
    if (!service) throw new Error(`simulator: ${clientName} is not modelled (called ${action})`);
    const call: SimCall = {
      service: service.iamPrefix,
      action,
      region,
      t: this.clock.now(),
      input,
      // Before the call runs: IAM sees the resource's tags as they were when it authorised the request.
      resources: resourcesOf(this, service.iamPrefix, action, region, input),
    };
    if (by !== undefined) call.by = by;
    this.calls.push(call);
    const fault =
      this.injected(service, action) ??
      (this.rateLimits && !this.rateLimits.admit(service.iamPrefix, action, region, call.t)
        ? service.error(service.throttle.name, 'Rate exceeded', service.throttle.status)
        : undefined);
    if (fault) {
      call.error = fault.name;
      throw fault;
    }
    const op = (service as unknown as Record<string, unknown>)[action];
    if (typeof op !== 'function')
      throw new Error(`simulator: ${service.iamPrefix}:${action} is not modelled`);
    service.tick(this.clock.now());
    try {
      const output =
        (await (op as (i: unknown, r: string) => unknown).call(service, input ?? {}, region)) ?? {};
      noteCreated(this, action, (input ?? {}) as Record<string, unknown>, output);
      return output;
    } catch (err) {
      call.error = (err as Error).name;
      throw err;
    } finally {
      this.checkInvariants(`${service.iamPrefix}:${action}`);
    }
  }

  /** A factory of real SDK clients, configured as in production, whose calls this account answers. */
  readonly aws: AwsFactory = (settings) =>
    cachedClients((ctor, region) => {
      const client = new ctor({
        ...clientConfig(settings, region),
        credentials: { accessKeyId: 'AKIASIMULATED', secretAccessKey: 'simulated' },
      }) as { middlewareStack: { add: (mw: unknown, opts: unknown) => void } };
      client.middlewareStack.add(
        (_next: unknown, context: { clientName: string; commandName: string }) =>
          async (args: { input: unknown }) => {
            const output = (await this.dispatch(
              context.clientName,
              context.commandName,
              region,
              args.input,
              settings.action,
            )) as object;
            return {
              output: {
                ...output,
                $metadata: { httpStatusCode: 200, requestId: `sim-${++this.requestSeq}` },
              },
              response: { statusCode: 200, headers: {}, body: undefined },
            };
          },
        // Below the retry middleware (finalizeRequest), so the SDK's real retry logic handles throttling.
        { step: 'deserialize', name: 'slipwaySimulatedAccount', priority: 'high' },
      );
      return withActionableErrors(client) as never;
    });

  /** Deps for one run of an action against this account; `cancelAt` aborts it at that virtual time. */
  deps(
    inputs: Record<string, string>,
    options: { cancelAt?: number; env?: Record<string, string>; io?: MemoryIo } = {},
  ): Deps & { io: MemoryIo } {
    const controller = new AbortController();
    if (options.cancelAt !== undefined)
      this.clock.at(options.cancelAt, () => controller.abort(new CancelledError('cancelled (SIGINT)')));
    return {
      io: options.io ?? new MemoryIo(inputs),
      clock: this.clock,
      aws: this.aws,
      env: { AWS_REGION: 'us-east-1', ...options.env },
      signal: controller.signal,
    };
  }
}
