import { lstatSync, readdirSync, readlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { IgnoreRules } from './ignore.js';

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

/** What stays out of the layer: absolute paths (the output layout), and the context's ignore rules. */
export interface TreeFilter {
  paths?: readonly string[];
  ignore?: IgnoreRules;
}

/**
 * Lists `context` as it will sit at `workdir` in the image: the workdir's parents first, then the tree, all
 * sorted by name in UTF-8 byte order, so the archive depends on neither the file system's listing order nor
 * the locale. Paths the filter leaves out are not walked, unless a `!` rule may bring back something under
 * them; a directory left out still appears when something under it comes back, as Docker does. Symlinks
 * stay links. Sockets, FIFOs and devices cannot go into an image layer and fail here.
 */
export async function listTree(
  context: string,
  workdir: string,
  filter: TreeFilter = {},
): Promise<{ entries: TreeEntry[]; leftOut: number }> {
  const prefix = workdir.replace(/^\/+|\/+$/g, '');
  const entries: TreeEntry[] = [];
  const parts = prefix === '' ? [] : prefix.split('/');
  for (let i = 1; i < parts.length; i++)
    entries.push({ name: `${parts.slice(0, i).join('/')}/`, kind: 'directory', mode: MODE_DIR, size: 0 });
  if (prefix !== '')
    entries.push({ name: `${prefix}/`, kind: 'directory', mode: MODE_DIR, size: 0, source: context });
  const walker: Walker = {
    out: entries,
    paths: new Set((filter.paths ?? []).map((p) => resolve(p))),
    ignore: filter.ignore,
    leftOut: 0,
  };
  walk(walker, context, '', prefix === '' ? '' : `${prefix}/`);
  // Each name encoded once, not at every comparison.
  const keyed = entries.map((e) => ({ e, key: Buffer.from(e.name) }));
  keyed.sort((a, b) => Buffer.compare(a.key, b.key));
  return { entries: keyed.map((k) => k.e), leftOut: walker.leftOut };
}

interface Walker {
  out: TreeEntry[];
  paths: ReadonlySet<string>;
  ignore: IgnoreRules | undefined;
  leftOut: number;
}

/**
 * Walks `dir` (at `rel` in the context, `namePrefix` in the image); returns how many entries it kept. The
 * calls are synchronous: thousands of small ones cost several times as much through libuv's pool.
 */
function walk(w: Walker, dir: string, rel: string, namePrefix: string): number {
  const children = readdirSync(dir).filter((child) => !w.paths.has(resolve(dir, child)));
  const subdirs: Array<{ source: string; rel: string; name: string; excluded: boolean }> = [];
  let kept = 0;
  for (const child of children) {
    const source = join(dir, child);
    const childRel = `${rel}${child}`;
    const name = `${namePrefix}${child}`;
    const excluded = w.ignore?.excludes(childRel) ?? false;
    const st = lstatSync(source);
    if (st.isDirectory()) {
      if (excluded && !w.ignore?.mayReinclude(childRel)) w.leftOut++;
      else subdirs.push({ source, rel: `${childRel}/`, name: `${name}/`, excluded });
    } else if (excluded) {
      w.leftOut++;
    } else if (st.isSymbolicLink()) {
      w.out.push({
        name,
        kind: 'symlink',
        mode: MODE_LINK,
        size: 0,
        source,
        linkname: readlinkSync(source),
      });
      kept++;
    } else if (st.isFile()) {
      w.out.push({
        name,
        kind: 'file',
        mode: st.mode & 0o111 ? MODE_EXEC : MODE_FILE,
        size: st.size,
        source,
      });
      kept++;
    } else {
      throw new Error(`${source} is not a file, directory or symlink; an image layer cannot hold it`);
    }
  }
  for (const d of subdirs) {
    const under = walk(w, d.source, d.rel, d.name);
    if (d.excluded && under === 0) w.leftOut++;
    else {
      w.out.push({ name: d.name, kind: 'directory', mode: MODE_DIR, size: 0, source: d.source });
      kept += under + 1;
    }
  }
  return kept;
}
