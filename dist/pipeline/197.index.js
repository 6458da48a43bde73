"use strict";
exports.id = 197;
exports.ids = [197];
exports.modules = {

/***/ 7066:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   p: () => (/* binding */ saveJsonState),
/* harmony export */   q: () => (/* binding */ loadJsonState)
/* harmony export */ });
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


/***/ }),

/***/ 5197:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  zS: () => (/* binding */ executeDeploy),
  Hr: () => (/* binding */ executeDeployPost),
  ZQ: () => (/* binding */ pollSettings)
});

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

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/state.ts
var state = __webpack_require__(7066);
// EXTERNAL MODULE: ./src/core/summary.ts
var summary = __webpack_require__(1363);
// EXTERNAL MODULE: ./src/rollout/deploy-inputs.ts
var deploy_inputs = __webpack_require__(7062);
// EXTERNAL MODULE: ./src/rollout/engine.ts + 2 modules
var engine = __webpack_require__(427);
// EXTERNAL MODULE: ./src/rollout/strategy.ts
var strategy = __webpack_require__(4436);
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
        for (const line of (0,strategy/* describePlan */.df)(run.steps, inputs.bakeMs, inputs.alarms))
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
    const holds = [...(0,strategy/* holdsOf */.e8)(run.steps, inputs.bakeMs), ...(run.nativeHolds ?? [])];
    const warning = (0,strategy/* unwatchedHoldWarning */.PE)(holds, inputs.alarms);
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
            (0,state/* saveJsonState */.p)(io, DEPLOYMENT_KEY, {
                id: deployment.id,
                environmentUrl: inputs.github.environmentUrl,
                finished: false,
            });
    }
    const finish = async (outcome, description) => {
        if (!deployment)
            return;
        await deployment.finish(outcome, description);
        (0,state/* saveJsonState */.p)(io, DEPLOYMENT_KEY, {
            id: deployment.id,
            environmentUrl: inputs.github?.environmentUrl,
            finished: true,
        });
    };
    const save = (phase, trafficPercent) => (0,state/* saveJsonState */.p)(io, STATE_KEY, {
        phase,
        trafficPercent,
        target: run.targetState(),
    });
    let result;
    try {
        result = await (0,engine/* runRollout */.p1)({
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
    await io.appendSummary((0,summary/* renderSummary */.Br)({
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
    const saved = (0,state/* loadJsonState */.q)(deps.io, DEPLOYMENT_KEY);
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
    (0,state/* saveJsonState */.p)(deps.io, DEPLOYMENT_KEY, { ...saved, finished: true });
}
/**
 * The post step of a deploy action: when the main step stopped mid-rollout (a cancel, or a runner that
 * died), put the target back on the old version, from the state the main step saved, then post the final
 * status of the GitHub Deployment the main step left in progress.
 */
async function executeDeployPost(deps, rebuild) {
    const { io } = deps;
    const saved = (0,state/* loadJsonState */.q)(io, STATE_KEY);
    if (!saved || engine/* SETTLED_PHASES */.fk.includes(saved.phase)) {
        io.info('post: no rollout left in flight; nothing to clean up');
        return finishSavedDeployment(deps, saved?.phase);
    }
    io.warning(`post: the deploy stopped while ${saved.phase} at ${saved.trafficPercent}% traffic; rolling back`);
    let target;
    try {
        target = await rebuild(saved.target);
        const t = target;
        await io.group(`cleanup: roll back ${t.label}`, () => t.rollback((0,engine/* plainContext */.O7)(pollSettings(deps))));
    }
    catch (err) {
        await finishSavedDeployment(deps, saved.phase, err.message);
        throw err;
    }
    (0,state/* saveJsonState */.p)(io, STATE_KEY, {
        ...saved,
        phase: 'rolled-back',
        trafficPercent: 0,
    });
    io.info(`post: ${target.label} is back on the previous version`);
    await io.appendSummary((0,summary/* renderSummary */.Br)({
        title: 'slipway post step',
        status: 'rolled-back',
        facts: [
            ['target', target.label],
            ['stopped while', `${saved.phase} at ${saved.trafficPercent}%`],
        ],
    }));
    await finishSavedDeployment(deps, 'rolled-back');
}


/***/ }),

/***/ 427:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  fk: () => (/* binding */ SETTLED_PHASES),
  O7: () => (/* binding */ plainContext),
  p1: () => (/* binding */ runRollout)
});

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/inputs.ts
var inputs = __webpack_require__(9114);
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
        await ctx.waitUntil(`${label} (${(0,inputs/* formatDuration */.a3)(ms)})`, ms, async () => poll.clock.now() >= end
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
            const held = step.holdMs > 0 ? `, then hold ${(0,inputs/* formatDuration */.a3)(step.holdMs)}` : '';
            await group(`shift to ${step.percent}%${held}`, async () => {
                await target.shift(step.percent, ctx);
                ctx.mark(step.label, step.percent);
                phase('shifting');
                if (step.holdMs > 0)
                    await hold(`hold at ${step.percent}%`, step.holdMs);
                else
                    await checkGates();
            });
            say(`${step.percent}% of traffic on the new version${held ? `; held ${(0,inputs/* formatDuration */.a3)(step.holdMs)}: ${lastWatched}` : ''}`);
        }
        phase('baking');
        if (o.bakeMs > 0) {
            await group(`bake ${(0,inputs/* formatDuration */.a3)(o.bakeMs)}`, () => hold('bake', o.bakeMs));
            say(`baked ${(0,inputs/* formatDuration */.a3)(o.bakeMs)}: ${lastWatched}`);
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


/***/ }),

/***/ 4436:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Dv: () => (/* binding */ planSteps),
/* harmony export */   PE: () => (/* binding */ unwatchedHoldWarning),
/* harmony export */   df: () => (/* binding */ describePlan),
/* harmony export */   e8: () => (/* binding */ holdsOf)
/* harmony export */ });
/* unused harmony export watching */
/* harmony import */ var _core_inputs_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9114);

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
        return `${input} ${of.length > 1 ? `${of.length} × ` : ''}${(0,_core_inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .formatDuration */ .a3)(of[0].ms)}`;
    })
        .join(', ');
    return (`the rollout holds ${(0,_core_inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .formatDuration */ .a3)(total)} with traffic on the new version (${what}) but watches no alarm, ` +
        `only the new version's own state; name the CloudWatch alarms that should roll it back in the alarms input, ` +
        `or set ${inputs.join(' and ')} to 0s`);
}
function describePlan(steps, bakeMs, alarms) {
    const watched = watching(alarms);
    const lines = steps.map((s, i) => `${i + 1}. ${s.label}${s.holdMs ? `, then hold ${(0,_core_inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .formatDuration */ .a3)(s.holdMs)}, ${watched}` : ''}`);
    lines.push(bakeMs > 0
        ? `${steps.length + 1}. bake ${(0,_core_inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .formatDuration */ .a3)(bakeMs)}, ${watched}, then finalize`
        : `${steps.length + 1}. finalize (no bake)`);
    return lines;
}


/***/ })

};
;