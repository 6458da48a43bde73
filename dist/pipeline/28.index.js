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

// EXTERNAL MODULE: ./src/artifacts/ami/deregister.ts
var deregister = __webpack_require__(4988);
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
    const base = await io.group('resolve the base AMI', () => resolveBaseAmi(ec2, aws.get(client_ssm_dist_cjs/* SSMClient */.jBj, region), inputs.baseAmi));
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
        upload = await io.group(`upload the payload to s3://${inputs.s3Bucket}`, () => uploadPayload(s3, inputs.s3Bucket, digest, prepared.payload));
        saved.upload = { bucket: upload.bucket, key: upload.key };
        save();
        io.info(`payload (${Math.ceil(prepared.payload.size / 1024)} KiB) uploaded to s3://${upload.bucket}/${upload.key}`);
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
            const kept = await (0,deregister/* deregisterWithSnapshots */.o)(ec2, progress.imageId);
            io.warning(`post: deregistered ${progress.imageId}, left ${image.State} by the main step, with its snapshots` +
                (kept.length ? ` except ${(0,deregister/* keptSnapshotsText */.x)(kept)}` : ''));
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

/***/ 4988:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   o: () => (/* binding */ deregisterWithSnapshots),
/* harmony export */   x: () => (/* binding */ keptSnapshotsText)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_ec2__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5193);

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
    const out = await ec2.send(new _aws_sdk_client_ec2__WEBPACK_IMPORTED_MODULE_0__/* .DeregisterImageCommand */ .x2c({ ImageId: imageId, DeleteAssociatedSnapshots: true }));
    return (out.DeleteSnapshotResults ?? [])
        .filter((r) => r.ReturnCode !== 'success')
        .map((r) => ({ snapshotId: r.SnapshotId ?? '?', code: r.ReturnCode ?? 'unknown' }));
}
/** `snap-1 (skipped: another AMI uses it), snap-2 (...)`. */
const keptSnapshotsText = (kept) => kept.map((s) => `${s.snapshotId} (${s.code}: ${WHY[s.code] ?? 'unknown code'})`).join(', ');


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


/***/ })

};
;