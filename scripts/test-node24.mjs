// Runs the test suites again on node 24, the runtime the actions name (runs.using: node24), as the machines
// here have node 20 only. The bundle tests then start each dist/ bundle with node 24, as a runner does.
// Node 24 comes from the npm registry (the node-<platform>-<arch> package holds the official binary) and is
// kept under node_modules/.cache, so `npm ci` starts it afresh.
// Usage: node scripts/test-node24.mjs [vitest arguments]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const VERSION = '24.22.3';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'node_modules', '.cache', `node-${VERSION}`);
const node = join(dir, 'package', 'bin', 'node');

if (!existsSync(node)) {
  const pkg = `node-${process.platform}-${process.arch}@${VERSION}`;
  console.log(`fetching ${pkg} from the npm registry`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const tarball = execFileSync('npm', ['pack', pkg, '--silent', '--pack-destination', dir], {
    cwd: dir,
    encoding: 'utf8',
  }).trim();
  execFileSync('tar', ['xzf', join(dir, tarball), '-C', dir]);
}
const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
if (version !== `v${VERSION}`) throw new Error(`${node} is ${version}, not v${VERSION}`);

console.log(`vitest on node ${version}`);
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const run = spawnSync(node, [vitest, 'run', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exitCode = run.status ?? 1;
