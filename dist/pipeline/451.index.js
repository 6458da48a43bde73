exports.id = 451;
exports.ids = [451];
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

/***/ 6153:
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
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/units.ts
var units = __webpack_require__(2184);
// EXTERNAL MODULE: ./src/targets/lambda/busy.ts
var busy = __webpack_require__(6963);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./src/targets/lambda/limits.ts
var limits = __webpack_require__(2986);
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
    const useS3 = spec.s3Bucket !== undefined || zip.length > limits/* DIRECT_UPLOAD_MAX_BYTES */.X$;
    if (useS3 && spec.s3Bucket === undefined)
        throw new errors/* ActionError */.lZ(`${spec.zipPath} is ${(0,units/* formatBytes */.z)(zip.length)}, over Lambda's ${(0,limits/* describeQuota */.iK)(limits/* DIRECT_UPLOAD_MAX_BYTES */.X$)} direct upload limit; set s3-bucket`);
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
    log(`uploading ${(0,units/* formatBytes */.z)(pkg.zip.length)} to s3://${spec.s3Bucket}/${key}`);
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

// EXTERNAL MODULE: ./src/targets/lambda/version-state.ts
var version_state = __webpack_require__(9720);
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
    const mutate = (what, fn) => (0,busy/* whenIdle */.d)(ctx.waitPlain.bind(ctx), what, spec.waitTimeoutMs, fn, 'an update is in progress on the function');
    const active = (version) => (0,version_state/* waitForActive */.Z)(ctx.waitPlain.bind(ctx), lambda, spec.functionName, version, spec.waitTimeoutMs);
    /** The code as UpdateFunctionCode/CreateFunction take it, uploading to S3 first when needed. */
    let upload = 'none';
    const source = async () => {
        const out = await codeSource(pkg, spec, clients.s3, (line) => ctx.log(line));
        upload = out.upload;
        return out.code;
    };
    const what = pkg.kind === 'image' ? `image ${pkg.imageUri}` : (0,units/* formatBytes */.z)(pkg.zip.length);
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
    const result = await io.group(`publish ${inputs.functionName} (${inputs.region})`, () => publishFunction((0,engine/* plainContext */.O7)((0,deploy_action/* pollSettings */.ZQ)(deps)), { lambda: aws.get(dist_cjs/* LambdaClient */.Nox, inputs.region), s3: () => aws.get(client_s3_dist_cjs/* S3Client */.YxF, inputs.region) }, inputs.region, inputs));
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
            ...(inputs.imageUri ? [['image', `\`${inputs.imageUri}\``]] : []),
            ['upload', result.upload],
        ],
    }));
}


/***/ }),

/***/ 6963:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

"use strict";
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

"use strict";
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