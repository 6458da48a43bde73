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

/**
 * A limit of whole binary units as a message names it: `1 MiB`, `64 KiB`, `100 bytes`. Caps are set in binary
 * units; sizes of things (`formatBytes`) read in the decimal ones registries show.
 */
export function formatLimit(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
