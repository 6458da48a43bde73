// Merges the reports of a Stryker run over some files into the committed ones: the files the run mutated (and
// the test files it read) replace their entries, every other file keeps its result. For runs made in a clone,
// such as a run over one folder while another runs elsewhere.
// Usage: node scripts/merge-mutation-reports.mjs <other reports/mutation directory> <path prefix>...
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [from, ...prefixes] = process.argv.slice(2);
if (!from || prefixes.length === 0) {
  console.error('usage: node scripts/merge-mutation-reports.mjs <reports/mutation dir> <path prefix>...');
  process.exit(1);
}
for (const name of ['mutation.json', 'stryker-incremental.json']) {
  const ours = JSON.parse(readFileSync(join('reports/mutation', name), 'utf8'));
  const theirs = JSON.parse(readFileSync(join(from, name), 'utf8'));
  let n = 0;
  for (const [file, entry] of Object.entries(theirs.files))
    if (prefixes.some((p) => file.startsWith(p))) {
      ours.files[file] = entry;
      n++;
    }
  if (theirs.testFiles) ours.testFiles = { ...(ours.testFiles ?? {}), ...theirs.testFiles };
  writeFileSync(join('reports/mutation', name), JSON.stringify(ours));
  console.log(`${name}: ${n} files taken from ${from}`);
}
