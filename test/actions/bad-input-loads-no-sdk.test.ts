// A bad input fails in milliseconds because the SDK is not loaded before the inputs are valid: with all the
// actions in one shared bundle, this checks it chunk by chunk, for every action.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { errorLines, runBundle } from './bundle.js';

const dist = resolve(process.env['SLIPWAY_DIST'] ?? 'dist');
const dir = mkdtempSync(join(tmpdir(), 'slipway-loads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Records every file of the bundle that node loads, one path a line.
const hook = join(dir, 'hook.cjs');
writeFileSync(
  hook,
  `const M = require('module'); const fs = require('fs'); const load = M._load;
M._load = function (request, parent, isMain) {
  const loaded = load.apply(this, arguments);
  try { fs.appendFileSync(process.env.LOADED_LOG, M._resolveFilename(request, parent, isMain) + '\\n'); } catch {}
  return loaded;
};\n`,
);

// The SDK's user agent prefix: every client's core has it, and nothing else of ours does.
const SDK_MARK = 'aws-sdk-js';
const actions = readdirSync(dist).filter((n) => n !== 'shared');

describe('a bad input loads no SDK code', () => {
  it('the shared bundle holds the SDK at all (the mark is right)', () => {
    const chunks = readdirSync(join(dist, 'shared')).filter((f) => f.endsWith('.js'));
    expect(chunks.some((f) => readFileSync(join(dist, 'shared', f), 'utf8').includes(SDK_MARK))).toBe(true);
  });

  it.each(actions)('%s', async (name) => {
    const log = join(dir, `${name}.log`);
    writeFileSync(log, '');
    // No inputs at all: every action has one that is required, or the pipeline's `target`.
    const r = await runBundle(name, {}, { env: { NODE_OPTIONS: `--require ${hook}`, LOADED_LOG: log } });
    expect(r.code).toBe(1);
    expect(errorLines(r)).toHaveLength(1);
    const loaded = readFileSync(log, 'utf8')
      .split('\n')
      .filter((p) => p.startsWith(join(dist, 'shared')));
    expect(loaded.length).toBeGreaterThan(1);
    for (const file of loaded) expect(readFileSync(file, 'utf8').includes(SDK_MARK), file).toBe(false);
  });
});
