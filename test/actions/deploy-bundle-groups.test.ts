import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BundleRun } from './bundle.js';
import { errorLines, runBundle } from './bundle.js';

/** The `::group::`/`::endgroup::` lines of a bundle's stdout, and the lines around them, in order. */
const folded = (r: BundleRun): string[] =>
  r.stdout
    .split('\n')
    .filter((l) => l.startsWith('::group::') || l === '::endgroup::' || l.startsWith('::error::'));

async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

// Every AWS call fails at once (nothing listens on port 9): each action shows the groups it opened before.
describe('the deploy bundles fold each phase into a group', () => {
  const quick = { 'aws-region': 'us-east-1', 'max-retries': '0' };

  it('deploy-lambda: the resolve group, closed before the failure line', async () => {
    const r = await runBundle('deploy-lambda', { ...quick, 'function-name': 'orders', version: '2' });
    expect(r.code).toBe(1);
    expect(folded(r)).toEqual([
      '::group::resolve alias live of function orders',
      '::endgroup::',
      expect.stringMatching(/^::error::/),
    ]);
    expect(errorLines(r)).toHaveLength(1);
  });

  it('deploy-ecs: the resolve group, closed before the failure line', async () => {
    const r = await runBundle('deploy-ecs', {
      ...quick,
      cluster: 'prod',
      service: 'web',
      image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:2',
      'container-name': 'app',
    });
    expect(r.code).toBe(1);
    expect(folded(r)).toEqual([
      '::group::resolve service web in cluster prod',
      '::endgroup::',
      expect.stringMatching(/^::error::/),
    ]);
  });

  it('deploy-ec2: the resolve group, closed before the failure line', async () => {
    const r = await runBundle('deploy-ec2', {
      ...quick,
      'auto-scaling-group': 'web-blue',
      'ami-id': 'ami-0123456789abcdef0',
    });
    expect(r.code).toBe(1);
    expect(folded(r)).toEqual([
      '::group::resolve Auto Scaling group web-blue',
      '::endgroup::',
      expect.stringMatching(/^::error::/),
    ]);
  });
});

describe('after a cancel, the post step posts the Deployment status (bundles, loopback GitHub API)', () => {
  const github: Array<{ url: string; body: Record<string, unknown> }> = [];
  let gh: { url: string; close: () => Promise<void> };
  beforeAll(async () => {
    gh = await listen((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        github.push({ url: req.url!, body: raw ? JSON.parse(raw) : {} });
        res.setHeader('content-type', 'application/json');
        res.statusCode = 201;
        res.end(JSON.stringify(req.url!.endsWith('/deployments') ? { id: 77 } : { id: 1 }));
      });
    });
  });
  afterAll(() => gh.close());
  beforeEach(() => {
    github.length = 0;
  });

  const inputs = {
    'function-name': 'orders',
    version: '2',
    'aws-region': 'us-east-1',
    'max-retries': '0',
    'github-deployment': 'true',
    'github-token': 'ghs_bundle',
    environment: 'production',
    'environment-url': 'https://orders.example.com',
  };
  const env = () => ({
    GITHUB_REPOSITORY: 'acme/orders',
    GITHUB_SHA: 'abc123',
    GITHUB_RUN_ID: '99',
    GITHUB_API_URL: gh.url,
  });
  const states = () => github.map((g) => (g.body['state'] as string | undefined) ?? 'create');

  it('cancelled while resolving: main saves the Deployment and posts no final status; the post step posts failure', async () => {
    // "AWS" holds the first call until the runner's SIGINT has reached the main step.
    const held: ServerResponse[] = [];
    let onFirst: () => void = () => {};
    const aws = await listen((_req, res) => {
      held.push(res);
      if (held.length === 1) onFirst();
    });
    const main = await runBundle('deploy-lambda', inputs, {
      env: { ...env(), AWS_ENDPOINT_URL: aws.url },
      onStart: (child) => {
        onFirst = () => {
          child.kill('SIGINT');
          setTimeout(() => {
            for (const res of held) {
              res.statusCode = 500;
              res.end('{"message":"the cancel test answers late"}');
            }
          }, 500);
        };
      },
    });
    await aws.close();
    expect(main.code).toBe(1);
    expect(folded(main).slice(0, 2)).toEqual([
      '::group::resolve alias live of function orders',
      '::endgroup::',
    ]);
    expect(states()).toEqual(['create', 'in_progress']);
    expect(JSON.parse(main.state['github-deployment']!)).toEqual({
      id: 77,
      environmentUrl: 'https://orders.example.com',
      finished: false,
    });

    const post = await runBundle('deploy-lambda', inputs, { env: env(), state: main.state });
    expect(post.code).toBe(0);
    expect(post.stdout).toContain('post: no rollout left in flight; nothing to clean up');
    expect(states()).toEqual(['create', 'in_progress', 'failure']);
    expect(github[2]).toEqual({
      url: '/repos/acme/orders/deployments/77/statuses',
      body: expect.objectContaining({
        state: 'failure',
        description: 'slipway: cancelled before anything changed',
        environment_url: 'https://orders.example.com',
      }),
    });
  });

  it('cancelled mid-shift: the post step rolls back in a cleanup group and posts the outcome', async () => {
    const state = {
      isPost: 'true',
      'github-deployment': JSON.stringify({ id: 77, environmentUrl: undefined, finished: false }),
      rollout: JSON.stringify({
        phase: 'shifting',
        trafficPercent: 10,
        target: { region: 'us-east-1', functionName: 'orders', alias: 'live', version: '2', previous: '1' },
      }),
    };
    // AWS is unreachable here, so the rollback fails: the status says so (error), and the post step only warns.
    const post = await runBundle('deploy-lambda', inputs, { env: env(), state });
    expect(post.code).toBe(0);
    expect(folded(post)).toEqual([
      '::group::cleanup: roll back alias live of function orders',
      '::endgroup::',
    ]);
    // A warning's % is written %25 in the workflow command; the runner shows it as %.
    expect(post.stdout).toMatch(
      /^::warning::post: the deploy stopped while shifting at 10%25 traffic; rolling back$/m,
    );
    expect(states()).toEqual(['error']);
    expect(github[0]!.body['description']).toMatch(/^slipway: cancelled, and the rollback failed: /);
  });
});
