import { gunzipSync } from 'node:zlib';
import type { ProvisionOutcome, SimInstance } from './services/ec2-model.js';
import type { S3Sim } from './services/s3.js';

/** What the scenario says a provision script does on the builder. */
export interface ScriptRun {
  exitCode: number;
  output: string[];
  durationMs: number;
}

export type ScriptBehaviour = (script: string, files: Map<string, Buffer>) => ScriptRun;

/** Reads a ustar archive synchronously: regular files only, by path. */
export function readTar(tar: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (let off = 0; off + 512 <= tar.length;) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start: number, len: number): string =>
      header
        .subarray(start, start + len)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    const name = (field(345, 155) ? `${field(345, 155)}/` : '') + field(0, 100);
    const size = Number.parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1);
    if (type === '0' || type === '') files.set(name, tar.subarray(off + 512, off + 512 + size));
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/**
 * Emulates a builder running slipway's user-data, without a shell: it takes the payload from the heredoc (or
 * from S3, for a presigned URL), lets the scenario decide what the provision script does, and prints what
 * the script's `finish` prints: the output, then the marker with the exit code. The marker text is read from
 * the user-data itself, so the emulation follows whatever the script would print.
 */
export function bakeMachine(behaviour: ScriptBehaviour, s3?: S3Sim) {
  return (userData: string, _instance: SimInstance): ProvisionOutcome | undefined => {
    const ok = /marker="(SLIPWAY-PROVISION-OK [^"]+)"/.exec(userData)?.[1];
    const failed = /marker="(SLIPWAY-PROVISION-FAILED [^"]+)"/.exec(userData)?.[1];
    if (!ok || !failed) return undefined;
    let gz: Buffer | undefined;
    const inline = /<<'SLIPWAY_PAYLOAD'[^\n]*\n([\s\S]*?)\nSLIPWAY_PAYLOAD\n/.exec(userData);
    if (inline) gz = Buffer.from(inline[1]!.replace(/\s/g, ''), 'base64');
    const url = /curl [^']*'([^']+)'/.exec(userData)?.[1];
    if (url && s3) {
      const u = new URL(url);
      const [bucket, ...key] =
        u.hostname.endsWith('.amazonaws.com') && !u.hostname.startsWith('s3.')
          ? [u.hostname.split('.')[0]!, ...u.pathname.slice(1).split('/')]
          : u.pathname.slice(1).split('/');
      gz = s3.object(bucket!, decodeURIComponent(key.join('/')));
    }
    if (!gz) {
      const line = `slipway: could not download the payload from S3`;
      return { durationMs: 5_000, console: [line, failed.replace('$1', '97')], powerOff: true };
    }
    const files = readTar(gunzipSync(gz));
    const script = files.get('provision.sh')?.toString('utf8') ?? '';
    const payloadFiles = new Map(
      [...files].filter(([k]) => k.startsWith('files/')).map(([k, v]) => [k.slice('files/'.length), v]),
    );
    const run = behaviour(script, payloadFiles);
    const marker = run.exitCode === 0 ? ok : failed.replace('$1', String(run.exitCode));
    const reason = run.exitCode === 0 ? [] : [`slipway: the provision script exited with ${run.exitCode}`];
    return { durationMs: run.durationMs, console: [...run.output, ...reason, marker], powerOff: true };
  };
}
