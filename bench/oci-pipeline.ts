// The image pipeline against its daemonless peers, in turn and each into a fresh loopback docker-registry:
// build-image + publish-image (the bundles) against `umoci insert` of the same context into an OCI layout of
// the same (empty) base followed by `skopeo copy`; and, for a large image (6 layers of 50 MB), publish-image
// against `skopeo copy` of the same layout. Every round changes one file, so each push sends new content.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OciLayout } from '../src/artifacts/oci/layout.js';
import type { Descriptor } from '../src/artifacts/oci/media-types.js';
import { MediaType } from '../src/artifacts/oci/media-types.js';
import { startRegistry } from '../test/integration/registry-server.js';
import { installedBundle, median, perRound, settleWrites, timeCommand } from './measure.js';
import { ensureNode24, NODE24_VERSION } from '../scripts/node24.js';
import { bundleEnv, makeContext } from './oci.js';

const ROUNDS = 11;
const LARGE_ROUNDS = 5;

/** Runs `push` against a fresh registry, which is stopped after. */
async function withRegistry<T>(push: (host: string) => T): Promise<T> {
  const registry = await startRegistry();
  try {
    return push(registry.host);
  } finally {
    await registry.stop();
  }
}

/** Timings of one runtime's rounds. */
interface Ours {
  node: string;
  label: string;
  /** Whether the step gets a RUNNER_TEMP, where node 22 and later keep the compiled code. */
  job: boolean;
  total: number[];
  build: number[];
}

export async function benchImagePipeline(): Promise<string[]> {
  const build = installedBundle('build-image');
  const publish = installedBundle('publish-image');
  const ctx = makeContext();
  const work = mkdtempSync(join(tmpdir(), 'slipway-bench-pipeline-'));
  const env = { PATH: process.env['PATH'] ?? '', HOME: work };
  const t = { peer: [] as number[], umoci: [] as number[] };
  // On this machine's node, and on the actions' runtime, which also keeps the compiled code of the chunks
  // for the job's next step (src/actions/index.ts).
  const runtimes: Ours[] = [
    { node: process.execPath, label: `node ${process.version}`, job: true, total: [], build: [] },
    { node: ensureNode24(), label: `node v${NODE24_VERSION}`, job: true, total: [], build: [] },
    {
      node: ensureNode24(),
      label: `node v${NODE24_VERSION} without a RUNNER_TEMP (no compile cache)`,
      job: false,
      total: [],
      build: [],
    },
  ];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      // New content each round: no registry or cache has seen it.
      writeFileSync(join(ctx.root, 'round.txt'), `round ${round} ${randomBytes(8).toString('hex')}\n`);
      settleWrites();
      const ours = (runtime: Ours) => async (): Promise<void> => {
        const layout = join(work, `slipway-${round}.oci`);
        // One job: the build and the push share its RUNNER_TEMP, new each round, as a runner's is.
        const temp = join(work, `job-${round}-${runtimes.indexOf(runtime)}`);
        const job = runtime.job ? { RUNNER_TEMP: temp } : {};
        mkdirSync(temp);
        const built = timeCommand(runtime.node, [build], {
          env: {
            ...bundleEnv(work, { base: 'scratch', context: ctx.root, output: layout, workdir: '/app' }),
            ...job,
          },
        });
        const pushed = await withRegistry((host) =>
          timeCommand(runtime.node, [publish], {
            env: {
              ...bundleEnv(work, {
                'layout-path': layout,
                registry: host,
                repository: 'bench/app',
                tags: 'v1',
              }),
              ...job,
            },
          }),
        );
        runtime.build.push(built);
        runtime.total.push(built + pushed);
        rmSync(layout, { recursive: true, force: true });
        rmSync(temp, { recursive: true, force: true });
      };
      const peer = async (): Promise<void> => {
        const layout = join(work, `umoci-${round}`);
        // The same empty base, made untimed: umoci's new image, as build-image's scratch.
        timeCommand('umoci', ['init', '--layout', layout], { env });
        timeCommand('umoci', ['new', '--image', `${layout}:base`], { env });
        const inserted = timeCommand('umoci', ['insert', '--image', `${layout}:base`, ctx.root, '/app'], {
          env,
        });
        const copied = await withRegistry((host) =>
          timeCommand(
            'skopeo',
            [
              'copy',
              '--quiet',
              '--dest-tls-verify=false',
              `oci:${layout}:base`,
              `docker://${host}/bench/app:v1`,
            ],
            { env },
          ),
        );
        t.umoci.push(inserted);
        t.peer.push(inserted + copied);
        rmSync(layout, { recursive: true, force: true });
      };
      const runs = [peer, ...runtimes.map(ours)];
      for (const run of round % 2 ? runs.reverse() : runs) await run();
    }
    const large = await benchLargePush(publish, work, env);
    const [peer, umoci] = [median(t.peer), median(t.umoci)];
    return [
      `image pipeline: build-image + publish-image vs umoci insert + skopeo copy, ${(ctx.bytes / 1e6).toFixed(1)} MB in ${ctx.files} files, an empty base, a fresh loopback docker-registry per push (median of ${ROUNDS}, in turn):`,
      `  umoci + skopeo ${peer.toFixed(0)} ms (insert ${umoci.toFixed(0)})`,
      ...runtimes.map(
        (r) =>
          `  slipway on ${r.label}: ${median(r.total).toFixed(0)} ms (build ${median(r.build).toFixed(0)}); ratio ${(median(r.total) / peer).toFixed(2)}x (goal <= 0.60x); ${perRound(r.total, t.peer, 0.6)}`,
      ),
      ...large,
    ];
  } finally {
    rmSync(ctx.root, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  }
}

/** publish-image against skopeo copy of one layout of 6 layers of 50 MB (incompressible, as media is). */
async function benchLargePush(publish: string, work: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const dir = join(work, 'large.oci');
  const layout = await OciLayout.create(dir);
  const layers: Descriptor[] = [];
  for (let i = 0; i < 6; i++)
    layers.push({ mediaType: MediaType.ociLayerGzip, ...(await layout.writeBlob(randomBytes(50_000_000))) });
  const config = await layout.writeJson(MediaType.ociConfig, {
    architecture: 'amd64',
    os: 'linux',
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) },
  });
  const manifest = await layout.writeJson(MediaType.ociManifest, {
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    config,
    layers,
  });
  await layout.writeIndex([{ ...manifest, annotations: { 'org.opencontainers.image.ref.name': 'v1' } }]);
  settleWrites();
  const ours: number[] = [];
  const skopeo: number[] = [];
  for (let round = 0; round < LARGE_ROUNDS; round++) {
    const a = (): Promise<number> =>
      withRegistry((host) =>
        timeCommand(process.execPath, [publish], {
          env: bundleEnv(work, { 'layout-path': dir, registry: host, repository: 'bench/large', tags: 'v1' }),
        }),
      );
    const b = (): Promise<number> =>
      withRegistry((host) =>
        timeCommand(
          'skopeo',
          ['copy', '--quiet', '--dest-tls-verify=false', `oci:${dir}:v1`, `docker://${host}/bench/large:v1`],
          { env },
        ),
      );
    if (round % 2) {
      skopeo.push(await b());
      ours.push(await a());
    } else {
      ours.push(await a());
      skopeo.push(await b());
    }
  }
  const [x, y] = [median(ours), median(skopeo)];
  return [
    `large image: publish-image vs skopeo copy, 300 MB in 6 layers (median of ${LARGE_ROUNDS}, in turn):`,
    `  publish-image ${x.toFixed(0)} ms, skopeo copy ${y.toFixed(0)} ms; ratio ${(x / y).toFixed(2)}x (goal <= 0.80x); ${perRound(ours, skopeo, 0.8)}`,
  ];
}

/** `npm run bench -- oci`: the push against skopeo, then the pipeline against umoci + skopeo. */
export async function benchOciAll(): Promise<string[]> {
  const { benchOci } = await import('./oci.js');
  return [...(await benchOci()), '', ...(await benchImagePipeline())];
}
