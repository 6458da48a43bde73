exports.id = 233;
exports.ids = [233];
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

/***/ 8767:
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
// EXTERNAL MODULE: ./src/core/units.ts
var units = __webpack_require__(2184);
// EXTERNAL MODULE: ./src/targets/lambda/busy.ts
var busy = __webpack_require__(6963);
// EXTERNAL MODULE: ./src/targets/lambda/limits.ts
var limits = __webpack_require__(2986);
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
/**
 * Publishes a zip as a new function version. When $LATEST already runs this exact code (CodeSha256) and a
 * published version has that code and $LATEST's configuration, nothing is uploaded or published and that
 * version is returned. Otherwise: upload when the code differs (directly, or through S3 when the zip is over
 * the 50 MB direct limit or a bucket is given), wait for LastUpdateStatus, then PublishVersion guarded by
 * CodeSha256 and RevisionId, so a racing upload cannot slip into our version. Either way the version is
 * returned only once it is Active, so that the next step can invoke it and route to it.
 */
async function publishFunction(ctx, clients, region, spec) {
    const { lambda } = clients;
    const zip = await (0,promises_.readFile)(spec.zipPath);
    const codeSha256 = (0,external_node_crypto_.createHash)('sha256').update(zip).digest('base64');
    const useS3 = spec.s3Bucket !== undefined || zip.length > limits/* DIRECT_UPLOAD_MAX_BYTES */.X$;
    if (useS3 && spec.s3Bucket === undefined)
        throw new errors/* ActionError */.lZ(`${spec.zipPath} is ${(0,units/* formatBytes */.z)(zip.length)}, over Lambda's ${(0,limits/* describeQuota */.iK)(limits/* DIRECT_UPLOAD_MAX_BYTES */.X$)} direct upload limit; set s3-bucket`);
    const waitIdle = () => ctx.waitPlain(`function ${spec.functionName} to finish its update`, spec.waitTimeoutMs, async () => {
        const cfg = await currentConfig(lambda, spec.functionName, region);
        if (cfg.LastUpdateStatus === 'Failed')
            throw new errors/* ActionError */.lZ(`the update of ${spec.functionName} failed: ${cfg.LastUpdateStatusReasonCode}: ${cfg.LastUpdateStatusReason}`);
        return cfg.LastUpdateStatus === 'InProgress'
            ? { done: false, status: 'LastUpdateStatus InProgress' }
            : { done: true, value: cfg };
    });
    /** Runs a mutation, waiting out "an update is in progress" instead of failing on it. */
    const mutate = (what, fn) => (0,busy/* whenIdle */.d)(ctx.waitPlain.bind(ctx), what, spec.waitTimeoutMs, fn, 'an update is in progress on the function');
    const active = (version) => (0,version_state/* waitForActive */.Z)(ctx.waitPlain.bind(ctx), lambda, spec.functionName, version, spec.waitTimeoutMs);
    let cfg = await waitIdle();
    if (cfg.CodeSha256 === codeSha256) {
        const existing = await publishedMatching(lambda, spec.functionName, cfg);
        if (existing?.Version) {
            ctx.log(`version ${existing.Version} of ${spec.functionName} has this code (CodeSha256 ${codeSha256}) and $LATEST's configuration: nothing to upload or publish`);
            if (!spec.dryRun)
                await active(existing.Version);
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
        ctx.log(cfg.CodeSha256 === codeSha256
            ? `dry run: the code is there but no version has $LATEST's configuration: would publish a version`
            : `dry run: would upload ${(0,units/* formatBytes */.z)(zip.length)} ${useS3 ? `through s3://${spec.s3Bucket}/${spec.s3Key}` : 'directly'} and publish a version`);
        return { functionArn: cfg.FunctionArn ?? '', version: '', codeSha256, changed: true, upload: 'dry-run' };
    }
    let upload = 'none';
    if (cfg.CodeSha256 !== codeSha256) {
        let source;
        if (useS3) {
            const key = spec.s3Key ?? `slipway/${spec.functionName}/${Buffer.from(codeSha256, 'base64').toString('hex')}.zip`;
            ctx.log(`uploading ${(0,units/* formatBytes */.z)(zip.length)} to s3://${spec.s3Bucket}/${key}`);
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
        const updated = await mutate(`UpdateFunctionCode on ${spec.functionName}`, () => lambda.send(new dist_cjs/* UpdateFunctionCodeCommand */.KfB({ FunctionName: spec.functionName, RevisionId: revisionId, ...source })));
        if (updated.CodeSha256 !== codeSha256)
            throw new errors/* ActionError */.lZ(`Lambda reports CodeSha256 ${updated.CodeSha256} after the upload, but the zip's is ${codeSha256}`);
        ctx.log(`uploaded ${(0,units/* formatBytes */.z)(zip.length)}; waiting for LastUpdateStatus Successful`);
        cfg = await waitIdle();
    }
    const published = await mutate(`PublishVersion on ${spec.functionName}`, () => lambda.send(new dist_cjs/* PublishVersionCommand */.D3m({
        FunctionName: spec.functionName,
        CodeSha256: codeSha256,
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
        codeSha256,
        changed: true,
        upload,
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
            ? `published ${inputs.functionName} version ${result.version} (CodeSha256 ${result.codeSha256})`
            : `unchanged: ${inputs.functionName} version ${result.version} already has this code and configuration`);
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