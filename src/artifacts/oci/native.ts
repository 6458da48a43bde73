import { relative } from 'node:path';
import type { TreeEntry } from './tree.js';

const ELF = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);
// Shown in the warning; the count says how many more.
const SHOWN = 3;

/**
 * Collects the files of a context that are built for one architecture: ELF binaries and shared objects (by
 * their first four bytes) and Node addons (`.node`). It looks only at bytes the layer writer already holds
 * (the whole of a small file, the first chunk of a streamed one), so finding them costs no extra read.
 */
export class NativeFiles {
  readonly found: string[] = [];
  count = 0;

  constructor(private readonly context: string) {}

  /** `head`: the file's first bytes as read for the layer. */
  check(entry: TreeEntry, head: Buffer): void {
    const native = entry.name.endsWith('.node') || (head.length >= 4 && head.subarray(0, 4).equals(ELF));
    if (!native) return;
    this.count++;
    if (this.found.length < SHOWN) this.found.push(relative(this.context, entry.source ?? entry.name));
  }

  /** One line naming up to three such files, or undefined when there are none. */
  describe(): string | undefined {
    if (!this.count) return undefined;
    const more = this.count > this.found.length ? ` and ${this.count - this.found.length} more` : '';
    return `${this.found.join(', ')}${more}`;
  }
}
