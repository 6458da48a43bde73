import { createWriteStream, rmSync } from 'node:fs';
import type { TransformCallback } from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Clock } from '../../../core/clock.js';
import { nodeCrypto, sha256Digest } from '../digest.js';
import type { Descriptor } from '../media-types.js';
import { MANIFEST_ACCEPT } from '../media-types.js';
import { registryBaseUrl } from '../reference.js';
import type { Challenge, RegistryCredentials } from './auth.js';
import { basicAuthorization, parseChallenge, repositoryScope, tokenUrl } from './auth.js';
import { clip, parseErrorBody, RegistryError } from './errors.js';
import { ActionError } from '../../../core/errors.js';
import type { FileBody } from '../../../core/file-body.js';
import { FileBodyError } from '../../../core/file-body.js';
import type { HttpResponse, HttpSend } from '../../../core/http.js';
import { BodyTooLargeError, httpTransport, StallError } from '../../../core/http.js';
import { formatLimit } from '../../../core/units.js';
import { progressReporter } from '../../../core/progress.js';

export interface RegistryClientOptions {
  /** host[:port]; plain http is used for loopback hosts only. */
  registry: string;
  credentials?: RegistryCredentials;
  /** Send Basic credentials on the first request, when the scheme is known (ECR), saving a 401 round trip. */
  preemptiveBasic?: boolean;
  clock: Clock;
  signal: AbortSignal;
  debug?: (line: string) => void;
  /** Where a long upload or download says how far it has got, every 10 s of the clock. */
  progress?: (line: string) => void;
  /** How requests are sent; node's HTTP client unless a test gives another. */
  transport?: HttpSend;
  /** Attempts per request on network errors, 429 and 5xx (default 3). */
  maxAttempts?: number;
  /** How long a connection may move no bytes before its request fails and is retried (default 60 s). */
  stallMs?: number;
}

/** How an upload began: the blob was mounted, or here is the session to PUT its bytes to. */
export type UploadStart = 'mounted' | URL;

/** A body a retry can send again: made on demand, as a buffer or a file to read. */
export type BlobBody = () => Promise<Buffer | FileBody>;

interface Send {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';
  url: URL;
  scopes: readonly string[];
  headers?: Record<string, string>;
  body?: BlobBody;
  /** Whether a 429/5xx or network error may be retried here (false for a step of a larger sequence). */
  retry?: boolean;
}

const RETRY_STATUS = new Set([408, 429, 500, 502, 503, 504]);

/**
 * A failure of the connection rather than of the content: no status (the request never got an answer), or a
 * body that stopped coming (a stall, a reset, a premature close). A wrong digest or size is the content's.
 */
function isNetworkFailure(err: unknown): boolean {
  if (err instanceof RegistryError) return err.status === undefined;
  return err instanceof StallError || BROKEN.has((err as { code?: string }).code ?? '');
}
const BROKEN = new Set(['ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'ERR_STREAM_PREMATURE_CLOSE']);
// Every body read from a registry has a cap, and reading stops there. Manifests: the distribution spec
// (v1.1, "Pushing Manifests") says registries SHOULD accept manifests of at least 4 MiB and answer 413 above
// their own limit, and distribution itself refuses a bigger one; so no portable image has a bigger manifest.
export const MANIFEST_MAX = 4 * 1024 * 1024;
// A token response is a JWT or opaque token in a small JSON object (Docker Hub's are a few KiB).
export const TOKEN_BODY_MAX = 1024 * 1024;
// An error body is read only for its first code and message.
export const ERROR_BODY_MAX = 64 * 1024;

/**
 * A client for the OCI distribution protocol, written against the spec and ECR's documented quirks: token
 * auth from a WWW-Authenticate challenge (anonymous or with credentials), Basic auth, blob existence checks,
 * cross-repository mounts, and monolithic uploads (POST, then one PUT; never chunked PATCH, which ECR
 * mishandles). It counts every request it makes, token requests included.
 */
export class RegistryClient {
  requests = 0;
  readonly registry: string;
  readonly baseUrl: string;
  /** The registry's own origin: the only one whose 401 is answered, and the only one sent credentials. */
  private readonly origin: string;
  private readonly maxAttempts: number;
  private basic: string | undefined;
  private bearerChallenge: Challenge | undefined;
  /** Tokens by scope set; promises, so that parallel requests share one token request. */
  private readonly tokens = new Map<string, Promise<string>>();

  constructor(private readonly options: RegistryClientOptions) {
    this.registry = options.registry;
    this.baseUrl = registryBaseUrl(options.registry);
    this.origin = new URL(this.baseUrl).origin;
    this.maxAttempts = options.maxAttempts ?? 3;
    if (options.preemptiveBasic && options.credentials) this.basic = basicAuthorization(options.credentials);
  }

  /** A manifest or index: its bytes, media type and the digest of those bytes (checked if `reference` is one). */
  async getManifest(
    repository: string,
    reference: string,
  ): Promise<{ bytes: Buffer; mediaType: string; digest: string }> {
    const res = await this.send({
      method: 'GET',
      url: this.url(`${repository}/manifests/${reference}`),
      scopes: [repositoryScope(repository, 'pull')],
      headers: { accept: MANIFEST_ACCEPT },
    });
    if (res.status !== 200) throw await this.failure(res, `manifest ${repository}:${reference}`);
    const bytes = await res.bytes(MANIFEST_MAX).catch((err: unknown) => {
      if (!(err instanceof BodyTooLargeError)) throw err;
      throw new RegistryError(
        `manifest ${repository}:${reference} on ${this.registry} is over ${formatLimit(MANIFEST_MAX)}, the most the distribution spec has registries accept; slipway stopped reading it`,
        200,
        'MANIFEST_INVALID',
      );
    });
    const digest = sha256Digest(bytes);
    if (reference.startsWith('sha256:') && digest !== reference)
      throw new RegistryError(
        `manifest ${repository}@${reference} came back with digest ${digest}`,
        200,
        'DIGEST_INVALID',
      );
    const contentType = res.header('content-type')?.split(';')[0]?.trim();
    const declared = (JSON.parse(bytes.toString('utf8')) as { mediaType?: string }).mediaType;
    return { bytes, mediaType: declared ?? contentType ?? '', digest };
  }

  /** The digest a tag or digest points at now, or undefined when the registry has no such manifest. */
  async manifestDigest(repository: string, reference: string): Promise<string | undefined> {
    const res = await this.send({
      method: 'HEAD',
      url: this.url(`${repository}/manifests/${reference}`),
      scopes: pushScopes(repository),
      headers: { accept: MANIFEST_ACCEPT },
    });
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw await this.failure(res, `manifest ${repository}:${reference}`);
    // Compared with a digest, never printed whole: a long or odd header is only ever "not this image".
    return res.header('docker-content-digest') ?? (reference.startsWith('sha256:') ? reference : 'unknown');
  }

  async hasBlob(repository: string, digest: string): Promise<boolean> {
    const res = await this.send({
      method: 'HEAD',
      url: this.url(`${repository}/blobs/${digest}`),
      scopes: pushScopes(repository),
    });
    if (res.status === 404) return false;
    if (res.status === 200) return true;
    throw await this.failure(res, `blob ${digest} in ${repository}`);
  }

  /**
   * Downloads a blob to `path`, checking its size and digest; the registry may redirect to storage. A
   * download that fails on the way (a stall, a reset) starts again, as a failed upload does.
   */
  async downloadBlob(repository: string, blob: Descriptor, path: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.downloadOnce(repository, blob, path);
      } catch (err) {
        if (!isNetworkFailure(err) || attempt >= this.maxAttempts || this.options.signal.aborted) throw err;
        await this.retryAfterFailure('downloading', blob, err, attempt);
      }
    }
  }

  private async downloadOnce(repository: string, blob: Descriptor, path: string): Promise<void> {
    const res = await this.send({
      method: 'GET',
      url: this.url(`${repository}/blobs/${blob.digest}`),
      scopes: [repositoryScope(repository, 'pull')],
    });
    if (res.status !== 200) throw await this.failure(res, `blob ${blob.digest} of ${repository}`);
    // A body longer than the descriptor is an error as soon as it is (declared or sent), not once it ends.
    const tooLong = (): RegistryError => {
      res.body.destroy();
      return new RegistryError(
        `blob ${blob.digest} of ${repository} is longer than the ${blob.size} bytes its descriptor gives; slipway stopped reading it`,
        200,
        'SIZE_INVALID',
      );
    };
    if (Number(res.header('content-length')) > blob.size) throw tooLong();
    const hash = nodeCrypto().createHash('sha256');
    let size = 0;
    const report = this.progress('downloading', blob);
    const tap = new Transform({
      transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
        size += chunk.length;
        if (size > blob.size) return done(tooLong());
        hash.update(chunk);
        report?.(size);
        done(null, chunk);
      },
    });
    try {
      await pipeline(res.body, tap, createWriteStream(path));
      const digest = `sha256:${hash.digest('hex')}`;
      if (digest !== blob.digest || size !== blob.size)
        throw new RegistryError(
          `blob ${blob.digest} of ${repository} came back as ${digest} (${size} bytes, expected ${blob.size})`,
          200,
          'DIGEST_INVALID',
        );
    } catch (err) {
      rmSync(path, { force: true });
      throw err;
    }
  }

  /**
   * Uploads a blob: POST (with `mount` and `from` when another repository of this registry may hold it;
   * 201 means mounted, 202 means upload it), then one monolithic PUT `?digest=`. The whole sequence is
   * retried on a network error, 429 or 5xx, since an upload session does not survive a failed PUT; the
   * failed session is deleted first. `started` is a POST the caller sent already (see `startUpload`): the
   * first attempt uses it.
   */
  async uploadBlob(
    repository: string,
    blob: Descriptor,
    body: BlobBody,
    mountFrom?: string,
    started?: Promise<UploadStart>,
  ): Promise<'mounted' | 'uploaded'> {
    for (let attempt = 1; ; attempt++) {
      try {
        const start = await (attempt === 1 && started
          ? started
          : this.startUpload(repository, blob, mountFrom));
        if (start === 'mounted') return 'mounted';
        try {
          await this.finishUpload(repository, blob, body, start);
        } catch (err) {
          // A retry opens a new session, and a failure leaves; neither may leave this one open behind it.
          await this.cancelUpload(repository, start);
          throw err;
        }
        return 'uploaded';
      } catch (err) {
        // The layout's file is not the blob it should be: no retry can mend that.
        if (err instanceof FileBodyError)
          throw new ActionError(
            `blob ${blob.digest} of the layout cannot be pushed: ${err.message}. The layout is damaged; build it again`,
            { cause: err },
          );
        // A network error (no status), 429 or 5xx; anything else (a bad blob in memory, a 4xx) is final.
        const retriable =
          err instanceof RegistryError && (err.status === undefined || RETRY_STATUS.has(err.status));
        if (!retriable || attempt >= this.maxAttempts || this.options.signal.aborted) throw err;
        await this.retryAfterFailure('uploading', blob, err, attempt);
      }
    }
  }

  /**
   * The POST that begins an upload: `mounted`, or the session's URL to PUT the bytes to. A caller may send
   * it before it knows whether the blob is needed, and give it to `uploadBlob`, or else to `cancelUpload`.
   */
  async startUpload(repository: string, blob: Descriptor, mountFrom?: string): Promise<UploadStart> {
    const post = this.url(`${repository}/blobs/uploads/`);
    if (mountFrom && mountFrom !== repository) {
      post.searchParams.set('mount', blob.digest);
      post.searchParams.set('from', mountFrom);
    }
    const started = await this.send({
      method: 'POST',
      url: post,
      scopes: pushScopes(repository, post.searchParams.get('from')),
      headers: { 'content-length': '0' },
      retry: false,
    });
    if (started.status === 201) {
      await started.discard();
      return 'mounted';
    }
    if (started.status !== 202)
      throw await this.failure(started, `upload of ${blob.digest} to ${repository}`);
    const location = started.header('location');
    await started.discard();
    if (!location)
      throw new RegistryError(
        `upload of ${blob.digest} to ${repository}: the registry sent no Location`,
        202,
        undefined,
      );
    try {
      return new URL(location, this.baseUrl);
    } catch {
      throw new RegistryError(
        `upload of ${blob.digest} to ${repository}: the registry sent a Location that is not a URL (${JSON.stringify(clip(location, 100))})`,
        202,
        undefined,
      );
    }
  }

  /**
   * Ends an upload session that will not be used (DELETE, as the spec gives). Best effort: a registry that
   * refuses expires the session itself, and nothing refers to it.
   */
  async cancelUpload(repository: string, start: UploadStart): Promise<void> {
    if (start === 'mounted') return;
    try {
      const res = await this.send({ method: 'DELETE', url: start, scopes: pushScopes(repository) });
      await res.discard();
    } catch (err) {
      this.options.debug?.(
        `the unused upload session stays until the registry expires it: ${(err as Error).message}`,
      );
    }
  }

  /** The PUT of a blob's bytes into an upload session, checking the digest the registry stored. */
  private async finishUpload(
    repository: string,
    blob: Descriptor,
    body: BlobBody,
    session: URL,
  ): Promise<void> {
    const put = new URL(session);
    put.searchParams.set('digest', blob.digest);
    const report = this.progress('uploading', blob);
    const done = await this.send({
      method: 'PUT',
      url: put,
      scopes: pushScopes(repository),
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(blob.size) },
      body: report ? async () => withProgress(await body(), report) : body,
      retry: false,
    });
    if (done.status !== 201 && done.status !== 204)
      throw await this.failure(done, `upload of ${blob.digest} to ${repository}`);
    await done.discard();
    const stored = done.header('docker-content-digest');
    if (stored && stored !== blob.digest)
      throw new RegistryError(
        `upload of ${blob.digest} to ${repository}: the registry stored ${clip(stored, 100)}`,
        201,
        'DIGEST_INVALID',
      );
  }

  /** PUTs a manifest or index under a tag or its digest, and checks the digest the registry computed. */
  async putManifest(
    repository: string,
    reference: string,
    bytes: Buffer,
    mediaType: string,
  ): Promise<string> {
    const res = await this.send({
      method: 'PUT',
      url: this.url(`${repository}/manifests/${reference}`),
      scopes: pushScopes(repository),
      headers: { 'content-type': mediaType },
      body: async () => bytes,
    });
    if (res.status !== 201 && res.status !== 200)
      throw await this.failure(res, `manifest ${repository}:${reference}`);
    await res.discard();
    const expected = sha256Digest(bytes);
    const stored = res.header('docker-content-digest');
    if (stored && stored !== expected)
      throw new RegistryError(
        `manifest ${repository}:${reference}: the registry stored ${clip(stored, 100)}, but slipway sent ${expected}`,
        res.status,
        'DIGEST_INVALID',
      );
    return expected;
  }

  /** A reporter for one blob's transfer, when the caller wants progress lines. */
  /** Says why a transfer starts again (with the transfer lines), then waits out the backoff. */
  private async retryAfterFailure(verb: string, blob: Descriptor, err: unknown, attempt: number) {
    this.options.progress?.(
      `${verb} ${blob.digest.slice(0, 19)}: ${(err as Error).message}; retrying (attempt ${attempt + 1} of ${this.maxAttempts})`,
    );
    await this.backoff(attempt, undefined);
  }

  private progress(verb: string, blob: Descriptor): ((done: number) => void) | undefined {
    const log = this.options.progress;
    if (!log) return undefined;
    const what = `${verb} ${blob.digest.slice(0, 19)}`;
    return progressReporter({ what, total: blob.size, clock: this.options.clock, log });
  }

  /** Read at each request, not kept, so that a test may watch the shared transport. */
  private get transport(): HttpSend {
    return this.options.transport ?? httpTransport.send;
  }

  private url(path: string): URL {
    return new URL(`${this.baseUrl}/v2/${path}`);
  }

  /** Sends one request: authorises it, answers one 401 challenge, and retries 429/5xx and network errors. */
  private async send(req: Send): Promise<HttpResponse> {
    let answeredChallenge = false;
    for (let attempt = 1; ; attempt++) {
      const sameOrigin = req.url.origin === this.origin;
      const authorization = sameOrigin ? await this.authorization(req.scopes) : undefined;
      const headers: Record<string, string> = { ...req.headers };
      if (authorization) headers['authorization'] = authorization;
      // Outside the try: a body that cannot be made (a damaged layout) is no network error to retry.
      const body = req.body ? await req.body() : undefined;
      let res: HttpResponse;
      try {
        this.requests++;
        res = await this.transport({
          method: req.method,
          url: req.url,
          headers,
          signal: this.options.signal,
          ...(body ? { body } : {}),
          ...(this.options.stallMs !== undefined ? { stallMs: this.options.stallMs } : {}),
        });
      } catch (err) {
        this.options.signal.throwIfAborted();
        if (err instanceof FileBodyError) throw err; // the file, not the network: see uploadBlob
        const reason = (err as Error & { cause?: Error }).cause?.message ?? (err as Error).message;
        if (req.retry === false || attempt >= this.maxAttempts)
          throw new RegistryError(
            `${req.method} ${this.show(req.url)} failed: ${reason}`,
            undefined,
            undefined,
            { cause: err },
          );
        await this.backoff(attempt, undefined);
        continue;
      }
      this.options.debug?.(`${req.method} ${this.show(req.url)} -> ${res.status}`);
      // A challenge from another origin (blob storage a redirect led to, an upload on another host) is not
      // the registry's: answering it would hand that host the registry's credentials.
      if (res.status === 401 && res.url.origin !== this.origin) {
        await res.discard();
        throw new RegistryError(
          `${req.method} ${this.show(req.url)}: ${clip(res.url.host, 100)}, which is not ${this.registry}, answered 401; slipway answers a challenge only from the registry itself and sends no credentials elsewhere`,
          401,
          'UNAUTHORIZED',
        );
      }
      if (res.status === 401 && !answeredChallenge) {
        answeredChallenge = true;
        const header = res.header('www-authenticate');
        await res.discard();
        await this.answer(parseChallenge(header), req.scopes, authorization);
        attempt--; // an auth round trip is not a failed attempt
        continue;
      }
      if (RETRY_STATUS.has(res.status) && req.retry !== false && attempt < this.maxAttempts) {
        const retryAfter = res.header('retry-after');
        await res.discard();
        await this.backoff(attempt, retryAfter);
        continue;
      }
      return res;
    }
  }

  private async authorization(scopes: readonly string[]): Promise<string | undefined> {
    if (this.basic) return this.basic;
    const key = scopes.join(' ');
    const cached = this.tokens.get(key);
    if (cached) return cached;
    // Once the registry has named its token service, ask it first instead of collecting a 401 every time.
    if (this.bearerChallenge) return this.token(this.bearerChallenge, scopes, key);
    return undefined;
  }

  /** Answers a 401 for a request that carried `used`; a token another request already renewed is reused. */
  private async answer(
    challenge: Challenge | undefined,
    scopes: readonly string[],
    used: string | undefined,
  ): Promise<void> {
    if (!challenge) return; // nothing to answer; the repeated 401 is reported as it is
    if (challenge.scheme === 'basic') {
      if (!this.options.credentials)
        throw new RegistryError(
          `${this.registry} requires a username and password (it answered 401 Basic)`,
          401,
          'UNAUTHORIZED',
        );
      this.basic = basicAuthorization(this.options.credentials);
      return;
    }
    this.bearerChallenge = challenge;
    const key = scopes.join(' ');
    const current = this.tokens.get(key);
    if (current && (await current.catch(() => undefined)) !== used) return;
    const wanted = [...scopes];
    const asked = challenge.params['scope'];
    if (asked) for (const s of asked.split(' ')) if (!wanted.includes(s)) wanted.push(s);
    this.tokens.delete(key);
    await this.token(challenge, wanted, key);
  }

  /** Starts (once per scope set) a token request; a failed one is forgotten, so a later request may retry. */
  private token(challenge: Challenge, scopes: readonly string[], key: string): Promise<string> {
    const pending = this.fetchToken(challenge, scopes);
    this.tokens.set(key, pending);
    pending.catch(() => {
      if (this.tokens.get(key) === pending) this.tokens.delete(key);
    });
    return pending;
  }

  private async fetchToken(challenge: Challenge, scopes: readonly string[]): Promise<string> {
    const url = tokenUrl(challenge, scopes, this.registry);
    const headers: Record<string, string> = {};
    if (this.options.credentials) headers['authorization'] = basicAuthorization(this.options.credentials);
    this.requests++;
    let res: HttpResponse;
    try {
      res = await this.transport({ method: 'GET', url, headers, signal: this.options.signal });
    } catch (err) {
      this.options.signal.throwIfAborted();
      throw new RegistryError(
        `token request to ${url.origin} failed: ${(err as Error).message}`,
        undefined,
        undefined,
        { cause: err },
      );
    }
    this.options.debug?.(`GET ${url.origin}${url.pathname} (token) -> ${res.status}`);
    if (res.status !== 200) {
      await res.discard();
      throw new RegistryError(
        `the token service ${url.origin} refused a token for ${scopes.join(' ')} (HTTP ${res.status})` +
          (this.options.credentials
            ? '; check username and password'
            : '; the registry may need a username and password'),
        res.status,
        'UNAUTHORIZED',
      );
    }
    let body: { token?: unknown; access_token?: unknown };
    try {
      body = JSON.parse(await res.text(TOKEN_BODY_MAX)) as typeof body;
    } catch (err) {
      const why =
        err instanceof BodyTooLargeError
          ? `a body over ${formatLimit(TOKEN_BODY_MAX)}; slipway stopped reading it`
          : 'a body that is not JSON';
      throw new RegistryError(`the token service ${url.origin} answered ${why}`, 200, undefined, {
        cause: err,
      });
    }
    const token = body.token ?? body.access_token;
    if (typeof token !== 'string' || !/^[\x21-\x7e]+$/.test(token))
      throw new RegistryError(`the token service ${url.origin} answered without a token`, 200, undefined);
    return `Bearer ${token}`;
  }

  private async backoff(attempt: number, retryAfter: string | undefined): Promise<void> {
    const seconds = retryAfter && /^\d+$/.test(retryAfter) ? Math.min(Number(retryAfter), 30) : undefined;
    await this.options.clock.sleep(
      seconds !== undefined ? seconds * 1000 : 500 * 2 ** (attempt - 1),
      this.options.signal,
    );
  }

  /** A request as it may be logged: the registry and path, never the upload session's query. */
  private show(url: URL): string {
    return `${url.host}${url.pathname}`;
  }

  private async failure(res: HttpResponse, what: string): Promise<RegistryError> {
    // A 200 here carries the wrong content, not an error body: leave it unread. An error body is read up
    // to its cap (a longer one is dropped with its connection) for its first code and message.
    const text =
      res.status === 200
        ? await res.discard().then(() => '')
        : await res.text(ERROR_BODY_MAX).catch(() => '');
    const { code, message } = parseErrorBody(text);
    const detail = [code, message].filter(Boolean).join(': ') || clip(res.statusText, 100);
    // Storage a download was redirected to answers for itself: the message names it.
    const where =
      res.url.origin === this.origin
        ? this.registry
        : `${clip(res.url.host, 100)} (where ${this.registry} redirected)`;
    return new RegistryError(
      `${what} on ${where}: HTTP ${res.status}${detail ? ` ${detail}` : ''}${hint(res.status, this.options.credentials !== undefined)}`,
      res.status,
      code,
    );
  }
}

/** What a push asks a token for: this repository, and read access to the one a blob is mounted from. */
function pushScopes(repository: string, mountFrom?: string | null): string[] {
  const scopes = [repositoryScope(repository, 'pull,push')];
  if (mountFrom) scopes.push(repositoryScope(mountFrom, 'pull'));
  return scopes;
}

function hint(status: number, hasCredentials: boolean): string {
  if (status === 401)
    return hasCredentials
      ? '; the registry refused the credentials: check username and password'
      : '; the registry needs a username and password';
  if (status === 403) return '; the credentials lack permission for this repository';
  if (status === 404) return '; check the image name, tag and registry';
  return '';
}

/** A body that reports the bytes sent; a buffer is sent at once, so it needs no reporting. */
function withProgress(body: Buffer | FileBody, report: (bytes: number) => void): Buffer | FileBody {
  return Buffer.isBuffer(body) ? body : { ...body, onSent: report };
}
