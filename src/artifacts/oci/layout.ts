import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { digestHex, jsonBytes, nodeCrypto, sha256Digest } from './digest.js';
import type { Descriptor, ImageIndex, ImageManifest } from './media-types.js';
import { isIndexType, isManifestType, MediaType } from './media-types.js';

const LAYOUT_FILE = 'oci-layout';
const LAYOUT_VERSION = '1.0.0';

/**
 * A directory in the OCI image layout: `oci-layout`, `index.json` and content-addressed `blobs/sha256/`.
 * Its files are small, or written whole elsewhere and renamed here, so it uses node's synchronous calls:
 * they cost no round trip through libuv's pool, and node 24 loads readline with fs/promises (10 ms at the
 * start of publish-image).
 */
export class OciLayout {
  private constructor(readonly dir: string) {}

  /** Starts a fresh layout at `dir`, replacing a layout already there (and only a layout). */
  static async create(dir: string): Promise<OciLayout> {
    if (existsSync(dir)) {
      if (!existsSync(join(dir, LAYOUT_FILE)))
        throw new Error(`${dir} exists and is not an OCI image layout; choose another output or remove it`);
      rmSync(dir, { recursive: true, force: true });
    }
    mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
    writeFileSync(join(dir, LAYOUT_FILE), JSON.stringify({ imageLayoutVersion: LAYOUT_VERSION }));
    writeFileSync(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [] }));
    return new OciLayout(dir);
  }

  /** Opens an existing layout, checking that it is one. */
  static async open(dir: string): Promise<OciLayout> {
    let marker: { imageLayoutVersion?: unknown };
    try {
      marker = JSON.parse(readFileSync(join(dir, LAYOUT_FILE), 'utf8')) as typeof marker;
    } catch {
      throw new Error(`${dir} is not an OCI image layout (no readable ${LAYOUT_FILE} file)`);
    }
    if (marker.imageLayoutVersion !== LAYOUT_VERSION)
      throw new Error(`${dir}: unsupported imageLayoutVersion ${JSON.stringify(marker.imageLayoutVersion)}`);
    return new OciLayout(dir);
  }

  blobPath(digest: string): string {
    return join(this.dir, 'blobs', 'sha256', digestHex(digest));
  }

  async hasBlob(digest: string): Promise<boolean> {
    return existsSync(this.blobPath(digest));
  }

  async writeBlob(bytes: Uint8Array): Promise<{ digest: string; size: number }> {
    const digest = sha256Digest(bytes);
    if (!(await this.hasBlob(digest))) {
      const temp = this.tempPath();
      writeFileSync(temp, bytes);
      renameSync(temp, this.blobPath(digest));
    }
    return { digest, size: bytes.length };
  }

  /** Writes JSON as a blob and returns its descriptor. */
  async writeJson(mediaType: string, value: unknown): Promise<Descriptor> {
    const { digest, size } = await this.writeBlob(jsonBytes(value));
    return { mediaType, digest, size };
  }

  /** A path inside the layout for a blob being streamed in; `commit` moves it to its digest's name. */
  tempPath(): string {
    return join(this.dir, 'blobs', 'sha256', `.partial-${nodeCrypto().randomUUID()}`);
  }

  async commit(tempPath: string, digest: string): Promise<void> {
    renameSync(tempPath, this.blobPath(digest));
  }

  /**
   * A blob's bytes, checked against its digest unless `check` is 'later': then the caller promises to read
   * it again, checked, before it trusts more than which blobs to fetch or send.
   */
  async readBlob(digest: string, check: 'now' | 'later' = 'now'): Promise<Buffer> {
    const bytes = readFileSync(this.blobPath(digest));
    if (check === 'now' && sha256Digest(bytes) !== digest)
      throw new Error(`${this.dir}: blob ${digest} does not match its digest`);
    return bytes;
  }

  async readJson<T>(digest: string, check: 'now' | 'later' = 'now'): Promise<T> {
    return JSON.parse((await this.readBlob(digest, check)).toString('utf8')) as T;
  }

  async readIndex(): Promise<ImageIndex> {
    return JSON.parse(readFileSync(join(this.dir, 'index.json'), 'utf8')) as ImageIndex;
  }

  async writeIndex(manifests: Descriptor[]): Promise<void> {
    const index: ImageIndex = { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests };
    writeFileSync(join(this.dir, 'index.json'), JSON.stringify(index, null, 2));
  }

  /** The one image this layout holds: the single entry of index.json (an image manifest or an image index). */
  async top(): Promise<Descriptor> {
    const { manifests } = await this.readIndex();
    const images = (manifests ?? []).filter((d) => isIndexType(d.mediaType) || isManifestType(d.mediaType));
    if (images.length !== 1)
      throw new Error(
        `${this.dir}/index.json must name exactly one image or image index; it names ${images.length}`,
      );
    return images[0] as Descriptor;
  }

  /** The image manifests under `top`: itself when it is a manifest, else the index's platform images. */
  async images(
    top: Descriptor,
    check: 'now' | 'later' = 'now',
  ): Promise<Array<{ descriptor: Descriptor; manifest: ImageManifest }>> {
    if (isManifestType(top.mediaType))
      return [{ descriptor: top, manifest: await this.readJson<ImageManifest>(top.digest, check) }];
    const index = await this.readJson<ImageIndex>(top.digest, check);
    const out: Array<{ descriptor: Descriptor; manifest: ImageManifest }> = [];
    for (const d of index.manifests) {
      if (!isManifestType(d.mediaType)) continue;
      out.push({ descriptor: d, manifest: await this.readJson<ImageManifest>(d.digest, check) });
    }
    return out;
  }
}
