import { describe, expect, it } from 'vitest';
import { SimAccount } from '../sim/account.js';
import { takeUnexpectedViolations } from '../setup/violations.js';

describe('invariant violations fail the test that caused them', () => {
  it('names the virtual second and the call, reports each violation once, and honours expectViolations', async () => {
    const account = new SimAccount();
    let broken = false;
    account.invariant('demo rule', () => (broken ? 'the rule is broken' : undefined));
    await account.clock.sleep(5_000);
    expect(takeUnexpectedViolations([account])).toEqual([]);
    broken = true;
    await account.clock.sleep(2_000);
    account.checkInvariants('ec2:RunInstances');
    const found = takeUnexpectedViolations([account]);
    expect(found).toContain('t=7s after ec2:RunInstances: demo rule: the rule is broken');
    expect(found.every((v) => v.includes('demo rule'))).toBe(true);
    // Reported once: the next test on a shared account starts clean.
    broken = false;
    expect(takeUnexpectedViolations([account])).toEqual([]);
    // A test that breaks the rule on purpose opts out for that account only.
    const other = new SimAccount();
    other.invariant('demo rule', () => 'broken on purpose');
    other.expectViolations();
    other.checkInvariants('lambda:UpdateAlias');
    expect(other.violations).toEqual(['t=0s after lambda:UpdateAlias: demo rule: broken on purpose']);
    expect(takeUnexpectedViolations([account, other])).toEqual([]);
  });
});
