import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { HttpResponse, HttpSend } from '../../src/core/http.js';
import { BodyTooLargeError } from '../../src/core/http.js';

/** A complete response held in memory, as the registry client's transport returns it, from `url`. */
export function bufferedResponse(
  url: URL,
  status: number,
  headers: Record<string, string> = {},
  body: Buffer | string = '',
): HttpResponse {
  const bytes = Buffer.from(body);
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    status,
    statusText: '',
    url,
    header: (name) => lower[name.toLowerCase()],
    body: Readable.from(bytes.length ? [bytes] : []),
    bytes: async (max) => {
      if (bytes.length > max) throw new BodyTooLargeError(max);
      return bytes;
    },
    text: async (max) => {
      if (bytes.length > max) throw new BodyTooLargeError(max);
      return bytes.toString('utf8');
    },
    discard: async () => undefined,
  };
}

/** A fetch-shaped handler (url, init) → Response, served as a transport: fakes are easier to write so. */
export function transportOf(handler: (url: URL, init: RequestInit) => Promise<Response>): HttpSend {
  return async (req) => {
    const body =
      req.body === undefined
        ? undefined
        : Buffer.isBuffer(req.body)
          ? req.body
          : readFileSync(req.body.path).subarray(0, req.body.size);
    const res = await handler(req.url, {
      method: req.method,
      headers: req.headers,
      ...(body ? { body } : {}),
    });
    return bufferedResponse(
      req.url,
      res.status,
      Object.fromEntries(res.headers.entries()),
      Buffer.from(await res.arrayBuffer()),
    );
  };
}
