"use strict";
exports.id = 811;
exports.ids = [811];
exports.modules = {

/***/ 6811:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  buildAmi: () => (/* binding */ buildAmi),
  cleanUpBake: () => (/* binding */ cleanUpBake)
});

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ec2/dist-cjs/index.js
var dist_cjs = __webpack_require__(5193);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-cjs/index.js
var client_s3_dist_cjs = __webpack_require__(3711);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ssm/dist-cjs/index.js
var client_ssm_dist_cjs = __webpack_require__(4736);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/poll.ts
var core_poll = __webpack_require__(8822);
// EXTERNAL MODULE: ./src/artifacts/ami/markers.ts
var markers = __webpack_require__(4522);
;// CONCATENATED MODULE: ./src/artifacts/ami/builder.ts




/**
 * Launches the builder: the ClientToken makes a retried call return the same instance rather than a second
 * one, and shutdown behaviour `stop` keeps the volume when the user-data powers the instance off.
 */
async function launchBuilder(ec2, s) {
    const wantsVolume = s.volumeSizeGiB !== undefined || s.encrypted;
    const out = await ec2.send(new dist_cjs/* RunInstancesCommand */.zq7({
        ImageId: s.imageId,
        InstanceType: s.instanceType,
        MinCount: 1,
        MaxCount: 1,
        ClientToken: s.clientToken,
        InstanceInitiatedShutdownBehavior: 'stop',
        UserData: Buffer.from(s.userData).toString('base64'),
        MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled' },
        ...(s.subnetId ? { SubnetId: s.subnetId } : {}),
        ...(s.securityGroupIds.length ? { SecurityGroupIds: [...s.securityGroupIds] } : {}),
        ...(s.iamInstanceProfile
            ? {
                IamInstanceProfile: s.iamInstanceProfile.startsWith('arn:')
                    ? { Arn: s.iamInstanceProfile }
                    : { Name: s.iamInstanceProfile },
            }
            : {}),
        ...(wantsVolume
            ? {
                BlockDeviceMappings: [
                    {
                        DeviceName: s.rootDeviceName,
                        Ebs: {
                            DeleteOnTermination: true,
                            VolumeType: 'gp3',
                            ...(s.volumeSizeGiB !== undefined ? { VolumeSize: s.volumeSizeGiB } : {}),
                            ...(s.encrypted ? { Encrypted: true } : {}),
                            ...(s.kmsKeyId ? { KmsKeyId: s.kmsKeyId } : {}),
                        },
                    },
                ],
            }
            : {}),
        TagSpecifications: [
            { ResourceType: 'instance', Tags: s.tags },
            { ResourceType: 'volume', Tags: s.tags },
        ],
    }));
    const id = out.Instances?.[0]?.InstanceId;
    if (!id)
        throw new errors/* ActionError */.lZ('RunInstances returned no instance');
    return id;
}
async function describeBuilder(ec2, id) {
    try {
        const out = await ec2.send(new dist_cjs/* DescribeInstancesCommand */.bNs({ InstanceIds: [id] }));
        return out.Reservations?.[0]?.Instances?.[0];
    }
    catch (err) {
        // A just-launched instance can be unknown to DescribeInstances for a moment (eventual consistency).
        if ((0,errors/* isAwsError */.m_)(err, 'InvalidInstanceID.NotFound'))
            return undefined;
        throw err;
    }
}
/** The builder's serial console, decoded (GetConsoleOutput returns base64). */
async function consoleText(ec2, id) {
    const out = await ec2.send(new dist_cjs/* GetConsoleOutputCommand */.Olx({ InstanceId: id }));
    return out.Output ? Buffer.from(out.Output, 'base64').toString('utf8') : '';
}
const tailOf = (text, n) => text
    .replace(/\r/g, '')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(-n);
/** Waits for the user-data to power the builder off; a timeout shows the console's last lines. */
async function waitStopped(ec2, id, poll, timeoutMs) {
    await (0,core_poll/* pollUntil */.g)(poll, `builder ${id} to provision and power off`, timeoutMs, async () => {
        const i = await describeBuilder(ec2, id);
        const state = i?.State?.Name ?? 'not visible yet';
        if (state === 'stopped')
            return { done: true, value: undefined };
        if (state === 'terminated' || state === 'shutting-down')
            throw new errors/* ActionError */.lZ(`builder ${id} was terminated before it finished (${i?.StateReason?.Message ?? 'no reason given'})`);
        return { done: false, status: state };
    }, async () => [`last console lines of builder ${id}:`, ...tailOf(await consoleText(ec2, id), 20)]);
}
// The console is posted shortly after the instance stops; give it a few minutes before calling it silent.
const CONSOLE_GRACE_MS = 5 * 60_000;
/** Reads this run's marker from the stopped builder's console, waiting for the output to be posted. */
async function waitProvisionResult(ec2, id, token, poll) {
    let last = { kind: 'unknown', lastLines: [] };
    try {
        return await (0,core_poll/* pollUntil */.g)(poll, `the provision result on ${id}'s console`, CONSOLE_GRACE_MS, async () => {
            last = (0,markers/* readProvisionResult */.Lj)(await consoleText(ec2, id), token);
            return last.kind === 'unknown' ? { done: false, status: 'no marker yet' } : { done: true, value: last };
        });
    }
    catch (err) {
        if (poll.signal.aborted)
            throw err;
        return last;
    }
}
async function terminateBuilder(ec2, id) {
    try {
        await ec2.send(new dist_cjs/* TerminateInstancesCommand */.NaF({ InstanceIds: [id] }));
    }
    catch (err) {
        if (!(0,errors/* isAwsError */.m_)(err, 'InvalidInstanceID.NotFound'))
            throw err;
    }
}

;// CONCATENATED MODULE: ./src/artifacts/ami/images.ts



const tagValue = (tags, key) => tags?.find((t) => t.Key === key)?.Value;
const snapshotIdsOf = (image) => (image.BlockDeviceMappings ?? []).map((m) => m.Ebs?.SnapshotId).filter((s) => !!s);
/** The image, or undefined when it does not exist (or no longer does). */
async function findImage(ec2, imageId) {
    try {
        const out = await ec2.send(new dist_cjs/* DescribeImagesCommand */.ji5({ ImageIds: [imageId] }));
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
        const out = await ec2.send(new dist_cjs/* DescribeImagesCommand */.ji5({ Owners: ['self'], Filters: filters, ...(NextToken ? { NextToken } : {}) }));
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

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
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
    return `sha256:${(0,external_node_crypto_.createHash)('sha256').update(canonical).digest('hex')}`;
}

;// CONCATENATED MODULE: ./src/artifacts/ami/bake.ts





/** The provision script failed or never reported: no AMI is made. */
class ProvisionFailedError extends errors/* ActionError */.lZ {
    consoleLines;
    constructor(message, consoleLines) {
        super(message);
        this.consoleLines = consoleLines;
    }
}
/**
 * Bakes one AMI: launch the builder, wait for its user-data to power it off, read the result from the
 * console, then CreateImage and wait until it is available. The builder is terminated on every way out except
 * a cancel, which the post step finishes (from the progress saved through `onProgress`).
 */
async function bake(ec2, plan, poll, onProgress) {
    const progress = {};
    const builderTags = [
        { Key: 'Name', Value: `slipway builder: ${plan.amiName}`.slice(0, 256) },
        { Key: 'slipway:role', Value: 'ami-builder' },
        { Key: SOURCE_DIGEST_TAG, Value: plan.digest },
    ];
    const builderId = await launchBuilder(ec2, {
        imageId: plan.base.imageId,
        instanceType: plan.instanceType,
        subnetId: plan.subnetId,
        securityGroupIds: plan.securityGroupIds,
        iamInstanceProfile: plan.iamInstanceProfile,
        userData: plan.userData,
        clientToken: `slipway-${plan.token}`.slice(0, 64),
        rootDeviceName: plan.base.rootDeviceName,
        volumeSizeGiB: plan.volumeSizeGiB,
        encrypted: plan.encrypted,
        kmsKeyId: plan.kmsKeyId,
        tags: builderTags,
    });
    progress.builderId = builderId;
    onProgress({ ...progress });
    poll.log(`builder ${builderId} launched from ${plan.base.imageId} (${plan.instanceType})`);
    try {
        await waitStopped(ec2, builderId, poll, plan.timeoutMs);
        const result = await waitProvisionResult(ec2, builderId, plan.token, poll);
        if (result.kind !== 'succeeded') {
            const what = result.kind === 'failed'
                ? `the provision script failed with exit code ${result.exitCode}`
                : 'the builder powered off without reporting a result on its console';
            const tail = result.lastLines.slice(-3).join(' ⏎ ');
            throw new ProvisionFailedError(`${what} on builder ${builderId}; no AMI was made${tail ? `. Last console lines: ${tail}` : ''}`, result.lastLines);
        }
        poll.log(`provisioning succeeded on ${builderId}; creating ${plan.amiName}`);
        const created = await ec2.send(new dist_cjs/* CreateImageCommand */.T6T({
            InstanceId: builderId,
            Name: plan.amiName,
            Description: `slipway build-ami from ${plan.base.imageId}`,
            TagSpecifications: [
                { ResourceType: 'image', Tags: plan.tags },
                { ResourceType: 'snapshot', Tags: plan.tags },
            ],
        }));
        const imageId = created.ImageId;
        if (!imageId)
            throw new errors/* ActionError */.lZ('CreateImage returned no image id');
        progress.imageId = imageId;
        onProgress({ ...progress });
        const image = await waitImageAvailable(ec2, imageId, 'AMI', poll, plan.timeoutMs);
        progress.imageDone = true;
        onProgress({ ...progress });
        return { imageId, snapshotIds: snapshotIdsOf(image) };
    }
    finally {
        // A cancel leaves the clean-up to the post step: the runner kills the process seconds after SIGINT.
        if (!poll.signal.aborted) {
            try {
                await terminateBuilder(ec2, builderId);
                progress.builderTerminated = true;
                onProgress({ ...progress });
                poll.log(`builder ${builderId} terminated`);
            }
            catch (err) {
                // Keep the error that got us here; the post step tries again from the saved progress.
                poll.log(`could not terminate builder ${builderId} (${err.message}); the post step retries`);
            }
        }
    }
}

;// CONCATENATED MODULE: ./src/artifacts/ami/base-ami.ts



function toBase(image, via) {
    const root = image.BlockDeviceMappings?.find((m) => m.DeviceName === image.RootDeviceName);
    return {
        imageId: image.ImageId,
        name: image.Name ?? '',
        rootDeviceName: image.RootDeviceName ?? '/dev/xvda',
        rootSizeGiB: root?.Ebs?.VolumeSize,
        via,
    };
}
async function byId(ec2, id, via) {
    const out = await ec2.send(new dist_cjs/* DescribeImagesCommand */.ji5({ ImageIds: [id] })).catch((err) => {
        if ((0,errors/* isAwsError */.m_)(err, 'InvalidAMIID.NotFound', 'InvalidAMIID.Malformed'))
            throw new errors/* ActionError */.lZ(`base AMI ${id} (${via}) does not exist in this region or is not shared with this account`);
        throw err;
    });
    const image = out.Images?.[0];
    if (!image)
        throw new errors/* ActionError */.lZ(`base AMI ${id} (${via}) is deregistered`);
    if (image.State !== 'available')
        throw new errors/* ActionError */.lZ(`base AMI ${id} (${via}) is ${image.State}, not available`);
    return toBase(image, via);
}
/** Resolves base-ami: an id as given, an SSM parameter's value, or the newest available AMI matching a name. */
async function resolveBaseAmi(ec2, ssm, spec) {
    if (spec.kind === 'id')
        return byId(ec2, spec.id, spec.id);
    if (spec.kind === 'ssm') {
        const out = await ssm.send(new client_ssm_dist_cjs/* GetParameterCommand */.lhy({ Name: spec.name })).catch((err) => {
            if ((0,errors/* isAwsError */.m_)(err, 'ParameterNotFound'))
                throw new errors/* ActionError */.lZ(`SSM parameter ${spec.name} (base-ami) does not exist in this region`);
            throw err;
        });
        const id = out.Parameter?.Value ?? '';
        if (!/^ami-[0-9a-f]{8,17}$/.test(id))
            throw new errors/* ActionError */.lZ(`SSM parameter ${spec.name} holds ${JSON.stringify(id)}, not an AMI id`);
        return byId(ec2, id, `ssm:${spec.name}`);
    }
    const images = [];
    let NextToken;
    do {
        const out = await ec2.send(new dist_cjs/* DescribeImagesCommand */.ji5({
            Owners: [...spec.owners],
            Filters: [
                { Name: 'name', Values: [spec.pattern] },
                { Name: 'state', Values: ['available'] },
            ],
            ...(NextToken ? { NextToken } : {}),
        }));
        images.push(...(out.Images ?? []));
        NextToken = out.NextToken;
    } while (NextToken);
    const newest = images.sort((a, b) => (b.CreationDate ?? '').localeCompare(a.CreationDate ?? ''))[0];
    if (!newest)
        throw new errors/* ActionError */.lZ(`no available AMI named like ${JSON.stringify(spec.pattern)} owned by ${spec.owners.join(', ')}`);
    return toBase(newest, `newest of "${spec.pattern}": ${newest.Name}`);
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
    const out = await ec2.send(new dist_cjs/* DeregisterImageCommand */.x2c({ ImageId: imageId, DeleteAssociatedSnapshots: true }));
    return (out.DeleteSnapshotResults ?? [])
        .filter((r) => r.ReturnCode !== 'success')
        .map((r) => ({ snapshotId: r.SnapshotId ?? '?', code: r.ReturnCode ?? 'unknown' }));
}
/** `snap-1 (skipped: another AMI uses it), snap-2 (...)`. */
const keptSnapshotsText = (kept) => kept.map((s) => `${s.snapshotId} (${s.code}: ${WHY[s.code] ?? 'unknown code'})`).join(', ');

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/s3-request-presigner/dist-cjs/index.js
var s3_request_presigner_dist_cjs = __webpack_require__(8505);
;// CONCATENATED MODULE: ./src/artifacts/ami/payload-upload.ts



// The builder downloads right after it boots; an hour covers a slow launch with room to spare. (A URL signed
// with role credentials also stops working when the role session ends.)
const URL_TTL_SECONDS = 3600;
/**
 * Puts the payload in S3, streamed from its file (its length given, as PutObject needs for a stream), and
 * presigns a GET for the builder, which then needs no S3 permissions.
 */
async function uploadPayload(s3, bucket, digest, payload) {
    const key = `slipway/build-ami/${digest.replace(/^sha256:/, '')}.tgz`;
    await s3.send(new client_s3_dist_cjs/* PutObjectCommand */.wKZ({
        Bucket: bucket,
        Key: key,
        Body: (0,external_node_fs_.createReadStream)(payload.path),
        ContentLength: payload.size,
        ContentType: 'application/gzip',
    }));
    const url = await (0,s3_request_presigner_dist_cjs/* getSignedUrl */.A)(s3, new client_s3_dist_cjs/* GetObjectCommand */.jLs({ Bucket: bucket, Key: key }), {
        expiresIn: URL_TTL_SECONDS,
    });
    return { bucket, key, url };
}
async function deletePayload(s3, p) {
    await s3.send(new client_s3_dist_cjs/* DeleteObjectCommand */.k4j({ Bucket: p.bucket, Key: p.key }));
}

// EXTERNAL MODULE: ./src/artifacts/ami/tags.ts
var ami_tags = __webpack_require__(2216);
// EXTERNAL MODULE: ./src/artifacts/ami/user-data.ts
var user_data = __webpack_require__(6763);
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

;// CONCATENATED MODULE: ./src/actions/build-ami/build.ts















const ACTION = 'build-ami';
const build_STATE_KEY = 'bake';
const amiUrl = (region, id) => `https://${region}.console.aws.amazon.com/ec2/home?region=${region}#ImageDetails:imageId=${id}`;
async function buildAmi(deps, inputs, prepared) {
    const { io } = deps;
    const { region } = inputs;
    const poll = pollSettings(deps);
    const aws = deps.aws({ maxAttempts: inputs.maxAttempts, action: ACTION });
    const ec2 = aws.get(dist_cjs/* EC2Client */.gu5, region);
    const base = await io.group('resolve the base AMI', () => resolveBaseAmi(ec2, aws.get(client_ssm_dist_cjs/* SSMClient */.jBj, region), inputs.baseAmi));
    io.info(`base AMI: ${base.imageId} (${base.via})`);
    const digest = sourceDigest({
        baseAmiId: base.imageId,
        payloadSha256: prepared.payload.sha256,
        instanceType: inputs.instanceType,
        volumeSizeGiB: inputs.volumeSizeGiB,
        encrypted: inputs.encrypted,
        kmsKeyId: inputs.kmsKeyId,
    });
    io.info(`source digest: ${digest} (${prepared.payload.files} files)`);
    io.setOutput('source-digest', digest);
    const existing = await findAvailableByTag(ec2, SOURCE_DIGEST_TAG, digest);
    if (existing?.ImageId) {
        io.info(`reusing ${existing.ImageId} (${existing.Name}): it was baked from the same sources`);
        return finish(deps, inputs, {
            imageId: existing.ImageId,
            name: existing.Name ?? '',
            snapshotIds: snapshotIdsOf(existing),
            reused: true,
            digest,
        });
    }
    const saved = { region, progress: {} };
    const save = () => state_saveJsonState(io, build_STATE_KEY, saved);
    save();
    let upload;
    let userData = prepared.inlineUserData;
    if (userData === undefined) {
        const s3 = aws.get(client_s3_dist_cjs/* S3Client */.YxF, region);
        upload = await io.group(`upload the payload to s3://${inputs.s3Bucket}`, () => uploadPayload(s3, inputs.s3Bucket, digest, prepared.payload));
        saved.upload = { bucket: upload.bucket, key: upload.key };
        save();
        io.info(`payload (${Math.ceil(prepared.payload.size / 1024)} KiB) uploaded to s3://${upload.bucket}/${upload.key}`);
        userData = (0,user_data/* renderUserData */.UW)({ kind: 'url', url: upload.url }, prepared.token);
    }
    const tags = (0,ami_tags/* toSdkTags */.t)([
        ['Name', inputs.amiName],
        ...inputs.tags.filter(([k]) => k !== 'Name'),
        [SOURCE_DIGEST_TAG, digest],
        [FAMILY_TAG, inputs.amiNameTemplate],
        ['slipway:base-ami', base.imageId],
        ...(deps.env['GITHUB_SHA'] ? [['slipway:commit', deps.env['GITHUB_SHA']]] : []),
    ]);
    try {
        const baked = await io.group(`bake ${inputs.amiName} on a ${inputs.instanceType} builder`, () => bake(ec2, {
            base,
            amiName: inputs.amiName,
            digest,
            token: prepared.token,
            userData,
            instanceType: inputs.instanceType,
            subnetId: inputs.subnetId,
            securityGroupIds: inputs.securityGroupIds,
            iamInstanceProfile: inputs.iamInstanceProfile,
            volumeSizeGiB: inputs.volumeSizeGiB,
            encrypted: inputs.encrypted,
            kmsKeyId: inputs.kmsKeyId,
            tags,
            timeoutMs: inputs.waitTimeoutMs,
        }, poll, (progress) => {
            saved.progress = progress;
            save();
        }));
        await finish(deps, inputs, { ...baked, name: inputs.amiName, reused: false, digest });
    }
    finally {
        if (upload && !deps.signal.aborted) {
            const uploaded = upload;
            await io.group('clean up the payload', () => deletePayload(aws.get(client_s3_dist_cjs/* S3Client */.YxF, region), uploaded).catch((err) => io.warning(`could not delete s3://${uploaded.bucket}/${uploaded.key}: ${err.message}`)));
            delete saved.upload;
            save();
        }
    }
}
async function finish(deps, inputs, r) {
    const { io } = deps;
    io.setOutput('ami-id', r.imageId);
    io.setOutput('ami-name', r.name);
    io.setOutput('snapshot-ids', r.snapshotIds.join(','));
    io.setOutput('reused', String(r.reused));
    io.info(`${r.reused ? 'reused' : 'baked'} ${r.imageId} (${r.name}) in ${inputs.region}`);
    await io.appendSummary(summary_renderSummary({
        title: `slipway ${ACTION}`,
        status: r.reused ? 'reused' : 'baked',
        facts: [
            ['AMI', `[${r.imageId}](${amiUrl(inputs.region, r.imageId)})`],
            ['name', r.name],
            ['region', inputs.region],
            ['snapshots', r.snapshotIds.join(', ')],
            ['source digest', `\`${r.digest}\``],
        ],
    }));
}
/** The post step: whatever the main step left behind after a cancel or a crash. */
async function cleanUpBake(deps) {
    const { io } = deps;
    const saved = state_loadJsonState(io, build_STATE_KEY);
    if (!saved)
        return io.info('post: no bake was started; nothing to clean up');
    const { progress } = saved;
    const pending = (progress.builderId && !progress.builderTerminated) || (progress.imageId && !progress.imageDone);
    if (!pending && !saved.upload)
        return io.info('post: the bake finished cleanly; nothing to clean up');
    const aws = deps.aws({ maxAttempts: 9, action: `${ACTION}-post` });
    const ec2 = aws.get(dist_cjs/* EC2Client */.gu5, saved.region);
    if (progress.builderId && !progress.builderTerminated) {
        const state = (await describeBuilder(ec2, progress.builderId))?.State?.Name;
        if (state && state !== 'terminated' && state !== 'shutting-down') {
            await terminateBuilder(ec2, progress.builderId);
            io.warning(`post: terminated builder ${progress.builderId}, left ${state} by the main step`);
        }
    }
    if (progress.imageId && !progress.imageDone) {
        const image = await findImage(ec2, progress.imageId);
        // A finished AMI is kept (the next run reuses it by digest); an unfinished one is removed with its snapshots.
        if (image && image.State !== 'available') {
            const kept = await deregisterWithSnapshots(ec2, progress.imageId);
            io.warning(`post: deregistered ${progress.imageId}, left ${image.State} by the main step, with its snapshots` +
                (kept.length ? ` except ${keptSnapshotsText(kept)}` : ''));
        }
    }
    if (saved.upload) {
        await deletePayload(aws.get(client_s3_dist_cjs/* S3Client */.YxF, saved.region), saved.upload);
        io.info(`post: deleted s3://${saved.upload.bucket}/${saved.upload.key}`);
    }
    state_saveJsonState(io, build_STATE_KEY, {
        ...saved,
        progress: { ...progress, builderTerminated: true, imageDone: true },
    });
}


/***/ })

};
;