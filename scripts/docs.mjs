// Generates two sections of every action's README.md between markers, so the prose around them stays
// hand-written: the usage example (from the action's example.yml, with the `uses:` form of scripts/uses.mjs)
// and the inputs and outputs tables (from its action.yml). `--check` fails (exit 1) when any README is stale.
// Usage: node scripts/docs.mjs [--check] [name ...]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { discoverActions } from './package.mjs';
import { usesOf } from './uses.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const START = '<!-- slipway:generated:start (npm run docs) -->';
const END = '<!-- slipway:generated:end -->';
const USAGE_START = '<!-- slipway:usage:start (npm run docs, from example.yml) -->';
const USAGE_END = '<!-- slipway:usage:end -->';

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

/** The file with an action's usage example: one step without its `uses:`, which comes from scripts/uses.mjs. */
export function exampleFile(name) {
  return name === 'pipeline'
    ? join(root, 'docs', 'pipeline.example.yml')
    : join(root, 'actions', name, 'example.yml');
}

/** The example as a workflow step (parsed, `uses:` added) and as the YAML the README shows. */
export function example(name) {
  const file = exampleFile(name);
  if (!existsSync(file))
    throw new Error(`${relative(root, file)} is missing: every action has a usage example`);
  const source = readFileSync(file, 'utf8');
  const step = parse(source);
  if (
    !step ||
    typeof step !== 'object' ||
    Array.isArray(step) ||
    typeof step.with !== 'object' ||
    'uses' in step
  )
    throw new Error(
      `${relative(root, file)}: must be one step with a with: mapping and no uses: (docs.mjs adds it)`,
    );
  // The leading comment is for maintainers; the rest, comments included, is what readers see.
  const body = source.replace(/^(#.*\n)+/, '').trimEnd();
  const yaml = [`- uses: ${usesOf(name)}`, ...body.split('\n').map((l) => (l ? `  ${l}` : l))].join('\n');
  return { file, step: { uses: usesOf(name), ...step }, yaml };
}

function usageSection(name) {
  return [USAGE_START, '', '## Usage', '', '```yaml', example(name).yaml, '```', '', USAGE_END].join('\n');
}

const replaceBetween = (text, start, end, section) =>
  text.slice(0, text.indexOf(start)) + section + text.slice(text.indexOf(end) + end.length);

function render(action) {
  const readme =
    action.name === 'pipeline'
      ? join(root, 'docs', 'pipeline.md')
      : join(dirname(action.actionYml), 'README.md');
  const { meta, text } = generatedSection(action.actionYml);
  const usage = usageSection(action.name);
  const current = existsSync(readme) ? readFileSync(readme, 'utf8') : undefined;
  let next;
  if (current && current.includes(START) && current.includes(END)) {
    next = replaceBetween(current, START, END, text);
  } else {
    next = `# ${meta.name}\n\n${meta.description}\n\n${current ? `${current.trim()}\n\n` : ''}${text}\n`;
  }
  if (next.includes(USAGE_START) && next.includes(USAGE_END)) {
    next = replaceBetween(next, USAGE_START, USAGE_END, usage);
  } else {
    // First time: before the first section, so that the example comes right after the description.
    const at = next.search(/^(## |<!-- slipway:generated:start)/m);
    next = `${next.slice(0, at)}${usage}\n\n${next.slice(at)}`;
  }
  return { readme, current, next };
}

function main() {
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
  if (check) console.log('action READMEs match their action.yml and example.yml');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
