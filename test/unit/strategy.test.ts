import { describe, expect, it } from 'vitest';
import {
  describePlan,
  holdsOf,
  planSteps,
  unwatchedHoldWarning,
  watching,
} from '../../src/rollout/strategy.js';
import {
  describeQuota,
  DIRECT_UPLOAD_MAX_BYTES,
  UNZIPPED_MAX_BYTES,
} from '../../src/targets/lambda/limits.js';

const MIN = 60_000;

describe('plans, their holds and the warning for unwatched holds', () => {
  it('a linear plan holds at each step under linear-interval, and the warning counts them', () => {
    const steps = planSteps({
      strategy: 'linear',
      canaryPercent: 10,
      canaryIntervalMs: 0,
      linearPercent: 25,
      linearIntervalMs: MIN,
    });
    const holds = holdsOf(steps, 2 * MIN);
    expect(holds).toEqual([
      { input: 'linear-interval', ms: MIN },
      { input: 'linear-interval', ms: MIN },
      { input: 'linear-interval', ms: MIN },
      { input: 'bake-time', ms: 2 * MIN },
    ]);
    expect(unwatchedHoldWarning(holds, [])).toBe(
      'the rollout holds 5m with traffic on the new version (linear-interval 3 × 1m, bake-time 2m) but watches ' +
        "no alarm, only the new version's own state; name the CloudWatch alarms that should roll it back in " +
        'the alarms input, or set linear-interval and bake-time to 0s',
    );
    expect(unwatchedHoldWarning(holds, ['api-5xx'])).toBeUndefined();
    expect(unwatchedHoldWarning([], [])).toBeUndefined();
  });

  it('says what a hold watches, and whether the plan bakes', () => {
    expect(watching([])).toBe('no alarm watched');
    expect(watching(['a', 'b'])).toBe('watching alarm a, b');
    expect(watching(['a', 'b', 'c', 'd'])).toBe('watching 4 alarms');
    const steps = [{ percent: 100, holdMs: 0, label: 'shift 100%' }];
    expect(describePlan(steps, 0, [])).toEqual(['1. shift 100%', '2. finalize (no bake)']);
    expect(describePlan(steps, 3 * MIN, ['a'])).toEqual([
      '1. shift 100%',
      '2. bake 3m, watching alarm a, then finalize',
    ]);
  });
});

describe("Lambda's quotas, as the quotas page names them", () => {
  it('50 MB direct upload and 250 MB unzipped, in MiB', () => {
    expect(describeQuota(DIRECT_UPLOAD_MAX_BYTES)).toBe('50 MB (52,428,800 bytes)');
    expect(describeQuota(UNZIPPED_MAX_BYTES)).toBe('250 MB (262,144,000 bytes)');
  });
});
