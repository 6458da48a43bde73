"use strict";
exports.id = 99;
exports.ids = [99];
exports.modules = {

/***/ 9099:
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
// EXTERNAL MODULE: ./src/rollout/alarm-gate.ts
var alarm_gate = __webpack_require__(550);
// EXTERNAL MODULE: ./src/rollout/deploy-action.ts + 1 modules
var deploy_action = __webpack_require__(5197);
// EXTERNAL MODULE: ./src/rollout/strategy.ts
var strategy = __webpack_require__(4436);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/targets/lambda/busy.ts
var busy = __webpack_require__(6963);
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

// EXTERNAL MODULE: ./src/targets/lambda/version-state.ts
var version_state = __webpack_require__(9720);
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
        const problem = (0,version_state/* stateProblem */.T)(cfg, functionName, version);
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
        await (0,version_state/* waitForActive */.Z)(ctx.waitUntil.bind(ctx), this.client, functionName, version, waitTimeoutMs);
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
        await (0,busy/* whenIdle */.d)(wait, `UpdateAlias on ${functionName}:${alias}`, waitTimeoutMs, () => this.client.send(new client_lambda_dist_cjs/* UpdateAliasCommand */.lqC({
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
        ? [await (0,alarm_gate/* createAlarmGate */.X)(aws.get(dist_cjs/* CloudWatchClient */.WBn, inputs.region), inputs.alarms)]
        : [];
    const target = new LambdaAliasTarget(lambda, inputs);
    await (0,deploy_action/* executeDeploy */.zS)(deps, {
        action: ACTION,
        inputs,
        target,
        steps: (0,strategy/* planSteps */.Dv)(inputs),
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
    await (0,deploy_action/* executeDeployPost */.Hr)(deps, async (state) => {
        const lambda = deps.aws({ maxAttempts: 9, action: `${ACTION}-post` }).get(client_lambda_dist_cjs/* LambdaClient */.Nox, state.region);
        return new LambdaAliasTarget(lambda, { ...state, smoke: undefined }, state);
    });
}


/***/ }),

/***/ 550:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   X: () => (/* binding */ createAlarmGate)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_cloudwatch__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4085);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);


// DescribeAlarms takes at most 100 names a call.
const PAGE = 100;
async function alarmStates(client, names) {
    const states = new Map();
    for (let i = 0; i < names.length; i += PAGE) {
        const out = await client.send(new _aws_sdk_client_cloudwatch__WEBPACK_IMPORTED_MODULE_1__/* .DescribeAlarmsCommand */ .zWD({
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
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(`alarms not found in this account and region: ${missing.join(', ')}; check the alarms input`);
    const firing = names.filter((n) => initial.get(n)?.state === 'ALARM');
    if (firing.length)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(`alarms already in ALARM before the rollout: ${firing.join(', ')}; a rollout would roll back at once, so it did not start`);
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


/***/ }),

/***/ 6963:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   d: () => (/* binding */ whenIdle)
/* harmony export */ });
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);

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
            if ((0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isAwsError */ .m_)(err, 'ResourceConflictException'))
                return { done: false, status: busy };
            throw err;
        }
    });
}


/***/ }),

/***/ 9720:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T: () => (/* binding */ stateProblem),
/* harmony export */   Z: () => (/* binding */ waitForActive)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_lambda__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1696);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);


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
        const cfg = await client.send(new _aws_sdk_client_lambda__WEBPACK_IMPORTED_MODULE_1__/* .GetFunctionConfigurationCommand */ .qA6({ FunctionName: functionName, Qualifier: version }));
        const problem = stateProblem(cfg, functionName, version);
        if (problem)
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(problem);
        // Responses from before function states have no State: such a version is invocable.
        if (cfg.State === undefined || cfg.State === 'Active')
            return { done: true, value: cfg };
        return {
            done: false,
            status: `State ${cfg.State}${cfg.StateReasonCode ? ` (${cfg.StateReasonCode})` : ''}`,
        };
    });
}


/***/ })

};
;