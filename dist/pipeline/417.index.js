exports.id = 417;
exports.ids = [417];
exports.modules = {

/***/ 519:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {

const { buildQueryString } = __webpack_require__(3422);

const validate = (str) => typeof str === "string" && str.indexOf("arn:") === 0 && str.split(":").length >= 6;
const parse = (arn) => {
    const segments = arn.split(":");
    if (segments.length < 6 || segments[0] !== "arn") {
        throw new Error("Malformed ARN");
    }
    const [, partition, service, region, accountId, ...resource] = segments;
    return {
        partition,
        service,
        region,
        accountId,
        resource: resource.join(":"),
    };
};
const build = (arnObject) => {
    const { partition = "aws", service, region, accountId, resource } = arnObject;
    if ([service, region, accountId, resource].some((segment) => typeof segment !== "string")) {
        throw new Error("Input ARN object is invalid");
    }
    return `arn:${partition}:${service}:${region}:${accountId}:${resource}`;
};

function formatUrl(request) {
    const { port, query } = request;
    let { protocol, path, hostname } = request;
    if (protocol && protocol.slice(-1) !== ":") {
        protocol += ":";
    }
    if (port) {
        hostname += `:${port}`;
    }
    if (path && path.charAt(0) !== "/") {
        path = `/${path}`;
    }
    let queryString = query ? buildQueryString(query) : "";
    if (queryString && queryString[0] !== "?") {
        queryString = `?${queryString}`;
    }
    let auth = "";
    if (request.username != null || request.password != null) {
        const username = request.username ?? "";
        const password = request.password ?? "";
        auth = `${username}:${password}@`;
    }
    let fragment = "";
    if (request.fragment) {
        fragment = `#${request.fragment}`;
    }
    return `${protocol}//${auth}${hostname}${path}${queryString}${fragment}`;
}

function hasOwn(container, key) {
    return Object.prototype.hasOwnProperty.call(container, key);
}

exports.build = build;
exports.formatUrl = formatUrl;
exports.hasOwn = hasOwn;
exports.parse = parse;
exports.validate = validate;


/***/ }),

/***/ 2503:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

"use strict";

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  publish: () => (/* binding */ publish)
});

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-lambda/dist-cjs/index.js
var dist_cjs = __webpack_require__(1696);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-cjs/index.js
var client_s3_dist_cjs = __webpack_require__(3711);
// EXTERNAL MODULE: ./src/core/summary.ts
var summary = __webpack_require__(1363);
// EXTERNAL MODULE: ./src/rollout/engine.ts + 2 modules
var engine = __webpack_require__(427);
// EXTERNAL MODULE: ./src/rollout/deploy-action.ts + 1 modules
var deploy_action = __webpack_require__(5197);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/targets/lambda/limits.ts
var limits = __webpack_require__(2986);
;// CONCATENATED MODULE: ./src/targets/lambda/publish.ts






/** Lambda refuses a mutation while an update is in progress; these are waited out, not failed on. */
const BUSY = ['ResourceConflictException'];
async function currentConfig(client, functionName, region) {
    try {
        return await client.send(new dist_cjs/* GetFunctionConfigurationCommand */.qA6({ FunctionName: functionName }));
    }
    catch (err) {
        if ((0,errors/* isAwsError */.m_)(err, 'ResourceNotFoundException'))
            throw new errors/* ActionError */.lZ(`function ${functionName} does not exist in ${region}. publish-function updates an existing function; create it first ` +
                `(CloudFormation, CDK, Terraform or aws lambda create-function) with an execution role ARN, a runtime and a handler`);
        throw err;
    }
}
/** The newest published version whose code is `codeSha256`, if any. */
async function publishedWithCode(client, functionName, codeSha256) {
    let marker;
    let best;
    do {
        const page = await client.send(new dist_cjs/* ListVersionsByFunctionCommand */.Ox4({ FunctionName: functionName, Marker: marker, MaxItems: 50 }));
        for (const v of page.Versions ?? [])
            if (v.Version !== '$LATEST' &&
                v.CodeSha256 === codeSha256 &&
                (!best || Number(v.Version) > Number(best.Version)))
                best = v;
        marker = page.NextMarker;
    } while (marker);
    return best;
}
/**
 * Publishes a zip as a new function version. When Lambda already runs this exact code (CodeSha256), nothing
 * is uploaded and the version that has it is returned. Otherwise: upload (directly, or through S3 when the
 * zip is over the 50 MB direct limit or a bucket is given), wait for LastUpdateStatus, then PublishVersion
 * guarded by CodeSha256 and RevisionId, so a racing upload cannot slip into our version.
 */
async function publishFunction(ctx, clients, region, spec) {
    const { lambda } = clients;
    const zip = await (0,promises_.readFile)(spec.zipPath);
    const codeSha256 = (0,external_node_crypto_.createHash)('sha256').update(zip).digest('base64');
    const useS3 = spec.s3Bucket !== undefined || zip.length > limits/* DIRECT_UPLOAD_MAX_BYTES */.X;
    if (useS3 && spec.s3Bucket === undefined)
        throw new errors/* ActionError */.lZ(`${spec.zipPath} is ${(0,limits.mb)(zip.length)}, over Lambda's ${(0,limits.mb)(limits/* DIRECT_UPLOAD_MAX_BYTES */.X)} direct upload limit; set s3-bucket`);
    const waitIdle = () => ctx.waitPlain(`function ${spec.functionName} to finish its update`, spec.waitTimeoutMs, async () => {
        const cfg = await currentConfig(lambda, spec.functionName, region);
        if (cfg.LastUpdateStatus === 'Failed')
            throw new errors/* ActionError */.lZ(`the update of ${spec.functionName} failed: ${cfg.LastUpdateStatusReasonCode}: ${cfg.LastUpdateStatusReason}`);
        return cfg.LastUpdateStatus === 'InProgress'
            ? { done: false, status: 'LastUpdateStatus InProgress' }
            : { done: true, value: cfg };
    });
    /** Runs a mutation, waiting out "an update is in progress" instead of failing on it. */
    const whenIdle = async (what, fn) => ctx.waitPlain(what, spec.waitTimeoutMs, async () => {
        try {
            return { done: true, value: await fn() };
        }
        catch (err) {
            if ((0,errors/* isAwsError */.m_)(err, ...BUSY))
                return { done: false, status: 'an update is in progress on the function' };
            throw err;
        }
    });
    let cfg = await waitIdle();
    if (cfg.CodeSha256 === codeSha256) {
        const existing = await publishedWithCode(lambda, spec.functionName, codeSha256);
        if (existing?.Version) {
            ctx.log(`function ${spec.functionName} already runs this code (CodeSha256 ${codeSha256}) as version ${existing.Version}: nothing to upload`);
            return {
                functionArn: cfg.FunctionArn ?? '',
                version: existing.Version,
                codeSha256,
                changed: false,
                upload: 'none',
            };
        }
    }
    if (spec.dryRun) {
        ctx.log(`dry run: would upload ${(0,limits.mb)(zip.length)} ${useS3 ? `through s3://${spec.s3Bucket}/${spec.s3Key}` : 'directly'} and publish a version`);
        return { functionArn: cfg.FunctionArn ?? '', version: '', codeSha256, changed: true, upload: 'dry-run' };
    }
    let upload = 'none';
    if (cfg.CodeSha256 !== codeSha256) {
        let source;
        if (useS3) {
            const key = spec.s3Key ?? `slipway/${spec.functionName}/${Buffer.from(codeSha256, 'base64').toString('hex')}.zip`;
            ctx.log(`uploading ${(0,limits.mb)(zip.length)} to s3://${spec.s3Bucket}/${key}`);
            await clients.s3().send(new client_s3_dist_cjs/* PutObjectCommand */.wKZ({
                Bucket: spec.s3Bucket,
                Key: key,
                Body: zip,
                ChecksumAlgorithm: 'SHA256',
                ContentType: 'application/zip',
            }));
            source = { S3Bucket: spec.s3Bucket, S3Key: key };
            upload = 's3';
        }
        else {
            source = { ZipFile: zip };
            upload = 'direct';
        }
        const revisionId = cfg.RevisionId;
        const updated = await whenIdle(`UpdateFunctionCode on ${spec.functionName}`, () => lambda.send(new dist_cjs/* UpdateFunctionCodeCommand */.KfB({ FunctionName: spec.functionName, RevisionId: revisionId, ...source })));
        if (updated.CodeSha256 !== codeSha256)
            throw new errors/* ActionError */.lZ(`Lambda reports CodeSha256 ${updated.CodeSha256} after the upload, but the zip's is ${codeSha256}`);
        ctx.log(`uploaded ${(0,limits.mb)(zip.length)}; waiting for LastUpdateStatus Successful`);
        cfg = await waitIdle();
    }
    const published = await whenIdle(`PublishVersion on ${spec.functionName}`, () => lambda.send(new dist_cjs/* PublishVersionCommand */.D3m({
        FunctionName: spec.functionName,
        CodeSha256: codeSha256,
        RevisionId: cfg.RevisionId,
        Description: spec.description,
    })));
    if (!published.Version)
        throw new errors/* ActionError */.lZ(`PublishVersion on ${spec.functionName} returned no version`);
    ctx.log(`published version ${published.Version} of ${spec.functionName}`);
    return {
        functionArn: cfg.FunctionArn ?? '',
        version: published.Version,
        codeSha256,
        changed: true,
        upload,
    };
}

;// CONCATENATED MODULE: ./src/actions/publish-function/publish.ts






async function publish(deps, inputs) {
    const { io } = deps;
    const aws = deps.aws({ maxAttempts: inputs.maxAttempts, action: 'publish-function' });
    const result = await publishFunction((0,engine/* plainContext */.O7)((0,deploy_action/* pollSettings */.ZQ)(deps)), { lambda: aws.get(dist_cjs/* LambdaClient */.Nox, inputs.region), s3: () => aws.get(client_s3_dist_cjs/* S3Client */.YxF, inputs.region) }, inputs.region, inputs);
    io.setOutput('function-arn', result.functionArn);
    io.setOutput('version', result.version);
    io.setOutput('code-sha256', result.codeSha256);
    io.setOutput('changed', String(result.changed));
    await io.appendSummary((0,summary/* renderSummary */.Br)({
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
            ['upload', result.upload],
        ],
    }));
}


/***/ }),

/***/ 7066:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

"use strict";
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

"use strict";

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  zS: () => (/* binding */ executeDeploy),
  Hr: () => (/* binding */ executeDeployPost),
  ZQ: () => (/* binding */ pollSettings)
});

;// CONCATENATED MODULE: ./src/core/deployments.ts
/**
 * Creates a GitHub Deployment for this commit and marks it in_progress. GitHub's API failing must not fail
 * an AWS deploy, so every problem here is a warning and the deploy goes on without a deployment record.
 */
async function startDeployment(deps, req) {
    const { io, env } = deps;
    const [owner, repo] = (env['GITHUB_REPOSITORY'] ?? '').split('/');
    const ref = env['GITHUB_SHA'] ?? env['GITHUB_REF'];
    if (!owner || !repo || !ref) {
        io.warning('github-token and environment are set, but GITHUB_REPOSITORY/GITHUB_SHA are not: no GitHub Deployment is recorded');
        return undefined;
    }
    const logUrl = `${env['GITHUB_SERVER_URL'] ?? 'https://github.com'}/${owner}/${repo}/actions/runs/${env['GITHUB_RUN_ID'] ?? ''}`;
    try {
        const { getOctokit } = await __webpack_require__.e(/* import() */ 413).then(__webpack_require__.bind(__webpack_require__, 2413));
        const octokit = getOctokit(req.token, env['GITHUB_API_URL'] ? { baseUrl: env['GITHUB_API_URL'] } : {});
        const created = await octokit.rest.repos.createDeployment({
            owner,
            repo,
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
        const post = async (state, description, url) => octokit.rest.repos.createDeploymentStatus({
            owner,
            repo,
            deployment_id: id,
            state,
            description: description.slice(0, 140),
            log_url: logUrl,
            ...(url ? { environment_url: url } : {}),
        });
        await post('in_progress', req.description, req.environmentUrl);
        io.info(`GitHub deployment ${id} to ${req.environment}: in_progress`);
        return {
            id,
            finish: async (outcome, description, environmentUrl) => {
                try {
                    await post(outcome, description, environmentUrl ?? req.environmentUrl);
                    io.info(`GitHub deployment ${id}: ${outcome}`);
                }
                catch (err) {
                    io.warning(`could not post the GitHub deployment status: ${err.message}`);
                }
            },
        };
    }
    catch (err) {
        io.warning(`could not create a GitHub deployment: ${err.message}`);
        return undefined;
    }
}

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/state.ts
var state = __webpack_require__(7066);
// EXTERNAL MODULE: ./src/core/summary.ts
var summary = __webpack_require__(1363);
// EXTERNAL MODULE: ./src/rollout/engine.ts + 2 modules
var engine = __webpack_require__(427);
// EXTERNAL MODULE: ./src/rollout/strategy.ts
var strategy = __webpack_require__(4436);
;// CONCATENATED MODULE: ./src/rollout/deploy-action.ts






const STATE_KEY = 'rollout';
function pollSettings(deps) {
    return { clock: deps.clock, signal: deps.signal, log: (line) => deps.io.info(line) };
}
/**
 * The flow every deploy action shares: dry run, GitHub Deployment, the rollout itself, outputs, job summary
 * and the state the post step needs. A rollout that did not succeed fails the job after its outputs are set.
 */
async function executeDeploy(deps, run) {
    const { io } = deps;
    const { inputs } = run;
    const header = `${run.target.label}: ${inputs.strategy}`;
    if (inputs.dryRun) {
        const state = await run.target.describe();
        io.info(`dry run: ${header}; now serving ${state.current ?? 'nothing (first deploy)'}`);
        if (state.upToDate)
            io.info('dry run: already up to date; a real run would be a no-op');
        else
            for (const line of (0,strategy/* describePlan */.d)(run.steps, inputs.bakeMs))
                io.info(`dry run: ${line}`);
        if (state.inProgress)
            io.info(`dry run: a real run would first wait for: ${state.inProgress}`);
        io.setOutput('status', 'dry-run');
        return { status: 'no-op', previous: state.current, diagnosis: [], timeline: [] };
    }
    let deployment;
    if (inputs.github)
        deployment = await startDeployment(deps, {
            ...inputs.github,
            description: `slipway ${run.action}: ${header}`.slice(0, 140),
        });
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
            bakeMs: inputs.bakeMs,
            gates: run.gates,
            rollback: inputs.rollback,
            waitTimeoutMs: inputs.waitTimeoutMs,
            poll: pollSettings(deps),
            onPhase: save,
        });
    }
    catch (err) {
        await deployment?.finish('failure', `slipway ${run.action} did not finish: ${err.message}`);
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
    }));
    const ok = result.status === 'succeeded' || result.status === 'no-op';
    await deployment?.finish(ok ? 'success' : 'failure', `slipway ${run.action}: ${result.status}`);
    if (!ok)
        throw new errors/* RolloutFailedError */.Zn(result.status === 'rolled-back'
            ? `${run.target.label} rolled back to ${result.previous ?? 'its previous state'}: ${result.reason}`
            : `${run.target.label} failed and was NOT rolled back: ${result.reason}`, result.status === 'rolled-back', result.diagnosis);
    return result;
}
/**
 * The post step of a deploy action: when the main step stopped mid-rollout (a cancel, or a runner that
 * died), put the target back on the old version, from the state the main step saved.
 */
async function executeDeployPost(deps, rebuild) {
    const { io } = deps;
    const saved = (0,state/* loadJsonState */.q)(io, STATE_KEY);
    if (!saved || engine/* SETTLED_PHASES */.fk.includes(saved.phase)) {
        io.info('post: no rollout left in flight; nothing to clean up');
        return;
    }
    io.warning(`post: the deploy stopped while ${saved.phase} at ${saved.trafficPercent}% traffic; rolling back`);
    const target = await rebuild(saved.target);
    await target.rollback((0,engine/* plainContext */.O7)(pollSettings(deps)));
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
}


/***/ }),

/***/ 427:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

"use strict";

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
    return { signal: poll.signal, log: poll.log, waitUntil: waitPlain, waitPlain, mark, checkpoint };
}
const sameGates = (a, b) => a.length === b.length && a.every((g, i) => g.ok === b[i]?.ok && g.name === b[i]?.name);
/**
 * Runs one rollout: prepare → (shift → hold with gates)* → bake with gates → finalize. Any failed gate,
 * failed step or timeout rolls back to the old version. A cancel stops at once and leaves the rest to the
 * post step, which reads the saved phase.
 */
async function runRollout(o) {
    const { target, poll } = o;
    const timeline = new Timeline(() => poll.clock.now());
    let traffic = 0;
    let greenReady = false;
    let lastGates = [];
    let lastCapacity;
    let current = 'preparing';
    const phase = (p) => {
        current = p;
        o.onPhase?.(p, traffic);
    };
    const checkGates = async () => {
        const results = [];
        for (const gate of o.gates)
            results.push(...(await gate.check()));
        if (greenReady) {
            const h = await target.health();
            lastCapacity = h.healthyCapacity;
            results.push({ name: h.name, ok: h.ok, detail: h.detail });
        }
        const failed = results.filter((g) => !g.ok);
        if (!sameGates(results, lastGates) || failed.length)
            timeline.record('gates', traffic, results, lastCapacity);
        lastGates = results;
        if (failed.length)
            throw new GateFailedError(failed);
    };
    const ctx = {
        ...plainContext(poll),
        signal: poll.signal,
        log: poll.log,
        waitUntil: (what, timeoutMs, probe, diagnose) => (0,core_poll/* pollUntil */.g)(poll, what, timeoutMs, async () => {
            await checkGates();
            return probe();
        }, diagnose),
        checkpoint: () => o.onPhase?.(current, traffic),
        mark: (step, percent) => {
            traffic = percent;
            timeline.record(step, percent, [], lastCapacity);
        },
    };
    const hold = async (label, ms) => {
        if (ms <= 0)
            return checkGates();
        const end = poll.clock.now() + ms;
        await ctx.waitUntil(`${label} (${(0,inputs/* formatDuration */.a3)(ms)})`, ms, async () => poll.clock.now() >= end
            ? { done: true, value: undefined }
            : { done: false, status: 'holding, gates green' });
    };
    let state = await target.describe();
    if (state.inProgress) {
        poll.log(`waiting for another rollout on ${target.label} to finish: ${state.inProgress}`);
        state = await (0,core_poll/* pollUntil */.g)(poll, `the other rollout on ${target.label} (${state.inProgress})`, o.waitTimeoutMs, async () => {
            const s = await target.describe();
            return s.inProgress ? { done: false, status: s.inProgress } : { done: true, value: s };
        });
    }
    const previous = state.current;
    if (state.upToDate) {
        poll.log(`${target.label} already runs this version: nothing to deploy`);
        return { status: 'no-op', previous, diagnosis: [], timeline: [] };
    }
    timeline.record('start', 0);
    try {
        phase('preparing');
        await target.prepareGreen(ctx);
        greenReady = true;
        ctx.mark('green ready', 0);
        phase('shifting');
        for (const step of o.steps) {
            await target.shift(step.percent, ctx);
            ctx.mark(step.label, step.percent);
            phase('shifting');
            await hold(`hold at ${step.percent}%`, step.holdMs);
        }
        phase('baking');
        await hold('bake', o.bakeMs);
        phase('finalizing');
        await target.finalize(ctx);
        ctx.mark('finalized', 100);
        phase('done');
        return { status: 'succeeded', previous, diagnosis: [], timeline: timeline.entries };
    }
    catch (err) {
        if (poll.signal.aborted || err instanceof errors/* CancelledError */.cc) {
            timeline.record('cancelled', traffic);
            throw err;
        }
        const reason = err instanceof Error ? err.message : String(err);
        const diagnosis = err instanceof core_poll/* WaitTimeoutError */.D ? [...err.diagnosis] : [];
        if (target.diagnoseFailure)
            diagnosis.push(...(await target.diagnoseFailure().catch((e) => [`(diagnosis failed: ${String(e)})`])));
        poll.log(`rollout failed: ${reason}`);
        if (!o.rollback) {
            timeline.record('failed; rollback disabled', traffic);
            phase('abandoned');
            return { status: 'failed', previous, reason, diagnosis, timeline: timeline.entries };
        }
        phase('rolling-back');
        poll.log(`rolling back ${target.label}`);
        try {
            await target.rollback(ctx);
        }
        catch (rollbackErr) {
            const why = rollbackErr instanceof Error ? rollbackErr.message : String(rollbackErr);
            timeline.record('rollback failed', traffic);
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
        phase('rolled-back');
        return { status: 'rolled-back', previous, reason, diagnosis, timeline: timeline.entries };
    }
}


/***/ }),

/***/ 4436:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

"use strict";
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D: () => (/* binding */ planSteps),
/* harmony export */   d: () => (/* binding */ describePlan)
/* harmony export */ });
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
                { percent: s.canaryPercent, holdMs: s.canaryIntervalMs, label: `canary ${s.canaryPercent}%` },
                { percent: 100, holdMs: 0, label: 'shift 100%' },
            ];
        case 'linear': {
            const steps = [];
            for (let p = s.linearPercent; p < 100; p += s.linearPercent)
                steps.push({ percent: p, holdMs: s.linearIntervalMs, label: `linear ${p}%` });
            steps.push({ percent: 100, holdMs: 0, label: 'shift 100%' });
            return steps;
        }
        default:
            return [{ percent: 100, holdMs: 0, label: 'shift 100%' }];
    }
}
function describePlan(steps, bakeMs) {
    const lines = steps.map((s, i) => `${i + 1}. ${s.label}${s.holdMs ? `, then hold ${(0,_core_inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .formatDuration */ .a3)(s.holdMs)} with gates` : ''}`);
    lines.push(`${steps.length + 1}. bake ${(0,_core_inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .formatDuration */ .a3)(bakeMs)} with gates, then finalize`);
    return lines;
}


/***/ })

};
;