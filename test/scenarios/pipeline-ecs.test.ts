import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/actions/pipeline/main.js';
import type { RegistryServer } from '../integration/registry-server.js';
import { startRegistry } from '../integration/registry-server.js';
import { CLUSTER, CONTAINER, containersAccount, SERVICE } from '../sim/containers.js';
import { EcrSim } from '../sim/services/ecr.js';

/** A service's context: two files, built on scratch (no base pull). */
function context(): string {
  const dir = mkdtempSync(join(tmpdir(), 'slipway-ctx-'));
  writeFileSync(
    join(dir, 'server.js'),
    'require("http").createServer((q, s) => s.end("ok")).listen(8080);\n',
  );
  writeFileSync(join(dir, 'package.json'), '{"name":"web","version":"1.0.0"}\n');
  return dir;
}

describe('the root action (pipeline) for target ecs: image built, pushed through ECR to a real registry, rolled out', () => {
  let registry: RegistryServer;
  beforeAll(async () => {
    registry = await startRegistry();
  });
  afterAll(async () => {
    await registry.stop();
  });

  const setup = () => {
    const env = containersAccount();
    env.account.add(new EcrSim(env.account, { proxyEndpoint: `http://${registry.host}` }));
    return env;
  };
  const inputs = (extra: Record<string, string> = {}) => ({
    target: 'ecs',
    base: 'scratch',
    context: context(),
    output: join(mkdtempSync(join(tmpdir(), 'slipway-layout-')), 'image.oci'),
    cmd: '["node","server.js"]',
    repository: 'web',
    cluster: CLUSTER,
    service: SERVICE,
    'container-name': CONTAINER,
    'aws-region': 'us-east-1',
    ...extra,
  });

  it('succeeds: the service runs the pushed digest', async () => {
    const env = setup();
    const deps = env.account.deps(inputs({ 'bake-time': '2m' }));
    await run(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    const uri = deps.io.outputs['image-uri']!;
    expect(uri).toBe(`${registry.host}/web@${deps.io.outputs['digest']}`);
    for (const t of env.ecs.runningTasks(env.service))
      expect(t.taskDefinitionArn).toBe(deps.io.outputs['task-definition-arn']);
    expect(env.ecs.taskDefinitionOf(env.service).containerDefinitions?.[0]?.image).toBe(uri);
    expect(registry.requests().some((r) => r.startsWith(`PUT /v2/web/manifests/`))).toBe(true);
    expect(env.account.violations).toEqual([]);
    expect(env.account.orphans()).toEqual([]);
  });

  it('rolls back when the alarm fires on the canary', async () => {
    const env = setup();
    env.cloudwatch.putAlarm('web-5xx');
    const green = () =>
      env.elbv2.weightHistory
        .filter((w) => w.arn === env.rules.production)
        .map((w) => w.weights.find((x) => x.targetGroupArn === env.targetGroups.green)?.weight ?? 0);
    env.cloudwatch.fireWhen('web-5xx', () => (green().at(-1) ?? 0) > 0, 60_000);
    const deps = env.account.deps(
      inputs({ strategy: 'canary', 'canary-interval': '10m', alarms: 'web-5xx' }),
    );
    await expect(run(deps)).rejects.toThrow(/web-5xx/);
    expect(deps.io.outputs['status']).toBe('rolled-back');
    expect(Math.max(...green())).toBe(10);
    expect(green().at(-1)).toBe(0);
    expect(env.ecs.taskDefinitionOf(env.service).revision).toBe(1);
    expect(env.account.violations).toEqual([]);
    expect(env.account.orphans()).toEqual([]);
  });
});
