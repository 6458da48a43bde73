import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { formatDuration, Inputs, parseDuration } from '../../src/core/inputs.js';

const reader = (values: Record<string, string>) => new Inputs((n) => values[n] ?? '');
const fails = (fn: () => unknown, input: string, message: RegExp) => {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(InputError);
  expect((err as InputError).input).toBe(input);
  expect((err as InputError).message).toMatch(message);
};

describe('input parsers', () => {
  it('durations', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('15m')).toBe(900_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('0s')).toBe(0);
    for (const bad of ['', '5', '1d', '-1m', '1.5m', 'm', '1m1h']) expect(parseDuration(bad)).toBeUndefined();
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(0)).toBe('0s');
    expect(reader({}).duration('bake-time', '5m')).toBe(300_000);
    fails(
      () => reader({ t: '2h' }).duration('t', '1m', { maxMs: 3_600_000 }),
      't',
      /2h is too long; the maximum is 1h/,
    );
    fails(() => reader({ t: 'soon' }).duration('t', '1m'), 't', /"soon" is not a duration/);
  });

  it('integers with a range', () => {
    expect(reader({ n: '42' }).int('n', { min: 1, max: 99 })).toBe(42);
    expect(reader({}).int('n', { min: 1, max: 99 }, 10)).toBe(10);
    fails(
      () => reader({ n: '100' }).int('n', { min: 1, max: 99 }),
      'n',
      /100 is out of range; expected 1 to 99/,
    );
    fails(() => reader({ n: '1e2' }).int('n', { min: 1, max: 99 }), 'n', /not a whole number/);
    fails(() => reader({}).int('n', { min: 1, max: 99 }), 'n', /is required/);
  });

  it('booleans accept only the YAML 1.2 core forms', () => {
    expect(reader({ b: 'True' }).bool('b', false)).toBe(true);
    expect(reader({ b: 'FALSE' }).bool('b', true)).toBe(false);
    expect(reader({}).bool('b', true)).toBe(true);
    fails(() => reader({ b: 'yes' }).bool('b', false), 'b', /"yes" is not a boolean/);
  });

  it('oneOf, lists, json, arn, region', () => {
    expect(reader({ s: 'canary' }).oneOf('s', ['canary', 'linear'] as const)).toBe('canary');
    fails(
      () => reader({ s: 'fast' }).oneOf('s', ['canary', 'linear'] as const),
      's',
      /expected one of canary, linear/,
    );
    expect(reader({ l: 'a\n b ,c\n\n' }).list('l')).toEqual(['a', 'b', 'c']);
    fails(
      () => reader({ l: 'ok\nBAD' }).list('l', { re: /^[a-z]+$/, allowed: 'lowercase' }),
      'l',
      /item "BAD"/,
    );
    expect(reader({ j: '{"a":1}' }).json('j')).toEqual({ a: 1 });
    fails(() => reader({ j: '{a' }).json('j'), 'j', /not valid JSON/);
    expect(reader({ a: 'arn:aws:iam::123456789012:role/x' }).arn('a', 'iam')).toBe(
      'arn:aws:iam::123456789012:role/x',
    );
    fails(() => reader({ a: 'arn:aws:s3:::b' }).arn('a', 'iam'), 'a', /not an iam ARN/);
    expect(reader({}).region('aws-region', { AWS_DEFAULT_REGION: 'eu-west-1' })).toBe('eu-west-1');
    expect(reader({}).region('aws-region', { AWS_REGION: 'us-gov-west-1', AWS_DEFAULT_REGION: 'x' })).toBe(
      'us-gov-west-1',
    );
    fails(() => reader({ 'aws-region': 'EU' }).region('aws-region', {}), 'aws-region', /not an AWS region/);
    fails(() => reader({}).region('aws-region', {}), 'aws-region', /is required/);
  });

  it('shortens a very long value in the message', () => {
    fails(() => reader({ s: 'x'.repeat(500) }).oneOf('s', ['a'] as const), 's', /"x{77}\.\.\."/);
  });
});
