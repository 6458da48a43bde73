/**
 * The byte layout of a zip archive (PKWARE APPNOTE 6.3), reduced to what a deterministic package needs:
 * stored or deflated entries with no extra fields, every timestamp 1980-01-01 00:00. An entry's CRC and sizes
 * are in its local header, known before it is written, except for a file streamed through deflate in chunks
 * (zip.ts), whose local header says "see the data descriptor" (flag bit 3), as Java's jar tool and `zip`
 * writing to a pipe do: the descriptor after its data, and the central directory, hold them. ZIP64 end records are
 * written when there are more than 65535 entries; single entries and archives stay under 4 GiB (Lambda's
 * limit is 250 MB unzipped), and larger ones are refused rather than written wrong.
 *
 * Written here because no maintained library takes entries deflated elsewhere: yazl deflates each file on
 * libuv's pool itself (1.8x slower than `zip` on 5000 files), and fflate's Zip adds data descriptors and
 * cannot write ZIP64. Real `unzip` and `zipinfo` check what this writes (test/integration).
 */

export const METHOD_STORED = 0;
export const METHOD_DEFLATED = 8;

export interface ZipRecord {
  /** POSIX path inside the archive. */
  name: string;
  method: typeof METHOD_STORED | typeof METHOD_DEFLATED;
  crc: number;
  compressedSize: number;
  size: number;
  /** Unix mode with its file-type bits, such as 0o100644 (0o120777 for a symbolic link). */
  mode: number;
  /** The CRC and sizes follow the data, in a data descriptor, rather than in the local header. */
  dataDescriptor?: boolean;
  /** Offset of the entry's local header from the start of the archive. */
  offset: number;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const ZIP64_END_OF_CENTRAL_DIRECTORY = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;

const VERSION_NEEDED = 20; // 2.0: deflate
const VERSION_NEEDED_ZIP64 = 45;
const MADE_BY_UNIX = 3 << 8; // the high byte says the external attributes hold a Unix mode
const FLAG_UTF8_NAMES = 0x0800;
const FLAG_DATA_DESCRIPTOR = 0x0008;
const DATA_DESCRIPTOR = 0x08074b50;
const DOS_TIME = 0;
const DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1;
const MAX_16 = 0xffff;
const MAX_32 = 0xffffffff;

function checkFits(what: string, value: number): void {
  if (value > MAX_32 - 1)
    throw new Error(`zip: ${what} is ${value} bytes; archives and entries over 4 GiB are not supported`);
}

/**
 * Writes a header: its signature and version fields, then from `at` the fields both headers share in the
 * same order (version needed to extract, flags, method, time, date, CRC, sizes, name length).
 */
function header(signature: number, fixed: number, record: ZipRecord, name: Buffer): Buffer {
  // From node's shared pool, as thousands of small headers are made: the fixed part is zeroed here.
  const b = Buffer.allocUnsafe(fixed + name.length).fill(0, 0, fixed);
  b.writeUInt32LE(signature, 0);
  let at = 4;
  if (signature === CENTRAL_HEADER) at = b.writeUInt16LE(MADE_BY_UNIX | VERSION_NEEDED, at);
  at = b.writeUInt16LE(VERSION_NEEDED, at);
  at = b.writeUInt16LE(FLAG_UTF8_NAMES | (record.dataDescriptor ? FLAG_DATA_DESCRIPTOR : 0), at);
  at = b.writeUInt16LE(record.method, at);
  at = b.writeUInt16LE(DOS_TIME, at);
  at = b.writeUInt16LE(DOS_DATE_1980_01_01, at);
  // A local header before a data descriptor leaves the CRC and sizes 0 (APPNOTE 4.4.4).
  const later = signature === LOCAL_HEADER && record.dataDescriptor;
  at = b.writeUInt32LE(later ? 0 : record.crc >>> 0, at);
  at = b.writeUInt32LE(later ? 0 : record.compressedSize, at);
  at = b.writeUInt32LE(later ? 0 : record.size, at);
  b.writeUInt16LE(name.length, at);
  // The rest (extra field length, and in the central header comment length, disk and internal
  // attributes) stays 0.
  name.copy(b, fixed);
  return b;
}

/** The local header that precedes an entry's data. */
export function localHeader(record: ZipRecord): Buffer {
  checkFits(`entry ${record.name}`, Math.max(record.size, record.compressedSize));
  checkFits('the archive', record.offset);
  const name = Buffer.from(record.name, 'utf8');
  if (name.length > MAX_16) throw new Error(`zip: the path ${record.name} is longer than 65535 bytes`);
  return header(LOCAL_HEADER, 30, record, name);
}

/** The data descriptor after a streamed entry's data (APPNOTE 4.3.9), with its optional signature. */
export function dataDescriptor(record: ZipRecord): Buffer {
  checkFits(`entry ${record.name}`, Math.max(record.size, record.compressedSize));
  const b = Buffer.alloc(16);
  b.writeUInt32LE(DATA_DESCRIPTOR, 0);
  b.writeUInt32LE(record.crc >>> 0, 4);
  b.writeUInt32LE(record.compressedSize, 8);
  b.writeUInt32LE(record.size, 12);
  return b;
}

function centralHeader(record: ZipRecord): Buffer {
  const b = header(CENTRAL_HEADER, 46, record, Buffer.from(record.name, 'utf8'));
  b.writeUInt32LE((record.mode << 16) >>> 0, 38);
  b.writeUInt32LE(record.offset, 42);
  return b;
}

/**
 * The central directory and end records for `records`, which must be in archive order, as the pieces to
 * write in turn; `offset` is where the directory starts, right after the last entry's data.
 */
export function centralDirectory(records: readonly ZipRecord[], offset: number): Buffer[] {
  checkFits('the archive', offset);
  const headers = records.map(centralHeader);
  const size = headers.reduce((n, h) => n + h.length, 0);
  checkFits('the archive', offset + size);
  const tail: Buffer[] = [];
  const zip64 = records.length > MAX_16 - 1;
  if (zip64) {
    const record = Buffer.alloc(56);
    record.writeUInt32LE(ZIP64_END_OF_CENTRAL_DIRECTORY, 0);
    record.writeBigUInt64LE(44n, 4); // the size of the rest of this record
    record.writeUInt16LE(MADE_BY_UNIX | VERSION_NEEDED_ZIP64, 12);
    record.writeUInt16LE(VERSION_NEEDED_ZIP64, 14);
    // this disk, the disk where the directory starts: both 0
    record.writeBigUInt64LE(BigInt(records.length), 24);
    record.writeBigUInt64LE(BigInt(records.length), 32);
    record.writeBigUInt64LE(BigInt(size), 40);
    record.writeBigUInt64LE(BigInt(offset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(ZIP64_LOCATOR, 0);
    locator.writeBigUInt64LE(BigInt(offset + size), 8);
    locator.writeUInt32LE(1, 16); // total number of disks
    tail.push(record, locator);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  const count = zip64 ? MAX_16 : records.length;
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  tail.push(end);
  return [...headers, ...tail];
}
