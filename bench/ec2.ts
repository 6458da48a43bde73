// deploy-ec2 on the simulated account, 10 instances: how many AWS calls a blue/green rollout makes, and how
// long after each step's condition holds (in virtual time) the rollout acts on it.
import { run } from '../src/actions/deploy-ec2/main.js';
import { formatDuration } from '../src/core/inputs.js';
import type { Ec2Fixture } from '../test/scenarios/ec2-fixture.js';
import { BLUE_GROUP, ec2Fixture, REGION, SERVICE } from '../test/scenarios/ec2-fixture.js';

const INSTANCES = 10;
const SAMPLE_MS = 1_000;
// pollUntil's interval grows from 5 s by half while nothing changes, up to its 30 s ceiling.
const POLL_CEILING_MS = 30_000;

const inputs = (f: Ec2Fixture, extra: Record<string, string>) => ({
  service: SERVICE,
  'ami-id': f.newAmi,
  'listener-arn': f.listenerArn!,
  'aws-region': REGION,
  ...extra,
});

/**
 * Samples the simulated state every virtual second (so a condition's start is known to the second, not to
 * the next poll), and records when each watched condition first holds.
 */
function watch(
  f: Ec2Fixture,
  conditions: Record<string, () => boolean>,
): { since: Record<string, number>; stop: () => void } {
  const since: Record<string, number> = {};
  let stopped = false;
  const sample = (): void => {
    if (stopped) return;
    for (const [name, holds] of Object.entries(conditions))
      if (since[name] === undefined && holds()) since[name] = f.account.clock.now();
    f.account.clock.at(f.account.clock.now() + SAMPLE_MS, sample);
  };
  sample();
  return { since, stop: () => (stopped = true) };
}

const greenTg = (f: Ec2Fixture): string | undefined =>
  f.autoscaling
    .groupNames()
    .map((n) => f.autoscaling.group(n)!)
    .find((g) => g.name !== BLUE_GROUP)?.targetGroupArns[0];

/** The first weight change at or after `from` that satisfies `is`. */
const firstWeightChange = (
  f: Ec2Fixture,
  from: number,
  is: (greenShare: number, blueListed: boolean) => boolean,
): number | undefined =>
  f.elbv2.weightHistory.find((h) => {
    if (h.t < from) return false;
    const total = h.weights.reduce((s, x) => s + x.weight, 0);
    const green = h.weights.find((x) => x.targetGroupArn !== f.blueTg);
    return is(
      total && green ? (100 * green.weight) / total : 0,
      h.weights.some((x) => x.targetGroupArn === f.blueTg),
    );
  })?.t;

async function callsOfBlueGreen(): Promise<string[]> {
  const f = ec2Fixture({ instances: INSTANCES, deregistrationDelaySeconds: 300 });
  const t0 = f.account.clock.now();
  const deps = f.account.deps(inputs(f, { strategy: 'blue-green', 'bake-time': '5m' }));
  await run(deps);
  if (deps.io.outputs['status'] !== 'succeeded')
    throw new Error(`blue/green ended ${deps.io.outputs['status']}`);
  const calls = f.account.calls.filter((c) => c.by === 'deploy-ec2');
  const byService = new Map<string, number>();
  for (const c of calls) byService.set(c.service, (byService.get(c.service) ?? 0) + 1);
  const minutes = (f.account.clock.now() - t0) / 60_000;
  const mutating = f.account.mutatingCalls().filter((c) => c.by === 'deploy-ec2').length;
  return [
    `deploy-ec2 blue/green, ${INSTANCES} instances, 5m bake, 300s deregistration delay: ${calls.length} AWS calls (${mutating} mutating) over ${formatDuration(minutes * 60_000)} of virtual time, ${(calls.length / minutes).toFixed(1)} calls/min`,
    `  by service: ${[...byService]
      .sort((a, b) => b[1] - a[1])
      .map(([s, n]) => `${s} ${n}`)
      .join(', ')}`,
  ];
}

async function decisionLatency(): Promise<string[]> {
  const f = ec2Fixture({ instances: INSTANCES, deregistrationDelaySeconds: 300 });
  const blueZero = (): number | undefined => firstWeightChange(f, 0, (g) => g === 100);
  const conditions = {
    'green healthy → canary shift': () => {
      const tg = greenTg(f);
      return tg !== undefined && f.elbv2.healthyCount(tg) >= INSTANCES;
    },
    'canary interval over → shift 100%': () => {
      const canary = firstWeightChange(f, 0, (g) => g > 0 && g < 100);
      return canary !== undefined && f.account.clock.now() >= canary + 5 * 60_000;
    },
    'blue drained → blue off the listener': () => {
      const zero = blueZero();
      return zero !== undefined && f.account.clock.now() >= zero + 300_000;
    },
    'blue group deleted → its target group deleted': () =>
      blueZero() !== undefined && f.autoscaling.group(BLUE_GROUP) === undefined,
  };
  const w = watch(f, conditions);
  const deps = f.account.deps(
    inputs(f, { strategy: 'canary', 'canary-percent': '10', 'canary-interval': '5m', 'bake-time': '2m' }),
  );
  await run(deps);
  w.stop();
  if (deps.io.outputs['status'] !== 'succeeded') throw new Error(`canary ended ${deps.io.outputs['status']}`);
  const canaryAt = firstWeightChange(f, 0, (g) => g > 0 && g < 100);
  const acted: Record<string, number | undefined> = {
    'green healthy → canary shift': canaryAt,
    'canary interval over → shift 100%': firstWeightChange(f, canaryAt ?? 0, (g) => g === 100),
    'blue drained → blue off the listener': firstWeightChange(
      f,
      blueZero() ?? 0,
      (_g, blueListed) => !blueListed,
    ),
    'blue group deleted → its target group deleted': f.account.calls.find(
      (c) => c.action === 'DeleteTargetGroup',
    )?.t,
  };
  // The probe each wait polls with: the gap between its last two calls is the poll interval of the moment.
  const probe: Record<string, string> = {
    'green healthy → canary shift': 'DescribeTargetHealth',
    'canary interval over → shift 100%': 'DescribeTargetHealth',
    'blue drained → blue off the listener': 'DescribeTargetHealth',
    'blue group deleted → its target group deleted': 'DescribeAutoScalingGroups',
  };
  const lines = [
    `deploy-ec2 canary 10% for 5m, ${INSTANCES} instances: decision latency in virtual time, against the poll interval in effect (floor 5s, ceiling ${formatDuration(POLL_CEILING_MS)})`,
  ];
  for (const name of Object.keys(conditions)) {
    const held = w.since[name];
    const act = acted[name];
    if (held === undefined || act === undefined) {
      lines.push(`  ${name}: not observed`);
      continue;
    }
    const latency = Math.max(0, act - held);
    // One poll can call the probe more than once (the health gate, then the wait's own probe): calls less
    // than a second apart are the same poll.
    const polls: number[] = [];
    for (const c of f.account.calls)
      if (
        c.by === 'deploy-ec2' &&
        c.action === probe[name] &&
        c.t <= act &&
        (polls.length === 0 || c.t - polls.at(-1)! >= 1_000)
      )
        polls.push(c.t);
    const probes = polls;
    const interval = probes.length >= 2 ? probes.at(-1)! - probes.at(-2)! : POLL_CEILING_MS;
    const within = latency <= Math.max(interval, SAMPLE_MS);
    lines.push(
      `  ${name}: ${(latency / 1000).toFixed(0)}s after the condition held (poll interval then ${(interval / 1000).toFixed(0)}s) ${within ? '✓ within one interval' : '✗ over one interval'}`,
    );
  }
  return lines;
}

export async function benchEc2(): Promise<string[]> {
  return [...(await callsOfBlueGreen()), ...(await decisionLatency())];
}
