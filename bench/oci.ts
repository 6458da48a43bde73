import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OciLayout } from '../src/artifacts/oci/layout.js';
import { pushLayout } from '../src/artifacts/oci/push.js';
import { RegistryClient } from '../src/artifacts/oci/registry/client.js';
import { systemClock } from '../src/core/clock.js';
import { startRegistry } from '../test/integration/registry-server.js';
import { createCipheriv } from 'node:crypto';
import { ensureNode24, NODE24_VERSION } from '../scripts/node24.js';
import { installedBundle, median, perRound, runnerEnv, settleWrites, timeCommand } from './measure.js';
import { writeSourcePackages } from './source-tree.js';

const ROUNDS = 11;

/** ~50 MB in ~2,500 files: source-like text (compressible) with some binary assets (not). */
export function makeContext(): { root: string; bytes: number; files: number } {
  const root = mkdtempSync(join(tmpdir(), 'slipway-bench-oci-ctx-'));
  const packages = 50;
  let { bytes, files } = writeSourcePackages(join(root, 'node_modules'), {
    seed: 7,
    packages,
    filesPerPackage: 48,
    minSize: 4_000,
    sizeSpread: 14_000,
  });
  for (let d = 0; d < packages; d++) {
    // One binary asset per package (images, fonts, wasm): bytes that look random, as compressed formats do.
    const asset = createCipheriv('aes-128-ctr', Buffer.alloc(16, d), Buffer.alloc(16)).update(
      Buffer.alloc(400_000),
    );
    writeFileSync(join(root, 'node_modules', `pkg${d}`, 'asset.bin'), asset);
    bytes += asset.length;
    files++;
  }
  return { root, bytes, files };
}

export function bundleEnv(dir: string, inputs: Record<string, string>): NodeJS.ProcessEnv {
  const out = join(dir, `gh-output-${Math.random().toString(36).slice(2)}`);
  writeFileSync(out, '');
  // A runner creates the summary file before the step; appending to a missing one is an error.
  const summary = join(dir, 'gh-summary');
  if (!existsSync(summary)) writeFileSync(summary, '');
  return runnerEnv(
    {
      GITHUB_OUTPUT: out,
      GITHUB_STATE: out,
      // As on a runner, which always asks for a job summary.
      GITHUB_STEP_SUMMARY: summary,
    },
    inputs,
  );
}

/**
 * build-image + publish-image (the bundles, as a workflow runs them) against `skopeo copy` of the same
 * layout, each push into its own fresh docker-registry on loopback, alternating. A fresh registry per push
 * keeps skopeo's blob-info cache (/var/lib/containers/cache for root) from turning its upload into a mount.
 */
export async function benchOci(): Promise<string[]> {
  const build = installedBundle('build-image');
  const publish = installedBundle('publish-image');
  const ctx = makeContext();
  settleWrites();
  const work = mkdtempSync(join(tmpdir(), 'slipway-bench-oci-'));
  const layoutPath = join(work, 'image.oci');
  const t = {
    build: [] as number[],
    push: [] as number[],
    push24: [] as number[],
    skopeo: [] as number[],
    again: [] as number[],
    inProcess: [] as number[],
    pushInProcess: [] as number[],
    node: [] as number[],
    node24Alone: [] as number[],
  };
  let requests = -1;
  let blobBytes = 0;
  const node24 = ensureNode24();
  // The first push, on this node or on node 24 (the actions' runtime); then, on this node, the re-push.
  const slipwayPush = async (round: number, node = process.execPath): Promise<void> => {
    const registry = await startRegistry();
    try {
      const inputs = {
        'layout-path': layoutPath,
        registry: registry.host,
        repository: 'bench/app',
        tags: 'latest',
      };
      const first = timeCommand(node, [publish], { env: bundleEnv(work, inputs) });
      if (node !== process.execPath) return void t.push24.push(first);
      t.push.push(first);
      // The unchanged re-push, as a later job runs it: the bundle, and the library alone (no node start-up).
      const againEnv = bundleEnv(work, inputs);
      t.again.push(timeCommand(process.execPath, [publish], { env: againEnv }));
      if (!readFileSync(againEnv['GITHUB_OUTPUT'] as string, 'utf8').includes('unchanged'))
        throw new Error(`round ${round}: the re-push bundle did not report unchanged`);
      const client = new RegistryClient({
        registry: registry.host,
        clock: systemClock,
        signal: new AbortController().signal,
      });
      const start = process.hrtime.bigint();
      const result = await pushLayout(
        client,
        await OciLayout.open(layoutPath),
        'bench/app',
        ['latest'],
        () => undefined,
      );
      t.inProcess.push(Number(process.hrtime.bigint() - start) / 1e6);
      if (result.status !== 'unchanged') throw new Error(`round ${round}: the re-push was not a no-op`);
      requests = client.requests;
    } finally {
      await registry.stop();
    }
  };
  // The same push through the library, without node's start-up, and node's start-up alone: where the
  // bundle's time goes.
  const libraryPush = async (): Promise<void> => {
    const registry = await startRegistry();
    try {
      const client = new RegistryClient({
        registry: registry.host,
        clock: systemClock,
        signal: new AbortController().signal,
      });
      const start = process.hrtime.bigint();
      await pushLayout(client, await OciLayout.open(layoutPath), 'bench/app', ['latest'], () => undefined);
      t.pushInProcess.push(Number(process.hrtime.bigint() - start) / 1e6);
    } finally {
      await registry.stop();
    }
    t.node.push(timeCommand(process.execPath, ['-e', '0'], { env: {} }));
    t.node24Alone.push(timeCommand(node24, ['-e', '0'], { env: {} }));
  };
  const skopeoPush = async (): Promise<void> => {
    const registry = await startRegistry();
    try {
      const dest = `docker://${registry.host}/bench/app:latest`;
      t.skopeo.push(
        timeCommand('skopeo', ['copy', '--quiet', '--dest-tls-verify=false', `oci:${layoutPath}`, dest], {
          env: { PATH: process.env['PATH'] ?? '', HOME: work },
        }),
      );
    } finally {
      await registry.stop();
    }
  };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      rmSync(layoutPath, { recursive: true, force: true });
      t.build.push(
        timeCommand(process.execPath, [build], {
          env: bundleEnv(work, { base: 'scratch', context: ctx.root, output: layoutPath }),
        }),
      );
      // The layout's 32 MB are flushed first, so that their writeback lands in no push's time.
      settleWrites();
      // Each takes each place in turn.
      const pushes = [() => slipwayPush(round), skopeoPush, () => slipwayPush(round, node24)];
      for (let k = 0; k < pushes.length; k++) await pushes[(round + k) % pushes.length]!();
      await libraryPush();
    }
    const layout = await OciLayout.open(layoutPath);
    for (const { manifest } of await layout.images(await layout.top()))
      blobBytes = manifest.layers.reduce((n, l) => n + l.size, 0);
  } finally {
    rmSync(ctx.root, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  }
  const m = {
    build: median(t.build),
    push: median(t.push),
    push24: median(t.push24),
    skopeo: median(t.skopeo),
    again: median(t.again),
    inProcess: median(t.inProcess),
    pushInProcess: median(t.pushInProcess),
    node: median(t.node),
    node24Alone: median(t.node24Alone),
  };
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  return [
    `build-image + publish-image vs skopeo copy oci: → docker://, ${(ctx.bytes / 1e6).toFixed(1)} MB in ${ctx.files} files (${(blobBytes / 1e6).toFixed(1)} MB gzipped), fresh loopback docker-registry per push (median of ${ROUNDS}, in turn; load average ${load}):`,
    `  push of the same layout: publish-image on node ${process.version} ${m.push.toFixed(0)} ms, skopeo copy ${m.skopeo.toFixed(0)} ms; ratio ${(m.push / m.skopeo).toFixed(2)}x (target <= 1.0x); ${perRound(t.push, t.skopeo, 1)}`,
    `  publish-image on node v${NODE24_VERSION} (the actions' runtime) ${m.push24.toFixed(0)} ms; ratio ${(m.push24 / m.skopeo).toFixed(2)}x; ${perRound(t.push24, t.skopeo, 1)}`,
    `  the same push in process ${m.pushInProcess.toFixed(0)} ms (${(m.pushInProcess / m.skopeo).toFixed(2)}x skopeo); node -e 0 alone ${m.node.toFixed(0)} ms on node ${process.version}, ${m.node24Alone.toFixed(0)} ms on node v${NODE24_VERSION}`,
    `  build-image first (tar + gzip + hashes, which skopeo is not asked to do): ${m.build.toFixed(0)} ms; build + push ${(m.build + m.push).toFixed(0)} ms = ${((m.build + m.push) / m.skopeo).toFixed(2)}x skopeo`,
    `  unchanged re-push: ${m.inProcess.toFixed(0)} ms in process, ${m.again.toFixed(0)} ms as a bundle with node start-up (target <= 300 ms); ${requests} registry request(s) (target <= 10)`,
  ];
}
