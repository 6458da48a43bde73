import { describe, expect, it } from 'vitest';
import { formatPlatform, parsePlatform, platformMatches } from '../../src/artifacts/oci/platform.js';
import {
  isLoopbackRegistry,
  parseEcrHost,
  parseReference,
  registryBaseUrl,
} from '../../src/artifacts/oci/reference.js';

const D = `sha256:${'a'.repeat(64)}`;

describe('parseReference', () => {
  it.each([
    ['alpine', { registry: 'registry-1.docker.io', repository: 'library/alpine', tag: 'latest' }],
    ['node:22-slim', { registry: 'registry-1.docker.io', repository: 'library/node', tag: '22-slim' }],
    ['docker.io/org/app:1', { registry: 'registry-1.docker.io', repository: 'org/app', tag: '1' }],
    ['ghcr.io/org/team/app:v1.2', { registry: 'ghcr.io', repository: 'org/team/app', tag: 'v1.2' }],
    ['127.0.0.1:5000/base/os', { registry: '127.0.0.1:5000', repository: 'base/os', tag: 'latest' }],
    ['localhost/app:x', { registry: 'localhost', repository: 'app', tag: 'x' }],
    [`ghcr.io/a/b@${D}`, { registry: 'ghcr.io', repository: 'a/b', digest: D }],
    [`ghcr.io/a/b:t@${D}`, { registry: 'ghcr.io', repository: 'a/b', tag: 't', digest: D }],
  ])('%s', (text, expected) => {
    expect(parseReference(text)).toEqual(expected);
  });

  it.each(['Alpine', 'ghcr.io/a/b@sha256:xyz', 'ghcr.io/a/b:-bad', 'ghcr.io/', 'a//b'])(
    'rejects %s with a reason',
    (text) => {
      expect(typeof parseReference(text)).toBe('string');
    },
  );
});

describe('parseReference: limits, checked before any pattern', () => {
  it.each([
    ['port 65536', '127.0.0.1:65536/a', /the port 65536 is not 1 to 65535/],
    ['port 0', '127.0.0.1:0/a', /the port 0 is not 1 to 65535/],
    ['port 99999', 'ghcr.io:99999/a:1', /the port 99999 is not 1 to 65535/],
    ['a 64-character label', `${'h'.repeat(64)}.io/a`, /a host name label is at most 63 characters/],
    ['a 256-character host', `${'h.'.repeat(127)}io/a`, /the host name is 256 characters; at most 253/],
    // Docker's reference grammar: a name (registry/repository) of at most 255 characters.
    [
      'a 256-character name',
      `ghcr.io/${'a'.repeat(248)}`,
      /the name ghcr\.io\/a+\.\.\. is 256 characters; at most 255/,
    ],
    [
      'a 100,000-character name',
      `${'a'.repeat(100_000)}:1`,
      /it is 100002 characters; a name is at most 255, its tag 128/,
    ],
  ])('rejects %s', (_label, text, why) => {
    const started = performance.now();
    expect(parseReference(text)).toMatch(why);
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('accepts a name of exactly 255 characters and port 65535', () => {
    expect(parseReference(`ghcr.io/${'a'.repeat(247)}`)).toMatchObject({ registry: 'ghcr.io' });
    expect(parseReference('127.0.0.1:65535/a')).toMatchObject({ registry: '127.0.0.1:65535' });
    // Docker Hub's short names count as docker.io/library/<name>.
    expect(typeof parseReference('a'.repeat(237))).toBe('object');
    expect(parseReference('a'.repeat(238))).toMatch(/is 256 characters; at most 255/);
  });
});

describe('registry hosts', () => {
  it('allows plain http for loopback only', () => {
    expect(registryBaseUrl('127.0.0.1:5000')).toBe('http://127.0.0.1:5000');
    expect(registryBaseUrl('127.8.9.10')).toBe('http://127.8.9.10');
    expect(registryBaseUrl('localhost:5000')).toBe('http://localhost:5000');
    expect(registryBaseUrl('[::1]:5000')).toBe('http://[::1]:5000');
    expect(registryBaseUrl('128.0.0.1:5000')).toBe('https://128.0.0.1:5000');
    expect(registryBaseUrl('localhost.example.com')).toBe('https://localhost.example.com');
    expect(registryBaseUrl('127.0.0.1.nip.io')).toBe('https://127.0.0.1.nip.io');
    expect(isLoopbackRegistry('ghcr.io')).toBe(false);
  });

  it('recognises ECR hosts and their region', () => {
    expect(parseEcrHost('123456789012.dkr.ecr.eu-west-1.amazonaws.com')).toEqual({
      accountId: '123456789012',
      region: 'eu-west-1',
    });
    expect(parseEcrHost('123456789012.dkr.ecr-fips.us-east-1.amazonaws.com')?.region).toBe('us-east-1');
    expect(parseEcrHost('public.ecr.aws')).toBeUndefined();
    expect(parseEcrHost('12345.dkr.ecr.eu-west-1.amazonaws.com')).toBeUndefined();
  });
});

describe('platforms', () => {
  it('parses and formats os/arch/variant', () => {
    expect(parsePlatform('linux/arm/v7')).toEqual({ os: 'linux', architecture: 'arm', variant: 'v7' });
    expect(formatPlatform({ os: 'linux', architecture: 'amd64' })).toBe('linux/amd64');
    expect(parsePlatform('linux')).toBeUndefined();
    expect(parsePlatform('Linux/AMD64')).toBeUndefined();
  });

  it('treats arm64 and arm64/v8 as the same, but not arm/v6 and arm/v7', () => {
    const arm64 = { os: 'linux', architecture: 'arm64' };
    expect(platformMatches(arm64, { ...arm64, variant: 'v8' })).toBe(true);
    expect(platformMatches({ ...arm64, variant: 'v8' }, arm64)).toBe(true);
    expect(
      platformMatches(
        { os: 'linux', architecture: 'arm', variant: 'v7' },
        { os: 'linux', architecture: 'arm', variant: 'v6' },
      ),
    ).toBe(false);
    expect(
      platformMatches(
        { os: 'linux', architecture: 'arm' },
        { os: 'linux', architecture: 'arm', variant: 'v6' },
      ),
    ).toBe(true);
    expect(platformMatches(arm64, { os: 'linux', architecture: 'amd64' })).toBe(false);
    expect(platformMatches(arm64, undefined)).toBe(false);
  });
});
