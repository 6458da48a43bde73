import * as http from 'node:http';
import type * as https from 'node:https';
import type { Readable } from 'node:stream';
import type { FileBody } from './file-body.js';
import { writeFileBody } from './file-body.js';
import { formatLimit } from './units.js';

export interface HttpRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';
  url: URL;
  headers: Record<string, string>;
  body?: Buffer | FileBody;
  signal: AbortSignal;
  /** GET and HEAD follow redirects unless this is 'manual'; other methods never do. */
  redirect?: 'follow' | 'manual';
  /** How long the connection may move no bytes, either way, before the request fails (default 60 s). */
  stallMs?: number;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  /** Where the response came from: the request's URL, or the last one its redirects led to. */
  url: URL;
  header(name: string): string | undefined;
  /** The body; read it to the end, or call discard(), so that the connection can be reused. */
  body: Readable;
  /**
   * The whole body, at most `max` bytes: a longer one (declared or sent) rejects with BodyTooLargeError
   * as soon as it passes the cap, and its connection is closed, so an endless body costs no memory.
   */
  bytes(max: number): Promise<Buffer>;
  text(max: number): Promise<string>;
  discard(): Promise<void>;
}

/** A response body longer than its reader's cap. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the body is over ${formatLimit(limit)}`);
  }
}

export type HttpSend = (request: HttpRequest) => Promise<HttpResponse>;

const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
// A request or response that moves no bytes for this long fails, so that its caller can retry it, rather
// than hang the job on a dead connection.
export const STALL_MS = 60_000;
// Bodies bigger than this are dropped with their connection rather than read only to be thrown away.
const DRAIN_MAX_BYTES = 64 * 1024;

// Keep-alive connections: a push makes several requests to one host. Node unreferences idle sockets, so
// they never keep the action alive.
const plain = { request: http.request, agent: new http.Agent({ keepAlive: true, maxSockets: 16 }) };
// https, and the TLS stack under it, load at the first https URL only: a loopback registry never needs them.
let secure: Promise<{ request: typeof https.request; agent: https.Agent }> | undefined;
function client(url: URL): typeof plain | NonNullable<typeof secure> {
  if (url.protocol !== 'https:') return plain;
  secure ??= import('node:https').then((m) => ({
    request: m.request,
    agent: new m.Agent({ keepAlive: true, maxSockets: 16 }),
  }));
  return secure;
}

function wrap(res: http.IncomingMessage, method: HttpRequest['method'], url: URL): HttpResponse {
  // A HEAD has no body, but its socket returns to the pool only once the empty body is consumed.
  if (method === 'HEAD') res.resume();
  const bytes = async (max: number): Promise<Buffer> => {
    const tooLarge = (): never => {
      res.destroy(); // closes the socket: the rest is never received
      throw new BodyTooLargeError(max);
    };
    if (Number(res.headers['content-length']) > max) tooLarge();
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res) {
      size += (chunk as Buffer).length;
      if (size > max) tooLarge();
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks);
  };
  return {
    status: res.statusCode ?? 0,
    statusText: res.statusMessage ?? '',
    url,
    header: (name) => {
      const value = res.headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(', ') : value;
    },
    body: res,
    bytes,
    text: async (max) => (await bytes(max)).toString('utf8'),
    discard: async () => {
      if (res.readableEnded || res.destroyed) return;
      // A HEAD's Content-Length describes the GET; there is no body to read.
      const length = method === 'HEAD' ? 0 : Number(res.headers['content-length'] ?? NaN);
      if (!(length <= DRAIN_MAX_BYTES)) return void res.destroy();
      await new Promise<void>((resolve) => {
        res
          .once('end', resolve)
          .once('close', resolve)
          .once('error', () => resolve());
        res.resume();
      });
    },
  };
}

/** A connection that moved no bytes for `stallMs`. */
export class StallError extends Error {
  constructor(readonly stallMs: number) {
    super(`no bytes for ${stallMs / 1000} s`);
  }
}

async function sendOnce(req: HttpRequest): Promise<http.IncomingMessage> {
  const { request, agent } = await client(req.url);
  const stallMs = req.stallMs ?? STALL_MS;
  // Not even a connection for a run already cancelled: node 24 opens one for an aborted request's agent
  // and keeps it open.
  req.signal.throwIfAborted();
  // A body shorter than it says would leave the server waiting for the rest until the idle timeout.
  const declared = req.headers['content-length'];
  if (Buffer.isBuffer(req.body) && declared !== undefined && Number(declared) !== req.body.length)
    throw new Error(
      `the request body is ${req.body.length} bytes, but its Content-Length says ${declared.slice(0, 20)}`,
    );
  return new Promise((resolve, reject) => {
    const outgoing = request(req.url, {
      method: req.method,
      headers: req.headers,
      agent,
      signal: req.signal,
      // The socket's idle timeout: it holds while the body goes up and while the response comes down.
      timeout: stallMs,
    });
    let response: http.IncomingMessage | undefined;
    outgoing.once('response', (res) => {
      response = res;
      resolve(res);
    });
    outgoing.once('error', reject);
    // A stall while the body comes down fails its reader with the same error, not node's bare "aborted".
    outgoing.once('timeout', () => {
      const err = new StallError(stallMs);
      response?.destroy(err);
      outgoing.destroy(err);
    });
    if (req.body === undefined || Buffer.isBuffer(req.body)) outgoing.end(req.body);
    // A file that fails destroys the request, which rejects through 'error' above.
    else
      writeFileBody(outgoing, req.body).then(
        () => outgoing.end(),
        (err: Error) => outgoing.destroy(err),
      );
  });
}

/**
 * One HTTP request through node's own client (no fetch: loading undici, and the compile of its parser that
 * node waits for at exit, cost a short action over 200 ms). GET and HEAD follow redirects, as registries
 * send blob downloads to storage, and drop the Authorization header when one leaves the origin. The response
 * tells its final URL, so that a caller can tell which origin answered.
 */
async function nodeHttpSend(request: HttpRequest): Promise<HttpResponse> {
  let req = request;
  for (let hops = 0; ; hops++) {
    const res = await sendOnce(req);
    const location = res.headers.location;
    const follow =
      req.redirect !== 'manual' &&
      (req.method === 'GET' || req.method === 'HEAD') &&
      REDIRECTS.has(res.statusCode ?? 0);
    if (!follow || !location || hops >= MAX_REDIRECTS) return wrap(res, req.method, req.url);
    await wrap(res, req.method, req.url).discard();
    const url = new URL(location, req.url);
    const headers = { ...req.headers };
    if (url.origin !== req.url.origin) delete headers['authorization'];
    req = { ...req, url, headers };
  }
}

/** The HTTP client slipway uses unless a test gives another; an object, so that tests can observe it. */
export const httpTransport: { send: HttpSend } = { send: nodeHttpSend };
