import { describe, expect, it } from 'vitest';
import type { RolloutContext } from '../../src/rollout/context.js';
import type { EcsServiceState, EcsTargetSpec } from '../../src/targets/ecs/ecs-target.js';
import { EcsServiceTarget } from '../../src/targets/ecs/ecs-target.js';
import type { World } from './ecs-target-harness.js';
import { TD, SD, world, clients, context, SPEC, state } from './ecs-target-harness.js';

interface Setup {
  spec?: Partial<EcsTargetSpec> | null;
  state?: Partial<EcsServiceState>;
  now?: () => number;
  fetch?: () => Promise<{ status: number }>;
}

function make(w: World, s: Setup = {}) {
  const c = clients(w);
  const deps = {
    ecs: c.ecs,
    elbv2: c.elbv2,
    clock: { now: s.now ?? (() => 5_000), sleep: async () => undefined },
    signal: new AbortController().signal,
    fetch:
      s.fetch ??
      (async () => {
        throw new Error('no fetch expected');
      }),
  };
  const st = state({ strategy: s.spec?.strategy ?? 'rolling', ...s.state });
  const t =
    s.spec === null
      ? new EcsServiceTarget(deps as never, st)
      : new EcsServiceTarget(deps as never, st, { ...SPEC, ...s.spec });
  return { t, c, st };
}

const SAME = { changes: new Map([['app', { image: 'repo/web:1' }]]) };

describe('describe: the desired count and the tag settings decide whether the same revision is up to date', () => {
  it('a service with a desired count is up to date when desired-count is not given, or is that count', async () => {
    for (const desiredCount of [undefined, 2]) {
      const w = world();
      w.service!.desiredCount = 2;
      const { t } = make(w, { spec: { ...SAME, desiredCount } });
      expect(await t.describe(), String(desiredCount)).toEqual({
        current: TD(1),
        upToDate: true,
        inProgress: undefined,
      });
    }
  });

  it('propagate-tags NONE matches a service that never set it', async () => {
    const { t } = make(world(), { spec: { ...SAME, propagateTags: 'NONE' } });
    expect(await t.describe()).toEqual({ current: TD(1), upToDate: true, inProgress: undefined });
  });

  it('enable-ecs-managed-tags false matches a service that never set it; true does not', async () => {
    const off = make(world(), { spec: { ...SAME, enableEcsManagedTags: false } });
    expect(await off.t.describe()).toEqual({ current: TD(1), upToDate: true, inProgress: undefined });
    const on = make(world(), { spec: { ...SAME, enableEcsManagedTags: true } });
    expect(await on.t.describe()).toEqual({ current: TD(1), upToDate: false, inProgress: undefined });
  });
});

describe('the one-off task deps', () => {
  it('without a CloudWatch Logs client, reading the log says so', () => {
    const { t } = make(world());
    const deps = (
      t as unknown as { runTaskDeps: (c: RolloutContext) => { logs: (r: string) => unknown } }
    ).runTaskDeps(context());
    expect(() => deps.logs('eu-west-1')).toThrow(new Error('no CloudWatch Logs client'));
  });
});

describe('rollForward: a new deployment of the previous revision', () => {
  const roll = (t: unknown, ctx: RolloutContext): Promise<string> =>
    (t as { rollForward: (c: RolloutContext) => Promise<string> }).rollForward(ctx);

  it('forces a new deployment when the rollout was of the same revision, and only then', async () => {
    for (const [ours, forced] of [
      [TD(1), true],
      [TD(2), false],
    ] as const) {
      const w = world({ update: () => SD('back') });
      const { t, c } = make(w, {
        state: {
          previousTaskDefinitionArn: TD(1),
          taskDefinitionArn: ours,
          originalConfiguration: { strategy: 'ROLLING' },
        },
      });
      expect(await roll(t, context())).toBe(SD('back'));
      const update = c.calls.find(([n]) => n === 'UpdateService')?.[1];
      expect(update).toEqual({
        cluster: 'prod',
        service: 'web',
        taskDefinition: TD(1),
        ...(forced ? { forceNewDeployment: true } : {}),
        deploymentConfiguration: {
          strategy: 'ROLLING',
          alarms: { alarmNames: [], enable: false, rollback: false },
          lifecycleHooks: [],
        },
      });
    }
  });
});
