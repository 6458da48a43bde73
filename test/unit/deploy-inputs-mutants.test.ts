import { describe, expect, it } from 'vitest';
import { Inputs } from '../../src/core/inputs.js';
import { readDeployInputs } from '../../src/rollout/deploy-inputs.js';

const read = (values: Record<string, string>) =>
  readDeployInputs(
    new Inputs((n) => values[n] ?? ''),
    { AWS_REGION: 'us-east-1' },
    ['all-at-once', 'linear'],
    'all-at-once',
  );

describe('readDeployInputs', () => {
  it('max-retries counts retries: attempts are one more', () => {
    expect(read({}).maxAttempts).toBe(9);
    expect(read({ 'max-retries': '0' }).maxAttempts).toBe(1);
    expect(read({ 'max-retries': '20' }).maxAttempts).toBe(21);
  });

  it('linear-interval and bake-time are bounded by the job limit', () => {
    expect(() => read({ 'linear-interval': '7h' })).toThrow(/^input 'linear-interval': /);
    expect(() => read({ 'bake-time': '7h' })).toThrow(/^input 'bake-time': /);
    expect(read({ 'linear-interval': '0s', 'bake-time': '6h' })).toMatchObject({
      linearIntervalMs: 0,
      bakeMs: 21_600_000,
    });
  });

  it('alarm names are 1 to 255 characters with no NUL anywhere', () => {
    expect(read({ alarms: `a,${'x'.repeat(255)}` }).alarms).toEqual(['a', 'x'.repeat(255)]);
    expect(() => read({ alarms: 'x'.repeat(256) })).toThrow(
      /^input 'alarms': item .* is not allowed; expected CloudWatch alarm names of 1 to 255 characters$/,
    );
    for (const bad of ['\0ab', 'ab\0', `${'x'.repeat(200)}\0${'y'.repeat(54)}`])
      expect(() => read({ alarms: bad })).toThrow(/^input 'alarms': /);
  });

  it('an environment name may not start with a space or hold a slash anywhere', () => {
    const base = { 'github-deployment': 'true', 'github-token': 't' };
    expect(read({ ...base, environment: 'prod eu' }).github).toEqual({
      token: 't',
      environment: 'prod eu',
      environmentUrl: undefined,
    });
    for (const bad of ['a/b', '/prod', 'prod/', 'x'.repeat(256)])
      expect(() => read({ ...base, environment: bad })).toThrow(
        /^input 'environment': .*a GitHub environment name/,
      );
  });

  it('github-deployment needs an environment and a token', () => {
    expect(() => read({ 'github-deployment': 'true', 'github-token': 't' })).toThrow(
      /^input 'environment': is required with github-deployment: true: the Deployment is to it$/,
    );
    expect(() => read({ 'github-deployment': 'true', environment: 'prod' })).toThrow(
      /^input 'github-token': is required with github-deployment: true \(a token with permissions: deployments: write, such as github\.token\)$/,
    );
  });
});
