import { describe, expect, it, vi } from 'vitest';

// The table is module-level data: each test loads the module afresh, so that a mutation run counts these tests
// against the table's own mutants (Stryker's static mutants).
async function load() {
  vi.resetModules();
  return (await import('../../src/targets/ec2/target-group-attributes.js')).attributesToCopy;
}

// Every attribute the TargetGroupAttribute reference lists, with the load balancer kinds it applies to.
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_TargetGroupAttribute.html
const EXPECTED: Record<string, string[]> = {
  'deregistration_delay.timeout_seconds': ['alb', 'nlb', 'gwlb'],
  'stickiness.enabled': ['alb', 'lambda', 'nlb', 'gwlb'],
  'stickiness.type': ['alb', 'lambda', 'nlb', 'gwlb'],
  'load_balancing.cross_zone.enabled': ['alb', 'lambda', 'nlb'],
  'target_group_health.dns_failover.minimum_healthy_targets.count': ['alb', 'lambda', 'nlb'],
  'target_group_health.dns_failover.minimum_healthy_targets.percentage': ['alb', 'lambda', 'nlb'],
  'target_group_health.unhealthy_state_routing.minimum_healthy_targets.count': ['alb', 'lambda', 'nlb'],
  'target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage': ['alb', 'lambda', 'nlb'],
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

// A target type and protocol of each kind: an ALB's instance group, a Lambda group, an NLB's TCP group (and an
// ALB-type target behind an NLB, which is an NLB group), a Gateway Load Balancer's GENEVE group.
const KINDS: Array<[kind: string, targetType: string, protocol: string | undefined]> = [
  ['alb', 'instance', 'HTTP'],
  ['alb', 'ip', 'HTTPS'],
  ['lambda', 'lambda', undefined],
  ['nlb', 'instance', 'TCP'],
  ['nlb', 'alb', 'TCP'],
  ['nlb', 'ip', 'UDP'],
  ['gwlb', 'instance', 'GENEVE'],
];

describe('which target-group attributes a clone copies', () => {
  it.each(KINDS)(
    '%s (%s, %s): exactly the attributes that apply, with a value',
    async (kind, type, protocol) => {
      const attributesToCopy = await load();
      const all = Object.fromEntries(Object.keys(EXPECTED).map((k) => [k, '1']));
      const copied = attributesToCopy({ ...all, 'some.future.attribute': 'x' }, type, protocol).map(
        (a) => a.Key,
      );
      expect(copied.sort()).toEqual(
        Object.keys(EXPECTED)
          .filter((k) => EXPECTED[k]!.includes(kind))
          .sort(),
      );
    },
  );

  it('an empty value is left out, and each copied value is the one read', async () => {
    const attributesToCopy = await load();
    expect(
      attributesToCopy(
        { 'stickiness.app_cookie.cookie_name': '', 'slow_start.duration_seconds': '30' },
        'instance',
        'HTTP',
      ),
    ).toEqual([{ Key: 'slow_start.duration_seconds', Value: '30' }]);
  });
});
