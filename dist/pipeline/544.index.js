"use strict";
exports.id = 544;
exports.ids = [544];
exports.modules = {

/***/ 3544:
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
// EXTERNAL MODULE: ./src/artifacts/ami/images.ts
var ami_images = __webpack_require__(8763);
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
    const found = await (0,ami_images/* ownImages */.Fq)(ec2, [
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

// EXTERNAL MODULE: ./src/artifacts/ami/deregister.ts
var deregister = __webpack_require__(4988);
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

// EXTERNAL MODULE: ./src/artifacts/ami/source-digest.ts
var source_digest = __webpack_require__(7609);
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
    const images = await (0,ami_images/* ownImages */.Fq)(ec2, [
        { Name: `tag:${source_digest/* FAMILY_TAG */.Ik}`, Values: [p.family] },
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
        const snapshots = await (0,deregister/* deregisterWithSnapshots */.o)(ec2, imageId);
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
        io.warning(`${region}: deregistered ${k.imageId}, but not its snapshots ${(0,deregister/* keptSnapshotsText */.x)(k.snapshots)}`);
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
    for (const snapshotId of (0,ami_images/* snapshotIdsOf */.Qt)(image)) {
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

// EXTERNAL MODULE: ./src/core/state.ts
var state = __webpack_require__(7066);
// EXTERNAL MODULE: ./src/core/summary.ts
var summary = __webpack_require__(1363);
// EXTERNAL MODULE: ./src/rollout/deploy-action.ts + 1 modules
var deploy_action = __webpack_require__(5197);
;// CONCATENATED MODULE: ./src/actions/publish-ami/publish.ts













const ACTION = 'publish-ami';
const STATE_KEY = 'copies';
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
    const poll = (0,deploy_action/* pollSettings */.ZQ)(deps);
    const aws = deps.aws({ maxAttempts: inputs.maxAttempts, action: ACTION });
    const ec2 = (region) => aws.get(client_ec2_dist_cjs/* EC2Client */.gu5, region);
    const source = await io.group(`find ${inputs.amiId} in ${inputs.region}`, () => (0,ami_images/* findImage */.F1)(ec2(inputs.region), inputs.amiId));
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
            (0,state/* saveJsonState */.p)(io, STATE_KEY, saved);
        }
        io.info(`${region}: ${existing ? 'found earlier copy' : 'copying to'} ${copyId}`);
        await (0,ami_images/* waitImageAvailable */.ie)(ec2(region), copyId, `copy in ${region}`, poll, inputs.waitTimeoutMs);
        amis[region] = copyId;
    })));
    io.info(`copied: ${Object.entries(amis)
        .map(([r, id]) => `${r} ${id}`)
        .join(', ')}`);
    saved.done = true;
    (0,state/* saveJsonState */.p)(io, STATE_KEY, saved);
    const deprecateAt = inputs.deprecateAfterMs === undefined ? undefined : new Date(deps.clock.now() + inputs.deprecateAfterMs);
    const family = (0,ami_images/* tagValue */.EZ)(source.Tags, source_digest/* FAMILY_TAG */.Ik);
    const retention = {};
    await io.group('tag, share and prune', async () => {
        for (const [region, imageId] of Object.entries(amis)) {
            const client = ec2(region);
            const image = (await (0,ami_images/* findImage */.F1)(client, imageId));
            await client.send(new client_ec2_dist_cjs/* CreateTagsCommand */.RmG({ Resources: [imageId, ...(0,ami_images/* snapshotIdsOf */.Qt)(image)], Tags: tags }));
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
        io.warning(`${inputs.amiId} has no ${source_digest/* FAMILY_TAG */.Ik} tag (build-ami sets it), so keep was not applied`);
    io.setOutput('amis', JSON.stringify(amis));
    await io.appendSummary((0,summary/* renderSummary */.Br)({
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
    const saved = (0,state/* loadJsonState */.q)(io, STATE_KEY);
    if (!saved || saved.done)
        return io.info('post: no copy left in flight; nothing to clean up');
    const aws = deps.aws({ maxAttempts: 9, action: `${ACTION}-post` });
    for (const [region, imageId] of Object.entries(saved.copies)) {
        const client = aws.get(client_ec2_dist_cjs/* EC2Client */.gu5, region);
        const image = await (0,ami_images/* findImage */.F1)(client, imageId);
        if (image?.State === 'pending' || image?.State === 'failed') {
            const kept = await (0,deregister/* deregisterWithSnapshots */.o)(client, imageId);
            io.warning(`post: deregistered ${imageId} in ${region}, a copy left ${image.State} by the cancelled run` +
                (kept.length ? `; its snapshots not deleted: ${(0,deregister/* keptSnapshotsText */.x)(kept)}` : ''));
        }
    }
    (0,state/* saveJsonState */.p)(io, STATE_KEY, { ...saved, done: true });
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