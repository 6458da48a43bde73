import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { BlockFiller } from './blocks.js';
import type { CompressOptions } from './deflate-pool.js';
import { compressFiles } from './deflate-pool.js';
import type { ZipRecord } from './zip-format.js';
import { centralDirectory, localHeader, METHOD_DEFLATED, METHOD_STORED } from './zip-format.js';

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
const WRITE_BLOCK = 1024 * 1024;

/**
 * Writes a deterministic zip of the files at `paths` (already sorted) under `root`: fixed timestamps, no
 * extra fields, and modes normalised to 0644 or 0755, so the same tree gives the same bytes whatever its
 * mtimes, the umask, the time zone or the order its files were created in. Files are read and deflated on
 * every core (see deflate-pool.ts) and written here in order. `maxUnzippedBytes` stops the build as soon as
 * the files read pass it. A failure removes the partial file.
 */
export async function writeDeterministicZip(
  root: string,
  paths: readonly string[],
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
  try {
    await compressFiles(root, paths, options, (path, file) => {
      unzippedSize += file.size;
      if (options.maxUnzippedBytes !== undefined && unzippedSize > options.maxUnzippedBytes)
        // This file is the one past the limit: the records hold those before it.
        throw new UnzippedTooLargeError(
          options.maxUnzippedBytes,
          unzippedSize,
          records.length + 1,
          paths.length,
        );
      const record: ZipRecord = {
        name: path,
        method: file.deflated ? METHOD_DEFLATED : METHOD_STORED,
        crc: file.crc,
        compressedSize: file.data.length,
        size: file.size,
        mode: file.executable ? MODE_EXECUTABLE : MODE_FILE,
        offset,
      };
      records.push(record);
      append([localHeader(record), file.data]);
    });
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
    files: paths.length,
    unzippedSize,
  };
}

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
