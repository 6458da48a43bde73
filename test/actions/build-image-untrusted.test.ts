import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostileBase, serveLayout } from '../integration/layout-registry.js';
import { fakeDocker, tempDir, writeBaseLayout } from '../integration/registry-fixtures.js';
import { errorLines, runBundle } from './bundle.js';

// Workflow commands other than the phases' own group lines, which the action writes itself.
const commandLines = (stdout: string): string[] =>
  stdout.split('\n').filter((l) => /^\s*(::|##\[)/.test(l) && !/^::(group::|endgroup::$)/.test(l));

describe('build-image with a base that forges its platform', () => {
  it('fails with one ::error:: line naming the base, the field and the value, and writes no output', async () => {
    const dir = await hostileBase(
      [{ config: { os: 'linux', architecture: 'arm64', variant: 'v9\n::warning::forged' } }],
      false,
    );
    const server = await serveLayout(dir);
    try {
      const context = tempDir('ctx');
      writeFileSync(join(context, 'a.txt'), 'a\n');
      const r = await runBundle('build-image', {
        base: `${server.host}/base/os:1`,
        context,
        platforms: 'linux/arm64',
        output: join(tempDir('o'), 'x.oci'),
      });
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(errorLines(r)).toEqual([
        `::error::base ${server.host}/base/os:1: its config: variant "v9\\n::warning::forged" is not an OCI variant of arm64 (v8, v8.0, v8.1, v8.2, v8.3, v8.4, v8.5, v8.6, v8.7, v8.8, v8.9, v9, v9.0, v9.1, v9.2, v9.3, v9.4, v9.5)`,
      ]);
      expect(commandLines(r.stdout)).toEqual(errorLines(r));
      expect(r.outputs).toEqual({});
      expect(server.requests.length).toBeGreaterThan(0); // it did reach the base
    } finally {
      await server.close();
    }
  });
});

describe('build-image with a Dockerfile, build args and secrets', () => {
  it('never prints a secret or build-arg value, and hands secrets to buildx only through its environment', async () => {
    const { dir: prepared, digest } = await writeBaseLayout([{ os: 'linux', architecture: 'amd64' }]);
    // It talks on stderr as BuildKit does, and a RUN step's output tries a workflow command.
    const { bin, record } = fakeDocker(prepared, [
      '#1 [internal] load build definition from Dockerfile\n',
      '::warning::printed by a RUN step\n#2 DONE 0.1s',
    ]);
    const context = tempDir('ctx');
    const dockerfile = join(context, 'Dockerfile');
    writeFileSync(dockerfile, 'FROM scratch\n');
    const values = ['npm_buildarg_value_1234', 'npm-secret-value-5678', 'gh=secret=value'];
    const r = await runBundle(
      'build-image',
      {
        dockerfile,
        context,
        'build-args': `NPM_TOKEN=${values[0]}\nMODE=true`,
        secrets: `npm=${values[1]}\ngh.token-2=${values[2]}`,
        output: join(tempDir('o'), 'df.oci'),
      },
      { env: { PATH: `${bin}:${process.env['PATH'] ?? ''}`, RUNNER_TEMP: tempDir('rt') } },
    );
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.outputs).toMatchObject({ digest, platforms: 'linux/amd64' });

    // Only the masks name the secrets and the build arg long enough to be a token (MODE=true stays readable);
    // nothing else printed any value.
    expect(commandLines(r.stdout)).toEqual([
      `::add-mask::${values[1]}`,
      `::add-mask::${values[2]}`,
      `::add-mask::${values[0]}`,
    ]);
    const rest = r.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::'));
    for (const v of values) expect(rest.join('\n') + r.stderr).not.toContain(v);
    expect(rest).toContainEqual(
      expect.stringMatching(
        /^docker buildx build .*--build-arg NPM_TOKEN=\*\*\* --build-arg MODE=\*\*\* --secret id=npm,env=SLIPWAY_SECRET_0 --secret id=gh\.token-2,env=SLIPWAY_SECRET_1 /,
      ),
    );
    // docker's own output is shown, one safe line each, the last one too.
    expect(rest).toContain('#1 [internal] load build definition from Dockerfile');
    expect(rest).toContain('\\::warning::printed by a RUN step');
    expect(rest).toContain('#2 DONE 0.1s');

    const seen = JSON.parse(readFileSync(record, 'utf8')) as { args: string[]; env: Record<string, string> };
    expect(seen.args).toEqual(
      expect.arrayContaining([
        '--secret',
        'id=npm,env=SLIPWAY_SECRET_0',
        'id=gh.token-2,env=SLIPWAY_SECRET_1',
      ]),
    );
    expect(seen.args).toContain(`NPM_TOKEN=${values[0]}`); // a build arg is an argument by nature
    expect(JSON.stringify(seen.args)).not.toMatch(/secret-value|secret=value/);
    expect(seen.env['SLIPWAY_SECRET_0']).toBe(values[1]);
    expect(seen.env['SLIPWAY_SECRET_1']).toBe(values[2]);
  });
});
