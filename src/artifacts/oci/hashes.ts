import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import * as zlib from 'node:zlib';

/**
 * The running checksums of a layer: sha256 of the tar (its diff id) with the CRC-32 gzip needs, and sha256
 * of the gzip (its digest). Chunks must be given in stream order.
 */
export interface LayerHashes {
  raw(chunk: Buffer): void;
  compressed(chunk: Buffer): void;
  /** The CRC-32 of every raw chunk given so far. */
  crc(): Promise<number>;
  finish(): Promise<{ raw: string; compressed: string }>;
  close(): Promise<void>;
}

// zlib.crc32 arrived in node 20.15; the table-driven fallback keeps older 20.x working. It is written as
// source so that the hashing worker, which is started from a string, can use the same code.
const CRC32_SOURCE = `
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
const crc32 = new Function('zlib', `${CRC32_SOURCE}\nreturn crc32;`)(zlib) as (
  data: Buffer,
  previous: number,
) => number;

/** Hashes on the calling thread: for small layers, where starting a worker costs more than it saves. */
export function inlineHashes(): LayerHashes {
  const raw = createHash('sha256');
  const compressed = createHash('sha256');
  let crc = 0;
  return {
    raw: (chunk) => {
      raw.update(chunk);
      crc = crc32(chunk, crc);
    },
    compressed: (chunk) => void compressed.update(chunk),
    crc: async () => crc,
    finish: async () => ({
      raw: `sha256:${raw.digest('hex')}`,
      compressed: `sha256:${compressed.digest('hex')}`,
    }),
    close: async () => undefined,
  };
}

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const zlib = require('node:zlib');
${CRC32_SOURCE}
const raw = createHash('sha256');
const compressed = createHash('sha256');
let crc = 0;
parentPort.on('message', (m) => {
  if (m.kind === 'raw') { raw.update(m.chunk); crc = crc32(m.chunk, crc); }
  else if (m.kind === 'compressed') compressed.update(m.chunk);
  else if (m.kind === 'crc') parentPort.postMessage({ crc });
  else if (m.kind === 'finish') parentPort.postMessage({ raw: 'sha256:' + raw.digest('hex'), compressed: 'sha256:' + compressed.digest('hex') });
});
`;

/**
 * Hashes on a worker thread, so that sha256 (the costliest step after deflate) runs beside the packing and
 * the deflating instead of after them. Messages keep their order, so the hashes see the stream in order.
 */
export function workerHashes(): LayerHashes {
  const worker = new Worker(WORKER_SOURCE, { eval: true });
  const ask = <T>(kind: string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      worker.once('message', (m: T) => resolve(m));
      worker.once('error', reject);
      worker.postMessage({ kind });
    });
  return {
    raw: (chunk) => worker.postMessage({ kind: 'raw', chunk }),
    compressed: (chunk) => worker.postMessage({ kind: 'compressed', chunk }),
    crc: async () => (await ask<{ crc: number }>('crc')).crc,
    finish: () => ask<{ raw: string; compressed: string }>('finish'),
    close: async () => void (await worker.terminate()),
  };
}
