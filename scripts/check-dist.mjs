// dist/ is committed and must match the source. `npm test` builds the bundles from the source into
// .tmp/dist-test first (the bundle tests run those); this compares that build with dist/ file by file, then
// asks git that dist/ is committed as it is (`git status --porcelain` also sees new, untracked chunks, which
// `git diff` would miss). Usage: node scripts/check-dist.mjs [build folder]
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const built = resolve(root, process.argv[2] ?? '.tmp/dist-test');
const committed = join(root, 'dist');

/** Every file below `dir`, as a path relative to `base`. */
function files(dir, base = dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path, base) : [relative(base, path)];
  });
}

if (!existsSync(built)) {
  console.error(
    `no build at ${relative(root, built)}: run node scripts/package.mjs --out ${relative(root, built)}`,
  );
  process.exit(1);
}
const a = new Set(files(built));
const b = new Set(files(committed));
const differ = [...new Set([...a, ...b])]
  .sort()
  .filter(
    (f) => !a.has(f) || !b.has(f) || !readFileSync(join(built, f)).equals(readFileSync(join(committed, f))),
  );
const changed = execFileSync('git', ['status', '--porcelain', '--', 'dist'], {
  cwd: root,
  encoding: 'utf8',
}).trim();
if (differ.length || changed) {
  console.error('dist/ does not match the source. Run `npm run package` and commit dist/.');
  for (const f of differ) console.error(`  differs from the build: dist/${f}`);
  if (changed) console.error(`  not committed:\n${changed}`);
  process.exit(1);
}
console.log('dist/ matches the source');
