// After each test file, writes which AWS actions each slipway action called on the simulator, and the
// resources (ARN and condition keys) each call acted on, so that scripts/check-iam.mjs can prove every
// actions/<name>/iam-policy.json exact and scoped after a run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { afterAll } from 'vitest';
import { ALL_ACCOUNTS } from '../sim/account.js';
import { IAM_CALLS_DIR } from './iam-calls-dir.js';

/** One line of the record: a call as IAM names it, and one resource it was authorised on. */
export interface RecordedCall {
  call: string;
  /** Absent when the input named no resource (an empty list): the call still counts for the action list. */
  arn?: string;
  context?: Record<string, string | string[]>;
}

afterAll(() => {
  const byAction: Record<string, Map<string, RecordedCall>> = {};
  for (const account of ALL_ACCOUNTS)
    for (const call of account.calls) {
      if (!call.by) continue;
      // A post step is the same action to IAM: it runs under the same role.
      const action = call.by.replace(/-post$/, '');
      const seen = (byAction[action] ??= new Map());
      const name = `${call.service}:${call.action}`;
      if (call.resources.length === 0) seen.set(name, { call: name });
      for (const r of call.resources) {
        const line: RecordedCall = { call: name, arn: r.arn };
        if (r.context && Object.keys(r.context).length) line.context = r.context;
        seen.set(JSON.stringify(line), line);
      }
    }
  if (Object.keys(byAction).length === 0) return;
  mkdirSync(IAM_CALLS_DIR, { recursive: true });
  const out = Object.fromEntries(Object.entries(byAction).map(([a, m]) => [a, [...m.values()]]));
  writeFileSync(`${IAM_CALLS_DIR}/${randomUUID()}.json`, JSON.stringify(out));
});
