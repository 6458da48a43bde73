// Builds one ncc bundle per action: every actions/*/action.yml (and the root action.yml) names its bundle in
// runs.main (../../dist/<name>/index.js); the entry is src/actions/<name>/index.ts.
// Usage: node scripts/package.mjs [name ...]   (no names: all of them)
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const run = promisify(execFile);

export function discoverActions() {
  const files = [join(root, 'action.yml')];
  const actionsDir = join(root, 'actions');
  if (existsSync(actionsDir))
    for (const name of readdirSync(actionsDir).sort()) files.push(join(actionsDir, name, 'action.yml'));
  const found = [];
  for (const file of files) {
    if (!existsSync(file)) continue;
    const main = parse(readFileSync(file, 'utf8'))?.runs?.main;
    const m = /dist\/([a-z0-9-]+)\/index\.js$/.exec(main ?? '');
    if (!m) throw new Error(`${file}: runs.main must point at dist/<name>/index.js, found ${main}`);
    found.push({ name: m[1], actionYml: file, entry: join(root, 'src', 'actions', m[1], 'index.ts') });
  }
  return found;
}

async function build(action) {
  if (!existsSync(action.entry)) throw new Error(`${action.actionYml}: no entry at ${action.entry}`);
  const out = join(root, 'dist', action.name);
  rmSync(out, { recursive: true, force: true });
  const ncc = join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');
  await run(process.execPath, [ncc, 'build', action.entry, '-o', out, '--minify', '--quiet', '--target', 'es2022'], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  console.log(`packaged ${action.name}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const wanted = process.argv.slice(2);
  const actions = discoverActions().filter((a) => wanted.length === 0 || wanted.includes(a.name));
  if (wanted.length && actions.length !== wanted.length) throw new Error(`unknown action among: ${wanted.join(', ')}`);
  // Two builds at a time: ncc is CPU-bound and the machines have two cores.
  const queue = [...actions];
  await Promise.all(
    [0, 1].map(async () => {
      for (let a = queue.shift(); a; a = queue.shift()) await build(a);
    }),
  );
}
