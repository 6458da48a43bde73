import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { run as buildImage } from '../../src/actions/build-image/main.js';
import { OciLayout } from '../../src/artifacts/oci/layout.js';
import type { ImageManifest } from '../../src/artifacts/oci/media-types.js';
import { httpTransport } from '../../src/core/http.js';
import { bufferedResponse } from '../support/http.js';
import { seedBase, tempDir } from '../integration/registry-fixtures.js';
import type { RegistryServer } from '../integration/registry-server.js';
import { startRegistry } from '../integration/registry-server.js';
import { SimAccount } from '../sim/account.js';
import { EcrSim } from '../sim/services/ecr.js';

let registry: RegistryServer;
const ECR_HOST = '123456789012.dkr.ecr.eu-central-1.amazonaws.com';

beforeAll(async () => {
  registry = await startRegistry();
  await seedBase(registry.host, 'base/os:1', [{ os: 'linux', architecture: 'amd64' }]);
});
afterAll(async () => {
  await registry?.stop();
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('build-image from a base on ECR (simulated API, real registry behind the proxy endpoint)', () => {
  it("logs in with the role in the base's region, masks the token, and pulls with it", async () => {
    const account = new SimAccount();
    const ecr = account.add(new EcrSim(account, { proxyEndpoint: `http://${registry.host}` }));
    const seen: Array<{ url: string; authorization: string | null }> = [];
    const realSend = httpTransport.send;
    vi.spyOn(httpTransport, 'send').mockImplementation(async (req) => {
      seen.push({ url: String(req.url), authorization: req.headers['authorization'] ?? null });
      return realSend(req);
    });
    const context = tempDir('ctx');
    writeFileSync(join(context, 'app.js'), '');
    const output = join(tempDir('out'), 'image.oci');
    const deps = account.deps(
      { base: `${ECR_HOST}/base/os:1`, context, output },
      { env: { AWS_REGION: 'us-east-1' } },
    );
    await buildImage(deps);

    expect(account.calls.map((c) => [`${c.service}:${c.action}`, c.region, c.input])).toEqual([
      ['ecr:GetAuthorizationToken', 'eu-central-1', { registryIds: ['123456789012'] }],
    ]);
    const password = ecr.passwords[0] as string;
    expect(deps.io.secrets).toContain(password);
    expect(deps.io.logs.join('\n')).not.toContain(password);
    expect(seen.length).toBeGreaterThan(0);
    expect(
      seen.every((s) => s.authorization === `Basic ${Buffer.from(`AWS:${password}`).toString('base64')}`),
    ).toBe(true);
    const layout = await OciLayout.open(output);
    const manifest = await layout.readJson<ImageManifest>((await layout.top()).digest);
    expect(manifest.layers).toHaveLength(2);
    expect(manifest.annotations?.['org.opencontainers.image.base.name']).toBe(`${ECR_HOST}/base/os:1`);
    expect(deps.io.outputs['digest']).toBe((await layout.top()).digest);
  });

  it('uses the username and password given instead of the role, and makes no AWS call', async () => {
    const account = new SimAccount();
    account.add(new EcrSim(account, { proxyEndpoint: `http://${registry.host}` }));
    // No request may leave the machine: answer the ECR host's requests here, with a refusal.
    const seen: Array<{ url: string; authorization: string | null }> = [];
    vi.spyOn(httpTransport, 'send').mockImplementation(async (req) => {
      seen.push({ url: String(req.url), authorization: req.headers['authorization'] ?? null });
      return bufferedResponse(req.url, 403, {}, '{"errors":[{"code":"DENIED","message":"not here"}]}');
    });
    const deps = account.deps(
      {
        base: `${ECR_HOST}/base/os:1`,
        context: tempDir('ctx'),
        output: join(tempDir('out'), 'x.oci'),
        'base-username': 'AWS',
        'base-password': 'pw',
      },
      { env: { AWS_REGION: 'us-east-1' } },
    );
    await expect(buildImage(deps)).rejects.toThrow(
      /HTTP 403 DENIED: not here; the credentials lack permission/,
    );
    expect(account.calls).toEqual([]);
    expect(deps.io.secrets).toEqual(['pw']);
    expect(seen).toEqual([{ url: `https://${ECR_HOST}/v2/base/os/manifests/1`, authorization: null }]);
  });
});
