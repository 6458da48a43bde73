"use strict";
exports.id = 883;
exports.ids = [883];
exports.modules = {

/***/ 2883:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ecrLogin: () => (/* binding */ ecrLogin),
/* harmony export */   ensureEcrRepository: () => (/* binding */ ensureEcrRepository)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8249);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);


/**
 * Logs in to ECR: GetAuthorizationToken returns base64 `AWS:<password>` (valid 12 h) and the registry's
 * endpoint. Both the token and the password are masked before anything else touches them.
 */
async function ecrLogin(aws, region, io, registryId) {
    const ecr = aws.get(_aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__/* .ECRClient */ .S70, region);
    let out;
    try {
        out = await ecr.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__/* .GetAuthorizationTokenCommand */ .Eu6(registryId ? { registryIds: [registryId] } : {}));
    }
    catch (err) {
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .toAwsError */ .DZ)(err, 'ECR', 'GetAuthorizationToken');
    }
    const data = out.authorizationData?.[0];
    if (!data?.authorizationToken || !data.proxyEndpoint)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ('ECR GetAuthorizationToken returned no token; check the region and the role');
    io.setSecret(data.authorizationToken);
    const decoded = Buffer.from(data.authorizationToken, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const password = decoded.slice(colon + 1);
    if (password)
        io.setSecret(password);
    if (colon < 0 || !password)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ('ECR GetAuthorizationToken returned a token that is not user:password');
    return {
        registry: new URL(data.proxyEndpoint).host,
        credentials: { username: decoded.slice(0, colon), password },
    };
}
/**
 * Makes sure the repository exists: DescribeRepositories, then CreateRepository with scan on push (and
 * IMMUTABLE tags when asked) if it is missing. A repository created meanwhile by a parallel job is fine.
 */
async function ensureEcrRepository(aws, region, repository, options) {
    const ecr = aws.get(_aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__/* .ECRClient */ .S70, region);
    try {
        const found = await ecr.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__/* .DescribeRepositoriesCommand */ .pE_({ repositoryNames: [repository] }));
        const mutability = found.repositories?.[0]?.imageTagMutability;
        if (options.immutableTags && mutability && !mutability.startsWith('IMMUTABLE'))
            options.warn(`ECR repository ${repository} exists with ${mutability} tags; slipway does not change an existing repository's settings`);
        return 'exists';
    }
    catch (err) {
        if (!(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isAwsError */ .m_)(err, 'RepositoryNotFoundException'))
            throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .toAwsError */ .DZ)(err, 'ECR', 'DescribeRepositories');
    }
    try {
        await ecr.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__/* .CreateRepositoryCommand */ .WTe({
            repositoryName: repository,
            imageScanningConfiguration: { scanOnPush: true },
            imageTagMutability: options.immutableTags ? 'IMMUTABLE' : 'MUTABLE',
        }));
        options.log(`created ECR repository ${repository} (scan on push${options.immutableTags ? ', immutable tags' : ''})`);
        return 'created';
    }
    catch (err) {
        if ((0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isAwsError */ .m_)(err, 'RepositoryAlreadyExistsException'))
            return 'exists';
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .toAwsError */ .DZ)(err, 'ECR', 'CreateRepository');
    }
}


/***/ })

};
;