import { describe, expect, it } from 'vitest';
import { formatBytes, formatLimit } from '../../src/core/units.js';

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [147, '147 B'],
    [999, '999 B'],
    [1000, '1 kB'],
    [3_210, '3.21 kB'],
    [999_960, '1 MB'],
    [31_800_000, '31.8 MB'],
    [52_428_800, '52.4 MB'],
    [1_500_000_000, '1.5 GB'],
  ])('%d bytes read %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('formatLimit', () => {
  it.each([
    [4 * 1024 * 1024, '4 MiB'],
    [64 * 1024, '64 KiB'],
    [1536, '1536 bytes'],
    [100, '100 bytes'],
  ])('%d bytes read %s', (bytes, text) => {
    expect(formatLimit(bytes)).toBe(text);
  });
});
