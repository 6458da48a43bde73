/** Bytes in decimal megabytes, as registries and `docker images` show sizes: `31.8 MB`. */
export const formatMegabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
