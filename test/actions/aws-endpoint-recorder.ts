import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback HTTP server to point AWS_ENDPOINT_URL at: it records every request a bundle makes and answers
 * 500, so a bundle that reaches "AWS" is caught, not merely slowed down.
 */
export async function startEndpointRecorder(): Promise<{
  url: string;
  requests: string[];
  close: () => Promise<void>;
}> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url} ${req.headers['x-amz-target'] ?? ''}`.trim());
    res.statusCode = 500;
    res.end('{"message":"the bad-input test endpoint accepts no calls"}');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}
