// dist/ is committed and must match the source: rebuild every bundle, then git must see no change in dist/.
import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
execFileSync(process.execPath, [resolve(root, 'scripts/package.mjs')], { cwd: root, stdio: 'inherit' });
// `git status --porcelain` also sees new, untracked chunk files, which `git diff` would miss.
const changed = execFileSync('git', ['status', '--porcelain', '--', 'dist'], {
  cwd: root,
  encoding: 'utf8',
}).trim();
if (changed) {
  console.error('dist/ does not match the source. Run `npm run package` and commit dist/:\n' + changed);
  process.exit(1);
}
console.log('dist/ matches the source');
