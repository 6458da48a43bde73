import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { overlayIo } from '../../src/actions/pipeline/overlay-io.js';
import { PIPELINES } from '../../src/actions/pipeline/stages.js';
import { MemoryIo } from '../sim/memory-io.js';
import { serverlessAccount } from '../sim/index.js';

const context = mkdtempSync(join(tmpdir(), 'slipway-defaults-'));
writeFileSync(join(context, 'app.js'), '');

/** Inputs each target needs to get through every stage's checks. */
const BASELINES: Record<keyof typeof PIPELINES, Record<string, string>> = {
  lambda: { 'function-name': 'orders', source: 'examples/lambda-hello' },
  'lambda-image': { 'function-name': 'orders', repository: 'orders', base: 'scratch', context },
  ecs: { repository: 'web', service: 'web', 'container-name': 'app', base: 'scratch', context },
  ec2: { 'base-ami': 'ami-0123456789abcdef0', provision: 'echo hi', service: 'web' },
};

/**
 * The root action.yml gives every input an empty default (one input serves several stages), so each stage's
 * getInputs must read an empty input exactly as its own action.yml default. Otherwise the pipeline would
 * quietly behave differently from the composable action.
 */
describe('the pipeline reads an empty input as each stage’s own default', () => {
  const cases = Object.entries(PIPELINES).flatMap(([target, pipeline]) =>
    pipeline.stages.flatMap((stage) => {
      const meta = parse(readFileSync(`actions/${stage.action}/action.yml`, 'utf8')) as {
        inputs: Record<string, { default?: string }>;
      };
      return Object.entries(meta.inputs)
        .filter(([name, i]) => i.default !== undefined && i.default !== '' && !(name in stage.chained))
        .map(([name, i]) => ({
          target: target as keyof typeof PIPELINES,
          stage,
          name,
          value: String(i.default),
        }));
    }),
  );

  it('covers the defaults of every stage', () => {
    expect(cases.length).toBeGreaterThan(40);
  });

  it.each(cases.map((c) => [`${c.stage.action} ${c.name}=${c.value}`, c] as const))('%s', (_label, c) => {
    const { account } = serverlessAccount();
    const placeholders = c.stage.placeholders(account.deps({}));
    const read = (inputs: Record<string, string>) => {
      const deps = account.deps(inputs, { env: { GITHUB_WORKSPACE: process.cwd() } });
      return c.stage.validate(overlayIo(new MemoryIo(inputs), placeholders, {}), deps);
    };
    const baseline = { ...BASELINES[c.target], target: c.target };
    expect(read({ ...baseline, [c.name]: '' })).toEqual(read({ ...baseline, [c.name]: c.value }));
  });
});
