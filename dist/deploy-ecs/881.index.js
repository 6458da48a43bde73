"use strict";
exports.id = 881;
exports.ids = [881];
exports.modules = {

/***/ 1881:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  deployEcs: () => (/* binding */ deployEcs),
  rollbackEcs: () => (/* binding */ rollbackEcs)
});

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-cloudwatch/dist-cjs/index.js
var dist_cjs = __webpack_require__(4085);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-cloudwatch-logs/dist-cjs/index.js
var client_cloudwatch_logs_dist_cjs = __webpack_require__(303);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-codedeploy/dist-cjs/index.js
var client_codedeploy_dist_cjs = __webpack_require__(7507);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-cjs/index.js
var client_ecs_dist_cjs = __webpack_require__(212);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-elastic-load-balancing-v2/dist-cjs/index.js
var client_elastic_load_balancing_v2_dist_cjs = __webpack_require__(586);
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

// EXTERNAL MODULE: ./src/targets/ecs/names.ts
var names = __webpack_require__(944);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/targets/ecs/appspec.ts


/**
 * The AppSpec of an Amazon ECS deployment, as JSON content with its sha256: one TargetService of Type
 * AWS::ECS::Service naming the task definition, the container and port that take the load balancer's traffic
 * (from the service's load balancer), and the service's network configuration, platform version and capacity
 * provider strategy when it has them, which a new task set would otherwise lose
 * (https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-resources.html#reference-appspec-file-structure-resources-ecs,
 * https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_AppSpecContent.html).
 */
function ecsAppSpecRevision(svc, taskDefinitionArn) {
    const lb = svc.loadBalancers?.find((l) => l.containerName && l.containerPort !== undefined);
    if (!lb)
        throw new errors/* ActionError */.lZ(`service ${svc.serviceName ?? ''} has no load balancer with a container name and port; a CodeDeploy blue/green deployment shifts its traffic through one`);
    const vpc = svc.networkConfiguration?.awsvpcConfiguration;
    const properties = {
        TaskDefinition: taskDefinitionArn,
        LoadBalancerInfo: { ContainerName: lb.containerName, ContainerPort: lb.containerPort },
        ...(svc.platformVersion ? { PlatformVersion: svc.platformVersion } : {}),
        ...(vpc
            ? {
                NetworkConfiguration: {
                    AwsvpcConfiguration: {
                        Subnets: vpc.subnets ?? [],
                        ...(vpc.securityGroups?.length ? { SecurityGroups: vpc.securityGroups } : {}),
                        ...(vpc.assignPublicIp ? { AssignPublicIp: vpc.assignPublicIp } : {}),
                    },
                },
            }
            : {}),
        ...(svc.capacityProviderStrategy?.length
            ? {
                CapacityProviderStrategy: svc.capacityProviderStrategy.map((c) => ({
                    CapacityProvider: c.capacityProvider,
                    // Stryker disable next-line ConditionalExpression: { Base: undefined } serialises as no Base at all
                    ...(c.base !== undefined ? { Base: c.base } : {}),
                    // Stryker disable next-line ConditionalExpression: { Weight: undefined } serialises as no Weight at all
                    ...(c.weight !== undefined ? { Weight: c.weight } : {}),
                })),
            }
            : {}),
    };
    const content = JSON.stringify({
        version: 0.0,
        Resources: [{ TargetService: { Type: 'AWS::ECS::Service', Properties: properties } }],
    });
    return {
        revisionType: 'AppSpecContent',
        appSpecContent: { content, sha256: (0,external_node_crypto_.createHash)('sha256').update(content).digest('hex') },
    };
}

// EXTERNAL MODULE: ./src/targets/ecs/task-definition.ts
var task_definition = __webpack_require__(3729);
;// CONCATENATED MODULE: ./src/targets/ecs/choose-definition.ts


// Stryker disable next-line StringLiteral: split() always returns at least one element, so pop() never gives undefined
const rev = (arn) => (arn ?? '').split('/').pop() ?? '';
/**
 * What to deploy: task-definition-arn as it is (it must be ACTIVE), or the rendered definition, which is
 * registered only when it differs from what runs. Shared by the ECS-controller and CodeDeploy targets.
 */
async function chooseDefinition(spec, runningArn, running, read, region) {
    if (spec.taskDefinitionArn) {
        const td = await read(spec.taskDefinitionArn).catch((err) => {
            if ((0,errors/* isAwsError */.m_)(err, 'ClientException'))
                throw new errors/* ActionError */.lZ(`task-definition-arn ${spec.taskDefinitionArn} is not a registered task definition in ${region}`);
            throw err;
        });
        if (td['status'] !== 'ACTIVE')
            throw new errors/* ActionError */.lZ(`task definition ${spec.taskDefinitionArn} is ${String(td['status'])}; ECS deploys only ACTIVE revisions`);
        const existing = String(td['taskDefinitionArn']);
        return { desired: undefined, existing, same: existing === runningArn };
    }
    const rendered = (0,task_definition/* renderTaskDefinition */.P9)(spec.taskDefinition ?? running, spec.changes);
    if ('problem' in rendered)
        throw new errors/* ActionError */.lZ(`the task definition ${spec.taskDefinition ? 'in the task-definition file' : `${rev(runningArn)} that the service runs`} ${rendered.problem}`);
    const same = (0,task_definition/* sameTaskDefinition */.JL)(rendered.definition, running);
    return { desired: same ? undefined : rendered.definition, existing: same ? runningArn : undefined, same };
}

;// CONCATENATED MODULE: ./src/targets/ecs/codedeploy-events.ts
/** https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_DeploymentInfo.html (status) */
const CD_ACTIVE = ['Created', 'Queued', 'InProgress', 'Baking', 'Ready'];
const CD_FAILED = ['Failed', 'Stopped'];
/** Production traffic on the replacement (Green) task set, percent; undefined before it exists. */
function greenWeight(target) {
    return target?.ecsTarget?.taskSetsInfo?.find((ts) => ts.taskSetLabel === 'Green')?.trafficWeight;
}
/** The lifecycle events that failed, each with CodeDeploy's diagnostics message. */
function failedEvents(target) {
    return (target?.ecsTarget?.lifecycleEvents ?? [])
        .filter((e) => e.status === 'Failed')
        .map((e) => {
        const why = e.diagnostics?.message ?? e.diagnostics?.errorCode;
        return `lifecycle event ${e.lifecycleEventName ?? '?'} Failed${why ? `: ${why}` : ''}`;
    });
}
/** One progress line: status, the deployment overview, and the traffic shifted. */
function describeCdProgress(info, target) {
    const o = info.deploymentOverview ?? {};
    const overview = ['Pending', 'InProgress', 'Ready', 'Succeeded', 'Failed', 'Skipped']
        .filter((k) => (o[k] ?? 0) > 0)
        .map((k) => `${k} ${o[k]}`)
        .join(', ');
    const running = (target?.ecsTarget?.lifecycleEvents ?? []).find((e) => e.status === 'InProgress');
    const weight = greenWeight(target);
    return [
        `CodeDeploy deployment ${info.deploymentId ?? ''} ${info.status ?? '?'}`,
        ...(overview ? [`targets: ${overview}`] : []),
        ...(running ? [`lifecycle event ${running.lifecycleEventName ?? '?'}`] : []),
        ...(weight !== undefined ? [`production traffic on the replacement: ${weight}%`] : []),
    ].join('; ');
}
/** Why a deployment ended Failed or Stopped: CodeDeploy's error, the failed events, and its rollback. */
function describeCdFailure(info, target) {
    const error = info.errorInformation;
    const events = failedEvents(target);
    // A failed event usually carries the deployment's error message: said once, with the event.
    const said = error?.message !== undefined && events.some((e) => e.endsWith(`: ${error.message}`));
    const rolledBack = info.rollbackInfo?.rollbackDeploymentId;
    return [
        `CodeDeploy deployment ${info.deploymentId ?? ''} ${info.status ?? '?'}${error ? ` (${error.code ?? '?'}${said ? '' : `: ${error.message ?? ''}`})` : ''}`,
        ...events,
        rolledBack ? `CodeDeploy rolls it back with deployment ${rolledBack}` : 'CodeDeploy did not roll it back',
    ].join('; ');
}

;// CONCATENATED MODULE: ./src/targets/ecs/codedeploy-target.ts








// Polls are at least 5 s apart; a read younger than this belongs to the same poll.
const MEMO_MS = 1_000;
/**
 * An ECS service on the CODE_DEPLOY deployment controller: the revision is rendered and registered as for any
 * service, then one CodeDeploy deployment (AppSpec content) replaces the task set and shifts traffic by the
 * deployment group's configuration; the engine's steps follow its traffic weight, with the gates checked at
 * every poll. Only that deployment reaching Succeeded is a success; CodeDeploy's own rollback is reported as one.
 */
class CodeDeployServiceTarget {
    d;
    state;
    spec;
    label;
    desired;
    /** The definition this run renders and registers (none when it deploys a registered revision as it is). */
    get rendered() {
        return this.desired;
    }
    existing;
    svc;
    targetId;
    memo;
    constructor(d, state, spec) {
        this.d = d;
        this.state = state;
        this.spec = spec;
        this.label = `service ${(0,names/* shortName */.EU)(state.service)} in cluster ${(0,names/* shortName */.EU)(state.cluster)}`;
    }
    get settings() {
        if (!this.spec)
            throw new Error('this target was rebuilt for a rollback only');
        return this.spec;
    }
    get deploymentName() {
        return `${this.state.application}/${this.state.deploymentGroup}`;
    }
    async readService() {
        const { cluster, service, region } = this.state;
        const out = await this.d.ecs.send(new client_ecs_dist_cjs/* DescribeServicesCommand */.H7c({ cluster, services: [service] }));
        const svc = out.services?.[0];
        if (!svc)
            throw new errors/* ActionError */.lZ(`${this.label} not found in ${region}; check cluster, service and aws-region`);
        return svc;
    }
    /** The task definition of the service's PRIMARY task set: what takes production traffic. */
    static primaryDefinition(svc) {
        const primary = svc.taskSets?.find((ts) => ts.status === 'PRIMARY');
        // Stryker disable next-line StringLiteral: a CODE_DEPLOY service always names a task definition; '' only types it
        return primary?.taskDefinition ?? svc.taskDefinition ?? '';
    }
    async readDefinition(arn) {
        const out = await this.d.ecs.send(new client_ecs_dist_cjs/* DescribeTaskDefinitionCommand */.Zy$({ taskDefinition: arn }));
        return out.taskDefinition;
    }
    /** The deployment and (once it started) its ECS target; one read serves the gate check and the wait of a poll. */
    async read(id) {
        const now = this.d.clock.now();
        if (this.memo?.id === id && now - this.memo.at < MEMO_MS)
            return this.memo.r;
        const info = (await this.d.codedeploy.send(new client_codedeploy_dist_cjs/* GetDeploymentCommand */.Tvn({ deploymentId: id })))
            .deploymentInfo;
        let target;
        if (info.status !== 'Created' && info.status !== 'Queued') {
            this.targetId ??= (await this.d.codedeploy.send(new client_codedeploy_dist_cjs/* ListDeploymentTargetsCommand */.$9V({ deploymentId: id })))
                .targetIds?.[0];
            if (this.targetId)
                target = (await this.d.codedeploy.send(new client_codedeploy_dist_cjs/* GetDeploymentTargetCommand */.Oxg({ deploymentId: id, targetId: this.targetId }))).deploymentTarget;
        }
        const r = { info, target };
        this.memo = { at: now, id, r };
        return r;
    }
    async describe() {
        const spec = this.settings;
        const svc = await this.readService();
        if (svc.status !== 'ACTIVE')
            throw new errors/* ActionError */.lZ(`${this.label} is ${svc.status}, not ACTIVE`);
        if (spec.smokeUrl !== undefined)
            throw new errors/* ActionError */.lZ(`smoke-url is not supported for ${this.label} on the CODE_DEPLOY controller; give the deployment group's AppSpec hooks or alarms instead`);
        if (spec.desiredCount !== undefined)
            throw new errors/* ActionError */.lZ(`desired-count is not supported for ${this.label} on the CODE_DEPLOY controller; CodeDeploy keeps the service's count`);
        const group = await this.d.codedeploy
            .send(new client_codedeploy_dist_cjs/* GetDeploymentGroupCommand */.WOp({
            applicationName: this.state.application,
            deploymentGroupName: this.state.deploymentGroup,
        }))
            .catch((err) => {
            if ((0,errors/* isAwsError */.m_)(err, 'ApplicationDoesNotExistException') ||
                (0,errors/* isAwsError */.m_)(err, 'DeploymentGroupDoesNotExistException'))
                throw new errors/* ActionError */.lZ(`CodeDeploy deployment group ${this.deploymentName} does not exist in ${this.state.region} (${err.code}); check codedeploy-application and codedeploy-deployment-group`);
            throw err;
        });
        const info = group.deploymentGroupInfo;
        const ours = (info?.ecsServices ?? []).some((s) => s.serviceName === (0,names/* shortName */.EU)(this.state.service) && s.clusterName === (0,names/* shortName */.EU)(this.state.cluster));
        if (!ours)
            throw new errors/* ActionError */.lZ(`CodeDeploy deployment group ${this.deploymentName} deploys ${(info?.ecsServices ?? []).map((s) => `${s.clusterName}/${s.serviceName}`).join(', ') || 'no ECS service'}, not ${(0,names/* shortName */.EU)(this.state.cluster)}/${(0,names/* shortName */.EU)(this.state.service)}`);
        this.svc = svc;
        const runningArn = CodeDeployServiceTarget.primaryDefinition(svc);
        const running = await this.readDefinition(runningArn);
        const choice = await chooseDefinition(spec, runningArn, running, (a) => this.readDefinition(a), this.state.region);
        this.desired = choice.desired;
        this.existing = choice.existing;
        this.state.previousTaskDefinitionArn = runningArn;
        const last = info?.lastAttemptedDeployment;
        const other = last?.status && CD_ACTIVE.includes(last.status) ? last : undefined;
        return {
            current: runningArn,
            upToDate: !other && choice.same && !spec.forceNewDeployment,
            inProgress: other ? `CodeDeploy deployment ${other.deploymentId ?? ''} is ${other.status}` : undefined,
        };
    }
    async prepareGreen(ctx) {
        const spec = this.settings;
        if (this.existing) {
            this.state.taskDefinitionArn = this.existing;
            ctx.log(spec.taskDefinitionArn
                ? `deploying task definition ${rev(this.existing)} as it is`
                : `task definition unchanged: a new deployment of ${rev(this.existing)}`);
        }
        else {
            const out = await this.d.ecs.send(new client_ecs_dist_cjs/* RegisterTaskDefinitionCommand */.$Hl(this.desired));
            this.state.taskDefinitionArn = out.taskDefinition?.taskDefinitionArn;
            ctx.log(`registered task definition ${rev(this.state.taskDefinitionArn)}: ${(0,task_definition/* describeChanges */.DT)(spec.changes)}`);
        }
        const id = await this.createDeployment(this.state.taskDefinitionArn, `slipway deploy-ecs: ${rev(this.state.taskDefinitionArn)}`);
        this.state.deploymentId = id;
        ctx.checkpoint();
        ctx.log(`created CodeDeploy deployment ${id} in ${this.deploymentName}`);
        await this.follow(ctx, `CodeDeploy deployment ${id}: replacement task set installed`, (r) => (r.target?.ecsTarget?.lifecycleEvents ?? []).some((e) => e.lifecycleEventName === 'Install' && e.status === 'Succeeded') || r.info.status === 'Succeeded');
    }
    async createDeployment(taskDefinitionArn, description) {
        const svc = this.svc ?? (await this.readService());
        const out = await this.d.codedeploy.send(new client_codedeploy_dist_cjs/* CreateDeploymentCommand */.ttP({
            applicationName: this.state.application,
            deploymentGroupName: this.state.deploymentGroup,
            revision: ecsAppSpecRevision(svc, taskDefinitionArn),
            description,
        }));
        if (!out.deploymentId)
            throw new errors/* ActionError */.lZ(`CreateDeployment in ${this.deploymentName} returned no deployment id`);
        return out.deploymentId;
    }
    /** Waits (with gates) until `done`; a deployment that ends Failed or Stopped ends the wait with CodeDeploy's reasons. */
    follow(ctx, what, done) {
        const id = this.state.deploymentId;
        return ctx.waitUntil(what, this.state.waitTimeoutMs, async () => {
            const r = await this.read(id);
            if (r.info.status && CD_FAILED.includes(r.info.status))
                throw new errors/* ActionError */.lZ(describeCdFailure(r.info, r.target));
            if (done(r))
                return { done: true, value: r };
            return { done: false, status: describeCdProgress(r.info, r.target) };
        });
    }
    async shift(percent, ctx) {
        const r = await this.follow(ctx, `CodeDeploy deployment ${this.state.deploymentId}: production traffic to ${percent}%`, (x) => x.info.status === 'Succeeded' || (greenWeight(x.target) ?? 0) >= percent);
        ctx.log(`production traffic on the replacement task set: ${greenWeight(r.target) ?? 100}%`);
    }
    async health() {
        const id = this.state.deploymentId;
        if (!id)
            return { name: 'CodeDeploy deployment', ok: true, detail: 'not started yet' };
        const r = await this.read(id);
        const ok = !r.info.status || !CD_FAILED.includes(r.info.status);
        const running = (r.target?.ecsTarget?.taskSetsInfo ?? []).reduce((n, ts) => n + (ts.runningCount ?? 0), 0);
        return {
            name: 'CodeDeploy deployment',
            ok,
            detail: ok ? describeCdProgress(r.info, r.target) : describeCdFailure(r.info, r.target),
            healthyCapacity: running,
        };
    }
    /**
     * CodeDeploy reports Succeeded once it has deleted the replaced task set, whose tasks still drain: a run ends
     * when they are gone, so that the next run finds the service with its one task set. Returns the service.
     */
    drained(ctx) {
        return ctx.waitPlain(`the replaced task set of ${this.label} draining`, this.state.waitTimeoutMs, async () => {
            const x = await this.readService();
            const others = (x.taskSets ?? []).filter((ts) => ts.status !== 'PRIMARY');
            return others.length === 0
                ? { done: true, value: x }
                : {
                    done: false,
                    status: others.map((ts) => `task set ${ts.id ?? ''} ${ts.status ?? ''}`).join(', '),
                };
        });
    }
    async finalize(ctx) {
        const id = this.state.deploymentId;
        await this.follow(ctx, `CodeDeploy deployment ${id}: termination wait and clean-up`, (r) => r.info.status === 'Succeeded');
        const svc = await this.drained(ctx);
        const now = CodeDeployServiceTarget.primaryDefinition(svc);
        if (now !== this.state.taskDefinitionArn)
            throw new errors/* ActionError */.lZ(`${this.label} reads back as ${rev(now)}, not ${rev(this.state.taskDefinitionArn)}: another deploy changed it`);
        ctx.log(`${this.label} runs ${rev(now)} alone (read back)`);
    }
    /** StopDeployment with CodeDeploy's rollback; false when it already ended. */
    async stop(id, ctx) {
        try {
            await this.d.codedeploy.send(new client_codedeploy_dist_cjs/* StopDeploymentCommand */.NzN({ deploymentId: id, autoRollbackEnabled: true }));
            ctx.log(`stopped CodeDeploy deployment ${id} with automatic rollback`);
        }
        catch (err) {
            if (!(0,errors/* isAwsError */.m_)(err, 'DeploymentAlreadyCompletedException'))
                throw err;
            ctx.log(`CodeDeploy deployment ${id} has already ended: ${err.message}`);
        }
        this.memo = undefined;
    }
    async rollback(ctx) {
        const previous = this.state.previousTaskDefinitionArn;
        const id = this.state.deploymentId;
        let back = this.state.rollbackDeploymentId;
        if (!back && id) {
            let r = await this.read(id);
            if (r.info.status && CD_ACTIVE.includes(r.info.status)) {
                await this.stop(id, ctx);
                // StopDeployment may answer Pending: the deployment ends (and names its rollback) a little later.
                r = await ctx.waitPlain(`CodeDeploy deployment ${id} stopping`, this.state.waitTimeoutMs, async () => {
                    const x = await this.read(id);
                    return x.info.status && CD_ACTIVE.includes(x.info.status)
                        ? { done: false, status: describeCdProgress(x.info, x.target) }
                        : { done: true, value: x };
                });
            }
            back = r.info.rollbackInfo?.rollbackDeploymentId;
            if (!back && r.info.status === 'Succeeded') {
                // Ours had finished: the old revision goes out again, as a deployment of its own.
                back = await this.createDeployment(previous, `slipway deploy-ecs: back to ${rev(previous)}`);
                ctx.log(`the deployment had finished; deploying ${rev(previous)} again (${back})`);
            }
            if (!back) {
                const svc = await this.readService();
                if ((svc.taskSets ?? []).length <= 1 && CodeDeployServiceTarget.primaryDefinition(svc) === previous)
                    return ctx.log(`${this.label} still runs ${rev(previous)}: nothing to roll back`);
                throw new errors/* ActionError */.lZ(`${describeCdFailure(r.info, r.target)}; the deployment group's automatic rollback is off for this: deploy ${rev(previous)} again`);
            }
            this.state.rollbackDeploymentId = back;
            ctx.checkpoint();
        }
        if (!back) {
            const svc = await this.readService();
            return ctx.log(`${this.label} still runs ${rev(CodeDeployServiceTarget.primaryDefinition(svc))}: nothing to roll back`);
        }
        const rollbackId = back;
        await ctx.waitPlain(`CodeDeploy rollback deployment ${rollbackId}`, this.state.waitTimeoutMs, async () => {
            const info = (await this.d.codedeploy.send(new client_codedeploy_dist_cjs/* GetDeploymentCommand */.Tvn({ deploymentId: rollbackId })))
                .deploymentInfo;
            if (info.status === 'Succeeded')
                return { done: true, value: info };
            if (info.status && CD_FAILED.includes(info.status))
                throw new errors/* ActionError */.lZ(`the rollback did not finish: ${describeCdFailure(info, undefined)}`);
            return { done: false, status: describeCdProgress(info, undefined) };
        });
        const now = CodeDeployServiceTarget.primaryDefinition(await this.drained(ctx));
        if (now !== previous)
            throw new errors/* ActionError */.lZ(`${this.label} reads back as ${rev(now)} after the rollback, not ${rev(previous)}`);
        ctx.log(`${this.label} is back on ${rev(previous)} (read back)`);
    }
}

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
;// CONCATENATED MODULE: ./src/targets/ecs/deployment-config.ts
const NATIVE = {
    'blue-green': 'BLUE_GREEN',
    canary: 'CANARY',
    linear: 'LINEAR',
};
/** The stage slipway pauses at for the smoke check: test traffic is on green, production is not. */
const SMOKE_STAGE = 'POST_TEST_TRAFFIC_SHIFT';
const MINUTE = 60_000;
/** The PAUSE hook for the smoke check; ECS rolls back on its own if nobody answers within wait-timeout. */
function smokeHook(waitTimeoutMs) {
    return {
        targetType: 'PAUSE',
        lifecycleStages: [SMOKE_STAGE],
        timeoutConfiguration: { timeoutInMinutes: Math.ceil(waitTimeoutMs / MINUTE), action: 'ROLLBACK' },
    };
}
/**
 * The service's deployment configuration for this rollout, built for the chosen strategy: its settings, the
 * alarms (slipway's, or the ones the service had), and the lifecycle hooks the service had plus slipway's
 * smoke hook when there is one. Nothing of another strategy is carried over: canaryConfiguration and
 * linearConfiguration are valid with their own strategy only, an enabled circuit breaker with ROLLING only
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html).
 */
function deploymentConfiguration(current, originalHooks, s) {
    const base = { lifecycleHooks: [...originalHooks] };
    const alarms = s.alarms.length
        ? { alarmNames: [...s.alarms], enable: true, rollback: s.rollback }
        : current?.alarms;
    if (alarms)
        base.alarms = alarms;
    if (s.strategy === 'rolling')
        return {
            ...base,
            strategy: 'ROLLING',
            minimumHealthyPercent: s.minHealthyPercent,
            maximumPercent: s.maxPercent,
            // The circuit breaker works with ROLLING only; with rollback, ECS itself returns to the last good revision.
            deploymentCircuitBreaker: { enable: true, rollback: s.rollback },
        };
    const native = {
        ...base,
        // The task-count limits are the service's own, whatever the strategy.
        ...(current?.minimumHealthyPercent !== undefined
            ? { minimumHealthyPercent: current.minimumHealthyPercent }
            : {}),
        ...(current?.maximumPercent !== undefined ? { maximumPercent: current.maximumPercent } : {}),
        strategy: NATIVE[s.strategy],
        bakeTimeInMinutes: s.bakeMs / MINUTE,
        // The circuit breaker is for ROLLING only; one left on by an earlier rolling deploy is switched off.
        deploymentCircuitBreaker: { enable: false, rollback: false },
        lifecycleHooks: [...originalHooks, ...(s.smoke ? [smokeHook(s.waitTimeoutMs)] : [])],
    };
    if (s.strategy === 'canary')
        native.canaryConfiguration = {
            canaryPercent: s.canaryPercent,
            canaryBakeTimeInMinutes: s.canaryIntervalMs / MINUTE,
        };
    if (s.strategy === 'linear')
        native.linearConfiguration = {
            stepPercent: s.linearPercent,
            stepBakeTimeInMinutes: s.linearIntervalMs / MINUTE,
        };
    return native;
}
/**
 * What a service lacks for ECS's native BLUE_GREEN, CANARY and LINEAR strategies, each named as the
 * setting to add; empty when it has everything.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/blue-green-deployment-implementation.html
 */
function missingForNative(loadBalancers, controller, needsTestListener) {
    const missing = [];
    if (controller && controller !== 'ECS')
        missing.push('deploymentController.type ECS');
    const withTg = (loadBalancers ?? []).filter((l) => l.targetGroupArn);
    if (withTg.length === 0) {
        missing.push('loadBalancers[] with a targetGroupArn (an ALB or NLB target group)');
        return missing;
    }
    withTg.forEach((l, i) => {
        const adv = l.advancedConfiguration;
        const at = `loadBalancers[${i}].advancedConfiguration`;
        if (!adv?.alternateTargetGroupArn)
            missing.push(`${at}.alternateTargetGroupArn (a second target group)`);
        if (!adv?.productionListenerRule)
            missing.push(`${at}.productionListenerRule (the listener rule ARN that serves production)`);
        if (!adv?.roleArn)
            missing.push(`${at}.roleArn (a role that lets ECS modify the listener rules)`);
        if (needsTestListener && !adv?.testListenerRule)
            missing.push(`${at}.testListenerRule (the listener rule smoke-url reaches)`);
    });
    return missing;
}

;// CONCATENATED MODULE: ./src/targets/ecs/diagnosis.ts


const MAX_TASKS = 5;
const MAX_EVENTS = 5;
const MAX_TARGETS = 5;
// Stryker disable next-line StringLiteral: split() always returns at least one element, so pop() never gives undefined
const shortId = (arn) => (arn ?? '').split('/').pop() ?? '';
// Stryker disable next-line StringLiteral: split() always returns at least one element, so pop() never gives undefined
const revisionOf = (arn) => (arn ?? '').split('/').pop() ?? '?';
/** The stopped tasks of the new revision and why they stopped, newest first. */
async function stoppedTasks(d) {
    const list = await d.ecs.send(new client_ecs_dist_cjs/* ListTasksCommand */.MYg({ cluster: d.cluster, serviceName: d.service, desiredStatus: 'STOPPED' }));
    const arns = (list.taskArns ?? []).slice(0, 100);
    if (!arns.length)
        return [];
    const out = await d.ecs.send(new client_ecs_dist_cjs/* DescribeTasksCommand */.z8X({ cluster: d.cluster, tasks: arns }));
    const tasks = (out.tasks ?? [])
        .filter((t) => !d.taskDefinitionArn || t.taskDefinitionArn === d.taskDefinitionArn)
        .filter((t) => t.stopCode !== 'ServiceSchedulerInitiated' ||
        // Stryker disable next-line StringLiteral: no fallback text starts with "Scaling activity" either
        !/^Scaling activity/.test(t.stoppedReason ?? ''))
        .sort((a, b) => (b.stoppedAt?.getTime() ?? 0) - (a.stoppedAt?.getTime() ?? 0))
        .slice(0, MAX_TASKS);
    return tasks.map((t) => {
        const exits = (t.containers ?? [])
            .filter((c) => c.exitCode !== undefined || c.reason)
            .map((c) => `${c.name} exit ${c.exitCode ?? '?'}${c.reason ? ` (${c.reason})` : ''}`);
        return `stopped task ${shortId(t.taskArn)} (${revisionOf(t.taskDefinitionArn)}): ${t.stoppedReason ?? 'no reason given'}${exits.length ? `; ${exits.join(', ')}` : ''}`;
    });
}
/** Targets of the service's target groups that are not healthy, with ELB's reason. */
async function unhealthyTargets(d, loadBalancers) {
    const groups = new Set();
    for (const lb of loadBalancers) {
        if (lb.targetGroupArn)
            groups.add(lb.targetGroupArn);
        if (lb.advancedConfiguration?.alternateTargetGroupArn)
            groups.add(lb.advancedConfiguration.alternateTargetGroupArn);
    }
    const lines = [];
    for (const tg of groups) {
        const out = await d.elbv2.send(new client_elastic_load_balancing_v2_dist_cjs/* DescribeTargetHealthCommand */.qyg({ TargetGroupArn: tg }));
        for (const t of out.TargetHealthDescriptions ?? []) {
            const state = t.TargetHealth?.State ?? '';
            if (state === 'healthy' || state === 'draining' || state === 'initial')
                continue;
            lines.push(`target ${t.Target?.Id}:${t.Target?.Port} in ${tg.split(':targetgroup/')[1]?.split('/')[0] ?? tg} is ${state}: ${t.TargetHealth?.Reason ?? ''} ${t.TargetHealth?.Description ?? ''}`.trim());
        }
    }
    return lines.slice(0, MAX_TARGETS);
}
/**
 * What a user needs to see when a rollout fails, instead of a bare timeout: the new revision's stopped
 * tasks and their reasons, unhealthy targets and ELB's reasons, and the service's last events. Each part
 * is best effort; a part that cannot be read says so.
 */
async function diagnose(d) {
    const lines = [];
    const part = async (what, read) => {
        try {
            lines.push(...(await read()));
        }
        catch (err) {
            lines.push(`(could not read ${what}: ${err instanceof Error ? err.message : String(err)})`);
        }
    };
    let loadBalancers = [];
    let events = [];
    await part('the service', async () => {
        const out = await d.ecs.send(new client_ecs_dist_cjs/* DescribeServicesCommand */.H7c({ cluster: d.cluster, services: [d.service] }));
        const svc = out.services?.[0];
        loadBalancers = svc?.loadBalancers ?? [];
        events = (svc?.events ?? [])
            .slice(0, MAX_EVENTS)
            .map((e) => `service event ${e.createdAt?.toISOString() ?? ''}: ${e.message ?? ''}`);
        return [];
    });
    await part('stopped tasks', () => stoppedTasks(d));
    await part('target health', () => unhealthyTargets(d, loadBalancers));
    lines.push(...events);
    return lines;
}

;// CONCATENATED MODULE: ./src/targets/ecs/listener-rules.ts

/**
 * The first listener rule of the service's advancedConfiguration whose actions mix forward with other types
 * (authenticate-oidc, authenticate-cognito, redirect, fixed-response), on which ECS's native strategies fail:
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/alb-resources-for-blue-green.html (Limitations).
 * Read-only. Returns which rule, its action types and what to change, or undefined when every rule forwards only.
 */
async function mixedListenerRule(elbv2, loadBalancers) {
    const roles = new Map();
    for (const l of loadBalancers ?? []) {
        const adv = l.advancedConfiguration;
        if (adv?.productionListenerRule)
            roles.set(adv.productionListenerRule, 'production');
        if (adv?.testListenerRule && !roles.has(adv.testListenerRule))
            roles.set(adv.testListenerRule, 'test');
    }
    if (roles.size === 0)
        return undefined;
    const out = await elbv2.send(new client_elastic_load_balancing_v2_dist_cjs/* DescribeRulesCommand */.Ggo({ RuleArns: [...roles.keys()] }));
    for (const [arn, role] of roles) {
        const rule = out.Rules?.find((r) => r.RuleArn === arn);
        const ordered = [...(rule?.Actions ?? [])].sort((a, b) => (a.Order ?? 0) - (b.Order ?? 0));
        const types = [...new Set(ordered.map((a) => a.Type ?? 'unknown'))];
        const others = types.filter((t) => t !== 'forward');
        if (types.includes('forward') && others.length)
            return (`the ${role} listener rule ${arn} has ${types.join(', ')}; give ECS rules whose only action is forward ` +
                `(put the ${others.join(', ')} action${others.length > 1 ? 's' : ''} on another rule or listener), or use strategy rolling`);
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/targets/ecs/service-deployment.ts


/** Statuses of a service deployment that has not finished. */
const UNFINISHED = [
    'PENDING',
    'IN_PROGRESS',
    'STOP_REQUESTED',
    'ROLLBACK_REQUESTED',
    'ROLLBACK_IN_PROGRESS',
];
/** Statuses that mean the deployment did not (or will not) put the new revision in place. */
const NOT_SUCCEEDING = [
    'STOPPED',
    'STOP_REQUESTED',
    'ROLLBACK_REQUESTED',
    'ROLLBACK_IN_PROGRESS',
    'ROLLBACK_SUCCESSFUL',
    'ROLLBACK_FAILED',
];
// The order ECS documents for the lifecycle stages of BLUE_GREEN, CANARY and LINEAR.
const STAGES = [
    'RECONCILE_SERVICE',
    'PRE_SCALE_UP',
    'SCALE_UP',
    'POST_SCALE_UP',
    'TEST_TRAFFIC_SHIFT',
    'POST_TEST_TRAFFIC_SHIFT',
    'PRE_PRODUCTION_TRAFFIC_SHIFT',
    'PRODUCTION_TRAFFIC_SHIFT',
    'POST_PRODUCTION_TRAFFIC_SHIFT',
    'BAKE_TIME',
    'CLEAN_UP',
];
/** Whether the deployment has reached `stage` (or gone past it). */
const reached = (sd, stage) => sd.status === 'SUCCESSFUL' ||
    // Stryker disable next-line StringLiteral: no fallback text is a stage, so indexOf gives -1 either way
    STAGES.indexOf(sd.lifecycleStage ?? '') >= STAGES.indexOf(stage);
const shortArn = (arn) => arn.split('/').pop() ?? arn;
async function describeServiceDeployment(client, arn) {
    const out = await client.send(new client_ecs_dist_cjs/* DescribeServiceDeploymentsCommand */.A6p({ serviceDeploymentArns: [arn] }));
    const sd = out.serviceDeployments?.[0];
    if (!sd)
        throw new errors/* ActionError */.lZ(`service deployment ${arn} cannot be described (${out.failures?.[0]?.reason ?? 'not found'})`);
    return sd;
}
/**
 * The unfinished service deployments of a service, newest first. ListServiceDeployments documents no order,
 * so every page is read and sorted by createdAt.
 */
async function unfinishedDeployments(client, cluster, service) {
    const found = [];
    let nextToken;
    do {
        const out = await client.send(new client_ecs_dist_cjs/* ListServiceDeploymentsCommand */.jz8({ cluster, service, status: [...UNFINISHED], nextToken }));
        found.push(...(out.serviceDeployments ?? []));
        nextToken = out.nextToken;
    } while (nextToken);
    return found
        .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))
        .map((d) => ({ arn: d.serviceDeploymentArn ?? '', status: d.status ?? 'UNKNOWN' }));
}
/** One line on where a deployment stands: status, stage, tasks and traffic of the new revision. */
function describeProgress(sd) {
    const t = sd.targetServiceRevision;
    const parts = [`${sd.status ?? 'UNKNOWN'}${sd.lifecycleStage ? ` at ${sd.lifecycleStage}` : ''}`];
    if (t)
        parts.push(`new tasks ${t.runningTaskCount ?? 0}/${t.requestedTaskCount ?? 0} running`);
    // Traffic weights mean something only where ECS shifts traffic: the native strategies.
    const native = (sd.deploymentConfiguration?.strategy ?? 'ROLLING') !== 'ROLLING';
    if (native && t?.requestedProductionTrafficWeight !== undefined)
        parts.push(`production traffic ${t.requestedProductionTrafficWeight}%`);
    const waiting = (sd.lifecycleHookDetails ?? []).find((h) => h.status === 'AWAITING_ACTION');
    if (waiting)
        parts.push(`paused at hook ${waiting.hookId}`);
    return parts.join(', ');
}
/** Why a deployment is not succeeding, in one line, from what ECS reports; `named` starts with its id. */
function describeFailure(sd, named = true) {
    const why = [sd.statusReason, sd.rollback?.reason].filter((s, i, all) => s && all.indexOf(s) === i);
    const alarms = sd.alarms?.triggeredAlarmNames?.length
        ? `; alarms in ALARM: ${sd.alarms.triggeredAlarmNames.join(', ')}`
        : '';
    const breaker = sd.deploymentCircuitBreaker?.status === 'TRIGGERED'
        ? `; circuit breaker: ${sd.deploymentCircuitBreaker.failureCount ?? '?'} failed tasks (threshold ${sd.deploymentCircuitBreaker.threshold ?? '?'})`
        : '';
    const subject = named ? `ECS service deployment ${shortArn(sd.serviceDeploymentArn ?? '')} is ` : '';
    return `${subject}${sd.status}${why.length ? `: ${why.join('; ')}` : ''}${breaker}${alarms}`;
}

;// CONCATENATED MODULE: ./src/targets/ecs/task-logs.ts

/** The most lines printed: the last ones, where a failed migration says why. */
const MAX_LINES = 1000;
// A guard against a stream that keeps growing while it is read: 10,000 events a page, so 1,000,000 at most.
const MAX_PAGES = 100;
/**
 * The awslogs stream of one container of a task: prefix/container/task-id
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html); undefined when the
 * container does not log to CloudWatch Logs or names no stream prefix (then the stream name is not knowable).
 */
function awslogsStream(definition, container, taskArn, defaultRegion) {
    const defs = (definition['containerDefinitions'] ?? []);
    const log = defs.find((c) => c.name === container)?.logConfiguration;
    const o = log?.options;
    if (log?.logDriver !== 'awslogs' || !o?.['awslogs-group'] || !o['awslogs-stream-prefix'])
        return undefined;
    return {
        region: o['awslogs-region'] ?? defaultRegion,
        group: o['awslogs-group'],
        // Stryker disable next-line StringLiteral: split() always returns at least one element, so pop() never gives undefined
        stream: `${o['awslogs-stream-prefix']}/${container}/${taskArn.split('/').pop() ?? ''}`,
    };
}
/** The CloudWatch console's page for a stream; it escapes each name twice, with $ for %. */
function streamConsoleUrl(s) {
    const esc = (x) => encodeURIComponent(encodeURIComponent(x)).replace(/%/g, '$');
    return `https://${s.region}.console.aws.amazon.com/cloudwatch/home?region=${s.region}#logsV2:log-groups/log-group/${esc(s.group)}/log-events/${esc(s.stream)}`;
}
/**
 * The stream's lines from its head, the last MAX_LINES of them, and how many earlier ones were left out.
 * GetLogEvents pages forward with nextForwardToken; the end is the page that hands back the token it was given
 * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetLogEvents.html).
 */
async function readTaskLog(logs, s) {
    const lines = [];
    let leftOut = 0;
    let token;
    for (let page = 0; page < MAX_PAGES; page++) {
        const out = await logs.send(new client_cloudwatch_logs_dist_cjs/* GetLogEventsCommand */.h7S({
            logGroupName: s.group,
            logStreamName: s.stream,
            startFromHead: true,
            ...(token ? { nextToken: token } : {}),
        }));
        for (const e of out.events ?? [])
            lines.push(...(e.message ?? '').replace(/\n$/, '').split('\n'));
        // Stryker disable next-line ConditionalExpression,EqualityOperator: splice with a deleteCount of 0 or less removes nothing, so the test only saves a call
        if (lines.length > MAX_LINES)
            leftOut += lines.splice(0, lines.length - MAX_LINES).length;
        if (!out.nextForwardToken || out.nextForwardToken === token)
            break;
        token = out.nextForwardToken;
    }
    return { lines, leftOut };
}

;// CONCATENATED MODULE: ./src/targets/ecs/run-task.ts




const STARTED_BY = 'slipway';
/** RunTask's placement: the service's launch type or capacity providers, platform version and network. */
function placement(svc, spec, awsvpc) {
    const vpc = svc.networkConfiguration?.awsvpcConfiguration;
    const given = spec.subnets !== undefined || spec.securityGroups !== undefined;
    if (given && !awsvpc)
        throw new errors/* ActionError */.lZ(`run-task-subnets and run-task-security-groups apply to task definitions with networkMode awsvpc; this one is not`);
    const subnets = spec.subnets ?? vpc?.subnets;
    if (awsvpc && !subnets?.length)
        throw new errors/* ActionError */.lZ(`the one-off task needs subnets (its task definition uses awsvpc) and the service has none; set run-task-subnets`);
    return {
        ...(svc.capacityProviderStrategy?.length
            ? { capacityProviderStrategy: svc.capacityProviderStrategy }
            : svc.launchType
                ? { launchType: svc.launchType }
                : {}),
        ...(svc.platformVersion ? { platformVersion: svc.platformVersion } : {}),
        ...(awsvpc
            ? {
                networkConfiguration: {
                    awsvpcConfiguration: {
                        ...vpc,
                        subnets,
                        ...(spec.securityGroups ? { securityGroups: spec.securityGroups } : {}),
                    },
                },
            }
            : {}),
    };
}
/** Why the task did not succeed, or undefined: it stopped because its essential containers exited 0. */
function judgeTask(task, definition) {
    const defs = (definition['containerDefinitions'] ?? []);
    const essential = new Set(defs.filter((c) => c.essential !== false).map((c) => c.name));
    const containers = task.containers ?? [];
    const ok = task.stopCode === 'EssentialContainerExited' &&
        containers.filter((c) => essential.has(c.name)).every((c) => c.exitCode === 0);
    if (ok)
        return undefined;
    const each = containers.map((c) => `container ${c.name}: ${c.exitCode !== undefined ? `exit code ${c.exitCode}` : 'no exit code'}${c.reason ? ` (${c.reason})` : ''}`);
    return `stop code ${task.stopCode ?? 'none'} (${task.stoppedReason ?? 'no reason given'}); ${each.join('; ')}`;
}
async function describeTask(ecs, cluster, arn) {
    const out = await ecs.send(new client_ecs_dist_cjs/* DescribeTasksCommand */.z8X({ cluster, tasks: [arn] }));
    const task = out.tasks?.[0];
    if (!task)
        throw new errors/* ActionError */.lZ(`one-off task ${(0,names/* shortName */.EU)(arn)} not found (${out.failures?.[0]?.reason ?? 'MISSING'})`);
    return task;
}
function waitStopped(d, ctx, arn, what) {
    return ctx.waitPlain(what, d.timeoutMs, async () => {
        const t = await describeTask(d.ecs, d.cluster, arn);
        return t.lastStatus === 'STOPPED'
            ? { done: true, value: t }
            : { done: false, status: `task ${t.lastStatus}` };
    });
}
async function printLog(d, ctx, stream) {
    const read = await readTaskLog(d.logs(stream.region), stream).catch((err) => {
        // A container that never started made no stream.
        if ((0,errors/* isAwsError */.m_)(err, 'ResourceNotFoundException'))
            return undefined;
        throw err;
    });
    if (!read)
        return ctx.log(`no log stream ${stream.stream} in ${stream.group}: the container wrote nothing`);
    const { lines, leftOut } = read;
    ctx.log(`log of the one-off task (${stream.group} ${stream.stream}):`);
    if (leftOut)
        ctx.log(`(${leftOut} earlier lines left out; the whole log: ${streamConsoleUrl(stream)})`);
    for (const line of lines)
        ctx.log(`| ${line}`);
    if (!lines.length)
        ctx.log('(no lines)');
}
/**
 * Runs `taskDefinitionArn` once with the service's placement and network, waits for it to stop, prints its
 * log, and throws unless every essential container exited 0. Nothing of the service has changed yet.
 */
async function runOneOffTask(d, ctx, spec, svc, taskDefinitionArn, definition) {
    const defs = (definition['containerDefinitions'] ?? []);
    const container = spec.container ?? defs.find((c) => c.essential !== false)?.name ?? '';
    if (!defs.some((c) => c.name === container))
        throw new errors/* ActionError */.lZ(`run-task-container ${container} is not a container of the task definition; its containers are ${defs.map((c) => c.name).join(', ')}`);
    const out = await d.ecs.send(new client_ecs_dist_cjs/* RunTaskCommand */._eD({
        cluster: d.cluster,
        taskDefinition: taskDefinitionArn,
        count: 1,
        startedBy: STARTED_BY,
        ...placement(svc, spec, definition['networkMode'] === 'awsvpc'),
        ...(spec.command
            ? { overrides: { containerOverrides: [{ name: container, command: spec.command }] } }
            : {}),
    }));
    const arn = out.tasks?.[0]?.taskArn;
    if (!arn) {
        const f = out.failures?.[0];
        throw new errors/* ActionError */.lZ(`RunTask started no one-off task: ${f?.reason ?? 'no reason given'}${f?.detail ? ` (${f.detail})` : ''}`);
    }
    d.save(arn);
    const stream = awslogsStream(definition, container, arn, d.region);
    if (stream)
        d.fact('one-off task log', `[${stream.stream}](${streamConsoleUrl(stream)})`);
    ctx.log(`started one-off task ${(0,names/* shortName */.EU)(arn)}${spec.command ? ` with command ${JSON.stringify(spec.command)}` : ''} before any traffic moves`);
    const task = await waitStopped(d, ctx, arn, `one-off task ${(0,names/* shortName */.EU)(arn)} to stop`);
    d.save(undefined);
    if (stream)
        await printLog(d, ctx, stream);
    else
        ctx.log(`container ${container} does not log to CloudWatch Logs (awslogs with a stream prefix): no log to print`);
    const failure = judgeTask(task, definition);
    if (failure)
        throw new errors/* ActionError */.lZ(`one-off task ${(0,names/* shortName */.EU)(arn)} failed, so no traffic moved: ${failure}`);
    ctx.log(`one-off task ${(0,names/* shortName */.EU)(arn)} succeeded: every essential container exited 0`);
}
/** The post step's stop of a one-off task a cancel interrupted: StopTask, then wait for STOPPED. */
async function stopOneOffTask(d, ctx, arn) {
    await d.ecs.send(new client_ecs_dist_cjs/* StopTaskCommand */.PP1({ cluster: d.cluster, task: arn, reason: 'slipway: the deploy was cancelled' }));
    ctx.log(`stopping one-off task ${(0,names/* shortName */.EU)(arn)}`);
    await waitStopped(d, ctx, arn, `one-off task ${(0,names/* shortName */.EU)(arn)} to stop`);
    d.save(undefined);
    ctx.log(`one-off task ${(0,names/* shortName */.EU)(arn)} stopped`);
}

// EXTERNAL MODULE: ./src/rollout/smoke-url.ts + 3 modules
var smoke_url = __webpack_require__(9921);
;// CONCATENATED MODULE: ./src/targets/ecs/ecs-target.ts












/**
 * Whether a native deployment has moved `percent` of production traffic: by the weight it reports, or, should
 * it report none (the API calls it a snapshot), by the stage it has reached.
 */
function trafficReached(sd, percent) {
    if (sd.status === 'SUCCESSFUL')
        return true;
    const weight = sd.targetServiceRevision?.requestedProductionTrafficWeight;
    if (weight !== undefined)
        return weight >= percent;
    return reached(sd, percent >= 100 ? 'POST_PRODUCTION_TRAFFIC_SHIFT' : 'PRODUCTION_TRAFFIC_SHIFT');
}
// Polls are at least 5 s apart; a read younger than this belongs to the same poll.
const ecs_target_MEMO_MS = 1_000;
// How far the runner's clock may be behind AWS's when telling which deployment this rollout started.
const CLOCK_SKEW_MS = 60_000;
/**
 * An ECS service as a rollout target. rolling: one ECS rolling deployment with the circuit breaker, followed
 * to SUCCESSFUL. blue-green, canary, linear: ECS's native strategy does the shifting; the engine's steps
 * follow the deployment's stages and production traffic weight, with the gates checked at every poll. Only
 * the service deployment this target started reaching SUCCESSFUL is a success.
 */
class EcsServiceTarget {
    d;
    state;
    spec;
    label;
    desired;
    /** The definition this run renders and registers (none when it deploys a registered revision as it is). */
    get rendered() {
        return this.desired;
    }
    /** A registered revision to deploy without registering: task-definition-arn, or the one running when unchanged. */
    existing;
    config;
    deploymentBefore;
    definitions = new Map();
    memo;
    constructor(d, state, spec) {
        this.d = d;
        this.state = state;
        this.spec = spec;
        this.label = `service ${(0,names/* shortName */.EU)(state.service)} in cluster ${(0,names/* shortName */.EU)(state.cluster)}`;
    }
    get settings() {
        if (!this.spec)
            throw new Error('this target was rebuilt for a rollback only');
        return this.spec;
    }
    get timeoutMs() {
        return this.state.waitTimeoutMs;
    }
    async readService() {
        const { cluster, service, region } = this.state;
        const out = await this.d.ecs.send(new client_ecs_dist_cjs/* DescribeServicesCommand */.H7c({ cluster, services: [service] }));
        const svc = out.services?.[0];
        if (!svc)
            throw new errors/* ActionError */.lZ(`${this.label} not found in ${region} (${out.failures?.[0]?.reason ?? 'MISSING'}); check cluster, service and aws-region`);
        return svc;
    }
    async readDefinition(arn) {
        let td = this.definitions.get(arn);
        if (!td) {
            const out = await this.d.ecs.send(new client_ecs_dist_cjs/* DescribeTaskDefinitionCommand */.Zy$({ taskDefinition: arn }));
            td = out.taskDefinition;
            this.definitions.set(arn, td);
        }
        return td;
    }
    /** The deployment as ECS reports it; one read serves the gate check and the wait of the same poll. */
    async readDeployment(arn) {
        const now = this.d.clock.now();
        if (this.memo?.arn === arn && now - this.memo.at < ecs_target_MEMO_MS)
            return this.memo.sd;
        const sd = await describeServiceDeployment(this.d.ecs, arn);
        this.memo = { at: now, arn, sd };
        return sd;
    }
    async describe() {
        const spec = this.settings;
        const svc = await this.readService();
        if (svc.status !== 'ACTIVE')
            throw new errors/* ActionError */.lZ(`${this.label} is ${svc.status}, not ACTIVE`);
        const controller = svc.deploymentController?.type;
        if (controller && controller !== 'ECS')
            throw new errors/* ActionError */.lZ(`${this.label} uses the ${controller} deployment controller; deploy-ecs drives ECS's own deployments (deploymentController ECS)`);
        if (spec.strategy !== 'rolling') {
            const missing = missingForNative(svc.loadBalancers, controller, spec.smokeUrl !== undefined);
            if (missing.length)
                throw new errors/* ActionError */.lZ(`strategy ${spec.strategy} uses ECS's native ${NATIVE[spec.strategy]} deployments, and ${this.label} lacks what they need; set ${missing.join('; ')}`);
            const mixed = await mixedListenerRule(this.d.elbv2, svc.loadBalancers);
            if (mixed)
                throw new errors/* ActionError */.lZ(`strategy ${spec.strategy} uses ECS's native ${NATIVE[spec.strategy]} deployments, which fail on a listener rule that mixes forward with other actions: ${mixed}`);
        }
        const runningArn = svc.taskDefinition ?? '';
        const running = await this.readDefinition(runningArn);
        const same = await this.chooseDefinition(runningArn, running);
        // The same revision with another desired count goes out as a new deployment of it.
        const countChanges = spec.desiredCount !== undefined && spec.desiredCount !== svc.desiredCount;
        // So do new tag settings: they reach only tasks launched after them (UpdateService reference).
        const tagsChange = (spec.propagateTags !== undefined && spec.propagateTags !== (svc.propagateTags ?? 'NONE')) ||
            (spec.enableEcsManagedTags !== undefined &&
                spec.enableEcsManagedTags !== (svc.enableECSManagedTags ?? false));
        this.config = svc.deploymentConfiguration;
        this.deploymentBefore = svc.currentServiceDeployment;
        this.state.previousTaskDefinitionArn = runningArn;
        const unfinished = await unfinishedDeployments(this.d.ecs, this.state.cluster, this.state.service);
        const other = unfinished[0];
        // A service left on a revision whose deployment failed (no rollback) is not "up to date" with it.
        const failed = svc.deployments?.some((d) => d.status === 'PRIMARY' && d.rolloutState === 'FAILED');
        return {
            current: runningArn,
            upToDate: !other && !failed && same && !spec.forceNewDeployment && !countChanges && !tagsChange,
            inProgress: other ? `service deployment ${shortArn(other.arn)} is ${other.status}` : undefined,
        };
    }
    /**
     * What to deploy: task-definition-arn as it is (it must be ACTIVE), or the rendered definition, which is
     * registered only when it differs from what runs. Returns whether it is what the service runs.
     */
    async chooseDefinition(runningArn, running) {
        const choice = await chooseDefinition(this.settings, runningArn, running, (arn) => this.readDefinition(arn), this.state.region);
        this.desired = choice.desired;
        this.existing = choice.existing;
        return choice.same;
    }
    async prepareGreen(ctx) {
        const spec = this.settings;
        if (this.existing) {
            this.state.taskDefinitionArn = this.existing;
            ctx.log(spec.taskDefinitionArn
                ? `deploying task definition ${rev(this.existing)} as it is`
                : `task definition unchanged: a new deployment of ${rev(this.existing)}`);
        }
        else {
            const out = await this.d.ecs.send(new client_ecs_dist_cjs/* RegisterTaskDefinitionCommand */.$Hl(this.desired));
            this.state.taskDefinitionArn = out.taskDefinition?.taskDefinitionArn;
            ctx.log(`registered task definition ${rev(this.state.taskDefinitionArn)}: ${(0,task_definition/* describeChanges */.DT)(spec.changes)}`);
        }
        // The one-off task (migrations) runs the new revision before any UpdateService, for every strategy.
        if (spec.runTask)
            await this.runTask(spec.runTask, ctx);
        if (spec.strategy === 'rolling')
            return;
        const arn = await this.startDeployment(ctx);
        const smoke = spec.smokeUrl;
        const sd = await this.follow(ctx, `ECS ${NATIVE[spec.strategy]} deployment ${shortArn(arn)}: new tasks healthy, test traffic on them`, (x) => (smoke ? this.smokeHookWaiting(x) !== undefined : reached(x, SMOKE_STAGE)));
        if (smoke)
            await this.smoke(smoke, arn, sd, ctx);
    }
    runTaskDeps(ctx) {
        return {
            ecs: this.d.ecs,
            logs: (region) => {
                if (!this.d.logs)
                    throw new Error('no CloudWatch Logs client');
                return this.d.logs(region);
            },
            cluster: this.state.cluster,
            region: this.state.region,
            timeoutMs: this.timeoutMs,
            save: (arn) => {
                this.state.migrationTaskArn = arn;
                ctx.checkpoint();
            },
            fact: (name, value) => this.d.fact?.(name, value),
        };
    }
    /** The one-off task with the revision this rollout deploys, its placement taken from the service. */
    async runTask(spec, ctx) {
        const arn = this.state.taskDefinitionArn;
        const [svc, definition] = await Promise.all([this.readService(), this.readDefinition(arn)]);
        await runOneOffTask(this.runTaskDeps(ctx), ctx, spec, svc, arn, definition);
    }
    smokeHookWaiting(sd) {
        if (sd.lifecycleStage !== SMOKE_STAGE)
            return undefined;
        return (sd.lifecycleHookDetails ?? []).find((h) => h.targetType === 'PAUSE' && h.status === 'AWAITING_ACTION')?.hookId;
    }
    /** The smoke check at the PAUSE hook: CONTINUE on success; ROLLBACK (before any production traffic) on failure. */
    async smoke(url, arn, sd, ctx) {
        const hookId = this.smokeHookWaiting(sd);
        ctx.log(`smoke check on the test listener: GET ${url}`);
        const result = await (0,smoke_url/* smokeCheck */.C)(url, { fetch: this.d.fetch, clock: this.d.clock, signal: this.d.signal });
        ctx.check({ name: 'smoke check', ok: result.ok, detail: result.detail });
        const action = result.ok ? 'CONTINUE' : 'ROLLBACK';
        await this.d.ecs.send(new client_ecs_dist_cjs/* ContinueServiceDeploymentCommand */.LrH({ serviceDeploymentArn: arn, hookId, action }));
        if (!result.ok)
            throw new errors/* ActionError */.lZ(`smoke check failed: ${result.detail}; ECS rolls the deployment back before it gets production traffic`);
        ctx.log(`smoke check passed: ${result.detail}`);
    }
    /** UpdateService with the new task definition; returns the service deployment it started. */
    async startDeployment(ctx) {
        const spec = this.settings;
        const current = this.config?.lifecycleHooks ?? [];
        if (spec.smoke && spec.strategy !== 'rolling')
            this.state.originalHooks = current;
        this.state.originalConfiguration = this.config ?? {};
        const out = await this.d.ecs.send(new client_ecs_dist_cjs/* UpdateServiceCommand */.kZr({
            cluster: this.state.cluster,
            service: this.state.service,
            taskDefinition: this.state.taskDefinitionArn,
            deploymentConfiguration: deploymentConfiguration(this.config, current, spec),
            // The same revision starts no deployment unless forced.
            ...(spec.forceNewDeployment || this.state.taskDefinitionArn === this.state.previousTaskDefinitionArn
                ? { forceNewDeployment: true }
                : {}),
            ...(spec.desiredCount !== undefined ? { desiredCount: spec.desiredCount } : {}),
            ...(spec.propagateTags !== undefined ? { propagateTags: spec.propagateTags } : {}),
            ...(spec.enableEcsManagedTags !== undefined
                ? { enableECSManagedTags: spec.enableEcsManagedTags }
                : {}),
        }));
        let arn = out.service?.currentServiceDeployment;
        if (!arn || arn === this.deploymentBefore)
            arn = (await unfinishedDeployments(this.d.ecs, this.state.cluster, this.state.service))[0]?.arn;
        if (!arn)
            throw new errors/* ActionError */.lZ(`UpdateService on ${this.label} started no service deployment`);
        this.state.serviceDeploymentArn = arn;
        ctx.checkpoint();
        ctx.log(`started ECS service deployment ${arn}`);
        return arn;
    }
    /** Waits (with gates) until `done`; a deployment that fails or rolls back ends the wait with ECS's reason. */
    follow(ctx, what, done) {
        const arn = this.state.serviceDeploymentArn;
        return ctx.waitUntil(what, this.timeoutMs, async () => {
            const sd = await this.readDeployment(arn);
            if (sd.status && NOT_SUCCEEDING.includes(sd.status))
                throw new errors/* ActionError */.lZ(describeFailure(sd));
            if (done(sd))
                return { done: true, value: sd };
            return { done: false, status: describeProgress(sd) };
        });
    }
    async shift(percent, ctx) {
        const spec = this.settings;
        if (spec.strategy === 'rolling') {
            const arn = await this.startDeployment(ctx);
            await this.follow(ctx, `ECS rolling deployment ${shortArn(arn)}`, (sd) => sd.status === 'SUCCESSFUL');
            ctx.log(`ECS service deployment ${shortArn(arn)} is SUCCESSFUL`);
            return;
        }
        const sd = await this.follow(ctx, `ECS ${NATIVE[spec.strategy]} deployment: production traffic to ${percent}%`, (x) => trafficReached(x, percent));
        ctx.log(`production traffic on the new revision: ${sd.targetServiceRevision?.requestedProductionTrafficWeight ?? 100}%`);
    }
    async health() {
        const arn = this.state.serviceDeploymentArn;
        if (!arn)
            return { name: 'ECS service deployment', ok: true, detail: 'not started yet' };
        const sd = await this.readDeployment(arn);
        const ok = !sd.status || !NOT_SUCCEEDING.includes(sd.status);
        const running = [...(sd.sourceServiceRevisions ?? []), sd.targetServiceRevision].reduce((n, r) => n + (r?.runningTaskCount ?? 0), 0);
        return {
            name: 'ECS service deployment',
            ok,
            detail: ok ? describeProgress(sd) : describeFailure(sd, false),
            healthyCapacity: running,
        };
    }
    async finalize(ctx) {
        const spec = this.settings;
        if (spec.strategy !== 'rolling')
            await this.follow(ctx, `ECS bake time and clean-up`, (sd) => sd.status === 'SUCCESSFUL');
        await this.restoreHooks(ctx);
        const svc = await this.readService();
        if (svc.taskDefinition !== this.state.taskDefinitionArn)
            throw new errors/* ActionError */.lZ(`${this.label} reads back as ${rev(svc.taskDefinition)}, not ${rev(this.state.taskDefinitionArn)}: another deploy changed it`);
        ctx.log(`${this.label} runs ${rev(svc.taskDefinition)} (read back)`);
    }
    /**
     * Puts slipway's smoke hook away again, so that the next deployment of the service does not pause. No call
     * when the hooks are already the original ones. ECS may start a deployment for a configuration change
     * alone (the UpdateService reference lists the deployment configuration among the parameters whose update
     * starts new tasks); this run follows it to its end, so that the next run does not find it in progress.
     */
    async restoreHooks(ctx) {
        const original = this.state.originalHooks;
        if (original === undefined)
            return;
        const svc = await this.readService();
        this.state.originalHooks = undefined;
        if ((0,external_node_util_.isDeepStrictEqual)(svc.deploymentConfiguration?.lifecycleHooks ?? [], original))
            return;
        const out = await this.d.ecs.send(new client_ecs_dist_cjs/* UpdateServiceCommand */.kZr({
            cluster: this.state.cluster,
            service: this.state.service,
            deploymentConfiguration: { ...svc.deploymentConfiguration, lifecycleHooks: original },
        }));
        ctx.log(`removed slipway's smoke-check hook from ${this.label}`);
        const arn = out.service?.currentServiceDeployment;
        if (!arn || arn === svc.currentServiceDeployment)
            return;
        this.state.hookDeploymentArn = arn;
        ctx.checkpoint();
        ctx.log(`removing the smoke-check hook started ECS service deployment ${shortArn(arn)}; following it to its end`);
        await this.settleHookDeployment(ctx);
    }
    /** Waits for the deployment that removing the smoke hook started (the same task definition) to end. */
    async settleHookDeployment(ctx) {
        const arn = this.state.hookDeploymentArn;
        if (!arn)
            return;
        const sd = await ctx.waitPlain(`ECS service deployment ${shortArn(arn)} (smoke-check hook removed)`, this.timeoutMs, async () => {
            const x = await describeServiceDeployment(this.d.ecs, arn);
            return x.status && !UNFINISHED.includes(x.status)
                ? { done: true, value: x }
                : { done: false, status: describeProgress(x) };
        });
        this.state.hookDeploymentArn = undefined;
        if (sd.status !== 'SUCCESSFUL')
            throw new errors/* ActionError */.lZ(`removing the smoke-check hook: ${describeFailure(sd)}`);
    }
    /**
     * The unfinished deployment this rollout started, when a cancel came before its ARN was saved (the state is
     * saved between phases). It is ours when it moved the service onto the revision this rollout registered; or,
     * when even that was not saved yet, off the previous revision, and it started after this rollout did.
     */
    async findOurs() {
        const [newest] = await unfinishedDeployments(this.d.ecs, this.state.cluster, this.state.service);
        if (!newest)
            return undefined;
        const svc = await this.readService();
        if (this.state.taskDefinitionArn)
            return svc.taskDefinition === this.state.taskDefinitionArn ? newest.arn : undefined;
        if (svc.taskDefinition === this.state.previousTaskDefinitionArn)
            return undefined;
        const sd = await describeServiceDeployment(this.d.ecs, newest.arn);
        const startedAfterUs = (sd.createdAt?.getTime() ?? 0) >= this.state.startedAt - CLOCK_SKEW_MS;
        if (startedAfterUs)
            this.state.taskDefinitionArn = svc.taskDefinition;
        return startedAfterUs ? newest.arn : undefined;
    }
    /**
     * A new deployment of the previous task definition, for when ours already finished. It goes out with the
     * configuration the service had before this rollout: the alarms that failed this one must not fail (and
     * roll back) the way back.
     */
    async rollForward(ctx) {
        const previous = this.state.previousTaskDefinitionArn;
        const config = this.state.originalConfiguration ?? (await this.readService()).deploymentConfiguration;
        const out = await this.d.ecs.send(new client_ecs_dist_cjs/* UpdateServiceCommand */.kZr({
            cluster: this.state.cluster,
            service: this.state.service,
            taskDefinition: previous,
            // A rollout of the same revision (forced) rolls back to it with another forced deployment.
            ...(previous === this.state.taskDefinitionArn ? { forceNewDeployment: true } : {}),
            deploymentConfiguration: {
                ...config,
                // Said outright: leaving alarms out could keep the ones this rollout set.
                alarms: config?.alarms ?? { alarmNames: [], enable: false, rollback: false },
                lifecycleHooks: this.state.originalHooks ?? config?.lifecycleHooks ?? [],
            },
        }));
        this.state.originalHooks = undefined;
        const arn = out.service?.currentServiceDeployment;
        if (!arn)
            throw new errors/* ActionError */.lZ(`UpdateService back to ${rev(previous)} started no service deployment`);
        ctx.log(`the deployment had finished; deploying ${rev(previous)} again (${shortArn(arn)})`);
        return arn;
    }
    async rollback(ctx) {
        // A cancel during the one-off task: stop it first; the service was not touched yet.
        if (this.state.migrationTaskArn)
            await stopOneOffTask(this.runTaskDeps(ctx), ctx, this.state.migrationTaskArn);
        // A cancel may have come while the hook-removal deployment ran: it ends before anything else moves.
        await this.settleHookDeployment(ctx);
        const previous = this.state.previousTaskDefinitionArn;
        let arn = this.state.serviceDeploymentArn ?? (await this.findOurs());
        let forward = false;
        if (!arn) {
            const svc = await this.readService();
            if (!this.state.taskDefinitionArn || svc.taskDefinition !== this.state.taskDefinitionArn) {
                await this.restoreHooks(ctx);
                return ctx.log(`${this.label} still runs ${rev(svc.taskDefinition)}: nothing to roll back`);
            }
            arn = await this.rollForward(ctx);
            forward = true;
        }
        else {
            let sd = await describeServiceDeployment(this.d.ecs, arn);
            if ((sd.status === 'PENDING' || sd.status === 'IN_PROGRESS') && !(await this.stop(arn, ctx)))
                sd = await describeServiceDeployment(this.d.ecs, arn);
            if (sd.status === 'SUCCESSFUL' || sd.status === 'STOPPED') {
                arn = await this.rollForward(ctx);
                forward = true;
            }
            else if (sd.status === 'ROLLBACK_FAILED')
                throw new errors/* ActionError */.lZ(`${describeFailure(sd)}; the service needs a hand: deploy ${rev(previous)} again`);
        }
        const id = shortArn(arn);
        await ctx.waitPlain(`rollback of ${this.label} (${id})`, this.timeoutMs, async () => {
            const sd = await describeServiceDeployment(this.d.ecs, arn);
            const goal = forward ? 'SUCCESSFUL' : 'ROLLBACK_SUCCESSFUL';
            if (sd.status === goal)
                return { done: true, value: sd };
            if (sd.status === 'ROLLBACK_FAILED' || (forward && sd.status && NOT_SUCCEEDING.includes(sd.status)))
                throw new errors/* ActionError */.lZ(`the rollback did not finish: ${describeFailure(sd)}`);
            return { done: false, status: describeProgress(sd) };
        });
        await this.restoreHooks(ctx);
        const svc = await this.readService();
        if (svc.taskDefinition !== previous)
            throw new errors/* ActionError */.lZ(`${this.label} reads back as ${rev(svc.taskDefinition)} after the rollback, not ${rev(previous)}`);
        ctx.log(`${this.label} is back on ${rev(previous)} (read back)`);
    }
    /**
     * StopServiceDeployment ROLLBACK. False when ECS refuses because the deployment just left IN_PROGRESS
     * (it finished, or ECS began a rollback itself); the caller reads where it went.
     */
    async stop(arn, ctx) {
        try {
            await this.d.ecs.send(new client_ecs_dist_cjs/* StopServiceDeploymentCommand */.a8L({ serviceDeploymentArn: arn, stopType: 'ROLLBACK' }));
            ctx.log(`stopped ECS service deployment ${shortArn(arn)} with ROLLBACK`);
            return true;
        }
        catch (err) {
            if (!(0,errors/* isAwsError */.m_)(err, 'ConflictException'))
                throw err;
            ctx.log(`ECS service deployment ${shortArn(arn)} is already ending: ${err.message}`);
            return false;
        }
    }
    async diagnoseFailure() {
        return diagnose({
            ecs: this.d.ecs,
            elbv2: this.d.elbv2,
            cluster: this.state.cluster,
            service: this.state.service,
            taskDefinitionArn: this.state.taskDefinitionArn,
        });
    }
}

;// CONCATENATED MODULE: ./src/targets/ecs/service-target.ts





const isCodeDeploy = (s) => s.mode === 'codedeploy';
/** Rebuilds the target the main step ran from its saved state, for the post step's rollback. */
function rebuildEcsTarget(d, state) {
    return isCodeDeploy(state)
        ? new CodeDeployServiceTarget({ ecs: d.ecs, codedeploy: d.codedeploy, clock: d.clock }, state)
        : new EcsServiceTarget(d, state);
}
/**
 * deploy-ecs's target: on describe() it reads the service's deployment controller and hands everything to
 * EcsServiceTarget (ECS) or CodeDeployServiceTarget (CODE_DEPLOY); the mode goes into the saved state.
 */
class EcsDeployTarget {
    d;
    ecsState;
    spec;
    label;
    inner;
    constructor(d, ecsState, spec) {
        this.d = d;
        this.ecsState = ecsState;
        this.spec = spec;
        this.label = `service ${(0,names/* shortName */.EU)(ecsState.service)} in cluster ${(0,names/* shortName */.EU)(ecsState.cluster)}`;
    }
    get target() {
        if (!this.inner)
            throw new Error('describe() decides the target first');
        return this.inner;
    }
    /** What the post step needs, with the mode. */
    savedState() {
        return structuredClone(this.inner?.state ?? this.ecsState);
    }
    /** The definition this run renders and registers, once described. */
    get rendered() {
        return this.inner?.rendered;
    }
    get taskDefinitionArn() {
        return (this.inner?.state ?? this.ecsState).taskDefinitionArn;
    }
    /** The ECS service deployment ARN, or the CodeDeploy deployment id. */
    get deploymentId() {
        const s = this.inner?.state ?? this.ecsState;
        return isCodeDeploy(s) ? s.deploymentId : s.serviceDeploymentArn;
    }
    async describe() {
        if (!this.inner)
            this.inner = await this.choose();
        return this.inner.describe();
    }
    async choose() {
        const { cluster, service, region } = this.ecsState;
        const out = await this.d.ecs.send(new client_ecs_dist_cjs/* DescribeServicesCommand */.H7c({ cluster, services: [service] }));
        const svc = out.services?.[0];
        // A service not found is EcsServiceTarget's to report, with ECS's reason.
        if (!svc)
            return new EcsServiceTarget(this.d, this.ecsState, this.spec);
        const controller = svc.deploymentController?.type;
        const app = this.spec.codedeployApplication;
        const group = this.spec.codedeployDeploymentGroup;
        if (controller !== 'CODE_DEPLOY') {
            if (app !== undefined || group !== undefined)
                throw new errors/* ActionError */.lZ(`codedeploy-application and codedeploy-deployment-group are for services on the CODE_DEPLOY deployment controller; ${this.label} uses ${controller ?? 'ECS'}: drop them`);
            return new EcsServiceTarget(this.d, this.ecsState, this.spec);
        }
        if (app === undefined || group === undefined)
            throw new errors/* ActionError */.lZ(`${this.label} uses the CODE_DEPLOY deployment controller: set codedeploy-application and codedeploy-deployment-group to the CodeDeploy application and deployment group that deploy it (the CodeDeploy console's application page lists its deployment groups; or aws deploy list-deployment-groups --application-name <application>, then the group whose ecsServices names ${(0,names/* shortName */.EU)(service)})`);
        if (this.spec.runTask)
            throw new errors/* ActionError */.lZ(`run-task is not supported for ${this.label} on the CODE_DEPLOY deployment controller yet; run the one-off task in a step before this one`);
        if (this.spec.propagateTags !== undefined || this.spec.enableEcsManagedTags !== undefined)
            throw new errors/* ActionError */.lZ(`propagate-tags and enable-ecs-managed-tags are not supported for ${this.label} on the CODE_DEPLOY deployment controller; set them on the service (aws ecs update-service)`);
        const state = {
            mode: 'codedeploy',
            region,
            cluster,
            service,
            application: app,
            deploymentGroup: group,
            previousTaskDefinitionArn: undefined,
            taskDefinitionArn: undefined,
            deploymentId: undefined,
            waitTimeoutMs: this.ecsState.waitTimeoutMs,
        };
        return new CodeDeployServiceTarget({ ecs: this.d.ecs, codedeploy: this.d.codedeploy, clock: this.d.clock }, state, this.spec);
    }
    prepareGreen(ctx) {
        return this.target.prepareGreen(ctx);
    }
    shift(percent, ctx) {
        return this.target.shift(percent, ctx);
    }
    health() {
        return this.target.health();
    }
    finalize(ctx) {
        return this.target.finalize(ctx);
    }
    rollback(ctx) {
        return this.target.rollback(ctx);
    }
    async diagnoseFailure() {
        return this.inner instanceof EcsServiceTarget ? this.inner.diagnoseFailure() : [];
    }
}

;// CONCATENATED MODULE: ./src/actions/deploy-ecs/deploy.ts











const ACTION = 'deploy-ecs';
const consoleUrl = (region, cluster, service) => `https://${region}.console.aws.amazon.com/ecs/v2/clusters/${(0,names/* shortName */.EU)(cluster)}/services/${(0,names/* shortName */.EU)(service)}/deployments?region=${region}`;
async function deployEcs(deps, inputs, fetch) {
    const aws = deps.aws({ maxAttempts: inputs.maxAttempts, action: ACTION });
    const { region } = inputs;
    const gates = async () => inputs.alarms.length ? [await createAlarmGate(aws.get(dist_cjs/* CloudWatchClient */.WBn, region), inputs.alarms)] : [];
    const state = {
        region,
        cluster: inputs.cluster,
        service: inputs.service,
        strategy: inputs.strategy,
        previousTaskDefinitionArn: undefined,
        taskDefinitionArn: undefined,
        serviceDeploymentArn: undefined,
        originalHooks: undefined,
        waitTimeoutMs: inputs.waitTimeoutMs,
        startedAt: deps.clock.now(),
    };
    // Summary rows; the rollout adds the ones it learns as it goes (the one-off task's log).
    const facts = [
        ['service', `[${(0,names/* shortName */.EU)(inputs.service)}](${consoleUrl(region, inputs.cluster, inputs.service)})`],
        ['cluster', (0,names/* shortName */.EU)(inputs.cluster)],
        inputs.taskDefinitionArn
            ? ['task definition', `\`${inputs.taskDefinitionArn}\` as it is`]
            : ['containers', (0,task_definition/* describeChanges */.DT)(inputs.changes) || 'unchanged (force-new-deployment)'],
        ...(inputs.desiredCount !== undefined
            ? [['desired count', String(inputs.desiredCount)]]
            : []),
        ['region', region],
    ];
    // Decides on describe() by the service's deployment controller: ECS's own deployments, or CodeDeploy's.
    const target = new EcsDeployTarget({
        ecs: aws.get(client_ecs_dist_cjs/* ECSClient */.Zgc, region),
        codedeploy: aws.get(client_codedeploy_dist_cjs/* CodeDeployClient */.cHd, region),
        elbv2: aws.get(client_elastic_load_balancing_v2_dist_cjs/* ElasticLoadBalancingV2Client */.MlD, region),
        clock: deps.clock,
        signal: deps.signal,
        fetch,
        logs: (logRegion) => aws.get(client_cloudwatch_logs_dist_cjs/* CloudWatchLogsClient */.TFr, logRegion),
        fact: (name, value) => facts.push([name, value]),
    }, state, { ...inputs, smoke: inputs.smokeUrl !== undefined });
    await executeDeploy(deps, {
        action: ACTION,
        inputs,
        target,
        steps: planSteps(inputs),
        gates,
        // The task definitions and the deployment are known only as the rollout goes: read at each phase.
        targetState: () => target.savedState(),
        facts,
        details: () => {
            const td = target.rendered;
            return td
                ? [
                    {
                        title: `task definition ${td.family ?? ''} as registered (secrets by name only)`,
                        lang: 'json',
                        body: JSON.stringify((0,task_definition/* forSummary */.oN)(td), null, 2),
                    },
                ]
                : [];
        },
        outputs: (result) => ({
            'task-definition-arn': target.taskDefinitionArn ?? result.previous ?? '',
            'previous-task-definition-arn': result.previous ?? '',
            'deployment-id': target.deploymentId ?? '',
        }),
    });
}
async function rollbackEcs(deps) {
    await executeDeployPost(deps, async (state) => {
        const aws = deps.aws({ maxAttempts: 9, action: `${ACTION}-post` });
        return rebuildEcsTarget({
            ecs: aws.get(client_ecs_dist_cjs/* ECSClient */.Zgc, state.region),
            codedeploy: aws.get(client_codedeploy_dist_cjs/* CodeDeployClient */.cHd, state.region),
            elbv2: aws.get(client_elastic_load_balancing_v2_dist_cjs/* ElasticLoadBalancingV2Client */.MlD, state.region),
            clock: deps.clock,
            signal: deps.signal,
            fetch,
        }, state);
    });
}


/***/ })

};
;