import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readProvisionResult } from '../../src/artifacts/ami/markers.js';
import { packPayload } from '../../src/artifacts/ami/payload.js';
import { inlineUserData, renderUserData, USER_DATA_MAX_BYTES } from '../../src/artifacts/ami/user-data.js';
import { incompressible } from '../scenarios/ami-fixture.js';

const TOKEN = '0123456789abcdef01234567';

/**
 * Runs the user-data with the real bash, tar and base64 (or curl), in a sandbox: its absolute paths moved
 * under a temp dir, /dev/console a file there, and poweroff a stub that records the call.
 */
function runUserData(script: string): Promise<{ console: string; powerOff: boolean; code: number }> {
  const root = mkdtempSync(join(tmpdir(), 'slipway-userdata-'));
  const bin = join(root, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'poweroff'), `#!/bin/sh\ntouch ${root}/powered-off\n`);
  chmodSync(join(bin, 'poweroff'), 0o755);
  writeFileSync(join(bin, 'sleep'), '#!/bin/sh\n');
  chmodSync(join(bin, 'sleep'), 0o755);
  const sandboxed = script
    .replaceAll('/var/lib/slipway-build', join(root, 'build'))
    .replaceAll('/var/log/slipway-provision.log', join(root, 'provision.log'))
    .replaceAll('/dev/console', join(root, 'console'));
  writeFileSync(join(root, 'user-data'), sandboxed);
  return new Promise((done) =>
    execFile(
      'bash',
      [join(root, 'user-data')],
      { env: { PATH: `${bin}:${process.env['PATH']}` }, timeout: 20_000 },
      (err) => {
        let powerOff = true;
        try {
          readFileSync(join(root, 'powered-off'));
        } catch {
          powerOff = false;
        }
        done({
          console: readFileSync(join(root, 'console'), 'utf8'),
          powerOff,
          code: err ? (typeof err.code === 'number' ? err.code : 1) : 0,
        });
      },
    ),
  );
}

function filesDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'slipway-files-'));
  writeFileSync(join(dir, 'app.conf'), 'listen 8080;\n');
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'sub', 'run.sh'), '#!/bin/sh\necho sub ran\n');
  chmodSync(join(dir, 'sub', 'run.sh'), 0o755);
  return dir;
}

describe('build-ami user-data, run by a real bash', () => {
  it('runs the script in the files directory as root would, prints its output and the OK marker, and powers off', async () => {
    const payload = await packPayload(
      'echo "files at $SLIPWAY_FILES"\ncat app.conf\n./sub/run.sh\n',
      filesDir(),
    );
    const userData = inlineUserData(readFileSync(payload.path), TOKEN)!;
    expect(Buffer.byteLength(userData)).toBeLessThanOrEqual(USER_DATA_MAX_BYTES);
    const r = await runUserData(userData);
    expect(r.powerOff).toBe(true);
    expect(r.console).toMatch(/files at \S+\/build\/files\nlisten 8080;\nsub ran\n/);
    const result = readProvisionResult(r.console, TOKEN);
    expect(result.kind).toBe('succeeded');
    expect(result.lastLines).toContain('sub ran');
  });

  it('a failing script gives the FAILED marker with its exit code, and still powers off', async () => {
    const payload = await packPayload(
      '#!/bin/bash\necho "installing"\necho "no such package" >&2\nexit 3\n',
      undefined,
    );
    const r = await runUserData(
      renderUserData({ kind: 'inline', gzippedTar: readFileSync(payload.path) }, TOKEN),
    );
    expect(r.powerOff).toBe(true);
    const result = readProvisionResult(r.console, TOKEN);
    expect(result).toMatchObject({ kind: 'failed', exitCode: '3' });
    expect(result.lastLines).toEqual(expect.arrayContaining(['installing', 'no such package']));
  });

  it('fetches a big payload from the URL with curl', async () => {
    const dir = filesDir();
    writeFileSync(join(dir, 'blob.bin'), incompressible(64 * 1024));
    const payload = await packPayload('wc -c < blob.bin\n', dir);
    expect(inlineUserData(readFileSync(payload.path), TOKEN)).toBeUndefined();
    const server = createServer((_req, res) => res.end(readFileSync(payload.path)));
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/payload.tgz?X-Amz-Signature=abc'def`;
      const r = await runUserData(renderUserData({ kind: 'url', url }, TOKEN));
      expect(r.console).toContain('65536');
      expect(readProvisionResult(r.console, TOKEN).kind).toBe('succeeded');
    } finally {
      await new Promise((ok) => server.close(ok));
    }
  });

  it('a download that fails (an expired presigned URL: 403) is reported as a failure with exit 97', async () => {
    const server = createServer((_req, res) => {
      res.statusCode = 403;
      res.end('<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>');
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/payload.tgz`;
      const r = await runUserData(renderUserData({ kind: 'url', url }, TOKEN));
      expect(r.powerOff).toBe(true);
      expect(readProvisionResult(r.console, TOKEN)).toMatchObject({ kind: 'failed', exitCode: '97' });
      expect(r.console).toContain('could not download the payload from S3');
    } finally {
      await new Promise((ok) => server.close(ok));
    }
  });
});

describe('provision markers', () => {
  it("ignore a marker with another run's token, and an echo of the marker word", () => {
    const text = [
      'SLIPWAY-PROVISION-OK ffffffffffffffffffffffff',
      'echo SLIPWAY-PROVISION-OK',
      'boot done',
    ].join('\n');
    expect(readProvisionResult(text, TOKEN)).toEqual({
      kind: 'unknown',
      lastLines: ['SLIPWAY-PROVISION-OK ffffffffffffffffffffffff', 'echo SLIPWAY-PROVISION-OK', 'boot done'],
    });
  });

  it('read the last marker when the console holds kernel prefixes and carriage returns', () => {
    const text = `[  12.3] cloud-init[901]: step one\r\n[  13.0] cloud-init[901]: SLIPWAY-PROVISION-FAILED ${TOKEN} exit=2\r\n`;
    expect(readProvisionResult(text, TOKEN)).toEqual({
      kind: 'failed',
      exitCode: '2',
      lastLines: ['[  12.3] cloud-init[901]: step one'],
    });
  });
});
