/**
 * Which target-group attributes apply to a group, by its target type and protocol, as the TargetGroupAttribute
 * API reference lists them: ModifyTargetGroupAttributes refuses one that does not apply
 * (InvalidConfigurationRequest "The provided target group attribute is not supported").
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_TargetGroupAttribute.html
 */
type Kind = 'alb' | 'lambda' | 'nlb' | 'gwlb';

const ALL: readonly Kind[] = ['alb', 'lambda', 'nlb', 'gwlb'];
const ALB_NLB: readonly Kind[] = ['alb', 'lambda', 'nlb'];

const APPLIES: Record<string, readonly Kind[]> = {
  'deregistration_delay.timeout_seconds': ['alb', 'nlb', 'gwlb'],
  'stickiness.enabled': ALL,
  'stickiness.type': ALL,
  'load_balancing.cross_zone.enabled': ALB_NLB,
  'target_group_health.dns_failover.minimum_healthy_targets.count': ALB_NLB,
  'target_group_health.dns_failover.minimum_healthy_targets.percentage': ALB_NLB,
  'target_group_health.unhealthy_state_routing.minimum_healthy_targets.count': ALB_NLB,
  'target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage': ALB_NLB,
  'load_balancing.algorithm.type': ['alb'],
  'load_balancing.algorithm.anomaly_mitigation': ['alb'],
  'slow_start.duration_seconds': ['alb'],
  'stickiness.app_cookie.cookie_name': ['alb'],
  'stickiness.app_cookie.duration_seconds': ['alb'],
  'stickiness.lb_cookie.duration_seconds': ['alb'],
  'lambda.multi_value_headers.enabled': ['lambda'],
  'deregistration_delay.connection_termination.enabled': ['nlb'],
  'preserve_client_ip.enabled': ['nlb'],
  'proxy_protocol_v2.enabled': ['nlb'],
  'target_health_state.unhealthy.connection_termination.enabled': ['nlb'],
  'target_health_state.unhealthy.draining_interval_seconds': ['nlb'],
  'target_failover.on_deregistration': ['gwlb'],
  'target_failover.on_unhealthy': ['gwlb'],
};

function kindOf(targetType: string | undefined, protocol: string | undefined): Kind {
  if (targetType === 'lambda') return 'lambda';
  if (protocol === 'GENEVE') return 'gwlb';
  // An 'alb' target type is an Application Load Balancer behind a Network Load Balancer.
  if (targetType === 'alb' || (protocol !== 'HTTP' && protocol !== 'HTTPS')) return 'nlb';
  return 'alb';
}

/**
 * The attributes to copy from one group to a new one of `targetType` and `protocol`: those that apply to it
 * and have a value. DescribeTargetGroupAttributes returns an unset string (the app cookie's name) as "",
 * which is not a value that can be written back. An attribute this table does not know is left out: AWS
 * may add one that applies only to some groups, and the new group keeps its default.
 */
export function attributesToCopy(
  attrs: Readonly<Record<string, string>>,
  targetType: string | undefined,
  protocol: string | undefined,
): Array<{ Key: string; Value: string }> {
  const kind = kindOf(targetType, protocol);
  return Object.entries(attrs)
    .filter(([key, value]) => value !== '' && APPLIES[key]?.includes(kind))
    .map(([Key, Value]) => ({ Key, Value }));
}
