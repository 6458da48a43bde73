"use strict";
exports.id = 582;
exports.ids = [582];
exports.modules = {

/***/ 6582:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  deployLambda: () => (/* binding */ deployLambda),
  rollbackLambda: () => (/* binding */ rollbackLambda)
});

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-cloudwatch/dist-cjs/index.js
var dist_cjs = __webpack_require__(4085);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-lambda/dist-cjs/index.js
var client_lambda_dist_cjs = __webpack_require__(1696);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
;// CONCATENATED MODULE: ./src/rollout/alarm-gate.ts


// DescribeAlarms takes at most 100 names a call.
const PAGE = 100;
async function alarmStates(client, names) {
    const states = new Map();
    for (let i = 0; i < names.length; i += PAGE) {
        const out = await client.send(new dist_cjs/* DescribeAlarmsCommand */.zWD({
            AlarmNames: names.slice(i, i + PAGE),
            AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
        }));
        for (const a of [...(out.MetricAlarms ?? []), ...(out.CompositeAlarms ?? [])])
            if (a.AlarmName)
                states.set(a.AlarmName, { state: a.StateValue ?? 'UNKNOWN', reason: a.StateReason ?? '' });
    }
    return states;
}
/**
 * Fails as soon as any named alarm is in ALARM. Built after checking every name exists (DescribeAlarms
 * silently leaves unknown names out, which would make a typo a gate that can never fail) and that none is
 * firing before the rollout starts.
 */
async function createAlarmGate(client, names) {
    const initial = await alarmStates(client, names);
    const missing = names.filter((n) => !initial.has(n));
    if (missing.length)
        throw new errors/* ActionError */.lZ(`alarms not found in this account and region: ${missing.join(', ')}; check the alarms input`);
    const firing = names.filter((n) => initial.get(n)?.state === 'ALARM');
    if (firing.length)
        throw new errors/* ActionError */.lZ(`alarms already in ALARM before the rollout: ${firing.join(', ')}; a rollout would roll back at once, so it did not start`);
    return {
        name: 'alarms',
        async check() {
            const states = await alarmStates(client, names);
            return names.map((n) => {
                const s = states.get(n);
                // An alarm deleted mid-rollout watches nothing any more: that fails the gate, as a typo would have.
                return {
                    name: `alarm ${n}`,
                    ok: s !== undefined && s.state !== 'ALARM',
                    detail: s ? `${s.state}: ${s.reason}` : 'no longer exists',
                };
            });
        },
    };
}

;// CONCATENATED MODULE: ./src/core/deployments.ts
/** What to tell the user about a failed call: a 403 means the job's token lacks the permission. */
function why(err) {
    const message = err instanceof Error ? err.message : String(err);
    const status = err?.status;
    return status === 403
        ? `GitHub answered 403 (${message}); add \`permissions: deployments: write\` to the job`
        : message;
}
async function repoOf(deps, token) {
    const { env } = deps;
    const [owner, repo] = (env['GITHUB_REPOSITORY'] ?? '').split('/');
    if (!owner || !repo)
        return undefined;
    const { getOctokit } = await __webpack_require__.e(/* import() */ 413).then(__webpack_require__.bind(__webpack_require__, 2413));
    return {
        owner,
        repo,
        logUrl: `${env['GITHUB_SERVER_URL'] ?? 'https://github.com'}/${owner}/${repo}/actions/runs/${env['GITHUB_RUN_ID'] ?? ''}`,
        octokit: getOctokit(token, env['GITHUB_API_URL'] ? { baseUrl: env['GITHUB_API_URL'] } : {}),
    };
}
async function postStatus(r, id, state, description, environmentUrl) {
    await r.octokit.rest.repos.createDeploymentStatus({
        owner: r.owner,
        repo: r.repo,
        deployment_id: id,
        state,
        description: description.slice(0, 140),
        log_url: r.logUrl,
        ...(environmentUrl ? { environment_url: environmentUrl } : {}),
    });
}
function handle(deps, r, id, environmentUrl) {
    return {
        id,
        finish: async (outcome, description, url) => {
            try {
                await postStatus(r, id, outcome, description, url ?? environmentUrl);
                deps.io.info(`GitHub deployment ${id}: ${outcome}`);
            }
            catch (err) {
                deps.io.warning(`could not post the status of GitHub deployment ${id}: ${why(err)}`);
            }
        },
    };
}
/**
 * Creates a GitHub Deployment for this commit and marks it in_progress. GitHub's API failing must not fail
 * an AWS deploy, so every problem here is a warning and the deploy goes on without a deployment record.
 */
async function startDeployment(deps, req) {
    const { io, env } = deps;
    const ref = env['GITHUB_SHA'] ?? env['GITHUB_REF'];
    const r = await repoOf(deps, req.token);
    if (!r || !ref) {
        io.warning('github-deployment is true, but GITHUB_REPOSITORY/GITHUB_SHA are not set: no GitHub Deployment is recorded');
        return undefined;
    }
    try {
        const created = await r.octokit.rest.repos.createDeployment({
            owner: r.owner,
            repo: r.repo,
            ref,
            environment: req.environment,
            description: req.description,
            auto_merge: false,
            required_contexts: [],
        });
        const id = 'id' in created.data ? created.data.id : undefined;
        if (id === undefined) {
            io.warning(`GitHub did not create a deployment: ${JSON.stringify(created.data)}`);
            return undefined;
        }
        await postStatus(r, id, 'in_progress', req.description, req.environmentUrl);
        io.info(`GitHub deployment ${id} to ${req.environment}: in_progress`);
        return handle(deps, r, id, req.environmentUrl);
    }
    catch (err) {
        io.warning(`could not create a GitHub deployment: ${why(err)}`);
        return undefined;
    }
}
/** The deployment a main step created, for the post step to post its final status after a cancel. */
async function resumeDeployment(deps, saved) {
    const r = await repoOf(deps, saved.token);
    if (!r) {
        deps.io.warning(`GITHUB_REPOSITORY is not set: GitHub deployment ${saved.id} keeps its last status`);
        return undefined;
    }
    return handle(deps, r, saved.id, saved.environmentUrl);
}

;// CONCATENATED MODULE: ./src/core/state.ts
/** Saved state handed from the main step to the post step (GITHUB_STATE), as JSON. */
function saveJsonState(io, key, value) {
    io.saveState(key, JSON.stringify(value));
}
function loadJsonState(io, key) {
    const raw = io.getState(key);
    if (!raw)
        return undefined;
    try {
        return JSON.parse(raw);
    }
    catch {
        return undefined;
    }
}

// EXTERNAL MODULE: ./src/core/inputs.ts
var core_inputs = __webpack_require__(9114);
;// CONCATENATED MODULE: ./src/core/summary.ts

/** A fence longer than any run of backticks in `body`, so that nothing in it can close the block early. */
function fenced(lang, body) {
    const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
    const fence = '`'.repeat(longest + 1);
    return `${fence}${lang}\n${body}\n${fence}`;
}
// GitHub rejects a step summary over 1 MiB; keep the timeline table well under it.
const MAX_ROWS = 200;
// Points of the traffic chart: enough for a step to show, few enough to read.
const CHART_POINTS = 60;
const esc = (s) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
function gateCell(entry) {
    if (entry.gates.length === 0)
        return '';
    return entry.gates
        .map((g) => `${g.ok ? '✅' : '❌'} ${esc(g.name)}${g.ok ? '' : `: ${esc(g.detail)}`}`)
        .join('<br>');
}
const passedSame = (a, b) => a.step === 'gates' &&
    b.step === 'gates' &&
    a.trafficPercent === b.trafficPercent &&
    a.gates.length === b.gates.length &&
    a.gates.every((g, i) => g.ok && b.gates[i]?.ok && g.name === b.gates[i]?.name);
/** One row per entry, except that a run of passing gate checks at one traffic share is one row. */
function rowsOf(timeline) {
    const rows = [];
    for (let i = 0; i < timeline.length;) {
        const first = timeline[i];
        let j = i + 1;
        while (j < timeline.length && passedSame(first, timeline[j]))
            j++;
        const last = timeline[j - 1];
        rows.push(j - i > 1
            ? { t: `${first.t}–${last.t}`, step: `gates (${j - i} checks)`, entry: last }
            : { t: String(first.t), step: first.step, entry: first });
        i = j;
    }
    return rows;
}
function timelineTable(timeline) {
    const all = rowsOf(timeline);
    const rows = all.length > MAX_ROWS ? [...all.slice(0, MAX_ROWS / 2), ...all.slice(-MAX_ROWS / 2)] : all;
    // Only a target that reports capacity (instances, tasks) gets the column; a Lambda alias has none.
    const capacity = timeline.some((e) => e.healthyCapacity !== undefined);
    const head = capacity
        ? ['| t (s) | step | traffic to new | healthy capacity | gates |', '|---:|---|---:|---:|---|']
        : ['| t (s) | step | traffic to new | gates |', '|---:|---|---:|---|'];
    const lines = [...head];
    for (const { t, step, entry: e } of rows)
        lines.push(`| ${t} | ${esc(step)} | ${e.trafficPercent}% |${capacity ? ` ${e.healthyCapacity ?? ''} |` : ''} ${gateCell(e)} |`);
    if (rows.length < all.length)
        lines.push(`| | … ${all.length - rows.length} rows left out | |${capacity ? ' |' : ''} |`);
    return lines.join('\n');
}
/**
 * A Mermaid line chart of the new version's traffic share over time; GitHub renders it in summaries.
 * Mermaid spaces a line's values evenly along the x-axis, so the traffic is sampled at even times: a
 * 5-minute hold is drawn 5 minutes wide, and steps taken in the same second are one point.
 */
function trafficChart(timeline) {
    const end = timeline.at(-1)?.t ?? 0;
    const every = Math.max(1, Math.ceil(end / CHART_POINTS));
    const points = Math.max(2, Math.ceil(end / every) + 1);
    const ys = [];
    let k = 0;
    for (let i = 0; i < points; i++) {
        while (k + 1 < timeline.length && timeline[k + 1].t <= i * every)
            k++;
        ys.push(timeline[k]?.trafficPercent ?? 0);
    }
    return [
        '```mermaid',
        'xychart-beta',
        `  title "Traffic to the new version over ${(0,core_inputs/* formatDuration */.a3)(end * 1000)}"`,
        `  x-axis "seconds since start" 0 --> ${(points - 1) * every}`,
        '  y-axis "traffic %" 0 --> 100',
        `  line [${ys.join(', ')}]`,
        '```',
    ].join('\n');
}
function renderSummary(s) {
    const parts = [`### ${esc(s.title)}: ${s.status}`, '', '| | |', '|---|---|'];
    for (const [k, v] of s.facts)
        parts.push(`| ${esc(k)} | ${esc(v)} |`);
    if (s.notes?.length)
        parts.push('', ...s.notes.map((n) => `> ${n}`));
    for (const d of s.details ?? [])
        parts.push('', `<details><summary>${esc(d.title).replace(/</g, '&lt;')}</summary>`, '', fenced(d.lang, d.body), '', '</details>');
    if (s.timeline?.length)
        parts.push('', '#### Timeline', '', timelineTable(s.timeline), '', trafficChart(s.timeline));
    return parts.join('\n') + '\n';
}

// EXTERNAL MODULE: ./src/rollout/deploy-inputs.ts
var deploy_inputs = __webpack_require__(7062);
// EXTERNAL MODULE: ./src/core/poll.ts
var core_poll = __webpack_require__(8822);
;// CONCATENATED MODULE: ./src/core/timeline.ts
class Timeline {
    now;
    entries = [];
    start;
    constructor(now) {
        this.now = now;
        this.start = now();
    }
    record(step, trafficPercent, gates = [], healthyCapacity) {
        const now = this.now();
        const entry = {
            t: Math.round((now - this.start) / 1000),
            at: new Date(now).toISOString(),
            step,
            trafficPercent,
            gates,
            ...(healthyCapacity !== undefined ? { healthyCapacity } : {}),
        };
        this.entries.push(entry);
        return entry;
    }
    get lastTraffic() {
        return this.entries.at(-1)?.trafficPercent ?? 0;
    }
    toJSON() {
        return this.entries;
    }
}

;// CONCATENATED MODULE: ./src/rollout/gates.ts
class GateFailedError extends Error {
    failed;
    name = 'GateFailedError';
    constructor(failed) {
        super(`gate failed: ${failed.map((g) => `${g.name} (${g.detail})`).join('; ')}`);
        this.failed = failed;
    }
}

;// CONCATENATED MODULE: ./src/rollout/engine.ts





/** Phases after which the post step has nothing to finish. */
const SETTLED_PHASES = ['done', 'rolled-back', 'abandoned'];
/** A context with no gates, for the post step's clean-up: every wait is a plain one. */
function plainContext(poll, mark = () => { }, checkpoint = () => { }) {
    const waitPlain = (what, timeoutMs, probe, diagnose) => (0,core_poll/* pollUntil */.g)(poll, what, timeoutMs, probe, diagnose);
    return {
        signal: poll.signal,
        log: poll.log,
        warn: poll.log,
        waitUntil: waitPlain,
        waitPlain,
        mark,
        checkpoint,
        check: () => { },
    };
}
const noGroup = (_title, fn) => fn();
/** What a gate check watched, said without "gates green" when no alarm is among them. */
function watched(alarms, health) {
    // Stryker disable next-line StringLiteral: without a health result nothing reads this line before the next check recomputes it
    const own = health ? `${health.name} OK` : 'nothing else';
    if (alarms.length === 0)
        return `no alarm watched; ${own}`;
    const names = alarms.length > 3 ? `${alarms.length} alarms` : alarms.map((g) => g.name).join(', ');
    return `${names} OK; ${own}`;
}
/**
 * Runs one rollout: resolve → prepare → (shift → hold with gates)* → bake with gates → finalize. Any failed gate,
 * failed step or timeout rolls back to the old version. A cancel stops at once and leaves the rest to the
 * post step, which reads the saved phase.
 */
async function runRollout(o) {
    const { target, poll } = o;
    const group = o.group ?? noGroup;
    const say = poll.log;
    const timeline = new Timeline(() => poll.clock.now());
    let gates = [];
    let traffic = 0;
    let greenReady = false;
    // Stryker disable next-line StringLiteral: every read comes after a gate check has set it (the first poll always checks)
    let lastWatched = '';
    let lastCapacity;
    let current = 'preparing';
    const phase = (p) => {
        current = p;
        o.onPhase?.(p, traffic);
    };
    // Every check goes on the timeline: the summary folds a run of identical ones into one row.
    const checkGates = async () => {
        const alarms = [];
        for (const gate of gates)
            alarms.push(...(await gate.check()));
        let health;
        if (greenReady) {
            const h = await target.health();
            lastCapacity = h.healthyCapacity;
            health = { name: h.name, ok: h.ok, detail: h.detail };
        }
        const results = health ? [...alarms, health] : alarms;
        if (results.length)
            timeline.record('gates', traffic, results, lastCapacity);
        lastWatched = watched(alarms, health);
        const failed = results.filter((g) => !g.ok);
        if (failed.length)
            throw new GateFailedError(failed);
    };
    const ctx = {
        ...plainContext(poll),
        signal: poll.signal,
        log: poll.log,
        warn: o.warn ?? poll.log,
        waitUntil: (what, timeoutMs, probe, diagnose) => (0,core_poll/* pollUntil */.g)(poll, what, timeoutMs, async () => {
            await checkGates();
            return probe();
        }, diagnose),
        checkpoint: () => o.onPhase?.(current, traffic),
        mark: (step, percent) => {
            traffic = percent;
            timeline.record(step, percent, [], lastCapacity);
        },
        check: (result) => {
            timeline.record(result.name, traffic, [result], lastCapacity);
        },
    };
    const hold = async (label, ms) => {
        const end = poll.clock.now() + ms;
        await ctx.waitUntil(`${label} (${(0,core_inputs/* formatDuration */.a3)(ms)})`, ms, async () => poll.clock.now() >= end
            ? { done: true, value: undefined }
            : { done: false, status: `holding; ${lastWatched}` });
    };
    const state = await group(`resolve ${target.label}`, async () => {
        gates = typeof o.gates === 'function' ? await o.gates() : o.gates;
        const first = await target.describe();
        if (!first.inProgress)
            return first;
        poll.log(`waiting for another rollout on ${target.label} to finish: ${first.inProgress}`);
        return (0,core_poll/* pollUntil */.g)(poll, `the other rollout on ${target.label} (${first.inProgress})`, o.waitTimeoutMs, async () => {
            const s = await target.describe();
            return s.inProgress ? { done: false, status: s.inProgress } : { done: true, value: s };
        });
    });
    const previous = state.current;
    if (state.upToDate) {
        say(`${target.label} already runs this version: nothing to deploy`);
        return { status: 'no-op', previous, diagnosis: [], timeline: [] };
    }
    say(`${target.label} serves ${previous ?? 'nothing yet (first deploy)'}: rolling out the new version`);
    for (const notice of o.notices ?? [])
        (o.warn ?? say)(notice);
    timeline.record('start', 0);
    try {
        phase('preparing');
        await group('prepare the new version', () => target.prepareGreen(ctx));
        greenReady = true;
        ctx.mark('green ready', 0);
        say('the new version is ready, with no traffic yet');
        phase('shifting');
        for (const step of o.steps) {
            const held = step.holdMs > 0 ? `, then hold ${(0,core_inputs/* formatDuration */.a3)(step.holdMs)}` : '';
            await group(`shift to ${step.percent}%${held}`, async () => {
                await target.shift(step.percent, ctx);
                ctx.mark(step.label, step.percent);
                phase('shifting');
                if (step.holdMs > 0)
                    await hold(`hold at ${step.percent}%`, step.holdMs);
                else
                    await checkGates();
            });
            say(`${step.percent}% of traffic on the new version${held ? `; held ${(0,core_inputs/* formatDuration */.a3)(step.holdMs)}: ${lastWatched}` : ''}`);
        }
        phase('baking');
        if (o.bakeMs > 0) {
            await group(`bake ${(0,core_inputs/* formatDuration */.a3)(o.bakeMs)}`, () => hold('bake', o.bakeMs));
            say(`baked ${(0,core_inputs/* formatDuration */.a3)(o.bakeMs)}: ${lastWatched}`);
        }
        phase('finalizing');
        await group('finalize', () => target.finalize(ctx));
        ctx.mark('finalized', 100);
        say(`${target.label} finalized: the new version serves all traffic`);
        phase('done');
        return { status: 'succeeded', previous, diagnosis: [], timeline: timeline.entries };
    }
    catch (err) {
        if (poll.signal.aborted || err instanceof errors/* CancelledError */.cc) {
            // Stryker disable next-line StringLiteral: a cancel rethrows; this timeline is neither returned nor saved, so no reader sees the label
            timeline.record('cancelled', traffic);
            say(`cancelled while ${current} at ${traffic}% traffic: the post step puts ${target.label} back`);
            throw err;
        }
        const reason = err instanceof Error ? err.message : String(err);
        const diagnosis = err instanceof core_poll/* WaitTimeoutError */.D ? [...err.diagnosis] : [];
        if (target.diagnoseFailure)
            diagnosis.push(...(await target.diagnoseFailure().catch((e) => [`(diagnosis failed: ${String(e)})`])));
        say(`rollout failed while ${current} at ${traffic}% traffic: ${reason}`);
        if (!o.rollback) {
            timeline.record('failed; rollback disabled', traffic);
            phase('abandoned');
            say(`rollback is off: ${target.label} is left as it stands`);
            return { status: 'failed', previous, reason, diagnosis, timeline: timeline.entries };
        }
        phase('rolling-back');
        try {
            await group(`rollback ${target.label}`, () => target.rollback(ctx));
        }
        catch (rollbackErr) {
            const why = rollbackErr instanceof Error ? rollbackErr.message : String(rollbackErr);
            timeline.record('rollback failed', traffic);
            say(`the rollback of ${target.label} failed: ${why}`);
            return {
                status: 'failed',
                previous,
                reason: `${reason}; the rollback failed too: ${why}`,
                diagnosis,
                timeline: timeline.entries,
            };
        }
        traffic = 0;
        ctx.mark('rolled back', 0);
        say(`rolled back: ${target.label} serves ${previous ?? 'what it served before this deploy'} again`);
        phase('rolled-back');
        return { status: 'rolled-back', previous, reason, diagnosis, timeline: timeline.entries };
    }
}

;// CONCATENATED MODULE: ./src/rollout/strategy.ts

/**
 * The traffic steps of a strategy. all-at-once, rolling and blue-green move everything in one step;
 * canary moves `canaryPercent` first; linear moves `linearPercent` more at each step. The final bake is
 * separate (bake-time), so the last step has no hold of its own.
 */
function planSteps(s) {
    switch (s.strategy) {
        case 'canary':
            return [
                {
                    percent: s.canaryPercent,
                    holdMs: s.canaryIntervalMs,
                    label: `canary ${s.canaryPercent}%`,
                    holdInput: 'canary-interval',
                },
                { percent: 100, holdMs: 0, label: 'shift 100%' },
            ];
        case 'linear': {
            const steps = [];
            for (let p = s.linearPercent; p < 100; p += s.linearPercent)
                steps.push({
                    percent: p,
                    holdMs: s.linearIntervalMs,
                    label: `linear ${p}%`,
                    holdInput: 'linear-interval',
                });
            steps.push({ percent: 100, holdMs: 0, label: 'shift 100%' });
            return steps;
        }
        default:
            return [{ percent: 100, holdMs: 0, label: 'shift 100%' }];
    }
}
/** Every hold of a plan: the steps' holds and the bake. */
function holdsOf(steps, bakeMs) {
    const holds = steps
        .filter((s) => s.holdMs > 0)
        .map((s) => ({ input: s.holdInput ?? 'hold', ms: s.holdMs }));
    if (bakeMs > 0)
        holds.push({ input: 'bake-time', ms: bakeMs });
    return holds;
}
/** What a hold watches, as the plan and the hold's status say it. */
function watching(alarms) {
    if (alarms.length === 0)
        return 'no alarm watched';
    if (alarms.length > 3)
        return `watching ${alarms.length} alarms`;
    return `watching alarm ${alarms.join(', ')}`;
}
/**
 * The one warning for holds that watch no alarm: traffic waits on the new version while nothing but the
 * version's own state can stop it. Undefined when alarms are set or nothing holds.
 */
function unwatchedHoldWarning(holds, alarms) {
    if (alarms.length || holds.length === 0)
        return undefined;
    const inputs = [...new Set(holds.map((h) => h.input))];
    const total = holds.reduce((n, h) => n + h.ms, 0);
    const what = inputs
        .map((input) => {
        const of = holds.filter((h) => h.input === input);
        return `${input} ${of.length > 1 ? `${of.length} × ` : ''}${(0,core_inputs/* formatDuration */.a3)(of[0].ms)}`;
    })
        .join(', ');
    return (`the rollout holds ${(0,core_inputs/* formatDuration */.a3)(total)} with traffic on the new version (${what}) but watches no alarm, ` +
        `only the new version's own state; name the CloudWatch alarms that should roll it back in the alarms input, ` +
        `or set ${inputs.join(' and ')} to 0s`);
}
function describePlan(steps, bakeMs, alarms) {
    const watched = watching(alarms);
    const lines = steps.map((s, i) => `${i + 1}. ${s.label}${s.holdMs ? `, then hold ${(0,core_inputs/* formatDuration */.a3)(s.holdMs)}, ${watched}` : ''}`);
    lines.push(bakeMs > 0
        ? `${steps.length + 1}. bake ${(0,core_inputs/* formatDuration */.a3)(bakeMs)}, ${watched}, then finalize`
        : `${steps.length + 1}. finalize (no bake)`);
    return lines;
}

;// CONCATENATED MODULE: ./src/rollout/deploy-action.ts







// Stryker disable next-line StringLiteral: the state is saved and read under the same key, whatever its text
const STATE_KEY = 'rollout';
// Stryker disable next-line StringLiteral: the same: one key for the write and the read
const DEPLOYMENT_KEY = 'github-deployment';
function pollSettings(deps) {
    return { clock: deps.clock, signal: deps.signal, log: (line) => deps.io.info(line) };
}
/** The plan of a dry run, each line outside any group. */
async function dryRun(deps, run, warning) {
    const { io } = deps;
    const { inputs, target } = run;
    const state = await io.group(`resolve ${target.label}`, async () => {
        await run.gates();
        return target.describe();
    });
    io.info(`dry run: ${target.label}: ${inputs.strategy}; now serving ${state.current ?? 'nothing (first deploy)'}`);
    if (state.upToDate)
        io.info('dry run: already up to date; a real run would be a no-op');
    else {
        for (const line of describePlan(run.steps, inputs.bakeMs, inputs.alarms))
            io.info(`dry run: ${line}`);
        if (warning)
            io.warning(warning);
    }
    if (state.inProgress)
        io.info(`dry run: a real run would first wait for: ${state.inProgress}`);
    io.setOutput('status', 'dry-run');
    return { status: 'no-op', previous: state.current, diagnosis: [], timeline: [] };
}
/**
 * The flow every deploy action shares: dry run, GitHub Deployment, the rollout itself, outputs, job summary
 * and the state the post step needs. A rollout that did not succeed fails the job after its outputs are set.
 */
async function executeDeploy(deps, run) {
    const { io } = deps;
    const { inputs } = run;
    const holds = [...holdsOf(run.steps, inputs.bakeMs), ...(run.nativeHolds ?? [])];
    const warning = unwatchedHoldWarning(holds, inputs.alarms);
    if (inputs.dryRun)
        return dryRun(deps, run, warning);
    let deployment;
    if (inputs.github) {
        deployment = await startDeployment(deps, {
            ...inputs.github,
            description: `slipway ${run.action}: ${run.target.label}: ${inputs.strategy}`.slice(0, 140),
        });
        // Saved at once: after a cancel, the post step posts the final status.
        if (deployment)
            saveJsonState(io, DEPLOYMENT_KEY, {
                id: deployment.id,
                environmentUrl: inputs.github.environmentUrl,
                finished: false,
            });
    }
    const finish = async (outcome, description) => {
        if (!deployment)
            return;
        await deployment.finish(outcome, description);
        saveJsonState(io, DEPLOYMENT_KEY, {
            id: deployment.id,
            environmentUrl: inputs.github?.environmentUrl,
            finished: true,
        });
    };
    const save = (phase, trafficPercent) => saveJsonState(io, STATE_KEY, {
        phase,
        trafficPercent,
        target: run.targetState(),
    });
    let result;
    try {
        result = await runRollout({
            target: run.target,
            steps: run.steps,
            bakeMs: run.nativeBake ? 0 : inputs.bakeMs,
            gates: run.gates,
            rollback: inputs.rollback,
            waitTimeoutMs: inputs.waitTimeoutMs,
            poll: pollSettings(deps),
            group: (title, fn) => io.group(title, fn),
            notices: warning ? [warning] : [],
            warn: (line) => io.warning(line),
            onPhase: save,
        });
    }
    catch (err) {
        // A cancel leaves the status to the post step, which knows how its rollback went.
        if (!(deps.signal.aborted || err instanceof errors/* CancelledError */.cc))
            await finish('failure', `slipway ${run.action} did not finish: ${err.message}`);
        throw err;
    }
    io.setOutput('status', result.status);
    io.setOutput('timeline', JSON.stringify(result.timeline));
    for (const [k, v] of Object.entries(run.outputs(result)))
        io.setOutput(k, v);
    await io.appendSummary(renderSummary({
        title: `slipway ${run.action}`,
        status: result.status,
        facts: [
            ...run.facts,
            ['strategy', inputs.strategy],
            ['previous', result.previous ?? '(none: first deploy)'],
        ],
        timeline: result.timeline,
        notes: [...(result.reason ? [`**Why:** ${result.reason}`] : []), ...result.diagnosis],
        details: run.details?.() ?? [],
    }));
    const ok = result.status === 'succeeded' || result.status === 'no-op';
    await finish(ok ? 'success' : 'failure', `slipway ${run.action}: ${result.status}`);
    if (!ok)
        throw new errors/* RolloutFailedError */.Zn(result.status === 'rolled-back'
            ? `${run.target.label} rolled back to ${result.previous ?? 'its previous state'}: ${result.reason}`
            : `${run.target.label} failed and was NOT rolled back: ${result.reason}`, result.status === 'rolled-back', result.diagnosis);
    return result;
}
/** The status a Deployment the main step left unfinished gets, from where the rollout ended. */
function outcomeOf(phase) {
    if (phase === 'done')
        return ['success', 'slipway: succeeded'];
    if (phase === 'rolled-back')
        return ['failure', 'slipway: cancelled; rolled back to the previous version'];
    if (phase === 'abandoned')
        return ['failure', 'slipway: failed; not rolled back (rollback: false)'];
    return ['failure', 'slipway: cancelled before anything changed'];
}
/** Posts the final status of the Deployment the main step created, when it could not (a cancel). */
async function finishSavedDeployment(deps, phase, error) {
    const saved = loadJsonState(deps.io, DEPLOYMENT_KEY);
    if (!saved || saved.finished)
        return;
    const token = (0,deploy_inputs/* readPostToken */.g)(deps.io);
    if (!token) {
        deps.io.warning(`post: github-token is empty: GitHub deployment ${saved.id} stays in_progress`);
        return;
    }
    const deployment = await resumeDeployment(deps, { ...saved, token });
    const [outcome, description] = error
        ? ['error', `slipway: cancelled, and the rollback failed: ${error}`]
        : outcomeOf(phase);
    await deployment?.finish(outcome, description);
    saveJsonState(deps.io, DEPLOYMENT_KEY, { ...saved, finished: true });
}
/**
 * The post step of a deploy action: when the main step stopped mid-rollout (a cancel, or a runner that
 * died), put the target back on the old version, from the state the main step saved, then post the final
 * status of the GitHub Deployment the main step left in progress.
 */
async function executeDeployPost(deps, rebuild) {
    const { io } = deps;
    const saved = loadJsonState(io, STATE_KEY);
    if (!saved || SETTLED_PHASES.includes(saved.phase)) {
        io.info('post: no rollout left in flight; nothing to clean up');
        return finishSavedDeployment(deps, saved?.phase);
    }
    io.warning(`post: the deploy stopped while ${saved.phase} at ${saved.trafficPercent}% traffic; rolling back`);
    let target;
    try {
        target = await rebuild(saved.target);
        const t = target;
        await io.group(`cleanup: roll back ${t.label}`, () => t.rollback(plainContext(pollSettings(deps))));
    }
    catch (err) {
        await finishSavedDeployment(deps, saved.phase, err.message);
        throw err;
    }
    saveJsonState(io, STATE_KEY, {
        ...saved,
        phase: 'rolled-back',
        trafficPercent: 0,
    });
    io.info(`post: ${target.label} is back on the previous version`);
    await io.appendSummary(renderSummary({
        title: 'slipway post step',
        status: 'rolled-back',
        facts: [
            ['target', target.label],
            ['stopped while', `${saved.phase} at ${saved.trafficPercent}%`],
        ],
    }));
    await finishSavedDeployment(deps, 'rolled-back');
}

;// CONCATENATED MODULE: ./src/targets/lambda/busy.ts

/**
 * Runs a Lambda mutation, waiting out ResourceConflictException ("another operation is in progress":
 * an update of the function, provisioned concurrency being reallocated on an alias) until `timeoutMs`,
 * instead of failing on it. https://docs.aws.amazon.com/lambda/latest/api/API_UpdateAlias.html and
 * API_UpdateFunctionCode.html list it among the errors of every mutation.
 */
function whenIdle(wait, what, timeoutMs, fn, busy = 'another operation is in progress') {
    return wait(what, timeoutMs, async () => {
        try {
            return { done: true, value: await fn() };
        }
        catch (err) {
            if ((0,errors/* isAwsError */.m_)(err, 'ResourceConflictException'))
                return { done: false, status: busy };
            throw err;
        }
    });
}

;// CONCATENATED MODULE: ./src/targets/lambda/smoke.ts


/** True when `actual` contains everything in `expected` (objects by key, arrays by position). */
function containsSubset(actual, expected) {
    if (expected === null || typeof expected !== 'object')
        return Object.is(actual, expected);
    if (actual === null || typeof actual !== 'object')
        return false;
    if (Array.isArray(expected))
        return Array.isArray(actual) && expected.every((e, i) => containsSubset(actual[i], e));
    return Object.entries(expected).every(([k, v]) => containsSubset(actual[k], v));
}
function parseJson(text) {
    try {
        return { ok: true, value: JSON.parse(text) };
    }
    catch {
        return { ok: false };
    }
}
/** Invokes one published version directly (not through the alias) and checks its answer. */
async function runSmokeTest(client, functionName, version, smoke) {
    const out = await client.send(new client_lambda_dist_cjs/* InvokeCommand */.mdN({
        FunctionName: functionName,
        Qualifier: version,
        InvocationType: 'RequestResponse',
        Payload: new TextEncoder().encode(smoke.payload),
    }));
    const body = out.Payload ? new TextDecoder().decode(out.Payload) : '';
    const shown = body.length > 300 ? `${body.slice(0, 297)}...` : body;
    if (out.FunctionError)
        throw new errors/* ActionError */.lZ(`smoke test failed: version ${version} raised ${out.FunctionError}: ${shown}`);
    if (smoke.expect === undefined)
        return;
    const expected = parseJson(smoke.expect);
    const actual = parseJson(body);
    const matches = expected.ok && actual.ok ? containsSubset(actual.value, expected.value) : body.includes(smoke.expect);
    if (!matches)
        throw new errors/* ActionError */.lZ(`smoke test failed: version ${version} answered ${shown}, which does not match smoke-expect ${smoke.expect}`);
}

;// CONCATENATED MODULE: ./src/targets/lambda/version-state.ts


/**
 * Why a published version cannot be waited into service, or undefined when it is Active or on its way
 * (Pending). https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html: Failed is final; an
 * Inactive version stays so until an invocation makes Lambda re-create its resources (it then goes
 * Pending, and that invocation fails).
 */
function stateProblem(cfg, functionName, version) {
    const reason = cfg.StateReason ? `: ${cfg.StateReason}` : '';
    if (cfg.State === 'Failed')
        return `version ${version} of ${functionName} is in state Failed${reason}`;
    if (cfg.State === 'Inactive')
        return (`version ${version} of ${functionName} is Inactive (${cfg.StateReason ?? 'no reason given'}): Lambda re-creates its ` +
            `resources on the next invocation; invoke it once (aws lambda invoke --function-name ${functionName}:${version}), ` +
            'wait for State Active, and deploy again');
    return undefined;
}
/**
 * Waits until a published version is Active: PublishVersion may return while it is Pending (always so with
 * SnapStart), and Lambda neither invokes nor should route to it until then (the PublishedVersionActive
 * waiter, on the virtual clock). Failed or Inactive ends the wait at once, in one line.
 */
async function waitForActive(wait, client, functionName, version, timeoutMs) {
    return wait(`version ${version} of ${functionName} to become Active`, timeoutMs, async () => {
        const cfg = await client.send(new client_lambda_dist_cjs/* GetFunctionConfigurationCommand */.qA6({ FunctionName: functionName, Qualifier: version }));
        const problem = stateProblem(cfg, functionName, version);
        if (problem)
            throw new errors/* ActionError */.lZ(problem);
        // Responses from before function states have no State: such a version is invocable.
        if (cfg.State === undefined || cfg.State === 'Active')
            return { done: true, value: cfg };
        return {
            done: false,
            status: `State ${cfg.State}${cfg.StateReasonCode ? ` (${cfg.StateReasonCode})` : ''}`,
        };
    });
}

;// CONCATENATED MODULE: ./src/targets/lambda/alias-target.ts





// Lambda stores weights as doubles; compare what we wrote with what we read at this precision.
const WEIGHT_EPSILON = 1e-6;
const extraWeights = (a) => a?.RoutingConfig?.AdditionalVersionWeights ?? {};
/**
 * A Lambda alias as a rollout target: traffic moves with the alias's routing config (one extra published
 * version with a weight), and every write is read back before the rollout goes on.
 */
class LambdaAliasTarget {
    client;
    spec;
    label;
    previous;
    aliasExists = false;
    /** Whether this rollout has written the alias yet: a rollback before that has nothing to undo. */
    touched = false;
    constructor(client, spec, restored) {
        this.client = client;
        this.spec = spec;
        this.label = `alias ${spec.alias} of function ${spec.functionName}`;
        if (restored) {
            this.previous = restored.previous;
            this.aliasExists = true;
            this.touched = true;
        }
    }
    get previousVersion() {
        return this.previous;
    }
    async readAlias() {
        try {
            return await this.client.send(new client_lambda_dist_cjs/* GetAliasCommand */.MES({ FunctionName: this.spec.functionName, Name: this.spec.alias }));
        }
        catch (err) {
            if ((0,errors/* isAwsError */.m_)(err, 'ResourceNotFoundException'))
                return undefined;
            throw err;
        }
    }
    async describe() {
        const { functionName, version } = this.spec;
        const cfg = await this.client
            .send(new client_lambda_dist_cjs/* GetFunctionConfigurationCommand */.qA6({ FunctionName: functionName, Qualifier: version }))
            .catch((err) => {
            if ((0,errors/* isAwsError */.m_)(err, 'ResourceNotFoundException'))
                throw new errors/* ActionError */.lZ(`version ${version} of function ${functionName} does not exist; publish it first (publish-function)`);
            throw err;
        });
        const problem = stateProblem(cfg, functionName, version);
        if (problem)
            throw new errors/* ActionError */.lZ(problem);
        const alias = await this.readAlias();
        this.aliasExists = alias !== undefined;
        this.previous = alias?.FunctionVersion;
        const weights = extraWeights(alias);
        const third = Object.entries(weights).find(([v, w]) => v !== version && w > 0);
        return {
            current: this.previous,
            upToDate: alias?.FunctionVersion === version && Object.keys(weights).length === 0,
            inProgress: third
                ? `alias ${this.spec.alias} already routes ${(third[1] * 100).toFixed(1)}% to version ${third[0]}`
                : undefined,
        };
    }
    async prepareGreen(ctx) {
        // Lambda invokes a version, and the health gate passes it, only once it is Active: a new one may be Pending.
        const { functionName, version, waitTimeoutMs } = this.spec;
        await waitForActive(ctx.waitUntil.bind(ctx), this.client, functionName, version, waitTimeoutMs);
        if (!this.spec.smoke)
            return;
        ctx.log(`smoke test: invoking version ${this.spec.version} before it gets any traffic`);
        try {
            await runSmokeTest(this.client, this.spec.functionName, this.spec.version, this.spec.smoke);
        }
        catch (err) {
            ctx.check({ name: 'smoke test', ok: false, detail: err.message });
            throw err;
        }
        ctx.check({ name: 'smoke test', ok: true, detail: `version ${this.spec.version} answered as expected` });
        ctx.log('smoke test passed');
    }
    async shift(percent, ctx) {
        const { functionName, alias, version } = this.spec;
        if (!this.aliasExists) {
            // A first deploy has no old version to split traffic with: the alias is created at the last step.
            if (percent < 100)
                return ctx.log(`first deploy: no previous version to share traffic with at ${percent}%`);
            this.touched = true;
            await this.client.send(new client_lambda_dist_cjs/* CreateAliasCommand */.W_e({ FunctionName: functionName, Name: alias, FunctionVersion: version }));
            this.aliasExists = true;
        }
        else {
            this.touched = true;
            const main = percent >= 100 ? version : this.previous;
            const weights = percent >= 100 ? {} : { [version]: percent / 100 };
            await this.updateAlias(ctx.waitUntil.bind(ctx), main, weights);
        }
        await this.verify(percent >= 100 ? version : this.previous, percent >= 100 ? {} : { [version]: percent / 100 });
        ctx.log(`${this.label}: ${percent}% on version ${version} (read back)`);
    }
    /**
     * UpdateAlias, waiting out ResourceConflictException (provisioned concurrency being reallocated on the
     * alias, another operation in progress) within wait-timeout: a busy alias is no reason to roll back.
     */
    async updateAlias(wait, main, weights) {
        const { functionName, alias, waitTimeoutMs } = this.spec;
        await whenIdle(wait, `UpdateAlias on ${functionName}:${alias}`, waitTimeoutMs, () => this.client.send(new client_lambda_dist_cjs/* UpdateAliasCommand */.lqC({
            FunctionName: functionName,
            Name: alias,
            FunctionVersion: main,
            RoutingConfig: { AdditionalVersionWeights: weights },
        })));
    }
    /** Reads the alias back: success is what Lambda reports, not what we asked for. */
    async verify(main, weights) {
        const alias = await this.readAlias();
        const got = extraWeights(alias);
        const same = alias?.FunctionVersion === main &&
            Object.keys(got).length === Object.keys(weights).length &&
            // Stryker disable next-line EqualityOperator,UnaryOperator: weights are whole percent (multiples of 0.01), so a difference of exactly 1e-6 never occurs, and an additional version's weight is below 1, so a missing one read as +1 never matches either
            Object.entries(weights).every(([v, w]) => Math.abs((got[v] ?? -1) - w) < WEIGHT_EPSILON);
        if (!same)
            throw new errors/* ActionError */.lZ(`${this.label} reads back as version ${alias?.FunctionVersion ?? '(missing)'} with weights ${JSON.stringify(got)}; ` +
                `expected version ${main} with ${JSON.stringify(weights)} (another writer changed it?)`);
    }
    async health() {
        const cfg = await this.client.send(new client_lambda_dist_cjs/* GetFunctionConfigurationCommand */.qA6({
            FunctionName: this.spec.functionName,
            Qualifier: this.spec.version,
        }));
        const ok = cfg.State === 'Active' || cfg.State === undefined;
        return {
            name: `version ${this.spec.version} state`,
            ok,
            detail: `${cfg.State ?? 'Active'}${cfg.StateReason ? `: ${cfg.StateReason}` : ''}`,
        };
    }
    async finalize(ctx) {
        await this.verify(this.spec.version, {});
        ctx.log(`${this.label}: version ${this.spec.version} with no routing config (read back)`);
    }
    async rollback(ctx) {
        const { functionName, alias } = this.spec;
        if (!this.touched)
            return ctx.log(`${this.label} was never changed: nothing to roll back`);
        if (this.previous === undefined) {
            // The alias did not exist before this deploy: "fully old" means no alias.
            // After a cancel the post step may come here before CreateAlias ever ran: nothing to delete then.
            await this.client
                .send(new client_lambda_dist_cjs/* DeleteAliasCommand */.Hou({ FunctionName: functionName, Name: alias }))
                .catch((err) => {
                if (!(0,errors/* isAwsError */.m_)(err, 'ResourceNotFoundException'))
                    throw err;
            });
            if ((await this.readAlias()) !== undefined)
                throw new errors/* ActionError */.lZ(`${this.label} still exists after DeleteAlias`);
            ctx.log(`${this.label} deleted: it did not exist before this deploy`);
            return;
        }
        // A shift that never got through (a conflict that outlasted wait-timeout) leaves nothing to undo.
        const now = await this.readAlias();
        if (now?.FunctionVersion === this.previous && Object.keys(extraWeights(now)).length === 0)
            return ctx.log(`${this.label} still serves version ${this.previous} alone: nothing to roll back`);
        await this.updateAlias(ctx.waitPlain.bind(ctx), this.previous, {});
        await this.verify(this.previous, {});
        ctx.log(`${this.label} is back on version ${this.previous} with no routing config (read back)`);
    }
}

;// CONCATENATED MODULE: ./src/actions/deploy-lambda/deploy.ts






const ACTION = 'deploy-lambda';
const consoleUrl = (region, fn, alias) => `https://${region}.console.aws.amazon.com/lambda/home?region=${region}#/functions/${encodeURIComponent(fn)}/aliases/${alias}`;
async function deployLambda(deps, inputs) {
    const aws = deps.aws({ maxAttempts: inputs.maxAttempts, action: ACTION });
    const lambda = aws.get(client_lambda_dist_cjs/* LambdaClient */.Nox, inputs.region);
    const gates = async () => inputs.alarms.length
        ? [await createAlarmGate(aws.get(dist_cjs/* CloudWatchClient */.WBn, inputs.region), inputs.alarms)]
        : [];
    const target = new LambdaAliasTarget(lambda, inputs);
    await executeDeploy(deps, {
        action: ACTION,
        inputs,
        target,
        steps: planSteps(inputs),
        gates,
        // The previous version is known only after describe(), so the state is read at each phase.
        targetState: () => ({
            region: inputs.region,
            functionName: inputs.functionName,
            alias: inputs.alias,
            version: inputs.version,
            previous: target.previousVersion,
            waitTimeoutMs: inputs.waitTimeoutMs,
        }),
        facts: [
            [
                'function',
                `[${inputs.functionName}](${consoleUrl(inputs.region, inputs.functionName, inputs.alias)})`,
            ],
            ['alias', inputs.alias],
            ['version', inputs.version],
            ['region', inputs.region],
        ],
        outputs: (result) => ({
            version: inputs.version,
            'previous-version': result.previous ?? '',
        }),
    });
}
async function rollbackLambda(deps) {
    await executeDeployPost(deps, async (state) => {
        const lambda = deps.aws({ maxAttempts: 9, action: `${ACTION}-post` }).get(client_lambda_dist_cjs/* LambdaClient */.Nox, state.region);
        return new LambdaAliasTarget(lambda, { ...state, smoke: undefined }, state);
    });
}


/***/ })

};
;