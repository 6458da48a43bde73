import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { globSync } from 'tinyglobby';

/** One file of a source tree, as an archive stores it. */
export interface SourceEntry {
  /** POSIX path relative to the root. */
  path: string;
  executable: boolean;
  size: number;
}

/**
 * The paths of the files under `root` matched by `include` and not by `exclude`, sorted in byte order, so
 * that archives built from them do not depend on the order the file system lists them in.
 */
export async function listSourcePaths(
  root: string,
  include: readonly string[],
  exclude: readonly string[],
): Promise<string[]> {
  // Synchronous: the asynchronous walk took 3-4x as long on 5000 files (31-42 ms against 10), and nothing
  // else runs on this thread meanwhile.
  const paths = globSync(include.length ? [...include] : ['**'], {
    cwd: root,
    ignore: [...exclude],
    dot: true,
    onlyFiles: true,
    // Like `zip -r`, store what a symlink points at: a link to ../ would dangle once unpacked elsewhere.
    followSymbolicLinks: true,
    expandDirectories: false,
  });
  return paths.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** `listSourcePaths`, with each file's size and execute bit. */
export async function listSourceFiles(
  root: string,
  include: readonly string[],
  exclude: readonly string[],
): Promise<SourceEntry[]> {
  // Synchronous stats: thousands of small async calls cost three times as much on libuv's pool.
  return (await listSourcePaths(root, include, exclude)).map((path): SourceEntry => {
    const st = statSync(join(root, path));
    return { path, executable: (st.mode & 0o111) !== 0, size: st.size };
  });
}

export function readEntry(root: string, entry: SourceEntry): Buffer {
  return readFileSync(join(root, entry.path));
}
