import { describe, expect, it } from 'vitest';
import { architectureDiffers, configDelta, createConfig } from '../../src/targets/lambda/function-config.js';
import { checkCreatable } from '../../src/targets/lambda/create-function.js';

const L1 = 'arn:aws:lambda:us-east-1:123456789012:layer:a:1';
const L2 = 'arn:aws:lambda:us-east-1:123456789012:layer:b:3';

describe('configDelta: what UpdateFunctionConfiguration must change', () => {
  it('the environment is compared value by value: one changed value among equal ones is a change', () => {
    const cfg = { Environment: { Variables: { A: '1', B: '2' } } };
    expect(configDelta({ environment: { A: '1', B: '2' } }, cfg)).toEqual({});
    expect(configDelta({ environment: { A: '1', B: '3' } }, cfg)).toEqual({
      Environment: { Variables: { A: '1', B: '3' } },
    });
    // Same count, another key: a change too.
    expect(configDelta({ environment: { A: '1', C: '2' } }, cfg)).toEqual({
      Environment: { Variables: { A: '1', C: '2' } },
    });
  });

  it('layers are compared in order (their merge order): the same layers in another order are a change', () => {
    const cfg = { Layers: [{ Arn: L1 }, { Arn: L2 }] };
    expect(configDelta({ layers: [L1, L2] }, cfg)).toEqual({});
    expect(configDelta({ layers: [L2, L1] }, cfg)).toEqual({ Layers: [L2, L1] });
    expect(configDelta({ layers: [L1, L1] }, cfg)).toEqual({ Layers: [L1, L1] });
    expect(configDelta({ layers: [L1] }, cfg)).toEqual({ Layers: [L1] });
    // A layer entry without an ARN never equals one asked for.
    expect(configDelta({ layers: [L1] }, { Layers: [{}] })).toEqual({ Layers: [L1] });
  });

  it('an input not given leaves the setting alone; ephemeral storage absent means 512 MB', () => {
    expect(configDelta(undefined, { MemorySize: 128 })).toEqual({});
    expect(configDelta({ ephemeralStorage: 512 }, {})).toEqual({});
    expect(configDelta({ ephemeralStorage: 1024 }, {})).toEqual({ EphemeralStorage: { Size: 1024 } });
  });
});

describe('architectures', () => {
  it('a function that reports no Architectures runs x86_64', () => {
    expect(architectureDiffers({ architecture: 'x86_64' }, {})).toBe(false);
    expect(architectureDiffers({ architecture: 'arm64' }, {})).toBe(true);
    expect(architectureDiffers({ architecture: 'arm64' }, { Architectures: ['arm64'] })).toBe(false);
    expect(architectureDiffers({}, { Architectures: ['arm64'] })).toBe(false);
  });

  it('CreateFunction gets Architectures only when asked', () => {
    expect(createConfig({ architecture: 'arm64', memory: 256 })).toEqual({
      MemorySize: 256,
      Architectures: ['arm64'],
    });
    expect(createConfig({ memory: 256 })).toEqual({ MemorySize: 256 });
  });
});

describe('checkCreatable', () => {
  it('names what an image function lacks (only the role), and what a zip function lacks', () => {
    expect(() => checkCreatable('billing', 'us-east-1', true, {})).toThrow(
      'function billing does not exist in us-east-1; to create it, set role (creating a container image function needs an execution role ARN)',
    );
    expect(() => checkCreatable('billing', 'us-east-1', false, { role: 'arn:aws:iam::1:role/r' })).toThrow(
      'function billing does not exist in us-east-1; to create it, set runtime, handler (creating a zip function needs an execution role ARN, a runtime and a handler)',
    );
    expect(() =>
      checkCreatable('billing', 'us-east-1', true, { role: 'arn:aws:iam::1:role/r' }),
    ).not.toThrow();
  });
});
