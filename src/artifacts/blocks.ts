/**
 * Copies a run of buffers into fixed-size blocks, each byte once. `add` yields the block each time it
 * fills; the caller is done with it before asking for more, and may then let it be filled again or set
 * `block` to another one to fill next.
 */
export class BlockFiller {
  private filled = 0;

  constructor(public block: Buffer) {}

  *add(data: Buffer): Generator<Buffer> {
    for (let at = 0; at < data.length;) {
      const n = data.copy(this.block, this.filled, at);
      this.filled += n;
      at += n;
      if (this.filled === this.block.length) {
        this.filled = 0;
        yield this.block;
      }
    }
  }

  /** What was added after the last full block. */
  rest(): Buffer {
    return this.block.subarray(0, this.filled);
  }
}
