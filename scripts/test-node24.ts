// Runs the test suites again on node 24, the actions' runtime; the bundle tests then start each dist/ bundle
// with it, as a runner does. Usage: tsx scripts/test-node24.ts [vitest arguments]
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNode24, NODE24_VERSION } from './node24.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const node = ensureNode24();
console.log(`vitest on node v${NODE24_VERSION}`);
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const run = spawnSync(node, [vitest, 'run', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exitCode = run.status ?? 1;
