import { createHash } from 'node:crypto';
import { closeSync, createReadStream, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createDeflateRaw } from 'node:zlib';
import { ActionError } from '../core/errors.js';
import { BlockFiller } from './blocks.js';
import { crc32 } from './crc32.js';
import type { CompressOptions } from './deflate-pool.js';
import { compressFiles, STREAM_MIN_BYTES } from './deflate-pool.js';
import type { SourceEntry } from './files.js';
import type { ZipRecord } from './zip-format.js';
import {
  centralDirectory,
  dataDescriptor,
  localHeader,
  METHOD_DEFLATED,
  METHOD_STORED,
} from './zip-format.js';

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

// The knee of zlib's curve. Measured on real trees against zip's level 6: @aws-sdk (7822 files) and the
// bench's 5000 small files come out 1-2% bigger, typescript's few large files 6%, for 25-40% less CPU
// than level 6; level 3 and below cost 10-25% more bytes. `compression-level: 9` is there for packages
// near Lambda's 50 MB direct-upload limit.
export const DEFAULT_ZIP_LEVEL = 4;
const MODE_FILE = 0o100644;
const MODE_EXECUTABLE = 0o100755;
// A symbolic link, lrwxrwxrwx, its target as the entry's data: what Info-ZIP's `zip --symlinks` writes
// and `unzip` restores as a link. AWS's Lambda guide does not say how it treats one (as of this writing;
// https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-package.html covers modes only); that Lambda
// restores such links is reported by users and relied on by tools that build packages for it
// (terraform-aws-modules/terraform-aws-lambda#596, aws/aws-sam-cli#1482, which makes `sam local` restore
// them as Lambda does). A link's target is always inside the package (files.ts).
const MODE_SYMLINK = 0o120777;
const WRITE_BLOCK = 1024 * 1024;
// Big files are read and deflated this much at a time, so memory stays flat whatever their size.
const STREAM_CHUNK = 1024 * 1024;

/**
 * Writes a deterministic zip of the `entries` (already sorted) under `root`: fixed timestamps, no extra
 * fields, and modes normalised to 0644 or 0755 (links 0777), so the same tree gives the same bytes whatever
 * its mtimes, the umask, the time zone or the order its files were created in. Files under STREAM_MIN_BYTES
 * are read and deflated on every core (see deflate-pool.ts); bigger ones are streamed through deflate in
 * chunks on this thread, always deflated (level 0: deflate's stored blocks), with a data descriptor. All
 * are written here in order. `maxUnzippedBytes` stops the build as soon as the files read pass it. A
 * failure removes the partial file.
 */
export async function writeDeterministicZip(
  root: string,
  entries: readonly SourceEntry[],
  output: string,
  options: CompressOptions & { maxUnzippedBytes?: number },
): Promise<ZipResult> {
  mkdirSync(dirname(output), { recursive: true });
  const hash = createHash('sha256');
  const records: ZipRecord[] = [];
  let offset = 0;
  let unzippedSize = 0;
  const fd = openSync(output, 'w');
  // Hashed and written a megabyte at a time, through one block that is reused: a hash update and a system
  // call per file cost more than the copy that joins them, and a new block per write costs more again, as
  // the first touch of fresh memory is dear on the runners' virtual machines.
  const blocks = new BlockFiller(Buffer.allocUnsafeSlow(WRITE_BLOCK));
  const write = (bytes: Buffer) => {
    hash.update(bytes);
    for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at);
  };
  const append = (chunks: Buffer[]) => {
    for (const c of chunks) {
      offset += c.length;
      blocks.add(c, write);
    }
  };
  const count = (size: number) => {
    unzippedSize += size;
    if (options.maxUnzippedBytes !== undefined && unzippedSize > options.maxUnzippedBytes)
      // This file is the one past the limit: the records hold those before it.
      throw new UnzippedTooLargeError(
        options.maxUnzippedBytes,
        unzippedSize,
        records.length + 1,
        entries.length,
      );
  };
  const streamed = async (entry: SourceEntry) => {
    count(entry.size);
    const record: ZipRecord = {
      name: entry.path,
      method: METHOD_DEFLATED,
      crc: 0,
      compressedSize: 0,
      size: entry.size,
      mode: entry.executable ? MODE_EXECUTABLE : MODE_FILE,
      offset,
      dataDescriptor: true,
    };
    append([localHeader(record)]);
    let read = 0;
    await pipeline(
      createReadStream(join(root, entry.path), { highWaterMark: STREAM_CHUNK }),
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          record.crc = crc32(chunk, record.crc);
          read += chunk.length;
          if (read > entry.size) break;
          yield chunk;
        }
      },
      createDeflateRaw({ level: options.level, chunkSize: STREAM_CHUNK }),
      async (deflated: AsyncIterable<Buffer>) => {
        for await (const chunk of deflated) {
          record.compressedSize += chunk.length;
          append([chunk]);
        }
      },
    ).catch((err: unknown) => {
      throw new ActionError(`cannot read ${entry.path}: ${(err as Error).message}`);
    });
    if (read !== entry.size)
      throw new ActionError(
        `cannot read ${entry.path}: it changed while being packaged (${entry.size} bytes when listed, ${read > entry.size ? 'more' : read} now)`,
      );
    records.push(record);
    append([dataDescriptor(record)]);
  };
  try {
    // Runs of small files and links go through the pool; each big file between them is streamed.
    for (let at = 0; at < entries.length;) {
      let end = at;
      while (end < entries.length && !isStreamed(entries[end] as SourceEntry)) end++;
      if (end > at)
        await compressFiles(root, entries.slice(at, end), options, (entry, file) => {
          count(file.size);
          const record: ZipRecord = {
            name: entry.path,
            method: file.deflated ? METHOD_DEFLATED : METHOD_STORED,
            crc: file.crc,
            compressedSize: file.data.length,
            size: file.size,
            mode: file.link ? MODE_SYMLINK : file.executable ? MODE_EXECUTABLE : MODE_FILE,
            offset,
          };
          records.push(record);
          append([localHeader(record), file.data]);
        });
      if (end < entries.length) await streamed(entries[end] as SourceEntry);
      at = end + 1;
    }
    append(centralDirectory(records, offset));
    write(blocks.rest());
    closeSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(output, { force: true });
    throw err;
  }
  const digest = hash.digest();
  return {
    path: output,
    sha256: digest.toString('hex'),
    codeSha256: digest.toString('base64'),
    size: offset,
    files: entries.length,
    unzippedSize,
  };
}

const isStreamed = (e: SourceEntry): boolean => e.link === undefined && e.size >= STREAM_MIN_BYTES;

/** The files read so far unzip to more than the limit given to writeDeterministicZip. */
export class UnzippedTooLargeError extends Error {
  constructor(
    readonly limit: number,
    /** What the files read so far come to: the whole package is at least this big. */
    readonly bytesRead: number,
    readonly filesRead: number,
    readonly files: number,
  ) {
    super(`the first ${filesRead} of ${files} files unzip to ${bytesRead} bytes, over ${limit}`);
  }
}
