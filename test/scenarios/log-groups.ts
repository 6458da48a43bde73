import { expect } from 'vitest';

/**
 * The `::group::` titles of a log, in order, after checking that every group is closed and none nests
 * (the runner does not nest groups: a nested one would close its parent early).
 */
export function groupTitles(logs: readonly string[]): string[] {
  const titles: string[] = [];
  let open: string | undefined;
  for (const line of logs) {
    if (line.startsWith('::group::')) {
      expect(open, `group "${line.slice(9)}" opened inside "${open}"`).toBeUndefined();
      open = line.slice(9);
      titles.push(open);
    } else if (line === '::endgroup::') {
      expect(open, 'an ::endgroup:: with no group open').toBeDefined();
      open = undefined;
    }
  }
  expect(open, `group "${open}" never closed`).toBeUndefined();
  return titles;
}

/** The lines outside every group: what a reader sees with every group collapsed. */
export function outsideGroups(logs: readonly string[]): string[] {
  const out: string[] = [];
  let inside = false;
  for (const line of logs) {
    if (line.startsWith('::group::')) inside = true;
    else if (line === '::endgroup::') inside = false;
    else if (!inside) out.push(line);
  }
  return out;
}
