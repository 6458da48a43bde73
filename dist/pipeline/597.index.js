"use strict";
exports.id = 597;
exports.ids = [597];
exports.modules = {

/***/ 5597:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  deployEcs: () => (/* binding */ deployEcs),
  rollbackEcs: () => (/* binding */ rollbackEcs)
});

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-cloudwatch/dist-cjs/index.js
var dist_cjs = __webpack_require__(4085);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-cjs/index.js
var client_ecs_dist_cjs = __webpack_require__(212);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-elastic-load-balancing-v2/dist-cjs/index.js
var client_elastic_load_balancing_v2_dist_cjs = __webpack_require__(586);
// EXTERNAL MODULE: ./src/rollout/alarm-gate.ts
var alarm_gate = __webpack_require__(550);
// EXTERNAL MODULE: ./src/rollout/deploy-action.ts + 1 modules
var deploy_action = __webpack_require__(5197);
// EXTERNAL MODULE: ./src/rollout/strategy.ts
var strategy = __webpack_require__(4436);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
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

// EXTERNAL MODULE: ./src/targets/ecs/names.ts
var names = __webpack_require__(944);
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

// EXTERNAL MODULE: ./src/rollout/smoke-url.ts
var smoke_url = __webpack_require__(292);
// EXTERNAL MODULE: ./src/targets/ecs/task-definition.ts
var task_definition = __webpack_require__(3729);
;// CONCATENATED MODULE: ./src/targets/ecs/ecs-target.ts










// Stryker disable next-line StringLiteral: split() always returns at least one element, so pop() never gives undefined
const rev = (arn) => (arn ?? '').split('/').pop() ?? '';
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
const MEMO_MS = 1_000;
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
        if (this.memo?.arn === arn && now - this.memo.at < MEMO_MS)
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
        this.config = svc.deploymentConfiguration;
        this.deploymentBefore = svc.currentServiceDeployment;
        this.state.previousTaskDefinitionArn = runningArn;
        const unfinished = await unfinishedDeployments(this.d.ecs, this.state.cluster, this.state.service);
        const other = unfinished[0];
        // A service left on a revision whose deployment failed (no rollback) is not "up to date" with it.
        const failed = svc.deployments?.some((d) => d.status === 'PRIMARY' && d.rolloutState === 'FAILED');
        return {
            current: runningArn,
            upToDate: !other && !failed && same && !spec.forceNewDeployment && !countChanges,
            inProgress: other ? `service deployment ${shortArn(other.arn)} is ${other.status}` : undefined,
        };
    }
    /**
     * What to deploy: task-definition-arn as it is (it must be ACTIVE), or the rendered definition, which is
     * registered only when it differs from what runs. Returns whether it is what the service runs.
     */
    async chooseDefinition(runningArn, running) {
        const spec = this.settings;
        if (spec.taskDefinitionArn) {
            const td = await this.readDefinition(spec.taskDefinitionArn).catch((err) => {
                if ((0,errors/* isAwsError */.m_)(err, 'ClientException'))
                    throw new errors/* ActionError */.lZ(`task-definition-arn ${spec.taskDefinitionArn} is not a registered task definition in ${this.state.region}`);
                throw err;
            });
            if (td['status'] !== 'ACTIVE')
                throw new errors/* ActionError */.lZ(`task definition ${spec.taskDefinitionArn} is ${String(td['status'])}; ECS deploys only ACTIVE revisions`);
            this.desired = undefined;
            this.existing = String(td['taskDefinitionArn']);
            return this.existing === runningArn;
        }
        const rendered = (0,task_definition/* renderTaskDefinition */.P9)(spec.taskDefinition ?? running, spec.changes);
        if ('problem' in rendered)
            throw new errors/* ActionError */.lZ(`the task definition ${spec.taskDefinition ? 'in the task-definition file' : `${rev(runningArn)} that the service runs`} ${rendered.problem}`);
        const same = (0,task_definition/* sameTaskDefinition */.JL)(rendered.definition, running);
        this.desired = same ? undefined : rendered.definition;
        this.existing = same ? runningArn : undefined;
        return same;
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
        if (spec.strategy === 'rolling')
            return;
        const arn = await this.startDeployment(ctx);
        const smoke = spec.smokeUrl;
        const sd = await this.follow(ctx, `ECS ${NATIVE[spec.strategy]} deployment ${shortArn(arn)}: new tasks healthy, test traffic on them`, (x) => (smoke ? this.smokeHookWaiting(x) !== undefined : reached(x, SMOKE_STAGE)));
        if (smoke)
            await this.smoke(smoke, arn, sd, ctx);
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

;// CONCATENATED MODULE: ./src/actions/deploy-ecs/deploy.ts









const ACTION = 'deploy-ecs';
const consoleUrl = (region, cluster, service) => `https://${region}.console.aws.amazon.com/ecs/v2/clusters/${(0,names/* shortName */.EU)(cluster)}/services/${(0,names/* shortName */.EU)(service)}/deployments?region=${region}`;
async function deployEcs(deps, inputs, fetch) {
    const aws = deps.aws({ maxAttempts: inputs.maxAttempts, action: ACTION });
    const { region } = inputs;
    const gates = async () => inputs.alarms.length ? [await (0,alarm_gate/* createAlarmGate */.X)(aws.get(dist_cjs/* CloudWatchClient */.WBn, region), inputs.alarms)] : [];
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
    const target = new EcsServiceTarget({
        ecs: aws.get(client_ecs_dist_cjs/* ECSClient */.Zgc, region),
        elbv2: aws.get(client_elastic_load_balancing_v2_dist_cjs/* ElasticLoadBalancingV2Client */.MlD, region),
        clock: deps.clock,
        signal: deps.signal,
        fetch,
    }, state, { ...inputs, smoke: inputs.smokeUrl !== undefined });
    await (0,deploy_action/* executeDeploy */.zS)(deps, {
        action: ACTION,
        inputs,
        target,
        steps: (0,strategy/* planSteps */.Dv)(inputs),
        gates,
        // The task definitions and the deployment are known only as the rollout goes: read at each phase.
        targetState: () => structuredClone(state),
        facts: [
            ['service', `[${(0,names/* shortName */.EU)(inputs.service)}](${consoleUrl(region, inputs.cluster, inputs.service)})`],
            ['cluster', (0,names/* shortName */.EU)(inputs.cluster)],
            inputs.taskDefinitionArn
                ? ['task definition', `\`${inputs.taskDefinitionArn}\` as it is`]
                : ['containers', (0,task_definition/* describeChanges */.DT)(inputs.changes) || 'unchanged (force-new-deployment)'],
            ...(inputs.desiredCount !== undefined
                ? [['desired count', String(inputs.desiredCount)]]
                : []),
            ['region', region],
        ],
        outputs: (result) => ({
            'task-definition-arn': state.taskDefinitionArn ?? result.previous ?? '',
            'previous-task-definition-arn': result.previous ?? '',
            'deployment-id': state.serviceDeploymentArn ?? '',
        }),
    });
}
async function rollbackEcs(deps) {
    await (0,deploy_action/* executeDeployPost */.Hr)(deps, async (state) => {
        const aws = deps.aws({ maxAttempts: 9, action: `${ACTION}-post` });
        return new EcsServiceTarget({
            ecs: aws.get(client_ecs_dist_cjs/* ECSClient */.Zgc, state.region),
            elbv2: aws.get(client_elastic_load_balancing_v2_dist_cjs/* ElasticLoadBalancingV2Client */.MlD, state.region),
            clock: deps.clock,
            signal: deps.signal,
            fetch,
        }, state);
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


/***/ })

};
;