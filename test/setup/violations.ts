// Fails the test during which a simulated account recorded an invariant violation, so no test has to
// assert `account.violations` itself. A test that breaks an invariant on purpose calls
// `account.expectViolations()` on that account.
import { afterEach } from 'vitest';
import type { SimAccount } from '../sim/account.js';
import { ALL_ACCOUNTS } from '../sim/account.js';

/** The violations not yet reported on accounts that do not expect them; marks them reported. */
export function takeUnexpectedViolations(accounts: readonly SimAccount[]): string[] {
  const found: string[] = [];
  for (const account of accounts) {
    account.checkFinalInvariants();
    const fresh = account.violations.slice(account.violationsReported);
    account.violationsReported = account.violations.length;
    if (!account.violationsExpected) found.push(...fresh);
  }
  return found;
}

afterEach(() => {
  const found = takeUnexpectedViolations(ALL_ACCOUNTS);
  if (found.length === 0) return;
  const shown = found.slice(0, 5).join('; ');
  const more = found.length > 5 ? ` (and ${found.length - 5} more)` : '';
  throw new Error(`simulated invariant violated: ${shown}${more}`);
});
