// Applies, one at a time, the mutations a review made by hand (issue 19's list of survivors and failure paths
// no test entered), runs the tests that cover the code, and prints which tests fail. A mutation that no test
// catches fails this script. It works in a scratch worktree of HEAD, so the working tree is never touched.
// Usage: node scripts/hand-mutants.mjs [name filter]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const MUTATIONS = [
  {
    name: 'alarm gate: an alarm that does not exist is accepted',
    file: 'src/rollout/alarm-gate.ts',
    from: 'if (missing.length)',
    to: 'if (false)',
    tests: ['test/unit/alarm-gate*.test.ts'],
  },
  {
    name: 'alarm gate: composite alarms not asked for',
    file: 'src/rollout/alarm-gate.ts',
    from: "AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],",
    to: "AlarmTypes: ['MetricAlarm'],",
    tests: ['test/unit/alarm-gate*.test.ts'],
  },
  {
    name: 'Lambda alias read-back compares the version only, not the weights',
    file: 'src/targets/lambda/alias-target.ts',
    from: 'Object.entries(weights).every(([v, w]) => Math.abs((got[v] ?? -1) - w) < WEIGHT_EPSILON);',
    to: 'true;',
    also: [['Object.keys(got).length === Object.keys(weights).length &&', '']],
    tests: [
      'test/unit/*alias*.test.ts',
      'test/unit/readback-failures.test.ts',
      'test/scenarios/lambda-*.test.ts',
    ],
  },
  {
    name: 'Lambda: a version in state Failed is not refused',
    file: 'src/targets/lambda/version-state.ts',
    from: "if (cfg.State === 'Failed') return",
    to: 'if (false) return',
    tests: ['test/unit/*version*.test.ts', 'test/scenarios/lambda-*.test.ts'],
  },
  {
    name: 'Lambda: a CodeSha256 mismatch after the upload is not refused',
    file: 'src/targets/lambda/publish.ts',
    from: 'if (updated.CodeSha256 !== codeSha256)',
    to: 'if (false)',
    tests: ['test/unit/publish*.test.ts', 'test/scenarios/lambda-*.test.ts'],
  },
  {
    name: 'ALB listener read-back compares target groups only, not weights',
    file: 'src/targets/ec2/listener.ts',
    from: 'Object.entries(b).every(([k, v]) => a[k] === v)',
    to: 'Object.keys(b).every((k) => k in a)',
    tests: [
      'test/unit/*listener*.test.ts',
      'test/unit/readback-failures.test.ts',
      'test/scenarios/ec2-*.test.ts',
    ],
  },
  {
    name: 'EC2 blue/green: rollback with blue no longer behind the listener',
    file: 'src/targets/ec2/blue-green-target.ts',
    from: 'if (!(s.blueTg! in weights))',
    to: 'if (false)',
    tests: ['test/unit/ec2-*.test.ts', 'test/unit/readback-failures.test.ts', 'test/scenarios/ec2-*.test.ts'],
  },
  {
    name: 'EC2 rolling: finalize read-back of the launch template version removed',
    file: 'src/targets/ec2/rolling-target.ts',
    from: 'if (version !== String(this.s.newVersion))',
    to: 'if (false)',
    tests: ['test/unit/ec2-*.test.ts', 'test/unit/readback-failures.test.ts', 'test/scenarios/ec2-*.test.ts'],
  },
  {
    name: 'deploy-ec2: AutoRollback ignores rollback: false',
    file: 'src/actions/deploy-ec2/deploy.ts',
    from: 'autoRollback: inputs.autoRollback && inputs.rollback,',
    to: 'autoRollback: inputs.autoRollback,',
    tests: ['test/unit/deploy-ec2*.test.ts', 'test/scenarios/ec2-*.test.ts'],
  },
  {
    name: 'ECS: a service left on a FAILED revision counts as up to date',
    file: 'src/targets/ecs/ecs-target.ts',
    from: '!other && !failed && same',
    to: '!other && same',
    tests: ['test/unit/ecs-*.test.ts', 'test/scenarios/ecs-*.test.ts'],
  },
  {
    name: 'ECS: finalize read-back removed',
    file: 'src/targets/ecs/ecs-target.ts',
    from: 'if (svc.taskDefinition !== this.state.taskDefinitionArn)',
    to: 'if (false)',
    tests: ['test/unit/ecs-*.test.ts', 'test/scenarios/ecs-*.test.ts'],
  },
  {
    name: 'ECS: rollback read-back removed',
    file: 'src/targets/ecs/ecs-target.ts',
    from: 'if (svc.taskDefinition !== previous)',
    to: 'if (false)',
    tests: ['test/unit/ecs-*.test.ts', 'test/scenarios/ecs-*.test.ts'],
  },
  {
    name: 'ECS: ROLLBACK_FAILED not treated as a failed rollback',
    file: 'src/targets/ecs/ecs-target.ts',
    from: "if (sd.status === 'ROLLBACK_FAILED' || (forward",
    to: 'if ((forward',
    tests: ['test/unit/ecs-*.test.ts', 'test/scenarios/ecs-*.test.ts'],
  },
  {
    name: "engine: 'rolling-back' counted as settled, so the post step skips a rollback that failed",
    file: 'src/rollout/engine.ts',
    from: "['done', 'rolled-back', 'abandoned']",
    to: "['done', 'rolled-back', 'abandoned', 'rolling-back']",
    tests: ['test/unit/*.test.ts', 'test/scenarios/*-cancel*.test.ts', 'test/scenarios/post*.test.ts'],
  },
  {
    name: 'files: the path sort removed',
    file: 'src/artifacts/files.ts',
    from: '  entries.sort(byteOrder);\n',
    to: '',
    tests: ['test/integration/zip-*.test.ts'],
  },
  {
    name: 'OCI context layer: uid/gid from the building process',
    file: 'src/artifacts/oci/context-layer.ts',
    from: '    uid: 0,\n    gid: 0,\n',
    to: '    uid: process.getuid?.() ?? 0,\n    gid: process.getgid?.() ?? 0,\n',
    tests: ['test/unit/oci-*.test.ts'],
  },
];

const repo = resolve(import.meta.dirname, '..');
const filter = process.argv[2];
const work = join(mkdtempSync(join(tmpdir(), 'slipway-hand-')), 'tree');
execFileSync('git', ['worktree', 'add', '--detach', '-q', work, 'HEAD'], { cwd: repo });
symlinkSync(join(repo, 'node_modules'), join(work, 'node_modules'));
// vitest takes file filters, not globs: expand them over the tree's test files.
const testFiles = execFileSync('git', ['ls-files', 'test'], { cwd: work, encoding: 'utf8' })
  .split('\n')
  .filter((f) => f.endsWith('.test.ts'));
const globRe = (g) =>
  new RegExp(
    `^${g
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^/]*')}$`,
  );
let missed = 0;
try {
  for (const m of MUTATIONS.filter((x) => !filter || x.name.includes(filter))) {
    const path = join(work, m.file);
    const original = readFileSync(path, 'utf8');
    let mutated = original;
    for (const [from, to] of [[m.from, m.to], ...(m.also ?? [])]) {
      if (mutated.split(from).length !== 2) throw new Error(`${m.file}: "${from}" is not there exactly once`);
      mutated = mutated.replace(from, to);
    }
    writeFileSync(path, mutated);
    const out = join(work, '.hand-mutant.json');
    rmSync(out, { force: true });
    const files = testFiles.filter((f) => m.tests.some((g) => globRe(g).test(f)));
    if (files.length === 0) throw new Error(`no test file matches ${m.tests.join(' ')}`);
    spawnSync('npx', ['vitest', 'run', ...files, '--reporter=json', `--outputFile=${out}`], {
      cwd: work,
      stdio: 'ignore',
      env: { ...process.env, CI: 'true' },
    });
    writeFileSync(path, original);
    const failed = existsSync(out)
      ? JSON.parse(readFileSync(out, 'utf8')).testResults.flatMap((f) =>
          f.assertionResults
            .filter((a) => a.status === 'failed')
            .map((a) => `${f.name.slice(work.length + 1)} > ${a.title}`),
        )
      : [];
    if (failed.length === 0) missed++;
    console.log(`${failed.length ? 'caught' : 'MISSED'}  ${m.name}`);
    for (const t of failed.slice(0, 3)) console.log(`          ${t}`);
    if (failed.length > 3) console.log(`          and ${failed.length - 3} more`);
  }
} finally {
  execFileSync('git', ['worktree', 'remove', '--force', work], { cwd: repo });
}
console.log(missed ? `${missed} mutation(s) missed` : 'every mutation was caught by at least one test');
process.exit(missed ? 1 : 0);
