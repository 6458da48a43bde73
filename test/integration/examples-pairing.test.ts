// The examples must work as a pair: a promote/rollback workflow acts on what its push workflow deploys, in the
// same concurrency group, and every strategy it offers is one the action accepts with the inputs it gives.
// The workflows are read as the runner would run them: each choice of a manual workflow, each matrix entry,
// reusable workflows followed with their callers' inputs, and `${{ }}` evaluated.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { getInputs as deployEc2Inputs } from '../../src/actions/deploy-ec2/inputs.js';
import { getInputs as deployEcsInputs } from '../../src/actions/deploy-ecs/inputs.js';
import { getInputs as deployLambdaInputs } from '../../src/actions/deploy-lambda/inputs.js';
import { MemoryIo } from '../sim/memory-io.js';
import type { Context, Value } from '../support/workflow-expressions.js';
import { evaluate, interpolate, RunTime } from '../support/workflow-expressions.js';

const DIR = 'workflows-examples';
/** What RunTime values look like once they are text: the action would get the run's value there. */
const RUN_TIME = /⟨[^⟩]*⟩/;

type Kind = 'lambda' | 'ecs' | 'ec2';
interface WorkflowInput {
  type?: string;
  options?: string[];
  default?: string | number | boolean;
  required?: boolean;
}
type Concurrency = string | { group: string } | undefined;
interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}
interface Job {
  uses?: string;
  with?: Record<string, unknown>;
  concurrency?: Concurrency;
  strategy?: { matrix?: Record<string, unknown> };
  steps?: Step[];
}
interface Workflow {
  on: Record<string, { inputs?: Record<string, WorkflowInput> } | null>;
  concurrency?: Concurrency;
  jobs: Record<string, Job>;
}

/** One deploy step as one run would execute it. */
interface Deployment {
  file: string;
  where: string;
  kind: Kind;
  /** The names the step's with: gives. */
  given: string[];
  /** The deploy action's inputs as it would read them: action.yml's defaults, then what the step gives. */
  inputs: Record<string, string>;
  region: string;
  /** Every concurrency group the step runs in (the workflow's and the job's, the caller's too). */
  groups: string[];
  target: string;
}

const read = (file: string): Workflow => parse(readFileSync(file, 'utf8')) as Workflow;
const actionInputs = (kind: Kind): Record<string, { default?: string; required?: boolean }> =>
  (parse(readFileSync(`actions/deploy-${kind}/action.yml`, 'utf8')) as { inputs: Record<string, never> })
    .inputs;

function contextOf(inputs: Record<string, Value>, matrix: Record<string, Value>): Context {
  return (path) => {
    const [head, name = ''] = path;
    if (head === 'inputs' || head === 'matrix') {
      const from = head === 'inputs' ? inputs : matrix;
      if (!(name in from)) throw new Error(`${head}.${name} is not declared`);
      return from[name]!;
    }
    if (['steps', 'secrets', 'github', 'needs', 'env', 'vars', 'runner', 'job', 'jobs'].includes(head!))
      return new RunTime(path.join('.'));
    throw new Error(`the context ${head} is not modelled`);
  };
}

/** A value that is one whole expression keeps its type (a run-time value stays one); others become text. */
function valueOf(raw: unknown, ctx: Context): Value {
  const whole = typeof raw === 'string' ? /^\$\{\{(.*)\}\}$/s.exec(raw.trim()) : null;
  if (whole && !whole[1]!.includes('}}')) return evaluate(whole[1]!, ctx);
  return interpolate(raw, ctx);
}

function groupsOf(concurrency: Concurrency, ctx: Context): string[] {
  if (concurrency === undefined) return [];
  return [interpolate(typeof concurrency === 'string' ? concurrency : concurrency.group, ctx)];
}

/** Every combination of a manual workflow's choices (a free input is known only at run time). */
function choices(wf: Workflow): Array<Record<string, Value>> {
  let combos: Array<Record<string, Value>> = [{}];
  for (const [name, input] of Object.entries(wf.on['workflow_dispatch']?.inputs ?? {})) {
    const values: Value[] =
      input.type === 'choice'
        ? input.options!
        : input.type === 'boolean'
          ? [true, false]
          : [input.default ?? new RunTime(`inputs.${name}`)];
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [name]: v })));
  }
  return combos;
}

function matrixOf(job: Job): Array<Record<string, Value>> {
  let combos: Array<Record<string, Value>> = [{}];
  for (const [name, values] of Object.entries(job.strategy?.matrix ?? {})) {
    if (!Array.isArray(values)) throw new Error(`matrix.${name}: only plain lists are modelled`);
    combos = combos.flatMap((c) => values.map((v: Value) => ({ ...c, [name]: v })));
  }
  return combos;
}

const label = (values: Record<string, Value>): string =>
  Object.keys(values).length
    ? ` (${Object.entries(values)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(', ')})`
    : '';

function kindOf(step: Step, ctx: Context): Kind | undefined {
  const m = /(?:^|\/)actions\/deploy-(lambda|ecs|ec2)(?:@|$)/.exec(step.uses ?? '');
  if (m) return m[1] as Kind;
  // The root action (slipway/slipway@v1) deploys what its target says.
  if (/^[^/]+\/[^/]+@/.test(step.uses ?? '') && step.uses!.startsWith('slipway/'))
    return interpolate(step.with?.['target'], ctx) as Kind;
  return undefined;
}

function targetOf(kind: Kind, i: Record<string, string>, region: string): string {
  if (kind === 'lambda') return `Lambda function ${i['function-name']} alias ${i['alias']} in ${region}`;
  if (kind === 'ecs') return `ECS service ${i['service']} of cluster ${i['cluster']} in ${region}`;
  return `EC2 ${i['service'] ? `service ${i['service']}` : `group ${i['auto-scaling-group']}`} in ${region}`;
}

function walk(file: string, wf: Workflow, where: string, inputs: Record<string, Value>, outer: string[]) {
  const found: Deployment[] = [];
  const wfGroups = [...outer, ...groupsOf(wf.concurrency, contextOf(inputs, {}))];
  for (const [jobName, job] of Object.entries(wf.jobs))
    for (const matrix of matrixOf(job)) {
      const ctx = contextOf(inputs, matrix);
      const groups = [...wfGroups, ...groupsOf(job.concurrency, ctx)];
      const here = `${where} > ${jobName}${label(matrix)}`;
      if (job.uses) {
        const called = /^\.\/\.github\/workflows\/(.+)$/.exec(job.uses)?.[1];
        if (!called) throw new Error(`${here}: only local reusable workflows are modelled`);
        const declared = read(join(DIR, called)).on['workflow_call']?.inputs ?? {};
        const given = job.with ?? {};
        for (const name of Object.keys(given))
          if (!(name in declared)) throw new Error(`${here}: ${called} has no input ${name}`);
        const calledInputs = Object.fromEntries(
          Object.entries(declared).map(([name, d]) => {
            if (name in given) return [name, valueOf(given[name], ctx)];
            if (d.required) throw new Error(`${here}: ${called} requires the input ${name}`);
            return [name, d.default ?? ''];
          }),
        );
        found.push(...walk(file, read(join(DIR, called)), `${here} > ${called}`, calledInputs, groups));
        continue;
      }
      let region = '';
      for (const step of job.steps ?? []) {
        if (step.uses?.startsWith('aws-actions/configure-aws-credentials@'))
          region = interpolate(step.with?.['aws-region'], ctx);
        const kind = kindOf(step, ctx);
        if (!kind) continue;
        const meta = actionInputs(kind);
        const with_ = step.with ?? {};
        const values: Record<string, string> = {};
        for (const [name, input] of Object.entries(meta))
          values[name] =
            name in with_
              ? interpolate(with_[name], ctx)
              : input.required // the root action chains it from its publish stage
                ? `⟨${name} from the publish stage⟩`
                : interpolate(input.default ?? '', ctx); // the runner evaluates a default such as ${{ github.token }}
        const at = values['aws-region'] || region;
        if (!at)
          throw new Error(`${here}: no aws-region on the step, and no configure-aws-credentials before it`);
        found.push({
          file,
          where: here,
          kind,
          given: Object.keys(with_),
          inputs: values,
          region: at,
          groups,
          target: targetOf(kind, values, at),
        });
      }
    }
  return found;
}

/** The deploy steps a workflow file runs, once per choice (reusable workflows run through their callers). */
function deploymentsOf(file: string): Deployment[] {
  const wf = read(join(DIR, file));
  const triggers = Object.keys(wf.on);
  if (triggers.length === 1 && triggers[0] === 'workflow_call') return [];
  return choices(wf).flatMap((inputs) => walk(file, wf, `${file}${label(inputs)}`, inputs, []));
}

/** What is wrong with a promote/rollback workflow's deployments against its push workflow's. */
function mismatches(promoted: Deployment[], pushed: Deployment[]): string[] {
  const problems: string[] = [];
  for (const d of promoted) {
    const same = pushed.find((p) => p.target === d.target);
    if (!same) {
      const there = [...new Set(pushed.map((p) => p.target))].join('; ');
      problems.push(`${d.where} deploys ${d.target}, but the push workflow deploys ${there}`);
    } else if (!d.groups.some((g) => same.groups.includes(g)))
      problems.push(
        `${d.where} runs in concurrency group ${d.groups.join(', ') || '(none)'}, ${same.where} in ${same.groups.join(', ') || '(none)'}: both can roll ${d.target} out at once`,
      );
  }
  return problems;
}

/** A value the run provides, in a form the action accepts, for an input the workflow knows only at run time. */
const SAMPLES: Record<string, string> = {
  version: '7',
  image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/web@sha256:${'0'.repeat(64)}`,
  'ami-id': 'ami-0123456789abcdef0',
  'github-token': 'ghs_000000000000000000000000000000000000',
};

/** Reads the deployment's inputs with the action's own getInputs, which throws the InputError a run would. */
function validate(d: Deployment): void {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(d.inputs)) {
    if (!RUN_TIME.test(value)) values[name] = value;
    else if (name in SAMPLES) values[name] = SAMPLES[name]!;
    else
      throw new Error(`${d.where}: ${name} is known only at run time (${value}): add a sample of its form`);
  }
  const io = new MemoryIo(values);
  const env = { AWS_REGION: d.region };
  if (d.kind === 'lambda') deployLambdaInputs(io, env);
  else if (d.kind === 'ecs') deployEcsInputs(io, env, process.cwd());
  else deployEc2Inputs(io, env);
}

const files = readdirSync(DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
const all = files.flatMap(deploymentsOf);
const pairs = files
  .filter((f) => f.endsWith('-promote-or-rollback.yml'))
  .map((f) => [f, f.replace('-promote-or-rollback.yml', '-on-push.yml')] as const);
const byFile = (file: string): Deployment[] => all.filter((d) => d.file === file);

describe('the workflow examples work as a pair', () => {
  it('the expression reader follows GitHub: && and || return an operand, strings compare ignoring case', () => {
    const ctx = contextOf({ strategy: 'rolling', empty: '' }, {});
    const arn = "${{ inputs.strategy != 'rolling' && 'arn:x' || '' }}";
    expect(interpolate(arn, ctx)).toBe('');
    expect(interpolate(arn, contextOf({ strategy: 'Canary' }, {}))).toBe('arn:x');
    expect(interpolate("${{ inputs.strategy == 'ROLLING' && '2m' || '10m' }}", ctx)).toBe('2m');
    expect(interpolate('a-${{ inputs.empty || inputs.strategy }}-${{ steps.x.outputs.y }}', ctx)).toBe(
      'a-rolling-⟨steps.x.outputs.y⟩',
    );
    expect(() => interpolate('${{ inputs.nosuch }}', ctx)).toThrow(/inputs\.nosuch is not declared/);
    expect(() => interpolate("${{ steps.d.outputs.status == 'ok' }}", ctx)).toThrow(/known only at run time/);
  });

  it('finds the deploy steps of every pattern, through reusable workflows, choices and matrices', () => {
    for (const [promote, push] of pairs) {
      expect(byFile(push).length, push).toBeGreaterThan(0);
      expect(byFile(promote).length, promote).toBeGreaterThan(1);
    }
    expect(pairs.map(([p]) => p)).toEqual([
      'ec2-promote-or-rollback.yml',
      'ecs-promote-or-rollback.yml',
      'lambda-promote-or-rollback.yml',
    ]);
    expect(byFile('ami-multi-region.yml').map((d) => d.region)).toEqual([
      'us-east-1',
      'eu-west-1',
      'ap-southeast-2',
    ]);
  });

  it.each(pairs)('%s acts on what %s deploys, in the same concurrency group', (promote, push) => {
    expect(mismatches(byFile(promote), byFile(push))).toEqual([]);
  });

  it('every example that deploys one target does so in one shared concurrency group', () => {
    const problems: string[] = [];
    for (const d of all) {
      if (!d.groups.length) problems.push(`${d.where} has no concurrency group`);
      for (const other of all)
        if (other.target === d.target && !other.groups.some((g) => d.groups.includes(g)))
          problems.push(`${d.where} and ${other.where} both deploy ${d.target} in different groups`);
    }
    expect([...new Set(problems)]).toEqual([]);
  });

  it.each(all.map((d) => [d.where, d] as const))(
    "%s: the inputs for this strategy pass the action's own checks",
    (_, d) => {
      expect(() => validate(d)).not.toThrow();
    },
  );

  it("deploy steps leave the GitHub Deployment to the job's environment:", () => {
    const inputs = all.flatMap((d) =>
      d.given
        .filter((k) => ['github-deployment', 'github-token', 'environment', 'environment-url'].includes(k))
        .map((k) => `${d.where}: ${k}`),
    );
    expect(inputs).toEqual([]);
  });

  describe('controls: the checks catch what the issue found', () => {
    const ec2 = byFile('ec2-promote-or-rollback.yml');
    const lambda = byFile('lambda-promote-or-rollback.yml');

    it('a promote on another alias, cluster or service is a mismatch', () => {
      const moved = lambda.map((d) => ({
        ...d,
        target: targetOf('lambda', { ...d.inputs, alias: 'production' }, d.region),
      }));
      expect(mismatches(moved, byFile('lambda-on-push.yml'))[0]).toMatch(
        /deploys Lambda function orders alias production in us-east-1, but the push workflow deploys Lambda function orders alias live in us-east-1/,
      );
    });

    it('a promote in another concurrency group is a mismatch', () => {
      const apart = lambda.map((d) => ({ ...d, groups: ['slipway-production-orders'] }));
      expect(mismatches(apart, byFile('lambda-on-push.yml'))[0]).toMatch(/both can roll .* out at once/);
    });

    it('canary without listener-arn, or rolling with it, fails the action', () => {
      const canary = ec2.find((d) => d.inputs['strategy'] === 'canary')!;
      expect(() => validate({ ...canary, inputs: { ...canary.inputs, 'listener-arn': '' } })).toThrow(
        /listener-arn.*required for canary/,
      );
      const rolling = ec2.find((d) => d.inputs['strategy'] === 'rolling')!;
      expect(() =>
        validate({
          ...rolling,
          inputs: {
            ...rolling.inputs,
            'listener-arn':
              'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/api/0123456789abcdef/0123456789abcdef',
          },
        }),
      ).toThrow(/listener-arn.*is for blue-green and canary/);
    });
  });
});
