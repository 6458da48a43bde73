import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function bytesUnder(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true }))
    total += e.isDirectory() ? bytesUnder(join(dir, e.name)) : statSync(join(dir, e.name)).size;
  return total;
}

export async function benchDistSizes(): Promise<string[]> {
  const lines = ['bytes of each dist folder:'];
  for (const name of readdirSync('dist').sort()) {
    const entry = readdirSync(join('dist', name));
    const index = statSync(join('dist', name, 'index.js')).size;
    lines.push(
      `  ${name.padEnd(18)} ${String(bytesUnder(join('dist', name))).padStart(9)} bytes (index.js ${index}, ${entry.length} files)`,
    );
  }
  return lines;
}
