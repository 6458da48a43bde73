import { describe, expect, it } from 'vitest';
import {
  checkPlatform,
  OCI_ARCHITECTURES,
  OCI_OPERATING_SYSTEMS,
  parsePlatform,
  platformProblem,
} from '../../src/artifacts/oci/platform.js';
import { ActionError } from '../../src/core/errors.js';

describe('the OCI platform table', () => {
  it('accepts the GOOS/GOARCH values and the variants the image index and Go name', () => {
    for (const p of [
      { os: 'linux', architecture: 'amd64' },
      { os: 'linux', architecture: 'amd64', variant: 'v3' },
      { os: 'linux', architecture: 'arm', variant: 'v5' },
      { os: 'linux', architecture: 'arm', variant: 'v7' },
      { os: 'linux', architecture: 'arm64', variant: 'v8' },
      { os: 'linux', architecture: 'arm64', variant: 'v8.2' },
      { os: 'linux', architecture: 'arm64', variant: 'v9.5' },
      { os: 'linux', architecture: 'ppc64le', variant: 'power9' },
      { os: 'linux', architecture: 'riscv64', variant: 'rva23u64' },
      { os: 'linux', architecture: 's390x' },
      { os: 'windows', architecture: 'amd64', 'os.version': '10.0.17763.1066', 'os.features': ['win32k'] },
    ])
      expect(platformProblem(p), JSON.stringify(p)).toBeUndefined();
    expect(OCI_OPERATING_SYSTEMS).toContain('linux');
    expect(OCI_ARCHITECTURES).toContain('loong64');
  });

  it('names the field and the value it refuses', () => {
    expect(platformProblem({ os: 'linux', architecture: 'amd64', variant: 'v5' })).toBe(
      'variant "v5" is not an OCI variant of amd64 (v1, v2, v3, v4)',
    );
    expect(platformProblem({ os: 'linux', architecture: 's390x', variant: 'z14' })).toBe(
      'variant "z14" is not an OCI variant of s390x (it has none)',
    );
    expect(platformProblem({ os: 'linux', architecture: 'arm64', variant: 'v10' })).toMatch(
      /^variant "v10" is not an OCI variant of arm64 \(v8, v8\.0, .*, v9\.5\)$/,
    );
    expect(platformProblem({ os: 'Linux', architecture: 'amd64' })).toBe(
      'os "Linux" is not a GOOS value (such as linux or windows)',
    );
    expect(platformProblem({ os: 'linux', architecture: 'x86_64' })).toBe(
      'architecture "x86_64" is not a GOARCH value (such as amd64 or arm64)',
    );
    expect(platformProblem({ os: 'linux', architecture: 7 })).toBe(
      'architecture 7 is not a GOARCH value (such as amd64 or arm64)',
    );
    expect(platformProblem({ os: 'windows', architecture: 'amd64', 'os.version': '10.0\n::x' })).toBe(
      'os.version "10.0\\n::x" is not a version of letters, digits and . _ + ~ -',
    );
    expect(platformProblem({ os: 'linux', architecture: 'amd64', 'os.features': 'win32k' })).toBe(
      'os.features "win32k" is not a list of words (letters, digits and . _ -)',
    );
    expect(platformProblem(null)).toBe('the platform null is not an object');
  });

  it('renders a hostile value as one escaped line', () => {
    const problem = platformProblem({
      os: 'linux',
      architecture: 'arm64',
      variant: 'v9\n::warning::forged\u2028',
    });
    expect(problem).toMatch(/^variant "v9\\n::warning::forged\\u2028" is not an OCI variant of arm64/);
    expect(problem).not.toMatch(/[\n\r\u2028]/);
    const long = platformProblem({ os: 'x'.repeat(500), architecture: 'amd64' }) as string;
    expect(long.length).toBeLessThan(200);
  });

  it('checkPlatform throws one ActionError naming where, and returns only the platform fields', () => {
    const err = (() => {
      try {
        checkPlatform('base ghcr.io/a/b:1: its config', {
          os: 'linux',
          architecture: 'arm64',
          variant: 'v9\n::warning::forged',
        });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(ActionError);
    expect((err as Error).message).toBe(
      'base ghcr.io/a/b:1: its config: variant "v9\\n::warning::forged" is not an OCI variant of arm64 (v8, v8.0, v8.1, v8.2, v8.3, v8.4, v8.5, v8.6, v8.7, v8.8, v8.9, v9, v9.0, v9.1, v9.2, v9.3, v9.4, v9.5)',
    );
    expect(
      checkPlatform('x', { os: 'linux', architecture: 'arm', variant: 'v7', features: ['sse4'], extra: 1 }),
    ).toEqual({ os: 'linux', architecture: 'arm', variant: 'v7' });
    // An empty variant is the same as none, as containerd reads it.
    expect(checkPlatform('x', { os: 'linux', architecture: 'amd64', variant: '' })).toEqual({
      os: 'linux',
      architecture: 'amd64',
    });
  });

  it('parses a dotted arm64 variant from the platforms input', () => {
    expect(parsePlatform('linux/arm64/v8.2')).toEqual({
      os: 'linux',
      architecture: 'arm64',
      variant: 'v8.2',
    });
  });
});
