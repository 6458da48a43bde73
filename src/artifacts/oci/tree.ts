import { lstat, readdir, readlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { mapLimit } from '../files.js';

/** One entry of the layer, with its path inside the image (no leading slash). */
export interface TreeEntry {
  /** Path in the image, e.g. `app/server.js`; directories end with `/`. */
  name: string;
  kind: 'directory' | 'file' | 'symlink';
  /** Normalised: 0755 for directories and executables, 0644 for other files, 0777 for links. */
  mode: number;
  size: number;
  /** Absolute path on disk; undefined for the parent directories of the workdir, which exist only in the image. */
  source?: string;
  linkname?: string;
}

const MODE_DIR = 0o755;
const MODE_EXEC = 0o755;
const MODE_FILE = 0o644;
const MODE_LINK = 0o777;

/**
 * Lists `context` as it will sit at `workdir` in the image: the workdir's parents first, then the tree, all
 * sorted by name in UTF-8 byte order, so the archive depends on neither the file system's listing order nor
 * the locale. `exclude` holds absolute paths left out (the output layout, when it lies inside the context).
 * Symlinks stay links. Sockets, FIFOs and devices cannot go into an image layer and fail here.
 */
export async function listTree(
  context: string,
  workdir: string,
  exclude: readonly string[] = [],
): Promise<TreeEntry[]> {
  const prefix = workdir.replace(/^\/+|\/+$/g, '');
  const entries: TreeEntry[] = [];
  const parts = prefix === '' ? [] : prefix.split('/');
  for (let i = 1; i < parts.length; i++)
    entries.push({ name: `${parts.slice(0, i).join('/')}/`, kind: 'directory', mode: MODE_DIR, size: 0 });
  if (prefix !== '')
    entries.push({ name: `${prefix}/`, kind: 'directory', mode: MODE_DIR, size: 0, source: context });
  await walk(context, prefix === '' ? '' : `${prefix}/`, entries, new Set(exclude.map((p) => resolve(p))));
  return entries.sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
}

async function walk(
  dir: string,
  namePrefix: string,
  out: TreeEntry[],
  exclude: ReadonlySet<string>,
): Promise<void> {
  const children = (await readdir(dir)).filter((child) => !exclude.has(resolve(dir, child)));
  const subdirs: Array<[string, string]> = [];
  await mapLimit(children, 64, async (child) => {
    const source = join(dir, child);
    const name = `${namePrefix}${child}`;
    const st = await lstat(source);
    if (st.isDirectory()) {
      out.push({ name: `${name}/`, kind: 'directory', mode: MODE_DIR, size: 0, source });
      subdirs.push([source, `${name}/`]);
    } else if (st.isSymbolicLink()) {
      out.push({ name, kind: 'symlink', mode: MODE_LINK, size: 0, source, linkname: await readlink(source) });
    } else if (st.isFile()) {
      out.push({ name, kind: 'file', mode: st.mode & 0o111 ? MODE_EXEC : MODE_FILE, size: st.size, source });
    } else {
      throw new Error(`${source} is not a file, directory or symlink; an image layer cannot hold it`);
    }
  });
  for (const [source, name] of subdirs) await walk(source, name, out, exclude);
}
