import type {
  ElasticLoadBalancingV2Client,
  TargetGroup,
  TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  CreateTargetGroupCommand,
  DeleteTargetGroupCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ModifyTargetGroupAttributesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ActionError, isAwsError } from '../../core/errors.js';
import { attributesToCopy } from './target-group-attributes.js';

export const DEREGISTRATION_DELAY = 'deregistration_delay.timeout_seconds';

export async function describeTargetGroup(
  elb: ElasticLoadBalancingV2Client,
  arn: string,
): Promise<TargetGroup | undefined> {
  try {
    return (await elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [arn] }))).TargetGroups?.[0];
  } catch (err) {
    if (isAwsError(err, 'TargetGroupNotFoundException')) return undefined;
    throw err;
  }
}

export async function attributes(
  elb: ElasticLoadBalancingV2Client,
  arn: string,
): Promise<Record<string, string>> {
  const out = await elb.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: arn }));
  return Object.fromEntries((out.Attributes ?? []).map((a) => [a.Key ?? '', a.Value ?? '']));
}

export async function deregistrationDelayMs(elb: ElasticLoadBalancingV2Client, arn: string): Promise<number> {
  return Number((await attributes(elb, arn))[DEREGISTRATION_DELAY] ?? '300') * 1000;
}

/**
 * A new target group with blue's protocol, port, VPC, target type and health check, and blue's attributes
 * (deregistration delay, stickiness, slow start, algorithm...: those that apply to the group and have a
 * value). CreateTargetGroup is idempotent for the same name and settings, so a retried call returns the
 * same group.
 */
export async function cloneTargetGroup(
  elb: ElasticLoadBalancingV2Client,
  blue: TargetGroup,
  name: string,
  tags: Array<{ Key: string; Value: string }>,
): Promise<string> {
  const out = await elb.send(
    new CreateTargetGroupCommand({
      Name: name,
      Protocol: blue.Protocol,
      Port: blue.Port,
      VpcId: blue.VpcId,
      TargetType: blue.TargetType,
      ...(blue.ProtocolVersion ? { ProtocolVersion: blue.ProtocolVersion } : {}),
      HealthCheckEnabled: blue.HealthCheckEnabled,
      HealthCheckProtocol: blue.HealthCheckProtocol,
      HealthCheckPort: blue.HealthCheckPort,
      HealthCheckPath: blue.HealthCheckPath,
      HealthCheckIntervalSeconds: blue.HealthCheckIntervalSeconds,
      HealthCheckTimeoutSeconds: blue.HealthCheckTimeoutSeconds,
      HealthyThresholdCount: blue.HealthyThresholdCount,
      UnhealthyThresholdCount: blue.UnhealthyThresholdCount,
      ...(blue.Matcher ? { Matcher: blue.Matcher } : {}),
      Tags: tags,
    }),
  );
  const arn = out.TargetGroups?.[0]?.TargetGroupArn;
  if (!arn) throw new ActionError(`CreateTargetGroup ${name} returned no ARN`);
  const copy = attributesToCopy(await attributes(elb, blue.TargetGroupArn!), blue.TargetType, blue.Protocol);
  if (copy.length)
    await elb.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: arn, Attributes: copy }));
  return arn;
}

export async function targetHealth(
  elb: ElasticLoadBalancingV2Client,
  arn: string,
): Promise<TargetHealthDescription[]> {
  return (
    (await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }))).TargetHealthDescriptions ?? []
  );
}

export const healthyCount = (targets: readonly TargetHealthDescription[]): number =>
  targets.filter((t) => t.TargetHealth?.State === 'healthy').length;

/** One line per target that is not healthy, with ELB's reason: the diagnosis a stuck wait prints. */
export const unhealthyLines = (name: string, targets: readonly TargetHealthDescription[]): string[] =>
  targets
    .filter((t) => t.TargetHealth?.State !== 'healthy')
    .map(
      (t) =>
        `${name}: ${t.Target?.Id}:${t.Target?.Port} is ${t.TargetHealth?.State} (${t.TargetHealth?.Reason ?? 'no reason'}${t.TargetHealth?.Description ? `: ${t.TargetHealth.Description}` : ''})`,
    );

export async function deleteTargetGroup(elb: ElasticLoadBalancingV2Client, arn: string): Promise<void> {
  await elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: arn }));
}

export async function setDeregistrationDelay(
  elb: ElasticLoadBalancingV2Client,
  arn: string,
  seconds: number,
): Promise<void> {
  await elb.send(
    new ModifyTargetGroupAttributesCommand({
      TargetGroupArn: arn,
      Attributes: [{ Key: DEREGISTRATION_DELAY, Value: String(seconds) }],
    }),
  );
}
