import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeployment } from '../../src/core/deployments.js';
import { MemoryIo } from '../sim/memory-io.js';
import { serverlessAccount } from '../sim/index.js';

describe('GitHub Deployments', () => {
  const seen: Array<{
    method: string;
    url: string;
    body: Record<string, unknown>;
    auth: string | undefined;
  }> = [];
  let url = '';
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      seen.push({
        method: req.method!,
        url: req.url!,
        body: raw ? JSON.parse(raw) : {},
        auth: req.headers.authorization,
      });
      res.setHeader('content-type', 'application/json');
      res.statusCode = 201;
      res.end(JSON.stringify(req.url!.endsWith('/deployments') ? { id: 77 } : { id: 1, state: 'ok' }));
    });
  });
  beforeAll(async () => {
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((ok) => server.close(ok));
  });

  it('creates a deployment, posts in_progress, then the outcome with environment_url and log_url', async () => {
    const { account } = serverlessAccount();
    const io = new MemoryIo();
    const deps = {
      ...account.deps({}, { io }),
      env: {
        GITHUB_REPOSITORY: 'acme/orders',
        GITHUB_SHA: 'abc123',
        GITHUB_RUN_ID: '99',
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_API_URL: url,
      },
    };
    const d = await startDeployment(deps, {
      token: 'ghs_secret',
      environment: 'production',
      environmentUrl: 'https://orders.example.com',
      description: 'deploy',
    });
    expect(d?.id).toBe(77);
    await d!.finish('success', 'slipway deploy-lambda: succeeded');
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'POST /repos/acme/orders/deployments',
      'POST /repos/acme/orders/deployments/77/statuses',
      'POST /repos/acme/orders/deployments/77/statuses',
    ]);
    expect(seen[0]!.body).toMatchObject({
      ref: 'abc123',
      environment: 'production',
      auto_merge: false,
      required_contexts: [],
    });
    expect(seen[1]!.body).toMatchObject({
      state: 'in_progress',
      log_url: 'https://github.com/acme/orders/actions/runs/99',
    });
    expect(seen[2]!.body).toMatchObject({ state: 'success', environment_url: 'https://orders.example.com' });
    expect(seen[0]!.auth).toBe('token ghs_secret');
  });

  it('GitHub failing is a warning, never a failed deploy', async () => {
    const { account } = serverlessAccount();
    const io = new MemoryIo();
    const deps = {
      ...account.deps({}, { io }),
      env: { GITHUB_REPOSITORY: 'acme/orders', GITHUB_SHA: 'abc', GITHUB_API_URL: 'http://127.0.0.1:9' },
    };
    const d = await startDeployment(deps, {
      token: 't',
      environment: 'prod',
      environmentUrl: undefined,
      description: 'x',
    });
    expect(d).toBeUndefined();
    expect(io.logs.some((l) => l.startsWith('::warning::could not create a GitHub deployment'))).toBe(true);
  });
});
