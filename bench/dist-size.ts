import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

// The anchors' figures, as issue 23 measured them (their committed dist/ and `git archive HEAD | gzip`); the
// machines here cannot fetch them to measure again.
const ECS_DEPLOY_DIST = 3.03e6;
const ANCHOR_TARBALL = 0.81e6;

/** Chunk ids a chunk can load: webpack's `<require>.e(<id>)`, counted only when that chunk file exists. */
function chunkIds(code: string, shared: string): string[] {
  return [...code.matchAll(/[\w$]+\.e\((\d+)\)/g)]
    .map((m) => m[1]!)
    .filter((id) => existsSync(join(shared, `${id}.index.js`)));
}

/**
 * Every byte an action can load: its entry, the shared bundle's entry, and every chunk reachable from its
 * dispatch (an upper bound: a chunk named anywhere in a loaded chunk counts, whether or not that run loads it).
 */
export function loadableBytes(dist: string, name: string): { bytes: number; chunks: number } {
  const shared = join(dist, 'shared');
  const entry = readFileSync(join(shared, 'index.js'), 'utf8');
  const dispatch = new RegExp(`["']?${name}["']?:\\(\\)=>(.*?)\\.then`).exec(entry);
  if (!dispatch) throw new Error(`dist/shared/index.js has no dispatch to ${name}`);
  const seen = new Set<string>();
  const todo = chunkIds(dispatch[1]!, shared);
  for (let id = todo.pop(); id !== undefined; id = todo.pop()) {
    if (seen.has(id)) continue;
    seen.add(id);
    todo.push(...chunkIds(readFileSync(join(shared, `${id}.index.js`), 'utf8'), shared));
  }
  let bytes = entry.length + statSync(join(dist, name, 'index.js')).size;
  for (const id of seen) bytes += statSync(join(shared, `${id}.index.js`)).size;
  return { bytes, chunks: seen.size };
}

function bytesUnder(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true }))
    total += e.isDirectory() ? bytesUnder(join(dir, e.name)) : statSync(join(dir, e.name)).size;
  return total;
}

const mb = (n: number): string => `${(n / 1e6).toFixed(2)} MB`;

export async function benchDistSizes(): Promise<string[]> {
  const dist = process.env['SLIPWAY_DIST'] ?? 'dist';
  const lines = [
    `dist/ in all: ${mb(bytesUnder(dist))}; what each action can load (every chunk it can reach), against amazon-ecs-deploy-task-definition's whole dist (${mb(ECS_DEPLOY_DIST)}):`,
  ];
  const actions = readdirSync(dist)
    .filter((n) => n !== 'shared' && existsSync(join(dist, n, 'index.js')))
    .sort();
  for (const name of actions) {
    const { bytes, chunks } = loadableBytes(dist, name);
    const goal = name === 'deploy-ecs' || name === 'deploy-lambda' ? ' (goal <= 0.60x)' : '';
    lines.push(
      `  ${name.padEnd(18)} ${mb(bytes).padStart(9)} in ${String(chunks).padStart(2)} chunks; ratio ${(bytes / ECS_DEPLOY_DIST).toFixed(2)}x${goal}`,
    );
  }
  // What a `uses:` downloads: GitHub's tarball of the repository, which leaves out export-ignore paths.
  const tarball = gzipSync(execFileSync('git', ['archive', 'HEAD'], { maxBuffer: 1 << 30 })).length;
  lines.push(
    `repository tarball (git archive HEAD | gzip, as of the last commit): ${mb(tarball)}; ratio ${(tarball / ANCHOR_TARBALL).toFixed(2)}x aws-lambda-deploy's ${mb(ANCHOR_TARBALL)} (goal <= 1.00x)`,
  );
  return lines;
}
