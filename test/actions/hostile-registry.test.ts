import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBaseLayout } from '../integration/registry-fixtures.js';
import { runBundle } from './bundle.js';

// A registry's error body is untrusted text: one that tries to write workflow commands into the log.
const HOSTILE = 'denied\n::stop-commands::pwned\n::warning::forged\r\n##[error]old form';

describe('a registry error body cannot write a workflow command (publish-image bundle)', () => {
  let host = '';
  const server = createServer((req, res) => {
    req.resume();
    // Nothing is there yet (HEAD has no body to carry the text); the upload is then refused with it.
    if (req.method === 'HEAD') return void res.writeHead(404).end();
    res.writeHead(403, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ errors: [{ code: 'DENIED', message: HOSTILE }] }));
  });
  beforeAll(async () => {
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

  it('fails with one ::error:: line that carries the text defused, and no other command', async () => {
    const layout = (await writeBaseLayout([{ os: 'linux', architecture: 'amd64' }])).dir;
    const r = await runBundle('publish-image', {
      'layout-path': layout,
      repository: 'team/app',
      registry: host,
      tags: 'v1',
    });
    expect(r.code).toBe(1);
    // Every workflow command but the phases' own group lines.
    const commands = r.stdout
      .split('\n')
      .filter((l) => /^\s*(::|##\[)/.test(l) && !/^::(group::|endgroup::$)/.test(l));
    expect(commands).toHaveLength(1);
    expect(commands[0]).toMatch(
      /^::error::.*DENIED: denied\\n::stop-commands::pwned\\n::warning::forged\\r\\n#\\#\[error\]/,
    );
    expect(r.stdout).not.toContain('##[error]');
  });
});
