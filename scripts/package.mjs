// Builds the actions' bundle: one ncc build of src/actions/index.ts into dist/shared/, whose chunks all the
// actions share, and for each action (actions/<name>/action.yml, and the root action.yml, named pipeline) a
// one-line dist/<name>/index.js, which its runs.main must name.
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
const SHARED = 'shared';
const SHARED_ENTRY = join(root, 'src', 'actions', 'index.ts');

export function discoverActions() {
  const found = [];
  if (existsSync(join(root, 'action.yml')))
    found.push({ name: 'pipeline', actionYml: join(root, 'action.yml') });
  const actionsDir = join(root, 'actions');
  if (existsSync(actionsDir))
    for (const name of readdirSync(actionsDir).sort())
      if (existsSync(join(actionsDir, name, 'action.yml')))
        found.push({ name, actionYml: join(actionsDir, name, 'action.yml') });
  return found;
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

/**
 * One ncc build for all the actions, from src/actions/index.ts into <out>/shared/: each action's code is a
 * chunk it loads on demand, and the chunks actions have in common are written once. In a child process, as
 * ncc holds a whole webpack compilation in memory.
 */
async function buildShared(outDir) {
  // From src/, whose tsconfig.json ncc's resolver reads (it reads the one in its working directory).
  await run(
    process.execPath,
    [fileURLToPath(import.meta.url), '--one', SHARED, SHARED_ENTRY, resolve(root, outDir)],
    {
      cwd: join(root, 'src'),
      maxBuffer: 64 * 1024 * 1024,
    },
  );
}

/** <out>/<name>/index.js: the path the action's runs.main names, one line into the shared bundle. */
function writeEntry(action, outDir) {
  checkRuns(action);
  if (!existsSync(join(root, 'src', 'actions', action.name, 'action.ts')))
    throw new Error(`${action.actionYml}: no src/actions/${action.name}/action.ts`);
  const out = join(resolve(root, outDir), action.name);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, 'index.js'),
    `"use strict";\n// ${action.name}: its code is a chunk of the bundle the actions share (scripts/package.mjs).\n` +
      `require("../${SHARED}/index.js").run(${JSON.stringify(action.name)});\n`,
  );
  writeFileSync(join(out, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
  console.log(`packaged ${action.name}`);
}

/**
 * ncc minifies without terser's compress step, so the code webpack marks unused (the SDK clients' schemas and
 * commands we never send) stays in. This drops it; names are kept, as ncc keeps them.
 */
async function compress(code) {
  const { minify } = await import('terser');
  const out = await minify(code, {
    compress: { passes: 2 },
    mangle: { keep_classnames: true, keep_fnames: true },
    format: { comments: false },
  });
  if (out.code === undefined) throw new Error('terser returned no code');
  return out.code;
}

/**
 * The bundle, through ncc's API rather than its CLI, for the one option the CLI lacks: `esm: false`. A
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
    // `npm run typecheck` checks the whole project; src/tsconfig.json's paths point webpack at the SDK's
    // ES modules (see there), which a type check would read as untyped JavaScript.
    transpileOnly: true,
  });
  const out = join(resolve(root, outDir), name);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'index.js'), await compress(code));
  for (const [file, asset] of Object.entries(assets)) {
    mkdirSync(dirname(join(out, file)), { recursive: true });
    const source = file.endsWith('.js') ? await compress(asset.source.toString()) : asset.source;
    writeFileSync(join(out, file), source, { mode: asset.permissions });
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
  await buildShared(outDir);
  const built = createRequire(import.meta.url)(join(resolve(root, outDir), SHARED, 'index.js')).ACTION_NAMES;
  const missing = discoverActions().filter((a) => !built.includes(a.name));
  if (missing.length)
    throw new Error(`src/actions/index.ts does not dispatch to: ${missing.map((a) => a.name).join(', ')}`);
  for (const a of actions) writeEntry(a, outDir);
}
