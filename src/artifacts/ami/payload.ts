import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tarStream from 'tar-stream';
import { ActionError } from '../../core/errors.js';
import type { SourceEntry, SourceTree } from '../files.js';
import { listSourceTree } from '../files.js';

/** What the builder receives: the provision script and the `files` tree, as one gzipped tar on disk. */
export interface BakePayload {
  /** The gzipped tar. */
  path: string;
  /** Its size in bytes. */
  size: number;
  /** sha256 of the uncompressed tar, hex: it depends only on the script and the files' paths, modes and bytes. */
  sha256: string;
  files: number;
}

const EPOCH = new Date(0);
export const PAYLOAD_SCRIPT = 'provision.sh';
export const PAYLOAD_FILES_DIR = 'files';
const BLOCK = 512;
// Read from each file this much at a time, so memory stays flat whatever its size.
const CHUNK = 1024 * 1024;

/** The `files` tree as the payload takes it: `.git` never, `.env` files never (no include names them). */
export function listPayloadFiles(filesDir: string): SourceTree {
  return listSourceTree(filesDir, [], []);
}

/**
 * An upper bound on the uncompressed tar's size, from the sizes the walk saw: a header and whole blocks per
 * entry, and a long-name (PAX) header and its block for each entry whose name or link is over 100 bytes.
 */
export function tarSizeBound(script: string, tree: SourceTree | undefined): number {
  const entry = (name: string, size: number, link = '') =>
    BLOCK +
    Math.ceil(size / BLOCK) * BLOCK +
    (Buffer.byteLength(name) > 100 || Buffer.byteLength(link) > 100 ? 2 * BLOCK + link.length : 0);
  let n = entry(PAYLOAD_SCRIPT, Buffer.byteLength(script)) + 2 * BLOCK;
  for (const e of tree?.entries ?? [])
    n += e.link
      ? entry(`${PAYLOAD_FILES_DIR}/${e.path}`, 0, e.link)
      : entry(`${PAYLOAD_FILES_DIR}/${e.path}`, e.size);
  return n;
}

/**
 * Packs `provision.sh` and `files/…` into a gzipped tar at `output` (a new temporary file unless given),
 * streaming each file in chunks: sorted, mtime 0, uid/gid 0, modes 0644/0755, and a symbolic link (always
 * to a path inside `files`, see files.ts) kept as a link, so the same inputs give the same tar, and so the
 * same source digest. `tree` is the walk already made of `filesDir`, if any.
 */
export async function packPayload(
  script: string,
  filesDir: string | undefined,
  options: { tree?: SourceTree; output?: string } = {},
): Promise<BakePayload> {
  const tree = options.tree ?? (filesDir ? listPayloadFiles(filesDir) : undefined);
  const output = options.output ?? join(mkdtempSync(join(tmpdir(), 'slipway-payload-')), 'payload.tgz');
  const pack = tarStream.pack();
  const hash = createHash('sha256');
  let size = 0;
  const written = pipeline(
    pack as AsyncIterable<Buffer>,
    async function* (tar: AsyncIterable<Buffer>) {
      for await (const chunk of tar) {
        hash.update(chunk);
        yield chunk;
      }
    },
    createGzip({ level: 9 }),
    async function* (gz: AsyncIterable<Buffer>) {
      for await (const chunk of gz) {
        size += chunk.length;
        yield chunk;
      }
    },
    createWriteStream(output),
  );
  const base = { mtime: EPOCH, uid: 0, gid: 0, uname: '', gname: '' };
  const add = async (entry: SourceEntry) => {
    const name = `${PAYLOAD_FILES_DIR}/${entry.path}`;
    if (entry.link !== undefined) {
      await new Promise<void>((resolve, reject) =>
        pack.entry({ ...base, name, type: 'symlink', linkname: entry.link as string, mode: 0o777 }, (err) =>
          err ? reject(err) : resolve(),
        ),
      );
      return;
    }
    const header = { ...base, name, size: entry.size, mode: entry.executable ? 0o755 : 0o644 };
    let finished!: (err?: Error | null) => void;
    const done = new Promise<void>((resolve, reject) => {
      finished = (err) => (err ? reject(err) : resolve());
    });
    // A streamx Writable: write() says when to wait for 'drain', as node's does.
    const sink = pack.entry(header, finished) as unknown as Writable;
    if (entry.size > 0) {
      for await (const chunk of createReadStream(join(filesDir as string, entry.path), {
        highWaterMark: CHUNK,
        end: entry.size - 1,
      }) as AsyncIterable<Buffer>)
        if (!sink.write(chunk)) await once(sink, 'drain');
    }
    sink.end();
    await done.catch((err: unknown) => {
      const why = /size mismatch/i.test((err as Error).message)
        ? `it changed while being packaged (${entry.size} bytes when listed)`
        : (err as Error).message;
      throw new ActionError(`cannot pack files/${entry.path}: ${why}`);
    });
  };
  try {
    await new Promise<void>((resolve, reject) =>
      pack.entry({ ...base, name: PAYLOAD_SCRIPT, mode: 0o755 }, Buffer.from(script), (err) =>
        err ? reject(err) : resolve(),
      ),
    );
    for (const entry of tree?.entries ?? []) await add(entry);
    pack.finalize();
  } catch (err) {
    pack.destroy(err as Error);
    await written.catch(() => undefined);
    throw err;
  }
  await written;
  return { path: output, size, sha256: hash.digest('hex'), files: tree?.entries.length ?? 0 };
}
