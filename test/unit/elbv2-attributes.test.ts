import { describe, expect, it } from 'vitest';
import { attributesToCopy } from '../../src/targets/ec2/target-group-attributes.js';
import { SimAccount } from '../sim/account.js';
import { Elbv2Sim } from '../sim/services/elbv2.js';

function sim() {
  const account = new SimAccount();
  return account.add(new Elbv2Sim(account));
}

/** These groups serve no listener: delete them, so the end-of-test check finds nothing left behind. */
const cleanUp = (elbv2: Elbv2Sim, ...arns: string[]) =>
  arns.forEach((a) => elbv2.DeleteTargetGroup({ TargetGroupArn: a }));

const attrs = (elbv2: Elbv2Sim, arn: string): Record<string, string> =>
  Object.fromEntries(
    elbv2.DescribeTargetGroupAttributes({ TargetGroupArn: arn }).Attributes!.map((a) => [a.Key!, a.Value!]),
  );

describe('ELBv2 simulator: target-group attributes', () => {
  it('returns every attribute that applies to the target type and protocol, at AWS defaults', () => {
    const elbv2 = sim();
    const web = elbv2.createTargetGroup({ Name: 'web', Protocol: 'HTTP', Port: 80, TargetType: 'instance' });
    expect(attrs(elbv2, web)).toEqual({
      'deregistration_delay.timeout_seconds': '300',
      'stickiness.enabled': 'false',
      'stickiness.type': 'lb_cookie',
      'load_balancing.cross_zone.enabled': 'use_load_balancer_configuration',
      'target_group_health.dns_failover.minimum_healthy_targets.count': '1',
      'target_group_health.dns_failover.minimum_healthy_targets.percentage': 'off',
      'target_group_health.unhealthy_state_routing.minimum_healthy_targets.count': '1',
      'target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage': 'off',
      'load_balancing.algorithm.type': 'round_robin',
      'load_balancing.algorithm.anomaly_mitigation': 'off',
      'slow_start.duration_seconds': '0',
      'stickiness.app_cookie.cookie_name': '',
      'stickiness.app_cookie.duration_seconds': '86400',
      'stickiness.lb_cookie.duration_seconds': '86400',
    });
    const fn = elbv2.createTargetGroup({ Name: 'fn', TargetType: 'lambda' });
    expect(Object.keys(attrs(elbv2, fn))).toContain('lambda.multi_value_headers.enabled');
    expect(Object.keys(attrs(elbv2, fn))).not.toContain('deregistration_delay.timeout_seconds');
    expect(Object.keys(attrs(elbv2, fn))).not.toContain('slow_start.duration_seconds');
    expect(elbv2.deregistrationDelayMs(fn)).toBe(0);
    const tcp = elbv2.createTargetGroup({ Name: 'tcp', Protocol: 'TCP', Port: 80, TargetType: 'ip' });
    expect(attrs(elbv2, tcp)).toMatchObject({
      'stickiness.type': 'source_ip',
      'preserve_client_ip.enabled': 'false',
    });
    expect(attrs(elbv2, tcp)).not.toHaveProperty('slow_start.duration_seconds');
    cleanUp(elbv2, web, fn, tcp);
  });

  it('refuses what does not apply, bad values and a lone anomaly mitigation, all or nothing', () => {
    const elbv2 = sim();
    const web = elbv2.createTargetGroup({ Name: 'web', Protocol: 'HTTP', Port: 80 });
    const fn = elbv2.createTargetGroup({ Name: 'fn', TargetType: 'lambda' });
    const modify = (arn: string, Key: string, Value: string) =>
      elbv2.ModifyTargetGroupAttributes({ TargetGroupArn: arn, Attributes: [{ Key, Value }] });
    const unsupported = expect.objectContaining({
      name: 'InvalidConfigurationRequestException',
      message: 'The provided target group attribute is not supported',
    }) as Error;
    expect(() => modify(web, 'lambda.multi_value_headers.enabled', 'true')).toThrow(unsupported);
    expect(() => modify(web, 'proxy_protocol_v2.enabled', 'true')).toThrow(unsupported);
    expect(() => modify(fn, 'deregistration_delay.timeout_seconds', '30')).toThrow(unsupported);
    expect(() => modify(web, 'no.such.attribute', '1')).toThrow(unsupported);
    expect(() => modify(web, 'stickiness.app_cookie.cookie_name', '')).toThrow(/ValidationError|cookie name/);
    expect(() => modify(web, 'stickiness.app_cookie.cookie_name', 'AWSALBAPP-1')).toThrow(/AWSALB/);
    expect(() => modify(web, 'slow_start.duration_seconds', '10')).toThrow(/30 to 900/);
    expect(() => modify(web, 'stickiness.type', 'source_ip')).toThrow(/stickiness type/);
    expect(() => modify(web, 'load_balancing.algorithm.anomaly_mitigation', 'on')).toThrow(/weighted_random/);
    // One bad attribute in a call leaves the group as it was.
    expect(() =>
      elbv2.ModifyTargetGroupAttributes({
        TargetGroupArn: web,
        Attributes: [
          { Key: 'slow_start.duration_seconds', Value: '60' },
          { Key: 'preserve_client_ip.enabled', Value: 'true' },
        ],
      }),
    ).toThrow(unsupported);
    expect(attrs(elbv2, web)['slow_start.duration_seconds']).toBe('0');
    elbv2.ModifyTargetGroupAttributes({
      TargetGroupArn: web,
      Attributes: [
        { Key: 'load_balancing.algorithm.anomaly_mitigation', Value: 'on' },
        { Key: 'load_balancing.algorithm.type', Value: 'weighted_random' },
        { Key: 'stickiness.app_cookie.cookie_name', Value: 'SESSION' },
      ],
    });
    expect(attrs(elbv2, web)).toMatchObject({
      'load_balancing.algorithm.anomaly_mitigation': 'on',
      'stickiness.app_cookie.cookie_name': 'SESSION',
    });
    modify(fn, 'lambda.multi_value_headers.enabled', 'true');
    expect(attrs(elbv2, fn)['lambda.multi_value_headers.enabled']).toBe('true');
    cleanUp(elbv2, web, fn);
  });
});

describe('attributesToCopy', () => {
  const described = {
    'deregistration_delay.timeout_seconds': '30',
    'slow_start.duration_seconds': '60',
    'stickiness.app_cookie.cookie_name': '',
    'lambda.multi_value_headers.enabled': 'true',
    'preserve_client_ip.enabled': 'true',
    'some.future.attribute': 'x',
  };

  it('keeps what applies to the new group and has a value', () => {
    expect(attributesToCopy(described, 'instance', 'HTTP')).toEqual([
      { Key: 'deregistration_delay.timeout_seconds', Value: '30' },
      { Key: 'slow_start.duration_seconds', Value: '60' },
    ]);
    expect(attributesToCopy(described, 'lambda', undefined)).toEqual([
      { Key: 'lambda.multi_value_headers.enabled', Value: 'true' },
    ]);
    expect(attributesToCopy(described, 'ip', 'TCP')).toEqual([
      { Key: 'deregistration_delay.timeout_seconds', Value: '30' },
      { Key: 'preserve_client_ip.enabled', Value: 'true' },
    ]);
  });
});
