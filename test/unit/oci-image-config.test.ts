import { describe, expect, it } from 'vitest';
import { applySettings, configPlatform, EPOCH_ISO } from '../../src/artifacts/oci/image-config.js';
import type { ImageConfig } from '../../src/artifacts/oci/media-types.js';

const base: ImageConfig = {
  architecture: 'arm64',
  os: 'linux',
  variant: 'v8',
  created: '2024-05-01T10:00:00Z',
  config: {
    Env: ['PATH=/usr/bin', 'NODE_VERSION=22'],
    Cmd: ['node'],
    Labels: { maintainer: 'base' },
    ExposedPorts: { '3000/tcp': {} },
    StopSignal: 'SIGTERM',
  },
  rootfs: { type: 'layers', diff_ids: ['sha256:base'] },
  history: [{ created_by: 'base layer' }],
};
const none = { env: [], labels: {}, expose: [], workdir: '/app' };

describe('applySettings', () => {
  it('keeps what the base sets and appends the layer and a history entry at a fixed time', () => {
    const c = applySettings(
      base,
      { os: 'linux', architecture: 'arm64', variant: 'v8' },
      none,
      'sha256:new',
      'COPY /app',
    );
    expect(c.created).toBe(EPOCH_ISO);
    expect(c.rootfs.diff_ids).toEqual(['sha256:base', 'sha256:new']);
    expect(c.history?.at(-1)).toEqual({
      created: EPOCH_ISO,
      created_by: 'COPY /app',
      comment: 'slipway build-image',
    });
    expect(c.config).toMatchObject({
      Cmd: ['node'],
      StopSignal: 'SIGTERM',
      WorkingDir: '/app',
      Labels: { maintainer: 'base' },
    });
    expect([c.architecture, c.variant]).toEqual(['arm64', 'v8']);
  });

  it('replaces env in place, merges labels and ports', () => {
    const c = applySettings(
      base,
      { os: 'linux', architecture: 'arm64' },
      {
        ...none,
        env: [
          ['NODE_VERSION', '24'],
          ['PORT', '8080'],
        ],
        labels: { app: 'orders' },
        expose: ['8080/tcp'],
      },
      'sha256:new',
      'x',
    );
    expect(c.config?.Env).toEqual(['PATH=/usr/bin', 'NODE_VERSION=24', 'PORT=8080']);
    expect(c.config?.Labels).toEqual({ maintainer: 'base', app: 'orders' });
    expect(Object.keys(c.config?.ExposedPorts ?? {})).toEqual(['3000/tcp', '8080/tcp']);
  });

  it('clears an inherited cmd when a new entrypoint is set, as a Dockerfile does', () => {
    const c = applySettings(
      base,
      { os: 'linux', architecture: 'arm64' },
      { ...none, entrypoint: ['/app/server'] },
      'd',
      'x',
    );
    expect(c.config?.Entrypoint).toEqual(['/app/server']);
    expect(c.config?.Cmd).toBeUndefined();
    const both = applySettings(
      base,
      { os: 'linux', architecture: 'arm64' },
      { ...none, entrypoint: ['node'], cmd: ['a.js'] },
      'd',
      'x',
    );
    expect([both.config?.Entrypoint, both.config?.Cmd]).toEqual([['node'], ['a.js']]);
  });

  it('gives scratch a PATH and the platform asked for', () => {
    const c = applySettings(
      undefined,
      { os: 'linux', architecture: 'amd64' },
      { ...none, user: '1000:1000' },
      'sha256:l',
      'x',
    );
    expect(c).toMatchObject({ os: 'linux', architecture: 'amd64', rootfs: { diff_ids: ['sha256:l'] } });
    expect(c.variant).toBeUndefined();
    expect(c.config?.Env).toEqual(['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin']);
    expect(c.config?.User).toBe('1000:1000');
  });

  it('does not modify the base it was given', () => {
    const before = JSON.stringify(base);
    applySettings(
      base,
      { os: 'linux', architecture: 'arm64' },
      { ...none, env: [['X', '1']], labels: { a: 'b' }, expose: ['1/udp'] },
      'd',
      'x',
    );
    expect(JSON.stringify(base)).toBe(before);
  });
});

describe('the platform of a config', () => {
  it('takes the platform fields from the platform the base was chosen as, not from the base', () => {
    const hostile: ImageConfig = {
      ...base,
      architecture: 'arm64',
      variant: 'v9\n::warning::forged',
      'os.version': '1\n::error::x',
      'os.features': ['::x'],
    };
    const c = applySettings(hostile, { os: 'linux', architecture: 'arm64' }, none, 'd', 'x');
    expect(c.variant).toBeUndefined();
    expect(c['os.version']).toBeUndefined();
    expect(c['os.features']).toBeUndefined();
    const v8 = applySettings(
      hostile,
      { os: 'linux', architecture: 'arm64', variant: 'v8.2', 'os.features': ['f1'] },
      none,
      'd',
      'x',
    );
    expect([v8.variant, v8['os.features']]).toEqual(['v8.2', ['f1']]);
    // Set in place: the base's key order, and so a rebuild's digest, does not move.
    const same = applySettings(base, { os: 'linux', architecture: 'arm64', variant: 'v8' }, none, 'd', 'x');
    expect(Object.keys(same)).toEqual([
      'architecture',
      'os',
      'variant',
      'created',
      'config',
      'rootfs',
      'history',
    ]);
  });

  it("reads a config's platform, refusing a value the OCI table does not hold", () => {
    expect(configPlatform(base, 'base b:1')).toEqual({ os: 'linux', architecture: 'arm64', variant: 'v8' });
    const { variant: _variant, ...noVariant } = base;
    expect(
      configPlatform(
        { ...noVariant, os: 'windows', architecture: 'amd64', 'os.version': '10.0.20348.1' },
        'b',
      ),
    ).toEqual({ os: 'windows', architecture: 'amd64', 'os.version': '10.0.20348.1' });
    expect(() => configPlatform({ ...base, variant: 'v9\n::warning::forged' }, 'base b:1')).toThrow(
      /^base b:1: its config: variant "v9\\n::warning::forged" is not an OCI variant of arm64 \(/,
    );
    expect(() => configPlatform({ ...base, os: 'linux\r' }, 'base b:1')).toThrow(
      'base b:1: its config: os "linux\\r" is not a GOOS value (such as linux or windows)',
    );
  });
});
