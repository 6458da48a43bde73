"use strict";
exports.id = 28;
exports.ids = [28];
exports.modules = {

/***/ 28:
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

// EXTERNAL MODULE: ./src/artifacts/ami/images.ts
var ami_images = __webpack_require__(8763);
// EXTERNAL MODULE: ./src/artifacts/ami/source-digest.ts
var source_digest = __webpack_require__(7609);
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
        { Key: source_digest/* SOURCE_DIGEST_TAG */.Cb, Value: plan.digest },
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
        const image = await (0,ami_images/* waitImageAvailable */.ie)(ec2, imageId, 'AMI', poll, plan.timeoutMs);
        progress.imageDone = true;
        onProgress({ ...progress });
        return { imageId, snapshotIds: (0,ami_images/* snapshotIdsOf */.Qt)(image) };
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

// EXTERNAL MODULE: ./node_modules/@aws-sdk/s3-request-presigner/dist-cjs/index.js
var s3_request_presigner_dist_cjs = __webpack_require__(8505);
;// CONCATENATED MODULE: ./src/artifacts/ami/payload-upload.ts


// The builder downloads right after it boots; an hour covers a slow launch with room to spare. (A URL signed
// with role credentials also stops working when the role session ends.)
const URL_TTL_SECONDS = 3600;
/** Puts the payload in S3 and presigns a GET for the builder, which then needs no S3 permissions. */
async function uploadPayload(s3, bucket, digest, body) {
    const key = `slipway/build-ami/${digest.replace(/^sha256:/, '')}.tgz`;
    await s3.send(new client_s3_dist_cjs/* PutObjectCommand */.wKZ({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/gzip' }));
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
// EXTERNAL MODULE: ./src/core/state.ts
var state = __webpack_require__(7066);
// EXTERNAL MODULE: ./src/core/summary.ts
var summary = __webpack_require__(1363);
// EXTERNAL MODULE: ./src/rollout/deploy-action.ts + 1 modules
var deploy_action = __webpack_require__(5197);
;// CONCATENATED MODULE: ./src/actions/build-ami/build.ts














const ACTION = 'build-ami';
const STATE_KEY = 'bake';
const amiUrl = (region, id) => `https://${region}.console.aws.amazon.com/ec2/home?region=${region}#ImageDetails:imageId=${id}`;
async function buildAmi(deps, inputs, prepared) {
    const { io } = deps;
    const { region } = inputs;
    const poll = (0,deploy_action/* pollSettings */.ZQ)(deps);
    const aws = deps.aws({ maxAttempts: inputs.maxAttempts, action: ACTION });
    const ec2 = aws.get(dist_cjs/* EC2Client */.gu5, region);
    const base = await resolveBaseAmi(ec2, aws.get(client_ssm_dist_cjs/* SSMClient */.jBj, region), inputs.baseAmi);
    io.info(`base AMI: ${base.imageId} (${base.via})`);
    const digest = (0,source_digest/* sourceDigest */.c9)({
        baseAmiId: base.imageId,
        payloadSha256: prepared.payload.sha256,
        instanceType: inputs.instanceType,
        volumeSizeGiB: inputs.volumeSizeGiB,
        encrypted: inputs.encrypted,
        kmsKeyId: inputs.kmsKeyId,
    });
    io.info(`source digest: ${digest} (${prepared.payload.files} files)`);
    io.setOutput('source-digest', digest);
    const existing = await (0,ami_images/* findAvailableByTag */.Av)(ec2, source_digest/* SOURCE_DIGEST_TAG */.Cb, digest);
    if (existing?.ImageId) {
        io.info(`reusing ${existing.ImageId} (${existing.Name}): it was baked from the same sources`);
        return finish(deps, inputs, {
            imageId: existing.ImageId,
            name: existing.Name ?? '',
            snapshotIds: (0,ami_images/* snapshotIdsOf */.Qt)(existing),
            reused: true,
            digest,
        });
    }
    const saved = { region, progress: {} };
    const save = () => (0,state/* saveJsonState */.p)(io, STATE_KEY, saved);
    save();
    let upload;
    let userData = prepared.inlineUserData;
    if (userData === undefined) {
        const s3 = aws.get(client_s3_dist_cjs/* S3Client */.YxF, region);
        upload = await uploadPayload(s3, inputs.s3Bucket, digest, prepared.payload.bytes);
        saved.upload = { bucket: upload.bucket, key: upload.key };
        save();
        io.info(`payload (${Math.ceil(prepared.payload.bytes.length / 1024)} KiB) uploaded to s3://${upload.bucket}/${upload.key}`);
        userData = (0,user_data/* renderUserData */.UW)({ kind: 'url', url: upload.url }, prepared.token);
    }
    const tags = (0,ami_tags/* toSdkTags */.t)([
        ['Name', inputs.amiName],
        ...inputs.tags.filter(([k]) => k !== 'Name'),
        [source_digest/* SOURCE_DIGEST_TAG */.Cb, digest],
        [source_digest/* FAMILY_TAG */.Ik, inputs.amiNameTemplate],
        ['slipway:base-ami', base.imageId],
        ...(deps.env['GITHUB_SHA'] ? [['slipway:commit', deps.env['GITHUB_SHA']]] : []),
    ]);
    try {
        const baked = await bake(ec2, {
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
            timeoutMs: inputs.timeoutMs,
        }, poll, (progress) => {
            saved.progress = progress;
            save();
        });
        await finish(deps, inputs, { ...baked, name: inputs.amiName, reused: false, digest });
    }
    finally {
        if (upload && !deps.signal.aborted) {
            await deletePayload(aws.get(client_s3_dist_cjs/* S3Client */.YxF, region), upload).catch((err) => io.warning(`could not delete s3://${upload.bucket}/${upload.key}: ${err.message}`));
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
    await io.appendSummary((0,summary/* renderSummary */.Br)({
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
    const saved = (0,state/* loadJsonState */.q)(io, STATE_KEY);
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
        const image = await (0,ami_images/* findImage */.F1)(ec2, progress.imageId);
        // A finished AMI is kept (the next run reuses it by digest); an unfinished one is removed with its snapshots.
        if (image && image.State !== 'available') {
            await ec2.send(new dist_cjs/* DeregisterImageCommand */.x2c({ ImageId: progress.imageId, DeleteAssociatedSnapshots: true }));
            io.warning(`post: deregistered ${progress.imageId}, left ${image.State} by the main step, with its snapshots`);
        }
    }
    if (saved.upload) {
        await deletePayload(aws.get(client_s3_dist_cjs/* S3Client */.YxF, saved.region), saved.upload);
        io.info(`post: deleted s3://${saved.upload.bucket}/${saved.upload.key}`);
    }
    (0,state/* saveJsonState */.p)(io, STATE_KEY, {
        ...saved,
        progress: { ...progress, builderTerminated: true, imageDone: true },
    });
}


/***/ }),

/***/ 8763:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Av: () => (/* binding */ findAvailableByTag),
/* harmony export */   EZ: () => (/* binding */ tagValue),
/* harmony export */   F1: () => (/* binding */ findImage),
/* harmony export */   Fq: () => (/* binding */ ownImages),
/* harmony export */   Qt: () => (/* binding */ snapshotIdsOf),
/* harmony export */   ie: () => (/* binding */ waitImageAvailable)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_ec2__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5193);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _core_poll_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8822);



const tagValue = (tags, key) => tags?.find((t) => t.Key === key)?.Value;
const snapshotIdsOf = (image) => (image.BlockDeviceMappings ?? []).map((m) => m.Ebs?.SnapshotId).filter((s) => !!s);
/** The image, or undefined when it does not exist (or no longer does). */
async function findImage(ec2, imageId) {
    try {
        const out = await ec2.send(new _aws_sdk_client_ec2__WEBPACK_IMPORTED_MODULE_2__/* .DescribeImagesCommand */ .ji5({ ImageIds: [imageId] }));
        return out.Images?.[0];
    }
    catch (err) {
        if ((0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isAwsError */ .m_)(err, 'InvalidAMIID.NotFound'))
            return undefined;
        throw err;
    }
}
/** Every image this account owns that matches `filters`, across pages. */
async function ownImages(ec2, filters) {
    const images = [];
    let NextToken;
    do {
        const out = await ec2.send(new _aws_sdk_client_ec2__WEBPACK_IMPORTED_MODULE_2__/* .DescribeImagesCommand */ .ji5({ Owners: ['self'], Filters: filters, ...(NextToken ? { NextToken } : {}) }));
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
    return (0,_core_poll_js__WEBPACK_IMPORTED_MODULE_1__/* .pollUntil */ .g)(poll, `${label} ${imageId} to become available`, timeoutMs, async () => {
        const image = await findImage(ec2, imageId);
        if (!image)
            return { done: false, status: 'not visible yet' };
        if (image.State === 'available')
            return { done: true, value: image };
        if (image.State === 'pending')
            return { done: false, status: 'pending' };
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(`${label} ${imageId} is ${image.State}${image.StateReason?.Message ? `: ${image.StateReason.Message}` : ''}`);
    });
}


/***/ }),

/***/ 7609:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Cb: () => (/* binding */ SOURCE_DIGEST_TAG),
/* harmony export */   Ik: () => (/* binding */ FAMILY_TAG),
/* harmony export */   c9: () => (/* binding */ sourceDigest)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);

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
    return `sha256:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(canonical).digest('hex')}`;
}


/***/ }),

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