import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { once } from 'node:events';
import tarStream from 'tar-stream';
import { ParallelGzip } from './gzip.js';
import { LayerHashes } from './hashes.js';
import type { OciLayout } from './layout.js';
import type { Descriptor } from './media-types.js';
import { MediaType } from './media-types.js';
import type { NativeFiles } from './native.js';
import type { TreeEntry, TreeFilter } from './tree.js';
import { listTree } from './tree.js';

export interface ContextLayer {
  descriptor: Descriptor;
  /** sha256 of the uncompressed tar: the config's rootfs.diff_ids entry. */
  diffId: string;
  files: number;
  /** Paths the filter left out (a left-out directory counts once). */
  leftOut: number;
  uncompressedSize: number;
}

const EPOCH = new Date(0);
// Files at most this big are read whole; bigger ones are streamed.
const READ_WHOLE_MAX = 4 * 1024 * 1024;

/**
 * Packs `context` into a deterministic gzipped tar at `workdir` and stores it as a blob of `layout`: sorted
 * entries, mtime 0, uid/gid 0, no user or group names, normalised modes and a fixed gzip header. The same
 * tree gives the same digest whatever its mtimes, owners, umask or creation order.
 */
export async function writeContextLayer(
  context: string,
  workdir: string,
  layout: OciLayout,
  filter: TreeFilter = {},
  /** Given, it is shown each file's first bytes as they are read for the layer. */
  native?: NativeFiles,
  /** Given the bytes of the files to pack, a reporter of the bytes read so far (see core/progress). */
  progress?: (total: number) => (done: number) => void,
): Promise<ContextLayer> {
  const { entries, leftOut } = await listTree(context, workdir, filter);
  const report = progress?.(entries.reduce((n, e) => n + (e.kind === 'file' ? e.size : 0), 0));
  const pack = tarStream.pack();
  const hashes = new LayerHashes();
  let rawBytes = 0;
  let blobBytes = 0;
  const temp = layout.tempPath();
  const file = createWriteStream(temp);
  const gzip = new ParallelGzip(async (chunk) => {
    hashes.compressed(chunk);
    blobBytes += chunk.length;
    if (!file.write(chunk)) await once(file, 'drain');
  }, hashes);
  const compress = async (): Promise<void> => {
    for await (const chunk of pack as AsyncIterable<Buffer>) {
      rawBytes += chunk.length;
      await gzip.push(chunk);
    }
    await gzip.end();
    await new Promise<void>((resolve, reject) =>
      file.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
  };
  let sums: { raw: string; compressed: string };
  try {
    await Promise.all([compress(), packEntries(pack, entries, native, report)]);
    sums = hashes.finish();
  } catch (err) {
    pack.destroy();
    file.destroy();
    await rm(temp, { force: true });
    throw err;
  }
  const digest = sums.compressed;
  await layout.commit(temp, digest);
  return {
    descriptor: { mediaType: MediaType.ociLayerGzip, digest, size: blobBytes },
    diffId: sums.raw,
    files: entries.filter((e) => e.kind !== 'directory').length,
    leftOut,
    uncompressedSize: rawBytes,
  };
}

function header(e: TreeEntry, size: number): tarStream.Header {
  return {
    name: e.name,
    type: e.kind,
    mode: e.mode,
    size,
    mtime: EPOCH,
    uid: 0,
    gid: 0,
    uname: '',
    gname: '',
    devmajor: 0,
    devminor: 0,
    linkname: e.linkname ?? '',
  };
}

async function packEntries(
  pack: tarStream.Pack,
  entries: readonly TreeEntry[],
  native: NativeFiles | undefined,
  report: ((done: number) => void) | undefined,
): Promise<void> {
  let read = 0;
  for (const e of entries) {
    if (e.kind !== 'file') {
      await add(pack, header(e, 0));
      continue;
    }
    if (e.size <= READ_WHOLE_MAX) {
      // Read synchronously: asynchronous reads queue on libuv's pool behind the gzip blocks being deflated
      // there, and each of thousands of small files would wait for one.
      const data = readFileSync(e.source as string);
      if (data.length !== e.size) throw new Error(`${e.source} changed while the layer was being built`);
      native?.check(e, data);
      await add(pack, header(e, data.length), data);
      report?.((read += data.length));
      continue;
    }
    await new Promise<void>((resolve, reject) => {
      const sink = pack.entry(header(e, e.size), (err) => (err ? reject(err) : resolve()));
      const source = createReadStream(e.source as string).on('error', reject);
      // Attached in the same tick as the pipe: it sees the first chunk the pipe reads, and reads nothing more.
      if (native) source.once('data', (chunk) => native.check(e, chunk as Buffer));
      if (report) source.on('data', (chunk) => report((read += (chunk as Buffer).length)));
      source.pipe(sink as unknown as NodeJS.WritableStream);
    });
  }
  pack.finalize();
}

function add(pack: tarStream.Pack, h: tarStream.Header, data?: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const cb = (err?: Error | null): void => (err ? reject(err) : resolve());
    if (data) pack.entry(h, data, cb);
    else pack.entry(h, cb);
  });
}
