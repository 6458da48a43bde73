import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { OciLayout } from '../../src/artifacts/oci/layout.js';
import type { Descriptor, Platform } from '../../src/artifacts/oci/media-types.js';
import { MediaType } from '../../src/artifacts/oci/media-types.js';
import { tempDir } from './registry-fixtures.js';

/**
 * A read-only registry on 127.0.0.1 that serves one OCI image layout as it is, byte for byte: for content a
 * real registry would not refuse but a client must not trust (a config with a forged platform). The tag
 * `latest` (or any tag) is the layout's index.json entry; manifests and blobs are served by digest.
 */
export async function serveLayout(
  dir: string,
): Promise<{ host: string; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const top = (
    JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as {
      manifests: Array<{ digest: string; mediaType: string }>;
    }
  ).manifests[0];
  if (!top) throw new Error(`${dir} has an empty index.json`);
  const blob = (digest: string): Buffer | undefined => {
    const path = join(dir, 'blobs', 'sha256', digest.replace(/^sha256:/, ''));
    return /^sha256:[a-f0-9]{64}$/.test(digest) && existsSync(path) ? readFileSync(path) : undefined;
  };
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const url = req.url ?? '';
    const send = (status: number, body: Buffer | string, type = 'application/json'): void => {
      res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (url === '/v2/') return send(200, '{}');
    const m = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(url);
    if (!m) return send(404, '{"errors":[{"code":"NAME_UNKNOWN"}]}');
    const reference = m[3] as string;
    if (m[2] === 'manifests') {
      const digest = reference.startsWith('sha256:') ? reference : top.digest;
      const bytes = blob(digest);
      if (!bytes) return send(404, '{"errors":[{"code":"MANIFEST_UNKNOWN"}]}');
      const mediaType = (JSON.parse(bytes.toString('utf8')) as { mediaType?: string }).mediaType;
      res.setHeader('docker-content-digest', digest);
      return send(200, bytes, mediaType ?? top.mediaType);
    }
    const bytes = blob(reference);
    return bytes
      ? send(200, bytes, 'application/octet-stream')
      : send(404, '{"errors":[{"code":"BLOB_UNKNOWN"}]}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

/**
 * A base layout written as a registry could serve it: each image an index entry with `entry` as its platform
 * (or, for a lone image without `index`, the manifest itself) and a config holding `config`'s fields.
 */
export async function hostileBase(
  images: Array<{ entry?: unknown; config: Record<string, unknown> }>,
  index: boolean,
): Promise<string> {
  const dir = join(tempDir('hostile-base'), 'layout');
  const layout = await OciLayout.create(dir);
  const manifests: Descriptor[] = [];
  for (const { entry, config } of images) {
    const configDescriptor = await layout.writeJson(MediaType.ociConfig, {
      ...config,
      rootfs: { type: 'layers', diff_ids: [] },
    });
    const manifest = await layout.writeJson(MediaType.ociManifest, {
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: configDescriptor,
      layers: [],
    });
    manifests.push({
      ...manifest,
      ...(entry !== undefined ? { platform: entry as Platform } : {}),
    });
  }
  const top = index
    ? await layout.writeJson(MediaType.ociIndex, {
        schemaVersion: 2,
        mediaType: MediaType.ociIndex,
        manifests,
      })
    : (manifests[0] as Descriptor);
  await layout.writeIndex([top]);
  return dir;
}
