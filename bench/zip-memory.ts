import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { settleWrites } from './measure.js';

const FILES = 4;
const FILE_MB = 256;
const ROUNDS = 2;
const TIME = '/usr/bin/time';

/** ~1 GiB in a few big files: 1 MiB runs of source-like text and of random bytes, in turn. */
function bigTree(): string {
  const root = mkdtempSync(join(tmpdir(), 'slipway-bench-big-'));
  const words = ['const', 'return', 'function', 'await', 'import', 'export', 'value', 'result'];
  let text = '';
  for (let i = 0; text.length < 1 << 20; i++) text += `${words[i % words.length]}_${(i * 7919) % 100_003} `;
  const textBlock = Buffer.from(text).subarray(0, 1 << 20);
  for (let f = 0; f < FILES; f++) {
    const fd = openSync(join(root, `model-${f}.bin`), 'w');
    for (let mb = 0; mb < FILE_MB; mb++) writeSync(fd, mb % 2 ? randomBytes(1 << 20) : textBlock);
    closeSync(fd);
  }
  return root;
}

/** Peak RSS (MB) and wall time (ms) of a command, from GNU time's %M and %e. */
function measured(cmd: string, args: string[], cwd?: string): { rssMb: number; ms: number } {
  const run = spawnSync(TIME, ['-f', '%M %e', cmd, ...args], { cwd, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${cmd} exited ${run.status}: ${run.stderr.slice(-500)}`);
  const [kb, seconds] = run.stderr.trim().split('\n').at(-1)!.split(' ').map(Number) as [number, number];
  return { rssMb: kb / 1024, ms: seconds * 1000 };
}

/**
 * Peak memory of slipway's zip writer (the walk and writeDeterministicZip, as build-function runs them,
 * without Lambda's 250 MB limit, which would refuse this tree before reading it) against `zip -X -r -q`, on
 * the same ~1 GiB tree, in turn: big files are streamed in chunks, so the peak stays flat.
 */
export async function benchZipMemory(): Promise<string[]> {
  if (!existsSync(TIME)) return [`zip memory: skipped, ${TIME} (GNU time) is not installed`];
  const root = bigTree();
  const out = mkdtempSync(join(tmpdir(), 'slipway-bench-big-out-'));
  settleWrites();
  const child = resolve('bench/zip-memory-child.ts');
  const tsx = resolve('node_modules/.bin/tsx');
  const slipway = () => {
    rmSync(join(out, 's.zip'), { force: true });
    const r = measured(tsx, [child, root, join(out, 's.zip')]);
    settleWrites();
    return r;
  };
  const zip = () => {
    rmSync(join(out, 'z.zip'), { force: true });
    const r = measured('zip', ['-X', '-r', '-q', join(out, 'z.zip'), '.'], root);
    settleWrites();
    return r;
  };
  // tsx itself, for what the loader adds to the child's peak.
  const idle = measured(tsx, ['-e', '0']);
  const runs: Array<{ s: { rssMb: number; ms: number }; z: { rssMb: number; ms: number } }> = [];
  for (let i = 0; i < ROUNDS; i++) runs.push(i % 2 ? { z: zip(), s: slipway() } : { s: slipway(), z: zip() });
  rmSync(root, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
  const max = (xs: number[]) => Math.max(...xs).toFixed(0);
  return [
    `zip writer vs zip -X -r -q on ${FILES} files of ${FILE_MB} MiB (peak RSS from GNU time, ${ROUNDS} rounds in turn):`,
    `  slipway (level 4): peak ${max(runs.map((r) => r.s.rssMb))} MB (tsx alone: ${idle.rssMb.toFixed(0)} MB), ${runs.map((r) => r.s.ms.toFixed(0)).join(' / ')} ms`,
    `  zip -X -r -q (level 6): peak ${max(runs.map((r) => r.z.rssMb))} MB, ${runs.map((r) => r.z.ms.toFixed(0)).join(' / ')} ms`,
  ];
}
