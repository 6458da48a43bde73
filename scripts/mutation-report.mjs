// Reads Stryker's JSON report (reports/mutation/mutation.json) and prints the mutation score per file and per
// folder, and, for the files named on the command line (or matching a prefix), each surviving or uncovered
// mutant with its line and replacement: the list of tests still to write.
// Usage: node scripts/mutation-report.mjs [--list] [path prefix...]
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const list = args.includes('--list');
const prefixes = args.filter((a) => a !== '--list');
const report = JSON.parse(readFileSync('reports/mutation/mutation.json', 'utf8'));
const wanted = (file) => prefixes.length === 0 || prefixes.some((p) => file.startsWith(p));

// Stryker's own score: killed and timed-out over all valid mutants (compile errors and ignored ones excluded).
const tally = () => ({ killed: 0, survived: 0, noCoverage: 0 });
const add = (t, status) => {
  if (status === 'Killed' || status === 'Timeout') t.killed++;
  else if (status === 'Survived') t.survived++;
  else if (status === 'NoCoverage') t.noCoverage++;
};
const score = (t) => {
  const valid = t.killed + t.survived + t.noCoverage;
  return valid === 0 ? '  n/a' : `${((100 * t.killed) / valid).toFixed(1).padStart(5)}%`;
};
const row = (name, t) =>
  `${score(t)}  ${String(t.killed).padStart(4)} killed ${String(t.survived).padStart(4)} survived ${String(t.noCoverage).padStart(4)} no coverage  ${name}`;

const folders = new Map();
const files = Object.entries(report.files)
  .filter(([file]) => wanted(file))
  .sort(([a], [b]) => a.localeCompare(b));
for (const [file, { mutants }] of files) {
  const t = tally();
  for (const m of mutants) add(t, m.status);
  console.log(row(file, t));
  for (
    let dir = file.slice(0, file.lastIndexOf('/'));
    dir.includes('/');
    dir = dir.slice(0, dir.lastIndexOf('/'))
  ) {
    const f = folders.get(dir) ?? tally();
    for (const k of Object.keys(t)) f[k] += t[k];
    folders.set(dir, f);
  }
}
console.log('');
for (const [dir, t] of [...folders].sort(([a], [b]) => a.localeCompare(b))) console.log(row(`${dir}/`, t));
if (!list) process.exit(0);
console.log('');
for (const [file, { mutants, source }] of files) {
  const lines = source.split('\n');
  for (const m of mutants.filter((x) => x.status === 'Survived' || x.status === 'NoCoverage')) {
    const line = m.location.start.line;
    console.log(
      `${file}:${line} ${m.status} ${m.mutatorName}: ${lines[line - 1]?.trim()}  =>  ${m.replacement}`,
    );
  }
}
