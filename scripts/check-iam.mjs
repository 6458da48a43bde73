// Proves each actions/<name>/iam-policy.json exact and scoped against the calls the simulator recorded for
// that action across a test run (test/setup/record-calls.ts; SLIPWAY_IAM_CALLS moves the record):
// 1. exact: its Action list equals the set of service:Action calls recorded, neither more nor less;
// 2. scoped: every recorded call, on every resource it acted on, is allowed by an Allow statement whose
//    Action names it, whose Resource pattern matches the ARN (placeholders such as ${Region} standing for
//    what they can be; see scripts/iam-match.mjs) and whose Condition holds for the call's tags.
// Run after `vitest run`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allowingStatement, checkStatement, iamName } from './iam-match.mjs';

const dir = process.env.SLIPWAY_IAM_CALLS || '.tmp/iam-calls';
if (!existsSync(dir)) {
  console.error(`no recorded calls in ${dir}: run the tests first`);
  process.exit(1);
}
/** action name → recorded lines {call, arn?, context?} with the IAM action name, each once across files. */
const byKey = {};
for (const file of readdirSync(dir))
  for (const [action, lines] of Object.entries(JSON.parse(readFileSync(join(dir, file), 'utf8'))))
    for (const line of lines) {
      const l = { ...line, call: iamName(line.call) };
      (byKey[action] ??= new Map()).set(JSON.stringify(l), l);
    }
const recorded = Object.fromEntries(Object.entries(byKey).map(([a, m]) => [a, [...m.values()]]));

// Statements for permissions that no simulated API call shows, each with its reason as the Sid:
// PassRole (iam:PassRole when a role is handed to a service), RegistryPush and RegistryPull (ECR's registry
// protocol, exercised against a real registry rather than the simulator), TagOnCreate (tags given in
// RunInstances, CreateImage, CreateAutoScalingGroup or CreateTargetGroup are authorised as CreateTags /
// AddTags / CreateOrUpdateTags), LaunchThroughGroup (Auto Scaling checks ec2:RunInstances on the caller
// when a group gets a launch template) and PresignedDownload (the builder downloads with a URL that our
// credentials signed). A Sid may add to the reason (TagOnCreateGroup), as IAM wants Sids unique in a policy.
const NOT_API_CALLS = new Set([
  'PassRole',
  'RegistryPush',
  'RegistryPull',
  'TagOnCreate',
  'LaunchThroughGroup',
  'PresignedDownload',
]);

let failed = false;
const fail = (message) => {
  failed = true;
  console.error(message);
};
const notApiCall = (s) => [...NOT_API_CALLS].some((sid) => s.Sid?.startsWith(sid));
const actionsOf = (statements) =>
  new Set(statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])));

const names = readdirSync('actions').filter((n) => existsSync(join('actions', n, 'action.yml')));
if (existsSync('action.yml')) names.push('pipeline');
for (const name of names.sort()) {
  const path = name === 'pipeline' ? 'iam-policy.json' : join('actions', name, 'iam-policy.json');
  const lines = recorded[name] ?? [];
  const calls = new Set(lines.map((l) => l.call));
  if (!existsSync(path)) {
    if (calls.size) fail(`${path} is missing; the tests recorded: ${[...calls].sort().join(', ')}`);
    continue;
  }
  const policy = JSON.parse(readFileSync(path, 'utf8'));
  try {
    policy.Statement.forEach(checkStatement);
  } catch (err) {
    fail(`${path}: ${err.message}`);
    continue;
  }

  // 1. exact
  const allowed = actionsOf(policy.Statement.filter((s) => !notApiCall(s)));
  const extra = [...allowed].filter((a) => !calls.has(a)).sort();
  const missing = [...calls].filter((a) => !allowed.has(a)).sort();
  if (extra.length || missing.length) {
    fail(`${path} is not exact:`);
    if (missing.length) console.error(`  called but not allowed: ${missing.join(', ')}`);
    if (extra.length) console.error(`  allowed but never called in any test: ${extra.join(', ')}`);
  }

  // 2. scoped
  const apiStatements = { ...policy, Statement: policy.Statement.filter((s) => !notApiCall(s)) };
  let unmatched = 0;
  const scoped = lines.filter((l) => l.arn !== undefined);
  for (const l of scoped) {
    let statement;
    try {
      statement = allowingStatement(apiStatements, l.call, l.arn, l.context);
    } catch (err) {
      unmatched++;
      fail(`${path}: ${err.message}`);
      break;
    }
    if (statement) continue;
    unmatched++;
    fail(
      `${path}: no statement allows ${l.call} on ${l.arn}` +
        (l.context ? ` with ${JSON.stringify(l.context)}` : '') +
        ` (a call that ${name} made in the tests)`,
    );
  }
  if (!extra.length && !missing.length && !unmatched)
    console.log(
      `${path}: exact (${allowed.size} actions) and scoped (${scoped.length} recorded call resources allowed)`,
    );
}
process.exit(failed ? 1 : 0);
