// Generates the inputs and outputs tables of every action's README.md from its action.yml, between markers,
// so the prose around them stays hand-written. `--check` fails (exit 1) when any README is stale.
// Usage: node scripts/docs.mjs [--check] [name ...]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { discoverActions } from './package.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const START = '<!-- slipway:generated:start (npm run docs) -->';
const END = '<!-- slipway:generated:end -->';

const cell = (s) =>
  String(s ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\n+/g, ' ')
    .trim();

export function generatedSection(actionYml) {
  const meta = parse(readFileSync(actionYml, 'utf8'));
  const lines = [
    START,
    '',
    '## Inputs',
    '',
    '| input | required | default | description |',
    '|---|---|---|---|',
  ];
  for (const [name, i] of Object.entries(meta.inputs ?? {}))
    lines.push(
      `| \`${name}\` | ${i.required ? 'yes' : 'no'} | ${i.default === undefined || i.default === '' ? '' : `\`${cell(i.default)}\``} | ${cell(i.description)} |`,
    );
  lines.push('', '## Outputs', '', '| output | description |', '|---|---|');
  for (const [name, o] of Object.entries(meta.outputs ?? {}))
    lines.push(`| \`${name}\` | ${cell(o.description)} |`);
  lines.push('', END);
  return { meta, text: lines.join('\n') };
}

function render(action) {
  const readme =
    action.name === 'pipeline'
      ? join(root, 'docs', 'pipeline.md')
      : join(dirname(action.actionYml), 'README.md');
  const { meta, text } = generatedSection(action.actionYml);
  const current = existsSync(readme) ? readFileSync(readme, 'utf8') : undefined;
  let next;
  if (current && current.includes(START) && current.includes(END)) {
    next = current.slice(0, current.indexOf(START)) + text + current.slice(current.indexOf(END) + END.length);
  } else {
    next = `# ${meta.name}\n\n${meta.description}\n\n${current ? `${current.trim()}\n\n` : ''}${text}\n`;
  }
  return { readme, current, next };
}

const check = process.argv.includes('--check');
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
let stale = 0;
for (const action of discoverActions().filter((a) => only.length === 0 || only.includes(a.name))) {
  const { readme, current, next } = render(action);
  if (current === next) continue;
  if (check) {
    console.error(`${relative(root, readme)} is stale: run npm run docs`);
    stale++;
  } else {
    writeFileSync(readme, next);
    console.log(`wrote ${relative(root, readme)}`);
  }
}
if (check && stale) process.exit(1);
if (check) console.log('action READMEs match their action.yml');
