exports.id = 586;
exports.ids = [586];
exports.modules = {

/***/ 586:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {

var __webpack_unused_export__;
const { awsEndpointFunctions, emitWarningIfUnsupportedVersion: emitWarningIfUnsupportedVersion$1, createDefaultUserAgentProvider, NODE_APP_ID_CONFIG_OPTIONS, getAwsRegionExtensionConfiguration, resolveAwsRegionExtensionConfiguration, resolveUserAgentConfig, resolveHostHeaderConfig, getUserAgentPlugin, getHostHeaderPlugin, getLoggerPlugin, getRecursionDetectionPlugin } = __webpack_require__(5152);
const { getHttpAuthSchemeEndpointRuleSetPlugin, DefaultIdentityProviderConfig, getHttpSigningPlugin, createPaginator } = __webpack_require__(402);
const { normalizeProvider, getSmithyContext, ServiceException, NoOpLogger, emitWarningIfUnsupportedVersion, loadConfigsForDefaultMode, getDefaultExtensionConfiguration, resolveDefaultRuntimeConfig, Client, makeBuilder, createWaiter, checkExceptions, WaiterState, createAggregatedClient } = __webpack_require__(2658);
const { Command: $Command } = __webpack_require__(2658);
__webpack_unused_export__ = $Command;
__webpack_unused_export__ = Client;
const { resolveDefaultsModeConfig, loadConfig, NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS, NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS, NODE_REGION_CONFIG_OPTIONS, NODE_REGION_CONFIG_FILE_OPTIONS, resolveRegionConfig } = __webpack_require__(7291);
const { BinaryDecisionDiagram, EndpointCache, decideEndpoint, customEndpointFunctions, resolveEndpointConfig, getEndpointPlugin } = __webpack_require__(2085);
const { parseUrl, getHttpHandlerExtensionConfiguration, resolveHttpHandlerRuntimeConfig, getContentLengthPlugin } = __webpack_require__(3422);
const { DEFAULT_RETRY_MODE, NODE_RETRY_MODE_CONFIG_OPTIONS, NODE_MAX_ATTEMPT_CONFIG_OPTIONS, resolveRetryConfig, getRetryPlugin } = __webpack_require__(3609);
const { TypeRegistry, getSchemaSerdePlugin } = __webpack_require__(6890);
const { resolveAwsSdkSigV4Config, AwsSdkSigV4Signer, NODE_AUTH_SCHEME_PREFERENCE_OPTIONS } = __webpack_require__(7523);
const { defaultProvider } = __webpack_require__(5861);
const { toUtf8, fromUtf8, toBase64, fromBase64, calculateBodyLength } = __webpack_require__(2430);
const { streamCollector, NodeHttpHandler } = __webpack_require__(1279);
const { AwsQueryProtocol } = __webpack_require__(7288);
const { Sha256 } = __webpack_require__(9542);

const defaultElasticLoadBalancingV2HttpAuthSchemeParametersProvider = async (config, context, input) => {
    return {
        operation: getSmithyContext(context).operation,
        region: await normalizeProvider(config.region)() || (() => {
            throw new Error("expected `region` to be configured for `aws.auth#sigv4`");
        })(),
    };
};
function createAwsAuthSigv4HttpAuthOption(authParameters) {
    return {
        schemeId: "aws.auth#sigv4",
        signingProperties: {
            name: "elasticloadbalancing",
            region: authParameters.region,
        },
        propertiesExtractor: (config, context) => ({
            signingProperties: {
                config,
                context,
            },
        }),
    };
}
const defaultElasticLoadBalancingV2HttpAuthSchemeProvider = (authParameters) => {
    const options = [];
    switch (authParameters.operation) {
        default: {
            options.push(createAwsAuthSigv4HttpAuthOption(authParameters));
        }
    }
    return options;
};
const resolveHttpAuthSchemeConfig = (config) => {
    const config_0 = resolveAwsSdkSigV4Config(config);
    return Object.assign(config_0, {
        authSchemePreference: normalizeProvider(config.authSchemePreference ?? []),
    });
};

const resolveClientEndpointParameters = (options) => {
    return Object.assign(options, {
        useDualstackEndpoint: options.useDualstackEndpoint ?? false,
        useFipsEndpoint: options.useFipsEndpoint ?? false,
        defaultSigningName: "elasticloadbalancing",
    });
};
const commonParams = {
    UseFIPS: { type: "builtInParams", name: "useFipsEndpoint" },
    Endpoint: { type: "builtInParams", name: "endpoint" },
    Region: { type: "builtInParams", name: "region" },
    UseDualStack: { type: "builtInParams", name: "useDualstackEndpoint" },
};

var version = "3.1141.0";
var packageInfo = {
	version: version};

const k = "ref";
const a = -1, b = true, c = "isSet", d = "PartitionResult", e = "booleanEquals", f = "getAttr", g = { [k]: "Endpoint" }, h = { [k]: d }, i = {}, j = [{ [k]: "Region" }];
const _data = {
    conditions: [
        [c, [g]],
        [c, j],
        ["aws.partition", j, d],
        [e, [{ [k]: "UseFIPS" }, b]],
        [e, [{ [k]: "UseDualStack" }, b]],
        [e, [{ fn: f, argv: [h, "supportsDualStack"] }, b]],
        [e, [{ fn: f, argv: [h, "supportsFIPS"] }, b]],
        ["stringEquals", [{ fn: f, argv: [h, "name"] }, "aws-us-gov"]]
    ],
    results: [
        [a],
        [a, "Invalid Configuration: FIPS and custom endpoint are not supported"],
        [a, "Invalid Configuration: Dualstack and custom endpoint are not supported"],
        [g, i],
        ["https://elasticloadbalancing-fips.{Region}.{PartitionResult#dualStackDnsSuffix}", i],
        [a, "FIPS and DualStack are enabled, but this partition does not support one or both"],
        ["https://elasticloadbalancing.{Region}.amazonaws.com", i],
        ["https://elasticloadbalancing-fips.{Region}.{PartitionResult#dnsSuffix}", i],
        [a, "FIPS is enabled but this partition does not support FIPS"],
        ["https://elasticloadbalancing.{Region}.{PartitionResult#dualStackDnsSuffix}", i],
        [a, "DualStack is enabled but this partition does not support DualStack"],
        ["https://elasticloadbalancing.{Region}.{PartitionResult#dnsSuffix}", i],
        [a, "Invalid Configuration: Missing Region"]
    ]
};
const root = 2;
const r = 100_000_000;
const nodes = new Int32Array([
    -1, 1, -1,
    0, 13, 3,
    1, 4, r + 12,
    2, 5, r + 12,
    3, 8, 6,
    4, 7, r + 11,
    5, r + 9, r + 10,
    4, 11, 9,
    6, 10, r + 8,
    7, r + 6, r + 7,
    5, 12, r + 5,
    6, r + 4, r + 5,
    3, r + 1, 14,
    4, r + 2, r + 3,
]);
const bdd = BinaryDecisionDiagram.from(nodes, root, _data.conditions, _data.results);

const cache = new EndpointCache({
    size: 50,
    params: ["Endpoint", "Region", "UseDualStack", "UseFIPS"],
});
const defaultEndpointResolver = (endpointParams, context = {}) => {
    return cache.get(endpointParams, () => decideEndpoint(bdd, {
        endpointParams: endpointParams,
        logger: context.logger,
    }));
};
customEndpointFunctions.aws = awsEndpointFunctions;

class ElasticLoadBalancingV2ServiceException extends ServiceException {
    constructor(options) {
        super(options);
        Object.setPrototypeOf(this, ElasticLoadBalancingV2ServiceException.prototype);
    }
}

class CertificateNotFoundException extends ElasticLoadBalancingV2ServiceException {
    name = "CertificateNotFoundException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "CertificateNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, CertificateNotFoundException.prototype);
        this.Message = opts.Message;
    }
}
class ListenerNotFoundException extends ElasticLoadBalancingV2ServiceException {
    name = "ListenerNotFoundException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "ListenerNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ListenerNotFoundException.prototype);
        this.Message = opts.Message;
    }
}
class TooManyCertificatesException extends ElasticLoadBalancingV2ServiceException {
    name = "TooManyCertificatesException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "TooManyCertificatesException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, TooManyCertificatesException.prototype);
        this.Message = opts.Message;
    }
}
class DuplicateTagKeysException extends ElasticLoadBalancingV2ServiceException {
    name = "DuplicateTagKeysException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "DuplicateTagKeysException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, DuplicateTagKeysException.prototype);
        this.Message = opts.Message;
    }
}
class LoadBalancerNotFoundException extends ElasticLoadBalancingV2ServiceException {
    name = "LoadBalancerNotFoundException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "LoadBalancerNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, LoadBalancerNotFoundException.prototype);
        this.Message = opts.Message;
    }
}
class RuleNotFoundException extends ElasticLoadBalancingV2ServiceException {
    name = "RuleNotFoundException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "RuleNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, RuleNotFoundException.prototype);
        this.Message = opts.Message;
    }
}
class TargetGroupNotFoundException extends ElasticLoadBalancingV2ServiceException {
    name = "TargetGroupNotFoundException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "TargetGroupNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, TargetGroupNotFoundException.prototype);
        this.Message = opts.Message;
    }
}
class TooManyTagsException extends ElasticLoadBalancingV2ServiceException {
    name = "TooManyTagsException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "TooManyTagsException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, TooManyTagsException.prototype);
        this.Message = opts.Message;
    }
}
class TrustStoreNotFoundException extends ElasticLoadBalancingV2ServiceException {
    name = "TrustStoreNotFoundException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "TrustStoreNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, TrustStoreNotFoundException.prototype);
        this.Message = opts.Message;
    }
}
class InvalidRevocationContentException extends ElasticLoadBalancingV2ServiceException {
    name = "InvalidRevocationContentException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidRevocationContentException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidRevocationContentException.prototype);
        this.Message = opts.Message;
    }
}
class RevocationContentNotFoundException extends ElasticLoadBalancingV2ServiceException {
    name = "RevocationContentNotFoundException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "RevocationContentNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, RevocationContentNotFoundException.prototype);
        this.Message = opts.Message;
    }
}
class TooManyTrustStoreRevocationEntriesException extends ElasticLoadBalancingV2ServiceException {
    name = "TooManyTrustStoreRevocationEntriesException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "TooManyTrustStoreRevocationEntriesException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, TooManyTrustStoreRevocationEntriesException.prototype);
        this.Message = opts.Message;
    }
}
class AllocationIdNotFoundException extends ElasticLoadBalancingV2ServiceException {
    name = "AllocationIdNotFoundException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "AllocationIdNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, AllocationIdNotFoundException.prototype);
        this.Message = opts.Message;
    }
}
class ALPNPolicyNotSupportedException extends ElasticLoadBalancingV2ServiceException {
    name = "ALPNPolicyNotSupportedException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "ALPNPolicyNotSupportedException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ALPNPolicyNotSupportedException.prototype);
        this.Message = opts.Message;
    }
}
class AvailabilityZoneNotSupportedException extends ElasticLoadBalancingV2ServiceException {
    name = "AvailabilityZoneNotSupportedException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "AvailabilityZoneNotSupportedException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, AvailabilityZoneNotSupportedException.prototype);
        this.Message = opts.Message;
    }
}
class CaCertificatesBundleNotFoundException extends ElasticLoadBalancingV2ServiceException {
    name = "CaCertificatesBundleNotFoundException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "CaCertificatesBundleNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, CaCertificatesBundleNotFoundException.prototype);
        this.Message = opts.Message;
    }
}
class CapacityDecreaseRequestsLimitExceededException extends ElasticLoadBalancingV2ServiceException {
    name = "CapacityDecreaseRequestsLimitExceededException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "CapacityDecreaseRequestsLimitExceededException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, CapacityDecreaseRequestsLimitExceededException.prototype);
        this.Message = opts.Message;
    }
}
class CapacityReservationPendingException extends ElasticLoadBalancingV2ServiceException {
    name = "CapacityReservationPendingException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "CapacityReservationPendingException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, CapacityReservationPendingException.prototype);
        this.Message = opts.Message;
    }
}
class CapacityUnitsLimitExceededException extends ElasticLoadBalancingV2ServiceException {
    name = "CapacityUnitsLimitExceededException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "CapacityUnitsLimitExceededException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, CapacityUnitsLimitExceededException.prototype);
        this.Message = opts.Message;
    }
}
class DuplicateListenerException extends ElasticLoadBalancingV2ServiceException {
    name = "DuplicateListenerException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "DuplicateListenerException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, DuplicateListenerException.prototype);
        this.Message = opts.Message;
    }
}
class IncompatibleProtocolsException extends ElasticLoadBalancingV2ServiceException {
    name = "IncompatibleProtocolsException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "IncompatibleProtocolsException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, IncompatibleProtocolsException.prototype);
        this.Message = opts.Message;
    }
}
class InvalidConfigurationRequestException extends ElasticLoadBalancingV2ServiceException {
    name = "InvalidConfigurationRequestException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidConfigurationRequestException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidConfigurationRequestException.prototype);
        this.Message = opts.Message;
    }
}
class InvalidLoadBalancerActionException extends ElasticLoadBalancingV2ServiceException {
    name = "InvalidLoadBalancerActionException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidLoadBalancerActionException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidLoadBalancerActionException.prototype);
        this.Message = opts.Message;
    }
}
class SSLPolicyNotFoundException extends ElasticLoadBalancingV2ServiceException {
    name = "SSLPolicyNotFoundException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "SSLPolicyNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, SSLPolicyNotFoundException.prototype);
        this.Message = opts.Message;
    }
}
class TargetGroupAssociationLimitException extends ElasticLoadBalancingV2ServiceException {
    name = "TargetGroupAssociationLimitException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "TargetGroupAssociationLimitException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, TargetGroupAssociationLimitException.prototype);
        this.Message = opts.Message;
    }
}
class TooManyActionsException extends ElasticLoadBalancingV2ServiceException {
    name = "TooManyActionsException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "TooManyActionsException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, TooManyActionsException.prototype);
        this.Message = opts.Message;
    }
}
class TooManyListenersException extends ElasticLoadBalancingV2ServiceException {
    name = "TooManyListenersException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "TooManyListenersException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, TooManyListenersException.prototype);
        this.Message = opts.Message;
    }
}
class TooManyRegistrationsForTargetIdException extends ElasticLoadBalancingV2ServiceException {
    name = "TooManyRegistrationsForTargetIdException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "TooManyRegistrationsForTargetIdException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, TooManyRegistrationsForTargetIdException.prototype);
        this.Message = opts.Message;
    }
}
class TooManyTargetsException extends ElasticLoadBalancingV2ServiceException {
    name = "TooManyTargetsException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "TooManyTargetsException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, TooManyTargetsException.prototype);
        this.Message = opts.Message;
    }
}
class TooManyUniqueTargetGroupsPerLoadBalancerException extends ElasticLoadBalancingV2ServiceException {
    name = "TooManyUniqueTargetGroupsPerLoadBalancerException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "TooManyUniqueTargetGroupsPerLoadBalancerException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, TooManyUniqueTargetGroupsPerLoadBalancerException.prototype);
        this.Message = opts.Message;
    }
}
class TrustStoreNotReadyException extends ElasticLoadBalancingV2ServiceException {
    name = "TrustStoreNotReadyException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "TrustStoreNotReadyException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, TrustStoreNotReadyException.prototype);
        this.Message = opts.Message;
    }
}
class UnsupportedProtocolException extends ElasticLoadBalancingV2ServiceException {
    name = "UnsupportedProtocolException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "UnsupportedProtocolException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, UnsupportedProtocolException.prototype);
        this.Message = opts.Message;
    }
}
class DuplicateLoadBalancerNameException extends ElasticLoadBalancingV2ServiceException {
    name = "DuplicateLoadBalancerNameException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "DuplicateLoadBalancerNameException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, DuplicateLoadBalancerNameException.prototype);
        this.Message = opts.Message;
    }
}
class InvalidSchemeException extends ElasticLoadBalancingV2ServiceException {
    name = "InvalidSchemeException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidSchemeException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidSchemeException.prototype);
        this.Message = opts.Message;
    }
}
class InvalidSecurityGroupException extends ElasticLoadBalancingV2ServiceException {
    name = "InvalidSecurityGroupException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidSecurityGroupException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidSecurityGroupException.prototype);
        this.Message = opts.Message;
    }
}
class InvalidSubnetException extends ElasticLoadBalancingV2ServiceException {
    name = "InvalidSubnetException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidSubnetException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidSubnetException.prototype);
        this.Message = opts.Message;
    }
}
class OperationNotPermittedException extends ElasticLoadBalancingV2ServiceException {
    name = "OperationNotPermittedException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "OperationNotPermittedException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, OperationNotPermittedException.prototype);
        this.Message = opts.Message;
    }
}
class ResourceInUseException extends ElasticLoadBalancingV2ServiceException {
    name = "ResourceInUseException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "ResourceInUseException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ResourceInUseException.prototype);
        this.Message = opts.Message;
    }
}
class SubnetNotFoundException extends ElasticLoadBalancingV2ServiceException {
    name = "SubnetNotFoundException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "SubnetNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, SubnetNotFoundException.prototype);
        this.Message = opts.Message;
    }
}
class TooManyLoadBalancersException extends ElasticLoadBalancingV2ServiceException {
    name = "TooManyLoadBalancersException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "TooManyLoadBalancersException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, TooManyLoadBalancersException.prototype);
        this.Message = opts.Message;
    }
}
class PriorityInUseException extends ElasticLoadBalancingV2ServiceException {
    name = "PriorityInUseException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "PriorityInUseException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, PriorityInUseException.prototype);
        this.Message = opts.Message;
    }
}
class TooManyRulesException extends ElasticLoadBalancingV2ServiceException {
    name = "TooManyRulesException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "TooManyRulesException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, TooManyRulesException.prototype);
        this.Message = opts.Message;
    }
}
class TooManyTargetGroupsException extends ElasticLoadBalancingV2ServiceException {
    name = "TooManyTargetGroupsException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "TooManyTargetGroupsException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, TooManyTargetGroupsException.prototype);
        this.Message = opts.Message;
    }
}
class DuplicateTargetGroupNameException extends ElasticLoadBalancingV2ServiceException {
    name = "DuplicateTargetGroupNameException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "DuplicateTargetGroupNameException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, DuplicateTargetGroupNameException.prototype);
        this.Message = opts.Message;
    }
}
class DuplicateTrustStoreNameException extends ElasticLoadBalancingV2ServiceException {
    name = "DuplicateTrustStoreNameException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "DuplicateTrustStoreNameException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, DuplicateTrustStoreNameException.prototype);
        this.Message = opts.Message;
    }
}
class InvalidCaCertificatesBundleException extends ElasticLoadBalancingV2ServiceException {
    name = "InvalidCaCertificatesBundleException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidCaCertificatesBundleException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidCaCertificatesBundleException.prototype);
        this.Message = opts.Message;
    }
}
class TooManyTrustStoresException extends ElasticLoadBalancingV2ServiceException {
    name = "TooManyTrustStoresException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "TooManyTrustStoresException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, TooManyTrustStoresException.prototype);
        this.Message = opts.Message;
    }
}
class DeleteAssociationSameAccountException extends ElasticLoadBalancingV2ServiceException {
    name = "DeleteAssociationSameAccountException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "DeleteAssociationSameAccountException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, DeleteAssociationSameAccountException.prototype);
        this.Message = opts.Message;
    }
}
class TrustStoreAssociationNotFoundException extends ElasticLoadBalancingV2ServiceException {
    name = "TrustStoreAssociationNotFoundException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "TrustStoreAssociationNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, TrustStoreAssociationNotFoundException.prototype);
        this.Message = opts.Message;
    }
}
class TrustStoreInUseException extends ElasticLoadBalancingV2ServiceException {
    name = "TrustStoreInUseException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "TrustStoreInUseException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, TrustStoreInUseException.prototype);
        this.Message = opts.Message;
    }
}
class InvalidTargetException extends ElasticLoadBalancingV2ServiceException {
    name = "InvalidTargetException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidTargetException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidTargetException.prototype);
        this.Message = opts.Message;
    }
}
class HealthUnavailableException extends ElasticLoadBalancingV2ServiceException {
    name = "HealthUnavailableException";
    $fault = "server";
    Message;
    constructor(opts) {
        super({
            name: "HealthUnavailableException",
            $fault: "server",
            ...opts,
        });
        Object.setPrototypeOf(this, HealthUnavailableException.prototype);
        this.Message = opts.Message;
    }
}
class RevocationIdNotFoundException extends ElasticLoadBalancingV2ServiceException {
    name = "RevocationIdNotFoundException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "RevocationIdNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, RevocationIdNotFoundException.prototype);
        this.Message = opts.Message;
    }
}
class ResourceNotFoundException extends ElasticLoadBalancingV2ServiceException {
    name = "ResourceNotFoundException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "ResourceNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ResourceNotFoundException.prototype);
        this.Message = opts.Message;
    }
}
class InsufficientCapacityException extends ElasticLoadBalancingV2ServiceException {
    name = "InsufficientCapacityException";
    $fault = "server";
    Message;
    constructor(opts) {
        super({
            name: "InsufficientCapacityException",
            $fault: "server",
            ...opts,
        });
        Object.setPrototypeOf(this, InsufficientCapacityException.prototype);
        this.Message = opts.Message;
    }
}
class PriorRequestNotCompleteException extends ElasticLoadBalancingV2ServiceException {
    name = "PriorRequestNotCompleteException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "PriorRequestNotCompleteException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, PriorRequestNotCompleteException.prototype);
        this.Message = opts.Message;
    }
}

const _A = "Action";
const _AC = "AdditionalClaims";
const _ACAC = "AuthenticateCognitoActionConfig";
const _ACC = "AuthenticateCognitoConfig";
const _AD = "AnomalyDetection";
const _AE = "AuthorizationEndpoint";
const _AI = "AllocationId";
const _AINFE = "AllocationIdNotFoundException";
const _ALC = "AddListenerCertificates";
const _ALCI = "AddListenerCertificatesInput";
const _ALCO = "AddListenerCertificatesOutput";
const _ALPNPNSE = "ALPNPolicyNotSupportedException";
const _AO = "AdministrativeOverride";
const _AOAC = "AuthenticateOidcActionConfig";
const _AOC = "AuthenticateOidcConfig";
const _AP = "AlpnPolicy";
const _AREP = "AuthenticationRequestExtraParams";
const _AT = "AddTags";
const _ATI = "AddTagsInput";
const _ATO = "AddTagsOutput";
const _ATSCN = "AdvertiseTrustStoreCaNames";
const _ATSR = "AddTrustStoreRevocations";
const _ATSRI = "AddTrustStoreRevocationsInput";
const _ATSRO = "AddTrustStoreRevocationsOutput";
const _AZ = "AvailabilityZone";
const _AZNSE = "AvailabilityZoneNotSupportedException";
const _AZv = "AvailabilityZones";
const _Ac = "Actions";
const _At = "Attributes";
const _C = "Certificates";
const _CA = "CertificateArn";
const _CCBNFE = "CaCertificatesBundleNotFoundException";
const _CCBSB = "CaCertificatesBundleS3Bucket";
const _CCBSK = "CaCertificatesBundleS3Key";
const _CCBSOV = "CaCertificatesBundleS3ObjectVersion";
const _CDRLEE = "CapacityDecreaseRequestsLimitExceededException";
const _CHZI = "CanonicalHostedZoneId";
const _CI = "ClientId";
const _CL = "CertificateList";
const _CLB = "CreateLoadBalancer";
const _CLBI = "CreateLoadBalancerInput";
const _CLBO = "CreateLoadBalancerOutput";
const _CLI = "CreateListenerInput";
const _CLO = "CreateListenerOutput";
const _CLr = "CreateListener";
const _CNFE = "CertificateNotFoundException";
const _COIP = "CustomerOwnedIpv4Pool";
const _CR = "CreateRule";
const _CRI = "CreateRuleInput";
const _CRO = "CreateRuleOutput";
const _CRPE = "CapacityReservationPendingException";
const _CRS = "CapacityReservationStatus";
const _CRSa = "CapacityReservationState";
const _CS = "ClientSecret";
const _CT = "ContentType";
const _CTG = "CreateTargetGroup";
const _CTGI = "CreateTargetGroupInput";
const _CTGO = "CreateTargetGroupOutput";
const _CTS = "CreateTrustStore";
const _CTSI = "CreateTrustStoreInput";
const _CTSO = "CreateTrustStoreOutput";
const _CTr = "CreatedTime";
const _CU = "CapacityUnits";
const _CULEE = "CapacityUnitsLimitExceededException";
const _Ce = "Certificate";
const _Ci = "Cipher";
const _Cip = "Ciphers";
const _Co = "Code";
const _Con = "Conditions";
const _D = "Description";
const _DA = "DefaultActions";
const _DAL = "DescribeAccountLimits";
const _DALI = "DescribeAccountLimitsInput";
const _DALO = "DescribeAccountLimitsOutput";
const _DASAE = "DeleteAssociationSameAccountException";
const _DCR = "DescribeCapacityReservation";
const _DCRI = "DescribeCapacityReservationInput";
const _DCRO = "DescribeCapacityReservationOutput";
const _DL = "DeleteListener";
const _DLA = "DescribeListenerAttributes";
const _DLAI = "DescribeListenerAttributesInput";
const _DLAO = "DescribeListenerAttributesOutput";
const _DLB = "DeleteLoadBalancer";
const _DLBA = "DescribeLoadBalancerAttributes";
const _DLBAI = "DescribeLoadBalancerAttributesInput";
const _DLBAO = "DescribeLoadBalancerAttributesOutput";
const _DLBI = "DeleteLoadBalancerInput";
const _DLBIe = "DescribeLoadBalancersInput";
const _DLBNE = "DuplicateLoadBalancerNameException";
const _DLBO = "DeleteLoadBalancerOutput";
const _DLBOe = "DescribeLoadBalancersOutput";
const _DLBe = "DescribeLoadBalancers";
const _DLC = "DescribeListenerCertificates";
const _DLCI = "DescribeListenerCertificatesInput";
const _DLCO = "DescribeListenerCertificatesOutput";
const _DLE = "DuplicateListenerException";
const _DLI = "DeleteListenerInput";
const _DLIe = "DescribeListenersInput";
const _DLO = "DeleteListenerOutput";
const _DLOe = "DescribeListenersOutput";
const _DLe = "DescribeListeners";
const _DNSN = "DNSName";
const _DR = "DeleteRule";
const _DRI = "DeleteRuleInput";
const _DRIe = "DescribeRulesInput";
const _DRO = "DeleteRuleOutput";
const _DROe = "DescribeRulesOutput";
const _DRR = "DecreaseRequestsRemaining";
const _DRe = "DescribeRules";
const _DS = "DurationSeconds";
const _DSSLP = "DescribeSSLPolicies";
const _DSSLPI = "DescribeSSLPoliciesInput";
const _DSSLPO = "DescribeSSLPoliciesOutput";
const _DSTSA = "DeleteSharedTrustStoreAssociation";
const _DSTSAI = "DeleteSharedTrustStoreAssociationInput";
const _DSTSAO = "DeleteSharedTrustStoreAssociationOutput";
const _DT = "DeregisterTargets";
const _DTG = "DeleteTargetGroup";
const _DTGA = "DescribeTargetGroupAttributes";
const _DTGAI = "DescribeTargetGroupAttributesInput";
const _DTGAO = "DescribeTargetGroupAttributesOutput";
const _DTGI = "DeleteTargetGroupInput";
const _DTGIe = "DescribeTargetGroupsInput";
const _DTGNE = "DuplicateTargetGroupNameException";
const _DTGO = "DeleteTargetGroupOutput";
const _DTGOe = "DescribeTargetGroupsOutput";
const _DTGe = "DescribeTargetGroups";
const _DTH = "DescribeTargetHealth";
const _DTHI = "DescribeTargetHealthInput";
const _DTHO = "DescribeTargetHealthOutput";
const _DTI = "DeregisterTargetsInput";
const _DTIe = "DescribeTagsInput";
const _DTKE = "DuplicateTagKeysException";
const _DTO = "DeregisterTargetsOutput";
const _DTOe = "DescribeTagsOutput";
const _DTS = "DeleteTrustStore";
const _DTSA = "DescribeTrustStoreAssociations";
const _DTSAI = "DescribeTrustStoreAssociationsInput";
const _DTSAO = "DescribeTrustStoreAssociationsOutput";
const _DTSI = "DeleteTrustStoreInput";
const _DTSIe = "DescribeTrustStoresInput";
const _DTSNE = "DuplicateTrustStoreNameException";
const _DTSO = "DeleteTrustStoreOutput";
const _DTSOe = "DescribeTrustStoresOutput";
const _DTSR = "DescribeTrustStoreRevocation";
const _DTSRI = "DescribeTrustStoreRevocationsInput";
const _DTSRO = "DescribeTrustStoreRevocationsOutput";
const _DTSRR = "DescribeTrustStoreRevocationResponse";
const _DTSRe = "DescribeTrustStoreRevocations";
const _DTSe = "DescribeTrustStores";
const _DTe = "DescribeTags";
const _E = "Enabled";
const _ECU = "EffectiveCapacityUnits";
const _EPFISN = "EnablePrefixForIpv6SourceNat";
const _ESGIROPLT = "EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic";
const _F = "Format";
const _FAC = "ForwardActionConfig";
const _FC = "ForwardConfig";
const _FRAC = "FixedResponseActionConfig";
const _FRC = "FixedResponseConfig";
const _Fi = "Field";
const _GC = "GrpcCode";
const _GRP = "GetResourcePolicy";
const _GRPI = "GetResourcePolicyInput";
const _GRPO = "GetResourcePolicyOutput";
const _GTSCCB = "GetTrustStoreCaCertificatesBundle";
const _GTSCCBI = "GetTrustStoreCaCertificatesBundleInput";
const _GTSCCBO = "GetTrustStoreCaCertificatesBundleOutput";
const _GTSRC = "GetTrustStoreRevocationContent";
const _GTSRCI = "GetTrustStoreRevocationContentInput";
const _GTSRCO = "GetTrustStoreRevocationContentOutput";
const _H = "Host";
const _HC = "HttpCode";
const _HCE = "HealthCheckEnabled";
const _HCIS = "HealthCheckIntervalSeconds";
const _HCP = "HealthCheckProtocol";
const _HCPe = "HealthCheckPort";
const _HCPea = "HealthCheckPath";
const _HCTS = "HealthCheckTimeoutSeconds";
const _HHC = "HostHeaderConfig";
const _HHCC = "HostHeaderConditionConfig";
const _HHCCt = "HttpHeaderConditionConfig";
const _HHCt = "HttpHeaderConfig";
const _HHN = "HttpHeaderName";
const _HHRC = "HostHeaderRewriteConfig";
const _HRMC = "HttpRequestMethodConfig";
const _HRMCC = "HttpRequestMethodConditionConfig";
const _HTC = "HealthyThresholdCount";
const _HUE = "HealthUnavailableException";
const _I = "Issuer";
const _IA = "IpAddress";
const _IAT = "IpAddressType";
const _ICCBE = "InvalidCaCertificatesBundleException";
const _ICCE = "IgnoreClientCertificateExpiry";
const _ICE = "InsufficientCapacityException";
const _ICRE = "InvalidConfigurationRequestException";
const _ID = "IsDefault";
const _IIPI = "Ipv4IpamPoolId";
const _ILBAE = "InvalidLoadBalancerActionException";
const _IP = "IpamPools";
const _IPA = "IPv6Address";
const _IPE = "IncompatibleProtocolsException";
const _IRCE = "InvalidRevocationContentException";
const _ISE = "InvalidSchemeException";
const _ISEn = "InvalidSubnetException";
const _ISGE = "InvalidSecurityGroupException";
const _ITE = "InvalidTargetException";
const _Id = "Id";
const _In = "Include";
const _JE = "JwksEndpoint";
const _JVAAC = "JwtValidationActionAdditionalClaim";
const _JVAACw = "JwtValidationActionAdditionalClaims";
const _JVAC = "JwtValidationActionConfig";
const _JVC = "JwtValidationConfig";
const _K = "Key";
const _L = "Listeners";
const _LA = "ListenerArn";
const _LAi = "ListenerArns";
const _LAis = "ListenerAttribute";
const _LAist = "ListenerAttributes";
const _LB = "LoadBalancers";
const _LBA = "LoadBalancerAddresses";
const _LBAo = "LoadBalancerArn";
const _LBAoa = "LoadBalancerArns";
const _LBAoad = "LoadBalancerAddress";
const _LBAoada = "LoadBalancerAttribute";
const _LBAoadal = "LoadBalancerAttributes";
const _LBN = "LoadBalancerName";
const _LBNFE = "LoadBalancerNotFoundException";
const _LBS = "LoadBalancerState";
const _LBT = "LoadBalancerType";
const _LBo = "LoadBalancer";
const _LMT = "LastModifiedTime";
const _LNFE = "ListenerNotFoundException";
const _Li = "Limits";
const _Lim = "Limit";
const _Lis = "Listener";
const _Lo = "Location";
const _M = "Message";
const _MA = "MutualAuthentication";
const _MAA = "MutualAuthenticationAttributes";
const _MB = "MessageBody";
const _MCR = "ModifyCapacityReservation";
const _MCRI = "ModifyCapacityReservationInput";
const _MCRO = "ModifyCapacityReservationOutput";
const _MIE = "MitigationInEffect";
const _MIP = "ModifyIpPools";
const _MIPI = "ModifyIpPoolsInput";
const _MIPO = "ModifyIpPoolsOutput";
const _ML = "ModifyListener";
const _MLA = "ModifyListenerAttributes";
const _MLAI = "ModifyListenerAttributesInput";
const _MLAO = "ModifyListenerAttributesOutput";
const _MLBA = "ModifyLoadBalancerAttributes";
const _MLBAI = "ModifyLoadBalancerAttributesInput";
const _MLBAO = "ModifyLoadBalancerAttributesOutput";
const _MLBC = "MinimumLoadBalancerCapacity";
const _MLI = "ModifyListenerInput";
const _MLO = "ModifyListenerOutput";
const _MR = "ModifyRule";
const _MRI = "ModifyRuleInput";
const _MRO = "ModifyRuleOutput";
const _MTG = "ModifyTargetGroup";
const _MTGA = "ModifyTargetGroupAttributes";
const _MTGAI = "ModifyTargetGroupAttributesInput";
const _MTGAO = "ModifyTargetGroupAttributesOutput";
const _MTGI = "ModifyTargetGroupInput";
const _MTGO = "ModifyTargetGroupOutput";
const _MTS = "ModifyTrustStore";
const _MTSI = "ModifyTrustStoreInput";
const _MTSO = "ModifyTrustStoreOutput";
const _Ma = "Matcher";
const _Mar = "Marker";
const _Max = "Max";
const _Mo = "Mode";
const _N = "Name";
const _NM = "NextMarker";
const _NOCC = "NumberOfCaCertificates";
const _NORE = "NumberOfRevokedEntries";
const _Na = "Names";
const _O = "Order";
const _OI = "OutpostId";
const _ONPE = "OperationNotPermittedException";
const _OUR = "OnUnauthenticatedRequest";
const _P = "Priority";
const _PIPA = "PrivateIPv4Address";
const _PIUE = "PriorityInUseException";
const _PPC = "PathPatternConfig";
const _PPCC = "PathPatternConditionConfig";
const _PRNCE = "PriorRequestNotCompleteException";
const _PS = "PageSize";
const _PV = "ProtocolVersion";
const _Pa = "Path";
const _Po = "Port";
const _Pol = "Policy";
const _Pr = "Protocol";
const _Q = "Query";
const _QSC = "QueryStringConfig";
const _QSCC = "QueryStringConditionConfig";
const _QSI = "QuicServerId";
const _QSKVP = "QueryStringKeyValuePair";
const _QSKVPL = "QueryStringKeyValuePairList";
const _R = "Reason";
const _RA = "ResourceArns";
const _RAC = "RedirectActionConfig";
const _RAe = "ResourceArn";
const _RAu = "RuleArn";
const _RAul = "RuleArns";
const _RC = "RedirectConfig";
const _RCL = "RewriteConfigList";
const _RCLu = "RuleConditionList";
const _RCNFE = "RevocationContentNotFoundException";
const _RCR = "ResetCapacityReservation";
const _RCe = "RevocationContents";
const _RCev = "RevocationContent";
const _RCew = "RewriteConfig";
const _RCu = "RuleCondition";
const _RI = "RevocationId";
const _RINFE = "RevocationIdNotFoundException";
const _RIP = "RemoveIpamPools";
const _RIUE = "ResourceInUseException";
const _RIe = "RevocationIds";
const _RLC = "RemoveListenerCertificates";
const _RLCI = "RemoveListenerCertificatesInput";
const _RLCO = "RemoveListenerCertificatesOutput";
const _RNFE = "ResourceNotFoundException";
const _RNFEu = "RuleNotFoundException";
const _RP = "RulePriorities";
const _RPL = "RulePriorityList";
const _RPP = "RulePriorityPair";
const _RT = "RevocationType";
const _RTI = "RegisterTargetsInput";
const _RTIe = "RemoveTagsInput";
const _RTL = "RuleTransformList";
const _RTO = "RegisterTargetsOutput";
const _RTOe = "RemoveTagsOutput";
const _RTSR = "RemoveTrustStoreRevocations";
const _RTSRI = "RemoveTrustStoreRevocationsInput";
const _RTSRO = "RemoveTrustStoreRevocationsOutput";
const _RTe = "ResetTransforms";
const _RTeg = "RegisterTargets";
const _RTem = "RemoveTags";
const _RTu = "RuleTransform";
const _RV = "RegexValues";
const _Re = "Result";
const _Reg = "Regex";
const _Rep = "Replace";
const _Rew = "Rewrites";
const _Ru = "Rules";
const _Rul = "Rule";
const _S = "State";
const _SB = "S3Bucket";
const _SC = "StatusCode";
const _SCN = "SessionCookieName";
const _SG = "SecurityGroups";
const _SGI = "SecurityGroupIds";
const _SI = "SubnetId";
const _SIAT = "SetIpAddressType";
const _SIATI = "SetIpAddressTypeInput";
const _SIATO = "SetIpAddressTypeOutput";
const _SIC = "SourceIpConfig";
const _SICC = "SourceIpConditionConfig";
const _SK = "S3Key";
const _SLBT = "SupportedLoadBalancerTypes";
const _SM = "SubnetMappings";
const _SMu = "SubnetMapping";
const _SNFE = "SubnetNotFoundException";
const _SNIP = "SourceNatIpv6Prefixes";
const _SNIPo = "SourceNatIpv6Prefix";
const _SOV = "S3ObjectVersion";
const _SP = "SslPolicy";
const _SPs = "SslPolicies";
const _SPsl = "SslProtocols";
const _SRP = "SetRulePriorities";
const _SRPI = "SetRulePrioritiesInput";
const _SRPO = "SetRulePrioritiesOutput";
const _SS = "SetSubnets";
const _SSG = "SetSecurityGroups";
const _SSGI = "SetSecurityGroupsInput";
const _SSGO = "SetSecurityGroupsOutput";
const _SSI = "SetSubnetsInput";
const _SSLPNFE = "SSLPolicyNotFoundException";
const _SSO = "SetSubnetsOutput";
const _ST = "SessionTimeout";
const _Sc = "Scope";
const _Sch = "Scheme";
const _St = "Status";
const _Su = "Subnets";
const _T = "Type";
const _TCP = "TargetControlPort";
const _TD = "TagDescriptions";
const _TDa = "TagDescription";
const _TDar = "TargetDescription";
const _TDarg = "TargetDescriptions";
const _TE = "TokenEndpoint";
const _TG = "TargetGroups";
const _TGA = "TargetGroupArn";
const _TGALE = "TargetGroupAssociationLimitException";
const _TGAa = "TargetGroupArns";
const _TGAar = "TargetGroupAttribute";
const _TGAarg = "TargetGroupAttributes";
const _TGL = "TargetGroupList";
const _TGN = "TargetGroupName";
const _TGNFE = "TargetGroupNotFoundException";
const _TGSC = "TargetGroupStickinessConfig";
const _TGT = "TargetGroupTuple";
const _TGa = "TargetGroup";
const _TH = "TargetHealth";
const _THD = "TargetHealthDescriptions";
const _THDa = "TargetHealthDescription";
const _TK = "TagKeys";
const _TL = "TagList";
const _TMAE = "TooManyActionsException";
const _TMCE = "TooManyCertificatesException";
const _TMLBE = "TooManyLoadBalancersException";
const _TMLE = "TooManyListenersException";
const _TMRE = "TooManyRulesException";
const _TMRFTIE = "TooManyRegistrationsForTargetIdException";
const _TMTE = "TooManyTagsException";
const _TMTEo = "TooManyTargetsException";
const _TMTGE = "TooManyTargetGroupsException";
const _TMTSE = "TooManyTrustStoresException";
const _TMTSREE = "TooManyTrustStoreRevocationEntriesException";
const _TMUTGPLBE = "TooManyUniqueTargetGroupsPerLoadBalancerException";
const _TRE = "TotalRevokedEntries";
const _TS = "TrustStores";
const _TSA = "TrustStoreArn";
const _TSANFE = "TrustStoreAssociationNotFoundException";
const _TSAS = "TrustStoreAssociationStatus";
const _TSAr = "TrustStoreAssociations";
const _TSAru = "TrustStoreArns";
const _TSArus = "TrustStoreAssociation";
const _TSIUE = "TrustStoreInUseException";
const _TSNFE = "TrustStoreNotFoundException";
const _TSNRE = "TrustStoreNotReadyException";
const _TSR = "TrustStoreRevocations";
const _TSRr = "TrustStoreRevocation";
const _TSr = "TrustStore";
const _TT = "TargetType";
const _Ta = "Tags";
const _Tag = "Tag";
const _Tar = "Targets";
const _Targ = "Target";
const _Tr = "Transforms";
const _UECS = "UseExistingClientSecret";
const _UIE = "UserInfoEndpoint";
const _UPA = "UserPoolArn";
const _UPCI = "UserPoolClientId";
const _UPD = "UserPoolDomain";
const _UPE = "UnsupportedProtocolException";
const _URC = "UrlRewriteConfig";
const _UTC = "UnhealthyThresholdCount";
const _V = "Values";
const _VI = "VpcId";
const _Va = "Value";
const _W = "Weight";
const _ZCRS = "ZonalCapacityReservationState";
const _ZCRSo = "ZonalCapacityReservationStates";
const _ZN = "ZoneName";
const _aQE = "awsQueryError";
const _c = "client";
const _e = "error";
const _hE = "httpError";
const _s = "smithy.ts.sdk.synthetic.com.amazonaws.elasticloadbalancingv2";
const _se = "server";
const n0 = "com.amazonaws.elasticloadbalancingv2";
const _s_registry = new TypeRegistry(_s);
var ElasticLoadBalancingV2ServiceException$ = [-3, _s, "ElasticLoadBalancingV2ServiceException", 0, [], []];
_s_registry.registerError(ElasticLoadBalancingV2ServiceException$, ElasticLoadBalancingV2ServiceException);
const n0_registry = new TypeRegistry(n0);
var AllocationIdNotFoundException$ = [-3, n0, _AINFE,
    { [_aQE]: [`AllocationIdNotFound`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(AllocationIdNotFoundException$, AllocationIdNotFoundException);
var ALPNPolicyNotSupportedException$ = [-3, n0, _ALPNPNSE,
    { [_aQE]: [`ALPNPolicyNotFound`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(ALPNPolicyNotSupportedException$, ALPNPolicyNotSupportedException);
var AvailabilityZoneNotSupportedException$ = [-3, n0, _AZNSE,
    { [_aQE]: [`AvailabilityZoneNotSupported`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(AvailabilityZoneNotSupportedException$, AvailabilityZoneNotSupportedException);
var CaCertificatesBundleNotFoundException$ = [-3, n0, _CCBNFE,
    { [_aQE]: [`CaCertificatesBundleNotFound`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(CaCertificatesBundleNotFoundException$, CaCertificatesBundleNotFoundException);
var CapacityDecreaseRequestsLimitExceededException$ = [-3, n0, _CDRLEE,
    { [_aQE]: [`CapacityDecreaseRequestLimitExceeded`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(CapacityDecreaseRequestsLimitExceededException$, CapacityDecreaseRequestsLimitExceededException);
var CapacityReservationPendingException$ = [-3, n0, _CRPE,
    { [_aQE]: [`CapacityReservationPending`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(CapacityReservationPendingException$, CapacityReservationPendingException);
var CapacityUnitsLimitExceededException$ = [-3, n0, _CULEE,
    { [_aQE]: [`CapacityUnitsLimitExceeded`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(CapacityUnitsLimitExceededException$, CapacityUnitsLimitExceededException);
var CertificateNotFoundException$ = [-3, n0, _CNFE,
    { [_aQE]: [`CertificateNotFound`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(CertificateNotFoundException$, CertificateNotFoundException);
var DeleteAssociationSameAccountException$ = [-3, n0, _DASAE,
    { [_aQE]: [`DeleteAssociationSameAccount`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(DeleteAssociationSameAccountException$, DeleteAssociationSameAccountException);
var DuplicateListenerException$ = [-3, n0, _DLE,
    { [_aQE]: [`DuplicateListener`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(DuplicateListenerException$, DuplicateListenerException);
var DuplicateLoadBalancerNameException$ = [-3, n0, _DLBNE,
    { [_aQE]: [`DuplicateLoadBalancerName`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(DuplicateLoadBalancerNameException$, DuplicateLoadBalancerNameException);
var DuplicateTagKeysException$ = [-3, n0, _DTKE,
    { [_aQE]: [`DuplicateTagKeys`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(DuplicateTagKeysException$, DuplicateTagKeysException);
var DuplicateTargetGroupNameException$ = [-3, n0, _DTGNE,
    { [_aQE]: [`DuplicateTargetGroupName`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(DuplicateTargetGroupNameException$, DuplicateTargetGroupNameException);
var DuplicateTrustStoreNameException$ = [-3, n0, _DTSNE,
    { [_aQE]: [`DuplicateTrustStoreName`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(DuplicateTrustStoreNameException$, DuplicateTrustStoreNameException);
var HealthUnavailableException$ = [-3, n0, _HUE,
    { [_aQE]: [`HealthUnavailable`, 500], [_e]: _se, [_hE]: 500 },
    [_M],
    [0]
];
n0_registry.registerError(HealthUnavailableException$, HealthUnavailableException);
var IncompatibleProtocolsException$ = [-3, n0, _IPE,
    { [_aQE]: [`IncompatibleProtocols`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(IncompatibleProtocolsException$, IncompatibleProtocolsException);
var InsufficientCapacityException$ = [-3, n0, _ICE,
    { [_aQE]: [`InsufficientCapacity`, 500], [_e]: _se, [_hE]: 500 },
    [_M],
    [0]
];
n0_registry.registerError(InsufficientCapacityException$, InsufficientCapacityException);
var InvalidCaCertificatesBundleException$ = [-3, n0, _ICCBE,
    { [_aQE]: [`InvalidCaCertificatesBundle`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(InvalidCaCertificatesBundleException$, InvalidCaCertificatesBundleException);
var InvalidConfigurationRequestException$ = [-3, n0, _ICRE,
    { [_aQE]: [`InvalidConfigurationRequest`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(InvalidConfigurationRequestException$, InvalidConfigurationRequestException);
var InvalidLoadBalancerActionException$ = [-3, n0, _ILBAE,
    { [_aQE]: [`InvalidLoadBalancerAction`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(InvalidLoadBalancerActionException$, InvalidLoadBalancerActionException);
var InvalidRevocationContentException$ = [-3, n0, _IRCE,
    { [_aQE]: [`InvalidRevocationContent`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(InvalidRevocationContentException$, InvalidRevocationContentException);
var InvalidSchemeException$ = [-3, n0, _ISE,
    { [_aQE]: [`InvalidScheme`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(InvalidSchemeException$, InvalidSchemeException);
var InvalidSecurityGroupException$ = [-3, n0, _ISGE,
    { [_aQE]: [`InvalidSecurityGroup`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(InvalidSecurityGroupException$, InvalidSecurityGroupException);
var InvalidSubnetException$ = [-3, n0, _ISEn,
    { [_aQE]: [`InvalidSubnet`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(InvalidSubnetException$, InvalidSubnetException);
var InvalidTargetException$ = [-3, n0, _ITE,
    { [_aQE]: [`InvalidTarget`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(InvalidTargetException$, InvalidTargetException);
var ListenerNotFoundException$ = [-3, n0, _LNFE,
    { [_aQE]: [`ListenerNotFound`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(ListenerNotFoundException$, ListenerNotFoundException);
var LoadBalancerNotFoundException$ = [-3, n0, _LBNFE,
    { [_aQE]: [`LoadBalancerNotFound`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(LoadBalancerNotFoundException$, LoadBalancerNotFoundException);
var OperationNotPermittedException$ = [-3, n0, _ONPE,
    { [_aQE]: [`OperationNotPermitted`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(OperationNotPermittedException$, OperationNotPermittedException);
var PriorityInUseException$ = [-3, n0, _PIUE,
    { [_aQE]: [`PriorityInUse`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(PriorityInUseException$, PriorityInUseException);
var PriorRequestNotCompleteException$ = [-3, n0, _PRNCE,
    { [_aQE]: [`PriorRequestNotComplete`, 429], [_e]: _c, [_hE]: 429 },
    [_M],
    [0]
];
n0_registry.registerError(PriorRequestNotCompleteException$, PriorRequestNotCompleteException);
var ResourceInUseException$ = [-3, n0, _RIUE,
    { [_aQE]: [`ResourceInUse`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(ResourceInUseException$, ResourceInUseException);
var ResourceNotFoundException$ = [-3, n0, _RNFE,
    { [_aQE]: [`ResourceNotFound`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(ResourceNotFoundException$, ResourceNotFoundException);
var RevocationContentNotFoundException$ = [-3, n0, _RCNFE,
    { [_aQE]: [`RevocationContentNotFound`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(RevocationContentNotFoundException$, RevocationContentNotFoundException);
var RevocationIdNotFoundException$ = [-3, n0, _RINFE,
    { [_aQE]: [`RevocationIdNotFound`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(RevocationIdNotFoundException$, RevocationIdNotFoundException);
var RuleNotFoundException$ = [-3, n0, _RNFEu,
    { [_aQE]: [`RuleNotFound`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(RuleNotFoundException$, RuleNotFoundException);
var SSLPolicyNotFoundException$ = [-3, n0, _SSLPNFE,
    { [_aQE]: [`SSLPolicyNotFound`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(SSLPolicyNotFoundException$, SSLPolicyNotFoundException);
var SubnetNotFoundException$ = [-3, n0, _SNFE,
    { [_aQE]: [`SubnetNotFound`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(SubnetNotFoundException$, SubnetNotFoundException);
var TargetGroupAssociationLimitException$ = [-3, n0, _TGALE,
    { [_aQE]: [`TargetGroupAssociationLimit`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(TargetGroupAssociationLimitException$, TargetGroupAssociationLimitException);
var TargetGroupNotFoundException$ = [-3, n0, _TGNFE,
    { [_aQE]: [`TargetGroupNotFound`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(TargetGroupNotFoundException$, TargetGroupNotFoundException);
var TooManyActionsException$ = [-3, n0, _TMAE,
    { [_aQE]: [`TooManyActions`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(TooManyActionsException$, TooManyActionsException);
var TooManyCertificatesException$ = [-3, n0, _TMCE,
    { [_aQE]: [`TooManyCertificates`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(TooManyCertificatesException$, TooManyCertificatesException);
var TooManyListenersException$ = [-3, n0, _TMLE,
    { [_aQE]: [`TooManyListeners`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(TooManyListenersException$, TooManyListenersException);
var TooManyLoadBalancersException$ = [-3, n0, _TMLBE,
    { [_aQE]: [`TooManyLoadBalancers`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(TooManyLoadBalancersException$, TooManyLoadBalancersException);
var TooManyRegistrationsForTargetIdException$ = [-3, n0, _TMRFTIE,
    { [_aQE]: [`TooManyRegistrationsForTargetId`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(TooManyRegistrationsForTargetIdException$, TooManyRegistrationsForTargetIdException);
var TooManyRulesException$ = [-3, n0, _TMRE,
    { [_aQE]: [`TooManyRules`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(TooManyRulesException$, TooManyRulesException);
var TooManyTagsException$ = [-3, n0, _TMTE,
    { [_aQE]: [`TooManyTags`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(TooManyTagsException$, TooManyTagsException);
var TooManyTargetGroupsException$ = [-3, n0, _TMTGE,
    { [_aQE]: [`TooManyTargetGroups`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(TooManyTargetGroupsException$, TooManyTargetGroupsException);
var TooManyTargetsException$ = [-3, n0, _TMTEo,
    { [_aQE]: [`TooManyTargets`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(TooManyTargetsException$, TooManyTargetsException);
var TooManyTrustStoreRevocationEntriesException$ = [-3, n0, _TMTSREE,
    { [_aQE]: [`TooManyTrustStoreRevocationEntries`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(TooManyTrustStoreRevocationEntriesException$, TooManyTrustStoreRevocationEntriesException);
var TooManyTrustStoresException$ = [-3, n0, _TMTSE,
    { [_aQE]: [`TooManyTrustStores`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(TooManyTrustStoresException$, TooManyTrustStoresException);
var TooManyUniqueTargetGroupsPerLoadBalancerException$ = [-3, n0, _TMUTGPLBE,
    { [_aQE]: [`TooManyUniqueTargetGroupsPerLoadBalancer`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(TooManyUniqueTargetGroupsPerLoadBalancerException$, TooManyUniqueTargetGroupsPerLoadBalancerException);
var TrustStoreAssociationNotFoundException$ = [-3, n0, _TSANFE,
    { [_aQE]: [`AssociationNotFound`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(TrustStoreAssociationNotFoundException$, TrustStoreAssociationNotFoundException);
var TrustStoreInUseException$ = [-3, n0, _TSIUE,
    { [_aQE]: [`TrustStoreInUse`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(TrustStoreInUseException$, TrustStoreInUseException);
var TrustStoreNotFoundException$ = [-3, n0, _TSNFE,
    { [_aQE]: [`TrustStoreNotFound`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(TrustStoreNotFoundException$, TrustStoreNotFoundException);
var TrustStoreNotReadyException$ = [-3, n0, _TSNRE,
    { [_aQE]: [`TrustStoreNotReady`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(TrustStoreNotReadyException$, TrustStoreNotReadyException);
var UnsupportedProtocolException$ = [-3, n0, _UPE,
    { [_aQE]: [`UnsupportedProtocol`, 400], [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(UnsupportedProtocolException$, UnsupportedProtocolException);
const errorTypeRegistries = [
    _s_registry,
    n0_registry,
];
var Action$ = [3, n0, _A,
    0,
    [_T, _TGA, _AOC, _ACC, _O, _RC, _FRC, _FC, _JVC],
    [0, 0, () => AuthenticateOidcActionConfig$, () => AuthenticateCognitoActionConfig$, 1, () => RedirectActionConfig$, () => FixedResponseActionConfig$, () => ForwardActionConfig$, () => JwtValidationActionConfig$], 1
];
var AddListenerCertificatesInput$ = [3, n0, _ALCI,
    0,
    [_LA, _C],
    [0, () => CertificateList], 2
];
var AddListenerCertificatesOutput$ = [3, n0, _ALCO,
    0,
    [_C],
    [() => CertificateList]
];
var AddTagsInput$ = [3, n0, _ATI,
    0,
    [_RA, _Ta],
    [64 | 0, () => TagList], 2
];
var AddTagsOutput$ = [3, n0, _ATO,
    0,
    [],
    []
];
var AddTrustStoreRevocationsInput$ = [3, n0, _ATSRI,
    0,
    [_TSA, _RCe],
    [0, () => RevocationContents], 1
];
var AddTrustStoreRevocationsOutput$ = [3, n0, _ATSRO,
    0,
    [_TSR],
    [() => TrustStoreRevocations]
];
var AdministrativeOverride$ = [3, n0, _AO,
    0,
    [_S, _R, _D],
    [0, 0, 0]
];
var AnomalyDetection$ = [3, n0, _AD,
    0,
    [_Re, _MIE],
    [0, 0]
];
var AuthenticateCognitoActionConfig$ = [3, n0, _ACAC,
    0,
    [_UPA, _UPCI, _UPD, _SCN, _Sc, _ST, _AREP, _OUR],
    [0, 0, 0, 0, 0, 1, 128 | 0, 0], 3
];
var AuthenticateOidcActionConfig$ = [3, n0, _AOAC,
    0,
    [_I, _AE, _TE, _UIE, _CI, _CS, _SCN, _Sc, _ST, _AREP, _OUR, _UECS],
    [0, 0, 0, 0, 0, 0, 0, 0, 1, 128 | 0, 0, 2], 5
];
var AvailabilityZone$ = [3, n0, _AZ,
    0,
    [_ZN, _SI, _OI, _LBA, _SNIP],
    [0, 0, 0, () => LoadBalancerAddresses, 64 | 0]
];
var CapacityReservationStatus$ = [3, n0, _CRS,
    0,
    [_Co, _R],
    [0, 0]
];
var Certificate$ = [3, n0, _Ce,
    0,
    [_CA, _ID],
    [0, 2]
];
var Cipher$ = [3, n0, _Ci,
    0,
    [_N, _P],
    [0, 1]
];
var CreateListenerInput$ = [3, n0, _CLI,
    0,
    [_LBAo, _DA, _Pr, _Po, _SP, _C, _AP, _Ta, _MA],
    [0, () => Actions, 0, 1, 0, () => CertificateList, 64 | 0, () => TagList, () => MutualAuthenticationAttributes$], 2
];
var CreateListenerOutput$ = [3, n0, _CLO,
    0,
    [_L],
    [() => Listeners]
];
var CreateLoadBalancerInput$ = [3, n0, _CLBI,
    0,
    [_N, _Su, _SM, _SG, _Sch, _Ta, _T, _IAT, _COIP, _EPFISN, _IP],
    [0, 64 | 0, () => SubnetMappings, 64 | 0, 0, () => TagList, 0, 0, 0, 0, () => IpamPools$], 1
];
var CreateLoadBalancerOutput$ = [3, n0, _CLBO,
    0,
    [_LB],
    [() => LoadBalancers]
];
var CreateRuleInput$ = [3, n0, _CRI,
    0,
    [_LA, _Con, _P, _Ac, _Ta, _Tr],
    [0, () => RuleConditionList, 1, () => Actions, () => TagList, () => RuleTransformList], 4
];
var CreateRuleOutput$ = [3, n0, _CRO,
    0,
    [_Ru],
    [() => Rules]
];
var CreateTargetGroupInput$ = [3, n0, _CTGI,
    0,
    [_N, _Pr, _PV, _Po, _VI, _HCP, _HCPe, _HCE, _HCPea, _HCIS, _HCTS, _HTC, _UTC, _Ma, _TT, _Ta, _IAT, _TCP],
    [0, 0, 0, 1, 0, 0, 0, 2, 0, 1, 1, 1, 1, () => Matcher$, 0, () => TagList, 0, 1], 1
];
var CreateTargetGroupOutput$ = [3, n0, _CTGO,
    0,
    [_TG],
    [() => TargetGroups]
];
var CreateTrustStoreInput$ = [3, n0, _CTSI,
    0,
    [_N, _CCBSB, _CCBSK, _CCBSOV, _Ta],
    [0, 0, 0, 0, () => TagList], 3
];
var CreateTrustStoreOutput$ = [3, n0, _CTSO,
    0,
    [_TS],
    [() => TrustStores]
];
var DeleteListenerInput$ = [3, n0, _DLI,
    0,
    [_LA],
    [0], 1
];
var DeleteListenerOutput$ = [3, n0, _DLO,
    0,
    [],
    []
];
var DeleteLoadBalancerInput$ = [3, n0, _DLBI,
    0,
    [_LBAo],
    [0], 1
];
var DeleteLoadBalancerOutput$ = [3, n0, _DLBO,
    0,
    [],
    []
];
var DeleteRuleInput$ = [3, n0, _DRI,
    0,
    [_RAu],
    [0], 1
];
var DeleteRuleOutput$ = [3, n0, _DRO,
    0,
    [],
    []
];
var DeleteSharedTrustStoreAssociationInput$ = [3, n0, _DSTSAI,
    0,
    [_TSA, _RAe],
    [0, 0], 2
];
var DeleteSharedTrustStoreAssociationOutput$ = [3, n0, _DSTSAO,
    0,
    [],
    []
];
var DeleteTargetGroupInput$ = [3, n0, _DTGI,
    0,
    [_TGA],
    [0], 1
];
var DeleteTargetGroupOutput$ = [3, n0, _DTGO,
    0,
    [],
    []
];
var DeleteTrustStoreInput$ = [3, n0, _DTSI,
    0,
    [_TSA],
    [0], 1
];
var DeleteTrustStoreOutput$ = [3, n0, _DTSO,
    0,
    [],
    []
];
var DeregisterTargetsInput$ = [3, n0, _DTI,
    0,
    [_TGA, _Tar],
    [0, () => TargetDescriptions], 2
];
var DeregisterTargetsOutput$ = [3, n0, _DTO,
    0,
    [],
    []
];
var DescribeAccountLimitsInput$ = [3, n0, _DALI,
    0,
    [_Mar, _PS],
    [0, 1]
];
var DescribeAccountLimitsOutput$ = [3, n0, _DALO,
    0,
    [_Li, _NM],
    [() => Limits, 0]
];
var DescribeCapacityReservationInput$ = [3, n0, _DCRI,
    0,
    [_LBAo],
    [0], 1
];
var DescribeCapacityReservationOutput$ = [3, n0, _DCRO,
    0,
    [_LMT, _DRR, _MLBC, _CRSa],
    [4, 1, () => MinimumLoadBalancerCapacity$, () => ZonalCapacityReservationStates]
];
var DescribeListenerAttributesInput$ = [3, n0, _DLAI,
    0,
    [_LA],
    [0], 1
];
var DescribeListenerAttributesOutput$ = [3, n0, _DLAO,
    0,
    [_At],
    [() => ListenerAttributes]
];
var DescribeListenerCertificatesInput$ = [3, n0, _DLCI,
    0,
    [_LA, _Mar, _PS],
    [0, 0, 1], 1
];
var DescribeListenerCertificatesOutput$ = [3, n0, _DLCO,
    0,
    [_C, _NM],
    [() => CertificateList, 0]
];
var DescribeListenersInput$ = [3, n0, _DLIe,
    0,
    [_LBAo, _LAi, _Mar, _PS],
    [0, 64 | 0, 0, 1]
];
var DescribeListenersOutput$ = [3, n0, _DLOe,
    0,
    [_L, _NM],
    [() => Listeners, 0]
];
var DescribeLoadBalancerAttributesInput$ = [3, n0, _DLBAI,
    0,
    [_LBAo],
    [0], 1
];
var DescribeLoadBalancerAttributesOutput$ = [3, n0, _DLBAO,
    0,
    [_At],
    [() => LoadBalancerAttributes]
];
var DescribeLoadBalancersInput$ = [3, n0, _DLBIe,
    0,
    [_LBAoa, _Na, _Mar, _PS],
    [64 | 0, 64 | 0, 0, 1]
];
var DescribeLoadBalancersOutput$ = [3, n0, _DLBOe,
    0,
    [_LB, _NM],
    [() => LoadBalancers, 0]
];
var DescribeRulesInput$ = [3, n0, _DRIe,
    0,
    [_LA, _RAul, _Mar, _PS],
    [0, 64 | 0, 0, 1]
];
var DescribeRulesOutput$ = [3, n0, _DROe,
    0,
    [_Ru, _NM],
    [() => Rules, 0]
];
var DescribeSSLPoliciesInput$ = [3, n0, _DSSLPI,
    0,
    [_Na, _Mar, _PS, _LBT],
    [64 | 0, 0, 1, 0]
];
var DescribeSSLPoliciesOutput$ = [3, n0, _DSSLPO,
    0,
    [_SPs, _NM],
    [() => SslPolicies, 0]
];
var DescribeTagsInput$ = [3, n0, _DTIe,
    0,
    [_RA],
    [64 | 0], 1
];
var DescribeTagsOutput$ = [3, n0, _DTOe,
    0,
    [_TD],
    [() => TagDescriptions]
];
var DescribeTargetGroupAttributesInput$ = [3, n0, _DTGAI,
    0,
    [_TGA],
    [0], 1
];
var DescribeTargetGroupAttributesOutput$ = [3, n0, _DTGAO,
    0,
    [_At],
    [() => TargetGroupAttributes]
];
var DescribeTargetGroupsInput$ = [3, n0, _DTGIe,
    0,
    [_LBAo, _TGAa, _Na, _Mar, _PS],
    [0, 64 | 0, 64 | 0, 0, 1]
];
var DescribeTargetGroupsOutput$ = [3, n0, _DTGOe,
    0,
    [_TG, _NM],
    [() => TargetGroups, 0]
];
var DescribeTargetHealthInput$ = [3, n0, _DTHI,
    0,
    [_TGA, _Tar, _In],
    [0, () => TargetDescriptions, 64 | 0], 1
];
var DescribeTargetHealthOutput$ = [3, n0, _DTHO,
    0,
    [_THD],
    [() => TargetHealthDescriptions]
];
var DescribeTrustStoreAssociationsInput$ = [3, n0, _DTSAI,
    0,
    [_TSA, _Mar, _PS],
    [0, 0, 1], 1
];
var DescribeTrustStoreAssociationsOutput$ = [3, n0, _DTSAO,
    0,
    [_TSAr, _NM],
    [() => TrustStoreAssociations, 0]
];
var DescribeTrustStoreRevocation$ = [3, n0, _DTSR,
    0,
    [_TSA, _RI, _RT, _NORE],
    [0, 1, 0, 1]
];
var DescribeTrustStoreRevocationsInput$ = [3, n0, _DTSRI,
    0,
    [_TSA, _RIe, _Mar, _PS],
    [0, 64 | 1, 0, 1], 1
];
var DescribeTrustStoreRevocationsOutput$ = [3, n0, _DTSRO,
    0,
    [_TSR, _NM],
    [() => DescribeTrustStoreRevocationResponse, 0]
];
var DescribeTrustStoresInput$ = [3, n0, _DTSIe,
    0,
    [_TSAru, _Na, _Mar, _PS],
    [64 | 0, 64 | 0, 0, 1]
];
var DescribeTrustStoresOutput$ = [3, n0, _DTSOe,
    0,
    [_TS, _NM],
    [() => TrustStores, 0]
];
var FixedResponseActionConfig$ = [3, n0, _FRAC,
    0,
    [_SC, _MB, _CT],
    [0, 0, 0], 1
];
var ForwardActionConfig$ = [3, n0, _FAC,
    0,
    [_TG, _TGSC],
    [() => TargetGroupList, () => TargetGroupStickinessConfig$]
];
var GetResourcePolicyInput$ = [3, n0, _GRPI,
    0,
    [_RAe],
    [0], 1
];
var GetResourcePolicyOutput$ = [3, n0, _GRPO,
    0,
    [_Pol],
    [0]
];
var GetTrustStoreCaCertificatesBundleInput$ = [3, n0, _GTSCCBI,
    0,
    [_TSA],
    [0], 1
];
var GetTrustStoreCaCertificatesBundleOutput$ = [3, n0, _GTSCCBO,
    0,
    [_Lo],
    [0]
];
var GetTrustStoreRevocationContentInput$ = [3, n0, _GTSRCI,
    0,
    [_TSA, _RI],
    [0, 1], 2
];
var GetTrustStoreRevocationContentOutput$ = [3, n0, _GTSRCO,
    0,
    [_Lo],
    [0]
];
var HostHeaderConditionConfig$ = [3, n0, _HHCC,
    0,
    [_V, _RV],
    [64 | 0, 64 | 0]
];
var HostHeaderRewriteConfig$ = [3, n0, _HHRC,
    0,
    [_Rew],
    [() => RewriteConfigList]
];
var HttpHeaderConditionConfig$ = [3, n0, _HHCCt,
    0,
    [_HHN, _V, _RV],
    [0, 64 | 0, 64 | 0]
];
var HttpRequestMethodConditionConfig$ = [3, n0, _HRMCC,
    0,
    [_V],
    [64 | 0]
];
var IpamPools$ = [3, n0, _IP,
    0,
    [_IIPI],
    [0]
];
var JwtValidationActionAdditionalClaim$ = [3, n0, _JVAAC,
    0,
    [_F, _N, _V],
    [0, 0, 64 | 0], 3
];
var JwtValidationActionConfig$ = [3, n0, _JVAC,
    0,
    [_JE, _I, _AC],
    [0, 0, () => JwtValidationActionAdditionalClaims], 2
];
var Limit$ = [3, n0, _Lim,
    0,
    [_N, _Max],
    [0, 0]
];
var Listener$ = [3, n0, _Lis,
    0,
    [_LA, _LBAo, _Po, _Pr, _C, _SP, _DA, _AP, _MA],
    [0, 0, 1, 0, () => CertificateList, 0, () => Actions, 64 | 0, () => MutualAuthenticationAttributes$]
];
var ListenerAttribute$ = [3, n0, _LAis,
    0,
    [_K, _Va],
    [0, 0]
];
var LoadBalancer$ = [3, n0, _LBo,
    0,
    [_LBAo, _DNSN, _CHZI, _CTr, _LBN, _Sch, _VI, _S, _T, _AZv, _SG, _IAT, _COIP, _ESGIROPLT, _EPFISN, _IP],
    [0, 0, 0, 4, 0, 0, 0, () => LoadBalancerState$, 0, () => AvailabilityZones, 64 | 0, 0, 0, 0, 0, () => IpamPools$]
];
var LoadBalancerAddress$ = [3, n0, _LBAoad,
    0,
    [_IA, _AI, _PIPA, _IPA],
    [0, 0, 0, 0]
];
var LoadBalancerAttribute$ = [3, n0, _LBAoada,
    0,
    [_K, _Va],
    [0, 0]
];
var LoadBalancerState$ = [3, n0, _LBS,
    0,
    [_Co, _R],
    [0, 0]
];
var Matcher$ = [3, n0, _Ma,
    0,
    [_HC, _GC],
    [0, 0]
];
var MinimumLoadBalancerCapacity$ = [3, n0, _MLBC,
    0,
    [_CU],
    [1]
];
var ModifyCapacityReservationInput$ = [3, n0, _MCRI,
    0,
    [_LBAo, _MLBC, _RCR],
    [0, () => MinimumLoadBalancerCapacity$, 2], 1
];
var ModifyCapacityReservationOutput$ = [3, n0, _MCRO,
    0,
    [_LMT, _DRR, _MLBC, _CRSa],
    [4, 1, () => MinimumLoadBalancerCapacity$, () => ZonalCapacityReservationStates]
];
var ModifyIpPoolsInput$ = [3, n0, _MIPI,
    0,
    [_LBAo, _IP, _RIP],
    [0, () => IpamPools$, 64 | 0], 1
];
var ModifyIpPoolsOutput$ = [3, n0, _MIPO,
    0,
    [_IP],
    [() => IpamPools$]
];
var ModifyListenerAttributesInput$ = [3, n0, _MLAI,
    0,
    [_LA, _At],
    [0, () => ListenerAttributes], 2
];
var ModifyListenerAttributesOutput$ = [3, n0, _MLAO,
    0,
    [_At],
    [() => ListenerAttributes]
];
var ModifyListenerInput$ = [3, n0, _MLI,
    0,
    [_LA, _Po, _Pr, _SP, _C, _DA, _AP, _MA],
    [0, 1, 0, 0, () => CertificateList, () => Actions, 64 | 0, () => MutualAuthenticationAttributes$], 1
];
var ModifyListenerOutput$ = [3, n0, _MLO,
    0,
    [_L],
    [() => Listeners]
];
var ModifyLoadBalancerAttributesInput$ = [3, n0, _MLBAI,
    0,
    [_LBAo, _At],
    [0, () => LoadBalancerAttributes], 2
];
var ModifyLoadBalancerAttributesOutput$ = [3, n0, _MLBAO,
    0,
    [_At],
    [() => LoadBalancerAttributes]
];
var ModifyRuleInput$ = [3, n0, _MRI,
    0,
    [_RAu, _Con, _Ac, _Tr, _RTe],
    [0, () => RuleConditionList, () => Actions, () => RuleTransformList, 2], 1
];
var ModifyRuleOutput$ = [3, n0, _MRO,
    0,
    [_Ru],
    [() => Rules]
];
var ModifyTargetGroupAttributesInput$ = [3, n0, _MTGAI,
    0,
    [_TGA, _At],
    [0, () => TargetGroupAttributes], 2
];
var ModifyTargetGroupAttributesOutput$ = [3, n0, _MTGAO,
    0,
    [_At],
    [() => TargetGroupAttributes]
];
var ModifyTargetGroupInput$ = [3, n0, _MTGI,
    0,
    [_TGA, _HCP, _HCPe, _HCPea, _HCE, _HCIS, _HCTS, _HTC, _UTC, _Ma],
    [0, 0, 0, 0, 2, 1, 1, 1, 1, () => Matcher$], 1
];
var ModifyTargetGroupOutput$ = [3, n0, _MTGO,
    0,
    [_TG],
    [() => TargetGroups]
];
var ModifyTrustStoreInput$ = [3, n0, _MTSI,
    0,
    [_TSA, _CCBSB, _CCBSK, _CCBSOV],
    [0, 0, 0, 0], 3
];
var ModifyTrustStoreOutput$ = [3, n0, _MTSO,
    0,
    [_TS],
    [() => TrustStores]
];
var MutualAuthenticationAttributes$ = [3, n0, _MAA,
    0,
    [_Mo, _TSA, _ICCE, _TSAS, _ATSCN],
    [0, 0, 2, 0, 0]
];
var PathPatternConditionConfig$ = [3, n0, _PPCC,
    0,
    [_V, _RV],
    [64 | 0, 64 | 0]
];
var QueryStringConditionConfig$ = [3, n0, _QSCC,
    0,
    [_V],
    [() => QueryStringKeyValuePairList]
];
var QueryStringKeyValuePair$ = [3, n0, _QSKVP,
    0,
    [_K, _Va],
    [0, 0]
];
var RedirectActionConfig$ = [3, n0, _RAC,
    0,
    [_SC, _Pr, _Po, _H, _Pa, _Q],
    [0, 0, 0, 0, 0, 0], 1
];
var RegisterTargetsInput$ = [3, n0, _RTI,
    0,
    [_TGA, _Tar],
    [0, () => TargetDescriptions], 2
];
var RegisterTargetsOutput$ = [3, n0, _RTO,
    0,
    [],
    []
];
var RemoveListenerCertificatesInput$ = [3, n0, _RLCI,
    0,
    [_LA, _C],
    [0, () => CertificateList], 2
];
var RemoveListenerCertificatesOutput$ = [3, n0, _RLCO,
    0,
    [],
    []
];
var RemoveTagsInput$ = [3, n0, _RTIe,
    0,
    [_RA, _TK],
    [64 | 0, 64 | 0], 2
];
var RemoveTagsOutput$ = [3, n0, _RTOe,
    0,
    [],
    []
];
var RemoveTrustStoreRevocationsInput$ = [3, n0, _RTSRI,
    0,
    [_TSA, _RIe],
    [0, 64 | 1], 2
];
var RemoveTrustStoreRevocationsOutput$ = [3, n0, _RTSRO,
    0,
    [],
    []
];
var RevocationContent$ = [3, n0, _RCev,
    0,
    [_SB, _SK, _SOV, _RT],
    [0, 0, 0, 0]
];
var RewriteConfig$ = [3, n0, _RCew,
    0,
    [_Reg, _Rep],
    [0, 0], 2
];
var Rule$ = [3, n0, _Rul,
    0,
    [_RAu, _P, _Con, _Ac, _ID, _Tr],
    [0, 0, () => RuleConditionList, () => Actions, 2, () => RuleTransformList]
];
var RuleCondition$ = [3, n0, _RCu,
    0,
    [_Fi, _V, _HHC, _PPC, _HHCt, _QSC, _HRMC, _SIC, _RV],
    [0, 64 | 0, () => HostHeaderConditionConfig$, () => PathPatternConditionConfig$, () => HttpHeaderConditionConfig$, () => QueryStringConditionConfig$, () => HttpRequestMethodConditionConfig$, () => SourceIpConditionConfig$, 64 | 0]
];
var RulePriorityPair$ = [3, n0, _RPP,
    0,
    [_RAu, _P],
    [0, 1]
];
var RuleTransform$ = [3, n0, _RTu,
    0,
    [_T, _HHRC, _URC],
    [0, () => HostHeaderRewriteConfig$, () => UrlRewriteConfig$], 1
];
var SetIpAddressTypeInput$ = [3, n0, _SIATI,
    0,
    [_LBAo, _IAT],
    [0, 0], 2
];
var SetIpAddressTypeOutput$ = [3, n0, _SIATO,
    0,
    [_IAT],
    [0]
];
var SetRulePrioritiesInput$ = [3, n0, _SRPI,
    0,
    [_RP],
    [() => RulePriorityList], 1
];
var SetRulePrioritiesOutput$ = [3, n0, _SRPO,
    0,
    [_Ru],
    [() => Rules]
];
var SetSecurityGroupsInput$ = [3, n0, _SSGI,
    0,
    [_LBAo, _SG, _ESGIROPLT],
    [0, 64 | 0, 0], 2
];
var SetSecurityGroupsOutput$ = [3, n0, _SSGO,
    0,
    [_SGI, _ESGIROPLT],
    [64 | 0, 0]
];
var SetSubnetsInput$ = [3, n0, _SSI,
    0,
    [_LBAo, _Su, _SM, _IAT, _EPFISN],
    [0, 64 | 0, () => SubnetMappings, 0, 0], 1
];
var SetSubnetsOutput$ = [3, n0, _SSO,
    0,
    [_AZv, _IAT, _EPFISN],
    [() => AvailabilityZones, 0, 0]
];
var SourceIpConditionConfig$ = [3, n0, _SICC,
    0,
    [_V, _IAT],
    [64 | 0, 0]
];
var SslPolicy$ = [3, n0, _SP,
    0,
    [_SPsl, _Cip, _N, _SLBT],
    [64 | 0, () => Ciphers, 0, 64 | 0]
];
var SubnetMapping$ = [3, n0, _SMu,
    0,
    [_SI, _AI, _PIPA, _IPA, _SNIPo],
    [0, 0, 0, 0, 0]
];
var Tag$ = [3, n0, _Tag,
    0,
    [_K, _Va],
    [0, 0], 1
];
var TagDescription$ = [3, n0, _TDa,
    0,
    [_RAe, _Ta],
    [0, () => TagList]
];
var TargetDescription$ = [3, n0, _TDar,
    0,
    [_Id, _Po, _AZ, _QSI],
    [0, 1, 0, 0], 1
];
var TargetGroup$ = [3, n0, _TGa,
    0,
    [_TGA, _TGN, _Pr, _Po, _VI, _HCP, _HCPe, _HCE, _HCIS, _HCTS, _HTC, _UTC, _HCPea, _Ma, _LBAoa, _TT, _PV, _IAT, _TCP],
    [0, 0, 0, 1, 0, 0, 0, 2, 1, 1, 1, 1, 0, () => Matcher$, 64 | 0, 0, 0, 0, 1]
];
var TargetGroupAttribute$ = [3, n0, _TGAar,
    0,
    [_K, _Va],
    [0, 0]
];
var TargetGroupStickinessConfig$ = [3, n0, _TGSC,
    0,
    [_E, _DS],
    [2, 1]
];
var TargetGroupTuple$ = [3, n0, _TGT,
    0,
    [_TGA, _W],
    [0, 1]
];
var TargetHealth$ = [3, n0, _TH,
    0,
    [_S, _R, _D],
    [0, 0, 0]
];
var TargetHealthDescription$ = [3, n0, _THDa,
    0,
    [_Targ, _HCPe, _TH, _AD, _AO],
    [() => TargetDescription$, 0, () => TargetHealth$, () => AnomalyDetection$, () => AdministrativeOverride$]
];
var TrustStore$ = [3, n0, _TSr,
    0,
    [_N, _TSA, _St, _NOCC, _TRE],
    [0, 0, 0, 1, 1]
];
var TrustStoreAssociation$ = [3, n0, _TSArus,
    0,
    [_RAe],
    [0]
];
var TrustStoreRevocation$ = [3, n0, _TSRr,
    0,
    [_TSA, _RI, _RT, _NORE],
    [0, 1, 0, 1]
];
var UrlRewriteConfig$ = [3, n0, _URC,
    0,
    [_Rew],
    [() => RewriteConfigList]
];
var ZonalCapacityReservationState$ = [3, n0, _ZCRS,
    0,
    [_S, _AZ, _ECU],
    [() => CapacityReservationStatus$, 0, 1]
];
var Actions = [1, n0, _Ac,
    0, () => Action$
];
var AvailabilityZones = [1, n0, _AZv,
    0, () => AvailabilityZone$
];
var CertificateList = [1, n0, _CL,
    0, () => Certificate$
];
var Ciphers = [1, n0, _Cip,
    0, () => Cipher$
];
var DescribeTrustStoreRevocationResponse = [1, n0, _DTSRR,
    0, () => DescribeTrustStoreRevocation$
];
var JwtValidationActionAdditionalClaims = [1, n0, _JVAACw,
    0, () => JwtValidationActionAdditionalClaim$
];
var Limits = [1, n0, _Li,
    0, () => Limit$
];
var ListenerAttributes = [1, n0, _LAist,
    0, () => ListenerAttribute$
];
var Listeners = [1, n0, _L,
    0, () => Listener$
];
var LoadBalancerAddresses = [1, n0, _LBA,
    0, () => LoadBalancerAddress$
];
var LoadBalancerAttributes = [1, n0, _LBAoadal,
    0, () => LoadBalancerAttribute$
];
var LoadBalancers = [1, n0, _LB,
    0, () => LoadBalancer$
];
var QueryStringKeyValuePairList = [1, n0, _QSKVPL,
    0, () => QueryStringKeyValuePair$
];
var RevocationContents = [1, n0, _RCe,
    0, () => RevocationContent$
];
var RewriteConfigList = [1, n0, _RCL,
    0, () => RewriteConfig$
];
var RuleConditionList = [1, n0, _RCLu,
    0, () => RuleCondition$
];
var RulePriorityList = [1, n0, _RPL,
    0, () => RulePriorityPair$
];
var Rules = [1, n0, _Ru,
    0, () => Rule$
];
var RuleTransformList = [1, n0, _RTL,
    0, () => RuleTransform$
];
var SslPolicies = [1, n0, _SPs,
    0, () => SslPolicy$
];
var SubnetMappings = [1, n0, _SM,
    0, () => SubnetMapping$
];
var TagDescriptions = [1, n0, _TD,
    0, () => TagDescription$
];
var TagList = [1, n0, _TL,
    0, () => Tag$
];
var TargetDescriptions = [1, n0, _TDarg,
    0, () => TargetDescription$
];
var TargetGroupAttributes = [1, n0, _TGAarg,
    0, () => TargetGroupAttribute$
];
var TargetGroupList = [1, n0, _TGL,
    0, () => TargetGroupTuple$
];
var TargetGroups = [1, n0, _TG,
    0, () => TargetGroup$
];
var TargetHealthDescriptions = [1, n0, _THD,
    0, () => TargetHealthDescription$
];
var TrustStoreAssociations = [1, n0, _TSAr,
    0, () => TrustStoreAssociation$
];
var TrustStoreRevocations = [1, n0, _TSR,
    0, () => TrustStoreRevocation$
];
var TrustStores = [1, n0, _TS,
    0, () => TrustStore$
];
var ZonalCapacityReservationStates = [1, n0, _ZCRSo,
    0, () => ZonalCapacityReservationState$
];
var AddListenerCertificates$ = [9, n0, _ALC,
    0, () => AddListenerCertificatesInput$, () => AddListenerCertificatesOutput$
];
var AddTags$ = [9, n0, _AT,
    0, () => AddTagsInput$, () => AddTagsOutput$
];
var AddTrustStoreRevocations$ = [9, n0, _ATSR,
    0, () => AddTrustStoreRevocationsInput$, () => AddTrustStoreRevocationsOutput$
];
var CreateListener$ = [9, n0, _CLr,
    0, () => CreateListenerInput$, () => CreateListenerOutput$
];
var CreateLoadBalancer$ = [9, n0, _CLB,
    0, () => CreateLoadBalancerInput$, () => CreateLoadBalancerOutput$
];
var CreateRule$ = [9, n0, _CR,
    0, () => CreateRuleInput$, () => CreateRuleOutput$
];
var CreateTargetGroup$ = [9, n0, _CTG,
    0, () => CreateTargetGroupInput$, () => CreateTargetGroupOutput$
];
var CreateTrustStore$ = [9, n0, _CTS,
    0, () => CreateTrustStoreInput$, () => CreateTrustStoreOutput$
];
var DeleteListener$ = [9, n0, _DL,
    0, () => DeleteListenerInput$, () => DeleteListenerOutput$
];
var DeleteLoadBalancer$ = [9, n0, _DLB,
    0, () => DeleteLoadBalancerInput$, () => DeleteLoadBalancerOutput$
];
var DeleteRule$ = [9, n0, _DR,
    0, () => DeleteRuleInput$, () => DeleteRuleOutput$
];
var DeleteSharedTrustStoreAssociation$ = [9, n0, _DSTSA,
    0, () => DeleteSharedTrustStoreAssociationInput$, () => DeleteSharedTrustStoreAssociationOutput$
];
var DeleteTargetGroup$ = [9, n0, _DTG,
    0, () => DeleteTargetGroupInput$, () => DeleteTargetGroupOutput$
];
var DeleteTrustStore$ = [9, n0, _DTS,
    0, () => DeleteTrustStoreInput$, () => DeleteTrustStoreOutput$
];
var DeregisterTargets$ = [9, n0, _DT,
    0, () => DeregisterTargetsInput$, () => DeregisterTargetsOutput$
];
var DescribeAccountLimits$ = [9, n0, _DAL,
    0, () => DescribeAccountLimitsInput$, () => DescribeAccountLimitsOutput$
];
var DescribeCapacityReservation$ = [9, n0, _DCR,
    0, () => DescribeCapacityReservationInput$, () => DescribeCapacityReservationOutput$
];
var DescribeListenerAttributes$ = [9, n0, _DLA,
    0, () => DescribeListenerAttributesInput$, () => DescribeListenerAttributesOutput$
];
var DescribeListenerCertificates$ = [9, n0, _DLC,
    0, () => DescribeListenerCertificatesInput$, () => DescribeListenerCertificatesOutput$
];
var DescribeListeners$ = [9, n0, _DLe,
    0, () => DescribeListenersInput$, () => DescribeListenersOutput$
];
var DescribeLoadBalancerAttributes$ = [9, n0, _DLBA,
    0, () => DescribeLoadBalancerAttributesInput$, () => DescribeLoadBalancerAttributesOutput$
];
var DescribeLoadBalancers$ = [9, n0, _DLBe,
    0, () => DescribeLoadBalancersInput$, () => DescribeLoadBalancersOutput$
];
var DescribeRules$ = [9, n0, _DRe,
    0, () => DescribeRulesInput$, () => DescribeRulesOutput$
];
var DescribeSSLPolicies$ = [9, n0, _DSSLP,
    0, () => DescribeSSLPoliciesInput$, () => DescribeSSLPoliciesOutput$
];
var DescribeTags$ = [9, n0, _DTe,
    0, () => DescribeTagsInput$, () => DescribeTagsOutput$
];
var DescribeTargetGroupAttributes$ = [9, n0, _DTGA,
    0, () => DescribeTargetGroupAttributesInput$, () => DescribeTargetGroupAttributesOutput$
];
var DescribeTargetGroups$ = [9, n0, _DTGe,
    0, () => DescribeTargetGroupsInput$, () => DescribeTargetGroupsOutput$
];
var DescribeTargetHealth$ = [9, n0, _DTH,
    0, () => DescribeTargetHealthInput$, () => DescribeTargetHealthOutput$
];
var DescribeTrustStoreAssociations$ = [9, n0, _DTSA,
    0, () => DescribeTrustStoreAssociationsInput$, () => DescribeTrustStoreAssociationsOutput$
];
var DescribeTrustStoreRevocations$ = [9, n0, _DTSRe,
    0, () => DescribeTrustStoreRevocationsInput$, () => DescribeTrustStoreRevocationsOutput$
];
var DescribeTrustStores$ = [9, n0, _DTSe,
    0, () => DescribeTrustStoresInput$, () => DescribeTrustStoresOutput$
];
var GetResourcePolicy$ = [9, n0, _GRP,
    0, () => GetResourcePolicyInput$, () => GetResourcePolicyOutput$
];
var GetTrustStoreCaCertificatesBundle$ = [9, n0, _GTSCCB,
    0, () => GetTrustStoreCaCertificatesBundleInput$, () => GetTrustStoreCaCertificatesBundleOutput$
];
var GetTrustStoreRevocationContent$ = [9, n0, _GTSRC,
    0, () => GetTrustStoreRevocationContentInput$, () => GetTrustStoreRevocationContentOutput$
];
var ModifyCapacityReservation$ = [9, n0, _MCR,
    0, () => ModifyCapacityReservationInput$, () => ModifyCapacityReservationOutput$
];
var ModifyIpPools$ = [9, n0, _MIP,
    0, () => ModifyIpPoolsInput$, () => ModifyIpPoolsOutput$
];
var ModifyListener$ = [9, n0, _ML,
    0, () => ModifyListenerInput$, () => ModifyListenerOutput$
];
var ModifyListenerAttributes$ = [9, n0, _MLA,
    0, () => ModifyListenerAttributesInput$, () => ModifyListenerAttributesOutput$
];
var ModifyLoadBalancerAttributes$ = [9, n0, _MLBA,
    0, () => ModifyLoadBalancerAttributesInput$, () => ModifyLoadBalancerAttributesOutput$
];
var ModifyRule$ = [9, n0, _MR,
    0, () => ModifyRuleInput$, () => ModifyRuleOutput$
];
var ModifyTargetGroup$ = [9, n0, _MTG,
    0, () => ModifyTargetGroupInput$, () => ModifyTargetGroupOutput$
];
var ModifyTargetGroupAttributes$ = [9, n0, _MTGA,
    0, () => ModifyTargetGroupAttributesInput$, () => ModifyTargetGroupAttributesOutput$
];
var ModifyTrustStore$ = [9, n0, _MTS,
    0, () => ModifyTrustStoreInput$, () => ModifyTrustStoreOutput$
];
var RegisterTargets$ = [9, n0, _RTeg,
    0, () => RegisterTargetsInput$, () => RegisterTargetsOutput$
];
var RemoveListenerCertificates$ = [9, n0, _RLC,
    0, () => RemoveListenerCertificatesInput$, () => RemoveListenerCertificatesOutput$
];
var RemoveTags$ = [9, n0, _RTem,
    0, () => RemoveTagsInput$, () => RemoveTagsOutput$
];
var RemoveTrustStoreRevocations$ = [9, n0, _RTSR,
    0, () => RemoveTrustStoreRevocationsInput$, () => RemoveTrustStoreRevocationsOutput$
];
var SetIpAddressType$ = [9, n0, _SIAT,
    0, () => SetIpAddressTypeInput$, () => SetIpAddressTypeOutput$
];
var SetRulePriorities$ = [9, n0, _SRP,
    0, () => SetRulePrioritiesInput$, () => SetRulePrioritiesOutput$
];
var SetSecurityGroups$ = [9, n0, _SSG,
    0, () => SetSecurityGroupsInput$, () => SetSecurityGroupsOutput$
];
var SetSubnets$ = [9, n0, _SS,
    0, () => SetSubnetsInput$, () => SetSubnetsOutput$
];

const getRuntimeConfig$1 = (config) => {
    return {
        apiVersion: "2015-12-01",
        base64Decoder: config?.base64Decoder ?? fromBase64,
        base64Encoder: config?.base64Encoder ?? toBase64,
        disableHostPrefix: config?.disableHostPrefix ?? false,
        endpointProvider: config?.endpointProvider ?? defaultEndpointResolver,
        extensions: config?.extensions ?? [],
        httpAuthSchemeProvider: config?.httpAuthSchemeProvider ?? defaultElasticLoadBalancingV2HttpAuthSchemeProvider,
        httpAuthSchemes: config?.httpAuthSchemes ?? [
            {
                schemeId: "aws.auth#sigv4",
                identityProvider: (ipc) => ipc.getIdentityProvider("aws.auth#sigv4"),
                signer: new AwsSdkSigV4Signer(),
            },
        ],
        logger: config?.logger ?? new NoOpLogger(),
        protocol: config?.protocol ?? AwsQueryProtocol,
        protocolSettings: config?.protocolSettings ?? {
            defaultNamespace: "com.amazonaws.elasticloadbalancingv2",
            errorTypeRegistries,
            xmlNamespace: "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/",
            version: "2015-12-01",
            serviceTarget: "ElasticLoadBalancing_v10",
        },
        serviceId: config?.serviceId ?? "Elastic Load Balancing v2",
        sha256: config?.sha256 ?? Sha256,
        urlParser: config?.urlParser ?? parseUrl,
        utf8Decoder: config?.utf8Decoder ?? fromUtf8,
        utf8Encoder: config?.utf8Encoder ?? toUtf8,
    };
};

const getRuntimeConfig = (config) => {
    emitWarningIfUnsupportedVersion(process.version);
    const defaultsMode = resolveDefaultsModeConfig(config);
    const defaultConfigProvider = () => defaultsMode().then(loadConfigsForDefaultMode);
    const clientSharedValues = getRuntimeConfig$1(config);
    emitWarningIfUnsupportedVersion$1(process.version);
    const loaderConfig = {
        profile: config?.profile,
        logger: clientSharedValues.logger,
    };
    return {
        ...clientSharedValues,
        ...config,
        runtime: "node",
        defaultsMode,
        authSchemePreference: config?.authSchemePreference ?? loadConfig(NODE_AUTH_SCHEME_PREFERENCE_OPTIONS, loaderConfig),
        bodyLengthChecker: config?.bodyLengthChecker ?? calculateBodyLength,
        credentialDefaultProvider: config?.credentialDefaultProvider ?? defaultProvider,
        defaultUserAgentProvider: config?.defaultUserAgentProvider ?? createDefaultUserAgentProvider({ serviceId: clientSharedValues.serviceId, clientVersion: packageInfo.version }),
        maxAttempts: config?.maxAttempts ?? loadConfig(NODE_MAX_ATTEMPT_CONFIG_OPTIONS, config),
        region: config?.region ?? loadConfig(NODE_REGION_CONFIG_OPTIONS, { ...NODE_REGION_CONFIG_FILE_OPTIONS, ...loaderConfig }),
        requestHandler: NodeHttpHandler.create(config?.requestHandler ?? defaultConfigProvider),
        retryMode: config?.retryMode ??
            loadConfig({
                ...NODE_RETRY_MODE_CONFIG_OPTIONS,
                default: async () => (await defaultConfigProvider()).retryMode || DEFAULT_RETRY_MODE,
            }, config),
        streamCollector: config?.streamCollector ?? streamCollector,
        useDualstackEndpoint: config?.useDualstackEndpoint ?? loadConfig(NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS, loaderConfig),
        useFipsEndpoint: config?.useFipsEndpoint ?? loadConfig(NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS, loaderConfig),
        userAgentAppId: config?.userAgentAppId ?? loadConfig(NODE_APP_ID_CONFIG_OPTIONS, loaderConfig),
    };
};

const getHttpAuthExtensionConfiguration = (runtimeConfig) => {
    const _httpAuthSchemes = runtimeConfig.httpAuthSchemes;
    let _httpAuthSchemeProvider = runtimeConfig.httpAuthSchemeProvider;
    let _credentials = runtimeConfig.credentials;
    return {
        setHttpAuthScheme(httpAuthScheme) {
            const index = _httpAuthSchemes.findIndex((scheme) => scheme.schemeId === httpAuthScheme.schemeId);
            if (index === -1) {
                _httpAuthSchemes.push(httpAuthScheme);
            }
            else {
                _httpAuthSchemes.splice(index, 1, httpAuthScheme);
            }
        },
        httpAuthSchemes() {
            return _httpAuthSchemes;
        },
        setHttpAuthSchemeProvider(httpAuthSchemeProvider) {
            _httpAuthSchemeProvider = httpAuthSchemeProvider;
        },
        httpAuthSchemeProvider() {
            return _httpAuthSchemeProvider;
        },
        setCredentials(credentials) {
            _credentials = credentials;
        },
        credentials() {
            return _credentials;
        },
    };
};
const resolveHttpAuthRuntimeConfig = (config) => {
    return {
        httpAuthSchemes: config.httpAuthSchemes(),
        httpAuthSchemeProvider: config.httpAuthSchemeProvider(),
        credentials: config.credentials(),
    };
};

const resolveRuntimeExtensions = (runtimeConfig, extensions) => {
    const extensionConfiguration = Object.assign(getAwsRegionExtensionConfiguration(runtimeConfig), getDefaultExtensionConfiguration(runtimeConfig), getHttpHandlerExtensionConfiguration(runtimeConfig), getHttpAuthExtensionConfiguration(runtimeConfig));
    extensions.forEach((extension) => extension.configure(extensionConfiguration));
    return Object.assign(runtimeConfig, resolveAwsRegionExtensionConfiguration(extensionConfiguration), resolveDefaultRuntimeConfig(extensionConfiguration), resolveHttpHandlerRuntimeConfig(extensionConfiguration), resolveHttpAuthRuntimeConfig(extensionConfiguration));
};

class ElasticLoadBalancingV2Client extends Client {
    config;
    constructor(...[configuration]) {
        const _config_0 = getRuntimeConfig(configuration || {});
        super(_config_0);
        this.initConfig = _config_0;
        const _config_1 = resolveClientEndpointParameters(_config_0);
        const _config_2 = resolveUserAgentConfig(_config_1);
        const _config_3 = resolveRetryConfig(_config_2);
        const _config_4 = resolveRegionConfig(_config_3);
        const _config_5 = resolveHostHeaderConfig(_config_4);
        const _config_6 = resolveEndpointConfig(_config_5);
        const _config_7 = resolveHttpAuthSchemeConfig(_config_6);
        const _config_8 = resolveRuntimeExtensions(_config_7, configuration?.extensions || []);
        this.config = _config_8;
        this.middlewareStack.use(getSchemaSerdePlugin(this.config));
        this.middlewareStack.use(getUserAgentPlugin(this.config));
        this.middlewareStack.use(getRetryPlugin(this.config));
        this.middlewareStack.use(getContentLengthPlugin(this.config));
        this.middlewareStack.use(getHostHeaderPlugin(this.config));
        this.middlewareStack.use(getLoggerPlugin(this.config));
        this.middlewareStack.use(getRecursionDetectionPlugin(this.config));
        this.middlewareStack.use(getHttpAuthSchemeEndpointRuleSetPlugin(this.config, {
            httpAuthSchemeParametersProvider: defaultElasticLoadBalancingV2HttpAuthSchemeParametersProvider,
            identityProviderConfigProvider: async (config) => new DefaultIdentityProviderConfig({
                "aws.auth#sigv4": config.credentials,
            }),
        }));
        this.middlewareStack.use(getHttpSigningPlugin(this.config));
    }
    destroy() {
        super.destroy();
    }
}

const command = makeBuilder(commonParams, "ElasticLoadBalancing_v10", "ElasticLoadBalancingV2Client", getEndpointPlugin);
const _ep0 = {};
const _mw0 = (Command, cs, config, o) => [];

class AddListenerCertificatesCommand extends command(_ep0, _mw0, "AddListenerCertificates", AddListenerCertificates$) {
}

class AddTagsCommand extends command(_ep0, _mw0, "AddTags", AddTags$) {
}

class AddTrustStoreRevocationsCommand extends command(_ep0, _mw0, "AddTrustStoreRevocations", AddTrustStoreRevocations$) {
}

class CreateListenerCommand extends command(_ep0, _mw0, "CreateListener", CreateListener$) {
}

class CreateLoadBalancerCommand extends command(_ep0, _mw0, "CreateLoadBalancer", CreateLoadBalancer$) {
}

class CreateRuleCommand extends command(_ep0, _mw0, "CreateRule", CreateRule$) {
}

class CreateTargetGroupCommand extends command(_ep0, _mw0, "CreateTargetGroup", CreateTargetGroup$) {
}

class CreateTrustStoreCommand extends command(_ep0, _mw0, "CreateTrustStore", CreateTrustStore$) {
}

class DeleteListenerCommand extends command(_ep0, _mw0, "DeleteListener", DeleteListener$) {
}

class DeleteLoadBalancerCommand extends command(_ep0, _mw0, "DeleteLoadBalancer", DeleteLoadBalancer$) {
}

class DeleteRuleCommand extends command(_ep0, _mw0, "DeleteRule", DeleteRule$) {
}

class DeleteSharedTrustStoreAssociationCommand extends command(_ep0, _mw0, "DeleteSharedTrustStoreAssociation", DeleteSharedTrustStoreAssociation$) {
}

class DeleteTargetGroupCommand extends command(_ep0, _mw0, "DeleteTargetGroup", DeleteTargetGroup$) {
}

class DeleteTrustStoreCommand extends command(_ep0, _mw0, "DeleteTrustStore", DeleteTrustStore$) {
}

class DeregisterTargetsCommand extends command(_ep0, _mw0, "DeregisterTargets", DeregisterTargets$) {
}

class DescribeAccountLimitsCommand extends command(_ep0, _mw0, "DescribeAccountLimits", DescribeAccountLimits$) {
}

class DescribeCapacityReservationCommand extends command(_ep0, _mw0, "DescribeCapacityReservation", DescribeCapacityReservation$) {
}

class DescribeListenerAttributesCommand extends command(_ep0, _mw0, "DescribeListenerAttributes", DescribeListenerAttributes$) {
}

class DescribeListenerCertificatesCommand extends command(_ep0, _mw0, "DescribeListenerCertificates", DescribeListenerCertificates$) {
}

class DescribeListenersCommand extends command(_ep0, _mw0, "DescribeListeners", DescribeListeners$) {
}

class DescribeLoadBalancerAttributesCommand extends command(_ep0, _mw0, "DescribeLoadBalancerAttributes", DescribeLoadBalancerAttributes$) {
}

class DescribeLoadBalancersCommand extends command(_ep0, _mw0, "DescribeLoadBalancers", DescribeLoadBalancers$) {
}

class DescribeRulesCommand extends command(_ep0, _mw0, "DescribeRules", DescribeRules$) {
}

class DescribeSSLPoliciesCommand extends command(_ep0, _mw0, "DescribeSSLPolicies", DescribeSSLPolicies$) {
}

class DescribeTagsCommand extends command(_ep0, _mw0, "DescribeTags", DescribeTags$) {
}

class DescribeTargetGroupAttributesCommand extends command(_ep0, _mw0, "DescribeTargetGroupAttributes", DescribeTargetGroupAttributes$) {
}

class DescribeTargetGroupsCommand extends command(_ep0, _mw0, "DescribeTargetGroups", DescribeTargetGroups$) {
}

class DescribeTargetHealthCommand extends command(_ep0, _mw0, "DescribeTargetHealth", DescribeTargetHealth$) {
}

class DescribeTrustStoreAssociationsCommand extends command(_ep0, _mw0, "DescribeTrustStoreAssociations", DescribeTrustStoreAssociations$) {
}

class DescribeTrustStoreRevocationsCommand extends command(_ep0, _mw0, "DescribeTrustStoreRevocations", DescribeTrustStoreRevocations$) {
}

class DescribeTrustStoresCommand extends command(_ep0, _mw0, "DescribeTrustStores", DescribeTrustStores$) {
}

class GetResourcePolicyCommand extends command(_ep0, _mw0, "GetResourcePolicy", GetResourcePolicy$) {
}

class GetTrustStoreCaCertificatesBundleCommand extends command(_ep0, _mw0, "GetTrustStoreCaCertificatesBundle", GetTrustStoreCaCertificatesBundle$) {
}

class GetTrustStoreRevocationContentCommand extends command(_ep0, _mw0, "GetTrustStoreRevocationContent", GetTrustStoreRevocationContent$) {
}

class ModifyCapacityReservationCommand extends command(_ep0, _mw0, "ModifyCapacityReservation", ModifyCapacityReservation$) {
}

class ModifyIpPoolsCommand extends command(_ep0, _mw0, "ModifyIpPools", ModifyIpPools$) {
}

class ModifyListenerAttributesCommand extends command(_ep0, _mw0, "ModifyListenerAttributes", ModifyListenerAttributes$) {
}

class ModifyListenerCommand extends command(_ep0, _mw0, "ModifyListener", ModifyListener$) {
}

class ModifyLoadBalancerAttributesCommand extends command(_ep0, _mw0, "ModifyLoadBalancerAttributes", ModifyLoadBalancerAttributes$) {
}

class ModifyRuleCommand extends command(_ep0, _mw0, "ModifyRule", ModifyRule$) {
}

class ModifyTargetGroupAttributesCommand extends command(_ep0, _mw0, "ModifyTargetGroupAttributes", ModifyTargetGroupAttributes$) {
}

class ModifyTargetGroupCommand extends command(_ep0, _mw0, "ModifyTargetGroup", ModifyTargetGroup$) {
}

class ModifyTrustStoreCommand extends command(_ep0, _mw0, "ModifyTrustStore", ModifyTrustStore$) {
}

class RegisterTargetsCommand extends command(_ep0, _mw0, "RegisterTargets", RegisterTargets$) {
}

class RemoveListenerCertificatesCommand extends command(_ep0, _mw0, "RemoveListenerCertificates", RemoveListenerCertificates$) {
}

class RemoveTagsCommand extends command(_ep0, _mw0, "RemoveTags", RemoveTags$) {
}

class RemoveTrustStoreRevocationsCommand extends command(_ep0, _mw0, "RemoveTrustStoreRevocations", RemoveTrustStoreRevocations$) {
}

class SetIpAddressTypeCommand extends command(_ep0, _mw0, "SetIpAddressType", SetIpAddressType$) {
}

class SetRulePrioritiesCommand extends command(_ep0, _mw0, "SetRulePriorities", SetRulePriorities$) {
}

class SetSecurityGroupsCommand extends command(_ep0, _mw0, "SetSecurityGroups", SetSecurityGroups$) {
}

class SetSubnetsCommand extends command(_ep0, _mw0, "SetSubnets", SetSubnets$) {
}

const paginateDescribeAccountLimits = createPaginator(ElasticLoadBalancingV2Client, DescribeAccountLimitsCommand, "Marker", "NextMarker", "");

const paginateDescribeListenerCertificates = createPaginator(ElasticLoadBalancingV2Client, DescribeListenerCertificatesCommand, "Marker", "NextMarker", "");

const paginateDescribeListeners = createPaginator(ElasticLoadBalancingV2Client, DescribeListenersCommand, "Marker", "NextMarker", "");

const paginateDescribeLoadBalancers = createPaginator(ElasticLoadBalancingV2Client, DescribeLoadBalancersCommand, "Marker", "NextMarker", "");

const paginateDescribeRules = createPaginator(ElasticLoadBalancingV2Client, DescribeRulesCommand, "Marker", "NextMarker", "");

const paginateDescribeTargetGroups = createPaginator(ElasticLoadBalancingV2Client, DescribeTargetGroupsCommand, "Marker", "NextMarker", "");

const paginateDescribeTrustStoreAssociations = createPaginator(ElasticLoadBalancingV2Client, DescribeTrustStoreAssociationsCommand, "Marker", "NextMarker", "PageSize");

const paginateDescribeTrustStoreRevocations = createPaginator(ElasticLoadBalancingV2Client, DescribeTrustStoreRevocationsCommand, "Marker", "NextMarker", "PageSize");

const paginateDescribeTrustStores = createPaginator(ElasticLoadBalancingV2Client, DescribeTrustStoresCommand, "Marker", "NextMarker", "PageSize");

const checkState$4 = async (client, input) => {
    let reason;
    try {
        let result = await client.send(new DescribeLoadBalancersCommand(input));
        reason = result;
        try {
            const returnComparator = () => {
                let flat_1 = [].concat(...result.LoadBalancers);
                let projection_3 = flat_1.map((element_2) => {
                    return element_2.State.Code;
                });
                return projection_3;
            };
            let allStringEq_5 = (returnComparator().length > 0);
            for (let element_4 of returnComparator()) {
                allStringEq_5 = allStringEq_5 && (element_4 == "active");
            }
            if (allStringEq_5) {
                return { state: WaiterState.SUCCESS, reason };
            }
        }
        catch (e) { }
        try {
            const returnComparator = () => {
                let flat_1 = [].concat(...result.LoadBalancers);
                let projection_3 = flat_1.map((element_2) => {
                    return element_2.State.Code;
                });
                return projection_3;
            };
            for (let anyStringEq_4 of returnComparator()) {
                if (anyStringEq_4 == "provisioning") {
                    return { state: WaiterState.RETRY, reason };
                }
            }
        }
        catch (e) { }
    }
    catch (exception) {
        reason = exception;
        if (exception.name === "LoadBalancerNotFoundException") {
            return { state: WaiterState.RETRY, reason };
        }
    }
    return { state: WaiterState.RETRY, reason };
};
const waitForLoadBalancerAvailable = async (params, input) => {
    const serviceDefaults = { minDelay: 15, maxDelay: 120 };
    return createWaiter({ ...serviceDefaults, ...params }, input, checkState$4);
};
const waitUntilLoadBalancerAvailable = async (params, input) => {
    const serviceDefaults = { minDelay: 15, maxDelay: 120 };
    const result = await createWaiter({ ...serviceDefaults, ...params }, input, checkState$4);
    return checkExceptions(result);
};

const checkState$3 = async (client, input) => {
    let reason;
    try {
        let result = await client.send(new DescribeLoadBalancersCommand(input));
        reason = result;
        return { state: WaiterState.SUCCESS, reason };
    }
    catch (exception) {
        reason = exception;
        if (exception.name === "LoadBalancerNotFoundException") {
            return { state: WaiterState.RETRY, reason };
        }
    }
    return { state: WaiterState.RETRY, reason };
};
const waitForLoadBalancerExists = async (params, input) => {
    const serviceDefaults = { minDelay: 15, maxDelay: 120 };
    return createWaiter({ ...serviceDefaults, ...params }, input, checkState$3);
};
const waitUntilLoadBalancerExists = async (params, input) => {
    const serviceDefaults = { minDelay: 15, maxDelay: 120 };
    const result = await createWaiter({ ...serviceDefaults, ...params }, input, checkState$3);
    return checkExceptions(result);
};

const checkState$2 = async (client, input) => {
    let reason;
    try {
        let result = await client.send(new DescribeLoadBalancersCommand(input));
        reason = result;
        try {
            const returnComparator = () => {
                let flat_1 = [].concat(...result.LoadBalancers);
                let projection_3 = flat_1.map((element_2) => {
                    return element_2.State.Code;
                });
                return projection_3;
            };
            let allStringEq_5 = (returnComparator().length > 0);
            for (let element_4 of returnComparator()) {
                allStringEq_5 = allStringEq_5 && (element_4 == "active");
            }
            if (allStringEq_5) {
                return { state: WaiterState.RETRY, reason };
            }
        }
        catch (e) { }
    }
    catch (exception) {
        reason = exception;
        if (exception.name === "LoadBalancerNotFoundException") {
            return { state: WaiterState.SUCCESS, reason };
        }
    }
    return { state: WaiterState.RETRY, reason };
};
const waitForLoadBalancersDeleted = async (params, input) => {
    const serviceDefaults = { minDelay: 15, maxDelay: 120 };
    return createWaiter({ ...serviceDefaults, ...params }, input, checkState$2);
};
const waitUntilLoadBalancersDeleted = async (params, input) => {
    const serviceDefaults = { minDelay: 15, maxDelay: 120 };
    const result = await createWaiter({ ...serviceDefaults, ...params }, input, checkState$2);
    return checkExceptions(result);
};

const checkState$1 = async (client, input) => {
    let reason;
    try {
        let result = await client.send(new DescribeTargetHealthCommand(input));
        reason = result;
        try {
            const returnComparator = () => {
                let flat_1 = [].concat(...result.TargetHealthDescriptions);
                let projection_3 = flat_1.map((element_2) => {
                    return element_2.TargetHealth.State;
                });
                return projection_3;
            };
            let allStringEq_5 = (returnComparator().length > 0);
            for (let element_4 of returnComparator()) {
                allStringEq_5 = allStringEq_5 && (element_4 == "unused");
            }
            if (allStringEq_5) {
                return { state: WaiterState.SUCCESS, reason };
            }
        }
        catch (e) { }
    }
    catch (exception) {
        reason = exception;
        if (exception.name === "InvalidTargetException") {
            return { state: WaiterState.SUCCESS, reason };
        }
    }
    return { state: WaiterState.RETRY, reason };
};
const waitForTargetDeregistered = async (params, input) => {
    const serviceDefaults = { minDelay: 15, maxDelay: 120 };
    return createWaiter({ ...serviceDefaults, ...params }, input, checkState$1);
};
const waitUntilTargetDeregistered = async (params, input) => {
    const serviceDefaults = { minDelay: 15, maxDelay: 120 };
    const result = await createWaiter({ ...serviceDefaults, ...params }, input, checkState$1);
    return checkExceptions(result);
};

const checkState = async (client, input) => {
    let reason;
    try {
        let result = await client.send(new DescribeTargetHealthCommand(input));
        reason = result;
        try {
            const returnComparator = () => {
                let flat_1 = [].concat(...result.TargetHealthDescriptions);
                let projection_3 = flat_1.map((element_2) => {
                    return element_2.TargetHealth.State;
                });
                return projection_3;
            };
            let allStringEq_5 = (returnComparator().length > 0);
            for (let element_4 of returnComparator()) {
                allStringEq_5 = allStringEq_5 && (element_4 == "healthy");
            }
            if (allStringEq_5) {
                return { state: WaiterState.SUCCESS, reason };
            }
        }
        catch (e) { }
    }
    catch (exception) {
        reason = exception;
        if (exception.name === "InvalidInstance") {
            return { state: WaiterState.RETRY, reason };
        }
    }
    return { state: WaiterState.RETRY, reason };
};
const waitForTargetInService = async (params, input) => {
    const serviceDefaults = { minDelay: 15, maxDelay: 120 };
    return createWaiter({ ...serviceDefaults, ...params }, input, checkState);
};
const waitUntilTargetInService = async (params, input) => {
    const serviceDefaults = { minDelay: 15, maxDelay: 120 };
    const result = await createWaiter({ ...serviceDefaults, ...params }, input, checkState);
    return checkExceptions(result);
};

const commands = {
    AddListenerCertificatesCommand,
    AddTagsCommand,
    AddTrustStoreRevocationsCommand,
    CreateListenerCommand,
    CreateLoadBalancerCommand,
    CreateRuleCommand,
    CreateTargetGroupCommand,
    CreateTrustStoreCommand,
    DeleteListenerCommand,
    DeleteLoadBalancerCommand,
    DeleteRuleCommand,
    DeleteSharedTrustStoreAssociationCommand,
    DeleteTargetGroupCommand,
    DeleteTrustStoreCommand,
    DeregisterTargetsCommand,
    DescribeAccountLimitsCommand,
    DescribeCapacityReservationCommand,
    DescribeListenerAttributesCommand,
    DescribeListenerCertificatesCommand,
    DescribeListenersCommand,
    DescribeLoadBalancerAttributesCommand,
    DescribeLoadBalancersCommand,
    DescribeRulesCommand,
    DescribeSSLPoliciesCommand,
    DescribeTagsCommand,
    DescribeTargetGroupAttributesCommand,
    DescribeTargetGroupsCommand,
    DescribeTargetHealthCommand,
    DescribeTrustStoreAssociationsCommand,
    DescribeTrustStoreRevocationsCommand,
    DescribeTrustStoresCommand,
    GetResourcePolicyCommand,
    GetTrustStoreCaCertificatesBundleCommand,
    GetTrustStoreRevocationContentCommand,
    ModifyCapacityReservationCommand,
    ModifyIpPoolsCommand,
    ModifyListenerCommand,
    ModifyListenerAttributesCommand,
    ModifyLoadBalancerAttributesCommand,
    ModifyRuleCommand,
    ModifyTargetGroupCommand,
    ModifyTargetGroupAttributesCommand,
    ModifyTrustStoreCommand,
    RegisterTargetsCommand,
    RemoveListenerCertificatesCommand,
    RemoveTagsCommand,
    RemoveTrustStoreRevocationsCommand,
    SetIpAddressTypeCommand,
    SetRulePrioritiesCommand,
    SetSecurityGroupsCommand,
    SetSubnetsCommand,
};
const paginators = {
    paginateDescribeAccountLimits,
    paginateDescribeListenerCertificates,
    paginateDescribeListeners,
    paginateDescribeLoadBalancers,
    paginateDescribeRules,
    paginateDescribeTargetGroups,
    paginateDescribeTrustStoreAssociations,
    paginateDescribeTrustStoreRevocations,
    paginateDescribeTrustStores,
};
const waiters = {
    waitUntilLoadBalancerAvailable,
    waitUntilLoadBalancerExists,
    waitUntilLoadBalancersDeleted,
    waitUntilTargetDeregistered,
    waitUntilTargetInService,
};
class ElasticLoadBalancingV2 extends ElasticLoadBalancingV2Client {
}
createAggregatedClient(commands, ElasticLoadBalancingV2, { paginators, waiters });

const AuthenticateCognitoActionConditionalBehaviorEnum = {
    ALLOW: "allow",
    AUTHENTICATE: "authenticate",
    DENY: "deny",
};
const AuthenticateOidcActionConditionalBehaviorEnum = {
    ALLOW: "allow",
    AUTHENTICATE: "authenticate",
    DENY: "deny",
};
const JwtValidationActionAdditionalClaimFormatEnum = {
    SINGLE_STRING: "single-string",
    SPACE_SEPARATED_VALUES: "space-separated-values",
    STRING_ARRAY: "string-array",
};
const RedirectActionStatusCodeEnum = {
    HTTP_301: "HTTP_301",
    HTTP_302: "HTTP_302",
};
const ActionTypeEnum = {
    AUTHENTICATE_COGNITO: "authenticate-cognito",
    AUTHENTICATE_OIDC: "authenticate-oidc",
    FIXED_RESPONSE: "fixed-response",
    FORWARD: "forward",
    JWT_VALIDATION: "jwt-validation",
    REDIRECT: "redirect",
};
const RevocationType = {
    CRL: "CRL",
};
const TargetAdministrativeOverrideReasonEnum = {
    INTERNAL_ERROR: "AdministrativeOverride.Unknown",
    NO_OVERRIDE_ENGAGED: "AdministrativeOverride.NoOverride",
    ZONAL_SHIFT_DELEGATED_TO_DNS: "AdministrativeOverride.ZonalShiftDelegatedToDns",
    ZONAL_SHIFT_ENGAGED: "AdministrativeOverride.ZonalShiftActive",
};
const TargetAdministrativeOverrideStateEnum = {
    NO_OVERRIDE: "no_override",
    UNKNOWN: "unknown",
    ZONAL_SHIFT_ACTIVE: "zonal_shift_active",
    ZONAL_SHIFT_DELEGATED_TO_DNS: "zonal_shift_delegated_to_dns",
};
const AdvertiseTrustStoreCaNamesEnum = {
    off: "off",
    on: "on",
};
const MitigationInEffectEnum = {
    NO: "no",
    YES: "yes",
};
const AnomalyResultEnum = {
    ANOMALOUS: "anomalous",
    NORMAL: "normal",
};
const CapacityReservationStateEnum = {
    FAILED: "failed",
    PENDING: "pending",
    PROVISIONED: "provisioned",
    REBALANCING: "rebalancing",
};
const TrustStoreAssociationStatusEnum = {
    ACTIVE: "active",
    REMOVED: "removed",
};
const ProtocolEnum = {
    GENEVE: "GENEVE",
    HTTP: "HTTP",
    HTTPS: "HTTPS",
    QUIC: "QUIC",
    TCP: "TCP",
    TCP_QUIC: "TCP_QUIC",
    TCP_UDP: "TCP_UDP",
    TLS: "TLS",
    UDP: "UDP",
};
const EnablePrefixForIpv6SourceNatEnum = {
    OFF: "off",
    ON: "on",
};
const IpAddressType = {
    DUALSTACK: "dualstack",
    DUALSTACK_WITHOUT_PUBLIC_IPV4: "dualstack-without-public-ipv4",
    IPV4: "ipv4",
};
const LoadBalancerSchemeEnum = {
    INTERNAL: "internal",
    INTERNET_FACING: "internet-facing",
};
const LoadBalancerTypeEnum = {
    APPLICATION: "application",
    GATEWAY: "gateway",
    NETWORK: "network",
};
const LoadBalancerStateEnum = {
    ACTIVE: "active",
    ACTIVE_IMPAIRED: "active_impaired",
    FAILED: "failed",
    PROVISIONING: "provisioning",
};
const SourceIpAddressTypeEnum = {
    IPV4: "ipv4",
    IPV6: "ipv6",
};
const TransformTypeEnum = {
    HOST_HEADER_REWRITE: "host-header-rewrite",
    URL_REWRITE: "url-rewrite",
};
const TargetGroupIpAddressTypeEnum = {
    IPV4: "ipv4",
    IPV6: "ipv6",
};
const TargetTypeEnum = {
    ALB: "alb",
    INSTANCE: "instance",
    IP: "ip",
    LAMBDA: "lambda",
};
const TrustStoreStatus = {
    ACTIVE: "ACTIVE",
    CREATING: "CREATING",
};
const DescribeTargetHealthInputIncludeEnum = {
    ALL: "All",
    ANOMALY: "AnomalyDetection",
};
const TargetHealthReasonEnum = {
    DEREGISTRATION_IN_PROGRESS: "Target.DeregistrationInProgress",
    FAILED_HEALTH_CHECKS: "Target.FailedHealthChecks",
    HEALTH_CHECK_DISABLED: "Target.HealthCheckDisabled",
    INITIAL_HEALTH_CHECKING: "Elb.InitialHealthChecking",
    INTERNAL_ERROR: "Elb.InternalError",
    INVALID_STATE: "Target.InvalidState",
    IP_UNUSABLE: "Target.IpUnusable",
    NOT_IN_USE: "Target.NotInUse",
    NOT_REGISTERED: "Target.NotRegistered",
    REGISTRATION_IN_PROGRESS: "Elb.RegistrationInProgress",
    RESPONSE_CODE_MISMATCH: "Target.ResponseCodeMismatch",
    TIMEOUT: "Target.Timeout",
};
const TargetHealthStateEnum = {
    DRAINING: "draining",
    HEALTHY: "healthy",
    INITIAL: "initial",
    UNAVAILABLE: "unavailable",
    UNHEALTHY: "unhealthy",
    UNHEALTHY_DRAINING: "unhealthy.draining",
    UNUSED: "unused",
};
const RemoveIpamPoolEnum = {
    ipv4: "ipv4",
};
const EnforceSecurityGroupInboundRulesOnPrivateLinkTrafficEnum = {
    off: "off",
    on: "on",
};

__webpack_unused_export__ = ALPNPolicyNotSupportedException;
__webpack_unused_export__ = ALPNPolicyNotSupportedException$;
__webpack_unused_export__ = Action$;
__webpack_unused_export__ = ActionTypeEnum;
__webpack_unused_export__ = AddListenerCertificates$;
__webpack_unused_export__ = AddListenerCertificatesCommand;
__webpack_unused_export__ = AddListenerCertificatesInput$;
__webpack_unused_export__ = AddListenerCertificatesOutput$;
__webpack_unused_export__ = AddTags$;
__webpack_unused_export__ = AddTagsCommand;
__webpack_unused_export__ = AddTagsInput$;
__webpack_unused_export__ = AddTagsOutput$;
__webpack_unused_export__ = AddTrustStoreRevocations$;
__webpack_unused_export__ = AddTrustStoreRevocationsCommand;
__webpack_unused_export__ = AddTrustStoreRevocationsInput$;
__webpack_unused_export__ = AddTrustStoreRevocationsOutput$;
__webpack_unused_export__ = AdministrativeOverride$;
__webpack_unused_export__ = AdvertiseTrustStoreCaNamesEnum;
__webpack_unused_export__ = AllocationIdNotFoundException;
__webpack_unused_export__ = AllocationIdNotFoundException$;
__webpack_unused_export__ = AnomalyDetection$;
__webpack_unused_export__ = AnomalyResultEnum;
__webpack_unused_export__ = AuthenticateCognitoActionConditionalBehaviorEnum;
__webpack_unused_export__ = AuthenticateCognitoActionConfig$;
__webpack_unused_export__ = AuthenticateOidcActionConditionalBehaviorEnum;
__webpack_unused_export__ = AuthenticateOidcActionConfig$;
__webpack_unused_export__ = AvailabilityZone$;
__webpack_unused_export__ = AvailabilityZoneNotSupportedException;
__webpack_unused_export__ = AvailabilityZoneNotSupportedException$;
__webpack_unused_export__ = CaCertificatesBundleNotFoundException;
__webpack_unused_export__ = CaCertificatesBundleNotFoundException$;
__webpack_unused_export__ = CapacityDecreaseRequestsLimitExceededException;
__webpack_unused_export__ = CapacityDecreaseRequestsLimitExceededException$;
__webpack_unused_export__ = CapacityReservationPendingException;
__webpack_unused_export__ = CapacityReservationPendingException$;
__webpack_unused_export__ = CapacityReservationStateEnum;
__webpack_unused_export__ = CapacityReservationStatus$;
__webpack_unused_export__ = CapacityUnitsLimitExceededException;
__webpack_unused_export__ = CapacityUnitsLimitExceededException$;
__webpack_unused_export__ = Certificate$;
__webpack_unused_export__ = CertificateNotFoundException;
__webpack_unused_export__ = CertificateNotFoundException$;
__webpack_unused_export__ = Cipher$;
__webpack_unused_export__ = CreateListener$;
__webpack_unused_export__ = CreateListenerCommand;
__webpack_unused_export__ = CreateListenerInput$;
__webpack_unused_export__ = CreateListenerOutput$;
__webpack_unused_export__ = CreateLoadBalancer$;
__webpack_unused_export__ = CreateLoadBalancerCommand;
__webpack_unused_export__ = CreateLoadBalancerInput$;
__webpack_unused_export__ = CreateLoadBalancerOutput$;
__webpack_unused_export__ = CreateRule$;
__webpack_unused_export__ = CreateRuleCommand;
__webpack_unused_export__ = CreateRuleInput$;
__webpack_unused_export__ = CreateRuleOutput$;
__webpack_unused_export__ = CreateTargetGroup$;
exports.GGF = CreateTargetGroupCommand;
__webpack_unused_export__ = CreateTargetGroupInput$;
__webpack_unused_export__ = CreateTargetGroupOutput$;
__webpack_unused_export__ = CreateTrustStore$;
__webpack_unused_export__ = CreateTrustStoreCommand;
__webpack_unused_export__ = CreateTrustStoreInput$;
__webpack_unused_export__ = CreateTrustStoreOutput$;
__webpack_unused_export__ = DeleteAssociationSameAccountException;
__webpack_unused_export__ = DeleteAssociationSameAccountException$;
__webpack_unused_export__ = DeleteListener$;
__webpack_unused_export__ = DeleteListenerCommand;
__webpack_unused_export__ = DeleteListenerInput$;
__webpack_unused_export__ = DeleteListenerOutput$;
__webpack_unused_export__ = DeleteLoadBalancer$;
__webpack_unused_export__ = DeleteLoadBalancerCommand;
__webpack_unused_export__ = DeleteLoadBalancerInput$;
__webpack_unused_export__ = DeleteLoadBalancerOutput$;
__webpack_unused_export__ = DeleteRule$;
__webpack_unused_export__ = DeleteRuleCommand;
__webpack_unused_export__ = DeleteRuleInput$;
__webpack_unused_export__ = DeleteRuleOutput$;
__webpack_unused_export__ = DeleteSharedTrustStoreAssociation$;
__webpack_unused_export__ = DeleteSharedTrustStoreAssociationCommand;
__webpack_unused_export__ = DeleteSharedTrustStoreAssociationInput$;
__webpack_unused_export__ = DeleteSharedTrustStoreAssociationOutput$;
__webpack_unused_export__ = DeleteTargetGroup$;
exports.tX = DeleteTargetGroupCommand;
__webpack_unused_export__ = DeleteTargetGroupInput$;
__webpack_unused_export__ = DeleteTargetGroupOutput$;
__webpack_unused_export__ = DeleteTrustStore$;
__webpack_unused_export__ = DeleteTrustStoreCommand;
__webpack_unused_export__ = DeleteTrustStoreInput$;
__webpack_unused_export__ = DeleteTrustStoreOutput$;
__webpack_unused_export__ = DeregisterTargets$;
__webpack_unused_export__ = DeregisterTargetsCommand;
__webpack_unused_export__ = DeregisterTargetsInput$;
__webpack_unused_export__ = DeregisterTargetsOutput$;
__webpack_unused_export__ = DescribeAccountLimits$;
__webpack_unused_export__ = DescribeAccountLimitsCommand;
__webpack_unused_export__ = DescribeAccountLimitsInput$;
__webpack_unused_export__ = DescribeAccountLimitsOutput$;
__webpack_unused_export__ = DescribeCapacityReservation$;
__webpack_unused_export__ = DescribeCapacityReservationCommand;
__webpack_unused_export__ = DescribeCapacityReservationInput$;
__webpack_unused_export__ = DescribeCapacityReservationOutput$;
__webpack_unused_export__ = DescribeListenerAttributes$;
__webpack_unused_export__ = DescribeListenerAttributesCommand;
__webpack_unused_export__ = DescribeListenerAttributesInput$;
__webpack_unused_export__ = DescribeListenerAttributesOutput$;
__webpack_unused_export__ = DescribeListenerCertificates$;
__webpack_unused_export__ = DescribeListenerCertificatesCommand;
__webpack_unused_export__ = DescribeListenerCertificatesInput$;
__webpack_unused_export__ = DescribeListenerCertificatesOutput$;
__webpack_unused_export__ = DescribeListeners$;
exports.AKE = DescribeListenersCommand;
__webpack_unused_export__ = DescribeListenersInput$;
__webpack_unused_export__ = DescribeListenersOutput$;
__webpack_unused_export__ = DescribeLoadBalancerAttributes$;
__webpack_unused_export__ = DescribeLoadBalancerAttributesCommand;
__webpack_unused_export__ = DescribeLoadBalancerAttributesInput$;
__webpack_unused_export__ = DescribeLoadBalancerAttributesOutput$;
__webpack_unused_export__ = DescribeLoadBalancers$;
__webpack_unused_export__ = DescribeLoadBalancersCommand;
__webpack_unused_export__ = DescribeLoadBalancersInput$;
__webpack_unused_export__ = DescribeLoadBalancersOutput$;
__webpack_unused_export__ = DescribeRules$;
exports.Ggo = DescribeRulesCommand;
__webpack_unused_export__ = DescribeRulesInput$;
__webpack_unused_export__ = DescribeRulesOutput$;
__webpack_unused_export__ = DescribeSSLPolicies$;
__webpack_unused_export__ = DescribeSSLPoliciesCommand;
__webpack_unused_export__ = DescribeSSLPoliciesInput$;
__webpack_unused_export__ = DescribeSSLPoliciesOutput$;
__webpack_unused_export__ = DescribeTags$;
__webpack_unused_export__ = DescribeTagsCommand;
__webpack_unused_export__ = DescribeTagsInput$;
__webpack_unused_export__ = DescribeTagsOutput$;
__webpack_unused_export__ = DescribeTargetGroupAttributes$;
exports.cKh = DescribeTargetGroupAttributesCommand;
__webpack_unused_export__ = DescribeTargetGroupAttributesInput$;
__webpack_unused_export__ = DescribeTargetGroupAttributesOutput$;
__webpack_unused_export__ = DescribeTargetGroups$;
exports.sC7 = DescribeTargetGroupsCommand;
__webpack_unused_export__ = DescribeTargetGroupsInput$;
__webpack_unused_export__ = DescribeTargetGroupsOutput$;
__webpack_unused_export__ = DescribeTargetHealth$;
exports.qyg = DescribeTargetHealthCommand;
__webpack_unused_export__ = DescribeTargetHealthInput$;
__webpack_unused_export__ = DescribeTargetHealthInputIncludeEnum;
__webpack_unused_export__ = DescribeTargetHealthOutput$;
__webpack_unused_export__ = DescribeTrustStoreAssociations$;
__webpack_unused_export__ = DescribeTrustStoreAssociationsCommand;
__webpack_unused_export__ = DescribeTrustStoreAssociationsInput$;
__webpack_unused_export__ = DescribeTrustStoreAssociationsOutput$;
__webpack_unused_export__ = DescribeTrustStoreRevocation$;
__webpack_unused_export__ = DescribeTrustStoreRevocations$;
__webpack_unused_export__ = DescribeTrustStoreRevocationsCommand;
__webpack_unused_export__ = DescribeTrustStoreRevocationsInput$;
__webpack_unused_export__ = DescribeTrustStoreRevocationsOutput$;
__webpack_unused_export__ = DescribeTrustStores$;
__webpack_unused_export__ = DescribeTrustStoresCommand;
__webpack_unused_export__ = DescribeTrustStoresInput$;
__webpack_unused_export__ = DescribeTrustStoresOutput$;
__webpack_unused_export__ = DuplicateListenerException;
__webpack_unused_export__ = DuplicateListenerException$;
__webpack_unused_export__ = DuplicateLoadBalancerNameException;
__webpack_unused_export__ = DuplicateLoadBalancerNameException$;
__webpack_unused_export__ = DuplicateTagKeysException;
__webpack_unused_export__ = DuplicateTagKeysException$;
__webpack_unused_export__ = DuplicateTargetGroupNameException;
__webpack_unused_export__ = DuplicateTargetGroupNameException$;
__webpack_unused_export__ = DuplicateTrustStoreNameException;
__webpack_unused_export__ = DuplicateTrustStoreNameException$;
__webpack_unused_export__ = ElasticLoadBalancingV2;
exports.MlD = ElasticLoadBalancingV2Client;
__webpack_unused_export__ = ElasticLoadBalancingV2ServiceException;
__webpack_unused_export__ = ElasticLoadBalancingV2ServiceException$;
__webpack_unused_export__ = EnablePrefixForIpv6SourceNatEnum;
__webpack_unused_export__ = EnforceSecurityGroupInboundRulesOnPrivateLinkTrafficEnum;
__webpack_unused_export__ = FixedResponseActionConfig$;
__webpack_unused_export__ = ForwardActionConfig$;
__webpack_unused_export__ = GetResourcePolicy$;
__webpack_unused_export__ = GetResourcePolicyCommand;
__webpack_unused_export__ = GetResourcePolicyInput$;
__webpack_unused_export__ = GetResourcePolicyOutput$;
__webpack_unused_export__ = GetTrustStoreCaCertificatesBundle$;
__webpack_unused_export__ = GetTrustStoreCaCertificatesBundleCommand;
__webpack_unused_export__ = GetTrustStoreCaCertificatesBundleInput$;
__webpack_unused_export__ = GetTrustStoreCaCertificatesBundleOutput$;
__webpack_unused_export__ = GetTrustStoreRevocationContent$;
__webpack_unused_export__ = GetTrustStoreRevocationContentCommand;
__webpack_unused_export__ = GetTrustStoreRevocationContentInput$;
__webpack_unused_export__ = GetTrustStoreRevocationContentOutput$;
__webpack_unused_export__ = HealthUnavailableException;
__webpack_unused_export__ = HealthUnavailableException$;
__webpack_unused_export__ = HostHeaderConditionConfig$;
__webpack_unused_export__ = HostHeaderRewriteConfig$;
__webpack_unused_export__ = HttpHeaderConditionConfig$;
__webpack_unused_export__ = HttpRequestMethodConditionConfig$;
__webpack_unused_export__ = IncompatibleProtocolsException;
__webpack_unused_export__ = IncompatibleProtocolsException$;
__webpack_unused_export__ = InsufficientCapacityException;
__webpack_unused_export__ = InsufficientCapacityException$;
__webpack_unused_export__ = InvalidCaCertificatesBundleException;
__webpack_unused_export__ = InvalidCaCertificatesBundleException$;
__webpack_unused_export__ = InvalidConfigurationRequestException;
__webpack_unused_export__ = InvalidConfigurationRequestException$;
__webpack_unused_export__ = InvalidLoadBalancerActionException;
__webpack_unused_export__ = InvalidLoadBalancerActionException$;
__webpack_unused_export__ = InvalidRevocationContentException;
__webpack_unused_export__ = InvalidRevocationContentException$;
__webpack_unused_export__ = InvalidSchemeException;
__webpack_unused_export__ = InvalidSchemeException$;
__webpack_unused_export__ = InvalidSecurityGroupException;
__webpack_unused_export__ = InvalidSecurityGroupException$;
__webpack_unused_export__ = InvalidSubnetException;
__webpack_unused_export__ = InvalidSubnetException$;
__webpack_unused_export__ = InvalidTargetException;
__webpack_unused_export__ = InvalidTargetException$;
__webpack_unused_export__ = IpAddressType;
__webpack_unused_export__ = IpamPools$;
__webpack_unused_export__ = JwtValidationActionAdditionalClaim$;
__webpack_unused_export__ = JwtValidationActionAdditionalClaimFormatEnum;
__webpack_unused_export__ = JwtValidationActionConfig$;
__webpack_unused_export__ = Limit$;
__webpack_unused_export__ = Listener$;
__webpack_unused_export__ = ListenerAttribute$;
__webpack_unused_export__ = ListenerNotFoundException;
__webpack_unused_export__ = ListenerNotFoundException$;
__webpack_unused_export__ = LoadBalancer$;
__webpack_unused_export__ = LoadBalancerAddress$;
__webpack_unused_export__ = LoadBalancerAttribute$;
__webpack_unused_export__ = LoadBalancerNotFoundException;
__webpack_unused_export__ = LoadBalancerNotFoundException$;
__webpack_unused_export__ = LoadBalancerSchemeEnum;
__webpack_unused_export__ = LoadBalancerState$;
__webpack_unused_export__ = LoadBalancerStateEnum;
__webpack_unused_export__ = LoadBalancerTypeEnum;
__webpack_unused_export__ = Matcher$;
__webpack_unused_export__ = MinimumLoadBalancerCapacity$;
__webpack_unused_export__ = MitigationInEffectEnum;
__webpack_unused_export__ = ModifyCapacityReservation$;
__webpack_unused_export__ = ModifyCapacityReservationCommand;
__webpack_unused_export__ = ModifyCapacityReservationInput$;
__webpack_unused_export__ = ModifyCapacityReservationOutput$;
__webpack_unused_export__ = ModifyIpPools$;
__webpack_unused_export__ = ModifyIpPoolsCommand;
__webpack_unused_export__ = ModifyIpPoolsInput$;
__webpack_unused_export__ = ModifyIpPoolsOutput$;
__webpack_unused_export__ = ModifyListener$;
__webpack_unused_export__ = ModifyListenerAttributes$;
__webpack_unused_export__ = ModifyListenerAttributesCommand;
__webpack_unused_export__ = ModifyListenerAttributesInput$;
__webpack_unused_export__ = ModifyListenerAttributesOutput$;
exports.ugc = ModifyListenerCommand;
__webpack_unused_export__ = ModifyListenerInput$;
__webpack_unused_export__ = ModifyListenerOutput$;
__webpack_unused_export__ = ModifyLoadBalancerAttributes$;
__webpack_unused_export__ = ModifyLoadBalancerAttributesCommand;
__webpack_unused_export__ = ModifyLoadBalancerAttributesInput$;
__webpack_unused_export__ = ModifyLoadBalancerAttributesOutput$;
__webpack_unused_export__ = ModifyRule$;
exports.y5P = ModifyRuleCommand;
__webpack_unused_export__ = ModifyRuleInput$;
__webpack_unused_export__ = ModifyRuleOutput$;
__webpack_unused_export__ = ModifyTargetGroup$;
__webpack_unused_export__ = ModifyTargetGroupAttributes$;
exports.fHb = ModifyTargetGroupAttributesCommand;
__webpack_unused_export__ = ModifyTargetGroupAttributesInput$;
__webpack_unused_export__ = ModifyTargetGroupAttributesOutput$;
__webpack_unused_export__ = ModifyTargetGroupCommand;
__webpack_unused_export__ = ModifyTargetGroupInput$;
__webpack_unused_export__ = ModifyTargetGroupOutput$;
__webpack_unused_export__ = ModifyTrustStore$;
__webpack_unused_export__ = ModifyTrustStoreCommand;
__webpack_unused_export__ = ModifyTrustStoreInput$;
__webpack_unused_export__ = ModifyTrustStoreOutput$;
__webpack_unused_export__ = MutualAuthenticationAttributes$;
__webpack_unused_export__ = OperationNotPermittedException;
__webpack_unused_export__ = OperationNotPermittedException$;
__webpack_unused_export__ = PathPatternConditionConfig$;
__webpack_unused_export__ = PriorRequestNotCompleteException;
__webpack_unused_export__ = PriorRequestNotCompleteException$;
__webpack_unused_export__ = PriorityInUseException;
__webpack_unused_export__ = PriorityInUseException$;
__webpack_unused_export__ = ProtocolEnum;
__webpack_unused_export__ = QueryStringConditionConfig$;
__webpack_unused_export__ = QueryStringKeyValuePair$;
__webpack_unused_export__ = RedirectActionConfig$;
__webpack_unused_export__ = RedirectActionStatusCodeEnum;
__webpack_unused_export__ = RegisterTargets$;
__webpack_unused_export__ = RegisterTargetsCommand;
__webpack_unused_export__ = RegisterTargetsInput$;
__webpack_unused_export__ = RegisterTargetsOutput$;
__webpack_unused_export__ = RemoveIpamPoolEnum;
__webpack_unused_export__ = RemoveListenerCertificates$;
__webpack_unused_export__ = RemoveListenerCertificatesCommand;
__webpack_unused_export__ = RemoveListenerCertificatesInput$;
__webpack_unused_export__ = RemoveListenerCertificatesOutput$;
__webpack_unused_export__ = RemoveTags$;
__webpack_unused_export__ = RemoveTagsCommand;
__webpack_unused_export__ = RemoveTagsInput$;
__webpack_unused_export__ = RemoveTagsOutput$;
__webpack_unused_export__ = RemoveTrustStoreRevocations$;
__webpack_unused_export__ = RemoveTrustStoreRevocationsCommand;
__webpack_unused_export__ = RemoveTrustStoreRevocationsInput$;
__webpack_unused_export__ = RemoveTrustStoreRevocationsOutput$;
__webpack_unused_export__ = ResourceInUseException;
__webpack_unused_export__ = ResourceInUseException$;
__webpack_unused_export__ = ResourceNotFoundException;
__webpack_unused_export__ = ResourceNotFoundException$;
__webpack_unused_export__ = RevocationContent$;
__webpack_unused_export__ = RevocationContentNotFoundException;
__webpack_unused_export__ = RevocationContentNotFoundException$;
__webpack_unused_export__ = RevocationIdNotFoundException;
__webpack_unused_export__ = RevocationIdNotFoundException$;
__webpack_unused_export__ = RevocationType;
__webpack_unused_export__ = RewriteConfig$;
__webpack_unused_export__ = Rule$;
__webpack_unused_export__ = RuleCondition$;
__webpack_unused_export__ = RuleNotFoundException;
__webpack_unused_export__ = RuleNotFoundException$;
__webpack_unused_export__ = RulePriorityPair$;
__webpack_unused_export__ = RuleTransform$;
__webpack_unused_export__ = SSLPolicyNotFoundException;
__webpack_unused_export__ = SSLPolicyNotFoundException$;
__webpack_unused_export__ = SetIpAddressType$;
__webpack_unused_export__ = SetIpAddressTypeCommand;
__webpack_unused_export__ = SetIpAddressTypeInput$;
__webpack_unused_export__ = SetIpAddressTypeOutput$;
__webpack_unused_export__ = SetRulePriorities$;
__webpack_unused_export__ = SetRulePrioritiesCommand;
__webpack_unused_export__ = SetRulePrioritiesInput$;
__webpack_unused_export__ = SetRulePrioritiesOutput$;
__webpack_unused_export__ = SetSecurityGroups$;
__webpack_unused_export__ = SetSecurityGroupsCommand;
__webpack_unused_export__ = SetSecurityGroupsInput$;
__webpack_unused_export__ = SetSecurityGroupsOutput$;
__webpack_unused_export__ = SetSubnets$;
__webpack_unused_export__ = SetSubnetsCommand;
__webpack_unused_export__ = SetSubnetsInput$;
__webpack_unused_export__ = SetSubnetsOutput$;
__webpack_unused_export__ = SourceIpAddressTypeEnum;
__webpack_unused_export__ = SourceIpConditionConfig$;
__webpack_unused_export__ = SslPolicy$;
__webpack_unused_export__ = SubnetMapping$;
__webpack_unused_export__ = SubnetNotFoundException;
__webpack_unused_export__ = SubnetNotFoundException$;
__webpack_unused_export__ = Tag$;
__webpack_unused_export__ = TagDescription$;
__webpack_unused_export__ = TargetAdministrativeOverrideReasonEnum;
__webpack_unused_export__ = TargetAdministrativeOverrideStateEnum;
__webpack_unused_export__ = TargetDescription$;
__webpack_unused_export__ = TargetGroup$;
__webpack_unused_export__ = TargetGroupAssociationLimitException;
__webpack_unused_export__ = TargetGroupAssociationLimitException$;
__webpack_unused_export__ = TargetGroupAttribute$;
__webpack_unused_export__ = TargetGroupIpAddressTypeEnum;
__webpack_unused_export__ = TargetGroupNotFoundException;
__webpack_unused_export__ = TargetGroupNotFoundException$;
__webpack_unused_export__ = TargetGroupStickinessConfig$;
__webpack_unused_export__ = TargetGroupTuple$;
__webpack_unused_export__ = TargetHealth$;
__webpack_unused_export__ = TargetHealthDescription$;
__webpack_unused_export__ = TargetHealthReasonEnum;
__webpack_unused_export__ = TargetHealthStateEnum;
__webpack_unused_export__ = TargetTypeEnum;
__webpack_unused_export__ = TooManyActionsException;
__webpack_unused_export__ = TooManyActionsException$;
__webpack_unused_export__ = TooManyCertificatesException;
__webpack_unused_export__ = TooManyCertificatesException$;
__webpack_unused_export__ = TooManyListenersException;
__webpack_unused_export__ = TooManyListenersException$;
__webpack_unused_export__ = TooManyLoadBalancersException;
__webpack_unused_export__ = TooManyLoadBalancersException$;
__webpack_unused_export__ = TooManyRegistrationsForTargetIdException;
__webpack_unused_export__ = TooManyRegistrationsForTargetIdException$;
__webpack_unused_export__ = TooManyRulesException;
__webpack_unused_export__ = TooManyRulesException$;
__webpack_unused_export__ = TooManyTagsException;
__webpack_unused_export__ = TooManyTagsException$;
__webpack_unused_export__ = TooManyTargetGroupsException;
__webpack_unused_export__ = TooManyTargetGroupsException$;
__webpack_unused_export__ = TooManyTargetsException;
__webpack_unused_export__ = TooManyTargetsException$;
__webpack_unused_export__ = TooManyTrustStoreRevocationEntriesException;
__webpack_unused_export__ = TooManyTrustStoreRevocationEntriesException$;
__webpack_unused_export__ = TooManyTrustStoresException;
__webpack_unused_export__ = TooManyTrustStoresException$;
__webpack_unused_export__ = TooManyUniqueTargetGroupsPerLoadBalancerException;
__webpack_unused_export__ = TooManyUniqueTargetGroupsPerLoadBalancerException$;
__webpack_unused_export__ = TransformTypeEnum;
__webpack_unused_export__ = TrustStore$;
__webpack_unused_export__ = TrustStoreAssociation$;
__webpack_unused_export__ = TrustStoreAssociationNotFoundException;
__webpack_unused_export__ = TrustStoreAssociationNotFoundException$;
__webpack_unused_export__ = TrustStoreAssociationStatusEnum;
__webpack_unused_export__ = TrustStoreInUseException;
__webpack_unused_export__ = TrustStoreInUseException$;
__webpack_unused_export__ = TrustStoreNotFoundException;
__webpack_unused_export__ = TrustStoreNotFoundException$;
__webpack_unused_export__ = TrustStoreNotReadyException;
__webpack_unused_export__ = TrustStoreNotReadyException$;
__webpack_unused_export__ = TrustStoreRevocation$;
__webpack_unused_export__ = TrustStoreStatus;
__webpack_unused_export__ = UnsupportedProtocolException;
__webpack_unused_export__ = UnsupportedProtocolException$;
__webpack_unused_export__ = UrlRewriteConfig$;
__webpack_unused_export__ = ZonalCapacityReservationState$;
__webpack_unused_export__ = errorTypeRegistries;
__webpack_unused_export__ = paginateDescribeAccountLimits;
__webpack_unused_export__ = paginateDescribeListenerCertificates;
__webpack_unused_export__ = paginateDescribeListeners;
__webpack_unused_export__ = paginateDescribeLoadBalancers;
__webpack_unused_export__ = paginateDescribeRules;
__webpack_unused_export__ = paginateDescribeTargetGroups;
__webpack_unused_export__ = paginateDescribeTrustStoreAssociations;
__webpack_unused_export__ = paginateDescribeTrustStoreRevocations;
__webpack_unused_export__ = paginateDescribeTrustStores;
__webpack_unused_export__ = waitForLoadBalancerAvailable;
__webpack_unused_export__ = waitForLoadBalancerExists;
__webpack_unused_export__ = waitForLoadBalancersDeleted;
__webpack_unused_export__ = waitForTargetDeregistered;
__webpack_unused_export__ = waitForTargetInService;
__webpack_unused_export__ = waitUntilLoadBalancerAvailable;
__webpack_unused_export__ = waitUntilLoadBalancerExists;
__webpack_unused_export__ = waitUntilLoadBalancersDeleted;
__webpack_unused_export__ = waitUntilTargetDeregistered;
__webpack_unused_export__ = waitUntilTargetInService;


/***/ })

};
;