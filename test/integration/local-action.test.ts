import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempDir } from './registry-fixtures.js';

const run = promisify(execFile);

/** `npx @github/local-action run <action dir> <entrypoint> <.env>`, as CONTRIBUTING.md gives it. */
async function localAction(action: string, env: Record<string, string>): Promise<string> {
  const dir = tempDir('local-action');
  const dotenv = join(dir, '.env');
  writeFileSync(
    dotenv,
    Object.entries(env)
      .map(([k, v]) => `${k}=${v}\n`)
      .join(''),
  );
  const { stdout } = await run(
    join('node_modules', '.bin', 'local-action'),
    ['run', `actions/${action}`, `../../src/actions/${action}/action.ts`, dotenv],
    { env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '' }, timeout: 60_000 },
  );
  return stdout;
}

describe('npx @github/local-action runs an action from its source', () => {
  it('build-function builds a zip and reports its outputs', async () => {
    const dir = tempDir('local-src');
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'index.js'), 'exports.handler = async () => 1;\n');
    const zip = join(dir, 'function.zip');
    const out = await localAction('build-function', {
      INPUT_SOURCE: join(dir, 'src'),
      INPUT_OUTPUT: zip,
    });
    expect(out).toMatch(/Running Action/);
    expect(out).toMatch(new RegExp(`zip-path\\W+│ '${zip.replace(/[/.]/g, '\\$&')}'`));
    expect(out).toMatch(/'files'\s+│ '1'/);
    expect(existsSync(zip)).toBe(true);
  }, 90_000);

  it('a bad input fails with the one line that names it', async () => {
    const out = await localAction('build-function', { INPUT_SOURCE: '/no/such/dir' });
    expect(out).toMatch(/input 'source': "\/no\/such\/dir" is not a directory/);
    expect(out).not.toMatch(/Action Outputs[\s\S]*zip-path\W+│ '\//);
  }, 90_000);
});
