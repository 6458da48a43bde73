import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { OciLayout } from '../src/artifacts/oci/layout.js';
import { pushLayout } from '../src/artifacts/oci/push.js';
import { RegistryClient } from '../src/artifacts/oci/registry/client.js';
import { systemClock } from '../src/core/clock.js';
import { startRegistry } from '../test/integration/registry-server.js';
import { median, timeCommand } from './measure.js';

const ROUNDS = 3;

/** ~50 MB in ~2,500 files: source-like text (compressible) with some binary assets (not). */
function makeContext(): { root: string; bytes: number; files: number } {
  const root = mkdtempSync(join(tmpdir(), 'slipway-bench-oci-ctx-'));
  let seed = 7;
  const rand = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const words = ['const', 'return', 'function', 'await', 'import', 'export', 'value', 'item', 'result', 'error', 'async', 'map'];
  let bytes = 0;
  let files = 0;
  for (let d = 0; d < 50; d++) {
    const dir = join(root, 'node_modules', `pkg${d}`, 'lib');
    mkdirSync(dir, { recursive: true });
    for (let f = 0; f < 48; f++) {
      const size = 4_000 + Math.floor(rand() * 14_000);
      let text = '';
      while (text.length < size) text += `${words[Math.floor(rand() * words.length)]}_${Math.floor(rand() * 1e6).toString(36)} `;
      writeFileSync(join(dir, `m${f}.js`), text);
      bytes += text.length;
      files++;
    }
    // One binary asset per package: random bytes, which gzip cannot shrink.
    const asset = Buffer.alloc(400_000);
    for (let i = 0; i < asset.length; i += 4) asset.writeUInt32LE(Math.floor(rand() * 0xffffffff), i);
    writeFileSync(join(root, 'node_modules', `pkg${d}`, 'asset.bin'), asset);
    bytes += asset.length;
    files++;
  }
  return { root, bytes, files };
}

function bundleEnv(dir: string, inputs: Record<string, string>): NodeJS.ProcessEnv {
  const out = join(dir, `gh-output-${Math.random().toString(36).slice(2)}`);
  writeFileSync(out, '');
  const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', GITHUB_OUTPUT: out, GITHUB_STATE: out };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  return env;
}

/**
 * build-image + publish-image (the bundles, as a workflow runs them) against `skopeo copy` of the same
 * layout, into the same loopback docker-registry, alternating, fresh repositories each round. skopeo gets a
 * fresh HOME each time, so its blob-info cache cannot turn an upload into a mount.
 */
export async function benchOci(): Promise<string[]> {
  const registry = await startRegistry();
  const ctx = makeContext();
  const work = mkdtempSync(join(tmpdir(), 'slipway-bench-oci-'));
  const layoutPath = join(work, 'image.oci');
  const build = resolve('dist/build-image/index.js');
  const publish = resolve('dist/publish-image/index.js');
  const times = { build: [] as number[], push: [] as number[], skopeo: [] as number[], again: [] as number[], againInProcess: [] as number[] };
  let requests = -1;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      rmSync(layoutPath, { recursive: true, force: true });
      times.build.push(timeCommand(process.execPath, [build], { env: bundleEnv(work, { base: 'scratch', context: ctx.root, output: layoutPath }) }));
      const pushEnv = bundleEnv(work, { 'layout-path': layoutPath, registry: registry.host, repository: `bench/slipway-${round}`, tags: 'latest' });
      times.push.push(timeCommand(process.execPath, [publish], { env: pushEnv }));

      const home = mkdtempSync(join(tmpdir(), 'slipway-bench-skopeo-home-'));
      times.skopeo.push(
        timeCommand('skopeo', ['copy', '--quiet', '--dest-tls-verify=false', `oci:${layoutPath}`, `docker://${registry.host}/bench/skopeo-${round}:latest`], {
          env: { PATH: process.env['PATH'] ?? '', HOME: home },
        }),
      );
      rmSync(home, { recursive: true, force: true });

      // The unchanged re-push, as a new job would run it: the bundle, then the library alone (no node start-up).
      const againEnv = bundleEnv(work, { 'layout-path': layoutPath, registry: registry.host, repository: `bench/slipway-${round}`, tags: 'latest' });
      times.again.push(timeCommand(process.execPath, [publish], { env: againEnv }));
      const client = new RegistryClient({ registry: registry.host, clock: systemClock, signal: new AbortController().signal });
      const start = process.hrtime.bigint();
      const result = await pushLayout(client, await OciLayout.open(layoutPath), `bench/slipway-${round}`, ['latest'], () => undefined);
      times.againInProcess.push(Number(process.hrtime.bigint() - start) / 1e6);
      if (result.status !== 'unchanged') throw new Error(`the re-push of round ${round} was not a no-op`);
      requests = client.requests;
      const log = readFileSync(againEnv['GITHUB_OUTPUT'] as string, 'utf8');
      if (!log.includes('unchanged')) throw new Error(`the re-push bundle of round ${round} did not report unchanged`);
    }
  } finally {
    await registry.stop();
    rmSync(ctx.root, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  }
  const m = { build: median(times.build), push: median(times.push), skopeo: median(times.skopeo), again: median(times.again), inProcess: median(times.againInProcess) };
  return [
    `build-image + publish-image vs skopeo copy oci: → docker://, ${(ctx.bytes / 1e6).toFixed(1)} MB in ${ctx.files} files, loopback docker-registry (median of ${ROUNDS}, alternating):`,
    `  slipway build ${m.build.toFixed(0)} ms + push ${m.push.toFixed(0)} ms = ${(m.build + m.push).toFixed(0)} ms; skopeo copy of the same layout ${m.skopeo.toFixed(0)} ms`,
    `  ratio build+push / skopeo ${((m.build + m.push) / m.skopeo).toFixed(2)}x (target <= 1.0x); push alone / skopeo ${(m.push / m.skopeo).toFixed(2)}x`,
    `  unchanged re-push: ${m.inProcess.toFixed(0)} ms in process, ${m.again.toFixed(0)} ms as a bundle with node start-up (target <= 300 ms), ${requests} registry requests (target <= 10)`,
  ];
}
