// Node 24, the runtime the actions name (runs.using: node24), for the tests and the bench: the machines here
// have node 20 only. It comes from the npm registry (the node-<platform>-<arch> package holds the official
// binary) and is kept under node_modules/.cache, so `npm ci` starts it afresh.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE24_VERSION = '24.22.3';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'node_modules', '.cache', `node-${NODE24_VERSION}`);

/** The path of node 24's binary, fetched first if it is not there yet. */
export function ensureNode24(log: (line: string) => void = console.log): string {
  const node = join(dir, 'package', 'bin', 'node');
  if (!existsSync(node)) {
    const pkg = `node-${process.platform}-${process.arch}@${NODE24_VERSION}`;
    log(`fetching ${pkg} from the npm registry`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const tarball = execFileSync('npm', ['pack', pkg, '--silent', '--pack-destination', dir], {
      cwd: dir,
      encoding: 'utf8',
    }).trim();
    execFileSync('tar', ['xzf', join(dir, tarball), '-C', dir]);
  }
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  if (version !== `v${NODE24_VERSION}`) throw new Error(`${node} is ${version}, not v${NODE24_VERSION}`);
  return node;
}
