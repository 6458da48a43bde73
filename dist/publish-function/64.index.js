"use strict";
exports.id = 64;
exports.ids = [64];
exports.modules = {

/***/ 7064:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  publish: () => (/* binding */ publish)
});

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-lambda/dist-cjs/index.js
var dist_cjs = __webpack_require__(1696);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-cjs/index.js
var client_s3_dist_cjs = __webpack_require__(3711);
// EXTERNAL MODULE: ./src/core/inputs.ts
var inputs = __webpack_require__(9114);
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
        `  title "Traffic to the new version over ${(0,inputs/* formatDuration */.a3)(end * 1000)}"`,
        `  x-axis "seconds since start" 0 --> ${(points - 1) * every}`,
        '  y-axis "traffic %" 0 --> 100',
        `  line [${ys.join(', ')}]`,
        '```',
    ].join('\n');
}
function summary_renderSummary(s) {
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

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/poll.ts
var core_poll = __webpack_require__(8822);
;// CONCATENATED MODULE: ./src/rollout/gates.ts
class gates_GateFailedError extends Error {
    failed;
    name = 'GateFailedError';
    constructor(failed) {
        super(`gate failed: ${failed.map((g) => `${g.name} (${g.detail})`).join('; ')}`);
        this.failed = failed;
    }
}

;// CONCATENATED MODULE: ./src/rollout/engine.ts





/** Phases after which the post step has nothing to finish. */
const engine_SETTLED_PHASES = (/* unused pure expression or super */ null && (['done', 'rolled-back', 'abandoned']));
/** A context with no gates, for the post step's clean-up: every wait is a plain one. */
function engine_plainContext(poll, mark = () => { }, checkpoint = () => { }) {
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
async function engine_runRollout(o) {
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
        ...engine_plainContext(poll),
        signal: poll.signal,
        log: poll.log,
        warn: o.warn ?? poll.log,
        waitUntil: (what, timeoutMs, probe, diagnose) => pollUntil(poll, what, timeoutMs, async () => {
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
        await ctx.waitUntil(`${label} (${formatDuration(ms)})`, ms, async () => poll.clock.now() >= end
            ? { done: true, value: undefined }
            : { done: false, status: `holding; ${lastWatched}` });
    };
    const state = await group(`resolve ${target.label}`, async () => {
        gates = typeof o.gates === 'function' ? await o.gates() : o.gates;
        const first = await target.describe();
        if (!first.inProgress)
            return first;
        poll.log(`waiting for another rollout on ${target.label} to finish: ${first.inProgress}`);
        return pollUntil(poll, `the other rollout on ${target.label} (${first.inProgress})`, o.waitTimeoutMs, async () => {
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
            const held = step.holdMs > 0 ? `, then hold ${formatDuration(step.holdMs)}` : '';
            await group(`shift to ${step.percent}%${held}`, async () => {
                await target.shift(step.percent, ctx);
                ctx.mark(step.label, step.percent);
                phase('shifting');
                if (step.holdMs > 0)
                    await hold(`hold at ${step.percent}%`, step.holdMs);
                else
                    await checkGates();
            });
            say(`${step.percent}% of traffic on the new version${held ? `; held ${formatDuration(step.holdMs)}: ${lastWatched}` : ''}`);
        }
        phase('baking');
        if (o.bakeMs > 0) {
            await group(`bake ${formatDuration(o.bakeMs)}`, () => hold('bake', o.bakeMs));
            say(`baked ${formatDuration(o.bakeMs)}: ${lastWatched}`);
        }
        phase('finalizing');
        await group('finalize', () => target.finalize(ctx));
        ctx.mark('finalized', 100);
        say(`${target.label} finalized: the new version serves all traffic`);
        phase('done');
        return { status: 'succeeded', previous, diagnosis: [], timeline: timeline.entries };
    }
    catch (err) {
        if (poll.signal.aborted || err instanceof CancelledError) {
            // Stryker disable next-line StringLiteral: a cancel rethrows; this timeline is neither returned nor saved, so no reader sees the label
            timeline.record('cancelled', traffic);
            say(`cancelled while ${current} at ${traffic}% traffic: the post step puts ${target.label} back`);
            throw err;
        }
        const reason = err instanceof Error ? err.message : String(err);
        const diagnosis = err instanceof WaitTimeoutError ? [...err.diagnosis] : [];
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

;// CONCATENATED MODULE: ./src/rollout/deploy-inputs.ts


const MINUTE = 60_000;
const ALARM_NAME = { re: /^[^\0]{1,255}$/, allowed: 'CloudWatch alarm names of 1 to 255 characters' };
/**
 * github-deployment makes the choice explicit: a job that declares `environment:` already gets a Deployment
 * from GitHub, so slipway creates one only when asked, and environment/environment-url serve only that one.
 */
function githubDeployment(i) {
    const wanted = i.bool('github-deployment', false);
    const token = i.optional('github-token');
    const environment = i.optional('environment', {
        re: /^[^\s/][^/]{0,254}$/,
        allowed: 'a GitHub environment name',
    });
    const environmentUrl = i.optional('environment-url', HTTP_URL);
    if (!wanted) {
        const given = environment !== undefined ? 'environment' : environmentUrl ? 'environment-url' : undefined;
        if (given)
            throw new InputError(given, 'is for the Deployment slipway creates with github-deployment: true; a job that declares environment: gets one from GitHub already (set its url there), so either remove this input or set github-deployment: true');
        return undefined;
    }
    if (!environment)
        throw new InputError('environment', 'is required with github-deployment: true: the Deployment is to it');
    if (!token)
        throw new InputError('github-token', 'is required with github-deployment: true (a token with permissions: deployments: write, such as github.token)');
    return { token, environment, environmentUrl };
}
function readDeployInputs(i, env, strategies, defaultStrategy) {
    const alarms = i.list('alarms', ALARM_NAME);
    return {
        region: i.region('aws-region', env),
        maxAttempts: i.int('max-retries', { min: 0, max: 20 }, 8) + 1,
        strategy: i.oneOf('strategy', strategies, defaultStrategy),
        canaryPercent: i.int('canary-percent', { min: 1, max: 99 }, 10),
        canaryIntervalMs: i.duration('canary-interval', '5m', { minMs: 0, maxMs: JOB_MAX_MS }),
        linearPercent: i.int('linear-percent', { min: 1, max: 50 }, 10),
        linearIntervalMs: i.duration('linear-interval', '1m', { minMs: 0, maxMs: JOB_MAX_MS }),
        // A bake watches the alarms; with none, only the new version's own state would be watched, and a bake
        // would only make the deploy slower. An explicit bake-time still holds (with a warning).
        bakeMs: i.duration('bake-time', alarms.length ? '5m' : '0s', { minMs: 0, maxMs: JOB_MAX_MS }),
        alarms,
        rollback: i.bool('rollback', true),
        waitTimeoutMs: i.duration('wait-timeout', '30m', { minMs: MINUTE, maxMs: JOB_MAX_MS }),
        dryRun: i.bool('dry-run', false),
        github: githubDeployment(i),
    };
}
/**
 * The token for the post step, which posts the final status of a Deployment after a cancel: read again
 * from the inputs, never saved in the state.
 */
function deploy_inputs_readPostToken(io) {
    return new Inputs((n) => io.getInput(n)).optional('github-token');
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
function strategy_holdsOf(steps, bakeMs) {
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
function strategy_unwatchedHoldWarning(holds, alarms) {
    if (alarms.length || holds.length === 0)
        return undefined;
    const inputs = [...new Set(holds.map((h) => h.input))];
    const total = holds.reduce((n, h) => n + h.ms, 0);
    const what = inputs
        .map((input) => {
        const of = holds.filter((h) => h.input === input);
        return `${input} ${of.length > 1 ? `${of.length} × ` : ''}${formatDuration(of[0].ms)}`;
    })
        .join(', ');
    return (`the rollout holds ${formatDuration(total)} with traffic on the new version (${what}) but watches no alarm, ` +
        `only the new version's own state; name the CloudWatch alarms that should roll it back in the alarms input, ` +
        `or set ${inputs.join(' and ')} to 0s`);
}
function strategy_describePlan(steps, bakeMs, alarms) {
    const watched = watching(alarms);
    const lines = steps.map((s, i) => `${i + 1}. ${s.label}${s.holdMs ? `, then hold ${formatDuration(s.holdMs)}, ${watched}` : ''}`);
    lines.push(bakeMs > 0
        ? `${steps.length + 1}. bake ${formatDuration(bakeMs)}, ${watched}, then finalize`
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
        if (!(deps.signal.aborted || err instanceof CancelledError))
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
        throw new RolloutFailedError(result.status === 'rolled-back'
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
    const token = readPostToken(deps.io);
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

;// CONCATENATED MODULE: ./src/core/units.ts
const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];
/**
 * Bytes in the decimal unit that fits, as registries and `docker images` show sizes: `147 B`, `3.2 kB`,
 * `31.8 MB`. Three significant digits at most, so a small zip never reads `0.0 MB`.
 */
function formatBytes(bytes) {
    let unit = 0;
    let value = Number(bytes.toPrecision(3));
    // Rounding can carry into the next unit (999.96 kB is 1 MB), so round before choosing it.
    while (Math.abs(value) >= 1000 && unit < UNITS.length - 1) {
        unit++;
        value = Number((bytes / 1000 ** unit).toPrecision(3));
    }
    return `${value} ${UNITS[unit]}`;
}
/**
 * A limit of whole binary units as a message names it: `1 MiB`, `64 KiB`, `100 bytes`. Caps are set in binary
 * units; sizes of things (`formatBytes`) read in the decimal ones registries show.
 */
function formatLimit(bytes) {
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0)
        return `${bytes / (1024 * 1024)} MiB`;
    if (bytes >= 1024 && bytes % 1024 === 0)
        return `${bytes / 1024} KiB`;
    return `${bytes} bytes`;
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

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./src/targets/lambda/limits.ts
/** Lambda's documented deployment package quotas (the Lambda quotas page names them 50 MB and 250 MB). */
const DIRECT_UPLOAD_MAX_BYTES = 50 * 1024 * 1024;
const UNZIPPED_MAX_BYTES = (/* unused pure expression or super */ null && (250 * 1024 * 1024));
/** A quota as the Lambda quotas page names it, with the bytes it means: `250 MB (262,144,000 bytes)`. */
const describeQuota = (bytes) => `${bytes / 1024 / 1024} MB (${bytes.toLocaleString('en-US')} bytes)`;

;// CONCATENATED MODULE: ./src/targets/lambda/code-source.ts






async function loadPackage(spec) {
    if (spec.imageUri !== undefined)
        // For an image function Lambda reports CodeSha256 as the image manifest's sha256 in hex (an assumption,
        // test/sim/ASSUMPTIONS.md; were it not so, the image is only re-sent). A tag-only URI has no digest to
        // compare until Lambda resolves it, so it is always sent.
        return {
            kind: 'image',
            imageUri: spec.imageUri,
            // Stryker disable next-line Regex: the image-uri input allows a digest only at the end, so the anchor changes nothing
            codeSha256: /@sha256:([0-9a-f]{64})$/.exec(spec.imageUri)?.[1],
        };
    const zip = await (0,promises_.readFile)(spec.zipPath);
    const codeSha256 = (0,external_node_crypto_.createHash)('sha256').update(zip).digest('base64');
    const useS3 = spec.s3Bucket !== undefined || zip.length > DIRECT_UPLOAD_MAX_BYTES;
    if (useS3 && spec.s3Bucket === undefined)
        throw new errors/* ActionError */.lZ(`${spec.zipPath} is ${formatBytes(zip.length)}, over Lambda's ${describeQuota(DIRECT_UPLOAD_MAX_BYTES)} direct upload limit; set s3-bucket`);
    return { kind: 'zip', zip, codeSha256, useS3 };
}
/**
 * The package as Lambda takes it: an image by its URI, a zip directly, or a zip uploaded to S3 first (a bucket
 * given, or a zip over the direct upload limit).
 */
async function codeSource(pkg, spec, s3, log) {
    if (pkg.kind === 'image')
        return { code: { ImageUri: pkg.imageUri }, upload: 'image' };
    if (!pkg.useS3)
        return { code: { ZipFile: pkg.zip }, upload: 'direct' };
    const key = spec.s3Key ?? `slipway/${spec.functionName}/${Buffer.from(pkg.codeSha256, 'base64').toString('hex')}.zip`;
    log(`uploading ${formatBytes(pkg.zip.length)} to s3://${spec.s3Bucket}/${key}`);
    await s3().send(new client_s3_dist_cjs/* PutObjectCommand */.wKZ({
        Bucket: spec.s3Bucket,
        Key: key,
        Body: pkg.zip,
        ChecksumAlgorithm: 'SHA256',
        ContentType: 'application/zip',
    }));
    return { code: { S3Bucket: spec.s3Bucket, S3Key: key }, upload: 's3' };
}

;// CONCATENATED MODULE: ./src/targets/lambda/function-config.ts
function sameMap(a, b) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => b[k] === a[k]);
}
const sameList = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
/**
 * The UpdateFunctionConfiguration fields whose asked value differs from $LATEST's (`cfg`); empty when
 * nothing asked for differs. Inputs not given leave the function's setting alone. The environment is
 * compared as a whole map (it replaces the function's), layers as an ordered list (order is merge order).
 */
function configDelta(spec, cfg) {
    const d = {};
    if (!spec)
        return d;
    if (spec.role !== undefined && spec.role !== cfg.Role)
        d.Role = spec.role;
    if (spec.handler !== undefined && spec.handler !== cfg.Handler)
        d.Handler = spec.handler;
    if (spec.runtime !== undefined && spec.runtime !== cfg.Runtime)
        d.Runtime = spec.runtime;
    if (spec.memory !== undefined && spec.memory !== cfg.MemorySize)
        d.MemorySize = spec.memory;
    if (spec.timeoutSeconds !== undefined && spec.timeoutSeconds !== cfg.Timeout)
        d.Timeout = spec.timeoutSeconds;
    if (spec.environment !== undefined && !sameMap(spec.environment, cfg.Environment?.Variables ?? {}))
        d.Environment = { Variables: { ...spec.environment } };
    if (spec.layers !== undefined &&
        !sameList(spec.layers, 
        // Stryker disable next-line StringLiteral: a layer without an ARN equals no asked ARN, whatever stands in for it
        (cfg.Layers ?? []).map((l) => l.Arn ?? '')))
        d.Layers = [...spec.layers];
    if (spec.ephemeralStorage !== undefined && spec.ephemeralStorage !== (cfg.EphemeralStorage?.Size ?? 512))
        d.EphemeralStorage = { Size: spec.ephemeralStorage };
    return d;
}
/** The names of the fields a delta changes, for the log (values stay out: the environment may be secret). */
const deltaFields = (d) => Object.keys(d);
/**
 * Architectures is set by CreateFunction and UpdateFunctionCode, not UpdateFunctionConfiguration
 * (https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionCode.html): a change re-sends the code.
 */
const architectureDiffers = (spec, cfg) => spec?.architecture !== undefined && (cfg.Architectures ?? ['x86_64'])[0] !== spec.architecture;
/** The configuration part of CreateFunction: only what was asked, so Lambda's defaults apply to the rest. */
function createConfig(spec) {
    const delta = configDelta(spec, {});
    return {
        ...delta,
        ...(spec?.architecture ? { Architectures: [spec.architecture] } : {}),
    };
}

;// CONCATENATED MODULE: ./src/targets/lambda/create-function.ts



/**
 * What creating the function still lacks: `role` always; `runtime` and `handler` for a .zip function
 * (https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html: "Handler is required if the
 * deployment package is a .zip file archive", likewise Runtime). Thrown before any write.
 */
function checkCreatable(functionName, region, image, spec) {
    const missing = [
        ...(spec?.role ? [] : ['role']),
        ...(image || spec?.runtime ? [] : ['runtime']),
        ...(image || spec?.handler ? [] : ['handler']),
    ];
    if (missing.length)
        throw new errors/* ActionError */.lZ(`function ${functionName} does not exist in ${region}; to create it, set ${missing.join(', ')} ` +
            `(creating a ${image ? 'container image function needs an execution role ARN' : 'zip function needs an execution role ARN, a runtime and a handler'})`);
}
/**
 * CreateFunction with the code and the asked configuration, without publishing: the caller then waits for
 * State Active and publishes through the same path as an update, so that create and update share one
 * no-op/Active logic. The function's own Description is left empty: `description` names versions.
 */
async function createFunction(lambda, functionName, code, image, spec) {
    await lambda.send(new dist_cjs/* CreateFunctionCommand */.Y8X({
        FunctionName: functionName,
        PackageType: image ? 'Image' : 'Zip',
        Code: code,
        ...createConfig(spec),
        Role: spec?.role,
        Publish: false,
    }));
}

;// CONCATENATED MODULE: ./src/targets/lambda/version-match.ts

/** JSON with object keys sorted, so that two equal configurations give one string. */
function canonical(value) {
    // Stryker disable next-line StringLiteral: FunctionConfiguration has no arrays of numbers, the only items that could run together unseparated
    if (Array.isArray(value))
        return `[${value.map(canonical).join(',')}]`;
    if (value !== null && typeof value === 'object')
        return `{${Object.keys(value)
            .sort()
            .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
            // Stryker disable next-line StringLiteral: each member starts with a quoted key, so the text reads back one way without commas
            .join(',')}}`;
    return JSON.stringify(value ?? null);
}
/**
 * What a version takes from $LATEST when it is published: its code and configuration. PublishVersion
 * publishes nothing when "the function's configuration and code haven't changed since the last version"
 * (https://docs.aws.amazon.com/lambda/latest/api/API_PublishVersion.html), so a version is as good as a new
 * one only when all of this matches. Left out: what names or times the version itself (ARN, RevisionId,
 * LastModified, State), its own Description, and the runtime version Lambda patches on its own.
 */
function versionSnapshot(c) {
    return canonical({
        code: c.CodeSha256,
        packageType: c.PackageType,
        role: c.Role,
        handler: c.Handler,
        runtime: c.Runtime,
        memory: c.MemorySize,
        timeout: c.Timeout,
        environment: c.Environment?.Variables ?? {},
        layers: (c.Layers ?? []).map((l) => l.Arn),
        vpc: {
            subnets: c.VpcConfig?.SubnetIds ?? [],
            securityGroups: c.VpcConfig?.SecurityGroupIds ?? [],
            ipv6: c.VpcConfig?.Ipv6AllowedForDualStack ?? false,
        },
        deadLetter: c.DeadLetterConfig?.TargetArn,
        kms: c.KMSKeyArn,
        tracing: c.TracingConfig?.Mode,
        fileSystems: c.FileSystemConfigs ?? [],
        image: c.ImageConfigResponse?.ImageConfig,
        architectures: c.Architectures ?? ['x86_64'],
        ephemeralStorage: c.EphemeralStorage?.Size ?? 512,
        snapStart: c.SnapStart?.ApplyOn ?? 'None',
        logging: c.LoggingConfig ?? {},
    });
}
/** The newest published version whose code and configuration both match `latest` ($LATEST), if any. */
async function publishedMatching(client, functionName, latest) {
    const wanted = versionSnapshot(latest);
    let marker;
    let best;
    do {
        const page = await client.send(new dist_cjs/* ListVersionsByFunctionCommand */.Ox4({ FunctionName: functionName, Marker: marker, MaxItems: 50 }));
        for (const v of page.Versions ?? [])
            if (v.Version !== '$LATEST' &&
                // Stryker disable next-line EqualityOperator: version numbers are unique, so >= differs only on a repeat of the same version
                (!best || Number(v.Version) > Number(best.Version)) &&
                versionSnapshot(v) === wanted)
                best = v;
        marker = page.NextMarker;
    } while (marker);
    return best;
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
        const cfg = await client.send(new dist_cjs/* GetFunctionConfigurationCommand */.qA6({ FunctionName: functionName, Qualifier: version }));
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

;// CONCATENATED MODULE: ./src/targets/lambda/publish.ts









/** $LATEST's configuration, or undefined when the function does not exist. */
async function currentConfig(client, functionName) {
    try {
        return await client.send(new dist_cjs/* GetFunctionConfigurationCommand */.qA6({ FunctionName: functionName }));
    }
    catch (err) {
        if ((0,errors/* isAwsError */.m_)(err, 'ResourceNotFoundException'))
            return undefined;
        throw err;
    }
}
/**
 * Publishes a zip or an image as a new function version, with the configuration asked for. When $LATEST
 * already runs this exact code (CodeSha256), has every asked setting, and a published version has that code
 * and $LATEST's configuration, nothing is written and that version is returned. Otherwise: create the
 * function when it does not exist (then wait for State Active); upload when the code differs (directly, or
 * through S3 when the zip is over the 50 MB direct limit or a bucket is given; an image by its URI); wait for
 * LastUpdateStatus; apply the configuration that differs; wait again (a second update while one is in
 * progress is refused); then PublishVersion guarded by CodeSha256 and RevisionId, so a racing upload cannot
 * slip into our version. Either way the version is returned only once it is Active.
 */
async function publishFunction(ctx, clients, region, spec) {
    const { lambda } = clients;
    const pkg = await loadPackage(spec);
    const image = pkg.kind === 'image';
    /** $LATEST once no update is in progress and it is not Pending; undefined when missing (if allowed). */
    const waitIdleOrMissing = (missingOk) => ctx.waitPlain(`function ${spec.functionName} to finish its update`, spec.waitTimeoutMs, async () => {
        const cfg = await currentConfig(lambda, spec.functionName);
        if (!cfg) {
            if (missingOk)
                return { done: true, value: undefined };
            throw new errors/* ActionError */.lZ(`function ${spec.functionName} disappeared from ${region} during the update`);
        }
        if (cfg.State === 'Failed' || cfg.LastUpdateStatus === 'Failed')
            throw new errors/* ActionError */.lZ(cfg.State === 'Failed'
                ? `function ${spec.functionName} failed to become Active: ${cfg.StateReasonCode}: ${cfg.StateReason}`
                : `the update of ${spec.functionName} failed: ${cfg.LastUpdateStatusReasonCode}: ${cfg.LastUpdateStatusReason}`);
        if (cfg.State === 'Pending')
            return { done: false, status: 'State Pending' };
        return cfg.LastUpdateStatus === 'InProgress'
            ? { done: false, status: 'LastUpdateStatus InProgress' }
            : { done: true, value: cfg };
    });
    const waitIdle = async () => (await waitIdleOrMissing(false));
    /** Runs a mutation, waiting out "an update is in progress" instead of failing on it. */
    const mutate = (what, fn) => whenIdle(ctx.waitPlain.bind(ctx), what, spec.waitTimeoutMs, fn, 'an update is in progress on the function');
    const active = (version) => waitForActive(ctx.waitPlain.bind(ctx), lambda, spec.functionName, version, spec.waitTimeoutMs);
    /** The code as UpdateFunctionCode/CreateFunction take it, uploading to S3 first when needed. */
    let upload = 'none';
    const source = async () => {
        const out = await codeSource(pkg, spec, clients.s3, (line) => ctx.log(line));
        upload = out.upload;
        return out.code;
    };
    const what = pkg.kind === 'image' ? `image ${pkg.imageUri}` : formatBytes(pkg.zip.length);
    const found = await waitIdleOrMissing(true);
    let created = false;
    if (!found) {
        checkCreatable(spec.functionName, region, image, spec.config);
        if (spec.dryRun) {
            ctx.log(`dry run: ${spec.functionName} does not exist: would create it from ${what} and publish a version`);
            return {
                functionArn: '',
                version: '',
                codeSha256: pkg.codeSha256 ?? '',
                changed: true,
                upload: 'dry-run',
            };
        }
        ctx.log(`function ${spec.functionName} does not exist in ${region}: creating it from ${what}`);
        await createFunction(lambda, spec.functionName, await source(), image, spec.config);
        created = true;
    }
    let cfg = found ?? (await waitIdle());
    if ((cfg.PackageType === 'Image') !== image)
        throw new errors/* ActionError */.lZ(`function ${spec.functionName} has PackageType ${cfg.PackageType ?? 'Zip'}, and Lambda cannot change a function's package type; ` +
            `give ${cfg.PackageType === 'Image' ? 'image-uri' : 'zip-path'}, or publish to a new function`);
    const wanted = () => pkg.codeSha256 ?? (created ? cfg.CodeSha256 : undefined);
    const codeSame = () => 
    // Stryker disable next-line ConditionalExpression: $LATEST always reports a CodeSha256, so an undefined wanted() never equals it
    wanted() !== undefined && cfg.CodeSha256 === wanted() && !architectureDiffers(spec.config, cfg);
    if (codeSame() && deltaFields(configDelta(spec.config, cfg)).length === 0) {
        const existing = await publishedMatching(lambda, spec.functionName, cfg);
        if (existing?.Version) {
            ctx.log(`version ${existing.Version} of ${spec.functionName} has this code (CodeSha256 ${cfg.CodeSha256}) and $LATEST's configuration: nothing to upload or publish`);
            if (!spec.dryRun)
                await active(existing.Version);
            return {
                functionArn: cfg.FunctionArn ?? '',
                version: existing.Version,
                codeSha256: cfg.CodeSha256 ?? '',
                changed: false,
                upload: 'none',
            };
        }
    }
    if (spec.dryRun) {
        const fields = deltaFields(configDelta(spec.config, cfg));
        if (codeSame() && !fields.length)
            ctx.log(`dry run: the code is there but no version has $LATEST's configuration: would publish a version`);
        else
            ctx.log(`dry run: would ${codeSame() ? 'keep the code' : `upload ${what}${pkg.kind === 'zip' ? ` ${pkg.useS3 ? `through s3://${spec.s3Bucket}/${spec.s3Key}` : 'directly'}` : ''}`}` +
                `${fields.length ? `, update ${fields.join(', ')}` : ''} and publish a version`);
        return {
            functionArn: cfg.FunctionArn ?? '',
            version: '',
            codeSha256: pkg.codeSha256 ?? '',
            changed: true,
            upload: 'dry-run',
        };
    }
    if (!codeSame()) {
        const code = await source();
        const revisionId = cfg.RevisionId;
        const architecture = spec.config?.architecture;
        const updated = await mutate(`UpdateFunctionCode on ${spec.functionName}`, () => lambda.send(new dist_cjs/* UpdateFunctionCodeCommand */.KfB({
            FunctionName: spec.functionName,
            RevisionId: revisionId,
            ...code,
            ...(architecture ? { Architectures: [architecture] } : {}),
        })));
        if (pkg.kind === 'zip' && updated.CodeSha256 !== pkg.codeSha256)
            throw new errors/* ActionError */.lZ(`Lambda reports CodeSha256 ${updated.CodeSha256} after the upload, but the zip's is ${pkg.codeSha256}`);
        ctx.log(`uploaded ${what}; waiting for LastUpdateStatus Successful`);
        cfg = await waitIdle();
    }
    const delta = configDelta(spec.config, cfg);
    if (deltaFields(delta).length) {
        const revisionId = cfg.RevisionId;
        await mutate(`UpdateFunctionConfiguration on ${spec.functionName}`, () => lambda.send(new dist_cjs/* UpdateFunctionConfigurationCommand */.Zlw({
            FunctionName: spec.functionName,
            RevisionId: revisionId,
            ...delta,
        })));
        ctx.log(`updated ${deltaFields(delta).join(', ')}; waiting for LastUpdateStatus Successful`);
        cfg = await waitIdle();
    }
    const published = await mutate(`PublishVersion on ${spec.functionName}`, () => lambda.send(new dist_cjs/* PublishVersionCommand */.D3m({
        FunctionName: spec.functionName,
        // A zip's own sha256: another writer's code since our upload fails the call. An image's CodeSha256 is
        // Lambda's to report (see loadPackage): guard with what $LATEST has.
        CodeSha256: pkg.kind === 'zip' ? pkg.codeSha256 : cfg.CodeSha256,
        RevisionId: cfg.RevisionId,
        Description: spec.description,
    })));
    if (!published.Version)
        throw new errors/* ActionError */.lZ(`PublishVersion on ${spec.functionName} returned no version`);
    ctx.log(`published version ${published.Version} of ${spec.functionName}; waiting for it to become Active`);
    await active(published.Version);
    return {
        functionArn: cfg.FunctionArn ?? '',
        version: published.Version,
        codeSha256: pkg.codeSha256 ?? cfg.CodeSha256 ?? '',
        changed: true,
        upload,
        ...(created ? { created } : {}),
    };
}

;// CONCATENATED MODULE: ./src/actions/publish-function/publish.ts






async function publish(deps, inputs) {
    const { io } = deps;
    const aws = deps.aws({ maxAttempts: inputs.maxAttempts, action: 'publish-function' });
    const result = await io.group(`publish ${inputs.functionName} (${inputs.region})`, () => publishFunction(engine_plainContext(pollSettings(deps)), { lambda: aws.get(dist_cjs/* LambdaClient */.Nox, inputs.region), s3: () => aws.get(client_s3_dist_cjs/* S3Client */.YxF, inputs.region) }, inputs.region, inputs));
    io.info(result.upload === 'dry-run'
        ? `dry run: ${inputs.functionName} would get a new version`
        : result.changed
            ? `${result.created ? 'created and ' : ''}published ${inputs.functionName} version ${result.version} (CodeSha256 ${result.codeSha256})`
            : `unchanged: ${inputs.functionName} version ${result.version} already has this code and configuration`);
    io.setOutput('function-arn', result.functionArn);
    io.setOutput('version', result.version);
    io.setOutput('code-sha256', result.codeSha256);
    io.setOutput('changed', String(result.changed));
    io.setOutput('created', String(result.created === true));
    await io.appendSummary(summary_renderSummary({
        title: 'slipway publish-function',
        status: result.upload === 'dry-run'
            ? 'dry run'
            : result.changed
                ? `published version ${result.version}`
                : `unchanged (version ${result.version})`,
        facts: [
            ['function', inputs.functionName],
            ['region', inputs.region],
            ['CodeSha256', `\`${result.codeSha256}\``],
            ...(inputs.imageUri ? [['image', `\`${inputs.imageUri}\``]] : []),
            ['upload', result.upload],
        ],
    }));
}


/***/ })

};
;