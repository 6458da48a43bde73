import { createCipheriv, createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatBytes } from '../../src/core/units.js';
import { buildDaemonless } from '../../src/artifacts/oci/build.js';
import type { ImageSettings } from '../../src/artifacts/oci/image-config.js';
import { OciLayout } from '../../src/artifacts/oci/layout.js';
import type {
  ImageConfig,
  ImageIndex,
  ImageManifest,
  Platform,
} from '../../src/artifacts/oci/media-types.js';
import { MediaType } from '../../src/artifacts/oci/media-types.js';
import { pushLayout } from '../../src/artifacts/oci/push.js';
import type { ImageReference } from '../../src/artifacts/oci/reference.js';
import { parseReference } from '../../src/artifacts/oci/reference.js';
import { RegistryClient } from '../../src/artifacts/oci/registry/client.js';
import { systemClock } from '../../src/core/clock.js';
import type { HttpRequest, HttpResponse, HttpSend } from '../../src/core/http.js';
import { httpTransport } from '../../src/core/http.js';
import { bufferedResponse } from '../support/http.js';
import { seedBase, skopeo, tempDir } from './registry-fixtures.js';
import type { RegistryServer } from './registry-server.js';
import { startRegistry } from './registry-server.js';

const amd64: Platform = { os: 'linux', architecture: 'amd64' };
const arm64: Platform = { os: 'linux', architecture: 'arm64' };
const settings: ImageSettings = {
  env: [['PORT', '8080']],
  labels: { app: 'orders' },
  expose: ['8080/tcp'],
  workdir: '/app',
  entrypoint: ['node', 'server.js'],
};
/** The (first) image manifest a layout holds. */
async function manifestOf(layoutPath: string): Promise<ImageManifest> {
  const layout = await OciLayout.open(layoutPath);
  const [first] = await layout.images(await layout.top());
  if (!first) throw new Error('no image in layout');
  return first.manifest;
}
const sha256 = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

let registry: RegistryServer;
const client = (): RegistryClient =>
  new RegistryClient({ registry: registry.host, clock: systemClock, signal: new AbortController().signal });

/**
 * A client of the real registry whose requests pass through `intercept` first: it may answer one itself, or
 * return undefined to send it on. `open()` counts the requests not yet answered.
 */
function interceptedClient(
  intercept: (req: HttpRequest) => Promise<HttpResponse | undefined>,
  options: { maxAttempts?: number } = {},
): { client: RegistryClient; open: () => number } {
  let open = 0;
  const transport: HttpSend = async (req) => {
    open++;
    try {
      return (await intercept(req)) ?? (await httpTransport.send(req));
    } finally {
      open--;
    }
  };
  const c = new RegistryClient({
    registry: registry.host,
    clock: systemClock,
    signal: new AbortController().signal,
    transport,
    ...options,
  });
  return { client: c, open: () => open };
}

/** The error a push that must fail rejects with, and how many requests were still open at that moment. */
async function failureOf(
  push: Promise<unknown>,
  open: () => number,
): Promise<{ message: string; open: number }> {
  try {
    await push;
  } catch (err) {
    return { message: (err as Error).message, open: open() };
  }
  throw new Error('the push succeeded');
}
const ref = (text: string): ImageReference => parseReference(text) as ImageReference;

function appTree(mtime: number): string {
  const root = tempDir('app');
  mkdirSync(join(root, 'lib'));
  writeFileSync(join(root, 'server.js'), 'console.log("hi")\n');
  writeFileSync(join(root, 'lib', 'util.js'), 'export {}\n');
  for (const p of ['server.js', 'lib/util.js', 'lib', '.']) utimesSync(join(root, p), mtime, mtime);
  return root;
}

/** appTree, with `bytes` of noise that does not compress (seeded, so each test's layer is its own). */
function noisyTree(bytes: number, seed: number): string {
  const root = appTree(1_000);
  const noise = createCipheriv('aes-128-ctr', Buffer.alloc(16, seed), Buffer.alloc(16));
  writeFileSync(join(root, 'noise.bin'), noise.update(Buffer.alloc(bytes)));
  return root;
}

async function build(base: string, platforms: Platform[], context = appTree(1_000)) {
  return buildDaemonless({
    base: base === 'scratch' ? 'scratch' : ref(base),
    context,
    exclude: [],
    platforms,
    settings,
    output: join(tempDir('out'), 'image.oci'),
    connect: async () => client(),
    log: () => undefined,
  });
}

beforeAll(async () => {
  registry = await startRegistry();
  await seedBase(registry.host, 'base/multi:1', [amd64, { ...arm64, variant: 'v8' }]);
  await seedBase(registry.host, 'base/single:1', [amd64]);
  await seedBase(registry.host, 'base/docker:1', [amd64], 'v2s2');
});

afterAll(async () => {
  await registry?.stop();
});

describe('build and push against docker-registry, checked with skopeo', () => {
  it('pushes a single-platform image as a plain manifest whose digest skopeo agrees on', async () => {
    const image = await build(`${registry.host}/base/single:1`, [amd64]);
    expect(image.mediaType).toBe(MediaType.ociManifest);
    const pushed = await pushLayout(
      client(),
      await OciLayout.open(image.layoutPath),
      'team/single',
      ['v1'],
      () => undefined,
    );
    expect(pushed).toMatchObject({ digest: image.digest, status: 'pushed' });
    expect(registry.openUploads('team/single')).toEqual([]);

    const inspected = JSON.parse(
      await skopeo('inspect', '--tls-verify=false', `docker://${registry.host}/team/single:v1`),
    ) as {
      Digest: string;
      Env: string[];
      Labels: Record<string, string>;
      Architecture: string;
      Layers: string[];
    };
    expect(inspected.Digest).toBe(image.digest);
    expect(inspected.Env).toEqual(['PATH=/usr/bin:/bin', 'BASE=yes', 'PORT=8080']);
    expect(inspected.Labels).toEqual({ 'base.label': 'kept', app: 'orders' });
    expect(inspected.Architecture).toBe('amd64');
    expect(inspected.Layers).toHaveLength(2);

    const copy = join(tempDir('copy'), 'dir');
    await skopeo(
      'copy',
      '--quiet',
      '--src-tls-verify=false',
      `docker://${registry.host}/team/single:v1`,
      `dir:${copy}`,
    );
    expect(sha256(readFileSync(join(copy, 'manifest.json')))).toBe(image.digest);
    const manifest = JSON.parse(readFileSync(join(copy, 'manifest.json'), 'utf8')) as ImageManifest;
    for (const blob of [manifest.config, ...manifest.layers])
      expect(sha256(readFileSync(join(copy, blob.digest.slice(7))))).toBe(blob.digest);
    const config = JSON.parse(
      readFileSync(join(copy, manifest.config.digest.slice(7)), 'utf8'),
    ) as ImageConfig;
    expect(config.config).toMatchObject({
      Entrypoint: ['node', 'server.js'],
      WorkingDir: '/app',
      ExposedPorts: { '8080/tcp': {} },
    });
    expect(config.config?.Cmd).toBeUndefined(); // the base's Cmd is cleared by the new entrypoint
  });

  it('builds a two-platform index from a two-platform base, each on its own base layer', async () => {
    const image = await build(`${registry.host}/base/multi:1`, [amd64, arm64]);
    expect(image.mediaType).toBe(MediaType.ociIndex);
    expect(image.platforms).toEqual(['linux/amd64', 'linux/arm64/v8']);
    const pushed = await pushLayout(
      client(),
      await OciLayout.open(image.layoutPath),
      'team/multi',
      ['v1', 'latest'],
      () => undefined,
    );
    // The base's layers are on this registry: mounted, not uploaded. The shared app layer and two configs are uploaded.
    expect(pushed.blobs).toMatchObject({ mounted: 2, uploaded: 3 });

    const raw = await skopeo(
      'inspect',
      '--tls-verify=false',
      '--raw',
      `docker://${registry.host}/team/multi:latest`,
    );
    expect(sha256(Buffer.from(raw))).toBe(image.digest);
    const index = JSON.parse(raw) as ImageIndex;
    expect(index.manifests.map((m) => m.platform)).toEqual([amd64, { ...arm64, variant: 'v8' }]);

    const copy = join(tempDir('copy'), 'dir');
    await skopeo(
      'copy',
      '--quiet',
      '--all',
      '--src-tls-verify=false',
      `docker://${registry.host}/team/multi:v1`,
      `dir:${copy}`,
    );
    expect(sha256(readFileSync(join(copy, 'manifest.json')))).toBe(image.digest);
    const perPlatform = readdirSync(copy).filter((f) => f.endsWith('.manifest.json'));
    expect(perPlatform.sort()).toEqual(
      index.manifests.map((m) => `${m.digest.slice(7)}.manifest.json`).sort(),
    );
    // Each platform's image starts from that platform's base layer.
    for (const m of index.manifests) {
      const arch = JSON.parse(
        await skopeo(
          'inspect',
          '--tls-verify=false',
          '--config',
          `docker://${registry.host}/team/multi@${m.digest}`,
        ),
      ) as ImageConfig;
      expect(arch.architecture).toBe(m.platform?.architecture);
    }
  });

  it('uploads what it meant to mount when the registry ignores the mount (ECR without BLOB_MOUNTING)', async () => {
    // https://docs.aws.amazon.com/AmazonECR/latest/userguide/blob-mounting.html: mounting is a registry
    // setting, off unless enabled, and needs ecr:GetDownloadUrlForLayer on the source repository. Without
    // it ECR answers the mount POST as a plain upload: 202 and a session. Here the real registry gets the
    // POST without mount and from, so it does the same.
    const image = await build(`${registry.host}/base/multi:1`, [amd64, arm64]);
    let mountsAsked = 0;
    const { client: c } = interceptedClient(async (req) => {
      if (req.method !== 'POST' || !req.url.searchParams.has('mount')) return undefined;
      mountsAsked++;
      const url = new URL(req.url);
      url.searchParams.delete('mount');
      url.searchParams.delete('from');
      return httpTransport.send({ ...req, url });
    });
    const pushed = await pushLayout(
      c,
      await OciLayout.open(image.layoutPath),
      'team/nomount',
      ['v1'],
      () => undefined,
    );
    // Every blob is offered for mounting from the base's repository (two of them are there), none mounted.
    expect(mountsAsked).toBe(5);
    expect(pushed.blobs).toMatchObject({ mounted: 0, uploaded: 5 });
    const raw = await skopeo(
      'inspect',
      '--tls-verify=false',
      '--raw',
      `docker://${registry.host}/team/nomount:v1`,
    );
    expect(sha256(Buffer.from(raw))).toBe(image.digest);
    expect(registry.openUploads('team/nomount')).toEqual([]);
  });

  it('fails naming the platforms a base has when one asked for is missing', async () => {
    await expect(
      build(`${registry.host}/base/multi:1`, [amd64, { os: 'linux', architecture: 's390x' }]),
    ).rejects.toThrow(
      `base ${registry.host}/base/multi:1 has no linux/s390x image; it has linux/amd64, linux/arm64/v8`,
    );
    await expect(build(`${registry.host}/base/single:1`, [arm64])).rejects.toThrow(
      /has no linux\/arm64 image; it has linux\/amd64/,
    );
  });

  it('turns a Docker schema 2 base into an OCI image with the same layer bytes', async () => {
    const image = await build(`${registry.host}/base/docker:1`, [amd64]);
    const layout = await OciLayout.open(image.layoutPath);
    const manifest = await manifestOf(image.layoutPath);
    expect(manifest.mediaType).toBe(MediaType.ociManifest);
    expect(manifest.config.mediaType).toBe(MediaType.ociConfig);
    expect(manifest.layers.map((l) => l.mediaType)).toEqual([MediaType.ociLayerGzip, MediaType.ociLayerGzip]);
    const base = JSON.parse(
      await skopeo('inspect', '--tls-verify=false', '--raw', `docker://${registry.host}/base/docker:1`),
    ) as ImageManifest;
    expect(base.mediaType).toBe(MediaType.dockerManifest);
    expect(manifest.layers[0]?.digest).toBe(base.layers[0]?.digest);
    await pushLayout(client(), layout, 'team/from-docker', ['v1'], () => undefined);
    const inspected = JSON.parse(
      await skopeo('inspect', '--tls-verify=false', `docker://${registry.host}/team/from-docker:v1`),
    ) as { Digest: string };
    expect(inspected.Digest).toBe(image.digest);
  });

  it('builds from scratch, and a base pinned by digest', async () => {
    const scratch = await build('scratch', [arm64]);
    const manifest = await manifestOf(scratch.layoutPath);
    expect(manifest.layers).toHaveLength(1);
    expect(manifest.annotations).toBeUndefined();
    const pinnedDigest = sha256(
      Buffer.from(
        await skopeo('inspect', '--tls-verify=false', '--raw', `docker://${registry.host}/base/single:1`),
      ),
    );
    const pinned = await build(`${registry.host}/base/single@${pinnedDigest}`, [amd64]);
    const m = await manifestOf(pinned.layoutPath);
    expect(m.annotations).toEqual({
      'org.opencontainers.image.base.name': `${registry.host}/base/single@${pinnedDigest}`,
      'org.opencontainers.image.base.digest': pinnedDigest,
    });
  });
});

describe('layers as another implementation reads them', () => {
  it('decompresses with Go (skopeo --dest-decompress) to the diff ids, across stored and deflated blocks', async () => {
    // Several 256 KiB blocks of text and of noise, so both block kinds and the block joins are exercised.
    const context = noisyTree(1_500_000, 3);
    writeFileSync(join(context, 'text.txt'), 'the quick brown fox jumps over the lazy dog\n'.repeat(30_000));
    const image = await build('scratch', [amd64], context);
    const pushed = await pushLayout(
      client(),
      await OciLayout.open(image.layoutPath),
      'team/decompress',
      ['v1'],
      () => undefined,
    );
    expect(pushed.blobs.bytesUploaded).toBeGreaterThan(1024 * 1024); // the layer went up as a stream
    const copy = join(tempDir('copy'), 'dir');
    await skopeo(
      'copy',
      '--quiet',
      '--src-tls-verify=false',
      '--dest-decompress',
      `docker://${registry.host}/team/decompress:v1`,
      `dir:${copy}`,
    );
    const manifest = await manifestOf(image.layoutPath);
    const config = JSON.parse(
      readFileSync(join(image.layoutPath, 'blobs', 'sha256', manifest.config.digest.slice(7)), 'utf8'),
    ) as ImageConfig;
    const copied = JSON.parse(readFileSync(join(copy, 'manifest.json'), 'utf8')) as ImageManifest;
    expect(copied.layers.map((l) => l.digest)).toEqual(config.rootfs.diff_ids);
    for (const l of copied.layers) expect(sha256(readFileSync(join(copy, l.digest.slice(7))))).toBe(l.digest);
  });
});

describe('progress of long transfers', () => {
  it('says how far the upload of a big layer, and its download as a base, have got', async () => {
    const context = noisyTree(3_000_000, 9);
    const image = await build('scratch', [amd64], context);
    const layer = (await manifestOf(image.layoutPath)).layers[0]!;
    // A clock that moves 4 s at each look: a line every third look, for a transfer that takes a moment.
    const progressClient = (lines: string[]): RegistryClient => {
      let now = 0;
      return new RegistryClient({
        registry: registry.host,
        clock: { now: () => (now += 4_000), sleep: systemClock.sleep },
        signal: new AbortController().signal,
        progress: (line) => lines.push(line),
      });
    };
    const expectProgress = (lines: string[], verb: string): void => {
      const pattern = new RegExp(
        `^${verb} ${layer.digest.slice(0, 19)}: ([\\d.]+) (kB|MB) of ${formatBytes(layer.size).replace('.', '\\.')} \\((\\d+)%\\), [\\d.]+ (kB|MB)/s$`,
      );
      expect(lines.length).toBeGreaterThanOrEqual(2);
      const bytes = (figure: string | undefined, unit: string | undefined): number =>
        Number(figure) * (unit === 'MB' ? 1e6 : 1e3);
      const done = lines.map((line) => {
        const m = pattern.exec(line);
        return bytes(m?.[1], m?.[2]);
      });
      // The size as shown, rounded as the figures are: 3.01 MB of 3.01 MB for 3,005,291 bytes.
      const total = bytes(...(formatBytes(layer.size).split(' ') as [string, string]));
      expect(done.every((b, i) => b > (done[i - 1] ?? 0) && b <= total)).toBe(true);
    };

    const uploads: string[] = [];
    const layout = await OciLayout.open(image.layoutPath);
    await pushLayout(progressClient(uploads), layout, 'team/progress', ['v1'], () => undefined);
    expectProgress(uploads, 'uploading');

    const downloads: string[] = [];
    await buildDaemonless({
      base: ref(`${registry.host}/team/progress:v1`),
      context: appTree(1_000),
      exclude: [],
      platforms: [amd64],
      settings,
      output: join(tempDir('out'), 'image.oci'),
      connect: async () => progressClient(downloads),
      log: () => undefined,
    });
    expectProgress(downloads, 'downloading');
  });
});

describe('reproducibility and re-push', () => {
  it('gives the same digest for trees whose mtimes differ', async () => {
    const one = await build(`${registry.host}/base/multi:1`, [amd64, arm64], appTree(1_000));
    const two = await build(`${registry.host}/base/multi:1`, [amd64, arm64], appTree(1_700_000_000));
    expect(two.digest).toBe(one.digest);
  });

  it('re-pushes an unchanged image with one HEAD per tag and one for its biggest blob, and leaves no upload open', async () => {
    const image = await build(`${registry.host}/base/multi:1`, [amd64, arm64]);
    const layout = await OciLayout.open(image.layoutPath);
    await pushLayout(client(), layout, 'team/again', ['v1', 'latest'], () => undefined);
    expect(registry.openUploads('team/again')).toEqual([]);
    const before = registry.requests().length;
    const c = client();
    const again = await pushLayout(c, layout, 'team/again', ['v1', 'latest'], () => undefined);
    expect(again.status).toBe('unchanged');
    expect(c.requests).toBeLessThanOrEqual(10);
    expect(c.requests).toBe(5);
    const blobs = (await layout.images(await layout.top())).flatMap(({ manifest: m }) => [
      m.config,
      ...m.layers,
    ]);
    const biggest = blobs.reduce((a, b) => (b.size > a.size ? b : a));
    // The registry's own access log agrees: three HEADs, and the upload session begun beside them, deleted.
    const seen = registry.requests().slice(before).sort();
    expect(seen).toEqual([
      expect.stringMatching(/^DELETE \/v2\/team\/again\/blobs\/uploads\/[0-9a-f-]{36}$/),
      `HEAD /v2/team/again/blobs/${biggest.digest}`,
      'HEAD /v2/team/again/manifests/latest',
      'HEAD /v2/team/again/manifests/v1',
      'POST /v2/team/again/blobs/uploads/',
    ]);
    expect(registry.openUploads('team/again')).toEqual([]);
  });

  it('re-pushes an unchanged image with pull-only access: the refused upload session does not matter', async () => {
    const image = await build('scratch', [amd64]);
    const layout = await OciLayout.open(image.layoutPath);
    await pushLayout(client(), layout, 'team/readonly', ['v1'], () => undefined);
    const { client: c } = interceptedClient(async (req) =>
      req.method === 'POST'
        ? bufferedResponse(
            req.url,
            403,
            {},
            '{"errors":[{"code":"DENIED","message":"requested access is denied"}]}',
          )
        : undefined,
    );
    expect((await pushLayout(c, layout, 'team/readonly', ['v1'], () => undefined)).status).toBe('unchanged');
    // A new image needs the access it lacks, and says so.
    const context = appTree(1_000);
    writeFileSync(join(context, 'new.js'), 'export const v = 2;\n');
    const other = await OciLayout.open((await build('scratch', [amd64], context)).layoutPath);
    await expect(pushLayout(c, other, 'team/readonly', ['v2'], () => undefined)).rejects.toThrow(
      /HTTP 403 DENIED: requested access is denied; the credentials lack permission/,
    );
  });

  it('deletes the upload session it began when a tag cannot be read, and fails once nothing is open', async () => {
    const image = await build('scratch', [amd64]);
    const { client: c, open } = interceptedClient(
      async (req) => {
        if (req.method !== 'HEAD' || !req.url.pathname.includes('/manifests/')) return undefined;
        // The other tag's HEAD is answered last.
        if (req.url.pathname.endsWith('/manifests/v2'))
          return new Promise((r) => setTimeout(() => r(undefined), 80));
        await new Promise((r) => setTimeout(r, 30)); // after the POST is answered
        return bufferedResponse(req.url, 500, {}, '{"errors":[{"code":"UNKNOWN","message":"storage down"}]}');
      },
      { maxAttempts: 1 },
    );
    const before = registry.requests().length;
    const failure = await failureOf(
      pushLayout(c, await OciLayout.open(image.layoutPath), 'team/down', ['v1', 'v2'], () => undefined),
      open,
    );
    expect(failure).toEqual({ message: expect.stringMatching(/HTTP 500 UNKNOWN: storage down/), open: 0 });
    expect(
      registry
        .requests()
        .slice(before)
        .map((r) => r.split(' ')[0]),
    ).toEqual(expect.arrayContaining(['POST', 'DELETE']));
    expect(registry.openUploads('team/down')).toEqual([]);
  });

  it('fails when the biggest upload fails, only once the other uploads have settled, and tags nothing', async () => {
    const context = noisyTree(2_000_000, 5);
    const image = await build('scratch', [amd64], context);
    const layer = (await manifestOf(image.layoutPath)).layers[0] as { size: number };
    // The real registry, except that the layer's PUT is refused, and the config's answered late.
    const { client: c, open } = interceptedClient(async (req) => {
      if (req.method !== 'PUT' || !req.url.pathname.includes('/blobs/uploads/')) return undefined;
      if (req.headers['content-length'] === String(layer.size)) {
        await new Promise((r) => setTimeout(r, 20));
        return bufferedResponse(
          req.url,
          400,
          {},
          '{"errors":[{"code":"BLOB_UPLOAD_INVALID","message":"refused"}]}',
        );
      }
      // The config's upload is still open when the layer's fails.
      await new Promise((r) => setTimeout(r, 150));
      return undefined;
    });
    const failure = await failureOf(
      pushLayout(c, await OciLayout.open(image.layoutPath), 'team/refused', ['v1'], () => undefined),
      open,
    );
    expect(failure).toEqual({
      message: expect.stringMatching(/HTTP 400 BLOB_UPLOAD_INVALID: refused/),
      open: 0,
    });
    const config = (await manifestOf(image.layoutPath)).config.digest;
    expect(registry.requests()).toContain(`HEAD /v2/team/refused/blobs/${config}`);
    expect(registry.requests().filter((r) => r.startsWith('PUT /v2/team/refused/manifests'))).toEqual([]);
    expect(await client().manifestDigest('team/refused', 'v1')).toBeUndefined();
    // The session whose PUT was refused is deleted, not left open.
    expect(registry.openUploads('team/refused')).toEqual([]);
  });

  it('refuses a layout whose manifest does not match its digest, and tags nothing', async () => {
    const image = await build('scratch', [amd64]);
    const layout = await OciLayout.open(image.layoutPath);
    const path = layout.blobPath(image.digest);
    writeFileSync(path, readFileSync(path, 'utf8').replace('"schemaVersion":2', '"schemaVersion": 2'));
    await expect(pushLayout(client(), layout, 'team/corrupt', ['v1'], () => undefined)).rejects.toThrow(
      `blob ${image.digest} does not match its digest`,
    );
    expect(await client().manifestDigest('team/corrupt', 'v1')).toBeUndefined();
    expect(registry.requests().filter((r) => r.startsWith('PUT /v2/team/corrupt/manifests'))).toEqual([]);
    expect(registry.openUploads('team/corrupt')).toEqual([]);
  });

  it('adds a new tag to an image already there without re-sending blobs', async () => {
    const image = await build(`${registry.host}/base/single:1`, [amd64]);
    const layout = await OciLayout.open(image.layoutPath);
    await pushLayout(client(), layout, 'team/retag', ['v1'], () => undefined);
    const before = registry.requests().length;
    const result = await pushLayout(client(), layout, 'team/retag', ['v1', 'v2'], () => undefined);
    expect(result.status).toBe('pushed');
    // Besides HEADs, only the tag is written: the upload session begun beside the first HEADs is deleted.
    expect(
      registry
        .requests()
        .slice(before)
        .filter((r) => !r.startsWith('HEAD'))
        .map((r) => r.replace(/uploads\/[0-9a-f-]{36}$/, 'uploads/<session>')),
    ).toEqual([
      'POST /v2/team/retag/blobs/uploads/',
      'DELETE /v2/team/retag/blobs/uploads/<session>',
      'PUT /v2/team/retag/manifests/v2',
    ]);
    expect(registry.openUploads('team/retag')).toEqual([]);
  });
});
