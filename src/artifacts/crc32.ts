import * as zlib from 'node:zlib';

/**
 * CRC-32 as zip and gzip use it. zlib.crc32 arrived in node 20.15; the table-driven fallback keeps older
 * 20.x working. It is kept as source so that worker threads, which are started from a string to survive
 * bundling, run the same code as the main thread.
 */
export const CRC32_SOURCE = `
let crcTable;
function crc32(data, previous) {
  // An empty chunk changes nothing (node 20's zlib.crc32 answers 0 for an empty Uint8Array, not previous).
  if (data.length === 0) return previous;
  if (zlib.crc32) return zlib.crc32(data, previous);
  if (!crcTable) {
    crcTable = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c;
    }
  }
  let crc = ~previous;
  for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return ~crc >>> 0;
}`;

export const crc32 = new Function('zlib', `${CRC32_SOURCE}\nreturn crc32;`)(zlib) as (
  data: Uint8Array,
  previous: number,
) => number;
