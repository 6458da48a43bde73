import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineFor, run } from '../../src/actions/pipeline/main.js';
import { InputError } from '../../src/core/errors.js';
import type { RegistryServer } from '../integration/registry-server.js';
import { startRegistry } from '../integration/registry-server.js';
import { serverlessAccount } from '../sim/index.js';
import { EcrSim } from '../sim/services/ecr.js';

function context(): string {
  const dir = mkdtempSync(join(tmpdir(), 'slipway-fnctx-'));
  writeFileSync(join(dir, 'index.js'), 'exports.handler = async () => ({ statusCode: 200 });\n');
  return dir;
}

const inputs = (extra: Record<string, string> = {}) => ({
  target: 'lambda',
  base: 'scratch',
  context: context(),
  output: join(mkdtempSync(join(tmpdir(), 'slipway-layout-')), 'image.oci'),
  cmd: '["index.handler"]',
  repository: 'thumbs',
  'function-name': 'thumbs',
  role: 'arn:aws:iam::123456789012:role/thumbs-exec',
  'aws-region': 'us-east-1',
  ...extra,
});

describe('the root action (pipeline) for target lambda with an image', () => {
  let registry: RegistryServer;
  beforeAll(async () => {
    registry = await startRegistry();
  });
  afterAll(async () => {
    await registry.stop();
  });

  it('repository makes target lambda an image function: build-image, publish-image, publish-function, deploy-lambda', () => {
    const { account } = serverlessAccount();
    expect(pipelineFor(account.deps(inputs())).pipeline.stages.map((s) => s.action)).toEqual([
      'build-image',
      'publish-image',
      'publish-function',
      'deploy-lambda',
    ]);
    const zip = pipelineFor(account.deps({ target: 'lambda', 'function-name': 'orders' }));
    expect(zip.pipeline.stages.map((s) => s.action)).toEqual([
      'build-function',
      'publish-function',
      'deploy-lambda',
    ]);
    const publish = pipelineFor(account.deps(inputs())).pipeline.stages[2]!;
    expect(publish.chained).toEqual({ 'image-uri': 'image-uri' });
  });

  it('checks every stage before the first runs: an image function refuses runtime, and a non-ECR registry', async () => {
    const { account } = serverlessAccount();
    const runtime = await run(account.deps(inputs({ runtime: 'nodejs22.x' }))).catch((e: unknown) => e);
    expect(runtime).toBeInstanceOf(InputError);
    expect((runtime as Error).message).toMatch(
      /^input 'runtime': "nodejs22.x" is not allowed with image-uri/,
    );
    await expect(run(account.deps(inputs({ registry: 'ghcr.io' })))).rejects.toThrow(
      /^input 'registry': "ghcr.io" is not allowed with target lambda; Lambda takes images only from Amazon ECR/,
    );
    await expect(run(account.deps(inputs({ 'canary-percent': '150' })))).rejects.toThrow(
      "input 'canary-percent': 150 is out of range; expected 1 to 99",
    );
    expect(account.calls).toEqual([]);
  });

  it('pushes the image, then hands publish-function its digest (the simulated ECR pushes to a loopback registry)', async () => {
    const { account } = serverlessAccount();
    account.add(new EcrSim(account, { proxyEndpoint: `http://${registry.host}` }));
    const deps = account.deps(inputs());
    // A loopback host is not an Amazon ECR URI, so publish-function refuses it: what it got is the pushed digest.
    const err = await run(deps).catch((e: unknown) => e);
    const digest = deps.io.outputs['digest']!;
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(deps.io.outputs['image-uri']).toBe(`${registry.host}/thumbs@${digest}`);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).input).toBe('image-uri');
    expect((err as Error).message).toContain(`"${registry.host}/thumbs@sha256:`);
    expect((err as Error).message).toContain('expected an Amazon ECR image by digest or tag');
    expect(registry.requests().some((r) => r.startsWith('PUT /v2/thumbs/manifests/'))).toBe(true);
    expect(account.calls.filter((c) => c.service === 'lambda')).toEqual([]);
  });
});
