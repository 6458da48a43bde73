import type * as sdk from '@aws-sdk/client-elastic-load-balancing-v2';
import type { SimTargetGroup } from './elbv2-base.js';
import { attributeProblem, defaultAttributes } from './elbv2-attributes.js';
import { Elbv2Base } from './elbv2-base.js';

/** Target groups and their attributes. */
export abstract class Elbv2TargetGroups extends Elbv2Base {
  createTargetGroup(input: sdk.CreateTargetGroupInput): string {
    return this.CreateTargetGroup(input).TargetGroups![0]!.TargetGroupArn!;
  }

  deregistrationDelayMs(tgArn: string): number {
    // Lambda targets have no deregistration delay: they do not drain.
    return Number(this.tg(tgArn).attributes.get('deregistration_delay.timeout_seconds') ?? '0') * 1000;
  }

  protected tgOut(tg: SimTargetGroup): sdk.TargetGroup {
    return {
      TargetGroupArn: tg.arn,
      TargetGroupName: tg.name,
      Protocol: tg.protocol as sdk.ProtocolEnum,
      Port: tg.port,
      VpcId: tg.vpcId,
      TargetType: tg.targetType as sdk.TargetTypeEnum,
      HealthCheckEnabled: tg.healthCheckEnabled,
      HealthCheckPath: tg.healthCheckPath,
      HealthCheckProtocol: tg.protocol as sdk.ProtocolEnum,
      HealthCheckPort: 'traffic-port',
      HealthCheckIntervalSeconds: tg.intervalSeconds,
      HealthCheckTimeoutSeconds: tg.timeoutSeconds,
      HealthyThresholdCount: tg.healthyThreshold,
      UnhealthyThresholdCount: tg.unhealthyThreshold,
      Matcher: { HttpCode: '200' },
      LoadBalancerArns: this.loadBalancersOf(tg.arn),
    };
  }

  CreateTargetGroup(input: sdk.CreateTargetGroupInput): sdk.CreateTargetGroupOutput {
    const name = input.Name ?? '';
    if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/.test(name))
      throw this.error(
        'ValidationError',
        `Target group name '${name}' must be 1 to 32 alphanumeric characters or hyphens, and must not begin or end with a hyphen`,
        400,
      );
    const interval = input.HealthCheckIntervalSeconds ?? 30;
    const timeout = input.HealthCheckTimeoutSeconds ?? 5;
    const healthy = input.HealthyThresholdCount ?? 5;
    const unhealthy = input.UnhealthyThresholdCount ?? 2;
    if (interval < 5 || interval > 300)
      throw this.error('ValidationError', 'Health check interval must be between 5 and 300 seconds', 400);
    if (timeout < 2 || timeout > 120 || timeout >= interval)
      throw this.error('ValidationError', 'Health check timeout must be smaller than the interval', 400);
    if (healthy < 2 || healthy > 10 || unhealthy < 2 || unhealthy > 10)
      throw this.error('ValidationError', 'Health check thresholds must be between 2 and 10', 400);
    const existing = [...this.targetGroups.values()].find((t) => t.name === name);
    const settings = {
      protocol: input.Protocol ?? 'HTTP',
      port: input.Port ?? 80,
      vpcId: input.VpcId ?? 'vpc-0sim',
      targetType: input.TargetType ?? 'instance',
    };
    if (existing) {
      // CreateTargetGroup is idempotent for identical settings; a different one under the same name is refused.
      const same = (Object.keys(settings) as Array<keyof typeof settings>).every(
        (k) => existing[k] === settings[k],
      );
      if (!same)
        throw this.error(
          'DuplicateTargetGroupNameException',
          'A target group with the same name exists, but with different settings',
          400,
        );
      return { TargetGroups: [this.tgOut(existing)] };
    }
    const tg: SimTargetGroup = {
      arn: this.arn(`targetgroup/${name}/${this.id()}`),
      name,
      ...settings,
      healthCheckEnabled: input.HealthCheckEnabled ?? true,
      healthCheckPath: input.HealthCheckPath ?? '/',
      intervalSeconds: interval,
      timeoutSeconds: timeout,
      healthyThreshold: healthy,
      unhealthyThreshold: unhealthy,
      attributes: defaultAttributes(settings.targetType, settings.protocol),
      targets: new Map(),
    };
    this.targetGroups.set(tg.arn, tg);
    return { TargetGroups: [this.tgOut(tg)] };
  }

  DeleteTargetGroup(input: sdk.DeleteTargetGroupInput): sdk.DeleteTargetGroupOutput {
    const tg = this.targetGroups.get(input.TargetGroupArn ?? '');
    if (!tg) return {};
    if (this.loadBalancersOf(tg.arn).length > 0)
      throw this.error(
        'ResourceInUseException',
        `Target group '${tg.arn}' is currently in use by a listener or a rule`,
        400,
      );
    this.targetGroups.delete(tg.arn);
    return {};
  }

  DescribeTargetGroups(input: sdk.DescribeTargetGroupsInput): sdk.DescribeTargetGroupsOutput {
    let tgs = [...this.targetGroups.values()];
    if (input.TargetGroupArns?.length) tgs = input.TargetGroupArns.map((a) => this.tg(a));
    if (input.Names?.length)
      tgs = input.Names.map((n) => {
        const tg = [...this.targetGroups.values()].find((t) => t.name === n);
        if (!tg) throw this.error('TargetGroupNotFoundException', `One or more target groups not found`, 400);
        return tg;
      });
    if (input.LoadBalancerArn) {
      this.lb(input.LoadBalancerArn);
      tgs = tgs.filter((tg) => this.loadBalancersOf(tg.arn).includes(input.LoadBalancerArn!));
    }
    return { TargetGroups: tgs.map((tg) => this.tgOut(tg)) };
  }

  DescribeTargetGroupAttributes(
    input: sdk.DescribeTargetGroupAttributesInput,
  ): sdk.DescribeTargetGroupAttributesOutput {
    const tg = this.tg(input.TargetGroupArn ?? '');
    return { Attributes: [...tg.attributes].map(([Key, Value]) => ({ Key, Value })) };
  }

  ModifyTargetGroupAttributes(
    input: sdk.ModifyTargetGroupAttributesInput,
  ): sdk.ModifyTargetGroupAttributesOutput {
    const tg = this.tg(input.TargetGroupArn ?? '');
    // All or nothing: every attribute is checked against the group as it would be after the call.
    const next = new Map(tg.attributes);
    for (const a of input.Attributes ?? []) next.set(a.Key ?? '', a.Value ?? '');
    for (const a of input.Attributes ?? []) {
      const problem = attributeProblem(tg.targetType, tg.protocol, a.Key ?? '', a.Value ?? '', next);
      if (problem) throw this.error(problem[0], problem[1], 400);
    }
    for (const [k, v] of next) tg.attributes.set(k, v);
    return { Attributes: [...tg.attributes].map(([Key, Value]) => ({ Key, Value })) };
  }
}
