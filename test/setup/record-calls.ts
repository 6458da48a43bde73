// After each test file, writes which AWS actions each slipway action called on the simulator, so that
// scripts/check-iam.mjs can prove every actions/<name>/iam-policy.json exact after a full run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { afterAll } from 'vitest';
import { ALL_ACCOUNTS } from '../sim/account.js';

afterAll(() => {
  const byAction: Record<string, string[]> = {};
  for (const account of ALL_ACCOUNTS)
    for (const call of account.calls) {
      if (!call.by) continue;
      // A post step is the same action to IAM: it runs under the same role.
      const action = call.by.replace(/-post$/, '');
      (byAction[action] ??= []).push(`${call.service}:${call.action}`);
    }
  if (Object.keys(byAction).length === 0) return;
  const dir = '.tmp/iam-calls';
  mkdirSync(dir, { recursive: true });
  const unique = Object.fromEntries(
    Object.entries(byAction).map(([a, calls]) => [a, [...new Set(calls)].sort()]),
  );
  writeFileSync(`${dir}/${randomUUID()}.json`, JSON.stringify(unique));
});
