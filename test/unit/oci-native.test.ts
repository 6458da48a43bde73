import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDaemonless } from '../../src/artifacts/oci/build.js';
import type { Platform } from '../../src/artifacts/oci/media-types.js';

const temp = (p: string): string => mkdtempSync(join(tmpdir(), `slipway-${p}-`));
const ELF = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);
const TWO: Platform[] = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64' },
];

async function build(context: string | string[], platforms: Platform[]) {
  const logs: string[] = [];
  const warnings: string[] = [];
  const image = await buildDaemonless({
    base: 'scratch',
    context,
    exclude: [],
    platforms,
    settings: { env: [], labels: {}, expose: [], workdir: '/app' },
    output: join(temp('out'), 'image.oci'),
    connect: () => Promise.reject(new Error('no registry')),
    log: (l) => logs.push(l),
    warn: (l) => warnings.push(l),
  });
  return { image, logs, warnings };
}

describe('native files in a context several platforms share', () => {
  it('finds an ELF binary streamed in chunks (over 4 MiB) and .node addons, naming three and counting the rest', async () => {
    const ctx = temp('native');
    mkdirSync(join(ctx, 'bin'));
    writeFileSync(join(ctx, 'bin', 'big'), Buffer.concat([ELF, Buffer.alloc(5 * 1024 * 1024)]));
    for (const n of ['a', 'b', 'c']) writeFileSync(join(ctx, `${n}.node`), 'not even ELF');
    writeFileSync(join(ctx, 'elf-lookalike.txt'), 'ELF at the start, but no 0x7f');
    const { warnings, logs } = await build(ctx, TWO);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('(a.node, b.node, bin/big and 1 more)');
    expect(logs.filter((l) => l.startsWith('context layer'))).toHaveLength(1);
  });

  it('says nothing for one platform, or for a context of plain files', async () => {
    const ctx = temp('native1');
    writeFileSync(join(ctx, 'x.node'), 'addon');
    expect((await build(ctx, [TWO[0] as Platform])).warnings).toEqual([]);
    const plain = temp('plain');
    writeFileSync(join(plain, 'index.js'), 'x');
    expect((await build(plain, TWO)).warnings).toEqual([]);
  });

  it('packs a directory once per distinct context, and one layer per platform otherwise', async () => {
    const a = temp('a');
    const b = temp('b');
    writeFileSync(join(a, 'x.node'), 'amd64 addon');
    writeFileSync(join(b, 'x.node'), 'arm64 addon');
    const { image, warnings, logs } = await build([a, b], TWO);
    expect(warnings).toEqual([]); // each platform has its own directory
    expect(logs.filter((l) => l.startsWith('context layer for linux/'))).toHaveLength(2);
    expect(image.platforms).toEqual(['linux/amd64', 'linux/arm64']);
  });
});

describe('a build says how far the packing of a context has got', () => {
  it('with a clock, a "packing <context>" line every 10 s of it; without one, none', async () => {
    const ctx = temp('packing');
    for (let i = 0; i < 6; i++) writeFileSync(join(ctx, `f${i}`), Buffer.alloc(100_000, i));
    let t = 0;
    const logs: string[] = [];
    await buildDaemonless({
      base: 'scratch',
      context: ctx,
      exclude: [],
      platforms: [TWO[0]!],
      settings: { env: [], labels: {}, expose: [], workdir: '/app' },
      output: join(temp('out'), 'image.oci'),
      connect: () => Promise.reject(new Error('no registry')),
      log: (l) => logs.push(l),
      // Each read is 6 s later: a line at every second file.
      clock: { now: () => (t += 6_000), sleep: async () => undefined },
    });
    const packing = logs.filter((l) => l.startsWith(`packing ${ctx}: `));
    expect(packing.length).toBeGreaterThanOrEqual(2);
    expect(packing.at(-1)).toMatch(/: 600 kB of 600 kB \(100%\), /);
    const { logs: quiet } = await build(ctx, [TWO[0]!]);
    expect(quiet.filter((l) => l.startsWith('packing'))).toEqual([]);
  });
});
