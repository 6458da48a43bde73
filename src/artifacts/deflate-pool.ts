import * as fs from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import * as zlib from 'node:zlib';
import { ActionError } from '../core/errors.js';
import { CRC32_SOURCE } from './crc32.js';
import type { SourceEntry } from './files.js';

/** One file, read and compressed: `data` is deflated when that made it smaller, else stored as read. */
export interface CompressedFile {
  data: Buffer;
  deflated: boolean;
  crc: number;
  size: number;
  /** Whether any execute bit is set on the file (from the walk's lstat). */
  executable: boolean;
  /** A symbolic link: `data` is its target, stored. */
  link: boolean;
}

export interface CompressOptions {
  /** Deflate level, 0 (store) to 9. */
  level: number;
  /**
   * Worker threads beside the calling thread, which compresses too; 0 uses the calling thread alone.
   * Default: one fewer than the cores, for 16 files or more.
   */
  workers?: number;
  /**
   * Whether the calling thread compresses too (default true). Tests turn it off to take the workers' path
   * for certain: on a loaded machine, this thread can finish all the batches before a worker has started.
   */
  callingThread?: boolean;
}

const MAX_WORKERS = 8;
// Fewer files than this are compressed on the calling thread: starting a worker costs more than it saves.
const INLINE_MAX_FILES = 16;
// Batches per worker over the whole run: small enough to even out, large enough that messages are few.
const BATCHES_PER_WORKER = 8;
const MAX_BATCH_FILES = 64;
// A batch also ends once its files come to this much, so that what a batch holds (read, and deflated) stays
// bounded: files bigger than STREAM_MIN_BYTES never come here (zip.ts streams them).
const MAX_BATCH_BYTES = 8 * 1024 * 1024;
/** Files of this size and over are streamed in chunks by the caller, not read whole here. */
export const STREAM_MIN_BYTES = 4 * 1024 * 1024;
// Batches handed out but not yet reported: bounds the memory held for replies that come back early (at
// most (workers + 1) x 8 batches of MAX_BATCH_BYTES; for small files, a few megabytes). This thread reports
// only between its own batches, so with 3 a worker that raced ahead sat at the window's edge: 93 ms idle
// in its 320 ms on the real-tree bench (a CPU profile of the worker). With 8, and 3 batches queued on each
// worker: 22-35 ms idle, and the build 513 -> 489 ms (medians of 11 in turn; one core: 693 -> 686 ms).
const WINDOW_PER_WORKER = 8;
// A worker's young generation, kept small: each file leaves a zlib stream object and some buffers behind,
// and a young generation left to grow to its default size spreads them over fresh memory, and frees the
// buffers' memory later. On the bench's 5000 files on node 24: 18,500 page faults became 15,900, and 12
// of 15 builds in turn were faster (median 841 -> 775 ms). Nothing a worker keeps comes near this.
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 3 };

// Each batch reads its files itself (one open, fstat, read and close per file) and deflates them with
// zlib's synchronous call. On a worker, a zlib stream per file is cheap; with the async API every small
// file queued on libuv's pool (yazl did that, and ran 1.8x slower than `zip` on 5000 files). It is source
// text so that workers, started from a string that survives bundling, and the calling thread run the same
// code. A link's entry is its target, stored. A file whose size is not the one listed (it changed since the
// walk, which checked the total against the limits) is an error rather than a surprise in the archive.
//
// zlib writes each file's output into one buffer it allocates, of the size asked for; what it does not
// fill is garbage until the next collection, and the memory the next files take meanwhile is fresh, whose
// first touch is dear on virtual machines. So the buffer asked for is the size this thread's files have
// been compressing to, with a margin, not the file's own size: on the bench's 5000 files on node 24,
// 28,000 page faults became 18,400 and the build took 909 ms, not 995 (medians of 9, in turn). A file
// that compresses worse gets a second buffer; the bytes are the same whatever the size asked for.
const BATCH_SOURCE = `
let scratch = Buffer.allocUnsafeSlow(1024 * 1024);
let ratio = 0.5;
function compressBatch(dir, paths, sizes, links, level) {
  const pieces = [];
  const files = [];
  for (let i = 0; i < paths.length; i++) {
    const path = paths[i];
    if (links[i] !== null) {
      const raw = Buffer.from(links[i]);
      files.push({ deflated: false, crc: crc32(raw, 0), size: raw.length, length: raw.length, link: true });
      pieces.push(raw);
      continue;
    }
    // The walk's lstat gave the size and mode: no second stat here. One byte more than listed is asked
    // for, so that a file that grew is seen as surely as one that shrank.
    const size = sizes[i];
    let raw;
    try {
      const fd = fs.openSync(dir + path, 'r');
      try {
        if (size >= scratch.length) scratch = Buffer.allocUnsafeSlow(size + 1);
        let n = 0;
        for (let r = 1; n <= size && r > 0; n += r) r = fs.readSync(fd, scratch, n, size + 1 - n, n);
        if (n !== size)
          throw new Error(
            'it changed while being packaged (' + size + ' bytes when listed, ' + (n > size ? 'more' : n) + ' now)',
          );
        raw = scratch.subarray(0, n);
      } finally {
        fs.closeSync(fd);
      }
    } catch (e) {
      throw new Error('cannot read ' + path + ': ' + e.message);
    }
    let data = raw;
    if (level > 0 && raw.length > 0) {
      // The smallest window that still reaches back to the file's first byte gives the same bytes as the
      // default 32 KiB one, and spares allocating and clearing the rest for each of thousands of small files.
      const windowBits = Math.min(15, Math.max(9, Math.ceil(Math.log2(raw.length + 262))));
      const chunkSize = Math.max(64, Math.ceil(raw.length * ratio * 1.15) + 256);
      const deflated = zlib.deflateRawSync(raw, { level, windowBits, chunkSize });
      ratio = 0.8 * ratio + 0.2 * Math.min(1, deflated.length / raw.length);
      if (deflated.length < raw.length) data = deflated;
    }
    files.push({
      deflated: data !== raw,
      crc: crc32(raw, 0),
      size: raw.length,
      length: data.length,
      link: false,
    });
    // raw is the scratch buffer, which the next file overwrites.
    pieces.push(data === raw ? Buffer.from(raw) : data);
  }
  return { files, pieces };
}`;

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const zlib = require('node:zlib');
${CRC32_SOURCE}
${BATCH_SOURCE}
// A batch goes back as one buffer of its own (not a slice of node's shared pool), transferred, not copied.
parentPort.on('message', ({ id, dir, paths, sizes, links, level }) => {
  let batch;
  try {
    batch = compressBatch(dir, paths, sizes, links, level);
  } catch (e) {
    parentPort.postMessage({ id, error: e.message });
    return;
  }
  const data = Buffer.allocUnsafeSlow(batch.pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of batch.pieces) at += p.copy(data, at);
  parentPort.postMessage({ id, files: batch.files, data }, [data.buffer]);
});
`;

type BatchFile = Omit<CompressedFile, 'data' | 'executable'> & { length: number };
/** A batch's files, and the bytes each is stored as. */
interface Batch {
  files: BatchFile[];
  pieces: Buffer[];
}
/** A batch as a worker sends it: the pieces joined in one transferred buffer. */
interface WorkerReply {
  id: number;
  error?: string;
  files: BatchFile[];
  data: Uint8Array;
}
interface BatchRequest {
  /** The root and a separator: joined to each path by concatenation, as path.join would normalise again
   * for each of thousands of files. */
  dir: string;
  paths: string[];
  /** Each file's size as listed. */
  sizes: number[];
  /** Each entry's link target, or null for a file. */
  links: Array<string | null>;
  level: number;
}

const compressBatch = new Function('fs', 'zlib', `${CRC32_SOURCE}\n${BATCH_SOURCE}\nreturn compressBatch;`)(
  fs,
  zlib,
) as (dir: string, paths: string[], sizes: number[], links: Array<string | null>, level: number) => Batch;

/**
 * Reads and deflates the `entries` (files under STREAM_MIN_BYTES, and links) under `root`, and calls
 * `onFile` for each in their order. Batches go to worker threads and to this thread alike, and are still
 * reported in order. An error from `onFile`, or a file that cannot be read or changed size, rejects.
 */
export async function compressFiles(
  root: string,
  entries: readonly SourceEntry[],
  options: CompressOptions,
  onFile: (entry: SourceEntry, file: CompressedFile) => void,
): Promise<void> {
  const cores = Math.min(availableParallelism(), MAX_WORKERS + 1);
  const workerCount = options.workers ?? (entries.length < INLINE_MAX_FILES ? 0 : cores - 1);
  const here = options.callingThread ?? true;
  if (!here && workerCount < 1) throw new Error('compressFiles: with callingThread false, give workers');
  const threads = workerCount + (here ? 1 : 0);
  const perBatch = Math.min(
    MAX_BATCH_FILES,
    Math.max(1, Math.ceil(entries.length / (threads * BATCHES_PER_WORKER))),
  );
  // Where each batch starts: after perBatch entries, or once it holds MAX_BATCH_BYTES.
  const starts: number[] = [];
  for (let i = 0, count = perBatch, bytes = 0; i < entries.length; i++) {
    const size = (entries[i] as SourceEntry).size;
    if (count === perBatch || bytes + size > MAX_BATCH_BYTES) {
      starts.push(i);
      count = 0;
      bytes = 0;
    }
    count++;
    bytes += size;
  }
  const batchCount = starts.length;
  const dir = `${root}/`;
  const request = (batch: number): BatchRequest => {
    const slice = entries.slice(starts[batch], starts[batch + 1] ?? entries.length);
    return {
      dir,
      paths: slice.map((e) => e.path),
      sizes: slice.map((e) => e.size),
      links: slice.map((e) => e.link ?? null),
      level: options.level,
    };
  };
  const report = (batch: number, { files, pieces }: Batch) => {
    files.forEach(({ length: _, ...file }, i) => {
      const entry = entries[(starts[batch] as number) + i] as SourceEntry;
      onFile(entry, { ...file, executable: entry.executable, data: pieces[i] as Buffer });
    });
  };
  const workersUsed = Math.min(workerCount, here ? batchCount - 1 : batchCount);
  await inBatches(workersUsed, here, batchCount, request, report);
}

/** A worker's joined buffer, cut back into its files' pieces. */
function split({ files, data }: WorkerReply): Buffer[] {
  const all = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let at = 0;
  return files.map(({ length }) => all.subarray(at, (at += length)));
}

/**
 * Runs `batchCount` batches on `workerCount` workers and (if `here`) on this thread, and hands each result
 * to `report` in batch order. This thread takes the next batch whenever it is free: it starts at once, while
 * each worker spends tens of milliseconds starting node, and on two cores one worker beside it measured
 * 3-4% faster than two workers beside an idle thread (median of 9 runs of the bench's tree, in turn).
 */
async function inBatches(
  workerCount: number,
  here: boolean,
  batchCount: number,
  request: (batch: number) => BatchRequest,
  report: (batch: number, result: Batch) => void,
): Promise<void> {
  const workers = Array.from(
    { length: workerCount },
    () => new Worker(WORKER_SOURCE, { eval: true, resourceLimits: WORKER_LIMITS }),
  );
  const done = new Map<number, Batch>();
  // A worker appears once per batch it could take now.
  const freeSlots: Worker[] = [];
  const window = (workerCount + 1) * WINDOW_PER_WORKER;
  let nextToSend = 0;
  let nextToReport = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const fail = (err: unknown) => {
        settled = true;
        reject(err);
      };
      const deliver = (id: number, batch: Batch) => {
        done.set(id, batch);
        for (let b = done.get(nextToReport); b; b = done.get(nextToReport)) {
          done.delete(nextToReport);
          report(nextToReport++, b);
        }
        if (nextToReport === batchCount) {
          settled = true;
          resolve();
        }
      };
      const dispatch = () => {
        while (freeSlots.length && nextToSend < batchCount && nextToSend - nextToReport < window) {
          (freeSlots.pop() as Worker).postMessage({ id: nextToSend, ...request(nextToSend) });
          nextToSend++;
        }
      };
      // One batch on this thread, then a turn of the event loop, so that the workers' results come in. At
      // the window's edge it waits for a worker's result to move the window.
      let waitingHere = false;
      const compressHere = (): void => {
        if (settled || nextToSend >= batchCount) return;
        if (nextToSend - nextToReport >= window) return void (waitingHere = true);
        const id = nextToSend++;
        const { dir, paths, sizes, links, level } = request(id);
        let batch: Batch;
        try {
          batch = compressBatch(dir, paths, sizes, links, level);
        } catch (err) {
          return fail(new ActionError((err as Error).message));
        }
        try {
          deliver(id, batch);
        } catch (err) {
          return fail(err);
        }
        setImmediate(compressHere);
      };
      for (const worker of workers) {
        worker.on('message', (reply: WorkerReply) => {
          if (settled) return;
          if (reply.error) return fail(new ActionError(reply.error));
          freeSlots.push(worker);
          try {
            deliver(reply.id, { files: reply.files, pieces: split(reply) });
          } catch (err) {
            return fail(err);
          }
          dispatch();
          if (waitingHere) {
            waitingHere = false;
            setImmediate(compressHere);
          }
        });
        worker.on('error', fail);
        // A worker that stops with no error (killed, or out of the process's hands) would leave its batches
        // unreported and the build waiting for ever.
        worker.once('exit', (code) => {
          if (!settled)
            fail(
              new ActionError(`a compression worker stopped (exit code ${code}) before its work was done`),
            );
        });
        // A worker gets batches only once it runs: one handed out while it boots would hold back the
        // batches after it, which this thread goes on compressing, and stall it at the window's edge. Three
        // each, so that no worker waits on this thread, busy with a batch of its own, between batches.
        worker.once('online', () => {
          if (settled) return;
          freeSlots.push(worker, worker, worker);
          dispatch();
        });
      }
      if (here) compressHere();
    });
  } finally {
    // Not awaited: a worker that is still stopping must not keep the action waiting, or alive.
    for (const w of workers) {
      w.unref();
      void w.terminate();
    }
  }
}
