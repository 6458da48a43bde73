const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'] as const;

/**
 * Bytes in the decimal unit that fits, as registries and `docker images` show sizes: `147 B`, `3.2 kB`,
 * `31.8 MB`. Three significant digits at most, so a small zip never reads `0.0 MB`.
 */
export function formatBytes(bytes: number): string {
  let unit = 0;
  let value = Number(bytes.toPrecision(3));
  // Rounding can carry into the next unit (999.96 kB is 1 MB), so round before choosing it.
  while (Math.abs(value) >= 1000 && unit < UNITS.length - 1) {
    unit++;
    value = Number((bytes / 1000 ** unit).toPrecision(3));
  }
  return `${value} ${UNITS[unit]}`;
}
