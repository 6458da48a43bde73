"use strict";
exports.id = 425;
exports.ids = [425];
exports.modules = {

/***/ 4425:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  deployEc2: () => (/* binding */ deployEc2),
  rollbackEc2: () => (/* binding */ rollbackEc2)
});

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-auto-scaling/dist-cjs/index.js
var dist_cjs = __webpack_require__(8932);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-cloudwatch/dist-cjs/index.js
var client_cloudwatch_dist_cjs = __webpack_require__(4085);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ec2/dist-cjs/index.js
var client_ec2_dist_cjs = __webpack_require__(5193);
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
        const out = await client.send(new client_cloudwatch_dist_cjs/* DescribeAlarmsCommand */.zWD({
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

// EXTERNAL MODULE: ./src/rollout/smoke-url.ts + 3 modules
var smoke_url = __webpack_require__(9921);
;// CONCATENATED MODULE: ./src/targets/ec2/clone-alarms.ts



// DescribeAlarms and DeleteAlarms take at most 100 names a call.
const clone_alarms_PAGE = 100;
const POLICY_ARN = /^arn:aws[a-z-]*:autoscaling:[^:]+:\d+:scalingPolicy:/;
const GROUP_DIMENSION = 'AutoScalingGroupName';
/** The policies whose alarms are the user's: target tracking (and predictive) policies' are Auto Scaling's. */
const userAlarmed = (p) => p.PolicyType === 'StepScaling' || p.PolicyType === 'SimpleScaling' || p.PolicyType === undefined;
const policyActions = (a) => [...(a.AlarmActions ?? []), ...(a.OKActions ?? []), ...(a.InsufficientDataActions ?? [])].filter((x) => POLICY_ARN.test(x));
/** The group a scaling policy ARN belongs to (…:autoScalingGroupName/<name>:policyName/…). */
const groupOfPolicy = (arn) => /autoScalingGroupName\/(.*):policyName\//.exec(arn)?.[1] ?? arn;
/** The name of green's copy: blue's group name replaced by green's, or green's appended. */
const copyName = (name, blue, green) => name.includes(blue) ? name.split(blue).join(green) : `${name}-${green}`;
async function describeAlarms(cw, names) {
    const out = [];
    for (let i = 0; i < names.length; i += clone_alarms_PAGE)
        out.push(...((await cw.send(new client_cloudwatch_dist_cjs/* DescribeAlarmsCommand */.zWD({ AlarmNames: names.slice(i, i + clone_alarms_PAGE) }))).MetricAlarms ??
            []));
    return out;
}
/** The alarms that invoke the group's step and simple policies, with the ARNs of all its policies. */
async function alarmsOfGroup(asg, cw, group) {
    const policies = (await asg.send(new dist_cjs/* DescribePoliciesCommand */.d5V({ AutoScalingGroupName: group }))).ScalingPolicies ?? [];
    const names = [
        ...new Set(policies.filter(userAlarmed).flatMap((p) => (p.Alarms ?? []).map((a) => a.AlarmName))),
    ].filter(Boolean);
    return {
        alarms: await describeAlarms(cw, names),
        policyArns: new Set(policies.map((p) => p.PolicyARN)),
    };
}
/**
 * Plans green's copies of the alarms that invoke blue's step and simple scaling policies (PutScalingPolicy
 * makes no alarms for those, so without copies green's scaling would be dead once blue is gone). `problems`
 * lists what cannot be carried: an alarm that also invokes another group's policy (its copy would invoke
 * that policy twice), and a copy name that is taken or too long.
 */
async function planAlarmCopies(asg, cw, blue, green) {
    const { alarms, policyArns } = await alarmsOfGroup(asg, cw, blue);
    const problems = [];
    const copies = [];
    for (const alarm of alarms) {
        const foreign = policyActions(alarm).filter((x) => !policyArns.has(x));
        if (foreign.length) {
            problems.push(`alarm ${alarm.AlarmName} also invokes scaling policies of ${[...new Set(foreign.map(groupOfPolicy))].join(', ')}; give ${blue} an alarm of its own`);
            continue;
        }
        const name = copyName(alarm.AlarmName, blue, green);
        if (name.length > 255)
            problems.push(`alarm ${alarm.AlarmName}: its copy's name ${name} is over 255 characters`);
        else
            copies.push({ alarm, name });
    }
    const taken = await describeAlarms(cw, copies.map((c) => c.name));
    for (const t of taken)
        problems.push(`alarm ${t.AlarmName} exists already; the copy of blue's alarm for green would overwrite it`);
    return { copies, problems };
}
/** Green's copy: blue's configuration with green's group in the dimensions and green's policies in the actions. */
function copyInput(c, blue, green, policyArns) {
    const a = c.alarm;
    const dims = (ds) => ds?.map((d) => (d.Name === GROUP_DIMENSION && d.Value === blue ? { ...d, Value: green } : d));
    const actions = (xs) => xs?.map((x) => policyArns.get(x) ?? x);
    return {
        AlarmName: c.name,
        ...(a.AlarmDescription !== undefined ? { AlarmDescription: a.AlarmDescription } : {}),
        ...(a.ActionsEnabled !== undefined ? { ActionsEnabled: a.ActionsEnabled } : {}),
        ...(a.AlarmActions ? { AlarmActions: actions(a.AlarmActions) } : {}),
        ...(a.OKActions ? { OKActions: actions(a.OKActions) } : {}),
        ...(a.InsufficientDataActions ? { InsufficientDataActions: actions(a.InsufficientDataActions) } : {}),
        ...(a.MetricName !== undefined ? { MetricName: a.MetricName } : {}),
        ...(a.Namespace !== undefined ? { Namespace: a.Namespace } : {}),
        ...(a.Statistic ? { Statistic: a.Statistic } : {}),
        ...(a.ExtendedStatistic ? { ExtendedStatistic: a.ExtendedStatistic } : {}),
        ...(a.Dimensions?.length ? { Dimensions: dims(a.Dimensions) } : {}),
        ...(a.Period !== undefined ? { Period: a.Period } : {}),
        ...(a.Unit ? { Unit: a.Unit } : {}),
        EvaluationPeriods: a.EvaluationPeriods,
        ...(a.DatapointsToAlarm !== undefined ? { DatapointsToAlarm: a.DatapointsToAlarm } : {}),
        ...(a.Threshold !== undefined ? { Threshold: a.Threshold } : {}),
        ComparisonOperator: a.ComparisonOperator,
        ...(a.TreatMissingData ? { TreatMissingData: a.TreatMissingData } : {}),
        ...(a.EvaluateLowSampleCountPercentile
            ? { EvaluateLowSampleCountPercentile: a.EvaluateLowSampleCountPercentile }
            : {}),
        ...(a.Metrics?.length
            ? {
                Metrics: a.Metrics.map((m) => m.MetricStat?.Metric
                    ? {
                        ...m,
                        MetricStat: {
                            ...m.MetricStat,
                            Metric: { ...m.MetricStat.Metric, Dimensions: dims(m.MetricStat.Metric.Dimensions) },
                        },
                    }
                    : m),
            }
            : {}),
        ...(a.ThresholdMetricId ? { ThresholdMetricId: a.ThresholdMetricId } : {}),
    };
}
/** Puts green's copies; `policyArns` maps each of blue's policy ARNs to green's. */
async function putAlarmCopies(cw, copies, blue, green, policyArns) {
    for (const c of copies)
        await cw.send(new client_cloudwatch_dist_cjs/* PutMetricAlarmCommand */.AZU(copyInput(c, blue, green, policyArns)));
}
async function deleteAlarms(cw, names) {
    for (let i = 0; i < names.length; i += clone_alarms_PAGE)
        await cw.send(new client_cloudwatch_dist_cjs/* DeleteAlarmsCommand */.nds({ AlarmNames: names.slice(i, i + clone_alarms_PAGE) }));
}
/** Deletes those of the named alarms that exist (DeleteAlarms deletes none if one name is unknown). */
async function deleteExisting(cw, names) {
    const existing = (await describeAlarms(cw, names)).map((a) => a.AlarmName);
    await deleteAlarms(cw, existing);
    return existing;
}
/**
 * The alarms that invoke only this group's policies: to delete once the group is gone, as AWS keeps those
 * that also notify someone, watching a group that no longer exists. None when the group is gone already.
 */
async function groupAlarms(asg, cw, group) {
    let found;
    try {
        found = await alarmsOfGroup(asg, cw, group);
    }
    catch (err) {
        if ((0,errors/* isAwsError */.m_)(err, 'ValidationError') && /not found/i.test(err.message))
            return [];
        throw err;
    }
    return found.alarms
        .filter((a) => policyActions(a).every((x) => found.policyArns.has(x)))
        .map((a) => a.AlarmName);
}

;// CONCATENATED MODULE: ./src/targets/ec2/clone-settings.ts

/** Processes without which green never launches or never joins its target group, so never turns healthy. */
const BLOCKING = ['Launch', 'AddToLoadBalancer'];
/** Reads blue's settings; `problems` lists what green cannot carry (the deploy refuses before any write). */
async function readGroupSettings(asg, blue) {
    const name = blue.AutoScalingGroupName;
    const hooks = (await asg.send(new dist_cjs/* DescribeLifecycleHooksCommand */.TnH({ AutoScalingGroupName: name }))).LifecycleHooks ?? [];
    const warmPool = (await asg.send(new dist_cjs/* DescribeWarmPoolCommand */.OqI({ AutoScalingGroupName: name })))
        .WarmPoolConfiguration;
    const suspended = (blue.SuspendedProcesses ?? []).map((p) => p.ProcessName).filter(Boolean);
    const blocking = suspended.filter((p) => BLOCKING.includes(p));
    const problems = blocking.length
        ? [
            `group ${name} has ${blocking.join(' and ')} suspended, so a clone of it could never become healthy; resume ${blocking.length > 1 ? 'them' : 'it'} first (aws autoscaling resume-processes, ResumeProcesses)`,
        ]
        : [];
    return {
        settings: {
            hooks: hooks.map((h) => ({
                LifecycleHookName: h.LifecycleHookName,
                LifecycleTransition: h.LifecycleTransition,
                ...(h.HeartbeatTimeout !== undefined ? { HeartbeatTimeout: h.HeartbeatTimeout } : {}),
                ...(h.DefaultResult ? { DefaultResult: h.DefaultResult } : {}),
                ...(h.NotificationMetadata ? { NotificationMetadata: h.NotificationMetadata } : {}),
                ...(h.NotificationTargetARN ? { NotificationTargetARN: h.NotificationTargetARN } : {}),
                ...(h.RoleARN ? { RoleARN: h.RoleARN } : {}),
            })),
            warmPool,
            suspended,
            create: {
                ...(blue.MaxInstanceLifetime !== undefined ? { MaxInstanceLifetime: blue.MaxInstanceLifetime } : {}),
                ...(blue.InstanceMaintenancePolicy
                    ? { InstanceMaintenancePolicy: blue.InstanceMaintenancePolicy }
                    : {}),
            },
        },
        problems,
    };
}
/**
 * The members of CreateAutoScalingGroup that carry the settings: hooks given at creation apply to the group's
 * very first launches, which a PutLifecycleHook after it would miss.
 */
function createMembers(s) {
    return { ...s.create, ...(s.hooks.length ? { LifecycleHookSpecificationList: s.hooks } : {}) };
}
/** What CreateAutoScalingGroup cannot take: the warm pool and the suspended processes, put right after it. */
async function applyAfterCreate(asg, group, s) {
    const pool = s.warmPool;
    if (pool)
        await asg.send(new dist_cjs/* PutWarmPoolCommand */.ciP({
            AutoScalingGroupName: group,
            ...(pool.MaxGroupPreparedCapacity !== undefined
                ? { MaxGroupPreparedCapacity: pool.MaxGroupPreparedCapacity }
                : {}),
            ...(pool.MinSize !== undefined ? { MinSize: pool.MinSize } : {}),
            ...(pool.PoolState ? { PoolState: pool.PoolState } : {}),
            ...(pool.InstanceReusePolicy ? { InstanceReusePolicy: pool.InstanceReusePolicy } : {}),
        }));
    if (s.suspended.length)
        await asg.send(new dist_cjs/* SuspendProcessesCommand */.JQO({ AutoScalingGroupName: group, ScalingProcesses: s.suspended }));
}
/** One line for the log: what was carried beside the scaling policies. */
function settingsSummary(s) {
    const parts = [
        s.hooks.length ? `${s.hooks.length} lifecycle hooks` : '',
        s.warmPool ? 'the warm pool' : '',
        s.suspended.length ? `suspended ${s.suspended.join(', ')}` : '',
        s.create.MaxInstanceLifetime !== undefined ? 'the maximum instance lifetime' : '',
        s.create.InstanceMaintenancePolicy ? 'the instance maintenance policy' : '',
    ].filter(Boolean);
    return parts.join(', ');
}

;// CONCATENATED MODULE: ./src/targets/ec2/group-config.ts

/** The group's launch template as its LaunchTemplate (or mixed instances policy) names it. */
function groupTemplate(g) {
    const spec = g.LaunchTemplate ?? g.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification;
    const template = spec?.LaunchTemplateId ?? spec?.LaunchTemplateName;
    if (!template)
        throw new errors/* ActionError */.lZ(`group ${g.AutoScalingGroupName} uses a launch configuration; deploy-ec2 needs a launch template`);
    return { template, version: spec?.Version ?? '$Default' };
}
/**
 * The group's configuration with its launch template replaced by `lt`, for a refresh, an update or a clone.
 * A mixed instances policy keeps its overrides, instance types, Spot settings and allocation strategies: a
 * launch template given alone would replace the whole policy.
 */
function configWith(g, lt) {
    const mixed = g.MixedInstancesPolicy;
    if (!mixed)
        return { LaunchTemplate: lt };
    return {
        MixedInstancesPolicy: {
            ...mixed,
            LaunchTemplate: { ...mixed.LaunchTemplate, LaunchTemplateSpecification: lt },
        },
    };
}
/** The launch template a refresh's desired configuration names. */
const desiredTemplate = (dc) => dc?.LaunchTemplate ?? dc?.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification;
/**
 * Refuses a mixed instances policy whose overrides name launch templates of their own: the new AMI goes into
 * the policy's launch template only, so instances of those types would keep the old one.
 */
function checkOverrides(g) {
    const own = (g.MixedInstancesPolicy?.LaunchTemplate?.Overrides ?? []).filter((o) => o.LaunchTemplateSpecification);
    if (own.length === 0)
        return;
    const list = own
        .map((o) => {
        const lt = o.LaunchTemplateSpecification;
        return `${o.InstanceType ?? 'an instance-requirements override'} uses ${lt.LaunchTemplateName ?? lt.LaunchTemplateId}`;
    })
        .join('; ');
    throw new errors/* ActionError */.lZ(`group ${g.AutoScalingGroupName}'s mixed instances policy has overrides with their own launch template (${list}); deploy-ec2 puts the new AMI in the policy's launch template only, so those instances would keep the old AMI: remove LaunchTemplateSpecification from those overrides`);
}

;// CONCATENATED MODULE: ./src/targets/ec2/groups.ts



const SERVICE_TAG = 'slipway:service';
/** Marks the group a blue/green with keep-previous left at weight 0, for a manual rollback. */
const PREVIOUS_TAG = 'slipway:previous';
async function describeGroup(asg, name) {
    const out = await asg.send(new dist_cjs/* DescribeAutoScalingGroupsCommand */.NkQ({ AutoScalingGroupNames: [name] }));
    return out.AutoScalingGroups?.[0];
}
/** The groups tagged with the service, across pages. */
async function groupsOfService(asg, service) {
    const groups = [];
    let NextToken;
    do {
        const out = await asg.send(new dist_cjs/* DescribeAutoScalingGroupsCommand */.NkQ({
            Filters: [{ Name: `tag:${SERVICE_TAG}`, Values: [service] }],
            ...(NextToken ? { NextToken } : {}),
        }));
        groups.push(...(out.AutoScalingGroups ?? []));
        NextToken = out.NextToken;
    } while (NextToken);
    return groups;
}
const tagOf = (g, key) => g.Tags?.find((t) => t.Key === key)?.Value;
/** In service and healthy, as Auto Scaling sees it. */
const healthyInService = (g) => (g.Instances ?? []).filter((i) => i.LifecycleState === 'InService' && i.HealthStatus === 'Healthy').length;
/** The group's recent activities, newest first. */
async function recentActivities(asg, name, max = 20) {
    try {
        const out = await asg.send(new dist_cjs/* DescribeScalingActivitiesCommand */.hM1({ AutoScalingGroupName: name, MaxRecords: max }));
        return out.Activities ?? [];
    }
    catch (err) {
        if ((0,errors/* isAwsError */.m_)(err, 'ValidationError'))
            return [];
        throw err;
    }
}
/** Failed launches and health-check replacements since `since`: the causes a failed rollout reports. */
function troubleLines(name, activities, since) {
    return (activities
        .filter((a) => (a.StartTime?.getTime() ?? 0) >= since)
        // Stryker disable next-line StringLiteral: no fallback text mentions a health check, so the filter is the same
        .filter((a) => a.StatusCode === 'Failed' || /health check/i.test(a.Cause ?? ''))
        .map((a) => a.StatusCode === 'Failed'
        ? `${name}: ${a.Description}: ${a.StatusMessage ?? 'failed'}`
        : `${name}: ${a.Description}: ${(a.Cause ?? '').replace(/^At \S+ /, '')}`));
}
/**
 * Creates `name` with blue's configuration: the same subnets, sizes, health checks, warm-up, termination
 * policies and tags, but the given launch template version and target groups; `extra` adds members (the
 * lifecycle hooks and other settings clone-settings.ts carries).
 */
async function createGroupLike(asg, blue, name, launchTemplate, targetGroupArns, extraTags, extra = {}) {
    const override = new Set(extraTags.map((t) => t.Key));
    const tags = [
        ...(blue.Tags ?? [])
            .filter((t) => t.Key && !t.Key.startsWith('aws:') && !override.has(t.Key) && t.Key !== PREVIOUS_TAG)
            .map((t) => ({ Key: t.Key, Value: t.Value ?? '', PropagateAtLaunch: t.PropagateAtLaunch ?? false })),
        ...extraTags.map((t) => ({ ...t, PropagateAtLaunch: true })),
    ];
    await asg.send(new dist_cjs/* CreateAutoScalingGroupCommand */.VrW({
        ...extra,
        AutoScalingGroupName: name,
        // A mixed instances policy is cloned whole, with only its launch template changed.
        ...configWith(blue, launchTemplate),
        MinSize: blue.MinSize,
        MaxSize: blue.MaxSize,
        DesiredCapacity: blue.DesiredCapacity,
        VPCZoneIdentifier: blue.VPCZoneIdentifier,
        HealthCheckType: blue.HealthCheckType,
        HealthCheckGracePeriod: blue.HealthCheckGracePeriod,
        ...(blue.DefaultInstanceWarmup !== undefined
            ? { DefaultInstanceWarmup: blue.DefaultInstanceWarmup }
            : {}),
        DefaultCooldown: blue.DefaultCooldown,
        TerminationPolicies: blue.TerminationPolicies,
        NewInstancesProtectedFromScaleIn: blue.NewInstancesProtectedFromScaleIn,
        CapacityRebalance: blue.CapacityRebalance,
        TargetGroupARNs: targetGroupArns,
        Tags: tags.map((t) => ({ ...t, ResourceId: name, ResourceType: 'auto-scaling-group' })),
    }));
}
/**
 * Copies blue's scaling policies and scheduled actions. A target-tracking policy on ALB requests per target
 * names blue's target group in its resource label, which is rewritten to green's. Returns how many were
 * copied, and green's policy ARN for each of blue's (for the alarms that invoke them).
 */
async function copyScaling(asg, from, to, tgSuffix) {
    let copied = 0;
    const policyArns = new Map();
    const policies = (await asg.send(new dist_cjs/* DescribePoliciesCommand */.d5V({ AutoScalingGroupName: from }))).ScalingPolicies ?? [];
    for (const p of policies) {
        const tt = p.TargetTrackingConfiguration;
        const label = tt?.PredefinedMetricSpecification?.ResourceLabel;
        const out = await asg.send(new dist_cjs/* PutScalingPolicyCommand */.OJS({
            AutoScalingGroupName: to,
            PolicyName: p.PolicyName,
            PolicyType: p.PolicyType,
            ...(p.AdjustmentType ? { AdjustmentType: p.AdjustmentType } : {}),
            ...(p.MinAdjustmentMagnitude !== undefined
                ? { MinAdjustmentMagnitude: p.MinAdjustmentMagnitude }
                : {}),
            ...(p.ScalingAdjustment !== undefined ? { ScalingAdjustment: p.ScalingAdjustment } : {}),
            ...(p.Cooldown !== undefined ? { Cooldown: p.Cooldown } : {}),
            ...(p.MetricAggregationType ? { MetricAggregationType: p.MetricAggregationType } : {}),
            ...(p.StepAdjustments ? { StepAdjustments: p.StepAdjustments } : {}),
            ...(p.EstimatedInstanceWarmup !== undefined
                ? { EstimatedInstanceWarmup: p.EstimatedInstanceWarmup }
                : {}),
            ...(p.Enabled !== undefined ? { Enabled: p.Enabled } : {}),
            ...(p.PredictiveScalingConfiguration
                ? { PredictiveScalingConfiguration: p.PredictiveScalingConfiguration }
                : {}),
            ...(tt
                ? {
                    TargetTrackingConfiguration: {
                        ...tt,
                        ...(tt.PredefinedMetricSpecification && label
                            ? {
                                PredefinedMetricSpecification: {
                                    ...tt.PredefinedMetricSpecification,
                                    ResourceLabel: label.replace(tgSuffix.blue, tgSuffix.green),
                                },
                            }
                            : {}),
                    },
                }
                : {}),
        }));
        if (p.PolicyARN && out.PolicyARN)
            policyArns.set(p.PolicyARN, out.PolicyARN);
        copied++;
    }
    const scheduled = (await asg.send(new dist_cjs/* DescribeScheduledActionsCommand */.bE3({ AutoScalingGroupName: from })))
        .ScheduledUpdateGroupActions ?? [];
    for (const a of scheduled) {
        await asg.send(new dist_cjs/* PutScheduledUpdateGroupActionCommand */.Yg1({
            AutoScalingGroupName: to,
            ScheduledActionName: a.ScheduledActionName,
            ...(a.Recurrence ? { Recurrence: a.Recurrence } : {}),
            ...(a.StartTime ? { StartTime: a.StartTime } : {}),
            ...(a.EndTime ? { EndTime: a.EndTime } : {}),
            ...(a.TimeZone ? { TimeZone: a.TimeZone } : {}),
            ...(a.MinSize !== undefined ? { MinSize: a.MinSize } : {}),
            ...(a.MaxSize !== undefined ? { MaxSize: a.MaxSize } : {}),
            ...(a.DesiredCapacity !== undefined ? { DesiredCapacity: a.DesiredCapacity } : {}),
        }));
        copied++;
    }
    return { copied, policyArns };
}
/**
 * Deletes the group with its instances (each drains first); true when it existed. It looks first: under a
 * policy conditioned on the group's tags, deleting a group that does not exist is AccessDenied (there are no
 * tags to match), not "not found".
 */
async function forceDeleteGroup(asg, name) {
    if (!(await describeGroup(asg, name)))
        return false;
    try {
        await asg.send(new dist_cjs/* DeleteAutoScalingGroupCommand */.cUH({ AutoScalingGroupName: name, ForceDelete: true }));
        return true;
    }
    catch (err) {
        if ((0,errors/* isAwsError */.m_)(err, 'ValidationError') && /not found/i.test(err.message))
            return false;
        throw err;
    }
}

;// CONCATENATED MODULE: ./src/targets/ec2/launch-template.ts


/** Resolves `version` ($Latest, $Default or a number) of a template given by id (lt-…) or name. */
async function resolveVersion(ec2, template, version) {
    const byId = template.startsWith('lt-');
    const out = await ec2
        .send(new client_ec2_dist_cjs/* DescribeLaunchTemplateVersionsCommand */.Ptd({
        ...(byId ? { LaunchTemplateId: template } : { LaunchTemplateName: template }),
        Versions: [version],
    }))
        .catch((err) => {
        if ((0,errors/* isAwsError */.m_)(err, 'InvalidLaunchTemplateId.NotFound', 'InvalidLaunchTemplateName.NotFoundException'))
            throw new errors/* ActionError */.lZ(`launch template ${template} does not exist in this region`);
        if ((0,errors/* isAwsError */.m_)(err, 'InvalidLaunchTemplateId.VersionNotFound'))
            throw new errors/* ActionError */.lZ(`launch template ${template} has no version ${version}`);
        throw err;
    });
    const v = out.LaunchTemplateVersions?.[0];
    if (!v?.VersionNumber)
        throw new errors/* ActionError */.lZ(`launch template ${template} version ${version} was not found`);
    return {
        templateId: v.LaunchTemplateId,
        templateName: v.LaunchTemplateName ?? template,
        version: v.VersionNumber,
        imageId: v.LaunchTemplateData?.ImageId,
    };
}
/**
 * A new version with only the AMI changed: everything else is inherited from `source`
 * (CreateLaunchTemplateVersion's SourceVersion), so the rollout changes the image and nothing else.
 */
async function createVersionWithImage(ec2, source, imageId, description) {
    const out = await ec2.send(new client_ec2_dist_cjs/* CreateLaunchTemplateVersionCommand */.B_$({
        LaunchTemplateId: source.templateId,
        SourceVersion: String(source.version),
        VersionDescription: description.slice(0, 255),
        LaunchTemplateData: { ImageId: imageId },
    }));
    const n = out.LaunchTemplateVersion?.VersionNumber;
    if (!n)
        throw new errors/* ActionError */.lZ(`CreateLaunchTemplateVersion on ${source.templateName} returned no version`);
    return { ...source, version: n, imageId };
}

;// CONCATENATED MODULE: ./src/targets/ec2/listener.ts


const trafficLabel = (t) => `${t.kind} ${t.arn.split('/').slice(-3).join('/')}`;
async function readActions(elb, t) {
    if (t.kind === 'listener') {
        const out = await elb.send(new client_elastic_load_balancing_v2_dist_cjs/* DescribeListenersCommand */.AKE({ ListenerArns: [t.arn] }));
        return out.Listeners?.[0]?.DefaultActions ?? [];
    }
    const out = await elb.send(new client_elastic_load_balancing_v2_dist_cjs/* DescribeRulesCommand */.Ggo({ RuleArns: [t.arn] }));
    return out.Rules?.[0]?.Actions ?? [];
}
/** The target groups of the forward actions and their weights (a bare TargetGroupArn weighs 1). */
function forwardWeights(actions) {
    const weights = {};
    for (const a of actions) {
        if (a.Type !== 'forward')
            continue;
        const tuples = a.ForwardConfig?.TargetGroups ?? [];
        // Stryker disable next-line StringLiteral: ELBv2 always returns the ARN of a forwarded target group
        if (tuples.length)
            for (const t of tuples)
                weights[t.TargetGroupArn ?? ''] = t.Weight ?? 1;
        else if (a.TargetGroupArn)
            weights[a.TargetGroupArn] = 1;
    }
    return weights;
}
async function readWeights(elb, t) {
    return forwardWeights(await readActions(elb, t));
}
const sameWeights = (a, b) => Object.keys(a).length === Object.keys(b).length && Object.entries(b).every(([k, v]) => a[k] === v);
/**
 * An action as it can be written back. DescribeListeners and DescribeRules never return an authenticate-oidc
 * action's client secret, and a write without one must set UseExistingClientSecret (and must not also give a
 * secret), or it is refused:
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_AuthenticateOidcActionConfig.html
 */
function writable(a) {
    if (a.Type !== 'authenticate-oidc' || !a.AuthenticateOidcConfig)
        return a;
    const { ClientSecret: _secret, ...config } = a.AuthenticateOidcConfig;
    return { ...a, AuthenticateOidcConfig: { ...config, UseExistingClientSecret: true } };
}
/**
 * Writes the forward weights. ModifyListener and ModifyRule replace the whole action list, so the list is
 * read, only the forward action that holds `anchor` is rewritten (stickiness and every other action kept),
 * written back, and read back: success is what the load balancer reports, not what we asked for.
 */
async function writeWeights(elb, t, anchor, weights) {
    const actions = await readActions(elb, t);
    const index = actions.findIndex((a) => a.Type === 'forward' && Object.keys(forwardWeights([a])).some((tg) => anchor.includes(tg)));
    if (index < 0)
        throw new errors/* ActionError */.lZ(`${trafficLabel(t)} has no forward action to ${anchor.join(' or ')}; was it changed by hand?`);
    const old = actions[index];
    const tuples = Object.entries(weights).map(([TargetGroupArn, Weight]) => ({
        TargetGroupArn,
        Weight,
    }));
    const forward = {
        Type: 'forward',
        ...(old.Order !== undefined ? { Order: old.Order } : {}),
        ForwardConfig: {
            TargetGroups: tuples,
            ...(old.ForwardConfig?.TargetGroupStickinessConfig
                ? { TargetGroupStickinessConfig: old.ForwardConfig.TargetGroupStickinessConfig }
                : {}),
        },
    };
    const next = actions.map((a, i) => (i === index ? forward : writable(a)));
    if (t.kind === 'listener')
        await elb.send(new client_elastic_load_balancing_v2_dist_cjs/* ModifyListenerCommand */.ugc({ ListenerArn: t.arn, DefaultActions: next }));
    else
        await elb.send(new client_elastic_load_balancing_v2_dist_cjs/* ModifyRuleCommand */.y5P({ RuleArn: t.arn, Actions: next }));
    const got = forwardWeights([(await readActions(elb, t))[index] ?? {}]);
    if (!sameWeights(got, weights))
        throw new errors/* ActionError */.lZ(`${trafficLabel(t)} reads back as ${JSON.stringify(got)}, not the ${JSON.stringify(weights)} just written (another writer?)`);
}

// EXTERNAL MODULE: ./src/targets/ec2/names.ts
var names = __webpack_require__(4631);
;// CONCATENATED MODULE: ./src/targets/ec2/target-group-attributes.ts
const ALL = ['alb', 'lambda', 'nlb', 'gwlb'];
const ALB_NLB = ['alb', 'lambda', 'nlb'];
const APPLIES = {
    'deregistration_delay.timeout_seconds': ['alb', 'nlb', 'gwlb'],
    'stickiness.enabled': ALL,
    'stickiness.type': ALL,
    'load_balancing.cross_zone.enabled': ALB_NLB,
    'target_group_health.dns_failover.minimum_healthy_targets.count': ALB_NLB,
    'target_group_health.dns_failover.minimum_healthy_targets.percentage': ALB_NLB,
    'target_group_health.unhealthy_state_routing.minimum_healthy_targets.count': ALB_NLB,
    'target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage': ALB_NLB,
    'load_balancing.algorithm.type': ['alb'],
    'load_balancing.algorithm.anomaly_mitigation': ['alb'],
    'slow_start.duration_seconds': ['alb'],
    'stickiness.app_cookie.cookie_name': ['alb'],
    'stickiness.app_cookie.duration_seconds': ['alb'],
    'stickiness.lb_cookie.duration_seconds': ['alb'],
    'lambda.multi_value_headers.enabled': ['lambda'],
    'deregistration_delay.connection_termination.enabled': ['nlb'],
    'preserve_client_ip.enabled': ['nlb'],
    'proxy_protocol_v2.enabled': ['nlb'],
    'target_health_state.unhealthy.connection_termination.enabled': ['nlb'],
    'target_health_state.unhealthy.draining_interval_seconds': ['nlb'],
    'target_failover.on_deregistration': ['gwlb'],
    'target_failover.on_unhealthy': ['gwlb'],
};
function kindOf(targetType, protocol) {
    if (targetType === 'lambda')
        return 'lambda';
    if (protocol === 'GENEVE')
        return 'gwlb';
    // An 'alb' target type is an Application Load Balancer behind a Network Load Balancer.
    if (targetType === 'alb' || (protocol !== 'HTTP' && protocol !== 'HTTPS'))
        return 'nlb';
    return 'alb';
}
/**
 * The attributes to copy from one group to a new one of `targetType` and `protocol`: those that apply to it
 * and have a value. DescribeTargetGroupAttributes returns an unset string (the app cookie's name) as "",
 * which is not a value that can be written back. An attribute this table does not know is left out: AWS
 * may add one that applies only to some groups, and the new group keeps its default.
 */
function attributesToCopy(attrs, targetType, protocol) {
    const kind = kindOf(targetType, protocol);
    return Object.entries(attrs)
        .filter(([key, value]) => value !== '' && APPLIES[key]?.includes(kind))
        .map(([Key, Value]) => ({ Key, Value }));
}

;// CONCATENATED MODULE: ./src/targets/ec2/target-groups.ts



const DEREGISTRATION_DELAY = 'deregistration_delay.timeout_seconds';
async function describeTargetGroup(elb, arn) {
    try {
        return (await elb.send(new client_elastic_load_balancing_v2_dist_cjs/* DescribeTargetGroupsCommand */.sC7({ TargetGroupArns: [arn] }))).TargetGroups?.[0];
    }
    catch (err) {
        if ((0,errors/* isAwsError */.m_)(err, 'TargetGroupNotFoundException'))
            return undefined;
        throw err;
    }
}
async function attributes(elb, arn) {
    const out = await elb.send(new client_elastic_load_balancing_v2_dist_cjs/* DescribeTargetGroupAttributesCommand */.cKh({ TargetGroupArn: arn }));
    return Object.fromEntries((out.Attributes ?? []).map((a) => [a.Key ?? '', a.Value ?? '']));
}
async function deregistrationDelayMs(elb, arn) {
    return Number((await attributes(elb, arn))[DEREGISTRATION_DELAY] ?? '300') * 1000;
}
/**
 * A new target group with blue's protocol, port, VPC, target type and health check, and blue's attributes
 * (deregistration delay, stickiness, slow start, algorithm...: those that apply to the group and have a
 * value). CreateTargetGroup is idempotent for the same name and settings, so a retried call returns the
 * same group.
 */
async function cloneTargetGroup(elb, blue, name, tags) {
    const out = await elb.send(new client_elastic_load_balancing_v2_dist_cjs/* CreateTargetGroupCommand */.GGF({
        Name: name,
        Protocol: blue.Protocol,
        Port: blue.Port,
        VpcId: blue.VpcId,
        TargetType: blue.TargetType,
        ...(blue.ProtocolVersion ? { ProtocolVersion: blue.ProtocolVersion } : {}),
        HealthCheckEnabled: blue.HealthCheckEnabled,
        HealthCheckProtocol: blue.HealthCheckProtocol,
        HealthCheckPort: blue.HealthCheckPort,
        HealthCheckPath: blue.HealthCheckPath,
        HealthCheckIntervalSeconds: blue.HealthCheckIntervalSeconds,
        HealthCheckTimeoutSeconds: blue.HealthCheckTimeoutSeconds,
        HealthyThresholdCount: blue.HealthyThresholdCount,
        UnhealthyThresholdCount: blue.UnhealthyThresholdCount,
        ...(blue.Matcher ? { Matcher: blue.Matcher } : {}),
        Tags: tags,
    }));
    const arn = out.TargetGroups?.[0]?.TargetGroupArn;
    if (!arn)
        throw new errors/* ActionError */.lZ(`CreateTargetGroup ${name} returned no ARN`);
    const copy = attributesToCopy(await attributes(elb, blue.TargetGroupArn), blue.TargetType, blue.Protocol);
    if (copy.length)
        await elb.send(new client_elastic_load_balancing_v2_dist_cjs/* ModifyTargetGroupAttributesCommand */.fHb({ TargetGroupArn: arn, Attributes: copy }));
    return arn;
}
async function targetHealth(elb, arn) {
    return ((await elb.send(new client_elastic_load_balancing_v2_dist_cjs/* DescribeTargetHealthCommand */.qyg({ TargetGroupArn: arn }))).TargetHealthDescriptions ?? []);
}
const healthyCount = (targets) => targets.filter((t) => t.TargetHealth?.State === 'healthy').length;
/** One line per target that is not healthy, with ELB's reason: the diagnosis a stuck wait prints. */
const unhealthyLines = (name, targets) => targets
    .filter((t) => t.TargetHealth?.State !== 'healthy')
    .map((t) => `${name}: ${t.Target?.Id}:${t.Target?.Port} is ${t.TargetHealth?.State} (${t.TargetHealth?.Reason ?? 'no reason'}${t.TargetHealth?.Description ? `: ${t.TargetHealth.Description}` : ''})`);
async function deleteTargetGroup(elb, arn) {
    await elb.send(new client_elastic_load_balancing_v2_dist_cjs/* DeleteTargetGroupCommand */.tX({ TargetGroupArn: arn }));
}
async function setDeregistrationDelay(elb, arn, seconds) {
    await elb.send(new client_elastic_load_balancing_v2_dist_cjs/* ModifyTargetGroupAttributesCommand */.fHb({
        TargetGroupArn: arn,
        Attributes: [{ Key: DEREGISTRATION_DELAY, Value: String(seconds) }],
    }));
}

;// CONCATENATED MODULE: ./src/targets/ec2/blue-green-target.ts













/** A green that keeps failing: this many failed launches or health-check replacements end the wait. */
const GREEN_FAILURE_LIMIT = 3;
const tgSuffix = (arn) => arn.slice(arn.indexOf('targetgroup/'));
/**
 * Blue/green (red/black) on Auto Scaling and an ALB: green is a clone of the live group with the new launch
 * template version and its own target group (cloned from blue's), joined to the listener at weight 0 so its
 * targets are health-checked. Traffic moves by the forward weights, each write read back; finalize drains
 * blue for its deregistration delay and deletes it (or keeps it at weight 0), and a rollback puts all
 * traffic on blue and deletes green.
 */
class BlueGreenTarget {
    clients;
    spec;
    label;
    blue;
    previousGroups = [];
    blueZeroAt;
    startedAt = 0;
    s;
    /** What green carries beyond blue's launch configuration, read (and refused) before any write. */
    settings;
    alarmCopies = [];
    constructor(clients, spec, restored) {
        this.clients = clients;
        this.spec = spec;
        this.label = `service ${spec.service ?? spec.group} on ${trafficLabel(spec.traffic)}`;
        this.s = restored ?? {
            mode: 'blue-green',
            region: spec.region,
            traffic: spec.traffic,
            service: spec.service,
            blueGroup: undefined,
            blueTg: undefined,
            greenGroup: undefined,
            greenTgName: undefined,
            greenTg: undefined,
            newVersion: undefined,
        };
    }
    state() {
        return { ...this.s };
    }
    weightOf(g, weights) {
        return (g.TargetGroupARNs ?? []).reduce((sum, tg) => sum + (weights[tg] ?? 0), 0);
    }
    async describe() {
        const { asg, ec2 } = this.clients;
        const weights = await readWeights(this.clients.elb, this.spec.traffic);
        let candidates;
        if (this.spec.group) {
            const g = await describeGroup(asg, this.spec.group);
            if (!g)
                throw new errors/* ActionError */.lZ(`Auto Scaling group ${this.spec.group} does not exist in this region; a blue/green deploy replaces the group each time, so set service to find the live one by its ${SERVICE_TAG} tag`);
            const service = this.spec.service ?? tagOf(g, SERVICE_TAG);
            const siblings = service ? await groupsOfService(asg, service) : [];
            candidates = [g, ...siblings.filter((s) => s.AutoScalingGroupName !== g.AutoScalingGroupName)];
        }
        else
            candidates = await groupsOfService(asg, this.spec.service);
        const live = candidates.filter((g) => this.weightOf(g, weights) > 0);
        if (live.length === 0)
            throw new errors/* ActionError */.lZ(`no group of ${this.spec.group ?? `service ${this.spec.service}`} takes traffic on ${trafficLabel(this.spec.traffic)}; the listener forwards to ${Object.keys(weights).join(', ') || 'nothing'}`);
        const blue = live.length === 1 ? live[0] : undefined;
        const others = candidates.filter((g) => g !== blue && !live.includes(g));
        this.previousGroups = others.filter((g) => tagOf(g, PREVIOUS_TAG) === 'true');
        const strays = others.filter((g) => tagOf(g, PREVIOUS_TAG) !== 'true');
        const inProgress = live.length > 1
            ? `groups ${live.map((g) => `${g.AutoScalingGroupName} (weight ${this.weightOf(g, weights)})`).join(' and ')} share the traffic`
            : strays.length
                ? `group ${strays.map((g) => g.AutoScalingGroupName).join(', ')} exists beside the live one: another rollout is running, or an earlier one was not cleaned up`
                : undefined;
        if (!blue)
            return { current: undefined, upToDate: false, inProgress };
        this.blue = blue;
        const blueTgs = (blue.TargetGroupARNs ?? []).filter((tg) => (weights[tg] ?? 0) > 0);
        if (blueTgs.length !== 1)
            throw new errors/* ActionError */.lZ(`group ${blue.AutoScalingGroupName} serves ${trafficLabel(this.spec.traffic)} through ${blueTgs.length} target groups; blue/green needs exactly one`);
        const service = this.spec.service ?? tagOf(blue, SERVICE_TAG) ?? blue.AutoScalingGroupName;
        if (!names/* SERVICE_NAME */.OX.re.test(service))
            throw new errors/* ActionError */.lZ(`the service name "${service}" (from group ${blue.AutoScalingGroupName}'s ${tagOf(blue, SERVICE_TAG) !== undefined ? `${SERVICE_TAG} tag` : 'name'}) is not ${names/* SERVICE_NAME */.OX.allowed}: set service`);
        const own = groupTemplate(blue);
        const current = await resolveVersion(ec2, own.template, own.version);
        // Names decided now, so that a cancel at any later moment leaves the post step enough to find green.
        const suffix = Math.floor(this.spec.clock.now() / 1000).toString(36);
        Object.assign(this.s, {
            service,
            blueGroup: blue.AutoScalingGroupName,
            blueTg: blueTgs[0],
            greenGroup: `${service}-${suffix}`,
            greenTgName: `${service}-${suffix}`,
        });
        this.label = `service ${service} on ${trafficLabel(this.spec.traffic)}`;
        // Read-only, before green exists: green's overrides would keep the old AMI just as blue's do.
        if (current.imageId !== this.spec.amiId)
            checkOverrides(blue);
        if (current.imageId !== this.spec.amiId && !inProgress)
            await this.planClone(blue);
        return {
            current: `${current.imageId} (group ${blue.AutoScalingGroupName}, launch template ${current.templateName} version ${current.version})`,
            upToDate: current.imageId === this.spec.amiId,
            inProgress,
        };
    }
    /** Reads what green must carry from blue, and refuses (before any write) with all that it cannot carry. */
    async planClone(blue) {
        const { asg, cw } = this.clients;
        const read = await readGroupSettings(asg, blue);
        const alarms = await planAlarmCopies(asg, cw, this.s.blueGroup, this.s.greenGroup);
        const problems = [...read.problems, ...alarms.problems];
        if (problems.length)
            throw new errors/* ActionError */.lZ(`blue/green cannot clone group ${this.s.blueGroup} faithfully, so nothing was changed: ${problems.join('; ')}`);
        this.settings = read.settings;
        this.alarmCopies = alarms.copies;
    }
    async prepareGreen(ctx) {
        const { ec2, asg, elb } = this.clients;
        const blue = this.blue;
        const s = this.s;
        this.startedAt = this.spec.clock.now();
        const own = groupTemplate(blue);
        const template = this.spec.launchTemplate ?? own.template;
        const source = await resolveVersion(ec2, template, this.spec.launchTemplate ? '$Default' : own.version);
        const next = await createVersionWithImage(ec2, source, this.spec.amiId, `slipway deploy-ec2: ${this.spec.amiId}`);
        s.newVersion = next.version;
        ctx.log(`launch template ${next.templateName}: version ${next.version} runs ${this.spec.amiId}`);
        const blueTg = await describeTargetGroup(elb, s.blueTg);
        if (!blueTg)
            throw new errors/* ActionError */.lZ(`target group ${s.blueTg} of ${s.blueGroup} no longer exists`);
        const tags = [{ Key: SERVICE_TAG, Value: s.service }];
        s.greenTg = await cloneTargetGroup(elb, blueTg, s.greenTgName, tags);
        ctx.checkpoint();
        // Weight 0 keeps green out of traffic, but in use by the load balancer, so its targets are health-checked.
        await writeWeights(elb, this.spec.traffic, [s.blueTg], { [s.blueTg]: 100, [s.greenTg]: 0 });
        const settings = this.settings;
        await createGroupLike(asg, blue, s.greenGroup, { LaunchTemplateId: next.templateId, Version: String(next.version) }, [s.greenTg], tags, createMembers(settings));
        await applyAfterCreate(asg, s.greenGroup, settings);
        const { copied, policyArns } = await copyScaling(asg, s.blueGroup, s.greenGroup, {
            blue: tgSuffix(s.blueTg),
            green: tgSuffix(s.greenTg),
        });
        // Saved before they exist, so that a rollback after a cancel at any moment finds them.
        s.greenAlarms = this.alarmCopies.map((c) => c.name);
        ctx.checkpoint();
        await putAlarmCopies(this.clients.cw, this.alarmCopies, s.blueGroup, s.greenGroup, policyArns);
        const desired = blue.DesiredCapacity ?? 1;
        const carried = settingsSummary(settings);
        ctx.log(`green group ${s.greenGroup} created (${desired} instances, ${copied} scaling policies and scheduled actions copied, ${this.alarmCopies.length} scaling alarms copied${carried ? `; carried ${carried}` : ''})`);
        await ctx.waitUntil(`green group ${s.greenGroup} to have ${desired} healthy targets`, this.spec.waitTimeoutMs, async () => {
            const targets = await targetHealth(elb, s.greenTg);
            const healthy = healthyCount(targets);
            if (healthy >= desired)
                return { done: true, value: undefined };
            const trouble = troubleLines(s.greenGroup, await recentActivities(asg, s.greenGroup), this.startedAt);
            if (trouble.length >= GREEN_FAILURE_LIMIT)
                throw new errors/* ActionError */.lZ(`green group ${s.greenGroup} is not becoming healthy: ${trouble.slice(0, 3).join('; ')}`);
            return { done: false, status: `${healthy} of ${desired} healthy (${targets.length} registered)` };
        }, () => this.diagnoseFailure());
        if (this.spec.smokeUrl) {
            const smoke = await (0,smoke_url/* smokeCheck */.C)(this.spec.smokeUrl, {
                fetch: this.spec.fetch,
                clock: this.spec.clock,
                signal: ctx.signal,
            });
            ctx.check({ name: 'smoke test', ok: smoke.ok, detail: smoke.detail });
            if (!smoke.ok)
                throw new errors/* ActionError */.lZ(`smoke test failed: ${smoke.detail}`);
            ctx.log(`smoke test passed: ${smoke.detail}`);
        }
    }
    /** Green's unhealthy targets with ELB's reasons, and its failed launches and health-check replacements. */
    async diagnoseFailure() {
        const { asg, elb } = this.clients;
        const s = this.s;
        if (!s.greenGroup)
            return [];
        const lines = s.greenTg ? unhealthyLines(s.greenTgName, await targetHealth(elb, s.greenTg)) : [];
        return [
            ...lines,
            ...troubleLines(s.greenGroup, await recentActivities(asg, s.greenGroup), this.startedAt),
        ];
    }
    async shift(percent, ctx) {
        const { blueTg, greenTg } = this.s;
        await writeWeights(this.clients.elb, this.spec.traffic, [blueTg, greenTg], {
            [blueTg]: 100 - percent,
            [greenTg]: percent,
        });
        if (percent >= 100)
            this.blueZeroAt = this.spec.clock.now();
        ctx.log(`${trafficLabel(this.spec.traffic)}: green ${percent}%, blue ${100 - percent}% (read back)`);
    }
    async health() {
        const desired = this.blue?.DesiredCapacity ?? 1;
        const need = Math.max(1, Math.ceil((desired * this.spec.minHealthyPercent) / 100));
        const healthy = healthyCount(await targetHealth(this.clients.elb, this.s.greenTg));
        return {
            name: `green ${this.s.greenTgName} healthy targets`,
            ok: healthy >= need,
            detail: `${healthy} healthy, at least ${need} needed`,
            healthyCapacity: healthy,
        };
    }
    async finalize(ctx) {
        const { elb, asg } = this.clients;
        const s = this.s;
        // Blue has had weight 0 since the last shift; in-flight requests finish within its deregistration delay.
        const delay = await deregistrationDelayMs(elb, s.blueTg);
        const until = (this.blueZeroAt ?? this.spec.clock.now()) + delay;
        await ctx.waitUntil(`blue ${s.blueGroup} to drain (deregistration delay ${(0,core_inputs/* formatDuration */.a3)(delay)})`, delay + 60_000, async () => {
            const left = until - this.spec.clock.now();
            return left <= 0
                ? { done: true, value: undefined }
                : { done: false, status: `draining: ${(0,core_inputs/* formatDuration */.a3)(delay - left)} of ${(0,core_inputs/* formatDuration */.a3)(delay)}` };
        });
        for (const old of this.previousGroups)
            await this.removeGroup(ctx, old.AutoScalingGroupName, old.TargetGroupARNs ?? []);
        if (this.spec.keepPrevious) {
            await asg.send(new dist_cjs/* CreateOrUpdateTagsCommand */.vLq({
                Tags: [
                    {
                        ResourceId: s.blueGroup,
                        ResourceType: 'auto-scaling-group',
                        Key: PREVIOUS_TAG,
                        Value: 'true',
                        PropagateAtLaunch: false,
                    },
                ],
            }));
            return ctx.log(`blue ${s.blueGroup} kept at weight 0 (keep-previous): shift back to it to roll back by hand`);
        }
        await this.removeGroup(ctx, s.blueGroup, [s.blueTg]);
    }
    /**
     * Takes a group's target groups out of the listener, then deletes the group (its instances already drained,
     * so its delay is set to 0 first) and, once it is gone, the target groups.
     */
    async removeGroup(ctx, group, tgs) {
        const { elb, asg } = this.clients;
        const weights = await readWeights(elb, this.spec.traffic);
        const inListener = tgs.filter((tg) => tg in weights);
        if (inListener.length) {
            const rest = Object.fromEntries(Object.entries(weights).filter(([tg]) => !tgs.includes(tg)));
            await writeWeights(elb, this.spec.traffic, Object.keys(weights), rest);
        }
        for (const tg of tgs)
            if (await describeTargetGroup(elb, tg))
                await setDeregistrationDelay(elb, tg, 0);
        // Its scaling alarms (green has its own copies) are named now and deleted once the group is gone, so a
        // failed deletion leaves the group still scaling.
        const alarms = await groupAlarms(asg, this.clients.cw, group);
        if (await forceDeleteGroup(asg, group))
            await this.waitGone(ctx, group);
        const deleted = await deleteExisting(this.clients.cw, alarms);
        if (deleted.length)
            ctx.log(`deleted the scaling alarms of ${group}: ${deleted.join(', ')}`);
        for (const tg of tgs)
            await this.deleteTg(tg);
        ctx.log(`deleted group ${group} and target group ${tgs.map((t) => t.split('/')[1]).join(', ')}`);
    }
    async waitGone(ctx, group) {
        await ctx.waitPlain(`group ${group} to be deleted`, this.spec.waitTimeoutMs, async () => {
            const g = await describeGroup(this.clients.asg, group);
            return g
                ? { done: false, status: `${g.Status ?? 'deleting'}, ${(g.Instances ?? []).length} instances left` }
                : { done: true, value: undefined };
        });
    }
    async deleteTg(arn) {
        try {
            await deleteTargetGroup(this.clients.elb, arn);
        }
        catch (err) {
            if (!(0,errors/* isAwsError */.m_)(err, 'TargetGroupNotFoundException'))
                throw err;
        }
    }
    /** All traffic back on blue (read back), then green's group and target group deleted. */
    async rollback(ctx) {
        const { elb, asg } = this.clients;
        const s = this.s;
        if (!s.greenTg && s.greenTgName) {
            // A cancel can land between CreateTargetGroup and the saved state: find green's target group by name.
            const found = await elb
                .send(new client_elastic_load_balancing_v2_dist_cjs/* DescribeTargetGroupsCommand */.sC7({ Names: [s.greenTgName] }))
                .catch((err) => {
                if ((0,errors/* isAwsError */.m_)(err, 'TargetGroupNotFoundException'))
                    return undefined;
                throw err;
            });
            s.greenTg = found?.TargetGroups?.[0]?.TargetGroupArn;
        }
        const weights = await readWeights(elb, this.spec.traffic);
        if (s.greenTg && s.greenTg in weights) {
            if (!(s.blueTg in weights))
                throw new errors/* ActionError */.lZ(`blue ${s.blueGroup} is no longer behind ${trafficLabel(this.spec.traffic)}; cannot roll back`);
            const rest = Object.fromEntries(Object.entries(weights).filter(([tg]) => tg !== s.greenTg && tg !== s.blueTg));
            await writeWeights(elb, this.spec.traffic, [s.blueTg, s.greenTg], { ...rest, [s.blueTg]: 100 });
            ctx.log(`${trafficLabel(this.spec.traffic)}: all traffic back on blue ${s.blueGroup} (read back)`);
        }
        const alarms = await deleteExisting(this.clients.cw, s.greenAlarms ?? []);
        if (alarms.length)
            ctx.log(`deleted green's scaling alarms: ${alarms.join(', ')}`);
        if (s.greenGroup && (await forceDeleteGroup(asg, s.greenGroup)))
            await this.waitGone(ctx, s.greenGroup);
        if (s.greenTg)
            await this.deleteTg(s.greenTg);
        ctx.log(`green ${s.greenGroup ?? ''} removed; launch template version ${s.newVersion ?? '(none)'} is left for the record`);
    }
}

// EXTERNAL MODULE: ./src/targets/ec2/refresh.ts
var refresh = __webpack_require__(3664);
;// CONCATENATED MODULE: ./src/targets/ec2/rolling-target.ts






const isStandby = (i) => i.LifecycleState === 'Standby' || i.LifecycleState === 'EnteringStandby';
const isTerminating = (i) => (i.LifecycleState ?? '').startsWith('Terminat');
const listIds = (ids) => ids.length > 10 ? `${ids.slice(0, 10).join(', ')} and ${ids.length - 10} more` : ids.join(', ');
/** Finds the one group: by name, or the one tagged with the service. */
async function findGroup(asg, name, service) {
    if (name) {
        const g = await describeGroup(asg, name);
        if (!g)
            throw new errors/* ActionError */.lZ(`Auto Scaling group ${name} does not exist in this region`);
        return g;
    }
    const groups = await groupsOfService(asg, service);
    if (groups.length === 0)
        throw new errors/* ActionError */.lZ(`no Auto Scaling group is tagged slipway:service=${service} in this region`);
    if (groups.length > 1)
        throw new errors/* ActionError */.lZ(`${groups.length} groups are tagged slipway:service=${service} (${groups.map((g) => g.AutoScalingGroupName).join(', ')}); a rolling deploy needs exactly one: set auto-scaling-group`);
    return groups[0];
}
/**
 * A rolling deploy through an instance refresh: a new launch template version with the AMI, then
 * StartInstanceRefresh pinned to that version number (with auto-rollback, alarms and bake time), followed
 * until Successful. Success is the refresh's status and the group's configuration read back.
 */
class RollingTarget {
    ec2;
    asg;
    spec;
    label;
    group;
    /** What the group runs now. */
    current;
    /** The version the new one is made from: the group's own, or launch-template's default version. */
    source;
    s;
    constructor(ec2, asg, spec, restored) {
        this.ec2 = ec2;
        this.asg = asg;
        this.spec = spec;
        this.label = `Auto Scaling group ${spec.group ?? `of service ${spec.service}`}`;
        this.s = restored ?? {
            mode: 'rolling',
            region: spec.region,
            group: spec.group,
            templateId: undefined,
            previousTemplateId: undefined,
            previousVersion: undefined,
            newVersion: undefined,
            refreshId: undefined,
            startedAt: undefined,
            scaleInProtected: spec.refresh.scaleInProtected,
            standby: spec.refresh.standby,
        };
    }
    state() {
        return { ...this.s };
    }
    async describe() {
        const g = await findGroup(this.asg, this.spec.group, this.spec.service);
        this.group = g;
        this.s.group = g.AutoScalingGroupName;
        this.label = `Auto Scaling group ${this.s.group}`;
        const own = groupTemplate(g);
        this.current = await resolveVersion(this.ec2, own.template, own.version);
        const other = this.spec.launchTemplate !== undefined &&
            ![this.current.templateId, this.current.templateName].includes(this.spec.launchTemplate);
        this.source = other
            ? await resolveVersion(this.ec2, this.spec.launchTemplate, '$Default')
            : this.current;
        this.s.templateId = this.source.templateId;
        this.s.previousTemplateId = this.current.templateId;
        this.s.previousVersion = this.current.version;
        const active = await (0,refresh/* activeRefresh */.Sx)(this.asg, this.s.group);
        // Instances on their way out, and those the refresh is told to ignore, do not make the group out of date.
        const onVersion = (g.Instances ?? [])
            .filter((i) => !isTerminating(i) && !this.ignores(i))
            .every((i) => i.LaunchTemplate?.LaunchTemplateId === this.current.templateId &&
            i.LaunchTemplate?.Version === String(this.current.version));
        const upToDate = this.current.imageId === this.spec.amiId && onVersion && !active;
        if (!upToDate && !active) {
            // Read-only checks, before anything is written: a refusal here changes nothing.
            checkOverrides(g);
            this.checkBlockers(g);
        }
        return {
            current: `${this.current.imageId} (launch template ${this.current.templateName} version ${this.current.version})`,
            upToDate,
            inProgress: active
                ? `instance refresh ${active.InstanceRefreshId} is ${(0,refresh/* describeProgress */.vk)(active)}`
                : undefined,
        };
    }
    ignores(i) {
        const r = this.spec.refresh;
        return ((r.scaleInProtected === 'ignore' && i.ProtectedFromScaleIn === true) ||
            (r.standby === 'ignore' && isStandby(i)));
    }
    /**
     * With Wait (Auto Scaling's default), a refresh that meets a protected or Standby instance waits an hour
     * and then fails: fail now instead, before any write, naming the instances and the inputs that decide.
     */
    checkBlockers(g) {
        const r = this.spec.refresh;
        const instances = g.Instances ?? [];
        const blockers = [
            {
                on: r.scaleInProtected === 'wait',
                ids: instances.filter((i) => i.ProtectedFromScaleIn && !isTerminating(i)).map((i) => i.InstanceId),
                what: 'protected from scale in',
                input: 'scale-in-protected-instances',
                choices: 'refresh (replace them too) or ignore (leave them on the old version)',
                undo: 'remove their protection',
            },
            {
                on: r.standby === 'wait',
                ids: instances.filter(isStandby).map((i) => i.InstanceId),
                what: 'in Standby',
                input: 'standby-instances',
                choices: 'terminate or ignore',
                undo: 'return them to service',
            },
        ];
        for (const b of blockers)
            if (b.on && b.ids.length)
                throw new errors/* ActionError */.lZ(`${this.label}: ${b.ids.length} instance${b.ids.length === 1 ? ' is' : 's are'} ${b.what} (${listIds(b.ids)}); an instance refresh would wait an hour for you to ${b.undo}, then fail. Set ${b.input} to ${b.choices}, or ${b.undo} first`);
    }
    async prepareGreen(ctx) {
        const g = this.group;
        const cur = this.current;
        const own = groupTemplate(g);
        if (!/^\d+$/.test(own.version) && own.template !== undefined) {
            // $Latest would follow the new version at once, and $Default cannot be rolled back to: pin the group to
            // the number it runs now (no instance changes) so the refresh's rollback target is what runs today.
            await this.asg.send(new dist_cjs/* UpdateAutoScalingGroupCommand */.Idg({
                AutoScalingGroupName: this.s.group,
                ...configWith(g, this.pinned(cur.templateId, cur.version)),
            }));
            ctx.log(`${this.label} named version ${own.version}; pinned it to version ${cur.version}, which it runs now`);
        }
        const source = this.source;
        const next = await createVersionWithImage(this.ec2, source, this.spec.amiId, `slipway deploy-ec2: ${this.spec.amiId}`);
        this.s.newVersion = next.version;
        ctx.log(`launch template ${source.templateName}: version ${next.version} runs ${this.spec.amiId} (from version ${source.version})`);
    }
    async shift(_percent, ctx) {
        const group = this.s.group;
        this.s.startedAt = this.spec.now();
        this.s.refreshId = await (0,refresh/* startRefresh */.QY)(this.asg, group, configWith(this.group, this.pinned(this.s.templateId, this.s.newVersion)), this.forwardSettings(ctx));
        ctx.checkpoint();
        ctx.log(`instance refresh ${this.s.refreshId} started on ${group}`);
        await this.follow(ctx, this.s.refreshId, 'Successful', true);
    }
    pinned(templateId, version) {
        return { LaunchTemplateId: templateId, Version: String(version) };
    }
    /**
     * The forward refresh's settings. Auto Scaling refuses AutoRollback when the group's launch template takes
     * its AMI from a Systems Manager parameter: slipway's own rollback (a refresh back to the version the
     * group runs now) takes its place, with a warning.
     */
    forwardSettings(ctx) {
        const s = this.spec.refresh;
        const image = this.current?.imageId ?? '';
        if (!s.autoRollback || !image.startsWith('resolve:ssm:'))
            return s;
        ctx.warn(`launch template ${this.current.templateName} version ${this.current.version} takes its AMI from a Systems Manager parameter (${image}), and Auto Scaling cannot roll such a group back by itself; auto-rollback is off for this refresh, and slipway rolls back with its own refresh to version ${this.current.version} if it fails (while this job runs, or in its post step after a cancel)`);
        return { ...s, autoRollback: false };
    }
    /** Follows a refresh to `goal`; any other end state fails with the scaling activities' causes. */
    async follow(ctx, id, goal, gated) {
        const group = this.s.group;
        const wait = gated ? ctx.waitUntil.bind(ctx) : ctx.waitPlain.bind(ctx);
        const end = await wait(`instance refresh ${id} on ${group}`, this.spec.waitTimeoutMs, async () => {
            const r = await (0,refresh/* describeRefresh */.ZP)(this.asg, group, id);
            // Stryker disable next-line StringLiteral: Auto Scaling always sets a refresh Status, and no fallback text is an active status
            if (!refresh/* ACTIVE */.Hc.has(r.Status ?? ''))
                return { done: true, value: r };
            return { done: false, status: (0,refresh/* describeProgress */.vk)(r) };
        }, () => this.diagnoseFailure());
        if (end.Status === goal)
            return;
        const causes = await this.diagnoseFailure();
        throw new errors/* ActionError */.lZ(`instance refresh ${id} on ${group} ended ${end.Status}${end.StatusReason ? `: ${end.StatusReason}` : ''}` +
            (causes.length ? `; scaling activities: ${causes.slice(0, 3).join('; ')}` : ''));
    }
    /** The group's failed launches and health-check replacements since the refresh started. */
    async diagnoseFailure() {
        const group = this.s.group;
        if (!group)
            return [];
        return troubleLines(group, await recentActivities(this.asg, group), this.s.startedAt ?? 0);
    }
    async health() {
        const g = await describeGroup(this.asg, this.s.group);
        const healthy = g ? healthyInService(g) : 0;
        const desired = g?.DesiredCapacity ?? 0;
        return {
            name: `group ${this.s.group} health`,
            ok: healthy > 0 || desired === 0,
            detail: `${healthy} of ${desired} instances in service and healthy`,
            healthyCapacity: healthy,
        };
    }
    /** The refresh succeeded, so Auto Scaling has put the new version on the group: read it back. */
    async finalize() {
        const g = await describeGroup(this.asg, this.s.group);
        const version = g?.LaunchTemplate?.Version ??
            g?.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification?.Version;
        if (this.group?.MixedInstancesPolicy && !g?.MixedInstancesPolicy)
            throw new errors/* ActionError */.lZ(`${this.label} reads back without its mixed instances policy`);
        if (version !== String(this.s.newVersion))
            throw new errors/* ActionError */.lZ(`${this.label} reads back launch template version ${version}, not ${this.s.newVersion}`);
    }
    /** The active refresh to our template (and to our new version, once that is known). */
    async ourActiveRefresh(group) {
        const r = await (0,refresh/* activeRefresh */.Sx)(this.asg, group);
        const lt = desiredTemplate(r?.DesiredConfiguration);
        const ours = lt?.LaunchTemplateId === this.s.templateId &&
            (this.s.newVersion === undefined || lt?.Version === String(this.s.newVersion));
        return ours ? r : undefined;
    }
    async rollback(ctx) {
        const group = this.s.group;
        // The state saved before a cancel may predate StartInstanceRefresh: look for the refresh to our version.
        if (group && !this.s.refreshId)
            this.s.refreshId = (await this.ourActiveRefresh(group))?.InstanceRefreshId;
        if (!group || !this.s.refreshId)
            return ctx.log(`${this.label}: no refresh was started; nothing to roll back`);
        let r = await (0,refresh/* describeRefresh */.ZP)(this.asg, group, this.s.refreshId);
        // Stryker disable next-line StringLiteral: Auto Scaling always sets a refresh Status, and no fallback text is an active status
        if (refresh/* ACTIVE */.Hc.has(r.Status ?? '') && r.Status !== 'RollbackInProgress') {
            const did = await (0,refresh/* undoRefresh */.Ac)(this.asg, group);
            ctx.log(`${this.label}: ${did === 'rollback' ? 'rolling back' : did === 'cancel' ? 'cancelling' : 'nothing active to undo in'} refresh ${r.InstanceRefreshId}`);
        }
        r = await ctx.waitPlain(`refresh ${this.s.refreshId} to stop`, this.spec.waitTimeoutMs, async () => {
            const now = await (0,refresh/* describeRefresh */.ZP)(this.asg, group, this.s.refreshId);
            // Stryker disable next-line StringLiteral: Auto Scaling always sets a refresh Status, and no fallback text is an active status
            return refresh/* ACTIVE */.Hc.has(now.Status ?? '')
                ? { done: false, status: (0,refresh/* describeProgress */.vk)(now) }
                : { done: true, value: now };
        });
        if (r.Status === 'RollbackSuccessful')
            return ctx.log(`${this.label} is back on version ${this.s.previousVersion}`);
        // Cancelled, Failed without auto-rollback, or Successful before a gate failed: replace whatever runs the
        // new version with a refresh back to the previous one.
        // The post step has not described the group: read it for its mixed instances policy, if any.
        const g = this.group ?? (await describeGroup(this.asg, group));
        if (!g)
            throw new errors/* ActionError */.lZ(`${this.label} no longer exists; cannot put version ${this.s.previousVersion} back`);
        const id = await (0,refresh/* startRefresh */.QY)(this.asg, group, configWith(g, this.pinned(this.s.previousTemplateId, this.s.previousVersion)), {
            ...this.spec.refresh,
            scaleInProtected: this.s.scaleInProtected,
            standby: this.s.standby,
            skipMatching: true,
            autoRollback: false,
            alarms: [],
            bakeS: 0,
            checkpoints: [],
        });
        ctx.log(`${this.label}: refresh ${id} puts version ${this.s.previousVersion} back`);
        await this.follow(ctx, id, 'Successful', false);
    }
}

;// CONCATENATED MODULE: ./src/actions/deploy-ec2/deploy.ts










const ACTION = 'deploy-ec2';
const groupUrl = (region, group) => `https://${region}.console.aws.amazon.com/ec2/home?region=${region}#AutoScalingGroupDetails:id=${encodeURIComponent(group)}`;
function rollingTarget(deps, aws, inputs) {
    const { region } = inputs;
    return new RollingTarget(aws.get(client_ec2_dist_cjs/* EC2Client */.gu5, region), aws.get(dist_cjs/* AutoScalingClient */.yis, region), {
        region,
        group: inputs.group,
        service: inputs.service,
        amiId: inputs.amiId,
        launchTemplate: inputs.launchTemplate,
        waitTimeoutMs: inputs.waitTimeoutMs,
        now: () => deps.clock.now(),
        refresh: {
            minHealthyPercent: inputs.minHealthyPercent,
            maxHealthyPercent: inputs.maxHealthyPercent,
            instanceWarmupS: inputs.instanceWarmupS,
            checkpoints: inputs.checkpoints,
            checkpointDelayS: inputs.checkpointDelayS,
            skipMatching: inputs.skipMatching,
            // Auto Scaling rolls back by itself, even if this job dies; the post step covers a cancel.
            autoRollback: inputs.autoRollback && inputs.rollback,
            alarms: inputs.alarms,
            bakeS: Math.round(inputs.bakeMs / 1000),
            scaleInProtected: inputs.scaleInProtected,
            standby: inputs.standby,
        },
    });
}
function blueGreenTarget(deps, aws, inputs, fetch) {
    const { region } = inputs;
    return new BlueGreenTarget({
        ec2: aws.get(client_ec2_dist_cjs/* EC2Client */.gu5, region),
        asg: aws.get(dist_cjs/* AutoScalingClient */.yis, region),
        elb: aws.get(client_elastic_load_balancing_v2_dist_cjs/* ElasticLoadBalancingV2Client */.MlD, region),
        cw: aws.get(client_cloudwatch_dist_cjs/* CloudWatchClient */.WBn, region),
    }, {
        region,
        group: inputs.group,
        service: inputs.service,
        amiId: inputs.amiId,
        launchTemplate: inputs.launchTemplate,
        traffic: inputs.traffic,
        minHealthyPercent: inputs.minHealthyPercent,
        smokeUrl: inputs.smokeUrl,
        keepPrevious: inputs.keepPrevious,
        waitTimeoutMs: inputs.waitTimeoutMs,
        clock: deps.clock,
        fetch,
    });
}
async function deployEc2(deps, inputs, fetch) {
    const aws = deps.aws({ maxAttempts: inputs.maxAttempts, action: ACTION });
    const { region } = inputs;
    const gates = async () => inputs.alarms.length ? [await createAlarmGate(aws.get(client_cloudwatch_dist_cjs/* CloudWatchClient */.WBn, region), inputs.alarms)] : [];
    const rolling = inputs.strategy === 'rolling';
    const target = rolling ? rollingTarget(deps, aws, inputs) : blueGreenTarget(deps, aws, inputs, fetch);
    const state = () => target.state();
    await executeDeploy(deps, {
        action: ACTION,
        inputs,
        // An instance refresh bakes natively (BakeTime, with its alarms), so the engine adds no second bake;
        // its checkpoint delays are holds too.
        nativeBake: rolling,
        nativeHolds: rolling && inputs.checkpointDelayS
            ? inputs.checkpoints
                .slice(0, -1)
                .map(() => ({ input: 'checkpoint-delay', ms: inputs.checkpointDelayS * 1000 }))
            : [],
        target,
        steps: planSteps(inputs),
        gates,
        targetState: state,
        facts: [
            [
                'group',
                inputs.group ? `[${inputs.group}](${groupUrl(region, inputs.group)})` : `service ${inputs.service}`,
            ],
            ['AMI', `\`${inputs.amiId}\``],
            ...(inputs.traffic ? [['traffic', trafficLabel(inputs.traffic)]] : []),
            ['region', region],
        ],
        outputs: (result) => {
            const s = state();
            const succeeded = result.status === 'succeeded';
            if (s.mode === 'rolling')
                return {
                    'launch-template-version': String((succeeded ? s.newVersion : s.previousVersion) ?? ''),
                    'auto-scaling-group': s.group ?? '',
                    'previous-auto-scaling-group': '',
                };
            // On success green is the live group and blue the previous one (deleted, or kept at weight 0).
            return {
                'launch-template-version': String(succeeded ? (s.newVersion ?? '') : ''),
                'auto-scaling-group': (succeeded ? s.greenGroup : s.blueGroup) ?? '',
                'previous-auto-scaling-group': succeeded ? (s.blueGroup ?? '') : '',
            };
        },
    });
}
async function rollbackEc2(deps) {
    await executeDeployPost(deps, async (state) => {
        const aws = deps.aws({ maxAttempts: 9, action: `${ACTION}-post` });
        const clients = {
            ec2: aws.get(client_ec2_dist_cjs/* EC2Client */.gu5, state.region),
            asg: aws.get(dist_cjs/* AutoScalingClient */.yis, state.region),
            elb: aws.get(client_elastic_load_balancing_v2_dist_cjs/* ElasticLoadBalancingV2Client */.MlD, state.region),
            cw: aws.get(client_cloudwatch_dist_cjs/* CloudWatchClient */.WBn, state.region),
        };
        const waitTimeoutMs = 60 * 60_000;
        if (state.mode === 'rolling')
            return new RollingTarget(clients.ec2, clients.asg, {
                region: state.region,
                group: state.group,
                service: undefined,
                amiId: '',
                launchTemplate: undefined,
                waitTimeoutMs,
                now: () => deps.clock.now(),
                refresh: {
                    minHealthyPercent: 90,
                    maxHealthyPercent: undefined,
                    instanceWarmupS: undefined,
                    checkpoints: [],
                    checkpointDelayS: undefined,
                    skipMatching: true,
                    autoRollback: false,
                    alarms: [],
                    bakeS: 0,
                    // Older saved states lack the choices: Wait was Auto Scaling's default then.
                    scaleInProtected: state.scaleInProtected ?? 'wait',
                    standby: state.standby ?? 'wait',
                },
            }, state);
        return new BlueGreenTarget(clients, {
            region: state.region,
            group: state.blueGroup,
            service: state.service,
            amiId: '',
            launchTemplate: undefined,
            traffic: state.traffic,
            minHealthyPercent: 90,
            smokeUrl: undefined,
            keepPrevious: false,
            waitTimeoutMs,
            clock: deps.clock,
            fetch,
        }, state);
    });
}


/***/ })

};
;