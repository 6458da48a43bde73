import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { crc32, CRC32_SOURCE } from '../crc32.js';

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
