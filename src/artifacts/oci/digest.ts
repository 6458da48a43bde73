import type * as NodeCrypto from 'node:crypto';

export const DIGEST_RE = /^sha256:[a-f0-9]{64}$/;

/**
 * node:crypto, loaded at its first use rather than at the action's start: on node 24 the load takes 13 to
 * 18 ms, which a push spends while its biggest upload streams (see pushLayout). process.getBuiltinModule
 * is node 20.16 and later, hence the engines field.
 */
export function nodeCrypto(): typeof NodeCrypto {
  return process.getBuiltinModule('node:crypto');
}

export function sha256Digest(data: Uint8Array | string): string {
  return `sha256:${nodeCrypto().createHash('sha256').update(data).digest('hex')}`;
}

/** The hex part of a sha256 digest, after checking its form (a digest names a file path, so it must be safe). */
export function digestHex(digest: string): string {
  if (!DIGEST_RE.test(digest)) throw new Error(`not a sha256 digest: ${JSON.stringify(digest)}`);
  return digest.slice('sha256:'.length);
}

/** Canonical JSON bytes for a manifest, index or config we write: compact, in the key order given. */
export function jsonBytes(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}
