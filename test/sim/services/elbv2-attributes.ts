/**
 * Target-group attributes as the TargetGroupAttribute API reference lists them, with the load balancers and
 * target types each applies to and AWS's default values:
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_TargetGroupAttribute.html
 * DescribeTargetGroupAttributes returns every attribute that applies to the group (an unset string, such as
 * the app cookie's name, as ""); ModifyTargetGroupAttributes refuses one that does not apply with
 * InvalidConfigurationRequest "The provided target group attribute is not supported" (the error AWS returns,
 * quoted in https://github.com/hashicorp/terraform-provider-aws/issues/12726).
 */

/** Which attribute list applies: by the load balancer type a protocol serves, and Lambda targets apart. */
export type AttributeKind = 'alb' | 'alb-lambda' | 'nlb' | 'gwlb';

export function attributeKind(targetType: string, protocol: string): AttributeKind {
  if (targetType === 'lambda') return 'alb-lambda';
  if (protocol === 'GENEVE') return 'gwlb';
  // An ALB as a target ('alb' target type) sits behind a Network Load Balancer.
  if (targetType === 'alb' || !['HTTP', 'HTTPS'].includes(protocol)) return 'nlb';
  return 'alb';
}

interface Spec {
  kinds: readonly AttributeKind[];
  default: (kind: AttributeKind, targetType: string, protocol: string) => string;
  /** What the value may be, as the reference words it (for the error), and the check. */
  allowed: string;
  valid: (value: string, kind: AttributeKind) => boolean;
}

const ALL: AttributeKind[] = ['alb', 'alb-lambda', 'nlb', 'gwlb'];
const ALB_NLB: AttributeKind[] = ['alb', 'alb-lambda', 'nlb'];
const bool = { allowed: 'true or false', valid: (v: string) => v === 'true' || v === 'false' };
const int = (v: string, min: number, max: number): boolean =>
  /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max;
const fixed = (value: string) => () => value;
const STICKINESS: Record<AttributeKind, string[]> = {
  alb: ['lb_cookie', 'app_cookie'],
  'alb-lambda': ['lb_cookie', 'app_cookie'],
  nlb: ['source_ip'],
  gwlb: ['source_ip_dest_ip', 'source_ip_dest_ip_proto'],
};
const UDP = ['UDP', 'TCP_UDP'];

export const ATTRIBUTES: Record<string, Spec> = {
  // Supported by all load balancers (deregistration delay: not when the target is a Lambda function).
  'deregistration_delay.timeout_seconds': {
    kinds: ['alb', 'nlb', 'gwlb'],
    default: fixed('300'),
    allowed: 'a number of seconds from 0 to 3600',
    valid: (v) => int(v, 0, 3600),
  },
  'stickiness.enabled': { kinds: ALL, default: fixed('false'), ...bool },
  'stickiness.type': {
    kinds: ALL,
    default: (kind) => STICKINESS[kind][0]!,
    allowed: 'a stickiness type of the load balancer type',
    valid: (v, kind) => STICKINESS[kind].includes(v),
  },
  // Supported by Application Load Balancers and Network Load Balancers.
  'load_balancing.cross_zone.enabled': {
    kinds: ALB_NLB,
    default: fixed('use_load_balancer_configuration'),
    allowed: 'true, false or use_load_balancer_configuration',
    valid: (v) => ['true', 'false', 'use_load_balancer_configuration'].includes(v),
  },
  'target_group_health.dns_failover.minimum_healthy_targets.count': {
    kinds: ALB_NLB,
    default: fixed('1'),
    allowed: 'off or an integer from 1',
    valid: (v) => v === 'off' || int(v, 1, Number.MAX_SAFE_INTEGER),
  },
  'target_group_health.dns_failover.minimum_healthy_targets.percentage': {
    kinds: ALB_NLB,
    default: fixed('off'),
    allowed: 'off or an integer from 1 to 100',
    valid: (v) => v === 'off' || int(v, 1, 100),
  },
  'target_group_health.unhealthy_state_routing.minimum_healthy_targets.count': {
    kinds: ALB_NLB,
    default: fixed('1'),
    allowed: 'an integer from 1',
    valid: (v) => int(v, 1, Number.MAX_SAFE_INTEGER),
  },
  'target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage': {
    kinds: ALB_NLB,
    default: fixed('off'),
    allowed: 'off or an integer from 1 to 100',
    valid: (v) => v === 'off' || int(v, 1, 100),
  },
  // Supported only by Application Load Balancers whose targets are instances or IP addresses.
  'load_balancing.algorithm.type': {
    kinds: ['alb'],
    default: fixed('round_robin'),
    allowed: 'round_robin, least_outstanding_requests or weighted_random',
    valid: (v) => ['round_robin', 'least_outstanding_requests', 'weighted_random'].includes(v),
  },
  'load_balancing.algorithm.anomaly_mitigation': {
    kinds: ['alb'],
    default: fixed('off'),
    allowed: 'on or off',
    valid: (v) => v === 'on' || v === 'off',
  },
  'slow_start.duration_seconds': {
    kinds: ['alb'],
    default: fixed('0'),
    allowed: '0 (off) or a number of seconds from 30 to 900',
    valid: (v) => v === '0' || int(v, 30, 900),
  },
  // No default is documented; AWS returns "" until it is set. An empty name is refused (ASSUMPTIONS.md).
  'stickiness.app_cookie.cookie_name': {
    kinds: ['alb'],
    default: fixed(''),
    allowed: 'a cookie name that does not start with AWSALB, AWSALBAPP or AWSALBTG',
    valid: (v) => /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(v) && !v.startsWith('AWSALB'),
  },
  'stickiness.app_cookie.duration_seconds': {
    kinds: ['alb'],
    default: fixed('86400'),
    allowed: 'a number of seconds from 1 to 604800',
    valid: (v) => int(v, 1, 604800),
  },
  'stickiness.lb_cookie.duration_seconds': {
    kinds: ['alb'],
    default: fixed('86400'),
    allowed: 'a number of seconds from 1 to 604800',
    valid: (v) => int(v, 1, 604800),
  },
  // Supported only by Application Load Balancers whose target is a Lambda function.
  'lambda.multi_value_headers.enabled': { kinds: ['alb-lambda'], default: fixed('false'), ...bool },
  // Supported only by Network Load Balancers.
  'deregistration_delay.connection_termination.enabled': {
    kinds: ['nlb'],
    default: (_k, _t, protocol) => String(UDP.includes(protocol)),
    ...bool,
  },
  'preserve_client_ip.enabled': {
    kinds: ['nlb'],
    default: (_k, targetType, protocol) =>
      String(!(targetType === 'ip' && ['TCP', 'TLS'].includes(protocol))),
    ...bool,
  },
  'proxy_protocol_v2.enabled': { kinds: ['nlb'], default: fixed('false'), ...bool },
  'target_health_state.unhealthy.connection_termination.enabled': {
    kinds: ['nlb'],
    default: fixed('true'),
    ...bool,
  },
  'target_health_state.unhealthy.draining_interval_seconds': {
    kinds: ['nlb'],
    default: fixed('0'),
    allowed: 'a number of seconds from 0 to 360000',
    valid: (v) => int(v, 0, 360000),
  },
  // Supported only by Gateway Load Balancers.
  'target_failover.on_deregistration': {
    kinds: ['gwlb'],
    default: fixed('no_rebalance'),
    allowed: 'rebalance or no_rebalance',
    valid: (v) => v === 'rebalance' || v === 'no_rebalance',
  },
  'target_failover.on_unhealthy': {
    kinds: ['gwlb'],
    default: fixed('no_rebalance'),
    allowed: 'rebalance or no_rebalance',
    valid: (v) => v === 'rebalance' || v === 'no_rebalance',
  },
};

/** The attributes a new target group has: every one that applies, at AWS's default. */
export function defaultAttributes(targetType: string, protocol: string): Map<string, string> {
  const kind = attributeKind(targetType, protocol);
  return new Map(
    Object.entries(ATTRIBUTES)
      .filter(([, s]) => s.kinds.includes(kind))
      .map(([k, s]) => [k, s.default(kind, targetType, protocol)]),
  );
}

/**
 * Why a set of new values cannot be written to a group (undefined when it can): [error name, message].
 * `next` is the group's attributes with the new values applied, for the rules that tie two together.
 */
export function attributeProblem(
  targetType: string,
  protocol: string,
  key: string,
  value: string,
  next: ReadonlyMap<string, string>,
): [string, string] | undefined {
  const kind = attributeKind(targetType, protocol);
  const spec = ATTRIBUTES[key];
  if (!spec?.kinds.includes(kind))
    return ['InvalidConfigurationRequestException', 'The provided target group attribute is not supported'];
  // The reference names no error for a bad value; ValidationError, as for other malformed parameters.
  if (!spec.valid(value, kind))
    return ['ValidationError', `The value of '${key}' must be ${spec.allowed}, not '${value}'`];
  // "load_balancing.algorithm.anomaly_mitigation - Only available when load_balancing.algorithm.type is
  // weighted_random" (refused otherwise: ASSUMPTIONS.md).
  if (key === 'load_balancing.algorithm.anomaly_mitigation' && value === 'on')
    if (next.get('load_balancing.algorithm.type') !== 'weighted_random')
      return [
        'InvalidConfigurationRequestException',
        'Anomaly mitigation is only available with the weighted_random load balancing algorithm',
      ];
  // The two target_failover attributes "can't be set independently. The value you set for both must be the same."
  if (
    key.startsWith('target_failover.') &&
    next.get('target_failover.on_deregistration') !== next.get('target_failover.on_unhealthy')
  )
    return [
      'InvalidConfigurationRequestException',
      'target_failover.on_deregistration and target_failover.on_unhealthy must have the same value',
    ];
  return undefined;
}
