// Proves each actions/<name>/iam-policy.json exact: its Action list must equal the set of service:Action
// calls the simulator recorded for that action across the full test run (test/setup/record-calls.ts),
// neither more nor less. Run after `vitest run`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Where the IAM action is not named like the API operation.
const IAM_NAME = {
  'lambda:Invoke': 'lambda:InvokeFunction',
  's3:HeadObject': 's3:GetObject',
};

const dir = '.tmp/iam-calls';
if (!existsSync(dir)) {
  console.error('no recorded calls in .tmp/iam-calls: run the full test suite first');
  process.exit(1);
}
const recorded = {};
for (const file of readdirSync(dir))
  for (const [action, calls] of Object.entries(JSON.parse(readFileSync(join(dir, file), 'utf8'))))
    for (const c of calls) (recorded[action] ??= new Set()).add(IAM_NAME[c] ?? c);

// Statements for permissions that no simulated API call shows, each with its reason as the Sid:
// PassRole (iam:PassRole when a role is handed to a service), RegistryPush and RegistryPull (ECR's registry
// protocol, exercised against a real registry rather than the simulator), TagOnCreate (tags given in
// RunInstances, CreateImage, CreateAutoScalingGroup or CreateTargetGroup are authorised as CreateTags /
// AddTags), LaunchThroughGroup (Auto Scaling checks ec2:RunInstances on the caller when a group gets a launch
// template) and PresignedDownload (the builder downloads with a URL that our credentials signed).
const NOT_API_CALLS = new Set([
  'PassRole',
  'RegistryPush',
  'RegistryPull',
  'TagOnCreate',
  'LaunchThroughGroup',
  'PresignedDownload',
]);

let failed = false;
const policyActions = (path) => {
  const doc = JSON.parse(readFileSync(path, 'utf8'));
  return new Set(
    doc.Statement.filter((s) => !NOT_API_CALLS.has(s.Sid)).flatMap((s) =>
      Array.isArray(s.Action) ? s.Action : [s.Action],
    ),
  );
};
const names = readdirSync('actions').filter((n) => existsSync(join('actions', n, 'action.yml')));
if (existsSync('action.yml')) names.push('pipeline');
for (const name of names.sort()) {
  const path = name === 'pipeline' ? 'iam-policy.json' : join('actions', name, 'iam-policy.json');
  const calls = recorded[name] ?? new Set();
  if (!existsSync(path)) {
    if (calls.size) {
      console.error(`${path} is missing; the tests recorded: ${[...calls].sort().join(', ')}`);
      failed = true;
    }
    continue;
  }
  const allowed = policyActions(path);
  const extra = [...allowed].filter((a) => !calls.has(a)).sort();
  const missing = [...calls].filter((a) => !allowed.has(a)).sort();
  if (extra.length || missing.length) {
    failed = true;
    console.error(`${path} is not exact:`);
    if (missing.length) console.error(`  called but not allowed: ${missing.join(', ')}`);
    if (extra.length) console.error(`  allowed but never called in any test: ${extra.join(', ')}`);
  } else console.log(`${path}: exact (${allowed.size} actions)`);
}
process.exit(failed ? 1 : 0);
