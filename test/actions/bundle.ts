import type { ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inputEnvName } from '../../src/core/io.js';

export interface BundleRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  state: Record<string, string>;
  summary: string;
}

/** Parses a GITHUB_OUTPUT / GITHUB_STATE file (`name<<delimiter` blocks, as @actions/core writes them). */
export function parseCommandFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? '');
    if (m) {
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i] ?? '');
      out[m[1] as string] = value.join('\n');
    } else if (lines[i]?.includes('=')) {
      const [k, ...v] = (lines[i] as string).split('=');
      out[k as string] = v.join('=');
    }
  }
  return out;
}

/**
 * Runs `node dist/<name>/index.js` as the runner does: inputs as INPUT_<NAME> (upper-cased, hyphens kept),
 * and fresh GITHUB_OUTPUT, GITHUB_STATE and GITHUB_STEP_SUMMARY files, which are read back.
 */
export function runBundle(
  name: string,
  inputs: Record<string, string>,
  options: {
    env?: Record<string, string>;
    state?: Record<string, string>;
    cwd?: string;
    /** The node binary; this test's own by default. */
    node?: string;
    /** Called with the running bundle, e.g. to send it SIGINT as the runner does on a cancel. */
    onStart?: (child: ChildProcess) => void;
  } = {},
): Promise<BundleRun> {
  const dir = mkdtempSync(join(tmpdir(), 'slipway-bundle-'));
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
  };
  for (const f of Object.values(files)) writeFileSync(f, '');
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? '',
    // No credentials and an unroutable endpoint: a bundle that reached AWS would fail loudly, not silently.
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    AWS_ACCESS_KEY_ID: 'AKIABUNDLETEST',
    AWS_SECRET_ACCESS_KEY: 'bundle-test',
    AWS_EC2_METADATA_DISABLED: 'true',
    ...files,
    ...options.env,
  };
  for (const [k, v] of Object.entries(inputs)) env[inputEnvName(k)] = v;
  for (const [k, v] of Object.entries(options.state ?? {})) env[`STATE_${k}`] = v;
  // SLIPWAY_DIST names a scratch build (scripts/package.mjs --out) to test instead of the committed dist/.
  const bundle = resolve(process.env['SLIPWAY_DIST'] ?? 'dist', name, 'index.js');
  return new Promise((done) => {
    const child = execFile(
      options.node ?? process.execPath,
      [bundle],
      { env, cwd: options.cwd ?? process.cwd(), timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        done({
          code,
          stdout,
          stderr,
          outputs: parseCommandFile(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
          state: parseCommandFile(readFileSync(files.GITHUB_STATE, 'utf8')),
          summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
        });
      },
    );
    options.onStart?.(child);
  });
}

/** The `::error::` lines a run printed: a failed run prints exactly one. */
export const errorLines = (r: BundleRun): string[] =>
  r.stdout.split('\n').filter((l) => l.startsWith('::error::'));
