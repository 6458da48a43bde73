import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface SeenRequest {
  method: string;
  path: string;
  authorization: string | undefined;
}

export interface HostileServer {
  /** http://address:port */
  origin: string;
  /** address:port, as a registry input takes it. */
  host: string;
  seen: SeenRequest[];
  /** Bytes written into responses so far (what a capped reader makes the server stop sending). */
  written: () => number;
  close: () => Promise<void>;
}

/**
 * A small HTTP server on a loopback address (127.0.0.2 stands for "another host": Linux routes all of
 * 127.0.0.0/8 to lo), playing a registry, a token service or blob storage that misbehaves. It records what
 * each request carried, and closes every socket on close().
 */
export async function startHostile(
  address: string,
  handler: (req: IncomingMessage, res: ServerResponse, server: HostileServer) => void,
): Promise<HostileServer> {
  const sockets = new Set<Socket>();
  let written = 0;
  const self: HostileServer = {
    origin: '',
    host: '',
    seen: [],
    written: () => written,
    close: () =>
      new Promise<void>((ok) => {
        for (const s of sockets) s.destroy();
        server.close(() => ok());
      }),
  };
  const server: Server = createServer((req, res) => {
    self.seen.push({
      method: req.method ?? '',
      path: req.url ?? '',
      authorization: req.headers.authorization,
    });
    const write = res.write.bind(res) as (chunk: Buffer | string) => boolean;
    res.write = ((chunk: Buffer | string, ...rest: unknown[]) => {
      written += Buffer.byteLength(chunk);
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof res.write;
    req.resume();
    handler(req, res, self);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((ok) => server.listen(0, address, ok));
  const { port } = server.address() as AddressInfo;
  self.host = `${address}:${port}`;
  self.origin = `http://${self.host}`;
  return self;
}

/** Writes `chunk` again and again, as fast as the socket takes it, until the client goes away. */
export function streamForever(res: ServerResponse, chunk: Buffer): void {
  const pump = (): void => {
    while (!res.destroyed && res.write(chunk));
    if (!res.destroyed) res.once('drain', pump);
  };
  res.once('close', () => res.off('drain', pump));
  pump();
}
