import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import tarStream from 'tar-stream';
import { listSourceFiles, readEntry } from '../files.js';

/** What the builder receives: the provision script and the `files` tree, as one gzipped tar. */
export interface BakePayload {
  /** The gzipped tar. */
  bytes: Buffer;
  /** sha256 of the uncompressed tar, hex: it depends only on the script and the files' paths, modes and bytes. */
  sha256: string;
  files: number;
}

const EPOCH = new Date(0);
export const PAYLOAD_SCRIPT = 'provision.sh';
export const PAYLOAD_FILES_DIR = 'files';

/**
 * Packs `provision.sh` and `files/…` (sorted, mtime 0, uid/gid 0, modes 0644/0755; a symlink stored as what
 * it points at, as the other archives do) so the same inputs give the same tar, and so the same source digest.
 */
export async function packPayload(script: string, filesDir: string | undefined): Promise<BakePayload> {
  const pack = tarStream.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c: unknown) => void chunks.push(c as Buffer));
  const ended = new Promise<void>((resolve, reject) => {
    pack.on('end', resolve);
    pack.on('error', reject);
  });
  const add = (name: string, body: Buffer, mode: number) =>
    new Promise<void>((resolve, reject) => {
      const header = { name, mode, size: body.length, mtime: EPOCH, uid: 0, gid: 0, uname: '', gname: '' };
      pack.entry(header, body, (err) => (err ? reject(err) : resolve()));
    });
  await add(PAYLOAD_SCRIPT, Buffer.from(script), 0o755);
  let files = 0;
  if (filesDir) {
    for (const entry of await listSourceFiles(filesDir, [], [])) {
      const body = readEntry(filesDir, entry);
      const name = `${PAYLOAD_FILES_DIR}/${entry.path}`;
      await add(name, body, entry.executable ? 0o755 : 0o644);
      files++;
    }
  }
  pack.finalize();
  await ended;
  const tar = Buffer.concat(chunks);
  return {
    bytes: gzipSync(tar, { level: 9 }),
    sha256: createHash('sha256').update(tar).digest('hex'),
    files,
  };
}
