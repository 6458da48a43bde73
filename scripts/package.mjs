// Builds one ncc bundle per action: actions/<name>/action.yml (and the root action.yml, named pipeline) is
// built from src/actions/<name>/index.ts into dist/<name>/, which its runs.main must name.
// Usage: node scripts/package.mjs [--out DIR] [name ...]   (no names: all of them; DIR defaults to dist)
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const run = promisify(execFile);

export function discoverActions() {
  const found = [];
  if (existsSync(join(root, 'action.yml')))
    found.push({ name: 'pipeline', actionYml: join(root, 'action.yml') });
  const actionsDir = join(root, 'actions');
  if (existsSync(actionsDir))
    for (const name of readdirSync(actionsDir).sort())
      if (existsSync(join(actionsDir, name, 'action.yml')))
        found.push({ name, actionYml: join(actionsDir, name, 'action.yml') });
  return found.map((a) => ({ ...a, entry: join(root, 'src', 'actions', a.name, 'index.ts') }));
}

/** runs.main (and runs.post, if any) must point at the action's own bundle. */
function checkRuns(action) {
  let runs;
  try {
    runs = parse(readFileSync(action.actionYml, 'utf8'))?.runs;
  } catch (err) {
    throw new Error(`${action.actionYml}: not valid YAML: ${err.message}`);
  }
  for (const key of ['main', 'post'])
    if (runs?.[key] !== undefined && !new RegExp(`dist/${action.name}/index\\.js$`).test(runs[key]))
      throw new Error(
        `${action.actionYml}: runs.${key} must point at dist/${action.name}/index.js, found ${runs[key]}`,
      );
}

async function build(action, outDir) {
  checkRuns(action);
  if (!existsSync(action.entry)) throw new Error(`${action.actionYml}: no entry at ${action.entry}`);
  // In a child process, as ncc holds a whole webpack compilation in memory.
  await run(process.execPath, [fileURLToPath(import.meta.url), '--one', action.name, action.entry, outDir], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  console.log(`packaged ${action.name}`);
}

/**
 * One bundle, through ncc's API rather than its CLI, for the one option the CLI lacks: `esm: false`. A
 * CommonJS bundle starts without node's ESM loader, 10 to 20 ms sooner on every step; its package.json says
 * so, as the repository's says "module".
 */
async function buildOne(name, entry, outDir) {
  const ncc = createRequire(import.meta.url)('@vercel/ncc');
  const { code, assets } = await ncc(entry, {
    esm: false,
    minify: true,
    quiet: true,
    target: 'es2022',
    sourceMap: false,
  });
  const out = join(resolve(root, outDir), name);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'index.js'), code);
  for (const [file, asset] of Object.entries(assets)) {
    mkdirSync(dirname(join(out, file)), { recursive: true });
    writeFileSync(join(out, file), asset.source, { mode: asset.permissions });
  }
  writeFileSync(join(out, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === '--one') {
  await buildOne(process.argv[3], process.argv[4], process.argv[5]);
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  // A scratch folder lets a test run bundles of the source as it is, leaving the committed dist/ alone.
  const outAt = args.indexOf('--out');
  const outDir = outAt >= 0 ? args.splice(outAt, 2)[1] : 'dist';
  if (!outDir) throw new Error('--out needs a folder');
  const wanted = args;
  const actions = discoverActions().filter((a) => wanted.length === 0 || wanted.includes(a.name));
  if (wanted.length && actions.length !== wanted.length)
    throw new Error(`unknown action among: ${wanted.join(', ')}`);
  // Two builds at a time: ncc is CPU-bound and the machines have two cores.
  const queue = [...actions];
  await Promise.all(
    [0, 1].map(async () => {
      for (let a = queue.shift(); a; a = queue.shift()) await build(a, outDir);
    }),
  );
}
