import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, writeBaseLayout } from '../integration/registry-fixtures.js';
import type { RegistryServer } from '../integration/registry-server.js';
import { startRegistry } from '../integration/registry-server.js';
import type { BundleRun } from './bundle.js';
import { runBundle } from './bundle.js';

/**
 * The log as a collapsed view shows it: each group as its title, each line outside a group as it is. Also
 * checks that groups never nest and that every group is closed.
 */
function collapsed(r: BundleRun): string[] {
  const view: string[] = [];
  let open = false;
  for (const line of r.stdout.split('\n')) {
    if (line.startsWith('::group::')) {
      expect(open, `a group opened inside another: ${line}`).toBe(false);
      open = true;
      view.push(`[${line.slice('::group::'.length)}]`);
    } else if (line === '::endgroup::') {
      expect(open).toBe(true);
      open = false;
    } else if (!open && line !== '' && !line.startsWith('::add-mask::') && !line.startsWith('::debug::'))
      view.push(line);
  }
  expect(open, 'a group was left open').toBe(false);
  return view;
}

describe('each phase of an action is a group; what happened stays outside', () => {
  let registry: RegistryServer;
  beforeAll(async () => {
    registry = await startRegistry();
  });
  afterAll(async () => {
    await registry.stop();
  });

  it('build-image: the build, then the line that says what was written', async () => {
    const context = tempDir('groups-ctx');
    writeFileSync(join(context, 'server.js'), '');
    const out = join(tempDir('groups-out'), 'image.oci');
    const r = await runBundle('build-image', { base: 'scratch', context, output: out });
    expect(r.code, r.stdout).toBe(0);
    expect(collapsed(r)).toEqual([
      '[build on scratch]',
      expect.stringMatching(/^wrote .*image\.oci: sha256:/),
    ]);
  });

  it('build-function: the packaging, then the line that says what was written', async () => {
    const dir = tempDir('groups-src');
    writeFileSync(join(dir, 'index.js'), 'exports.handler = async () => 1;\n');
    const zip = join(tempDir('groups-zip'), 'function.zip');
    const r = await runBundle('build-function', { source: dir, output: zip });
    expect(r.code, r.stdout).toBe(0);
    expect(collapsed(r)).toEqual([
      `[package ${dir}]`,
      expect.stringMatching(/^wrote .*function\.zip: 1 files, \d+ B zipped/),
    ]);
  });

  it('publish-image: log in, push, then the line that says what was pushed', async () => {
    const layout = (await writeBaseLayout([{ os: 'linux', architecture: 'amd64' }])).dir;
    const r = await runBundle('publish-image', {
      'layout-path': layout,
      repository: 'groups/app',
      registry: registry.host,
      tags: 'v1',
    });
    expect(r.code, r.stdout).toBe(0);
    expect(collapsed(r)).toEqual([
      `[log in to ${registry.host}]`,
      `[push ${registry.host}/groups/app]`,
      expect.stringMatching(new RegExp(`^pushed: ${registry.host}/groups/app@sha256:`)),
    ]);
  });

  it('publish-function: the publish group closes before the failure line', async () => {
    const dir = tempDir('groups-fn');
    mkdirSync(join(dir, 'src'));
    const zip = join(dir, 'function.zip');
    writeFileSync(zip, 'PK');
    const r = await runBundle('publish-function', {
      'function-name': 'orders',
      'zip-path': zip,
      'aws-region': 'us-east-1',
      'max-retries': '0',
    });
    expect(r.code).toBe(1);
    expect(collapsed(r)).toEqual(['[publish orders (us-east-1)]', expect.stringMatching(/^::error::/)]);
  });

  // The full sequences of build-ami's and publish-ami's groups are shown on the simulator
  // (test/scenarios/ami-bake.test.ts, ami-publish.test.ts); through the bundle, the first AWS call fails.
  it.each([
    ['build-ami', { 'base-ami': 'ami-0123456789abcdef0', provision: 'echo hi' }, 'resolve the base AMI'],
    [
      'publish-ami',
      { 'ami-id': 'ami-0123456789abcdef0', regions: 'eu-west-1' },
      'find ami-0123456789abcdef0 in us-east-1',
    ],
  ])('%s: the first phase is a group, closed before the failure line', async (action, inputs, title) => {
    const r = await runBundle(action, { ...inputs, 'aws-region': 'us-east-1', 'max-retries': '0' });
    expect(r.code).toBe(1);
    expect(collapsed(r)).toEqual([`[${title}]`, expect.stringMatching(/^::error::/)]);
  });
});
