import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/core/deps.js';
import { CancelledError } from '../../src/core/errors.js';
import type { DeployInputs } from '../../src/rollout/deploy-inputs.js';
import { executeDeploy, executeDeployPost, type DeployRun } from '../../src/rollout/deploy-action.js';
import { runRollout, SETTLED_PHASES } from '../../src/rollout/engine.js';
import type { Gate } from '../../src/rollout/gates.js';
import type { Target, TargetState } from '../../src/rollout/target.js';
import { VirtualClock } from '../sim/clock.js';
import { MemoryIo } from '../sim/memory-io.js';

/** A scripted target: `fail` names the method that throws (with `error`), every call is recorded. */
function target(
  o: {
    states?: TargetState[];
    fail?: 'prepareGreen' | 'shift' | 'finalize';
    error?: Error;
    rollbackError?: Error;
    diagnose?: () => Promise<string[]>;
  } = {},
) {
  const calls: string[] = [];
  const states = o.states ?? [{ current: '1', upToDate: false, inProgress: undefined }];
  const t: Target & { calls: string[] } = {
    label: 'thing T',
    calls,
    describe: async () => {
      calls.push('describe');
      return states.length > 1 ? states.shift()! : states[0]!;
    },
    prepareGreen: async () => {
      calls.push('prepareGreen');
      if (o.fail === 'prepareGreen') throw o.error ?? new Error('prepare broke');
    },
    shift: async (p) => {
      calls.push(`shift ${p}`);
      if (o.fail === 'shift') throw o.error ?? new Error('shift broke');
    },
    health: async () => ({ name: 'version 2 state', ok: true, detail: 'Active' }),
    finalize: async () => {
      calls.push('finalize');
      if (o.fail === 'finalize') throw o.error ?? new Error('finalize broke');
    },
    rollback: async () => {
      calls.push('rollback');
      if (o.rollbackError) throw o.rollbackError;
    },
  };
  if (o.diagnose) t.diagnoseFailure = o.diagnose;
  return t;
}

const alarmGate = (names: string[]): Gate => ({
  name: 'alarms',
  check: async () => names.map((name) => ({ name, ok: true, detail: 'OK' })),
});

function rollout(t: Target, o: { rollback?: boolean; holdMs?: number; gates?: Gate[] } = {}) {
  const clock = new VirtualClock();
  const lines: string[] = [];
  const phases: string[] = [];
  const run = runRollout({
    target: t,
    steps: [{ percent: 100, holdMs: o.holdMs ?? 0, label: 'all at once' }],
    bakeMs: 0,
    gates: o.gates ?? [],
    rollback: o.rollback ?? true,
    waitTimeoutMs: 600_000,
    poll: { clock, signal: new AbortController().signal, log: (l) => void lines.push(l) },
    onPhase: (p) => void phases.push(p),
  });
  return { run, lines, phases };
}

describe('runRollout', () => {
  it('a target already on the version is a no-op with nothing on the timeline', async () => {
    const t = target({ states: [{ current: '2', upToDate: true, inProgress: undefined }] });
    const r = rollout(t);
    expect(await r.run).toEqual({ status: 'no-op', previous: '2', diagnosis: [], timeline: [] });
    expect(r.lines).toEqual(['thing T already runs this version: nothing to deploy']);
    expect(t.calls).toEqual(['describe']);
  });

  it('waits for another rollout only when one is in progress', async () => {
    const t = target({
      states: [
        { current: '1', upToDate: false, inProgress: 'another deploy at 10%' },
        { current: '1', upToDate: true, inProgress: undefined },
      ],
    });
    const r = rollout(t);
    expect((await r.run).status).toBe('no-op');
    expect(r.lines[0]).toBe('waiting for another rollout on thing T to finish: another deploy at 10%');
    const once = target({ states: [{ current: '1', upToDate: true, inProgress: undefined }] });
    await rollout(once).run;
    expect(once.calls).toEqual(['describe']);
  });

  it('a success names what it replaced and has an empty diagnosis', async () => {
    const first = target({ states: [{ current: undefined, upToDate: false, inProgress: undefined }] });
    const r = rollout(first);
    const out = await r.run;
    expect(out.status).toBe('succeeded');
    expect(out.diagnosis).toEqual([]);
    expect(r.lines[0]).toBe('thing T serves nothing yet (first deploy): rolling out the new version');
    expect(r.lines).toEqual([
      'thing T serves nothing yet (first deploy): rolling out the new version',
      'the new version is ready, with no traffic yet',
      '100% of traffic on the new version',
      'thing T finalized: the new version serves all traffic',
    ]);
  });

  it('names the alarms it watched during a hold, or their count above three', async () => {
    const three = rollout(target(), { holdMs: 60_000, gates: [alarmGate(['a1', 'a2', 'a3'])] });
    await three.run;
    expect(three.lines).toContain(
      '100% of traffic on the new version; held 1m: a1, a2, a3 OK; version 2 state OK',
    );
    const four = rollout(target(), { holdMs: 60_000, gates: [alarmGate(['a1', 'a2', 'a3', 'a4'])] });
    await four.run;
    expect(four.lines).toContain(
      '100% of traffic on the new version; held 1m: 4 alarms OK; version 2 state OK',
    );
  });

  it('with rollback off, leaves the target as it stands and says so', async () => {
    const t = target({ fail: 'shift' });
    const r = rollout(t, { rollback: false });
    const out = await r.run;
    expect(out).toMatchObject({ status: 'failed', previous: '1', reason: 'shift broke', diagnosis: [] });
    expect(out.timeline.map((e) => e.step)).toContain('failed; rollback disabled');
    expect(r.lines.at(-1)).toBe('rollback is off: thing T is left as it stands');
    expect(t.calls).not.toContain('rollback');
    expect(r.phases.at(-1)).toBe('abandoned');
  });

  it('a failed rollback is on the timeline and in the log', async () => {
    const r = rollout(target({ fail: 'finalize', rollbackError: new Error('alias busy') }));
    const out = await r.run;
    expect(out).toMatchObject({
      status: 'failed',
      reason: 'finalize broke; the rollback failed too: alias busy',
    });
    expect(out.timeline.map((e) => e.step)).toContain('rollback failed');
    expect(r.lines.at(-1)).toBe('the rollback of thing T failed: alias busy');
  });

  it('a rollback names the version it went back to, or none on a first deploy', async () => {
    const r = rollout(target({ fail: 'shift' }));
    expect((await r.run).status).toBe('rolled-back');
    expect(r.lines.at(-1)).toBe('rolled back: thing T serves 1 again');
    const first = rollout(
      target({ fail: 'shift', states: [{ current: undefined, upToDate: false, inProgress: undefined }] }),
    );
    await first.run;
    expect(first.lines.at(-1)).toBe('rolled back: thing T serves what it served before this deploy again');
  });

  it('a diagnosis that fails is one line of the diagnosis', async () => {
    const r = rollout(target({ fail: 'prepareGreen', diagnose: () => Promise.reject(new Error('no logs')) }));
    expect((await r.run).diagnosis).toEqual(['(diagnosis failed: Error: no logs)']);
  });

  it('a CancelledError is thrown on for the post step even when the signal has not aborted', async () => {
    const t = target({ fail: 'shift', error: new CancelledError('cancelled (SIGTERM)') });
    await expect(rollout(t).run).rejects.toThrow('cancelled (SIGTERM)');
    expect(t.calls).not.toContain('rollback');
  });

  it('a wait with no gate and no health yet puts no gate row on the timeline', async () => {
    const t = target();
    t.prepareGreen = (ctx) =>
      ctx.waitUntil('version 2 to become Active', 60_000, async () => ({ done: true, value: undefined }));
    const out = await rollout(t).run;
    const steps = out.timeline.map((e) => e.step);
    expect(steps.slice(0, steps.indexOf('green ready') + 1)).toEqual(['start', 'green ready']);
  });

  it('settled phases are done, rolled-back and abandoned', () => {
    expect(SETTLED_PHASES).toEqual(['done', 'rolled-back', 'abandoned']);
  });
});

const inputs = (over: Partial<DeployInputs> = {}): DeployInputs => ({
  region: 'us-east-1',
  maxAttempts: 9,
  strategy: 'all-at-once',
  canaryPercent: 10,
  canaryIntervalMs: 0,
  linearPercent: 10,
  linearIntervalMs: 0,
  bakeMs: 0,
  alarms: [],
  rollback: true,
  waitTimeoutMs: 600_000,
  dryRun: false,
  github: undefined,
  ...over,
});

function deps(io: MemoryIo): Deps {
  return {
    io,
    clock: new VirtualClock(),
    aws: {} as Deps['aws'],
    env: {},
    signal: new AbortController().signal,
  };
}

const deployRun = (t: Target, over: Partial<DeployInputs> = {}): DeployRun<{ label: string }> => ({
  action: 'deploy-thing',
  inputs: inputs(over),
  target: t,
  steps: [{ percent: 100, holdMs: 0, label: 'all at once' }],
  gates: async () => [],
  targetState: () => ({ label: 'saved' }),
  facts: [['thing', 'T']],
  outputs: () => ({}),
});

describe('executeDeploy', () => {
  it('a dry run of a target already up to date says a real run would be a no-op', async () => {
    const io = new MemoryIo();
    const t = target({ states: [{ current: '2', upToDate: true, inProgress: undefined }] });
    const out = await executeDeploy(deps(io), deployRun(t, { dryRun: true }));
    expect(out).toEqual({ status: 'no-op', previous: '2', diagnosis: [], timeline: [] });
    expect(io.logs.filter((l) => l.startsWith('dry run'))).toEqual([
      'dry run: thing T: all-at-once; now serving 2',
      'dry run: already up to date; a real run would be a no-op',
    ]);
    expect(io.outputs['status']).toBe('dry-run');
  });

  it('a dry run of a first deploy behind another rollout names what it would wait for', async () => {
    const io = new MemoryIo();
    const t = target({ states: [{ current: undefined, upToDate: false, inProgress: 'version 3 at 10%' }] });
    await executeDeploy(deps(io), deployRun(t, { dryRun: true }));
    const dry = io.logs.filter((l) => l.startsWith('dry run'));
    expect(dry[0]).toBe('dry run: thing T: all-at-once; now serving nothing (first deploy)');
    expect(dry).not.toContain('dry run: already up to date; a real run would be a no-op');
    expect(dry.at(-1)).toBe('dry run: a real run would first wait for: version 3 at 10%');
    expect(t.calls).toEqual(['describe']);
  });

  it('saves the phase for the post step under its key and writes the summary', async () => {
    const io = new MemoryIo();
    await executeDeploy(
      deps(io),
      deployRun(target({ states: [{ current: undefined, upToDate: false, inProgress: undefined }] })),
    );
    expect(JSON.parse(io.state['rollout']!)).toEqual({
      phase: 'done',
      trafficPercent: 100,
      target: { label: 'saved' },
    });
    expect(io.summary).toContain('### slipway deploy-thing: succeeded');
    expect(io.summary).toContain(
      '| thing | T |\n| strategy | all-at-once |\n| previous | (none: first deploy) |',
    );
  });

  it('a rollback puts the reason and the diagnosis in the summary', async () => {
    const io = new MemoryIo();
    const t = target({ fail: 'shift', diagnose: async () => ['log line 1'] });
    await expect(executeDeploy(deps(io), deployRun(t))).rejects.toThrow(
      'thing T rolled back to 1: shift broke',
    );
    expect(io.summary).toContain('| previous | 1 |');
    expect(io.summary).toContain('\n> **Why:** shift broke\n> log line 1\n');
  });
});

describe('executeDeployPost', () => {
  it('a settled rollout needs no cleanup', async () => {
    for (const phase of ['done', 'rolled-back', 'abandoned']) {
      const io = new MemoryIo();
      io.state['rollout'] = JSON.stringify({ phase, trafficPercent: 100, target: {} });
      let rebuilt = false;
      await executeDeployPost(deps(io), async () => {
        rebuilt = true;
        return target();
      });
      expect(rebuilt).toBe(false);
      expect(io.logs).toEqual(['post: no rollout left in flight; nothing to clean up']);
    }
  });

  it('rolls back a rollout stopped mid-way and summarises it', async () => {
    const io = new MemoryIo();
    io.state['rollout'] = JSON.stringify({
      phase: 'shifting',
      trafficPercent: 10,
      target: { label: 'saved' },
    });
    const t = target();
    await executeDeployPost(deps(io), async (s: { label: string }) => {
      expect(s).toEqual({ label: 'saved' });
      return t;
    });
    expect(t.calls).toEqual(['rollback']);
    expect(JSON.parse(io.state['rollout']!)).toMatchObject({ phase: 'rolled-back', trafficPercent: 0 });
    expect(io.summary).toBe(
      '### slipway post step: rolled-back\n\n| | |\n|---|---|\n| target | thing T |\n| stopped while | shifting at 10% |\n',
    );
  });

  it('warns that a saved GitHub deployment stays in progress without a token', async () => {
    const io = new MemoryIo();
    io.state['github-deployment'] = JSON.stringify({ id: 7, environmentUrl: undefined, finished: false });
    await executeDeployPost(deps(io), async () => target());
    expect(io.logs).toContain(
      '::warning::post: github-token is empty: GitHub deployment 7 stays in_progress',
    );
  });
});

describe('the GitHub Deployment of a deploy', () => {
  const seen: Array<{ url: string; body: Record<string, unknown> }> = [];
  let url = '';
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      seen.push({ url: req.url!, body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {} });
      res.setHeader('content-type', 'application/json');
      res.statusCode = 201;
      res.end(JSON.stringify(req.url!.endsWith('/deployments') ? { id: 77 } : { id: 1 }));
    });
  });
  beforeAll(async () => {
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((ok) => server.close(ok));
  });
  beforeEach(() => {
    seen.length = 0;
  });

  const github = { token: 'ghs_x', environment: 'production', environmentUrl: undefined };
  const ghDeps = (io: MemoryIo, signal = new AbortController().signal): Deps => ({
    ...deps(io),
    signal,
    env: { GITHUB_REPOSITORY: 'acme/orders', GITHUB_SHA: 'abc123', GITHUB_RUN_ID: '9', GITHUB_API_URL: url },
  });
  /** The states and descriptions posted after in_progress. */
  const finals = () =>
    seen
      .filter((s) => s.url.endsWith('/statuses') && s.body['state'] !== 'in_progress')
      .map((s) => [s.body['state'], s.body['description']]);
  const saved = (io: MemoryIo) => JSON.parse(io.state['github-deployment']!) as Record<string, unknown>;

  it('describes the deploy in at most 140 characters and posts success at the end', async () => {
    const io = new MemoryIo();
    const t = { ...target(), label: `thing ${'x'.repeat(200)}` };
    await executeDeploy(ghDeps(io), deployRun(t, { github }));
    const created = seen.find((s) => s.url.endsWith('/deployments'))!;
    expect(created.body['description']).toBe(`slipway deploy-thing: thing ${'x'.repeat(200)}`.slice(0, 140));
    expect(finals()).toEqual([['success', 'slipway deploy-thing: succeeded']]);
    expect(saved(io)).toEqual({ id: 77, finished: true });
  });

  it('posts failure with the status of a rollout that rolled back', async () => {
    const io = new MemoryIo();
    await expect(
      executeDeploy(ghDeps(io), deployRun(target({ fail: 'shift' }), { github })),
    ).rejects.toThrow();
    expect(finals()).toEqual([['failure', 'slipway deploy-thing: rolled-back']]);
  });

  it('posts failure with the error of a deploy that did not finish', async () => {
    const io = new MemoryIo();
    const t = target();
    t.describe = () => Promise.reject(new Error('GetAlias: throttled'));
    await expect(executeDeploy(ghDeps(io), deployRun(t, { github }))).rejects.toThrow('GetAlias: throttled');
    expect(finals()).toEqual([['failure', 'slipway deploy-thing did not finish: GetAlias: throttled']]);
  });

  it('leaves the status to the post step after a cancel, by error or by signal', async () => {
    const io = new MemoryIo();
    const t = target({ fail: 'shift', error: new CancelledError('cancelled (SIGINT)') });
    await expect(executeDeploy(ghDeps(io), deployRun(t, { github }))).rejects.toThrow('cancelled (SIGINT)');
    expect(finals()).toEqual([]);
    expect(saved(io)).toEqual({ id: 77, finished: false });
    const ctl = new AbortController();
    const aborted = target();
    aborted.describe = () => {
      ctl.abort(new Error('job cancelled'));
      return Promise.reject(new Error('request aborted'));
    };
    await expect(
      executeDeploy(ghDeps(new MemoryIo(), ctl.signal), deployRun(aborted, { github })),
    ).rejects.toThrow('request aborted');
    expect(finals()).toEqual([]);
  });

  it('the post step posts the outcome of where the rollout ended', async () => {
    const cases: Array<[string | undefined, string, string]> = [
      ['done', 'success', 'slipway: succeeded'],
      ['rolled-back', 'failure', 'slipway: cancelled; rolled back to the previous version'],
      ['abandoned', 'failure', 'slipway: failed; not rolled back (rollback: false)'],
      [undefined, 'failure', 'slipway: cancelled before anything changed'],
      ['shifting', 'failure', 'slipway: cancelled; rolled back to the previous version'],
    ];
    for (const [phase, state, description] of cases) {
      seen.length = 0;
      const io = new MemoryIo({ 'github-token': 'ghs_x' });
      io.state['github-deployment'] = JSON.stringify({ id: 77, finished: false });
      if (phase) io.state['rollout'] = JSON.stringify({ phase, trafficPercent: 10, target: {} });
      await executeDeployPost(ghDeps(io), async () => target());
      expect(finals()).toEqual([[state, description]]);
      expect(saved(io)).toEqual({ id: 77, finished: true });
    }
  });
});
