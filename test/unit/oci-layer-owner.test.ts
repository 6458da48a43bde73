import { chownSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import tarStream from 'tar-stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeContextLayer } from '../../src/artifacts/oci/context-layer.js';
import { OciLayout } from '../../src/artifacts/oci/layout.js';

const temp = (p: string): string => mkdtempSync(join(tmpdir(), `slipway-${p}-`));

async function headersOf(layoutDir: string, digest: string): Promise<tarStream.Header[]> {
  const extract = tarStream.extract();
  const headers: tarStream.Header[] = [];
  const done = (async () => {
    for await (const entry of extract) {
      headers.push(entry.header);
      entry.resume();
    }
  })();
  extract.end(gunzipSync(readFileSync(join(layoutDir, 'blobs', 'sha256', digest.slice(7)))));
  await done;
  return headers;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('context layer owners', () => {
  // context-layer.ts documents uid/gid 0 and no user or group names. The tests run as root, so a layer
  // that took the owner from the files or from the building process would also say 0: give the files a
  // non-zero owner and the process a non-zero uid/gid, and the headers must still say 0.
  it('writes uid 0, gid 0 and no names whatever the files and the building process are owned by', async () => {
    const root = temp('owner');
    mkdirSync(join(root, 'd'));
    writeFileSync(join(root, 'd', 'f.txt'), 'owned\n');
    writeFileSync(join(root, 'g.txt'), 'owned too\n');
    for (const p of [join(root, 'd'), join(root, 'd', 'f.txt'), join(root, 'g.txt')])
      chownSync(p, 1234, 5678);
    vi.spyOn(process, 'getuid').mockReturnValue(4321);
    vi.spyOn(process, 'getgid').mockReturnValue(8765);
    const dir = join(temp('l'), 'x');
    const layer = await writeContextLayer(root, '/app', await OciLayout.create(dir));
    const headers = await headersOf(dir, layer.descriptor.digest);
    expect(headers.map((h) => h.name)).toEqual(expect.arrayContaining(['app/d/f.txt', 'app/g.txt']));
    for (const h of headers) {
      expect({ name: h.name, uid: h.uid, gid: h.gid, uname: h.uname ?? '', gname: h.gname ?? '' }).toEqual({
        name: h.name,
        uid: 0,
        gid: 0,
        uname: '',
        gname: '',
      });
    }
  });
});
