import { truncateSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { run as publishImage } from '../../src/actions/publish-image/main.js';
import { OciLayout } from '../../src/artifacts/oci/layout.js';
import { httpTransport } from '../../src/core/http.js';
import { skopeo, writeBaseLayout } from '../integration/registry-fixtures.js';
import type { RegistryServer } from '../integration/registry-server.js';
import { startRegistry } from '../integration/registry-server.js';
import { SimAccount } from '../sim/account.js';
import { EcrSim } from '../sim/services/ecr.js';
import { errorLines, runBundle } from './bundle.js';

let registry: RegistryServer;

/** A loopback port nothing listens on: one that was free a moment ago. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  await new Promise((ok) => server.close(ok));
  return port;
}
let single: { dir: string; digest: string };
let multi: { dir: string; digest: string };

beforeAll(async () => {
  registry = await startRegistry();
  single = await writeBaseLayout([{ os: 'linux', architecture: 'amd64' }]);
  multi = await writeBaseLayout([
    { os: 'linux', architecture: 'amd64' },
    { os: 'linux', architecture: 'arm64' },
  ]);
});
afterAll(async () => {
  await registry?.stop();
});

describe('publish-image bundle to a registry', () => {
  it('pushes with tags, outputs the image by digest, and is a no-op the second time', async () => {
    const inputs = {
      'layout-path': multi.dir,
      registry: registry.host,
      repository: 'team/api',
      tags: 'v1.0.0\nlatest',
    };
    const r = await runBundle('publish-image', inputs);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.outputs).toEqual({
      'image-uri': `${registry.host}/team/api@${multi.digest}`,
      digest: multi.digest,
      name: `${registry.host}/team/api`, // attest-build-provenance's subject-name
      tags: `${registry.host}/team/api:v1.0.0\n${registry.host}/team/api:latest`,
      status: 'pushed',
    });
    for (const tag of ['v1.0.0', 'latest']) {
      const inspected = JSON.parse(
        await skopeo('inspect', '--tls-verify=false', '--raw', `docker://${registry.host}/team/api:${tag}`),
      ) as {
        manifests: unknown[];
      };
      expect(inspected.manifests).toHaveLength(2);
    }
    expect(r.summary).toContain(multi.digest);

    const before = registry.requests().length;
    const again = await runBundle('publish-image', inputs);
    expect(again.code).toBe(0);
    expect(again.outputs['status']).toBe('unchanged');
    expect(again.stdout).toMatch(/\(5 registry requests\)/);
    // One HEAD per tag, one for the biggest blob, which a push that had to send would upload first, and the
    // upload session begun beside them for it, deleted unused.
    const seen = registry.requests().slice(before).sort();
    expect(seen).toHaveLength(5);
    expect(seen[0]).toMatch(/^DELETE \/v2\/team\/api\/blobs\/uploads\/[0-9a-f-]{36}$/);
    expect(seen[1]).toMatch(/^HEAD \/v2\/team\/api\/blobs\/sha256:/);
    expect(seen.slice(2)).toEqual([
      'HEAD /v2/team/api/manifests/latest',
      'HEAD /v2/team/api/manifests/v1.0.0',
      'POST /v2/team/api/blobs/uploads/',
    ]);
    expect(registry.openUploads('team/api')).toEqual([]);
  });

  it('pushes by digest only when there are no tags, with username and password masked', async () => {
    const r = await runBundle('publish-image', {
      'layout-path': single.dir,
      registry: registry.host,
      repository: 'team/untagged',
      username: 'ci',
      password: 's3cret-pass',
    });
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs['tags']).toBe('');
    expect(r.outputs['image-uri']).toBe(`${registry.host}/team/untagged@${single.digest}`);
    expect(r.stdout.split('\n')[0]).toBe('::add-mask::s3cret-pass');
    const raw = await skopeo(
      'inspect',
      '--tls-verify=false',
      '--raw',
      `docker://${registry.host}/team/untagged@${single.digest}`,
    );
    expect(JSON.parse(raw)).toMatchObject({ mediaType: 'application/vnd.oci.image.manifest.v1+json' });
  });

  it('fails at once on a truncated blob in the layout, naming it, before any request', async () => {
    const damaged = await writeBaseLayout([{ os: 'linux', architecture: 'amd64' }]);
    const layout = await OciLayout.open(damaged.dir);
    const [image] = await layout.images(await layout.top());
    const layer = image!.manifest.layers[0]!;
    truncateSync(layout.blobPath(layer.digest), 10);
    const before = registry.requests().length;
    const started = Date.now();
    const r = await runBundle('publish-image', {
      'layout-path': damaged.dir,
      registry: registry.host,
      repository: 'team/damaged',
    });
    expect(r.code).toBe(1);
    expect(errorLines(r)).toEqual([
      `::error::blob ${layer.digest} in ${damaged.dir} is 10 bytes, but the manifest says ${layer.size}: the layout is damaged; build it again`,
    ]);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(registry.requests().slice(before)).toEqual([]);
  });

  it('reports an unreachable registry in one line', async () => {
    const port = await closedPort();
    const r = await runBundle('publish-image', {
      'layout-path': single.dir,
      registry: `127.0.0.1:${port}`,
      repository: 'a',
      'max-retries': '0',
    });
    expect(r.code).toBe(1);
    const errors = errorLines(r);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      new RegExp(
        `^::error::HEAD 127\\.0\\.0\\.1:${port}/v2/a/manifests/sha256:[a-f0-9]{64} failed: .*ECONNREFUSED`,
      ),
    );
  });
});

describe('publish-image to ECR (simulated API, real registry)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('logs in with a masked token, creates the repository with scan on push, and sends the token on every request', async () => {
    const account = new SimAccount();
    const ecr = account.add(new EcrSim(account, { proxyEndpoint: `http://${registry.host}` }));
    const authorizations: Array<string | null> = [];
    const realSend = httpTransport.send;
    vi.spyOn(httpTransport, 'send').mockImplementation(async (req) => {
      authorizations.push(req.headers['authorization'] ?? null);
      return realSend(req);
    });
    const inputs = {
      'layout-path': single.dir,
      repository: 'team/ecr-app',
      tags: 'v1',
      'immutable-tags': 'true',
    };
    const deps = account.deps(inputs, { env: { AWS_REGION: 'eu-west-1' } });
    await publishImage(deps);

    const password = ecr.passwords[0] as string;
    expect(deps.io.secrets).toContain(password);
    expect(deps.io.logs.join('\n')).not.toContain(password);
    expect(authorizations.length).toBeGreaterThan(0);
    const expected = `Basic ${Buffer.from(`AWS:${password}`).toString('base64')}`;
    expect(authorizations.every((a) => a === expected)).toBe(true);
    expect(ecr.repository('eu-west-1', 'team/ecr-app')).toMatchObject({
      scanOnPush: true,
      imageTagMutability: 'IMMUTABLE',
    });
    expect(account.calls.map((c) => `${c.service}:${c.action}`)).toEqual([
      'ecr:GetAuthorizationToken',
      'ecr:DescribeRepositories',
      'ecr:CreateRepository',
    ]);
    expect(deps.io.outputs).toMatchObject({
      'image-uri': `${registry.host}/team/ecr-app@${single.digest}`,
      status: 'pushed',
    });

    // Again: the repository exists and the image is there, so nothing is created or sent.
    const again = account.deps(inputs, { env: { AWS_REGION: 'eu-west-1' } });
    await publishImage(again);
    expect(again.io.outputs['status']).toBe('unchanged');
    expect(account.mutatingCalls().map((c) => c.action)).toEqual(['CreateRepository']);
  });

  it('fails with the AWS error and its hint when the role may not log in, and pushes nothing', async () => {
    const account = new SimAccount();
    account.add(new EcrSim(account, { proxyEndpoint: `http://${registry.host}` }));
    account.failNext('ecr', 'GetAuthorizationToken', (s) =>
      s.error('AccessDeniedException', 'User is not authorized'),
    );
    const before = registry.requests().length;
    const deps = account.deps(
      { 'layout-path': single.dir, repository: 'team/denied' },
      { env: { AWS_REGION: 'us-east-1' } },
    );
    await expect(publishImage(deps)).rejects.toThrow(
      /ecr:GetAuthorizationToken failed: AccessDeniedException/i,
    );
    expect(registry.requests().slice(before)).toEqual([]);
  });
});
