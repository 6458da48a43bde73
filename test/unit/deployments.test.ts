import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../src/actions/deploy-lambda/main.js';
import { post } from '../../src/actions/deploy-lambda/post.js';
import { startDeployment } from '../../src/core/deployments.js';
import { baseInputs, lambdaFixture } from '../scenarios/lambda-fixture.js';
import { MemoryIo } from '../sim/memory-io.js';
import { serverlessAccount } from '../sim/index.js';

describe('GitHub Deployments', () => {
  const seen: Array<{
    method: string;
    url: string;
    body: Record<string, unknown>;
    auth: string | undefined;
  }> = [];
  /** Paths GitHub refuses with 403, as it does for a token without deployments: write. */
  let forbidden: RegExp | undefined;
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
      if (forbidden?.test(req.url!)) {
        res.statusCode = 403;
        res.end(JSON.stringify({ message: 'Resource not accessible by integration' }));
        return;
      }
      res.statusCode = 201;
      res.end(JSON.stringify(req.url!.endsWith('/deployments') ? { id: 77 } : { id: 1, state: 'ok' }));
    });
  });
  const github = () => ({
    GITHUB_REPOSITORY: 'acme/orders',
    GITHUB_SHA: 'abc123',
    GITHUB_RUN_ID: '99',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: url,
  });
  beforeAll(async () => {
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((ok) => server.close(ok));
  });
  beforeEach(() => {
    seen.length = 0;
    forbidden = undefined;
  });

  it('creates a deployment, posts in_progress, then the outcome with environment_url and log_url', async () => {
    const { account } = serverlessAccount();
    const io = new MemoryIo();
    const deps = { ...account.deps({}, { io }), env: github() };
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

  it('a 403 from GitHub says which permission the job lacks', async () => {
    forbidden = /\/deployments$/;
    const { account } = serverlessAccount();
    const io = new MemoryIo();
    const d = await startDeployment(
      { ...account.deps({}, { io }), env: github() },
      { token: 't', environment: 'prod', environmentUrl: undefined, description: 'x' },
    );
    expect(d).toBeUndefined();
    expect(io.logs).toEqual([
      '::warning::could not create a GitHub deployment: GitHub answered 403 (Resource not accessible by integration); add `permissions: deployments: write` to the job',
    ]);
  });

  it('no Deployment unless github-deployment is true, though token and environment are at hand', async () => {
    const { account } = lambdaFixture();
    const inputs = { ...baseInputs, strategy: 'all-at-once', 'github-token': 'ghs_x' };
    await run(account.deps(inputs, { env: github() }));
    expect(seen).toEqual([]);
    // environment alone is refused, naming the switch: it would otherwise mean nothing.
    const deps = account.deps({ ...inputs, environment: 'production' }, { env: github() });
    await expect(run(deps)).rejects.toThrow(
      /input 'environment': is for the Deployment slipway creates with github-deployment: true/,
    );
  });

  it('after a cancel the main step leaves the Deployment in progress, and the post step posts its final status', async () => {
    const { account } = lambdaFixture();
    const inputs = {
      ...baseInputs,
      strategy: 'canary',
      'canary-interval': '10m',
      'github-deployment': 'true',
      'github-token': 'ghs_x',
      environment: 'production',
      'environment-url': 'https://orders.example.com',
    };
    const deps = account.deps(inputs, { cancelAt: account.clock.now() + 3 * 60_000, env: github() });
    await expect(run(deps)).rejects.toThrow(/cancelled/);
    expect(seen.map((s) => s.body['state'] ?? 'create')).toEqual(['create', 'in_progress']);
    expect(JSON.parse(deps.io.state['github-deployment']!)).toMatchObject({ id: 77, finished: false });

    const postDeps = account.deps(inputs, { io: deps.io.forPost(), env: github() });
    await post(postDeps);
    expect(seen.map((s) => s.body['state'] ?? 'create')).toEqual(['create', 'in_progress', 'failure']);
    expect(seen[2]).toMatchObject({
      url: '/repos/acme/orders/deployments/77/statuses',
      auth: 'token ghs_x',
      body: {
        description: 'slipway: cancelled; rolled back to the previous version',
        environment_url: 'https://orders.example.com',
      },
    });
    // Posted once: a second post step finds it finished.
    await post(account.deps(inputs, { io: postDeps.io.forPost(), env: github() }));
    expect(seen).toHaveLength(3);
  });

  it('a deploy that finishes posts its own final status, and the post step posts nothing more', async () => {
    const { account } = lambdaFixture();
    const inputs = {
      ...baseInputs,
      strategy: 'all-at-once',
      'github-deployment': 'true',
      'github-token': 'ghs_x',
      environment: 'production',
    };
    const deps = account.deps(inputs, { env: github() });
    await run(deps);
    await post(account.deps(inputs, { io: deps.io.forPost(), env: github() }));
    expect(seen.map((s) => s.body['state'] ?? 'create')).toEqual(['create', 'in_progress', 'success']);
  });
});
