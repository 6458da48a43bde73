import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import yazl from 'yazl';
import type { SourceEntry } from './files.js';
import { mapLimit, readEntry } from './files.js';

export interface ZipResult {
  path: string;
  /** sha256 of the zip, hex. */
  sha256: string;
  /** sha256 of the zip, base64: what Lambda reports as CodeSha256. */
  codeSha256: string;
  size: number;
  files: number;
  unzippedSize: number;
}

// A fixed timestamp, built from local-time fields because yazl writes the DOS date from local-time getters:
// the same fields come out whatever the time zone.
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);
const MODE_FILE = 0o100644;
const MODE_EXECUTABLE = 0o100755;

/**
 * Writes a deterministic zip of `entries` (already sorted) from `root`: fixed timestamps with no extra
 * time fields, and modes normalised to 0644 or 0755. The same tree gives the same bytes whatever
 * its mtimes, the umask or the order files were created in. Files are read in parallel and handed to yazl
 * in order; yazl deflates each buffer on libuv's thread pool, so compression runs on every core.
 */
export async function writeDeterministicZip(
  root: string,
  entries: readonly SourceEntry[],
  output: string,
): Promise<ZipResult> {
  await mkdir(dirname(output), { recursive: true });
  const zip = new yazl.ZipFile();
  const hash = createHash('sha256');
  let size = 0;
  const sink = createWriteStream(output);
  const counted = new Writable({
    write(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      if (!sink.write(chunk)) sink.once('drain', () => done());
      else done();
    },
    final(done) {
      sink.end(() => done());
    },
  });
  const written = pipeline(zip.outputStream, counted);

  let unzippedSize = 0;
  // Read in bounded parallel batches: many small files are dominated by open/read latency.
  const window = 256;
  for (let start = 0; start < entries.length; start += window) {
    const batch = entries.slice(start, start + window);
    const contents = await mapLimit(batch, 32, (e) => readEntry(root, e));
    batch.forEach((e, i) => {
      const data = contents[i] as Buffer;
      unzippedSize += data.length;
      zip.addBuffer(data, e.path, {
        mtime: FIXED_MTIME,
        forceDosTimestamp: true,
        mode: e.executable ? MODE_EXECUTABLE : MODE_FILE,
        compress: data.length > 0,
      });
    });
  }
  zip.end();
  await written;
  const digest = hash.digest();
  return {
    path: output,
    sha256: digest.toString('hex'),
    codeSha256: digest.toString('base64'),
    size,
    files: entries.length,
    unzippedSize,
  };
}
