import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A real registry (Debian's docker-registry, distribution 2.8) on a loopback port, with its own storage. */
export interface RegistryServer {
  /** host:port, e.g. 127.0.0.1:41234. */
  host: string;
  pid: number;
  /** The access log's request lines so far (`HEAD /v2/app/manifests/v1`), as the registry saw them. */
  requests(): string[];
  /** The upload sessions of `repository` begun and neither finished nor cancelled, as its storage shows. */
  openUploads(repository: string): string[];
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function config(root: string, port: number): string {
  return [
    'version: 0.1',
    'log:',
    '  level: error',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(root, 'storage')}`,
    '  delete:',
    '    enabled: true',
    '  cache:',
    '    blobdescriptor: inmemory',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    '  secret: slipway-test-only',
    '',
  ].join('\n');
}

async function ready(host: string, child: ChildProcess): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) return false;
    try {
      const res = await fetch(`http://${host}/v2/`);
      await res.body?.cancel();
      if (res.status === 200) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/** Starts docker-registry on a free 127.0.0.1 port; stop() ends it by its pid and removes its storage. */
export async function startRegistry(): Promise<RegistryServer> {
  const root = mkdtempSync(join(tmpdir(), 'slipway-registry-'));
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const file = join(root, 'config.yml');
    writeFileSync(file, config(root, port));
    const child = spawn('/usr/bin/docker-registry', ['serve', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    const log: string[] = [];
    const collect = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split('\n')) {
        const m = /"([A-Z]+) (\/v2\/[^ ]*) HTTP\/[\d.]+"/.exec(line);
        if (m) log.push(`${m[1]} ${(m[2] as string).split('?')[0]}`);
      }
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const host = `127.0.0.1:${port}`;
    if (!(await ready(host, child))) {
      if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
      continue; // the port was taken in between; try another
    }
    const pid = child.pid as number;
    return {
      host,
      pid,
      requests: () => [...log],
      openUploads: (repository) => {
        const dir = join(root, 'storage', 'docker', 'registry', 'v2', 'repositories', repository, '_uploads');
        // A cancelled or finished session keeps its directory (with hash states); an open one has `startedat`.
        return existsSync(dir) ? readdirSync(dir).filter((id) => existsSync(join(dir, id, 'startedat'))) : [];
      },
      stop: async () => {
        if (child.exitCode === null) {
          const exited = new Promise((r) => child.once('exit', r));
          process.kill(pid, 'SIGTERM');
          await exited;
        }
        rmSync(root, { recursive: true, force: true });
      },
    };
  }
  rmSync(root, { recursive: true, force: true });
  throw new Error('docker-registry did not start on a loopback port');
}
