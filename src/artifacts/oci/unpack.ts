import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import tarStream from 'tar-stream';
import { OciLayout } from './layout.js';

const BLOB_NAME = /^blobs\/sha256\/([a-f0-9]{64})$/;

/**
 * Unpacks an OCI layout tar (what `docker buildx build --output type=oci` writes) into a fresh layout at
 * `output`. Only the layout's own files are taken, so a crafted tar cannot write outside the directory.
 */
export async function unpackLayoutTar(tarPath: string, output: string): Promise<OciLayout> {
  const layout = await OciLayout.create(output);
  const extract = tarStream.extract();
  const done = (async () => {
    for await (const entry of extract) {
      const name = entry.header.name.replace(/^\.\//, '');
      const blob = BLOB_NAME.exec(name);
      if (entry.header.type === 'file' && blob) {
        const temp = layout.tempPath();
        const hash = createHash('sha256');
        const out = createWriteStream(temp);
        for await (const chunk of entry) {
          hash.update(chunk as Buffer);
          if (!out.write(chunk)) await once(out, 'drain');
        }
        await new Promise<void>((resolve, reject) =>
          out.end((err?: Error | null) => (err ? reject(err) : resolve())),
        );
        if (hash.digest('hex') !== blob[1]) throw new Error(`${tarPath}: ${name} does not match its digest`);
        await layout.commit(temp, `sha256:${blob[1] as string}`);
      } else if (entry.header.type === 'file' && (name === 'index.json' || name === 'oci-layout')) {
        const chunks: Buffer[] = [];
        for await (const c of entry) chunks.push(c as Buffer);
        await writeFile(join(output, name), Buffer.concat(chunks));
      } else {
        entry.resume();
      }
    }
  })();
  await Promise.all([pipeline(createReadStream(tarPath), extract as unknown as NodeJS.WritableStream), done]);
  return OciLayout.open(output);
}
