import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OciLayout } from '../../src/artifacts/oci/layout.js';
import { pullBase } from '../../src/artifacts/oci/pull.js';
import { parseReference } from '../../src/artifacts/oci/reference.js';
import type { ImageReference } from '../../src/artifacts/oci/reference.js';
import { RegistryClient } from '../../src/artifacts/oci/registry/client.js';
import { systemClock } from '../../src/core/clock.js';
import { ActionError } from '../../src/core/errors.js';
import { hostileBase, serveLayout } from '../integration/layout-registry.js';
import { tempDir } from '../integration/registry-fixtures.js';

const HOSTILE = 'v9\n::warning::forged';

let closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.map((c) => c()));
  closers = [];
});

async function pull(dir: string, platforms = [{ os: 'linux', architecture: 'arm64' }]) {
  const server = await serveLayout(dir);
  closers.push(server.close);
  const ref = parseReference(`${server.host}/base/os:1`) as ImageReference;
  const client = new RegistryClient({
    registry: server.host,
    clock: systemClock,
    signal: new AbortController().signal,
  });
  const logs: string[] = [];
  const out = await OciLayout.create(join(tempDir('pull-out'), 'o'));
  const result = await pullBase(client, ref, platforms, out, (l) => logs.push(l)).catch((e: unknown) => e);
  return { result, logs, host: server.host };
}

describe("a pulled base's platforms", () => {
  it("refuses a lone image whose config's variant is not an OCI variant, naming the base, field and value", async () => {
    const dir = await hostileBase(
      [{ config: { os: 'linux', architecture: 'arm64', variant: HOSTILE } }],
      false,
    );
    const { result, logs, host } = await pull(dir);
    expect(result).toBeInstanceOf(ActionError);
    expect((result as Error).message).toBe(
      `base ${host}/base/os:1: its config: variant "v9\\n::warning::forged" is not an OCI variant of arm64 (v8, v8.0, v8.1, v8.2, v8.3, v8.4, v8.5, v8.6, v8.7, v8.8, v8.9, v9, v9.0, v9.1, v9.2, v9.3, v9.4, v9.5)`,
    );
    expect(logs).toEqual([]); // nothing printed the variant before the check
  });

  it('refuses an index with any entry whose platform is not OCI, even one not asked for', async () => {
    const dir = await hostileBase(
      [
        { entry: { os: 'linux', architecture: 'arm64' }, config: { os: 'linux', architecture: 'arm64' } },
        {
          entry: { os: 'linux', architecture: 'amd64\n::error::x' },
          config: { os: 'linux', architecture: 'amd64' },
        },
      ],
      true,
    );
    const { result, host } = await pull(dir);
    expect((result as Error).message).toBe(
      `base ${host}/base/os:1: its index: architecture "amd64\\n::error::x" is not a GOARCH value (such as amd64 or arm64)`,
    );
  });

  it("refuses an index entry's image whose config says another, forged platform", async () => {
    const dir = await hostileBase(
      [
        {
          entry: { os: 'linux', architecture: 'arm64' },
          config: { os: 'linux', architecture: 'arm64', 'os.version': '1\n::x' },
        },
      ],
      true,
    );
    const { result, host } = await pull(dir);
    expect((result as Error).message).toBe(
      `base ${host}/base/os:1: its config: os.version "1\\n::x" is not a version of letters, digits and . _ + ~ -`,
    );
  });

  it('takes OCI platforms, keeping only their platform fields, and skips attestations', async () => {
    const dir = await hostileBase(
      [
        {
          entry: { os: 'linux', architecture: 'arm64', variant: 'v8.2', features: ['x'], extra: '::y' },
          config: { os: 'linux', architecture: 'arm64', variant: 'v8.2' },
        },
        { entry: { os: 'unknown', architecture: 'unknown' }, config: { os: 'x\n::y', architecture: '' } },
      ],
      true,
    );
    const { result, logs, host } = await pull(dir);
    expect(result).toMatchObject({
      images: [{ platform: { os: 'linux', architecture: 'arm64', variant: 'v8.2' } }],
    });
    expect((result as { images: Array<{ platform: object }> }).images[0]?.platform).toEqual({
      os: 'linux',
      architecture: 'arm64',
      variant: 'v8.2',
    });
    expect(logs).toEqual([`base ${host}/base/os:1: linux/arm64/v8.2; 0 layers, 0 B`]);
  });
});
