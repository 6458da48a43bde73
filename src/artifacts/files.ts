import { lstat, readlink, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { glob } from 'tinyglobby';

/** One file of a source tree, as an archive stores it. */
export interface SourceEntry {
  /** POSIX path relative to the root. */
  path: string;
  kind: 'file' | 'symlink';
  executable: boolean;
  /** Bytes on disk (for a symlink, the length of its target). */
  size: number;
}

/**
 * The files under `root` matched by `include` and not by `exclude`, sorted by path in byte order, so that
 * archives built from them do not depend on the order the file system lists them in. Symlinks are kept as
 * links, not followed.
 */
export async function listSourceFiles(
  root: string,
  include: readonly string[],
  exclude: readonly string[],
): Promise<SourceEntry[]> {
  const paths = await glob(include.length ? [...include] : ['**'], {
    cwd: root,
    ignore: [...exclude],
    dot: true,
    onlyFiles: true,
    followSymbolicLinks: false,
    expandDirectories: false,
  });
  const entries = await mapLimit(paths, 64, async (path): Promise<SourceEntry> => {
    const st = await lstat(join(root, path));
    const kind = st.isSymbolicLink() ? 'symlink' : 'file';
    return { path, kind, executable: kind === 'file' && (st.mode & 0o111) !== 0, size: st.size };
  });
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** An entry's content: the file's bytes, or a symlink's target. */
export async function readEntry(root: string, entry: SourceEntry): Promise<Buffer> {
  const full = join(root, entry.path);
  return entry.kind === 'symlink' ? Buffer.from(await readlink(full)) : readFile(full);
}

/** Maps with at most `limit` calls in flight, keeping the order of `items`. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
