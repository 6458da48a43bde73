"use strict";
exports.id = 523;
exports.ids = [523];
exports.modules = {

/***/ 1523:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  cleanUpCopies: () => (/* binding */ cleanUpCopies),
  publishAmi: () => (/* binding */ publishAmi)
});

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-auto-scaling/dist-cjs/index.js
var dist_cjs = __webpack_require__(8932);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ec2/dist-cjs/index.js
var client_ec2_dist_cjs = __webpack_require__(5193);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/poll.ts
var core_poll = __webpack_require__(8822);
;// CONCATENATED MODULE: ./src/artifacts/ami/images.ts



const tagValue = (tags, key) => tags?.find((t) => t.Key === key)?.Value;
const snapshotIdsOf = (image) => (image.BlockDeviceMappings ?? []).map((m) => m.Ebs?.SnapshotId).filter((s) => !!s);
/** The image, or undefined when it does not exist (or no longer does). */
async function findImage(ec2, imageId) {
    try {
        const out = await ec2.send(new client_ec2_dist_cjs/* DescribeImagesCommand */.ji5({ ImageIds: [imageId] }));
        return out.Images?.[0];
    }
    catch (err) {
        if ((0,errors/* isAwsError */.m_)(err, 'InvalidAMIID.NotFound'))
            return undefined;
        throw err;
    }
}
/** Every image this account owns that matches `filters`, across pages. */
async function ownImages(ec2, filters) {
    const images = [];
    let NextToken;
    do {
        const out = await ec2.send(new client_ec2_dist_cjs/* DescribeImagesCommand */.ji5({ Owners: ['self'], Filters: filters, ...(NextToken ? { NextToken } : {}) }));
        images.push(...(out.Images ?? []));
        NextToken = out.NextToken;
    } while (NextToken);
    return images;
}
/** An available AMI of this account carrying tag `key` = `value`, newest first. */
async function findAvailableByTag(ec2, key, value) {
    const images = await ownImages(ec2, [
        { Name: `tag:${key}`, Values: [value] },
        { Name: 'state', Values: ['available'] },
    ]);
    return images.sort((a, b) => (b.CreationDate ?? '').localeCompare(a.CreationDate ?? ''))[0];
}
/**
 * Waits until the image is available. A failed image ends the wait with its state reason. A new image can
 * be briefly unknown to DescribeImages (eventual consistency), which counts as pending.
 */
async function waitImageAvailable(ec2, imageId, label, poll, timeoutMs) {
    return (0,core_poll/* pollUntil */.g)(poll, `${label} ${imageId} to become available`, timeoutMs, async () => {
        const image = await findImage(ec2, imageId);
        if (!image)
            return { done: false, status: 'not visible yet' };
        if (image.State === 'available')
            return { done: true, value: image };
        if (image.State === 'pending')
            return { done: false, status: 'pending' };
        throw new errors/* ActionError */.lZ(`${label} ${imageId} is ${image.State}${image.StateReason?.Message ? `: ${image.StateReason.Message}` : ''}`);
    });
}

;// CONCATENATED MODULE: ./src/artifacts/ami/copy.ts




/** The tags that link a copy to the AMI it was copied from. */
const SOURCE_AMI_TAG = 'slipway:source-ami';
const SOURCE_REGION_TAG = 'slipway:source-region';
/**
 * What makes one run's copy tokens its own: the workflow run and its attempt, or outside Actions the time
 * the run started. A later attempt needs a new token: EC2 answers a used token with the image it made then
 * (https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-idempotency.html), even when a cancelled
 * attempt's post step has deregistered it, and that dead image would never become available. A copy an
 * earlier attempt left running is found by its tag instead (existingCopy).
 */
function copyAttempt(env, startedAt) {
    const runId = env['GITHUB_RUN_ID'];
    return runId ? `${runId}.${env['GITHUB_RUN_ATTEMPT'] ?? '1'}` : `local.${startedAt}`;
}
/**
 * The ClientToken for one copy: within an attempt the same source, destination and key give the same
 * token, so the SDK's retries of CopyImage get the copy already started instead of a second one.
 */
function copyToken(r) {
    return (0,external_node_crypto_.createHash)('sha256')
        .update(JSON.stringify([r.sourceRegion, r.sourceId, r.region, r.kmsKeyId ?? null, r.attempt]))
        .digest('hex')
        .slice(0, 64);
}
/** A copy this account already made of the source in the region (pending or available), if any. */
async function existingCopy(ec2, sourceId) {
    const found = await ownImages(ec2, [
        { Name: `tag:${SOURCE_AMI_TAG}`, Values: [sourceId] },
        { Name: 'state', Values: ['pending', 'available'] },
    ]);
    return found[0];
}
/** Starts CopyImage, which runs in the destination region and pulls from the source region. */
async function startCopy(ec2, r) {
    const encrypted = r.kmsKeyId !== undefined || (r.source.BlockDeviceMappings ?? []).some((m) => m.Ebs?.Encrypted);
    const out = await ec2.send(new client_ec2_dist_cjs/* CopyImageCommand */.SDF({
        SourceRegion: r.sourceRegion,
        SourceImageId: r.source.ImageId,
        Name: r.source.Name,
        Description: r.source.Description || `copy of ${r.source.ImageId} from ${r.sourceRegion}`,
        ClientToken: copyToken({ ...r, sourceId: r.source.ImageId }),
        ...(encrypted ? { Encrypted: true } : {}),
        ...(r.kmsKeyId ? { KmsKeyId: r.kmsKeyId } : {}),
        // The snapshots too: a cancelled run's post step deletes them, and the role may delete only tagged ones.
        TagSpecifications: [
            { ResourceType: 'image', Tags: r.tags },
            { ResourceType: 'snapshot', Tags: r.tags },
        ],
    }));
    if (!out.ImageId)
        throw new errors/* ActionError */.lZ(`CopyImage to ${r.region} returned no image id`);
    return out.ImageId;
}

;// CONCATENATED MODULE: ./src/artifacts/ami/deregister.ts

/** What each DeleteSnapshotReturnCode means for the reader of the log. */
const WHY = {
    skipped: 'another AMI uses it',
    'missing-permissions': 'the role may not ec2:DeleteSnapshot it',
    'internal-error': 'an EC2 server error',
    'client-error': 'a client error, see the DeleteSnapshot event in CloudTrail',
};
/**
 * Deregisters the image with its snapshots, and returns the snapshots EC2 did not delete: one another AMI
 * also uses is skipped, and one the role may not delete is missing-permissions
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteSnapshotReturnCode.html).
 */
async function deregisterWithSnapshots(ec2, imageId) {
    const out = await ec2.send(new client_ec2_dist_cjs/* DeregisterImageCommand */.x2c({ ImageId: imageId, DeleteAssociatedSnapshots: true }));
    return (out.DeleteSnapshotResults ?? [])
        .filter((r) => r.ReturnCode !== 'success')
        .map((r) => ({ snapshotId: r.SnapshotId ?? '?', code: r.ReturnCode ?? 'unknown' }));
}
/** `snap-1 (skipped: another AMI uses it), snap-2 (...)`. */
const keptSnapshotsText = (kept) => kept.map((s) => `${s.snapshotId} (${s.code}: ${WHY[s.code] ?? 'unknown code'})`).join(', ');

;// CONCATENATED MODULE: ./src/artifacts/ami/image-users.ts


// What in this account still uses an AMI: retention never deregisters one of these.
/** Every AMI id that a launch template version names in this region. */
async function imagesInLaunchTemplates(ec2) {
    const users = new Map();
    let NextToken;
    do {
        const page = await ec2.send(new client_ec2_dist_cjs/* DescribeLaunchTemplatesCommand */.fmI({ MaxResults: 200, ...(NextToken ? { NextToken } : {}) }));
        for (const lt of page.LaunchTemplates ?? []) {
            let VersionToken;
            do {
                const versions = await ec2.send(new client_ec2_dist_cjs/* DescribeLaunchTemplateVersionsCommand */.Ptd({
                    LaunchTemplateId: lt.LaunchTemplateId,
                    MaxResults: 200,
                    ...(VersionToken ? { NextToken: VersionToken } : {}),
                }));
                for (const v of versions.LaunchTemplateVersions ?? [])
                    if (v.LaunchTemplateData?.ImageId)
                        users.set(v.LaunchTemplateData.ImageId, `launch template ${lt.LaunchTemplateName} version ${v.VersionNumber}`);
                VersionToken = versions.NextToken;
            } while (VersionToken);
        }
        NextToken = page.NextToken;
    } while (NextToken);
    return users;
}
/** AMIs that instances (in Auto Scaling groups or not) run on now, among `candidates`. */
async function imagesRunning(ec2, asg, candidates) {
    const users = new Map();
    const groupOf = new Map();
    let GroupToken;
    do {
        const page = await asg.send(new dist_cjs/* DescribeAutoScalingGroupsCommand */.NkQ({
            MaxRecords: 100,
            ...(GroupToken ? { NextToken: GroupToken } : {}),
        }));
        for (const g of page.AutoScalingGroups ?? [])
            for (const i of g.Instances ?? [])
                if (i.InstanceId)
                    groupOf.set(i.InstanceId, g.AutoScalingGroupName ?? '');
        GroupToken = page.NextToken;
    } while (GroupToken);
    for (let i = 0; i < candidates.length; i += 200) {
        let NextToken;
        do {
            const page = await ec2.send(new client_ec2_dist_cjs/* DescribeInstancesCommand */.bNs({
                Filters: [
                    { Name: 'image-id', Values: candidates.slice(i, i + 200) },
                    { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] },
                ],
                ...(NextToken ? { NextToken } : {}),
            }));
            for (const r of page.Reservations ?? [])
                for (const inst of r.Instances ?? []) {
                    const group = groupOf.get(inst.InstanceId ?? '');
                    users.set(inst.ImageId ?? '', group ? `Auto Scaling group ${group} (${inst.InstanceId})` : `instance ${inst.InstanceId}`);
                }
            NextToken = page.NextToken;
        } while (NextToken);
    }
    return users;
}

;// CONCATENATED MODULE: ./src/artifacts/ami/source-digest.ts

/** The tag that marks an AMI with the digest of what it was baked from. */
const SOURCE_DIGEST_TAG = 'slipway:source-digest';
/** The tag that groups the AMIs of one ami-name template, for publish-ami's retention. */
const FAMILY_TAG = 'slipway:family';
// Bump when the user-data format changes what a bake does, so older AMIs are not reused for it.
const FORMAT = 1;
function sourceDigest(s) {
    const canonical = JSON.stringify([
        FORMAT,
        s.baseAmiId,
        s.payloadSha256,
        s.instanceType,
        s.volumeSizeGiB ?? null,
        s.encrypted,
        s.kmsKeyId ?? null,
    ]);
    return `sha256:${createHash('sha256').update(canonical).digest('hex')}`;
}

;// CONCATENATED MODULE: ./src/artifacts/ami/retention.ts





const MINUTE = 60_000;
/** Whether other accounts, organizations or OUs may launch the image. */
async function isShared(ec2, image) {
    if (image.Public)
        return true;
    const out = await ec2.send(new client_ec2_dist_cjs/* DescribeImageAttributeCommand */.OkE({ ImageId: image.ImageId, Attribute: 'launchPermission' }));
    return (out.LaunchPermissions ?? []).length > 0;
}
/**
 * Keeps the `keep` newest available AMIs of a family (always including `current`), and deregisters the rest
 * with their snapshots, except any that a launch template version or a running instance still uses.
 *
 * A shared AMI is never deregistered at once: launch templates in the accounts it is shared with are
 * invisible from here. It is deprecated now (which hides it from their DescribeImages listings and flags it
 * in their consoles, while their launches keep working) and a later run deregisters it once its deprecation
 * time is `sharedGraceMs` past.
 */
async function pruneFamily(ec2, asg, p) {
    const images = await ownImages(ec2, [
        { Name: `tag:${FAMILY_TAG}`, Values: [p.family] },
        { Name: 'state', Values: ['available'] },
    ]);
    const newestFirst = images
        .filter((i) => !!i.ImageId)
        .sort((a, b) => (b.CreationDate ?? '').localeCompare(a.CreationDate ?? ''));
    const kept = new Set([
        p.current,
        ...newestFirst
            .filter((i) => i.ImageId !== p.current)
            .slice(0, Math.max(0, p.keep - 1))
            .map((i) => i.ImageId),
    ]);
    const candidates = newestFirst.filter((i) => !kept.has(i.ImageId));
    const result = { deregistered: [], keptInUse: [], inGrace: [], snapshotsKept: [] };
    if (!candidates.length)
        return result;
    const ids = candidates.map((i) => i.ImageId);
    const users = new Map([...(await imagesInLaunchTemplates(ec2)), ...(await imagesRunning(ec2, asg, ids))]);
    for (const image of candidates) {
        const imageId = image.ImageId;
        const usedBy = users.get(imageId);
        if (usedBy) {
            result.keptInUse.push({ imageId, usedBy });
            continue;
        }
        if (await isShared(ec2, image)) {
            const deprecated = image.DeprecationTime ? Date.parse(image.DeprecationTime) : NaN;
            if (!(deprecated <= p.now)) {
                // EC2 wants a time in the future and rounds it to the minute: the next whole minute but one.
                const at = Math.ceil((p.now + MINUTE) / MINUTE) * MINUTE;
                await ec2.send(new client_ec2_dist_cjs/* EnableImageDeprecationCommand */.cJk({ ImageId: imageId, DeprecateAt: new Date(at) }));
                result.inGrace.push({
                    imageId,
                    deprecatedNow: true,
                    deregisterAfter: new Date(at + p.sharedGraceMs),
                });
                continue;
            }
            if (deprecated + p.sharedGraceMs > p.now) {
                const deregisterAfter = new Date(deprecated + p.sharedGraceMs);
                result.inGrace.push({ imageId, deprecatedNow: false, deregisterAfter });
                continue;
            }
        }
        const snapshots = await deregisterWithSnapshots(ec2, imageId);
        result.deregistered.push(imageId);
        if (snapshots.length)
            result.snapshotsKept.push({ imageId, snapshots });
    }
    return result;
}

;// CONCATENATED MODULE: ./src/actions/publish-ami/retention-report.ts

/** One line per AMI retention kept or left half-deleted; a warning for every snapshot left behind. */
function logRetention(io, region, r) {
    for (const k of r.keptInUse)
        io.info(`${region}: kept ${k.imageId}: ${k.usedBy} still uses it`);
    for (const g of r.inGrace)
        io.info(`${region}: ${g.deprecatedNow ? 'deprecated' : 'kept deprecated'} ${g.imageId} (shared with other accounts, whose launch templates this account cannot see); a run after ${g.deregisterAfter.toISOString()} deregisters it`);
    for (const k of r.snapshotsKept)
        io.warning(`${region}: deregistered ${k.imageId}, but not its snapshots ${keptSnapshotsText(k.snapshots)}`);
}
/** The summary's retention rows for one region. */
function retentionFacts(region, r) {
    const facts = [
        [
            `retention ${region}`,
            `deregistered ${r.deregistered.join(', ') || 'none'}; kept in use ${r.keptInUse.map((k) => k.imageId).join(', ') || 'none'}`,
        ],
    ];
    if (r.inGrace.length)
        facts.push([
            `deprecated, shared ${region}`,
            r.inGrace.map((g) => `${g.imageId} until ${g.deregisterAfter.toISOString()}`).join('; '),
        ]);
    if (r.snapshotsKept.length)
        facts.push([
            `snapshots kept ${region}`,
            r.snapshotsKept
                .flatMap((k) => k.snapshots.map((s) => `${k.imageId}: ${s.snapshotId} (${s.code})`))
                .join('; '),
        ]);
    return facts;
}

;// CONCATENATED MODULE: ./src/artifacts/ami/share.ts



const sharesAnything = (t) => t.accounts.length + t.organizations.length + t.ous.length > 0;
/**
 * Grants launch permission on the image, and create-volume permission on its snapshots to the accounts, so
 * they can also copy it. (Snapshots cannot be shared with organizations or OUs; launching needs only the
 * image's permission.)
 */
async function shareImage(ec2, region, image, t) {
    const add = [
        ...t.accounts.map((UserId) => ({ UserId })),
        ...t.organizations.map((OrganizationArn) => ({ OrganizationArn })),
        ...t.ous.map((OrganizationalUnitArn) => ({ OrganizationalUnitArn })),
    ];
    await ec2.send(new client_ec2_dist_cjs/* ModifyImageAttributeCommand */.FE3({ ImageId: image.ImageId, LaunchPermission: { Add: add } }));
    if (!t.accounts.length)
        return;
    for (const snapshotId of snapshotIdsOf(image)) {
        try {
            await ec2.send(new client_ec2_dist_cjs/* ModifySnapshotAttributeCommand */.KD0({
                SnapshotId: snapshotId,
                CreateVolumePermission: { Add: t.accounts.map((UserId) => ({ UserId })) },
            }));
        }
        catch (err) {
            if ((0,errors/* isAwsError */.m_)(err, 'InvalidParameter'))
                throw new errors/* ActionError */.lZ(`snapshot ${snapshotId} of ${image.ImageId} in ${region} cannot be shared: ${err.message}. ` +
                    `Snapshots encrypted with the default EBS key cannot be shared; give kms-key-ids a customer managed key for ${region}`);
            throw err;
        }
    }
}

;// CONCATENATED MODULE: ./src/core/state.ts
/** Saved state handed from the main step to the post step (GITHUB_STATE), as JSON. */
function state_saveJsonState(io, key, value) {
    io.saveState(key, JSON.stringify(value));
}
function state_loadJsonState(io, key) {
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

;// CONCATENATED MODULE: ./src/rollout/deploy-inputs.ts


const deploy_inputs_MINUTE = 60_000;
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
        waitTimeoutMs: i.duration('wait-timeout', '30m', { minMs: deploy_inputs_MINUTE, maxMs: JOB_MAX_MS }),
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
    const waitPlain = (what, timeoutMs, probe, diagnose) => pollUntil(poll, what, timeoutMs, probe, diagnose);
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

;// CONCATENATED MODULE: ./src/actions/publish-ami/publish.ts













const ACTION = 'publish-ami';
const publish_STATE_KEY = 'copies';
const isEncrypted = (image) => (image.BlockDeviceMappings ?? []).some((m) => m.Ebs?.Encrypted);
/** The tags every region's AMI carries: the source's own (not aws:), plus where it came from. */
function publishedTags(source, sourceRegion) {
    const own = (source.Tags ?? []).filter((t) => t.Key && !t.Key.startsWith('aws:'));
    return [
        ...own.filter((t) => t.Key !== SOURCE_AMI_TAG && t.Key !== SOURCE_REGION_TAG),
        { Key: SOURCE_AMI_TAG, Value: source.ImageId },
        { Key: SOURCE_REGION_TAG, Value: sourceRegion },
    ];
}
async function publishAmi(deps, inputs) {
    const { io } = deps;
    const poll = pollSettings(deps);
    const aws = deps.aws({ maxAttempts: inputs.maxAttempts, action: ACTION });
    const ec2 = (region) => aws.get(client_ec2_dist_cjs/* EC2Client */.gu5, region);
    const source = await io.group(`find ${inputs.amiId} in ${inputs.region}`, () => findImage(ec2(inputs.region), inputs.amiId));
    if (!source)
        throw new errors/* ActionError */.lZ(`${inputs.amiId} does not exist in ${inputs.region} (aws-region)`);
    if (source.State !== 'available')
        throw new errors/* ActionError */.lZ(`${inputs.amiId} is ${source.State}; publish-ami needs an available AMI`);
    // A copy without its own key keeps the destination's default EBS key, which cannot be shared: say so
    // before copying anything.
    if (inputs.share.accounts.length && isEncrypted(source)) {
        const noKey = inputs.regions.filter((r) => !inputs.kmsKeyIds[r]);
        if (noKey.length)
            throw new errors/* ActionError */.lZ(`${inputs.amiId} is encrypted, and its copies in ${noKey.join(', ')} would use the default EBS key, whose snapshots cannot be shared with other accounts; give kms-key-ids a customer managed key for each`);
    }
    const tags = publishedTags(source, inputs.region);
    const amis = { [inputs.region]: inputs.amiId };
    const saved = { copies: {}, done: false };
    const attempt = copyAttempt(deps.env, deps.clock.now());
    // Copy to every region at once: CopyImage is slow, and each copy runs in its destination region.
    await io.group(`copy ${inputs.amiId} to ${inputs.regions.join(', ') || 'no other region'}`, () => Promise.all(inputs.regions.map(async (region) => {
        const existing = await existingCopy(ec2(region), inputs.amiId);
        const copyId = existing?.ImageId ??
            (await startCopy(ec2(region), {
                source,
                sourceRegion: inputs.region,
                region,
                kmsKeyId: inputs.kmsKeyIds[region],
                tags,
                attempt,
            }));
        if (!existing) {
            saved.copies[region] = copyId;
            state_saveJsonState(io, publish_STATE_KEY, saved);
        }
        io.info(`${region}: ${existing ? 'found earlier copy' : 'copying to'} ${copyId}`);
        await waitImageAvailable(ec2(region), copyId, `copy in ${region}`, poll, inputs.waitTimeoutMs);
        amis[region] = copyId;
    })));
    io.info(`copied: ${Object.entries(amis)
        .map(([r, id]) => `${r} ${id}`)
        .join(', ')}`);
    saved.done = true;
    state_saveJsonState(io, publish_STATE_KEY, saved);
    const deprecateAt = inputs.deprecateAfterMs === undefined ? undefined : new Date(deps.clock.now() + inputs.deprecateAfterMs);
    const family = tagValue(source.Tags, FAMILY_TAG);
    const retention = {};
    await io.group('tag, share and prune', async () => {
        for (const [region, imageId] of Object.entries(amis)) {
            const client = ec2(region);
            const image = (await findImage(client, imageId));
            await client.send(new client_ec2_dist_cjs/* CreateTagsCommand */.RmG({ Resources: [imageId, ...snapshotIdsOf(image)], Tags: tags }));
            if (sharesAnything(inputs.share))
                await shareImage(client, region, image, inputs.share);
            if (deprecateAt)
                await client.send(new client_ec2_dist_cjs/* EnableImageDeprecationCommand */.cJk({ ImageId: imageId, DeprecateAt: deprecateAt }));
            if (inputs.keep > 0 && family)
                retention[region] = await pruneFamily(client, aws.get(dist_cjs/* AutoScalingClient */.yis, region), {
                    family,
                    keep: inputs.keep,
                    current: imageId,
                    sharedGraceMs: inputs.sharedGraceMs,
                    now: deps.clock.now(),
                });
            const r = retention[region];
            io.info(`${region}: ${imageId} tagged${sharesAnything(inputs.share) ? ', shared' : ''}${deprecateAt ? `, deprecated from ${deprecateAt.toISOString()}` : ''}` +
                (r
                    ? `; retention deregistered ${r.deregistered.length}, kept ${r.keptInUse.length} in use, ${r.inGrace.length} shared and deprecated`
                    : ''));
            if (r)
                logRetention(io, region, r);
        }
    });
    if (inputs.keep > 0 && !family)
        io.warning(`${inputs.amiId} has no ${FAMILY_TAG} tag (build-ami sets it), so keep was not applied`);
    io.setOutput('amis', JSON.stringify(amis));
    await io.appendSummary(summary_renderSummary({
        title: `slipway ${ACTION}`,
        status: 'published',
        facts: [
            ...Object.entries(amis).map(([region, id]) => [
                region,
                `[${id}](https://${region}.console.aws.amazon.com/ec2/home?region=${region}#ImageDetails:imageId=${id})`,
            ]),
            [
                'shared with',
                [...inputs.share.accounts, ...inputs.share.organizations, ...inputs.share.ous].join(', ') ||
                    '(nobody)',
            ],
            ...(deprecateAt ? [['deprecated from', deprecateAt.toISOString()]] : []),
            ...Object.entries(retention).flatMap(([region, r]) => retentionFacts(region, r)),
        ],
    }));
}
/** The post step: copies this run started that are still pending are deregistered with their snapshots. */
async function cleanUpCopies(deps) {
    const { io } = deps;
    const saved = state_loadJsonState(io, publish_STATE_KEY);
    if (!saved || saved.done)
        return io.info('post: no copy left in flight; nothing to clean up');
    const aws = deps.aws({ maxAttempts: 9, action: `${ACTION}-post` });
    for (const [region, imageId] of Object.entries(saved.copies)) {
        const client = aws.get(client_ec2_dist_cjs/* EC2Client */.gu5, region);
        const image = await findImage(client, imageId);
        if (image?.State === 'pending' || image?.State === 'failed') {
            const kept = await deregisterWithSnapshots(client, imageId);
            io.warning(`post: deregistered ${imageId} in ${region}, a copy left ${image.State} by the cancelled run` +
                (kept.length ? `; its snapshots not deleted: ${keptSnapshotsText(kept)}` : ''));
        }
    }
    state_saveJsonState(io, publish_STATE_KEY, { ...saved, done: true });
}


/***/ })

};
;