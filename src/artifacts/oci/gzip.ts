import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import { constants, createGzip } from 'node:zlib';

// BestSpeed, as go-containerregistry uses for layers: layers are compressed on every build, and level 1
// is several times faster than the default for a few percent more bytes.
export const LAYER_GZIP_LEVEL = constants.Z_BEST_SPEED;

// ID1 ID2 CM=deflate FLG=0 MTIME=0 XFL=0 OS=255 (unknown): no name, no time, no host OS, so the bytes
// depend only on the input and the zlib version.
const FIXED_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff]);

/** A gzip stream whose 10-byte header is fixed; zlib would otherwise write the host OS into it. */
export function deterministicGzip(): [Transform, Transform] {
  let headerLeft = FIXED_HEADER.length;
  const fixHeader = new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
      if (headerLeft > 0) {
        const n = Math.min(headerLeft, chunk.length);
        const start = FIXED_HEADER.length - headerLeft;
        chunk = Buffer.from(chunk);
        FIXED_HEADER.copy(chunk, 0, start, start + n);
        headerLeft -= n;
      }
      done(null, chunk);
    },
  });
  return [createGzip({ level: LAYER_GZIP_LEVEL }), fixHeader];
}
