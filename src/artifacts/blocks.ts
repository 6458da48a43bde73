/**
 * Copies a run of buffers into fixed-size blocks, each byte once. `add` hands the block to `full` each
 * time it fills; when `full` returns, the block is filled again, unless `full` has set `block` to another
 * one to fill next.
 */
export class BlockFiller {
  private filled = 0;

  constructor(public block: Buffer) {}

  add(data: Buffer, full: (block: Buffer) => void): void {
    for (let at = 0; at < data.length;) {
      const n = data.copy(this.block, this.filled, at);
      this.filled += n;
      at += n;
      if (this.filled === this.block.length) {
        this.filled = 0;
        full(this.block);
      }
    }
  }

  /** What was added after the last full block. */
  rest(): Buffer {
    return this.block.subarray(0, this.filled);
  }
}
