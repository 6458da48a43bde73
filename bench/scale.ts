// 100 rollouts at once in one simulated account and region, with AWS's request-rate throttling on (token
// buckets shared by every client, test/sim/throttling.ts): Lambda canaries, ECS rolling and blue/green, EC2
// instance refreshes and blue/green, each its own action run with its own clients, on the virtual clock.
// Prints failures (and how many came from throttling), calls per rollout, throttled calls, the most Describes
// of one resource by one rollout in any 5 s at steady state, and the decision latency p50/p99.
import { run as deployEc2 } from '../src/actions/deploy-ec2/main.js';
import { run as deployEcs } from '../src/actions/deploy-ecs/main.js';
import { run as deployLambda } from '../src/actions/deploy-lambda/main.js';
import type { Deps } from '../src/core/deps.js';
import { formatDuration } from '../src/core/inputs.js';
import { describeFailure } from '../src/core/run.js';
import type { TimelineEntry } from '../src/core/timeline.js';
import type { SimCall } from '../test/sim/account.js';
import type { ScaleWorld } from './scale-world.js';
import { addEc2Service, addEcsService, addFunction, scaleWorld } from './scale-world.js';
import { virtualTimers } from './virtual-timers.js';

type Kind = 'lambda-canary' | 'ecs-rolling' | 'ecs-blue-green' | 'ec2-refresh' | 'ec2-blue-green';
const MIX: Array<[Kind, number]> = [
  ['lambda-canary', 40],
  ['ecs-rolling', 15],
  ['ecs-blue-green', 15],
  ['ec2-refresh', 15],
  ['ec2-blue-green', 15],
];
const CANARY_MS = 5 * 60_000;
const WINDOW_MS = 5_000;
const THROTTLE_CODES = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'Throttling',
  'RequestLimitExceeded',
]);
const READ = /^(Describe|Get|List|BatchGet)/;

interface Rollout {
  id: string;
  kind: Kind;
  name: string;
  inputs: Record<string, string>;
  action: (deps: Deps) => Promise<void>;
  deps?: Deps & { io: { outputs: Record<string, string>; logs: string[] } };
  error?: string;
  endedAt?: number;
  calls: SimCall[];
}

function setUp(w: ScaleWorld): Rollout[] {
  const rollouts: Rollout[] = [];
  for (const [kind, n] of MIX)
    for (let i = 0; i < n; i++) {
      const name = `${kind.replace(/-.*/, '')}${kind.includes('blue') ? 'bg' : ''}${i}`;
      const alarm = `${name}-errors`;
      w.cloudwatch.putAlarm(alarm);
      const common = { alarms: alarm };
      let inputs: Record<string, string>;
      let action: Rollout['action'];
      if (kind === 'lambda-canary') {
        inputs = {
          ...addFunction(w, name),
          ...common,
          strategy: 'canary',
          'canary-percent': '10',
          'canary-interval': '5m',
          'bake-time': '2m',
        };
        action = deployLambda;
      } else if (kind.startsWith('ecs')) {
        inputs = {
          ...addEcsService(w, name),
          ...common,
          strategy: kind === 'ecs-rolling' ? 'rolling' : 'blue-green',
          ...(kind === 'ecs-rolling' ? {} : { 'bake-time': '2m' }),
        };
        action = deployEcs;
      } else {
        const { 'listener-arn': listener, ...rest } = addEc2Service(w, name);
        inputs = {
          ...rest,
          ...common,
          ...(kind === 'ec2-refresh'
            ? { strategy: 'rolling' }
            : { strategy: 'blue-green', 'listener-arn': listener!, 'bake-time': '2m' }),
        };
        action = deployEc2;
      }
      rollouts.push({ id: `r${rollouts.length}`, kind, name, inputs, action, calls: [] });
    }
  return rollouts;
}

const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

const pct = (xs: number[], p: number): number => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

/** The most calls of one read action on one resource by one rollout inside any WINDOW_MS, at steady state. */
function describesPerWindow(r: Rollout, answeredOnly: boolean, t0: number): { max: number; what: string } {
  const byKey = new Map<string, number[]>();
  // Steady state: after the first minute (when every job starts at once), reads with no mutating call by the
  // rollout and no step on its timeline in the WINDOW_MS before them (not around a step).
  const marks = (JSON.parse(r.deps!.io.outputs['timeline'] ?? '[]') as TimelineEntry[])
    .filter((e) => e.step !== 'gates')
    .map((e) => Date.parse(e.at));
  const steps = [...r.calls.filter((c) => !READ.test(c.action)).map((c) => c.t), ...marks];
  for (const c of r.calls) {
    if (!READ.test(c.action) || (answeredOnly && c.error) || c.t < t0 + 60_000) continue;
    if (steps.some((t) => t <= c.t && c.t - t < WINDOW_MS)) continue;
    const key = `${c.action} ${c.resources.map((x) => x.arn).join(',') || JSON.stringify(c.input)}`;
    let ts = byKey.get(key);
    if (!ts) byKey.set(key, (ts = []));
    ts.push(c.t);
  }
  let max = 0;
  let what = '';
  for (const [key, ts] of byKey) {
    for (let i = 0, j = 0; j < ts.length; j++) {
      while (ts[j]! - ts[i]! >= WINDOW_MS) i++;
      if (j - i + 1 > max)
        [max, what] = [j - i + 1, `${key.split(' ')[0]!} at +${Math.round((ts[i]! - t0) / 1000)}s`];
    }
  }
  return { max, what };
}

/** When the rollout's timeline next marks a step (not a gate check) at or after `t`: the step that began. */
function markAfter(r: Rollout, t: number): number | undefined {
  const entries = JSON.parse(r.deps!.io.outputs['timeline'] ?? '[]') as TimelineEntry[];
  return entries
    .filter((e) => e.step !== 'gates')
    .map((e) => Date.parse(e.at))
    .find((at) => at >= t);
}

/**
 * How long after a step's condition held the rollout acted on it, in virtual ms. Conditions the simulator knows
 * to the millisecond: a canary's interval ending (the next UpdateAlias), an ECS service deployment finishing
 * or an instance refresh ending (the next step on the rollout's timeline), the green group all healthy (its first listener change).
 */
function decisionLatencies(
  w: ScaleWorld,
  r: Rollout,
  healthySince: Map<string, number>,
  tgArns: () => Iterable<string>,
): number[] {
  const out: number[] = [];
  if (r.kind === 'lambda-canary') {
    const shifts = r.calls.filter((c) => c.action === 'UpdateAlias' && !c.error);
    if (shifts.length >= 2) out.push(shifts[1]!.t - (shifts[0]!.t + CANARY_MS));
  } else if (r.kind.startsWith('ecs')) {
    const svc = w.ecs.service(r.name, r.name);
    const done = svc.serviceDeployments.filter((d) => d.status === 'SUCCESSFUL' && d.finishedAt).at(-1);
    const mark = done?.finishedAt !== undefined ? markAfter(r, done.finishedAt) : undefined;
    if (mark !== undefined) out.push(mark - done!.finishedAt!);
  } else if (r.kind === 'ec2-refresh') {
    const refresh = w.autoscaling.refreshesOf(`${r.name}-blue`).find((x) => x.status === 'Successful');
    const mark = refresh?.end !== undefined ? markAfter(r, refresh.end) : undefined;
    if (mark !== undefined) out.push(mark - refresh!.end!);
  } else {
    // Green's target group: the one this rollout created.
    const created = r.calls.find((c) => c.action === 'CreateTargetGroup' && !c.error);
    const name = (created?.input as { Name?: string } | undefined)?.Name;
    const green = [...tgArns()].find((arn) => name !== undefined && w.elbv2.nameOf(arn) === name);
    const since = green ? healthySince.get(green) : undefined;
    const weighted = (c: SimCall): boolean =>
      JSON.stringify(c.input).includes(`"TargetGroupArn":"${green}","Weight":`) &&
      !JSON.stringify(c.input).includes(`"TargetGroupArn":"${green}","Weight":0`);
    const shift = r.calls.find((c) => c.action === 'ModifyListener' && !c.error && weighted(c));
    // Sampled once a virtual second: a shift before the sample saw green healthy acted within that second.
    if (since !== undefined && shift) out.push(Math.max(0, shift.t - since));
  }
  return out;
}

async function runAll(options: { label: string }): Promise<string[]> {
  const w = scaleWorld();
  const rollouts = setUp(w);
  // Versions Active, tasks and instances healthy: the account as the previous releases left it.
  w.account.clock.advance(10 * 60_000);
  w.account.calls.length = 0;
  const limits = w.account.enableRateLimits();
  const t0 = w.account.clock.now();

  // When each green target group first had two healthy targets, sampled every virtual second.
  const healthySince = new Map<string, number>();
  const tgs = (w.elbv2 as unknown as { targetGroups: Map<string, unknown> }).targetGroups;
  const before = new Set(tgs.keys());
  let sampling = true;
  const sample = (): void => {
    if (!sampling) return;
    for (const arn of tgs.keys())
      if (!before.has(arn) && !healthySince.has(arn) && w.elbv2.healthyCount(arn) >= 2)
        healthySince.set(arn, w.account.clock.now());
    w.account.clock.at(w.account.clock.now() + 1_000, sample);
  };
  sample();

  // Load what each action imports lazily first: an import takes wall time, during which the virtual clock
  // would run on for the rollouts already waiting, and the figures would change from run to run.
  await Promise.all([
    import('../src/actions/deploy-lambda/deploy.js'),
    import('../src/actions/deploy-ecs/deploy.js'),
    import('../src/actions/deploy-ec2/deploy.js'),
  ]);
  const byId = new Map(rollouts.map((r) => [r.id, r]));
  const restore = virtualTimers(w.account.clock, 7);
  const wall = performance.now();
  await Promise.all(
    rollouts.map(async (r) => {
      const base = w.account.deps(r.inputs);
      // Its own clients, named so that each call says which rollout made it.
      const deps = {
        ...base,
        aws: (s: Parameters<Deps['aws']>[0]) => w.account.aws({ ...s, action: `${s.action}.${r.id}` }),
      };
      r.deps = deps;
      try {
        await r.action(deps);
      } catch (err) {
        r.error = describeFailure(err);
      }
      r.endedAt = w.account.clock.now();
    }),
  );
  sampling = false;
  restore();
  const wallMs = performance.now() - wall;
  for (const c of w.account.calls) {
    const id = c.by?.split('.').at(-1);
    const r = id ? byId.get(id) : undefined;
    if (r) r.calls.push(c);
  }

  const failed = rollouts.filter((r) => r.error || r.deps!.io.outputs['status'] !== 'succeeded');
  const text = (r: Rollout): string =>
    `${r.error ?? ''} ${r.deps!.io.outputs['status'] ?? ''} ${r.deps!.io.logs.join('\n')}`;
  const fromThrottling = failed.filter((r) =>
    /throttl|Rate exceeded|TooManyRequests|RequestLimitExceeded/i.test(text(r)),
  );
  const callCounts = rollouts.map((r) => r.calls.length);
  const throttled = w.account.calls.filter((c) => c.error && THROTTLE_CODES.has(c.error));
  const perMinute: number[] = [];
  for (const c of throttled) {
    const m = Math.floor((c.t - t0) / 60_000);
    perMinute[m] = (perMinute[m] ?? 0) + 1;
  }
  const perWindowAll = rollouts.map((r) => describesPerWindow(r, false, t0));
  const perWindow = perWindowAll.map((x) => x.max);
  const answered = rollouts.map((r) => describesPerWindow(r, true, t0).max);
  const worst = perWindowAll.reduce((a, b) => (b.max > a.max ? b : a));
  const latencyByKind = new Map<Kind, number[]>();
  for (const r of rollouts) {
    const l = latencyByKind.get(r.kind) ?? [];
    l.push(...decisionLatencies(w, r, healthySince, () => tgs.keys()));
    latencyByKind.set(r.kind, l);
  }
  const latencies = [...latencyByKind.values()].flat();
  // Synchronised pollers: how many rollouts call in the same virtual millisecond, at most.
  const perInstant = new Map<number, Set<string>>();
  for (const c of w.account.calls) {
    // After the first minute: the start, when every job begins at once, is the matrix's doing.
    if (c.t < t0 + 60_000) continue;
    let s = perInstant.get(c.t);
    if (!s) perInstant.set(c.t, (s = new Set()));
    s.add(c.by ?? '');
  }
  const together = Math.max(...[...perInstant.values()].map((s) => s.size));
  const byBucket = [...limits.throttled]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  const lines = [
    `${options.label}: ${rollouts.length} rollouts (${MIX.map(([k, n]) => `${n} ${k}`).join(', ')}) in ${formatDuration(w.account.clock.now() - t0)} virtual, ${(wallMs / 1000).toFixed(1)} s wall`,
    `  failed: ${failed.length} (from throttling: ${fromThrottling.length})  goal 0 from throttling`,
    `  calls per rollout: mean ${(callCounts.reduce((a, b) => a + b, 0) / callCounts.length).toFixed(0)}, p50 ${pct(callCounts, 50)}, max ${Math.max(...callCounts)}`,
    `  throttled calls: ${throttled.length} of ${w.account.calls.length} (${byBucket || 'none'}); by minute: ${Array.from(perMinute, (n) => n ?? 0).join(' ')}`,
    `  Describes of one resource per 5 s by one rollout at steady state: max ${Math.max(...perWindow)} (${worst.what}), p99 ${pct(perWindow, 99)}; answered ones only: max ${Math.max(...answered)}, p99 ${pct(answered, 99)}  goal ≤ 1`,
    `  rollouts calling in the same virtual millisecond after the first minute: at most ${together}`,
    `  decision latency (condition holds → step begins; ${latencies.length} decisions): p50 ${secs(pct(latencies, 50))}, p99 ${secs(pct(latencies, 99))}, max ${secs(Math.max(...latencies))}  goal p99 ≤ one poll interval`,
  ];
  lines.push(
    `    by kind (p50/p99): ${[...latencyByKind].map(([k, l]) => `${k} ${secs(pct(l, 50))}/${secs(pct(l, 99))}`).join(', ')}`,
  );
  for (const r of failed.slice(0, 5)) {
    // SCALE_DEBUG=1: the last lines each failed rollout logged.
    if (process.env['SCALE_DEBUG']) lines.push(...r.deps!.io.logs.slice(-12).map((l) => `      | ${l}`));
    lines.push(
      `  ✖ ${r.id} ${r.kind} ${r.name}: ${(r.error ?? r.deps!.io.outputs['status'] ?? '?').slice(0, 300)}`,
    );
  }
  return lines;
}

export async function benchScale(): Promise<string[]> {
  return runAll({ label: 'scale' });
}
