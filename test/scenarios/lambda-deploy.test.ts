import { describe, expect, it } from 'vitest';
import { RolloutFailedError } from '../../src/core/errors.js';
import { run } from '../../src/actions/deploy-lambda/main.js';
import { post } from '../../src/actions/deploy-lambda/post.js';
import type { TimelineEntry } from '../../src/core/timeline.js';
import { baseInputs, FN, lambdaFixture } from './lambda-fixture.js';
import { groupTitles, outsideGroups } from './log-groups.js';

const timeline = (outputs: Record<string, string>): TimelineEntry[] =>
  JSON.parse(outputs['timeline'] ?? '[]');

describe('deploy-lambda on the simulated account', () => {
  it('1. a canary succeeds: 10% for the interval, then 100%, read back, with the alarm watched', async () => {
    const { account, lambda, cloudwatch } = lambdaFixture();
    cloudwatch.putAlarm('orders-errors');
    const deps = account.deps({
      ...baseInputs,
      strategy: 'canary',
      'canary-percent': '10',
      'canary-interval': '5m',
      'bake-time': '2m',
      alarms: 'orders-errors',
    });
    const t0 = account.clock.now();
    await run(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    expect(deps.io.outputs['previous-version']).toBe('1');
    expect(lambda.aliasHistory.map((h) => [h.version, h.weights])).toEqual([
      ['1', { '2': 0.1 }],
      ['2', {}],
    ]);
    // The canary held at 10% for the whole interval before the full shift.
    const [canary, full] = lambda.aliasHistory;
    expect(full!.t - canary!.t).toBeGreaterThanOrEqual(5 * 60_000);
    expect(account.clock.now() - t0).toBeGreaterThanOrEqual(7 * 60_000);
    const steps = timeline(deps.io.outputs).map((e) => [e.step, e.trafficPercent]);
    expect(steps).toContainEqual(['canary 10%', 10]);
    expect(steps.at(-1)).toEqual(['finalized', 100]);
    expect(deps.io.summary).toContain('xychart-beta');
    // Every phase is one group; collapsed, the log still says what happened.
    expect(groupTitles(deps.io.logs)).toEqual([
      'resolve alias live of function orders',
      'prepare the new version',
      'shift to 10%, then hold 5m',
      'shift to 100%',
      'bake 2m',
      'finalize',
    ]);
    expect(outsideGroups(deps.io.logs)).toEqual([
      'alias live of function orders serves 1: rolling out the new version',
      'the new version is ready, with no traffic yet',
      '10% of traffic on the new version; held 5m: alarm orders-errors OK; version 2 state OK',
      '100% of traffic on the new version',
      'baked 2m: alarm orders-errors OK; version 2 state OK',
      'alias live of function orders finalized: the new version serves all traffic',
    ]);
    expect(deps.io.logs.filter((l) => l.startsWith('::warning::'))).toEqual([]);
    expect(account.violations).toEqual([]);
  });

  it('1b. the defaults watch no alarm: no bake, one warning naming the alarms input, and no "gates green"', async () => {
    const { account } = lambdaFixture();
    const deps = account.deps(baseInputs);
    const t0 = account.clock.now();
    await run(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    // The canary's 5m hold, and no 5m bake on top.
    expect(account.clock.now() - t0).toBeGreaterThanOrEqual(5 * 60_000);
    expect(account.clock.now() - t0).toBeLessThan(6 * 60_000);
    expect(groupTitles(deps.io.logs)).not.toContainEqual(expect.stringMatching(/^bake/));
    expect(deps.io.logs.filter((l) => l.startsWith('::warning::'))).toEqual([
      "::warning::the rollout holds 5m with traffic on the new version (canary-interval 5m) but watches no alarm, only the new version's own state; name the CloudWatch alarms that should roll it back in the alarms input, or set canary-interval to 0s",
    ]);
    const log = deps.io.logs.join('\n');
    expect(log).not.toMatch(/gates green/);
    expect(log).toMatch(/hold at 10% \(5m\): holding; no alarm watched; version 2 state OK/);
  });

  it('1c. an explicit bake-time with no alarm still bakes, and the warning names it', async () => {
    const { account } = lambdaFixture();
    const deps = account.deps({ ...baseInputs, strategy: 'all-at-once', 'bake-time': '3m' });
    const t0 = account.clock.now();
    await run(deps);
    expect(account.clock.now() - t0).toBeGreaterThanOrEqual(3 * 60_000);
    expect(groupTitles(deps.io.logs)).toContain('bake 3m');
    expect(deps.io.logs.filter((l) => l.startsWith('::warning::'))).toEqual([
      expect.stringMatching(/holds 3m .*\(bake-time 3m\).*alarms input, or set bake-time to 0s$/),
    ]);
  });

  it('1d. the summary draws time to scale, puts the smoke test and each gate check on the timeline, and has no capacity column', async () => {
    const { account, cloudwatch, lambda } = lambdaFixture();
    cloudwatch.putAlarm('orders-errors');
    lambda.requireSmokeTest();
    const deps = account.deps({
      ...baseInputs,
      'smoke-payload': '{}',
      'canary-interval': '5m',
      'bake-time': '1m',
      alarms: 'orders-errors',
    });
    await run(deps);
    const entries = timeline(deps.io.outputs);
    // The alarm is checked while the version is confirmed Active, then the smoke test runs, before any traffic.
    expect(entries[1]).toMatchObject({ step: 'gates', trafficPercent: 0 });
    expect(entries[2]).toMatchObject({ step: 'smoke test', gates: [{ name: 'smoke test', ok: true }] });
    const checks = entries.filter((e) => e.step === 'gates');
    // Six minutes of holds, polled at most 30 s apart.
    expect(checks.length).toBeGreaterThanOrEqual(12);
    const chart = /x-axis "seconds since start" 0 --> (\d+)\n.*\n {2}line \[([^\]]*)\]/.exec(
      deps.io.summary,
    )!;
    const end = Number(chart[1]);
    const ys = chart[2]!.split(', ').map(Number);
    expect(end).toBeGreaterThanOrEqual(360);
    // The 5-minute hold at 10% takes five sixths of the 6-minute chart, not one point of several.
    const at10 = ys.filter((y) => y === 10).length / ys.length;
    expect(at10).toBeGreaterThan(0.75);
    expect(at10).toBeLessThan(0.9);
    expect(deps.io.summary).toContain('| t (s) | step | traffic to new | gates |');
    expect(deps.io.summary).not.toContain('healthy capacity');
    expect(deps.io.summary).toMatch(/\| gates \(\d+ checks\) \| 10% \|/);
  });

  it('2. an alarm fires mid-canary: traffic returns to the old version and the job fails naming the gate', async () => {
    const { account, lambda, cloudwatch } = lambdaFixture();
    cloudwatch.putAlarm('orders-errors');
    // The new version errors: its alarm fires a minute after it starts taking traffic.
    cloudwatch.fireWhen('orders-errors', () => lambda.weightOf(FN, 'live', '2') > 0, 60_000);
    const deps = account.deps({
      ...baseInputs,
      strategy: 'canary',
      'canary-interval': '10m',
      alarms: 'orders-errors',
    });
    const err = await run(deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RolloutFailedError);
    expect((err as RolloutFailedError).rolledBack).toBe(true);
    expect((err as Error).message).toMatch(/rolled back to 1: gate failed: alarm orders-errors/);
    expect(deps.io.outputs['status']).toBe('rolled-back');
    expect(groupTitles(deps.io.logs).slice(-2)).toEqual([
      'shift to 10%, then hold 10m',
      'rollback alias live of function orders',
    ]);
    expect(outsideGroups(deps.io.logs).slice(-2)).toEqual([
      expect.stringMatching(
        /^rollout failed while shifting at 10% traffic: gate failed: alarm orders-errors/,
      ),
      'rolled back: alias live of function orders serves 1 again',
    ]);
    const alias = lambda.GetAlias({ FunctionName: FN, Name: 'live' });
    expect(alias.FunctionVersion).toBe('1');
    expect(alias.RoutingConfig).toBeUndefined();
    // Never past the canary share.
    expect(Math.max(...lambda.aliasHistory.map((h) => h.weights['2'] ?? (h.version === '2' ? 1 : 0)))).toBe(
      0.1,
    );
    expect(account.violations).toEqual([]);
  });

  it('3. the smoke test fails: no traffic ever shifts and the alias is not written', async () => {
    const { account, lambda, newSha } = lambdaFixture();
    lambda.behave(newSha, () => ({ payload: { errorMessage: 'boom' }, functionError: 'Unhandled' }));
    lambda.requireSmokeTest();
    const deps = account.deps({
      ...baseInputs,
      'smoke-payload': '{"ping":true}',
      'smoke-expect': '{"statusCode":200}',
    });
    const err = await run(deps).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/smoke test failed: version 2 raised Unhandled/);
    expect(deps.io.outputs['status']).toBe('rolled-back');
    expect(lambda.aliasHistory).toEqual([]);
    expect(account.mutatingCalls().map((c) => c.action)).toEqual(['Invoke']);
  });

  it('3b. a smoke answer that does not match smoke-expect also stops the rollout', async () => {
    const { account, lambda, newSha } = lambdaFixture();
    lambda.behave(newSha, () => ({ payload: { statusCode: 500 } }));
    lambda.requireSmokeTest();
    const deps = account.deps({ ...baseInputs, 'smoke-payload': '{}', 'smoke-expect': '{"statusCode":200}' });
    await expect(run(deps)).rejects.toThrow(/does not match smoke-expect/);
    expect(lambda.aliasHistory).toEqual([]);
  });

  it('5. a cancel mid-shift: the main step stops at once and the post step restores the alias', async () => {
    const { account, lambda } = lambdaFixture();
    const start = account.clock.now();
    const deps = account.deps(
      { ...baseInputs, strategy: 'linear', 'linear-percent': '20', 'linear-interval': '2m' },
      { cancelAt: start + 5 * 60_000 },
    );
    await expect(run(deps)).rejects.toThrow(/cancelled/);
    expect(lambda.weightOf(FN, 'live', '2')).toBeGreaterThan(0);
    const postDeps = account.deps(baseInputs, { io: deps.io.forPost() });
    await post(postDeps);
    const alias = lambda.GetAlias({ FunctionName: FN, Name: 'live' });
    expect(alias.FunctionVersion).toBe('1');
    expect(alias.RoutingConfig).toBeUndefined();
    expect(postDeps.io.logs.join('\n')).toMatch(/stopped while shifting at \d+% traffic; rolling back/);
    expect(groupTitles(deps.io.logs).at(-1)).toMatch(/^shift to \d+%, then hold 2m$/);
    expect(outsideGroups(deps.io.logs).at(-1)).toMatch(
      /^cancelled while shifting at \d+% traffic: the post step puts alias live of function orders back$/,
    );
    expect(groupTitles(postDeps.io.logs)).toEqual(['cleanup: roll back alias live of function orders']);
    // A second post (or a post after success) finds nothing to do.
    const again = account.deps(baseInputs, { io: postDeps.io.forPost() });
    const calls = account.calls.length;
    await post(again);
    expect(account.calls.length).toBe(calls);
    expect(account.violations).toEqual([]);
  });

  it('7. a linear deploy takes its exact number of steps', async () => {
    const { account, lambda } = lambdaFixture();
    const deps = account.deps({
      ...baseInputs,
      strategy: 'linear',
      'linear-percent': '25',
      'linear-interval': '1m',
      'bake-time': '0s',
    });
    await run(deps);
    expect(
      lambda.aliasHistory.map((h) => (h.version === '2' ? 100 : Math.round((h.weights['2'] ?? 0) * 100))),
    ).toEqual([25, 50, 75, 100]);
    const holds = lambda.aliasHistory.slice(1).map((h, i) => h.t - lambda.aliasHistory[i]!.t);
    for (const gap of holds) expect(gap).toBeGreaterThanOrEqual(60_000);
    expect(deps.io.outputs['status']).toBe('succeeded');
  });

  it('8. a first deploy creates the alias', async () => {
    const { account, lambda } = lambdaFixture({ withAlias: false });
    const deps = account.deps({ ...baseInputs, strategy: 'canary', 'bake-time': '1m' });
    await run(deps);
    expect(lambda.GetAlias({ FunctionName: FN, Name: 'live' }).FunctionVersion).toBe('2');
    expect(account.mutatingCalls().map((c) => c.action)).toEqual(['CreateAlias']);
    expect(deps.io.outputs['previous-version']).toBe('');
  });

  it('8b. a first deploy whose alarm fires deletes the alias it created: fully old means no alias', async () => {
    const { account, lambda, cloudwatch } = lambdaFixture({ withAlias: false });
    cloudwatch.putAlarm('orders-errors');
    cloudwatch.fireWhen('orders-errors', () => lambda.weightOf(FN, 'live', '2') > 0, 30_000);
    const deps = account.deps({
      ...baseInputs,
      strategy: 'all-at-once',
      'bake-time': '5m',
      alarms: 'orders-errors',
    });
    await expect(run(deps)).rejects.toThrow(
      /rolled back to its previous state: gate failed: alarm orders-errors/,
    );
    expect(account.mutatingCalls().map((c) => c.action)).toEqual(['CreateAlias', 'DeleteAlias']);
    expect(() => lambda.GetAlias({ FunctionName: FN, Name: 'live' })).toThrow(/Alias not found/);
    expect(account.violations).toEqual([]);
  });

  it('8c. a cancel of a first deploy before the alias exists: the post step has nothing to delete, and says so cleanly', async () => {
    const { account, lambda } = lambdaFixture({ withAlias: false });
    const start = account.clock.now();
    const deps = account.deps(
      { ...baseInputs, strategy: 'canary', 'canary-interval': '10m' },
      { cancelAt: start + 3 * 60_000 },
    );
    await expect(run(deps)).rejects.toThrow(/cancelled/);
    const postDeps = account.deps(baseInputs, { io: deps.io.forPost() });
    await post(postDeps);
    expect(() => lambda.GetAlias({ FunctionName: FN, Name: 'live' })).toThrow(/Alias not found/);
    expect(postDeps.io.logs.some((l) => l.startsWith('::warning::post step'))).toBe(false);
    expect(postDeps.io.logs.at(-1)).toMatch(/back on the previous version/);
  });

  it('an alias already at the version is a no-op with no mutating call', async () => {
    const { account, lambda } = lambdaFixture();
    lambda.UpdateAlias({ FunctionName: FN, Name: 'live', FunctionVersion: '2' });
    account.calls.length = 0;
    const deps = account.deps(baseInputs);
    const t0 = account.clock.now();
    await run(deps);
    expect(deps.io.outputs['status']).toBe('no-op');
    expect(account.mutatingCalls()).toEqual([]);
    expect(account.clock.now() - t0).toBeLessThan(1000);
  });

  it('waits for another rollout routing to a third version, then fails naming it', async () => {
    const { account, lambda } = lambdaFixture();
    // The other writer's split stays, as it should: this deploy must not touch an alias it does not own.
    account.expectViolations();
    lambda.UpdateFunctionCode({ FunctionName: FN, ZipFile: Buffer.from('third') });
    account.clock.advance(60_000);
    lambda.PublishVersion({ FunctionName: FN });
    lambda.UpdateAlias({
      FunctionName: FN,
      Name: 'live',
      FunctionVersion: '1',
      RoutingConfig: { AdditionalVersionWeights: { '3': 0.2 } },
    });
    const deps = account.deps({ ...baseInputs, 'wait-timeout': '2m' });
    await expect(run(deps)).rejects.toThrow(
      /timed out after 2m waiting for the other rollout on alias live of function orders \(alias live already routes 20.0% to version 3\)/,
    );
    expect(
      lambda.GetAlias({ FunctionName: FN, Name: 'live' }).RoutingConfig?.AdditionalVersionWeights,
    ).toEqual({ '3': 0.2 });
  });

  it('dry run prints the plan and changes nothing', async () => {
    const { account } = lambdaFixture();
    const deps = account.deps({
      ...baseInputs,
      'dry-run': 'true',
      strategy: 'linear',
      'linear-percent': '50',
    });
    await run(deps);
    expect(deps.io.outputs['status']).toBe('dry-run');
    expect(account.mutatingCalls()).toEqual([]);
    expect(deps.io.logs.filter((l) => l.startsWith('dry run: '))).toEqual([
      'dry run: alias live of function orders: linear; now serving 1',
      'dry run: 1. linear 50%, then hold 1m, no alarm watched',
      'dry run: 2. shift 100%',
      'dry run: 3. finalize (no bake)',
    ]);
    expect(groupTitles(deps.io.logs)).toEqual(['resolve alias live of function orders']);
    expect(deps.io.logs.filter((l) => l.startsWith('::warning::'))).toEqual([
      expect.stringMatching(/^::warning::the rollout holds 1m .*watches no alarm.*alarms input/),
    ]);
  });
});
