import type {
  ElasticLoadBalancingV2Client,
  TargetGroup,
  TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ElasticLoadBalancingV2Client as Elb } from '@aws-sdk/client-elastic-load-balancing-v2';
import { EC2Client } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { ActionError } from '../../src/core/errors.js';
import { createVersionWithImage, resolveVersion } from '../../src/targets/ec2/launch-template.js';
import {
  attributes,
  cloneTargetGroup,
  describeTargetGroup,
  deregistrationDelayMs,
  setDeregistrationDelay,
  unhealthyLines,
} from '../../src/targets/ec2/target-groups.js';
import { vmsAccount } from '../sim/vms.js';
import { fakeClient } from './fake-client.js';

function setup() {
  const vms = vmsAccount({ instances: 2 });
  const elb = vms.account.aws({ maxAttempts: 1, action: 'test' }).get(Elb, 'us-east-1');
  const ec2 = vms.account.aws({ maxAttempts: 1, action: 'test' }).get(EC2Client, 'us-east-1');
  return { ...vms, elb, ec2client: ec2, blue: vms.blueTg! };
}

const denied = (s: { error: (n: string, m: string, st?: number) => Error }) =>
  s.error('AccessDenied', 'not authorised', 403);

describe('describeTargetGroup', () => {
  it('describes exactly the group asked for', async () => {
    const { elbv2, elb, account } = setup();
    const other = elbv2.createTargetGroup({ Name: 'web-other', Protocol: 'HTTP', Port: 8080 });
    account.calls.length = 0;
    const tg = await describeTargetGroup(elb, other);
    expect(tg?.TargetGroupArn).toBe(other);
    expect(tg?.TargetGroupName).toBe('web-other');
    expect(account.calls.map((c) => c.input)).toEqual([{ TargetGroupArns: [other] }]);
    elbv2.DeleteTargetGroup({ TargetGroupArn: other });
  });

  it('a deleted group is undefined; any other error is thrown', async () => {
    const { elbv2, elb, account } = setup();
    const gone = elbv2.createTargetGroup({ Name: 'web-gone', Protocol: 'HTTP', Port: 8080 });
    elbv2.DeleteTargetGroup({ TargetGroupArn: gone });
    expect(await describeTargetGroup(elb, gone)).toBeUndefined();
    account.failNext('elasticloadbalancing', 'DescribeTargetGroups', denied);
    await expect(describeTargetGroup(elb, gone)).rejects.toMatchObject({ code: 'AccessDenied' });
  });
});

describe('target group attributes', () => {
  it('the deregistration delay in milliseconds, 300 s when the group reports none', async () => {
    const { elb, blue } = setup();
    await setDeregistrationDelay(elb, blue, 30);
    expect(await deregistrationDelayMs(elb, blue)).toBe(30_000);
    const none = fakeClient<ElasticLoadBalancingV2Client>({
      DescribeTargetGroupAttributesCommand: () => ({ Attributes: [] }),
    });
    expect(await deregistrationDelayMs(none, 'tg')).toBe(300_000);
  });

  it('setDeregistrationDelay writes exactly that attribute', async () => {
    const { elb, blue, account, elbv2 } = setup();
    await setDeregistrationDelay(elb, blue, 45);
    expect(account.calls.map((c) => [c.action, c.input])).toEqual([
      [
        'ModifyTargetGroupAttributes',
        { TargetGroupArn: blue, Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '45' }] },
      ],
    ]);
    expect(elbv2.deregistrationDelayMs(blue)).toBe(45_000);
  });

  it('an attribute without key or value reads as the empty string', async () => {
    const elb = fakeClient<ElasticLoadBalancingV2Client>({
      DescribeTargetGroupAttributesCommand: () => ({
        Attributes: [{ Key: 'stickiness.enabled' }, { Value: 'true' }],
      }),
    });
    expect(await attributes(elb, 'tg')).toEqual({ 'stickiness.enabled': '', '': 'true' });
  });
});

describe('cloneTargetGroup', () => {
  const blue: TargetGroup = {
    TargetGroupArn: 'arn:tg/blue',
    Protocol: 'HTTP',
    Port: 8080,
    VpcId: 'vpc-0sim',
    TargetType: 'instance',
    ProtocolVersion: 'HTTP2',
    HealthCheckEnabled: true,
    HealthCheckProtocol: 'HTTP',
    HealthCheckPort: 'traffic-port',
    HealthCheckPath: '/health',
    HealthCheckIntervalSeconds: 10,
    HealthCheckTimeoutSeconds: 5,
    HealthyThresholdCount: 3,
    UnhealthyThresholdCount: 2,
    Matcher: { HttpCode: '200-299' },
  };

  it('keeps the protocol version and matcher, and copies only attributes with a value', async () => {
    const inputs: Array<Record<string, unknown>> = [];
    const elb = fakeClient<ElasticLoadBalancingV2Client>({
      CreateTargetGroupCommand: (input) => {
        inputs.push(input);
        return { TargetGroups: [{ TargetGroupArn: 'arn:tg/green' }] };
      },
      DescribeTargetGroupAttributesCommand: () => ({
        Attributes: [
          { Key: 'deregistration_delay.timeout_seconds', Value: '60' },
          // A value-less attribute is not copied (it cannot be written back).
          { Key: 'slow_start.duration_seconds' },
        ],
      }),
      ModifyTargetGroupAttributesCommand: (input) => {
        inputs.push(input);
        return {};
      },
    });
    const tags = [{ Key: 'slipway:service', Value: 'web' }];
    expect(await cloneTargetGroup(elb, blue, 'web-green', tags)).toBe('arn:tg/green');
    expect(inputs).toEqual([
      {
        Name: 'web-green',
        Protocol: 'HTTP',
        Port: 8080,
        VpcId: 'vpc-0sim',
        TargetType: 'instance',
        ProtocolVersion: 'HTTP2',
        HealthCheckEnabled: true,
        HealthCheckProtocol: 'HTTP',
        HealthCheckPort: 'traffic-port',
        HealthCheckPath: '/health',
        HealthCheckIntervalSeconds: 10,
        HealthCheckTimeoutSeconds: 5,
        HealthyThresholdCount: 3,
        UnhealthyThresholdCount: 2,
        Matcher: { HttpCode: '200-299' },
        Tags: tags,
      },
      {
        TargetGroupArn: 'arn:tg/green',
        Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '60' }],
      },
    ]);
  });

  it('fails when CreateTargetGroup returns no ARN', async () => {
    const elb = fakeClient<ElasticLoadBalancingV2Client>({
      CreateTargetGroupCommand: () => ({ TargetGroups: [] }),
    });
    const err = await cloneTargetGroup(elb, blue, 'web-green', []).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionError);
    expect((err as Error).message).toBe('CreateTargetGroup web-green returned no ARN');
    expect(elb.sent).toEqual(['CreateTargetGroupCommand']);
  });
});

describe('unhealthyLines', () => {
  it('one exact line per target that is not healthy', () => {
    const targets: TargetHealthDescription[] = [
      { Target: { Id: 'i-1', Port: 8080 }, TargetHealth: { State: 'healthy' } },
      {
        Target: { Id: 'i-2', Port: 8080 },
        TargetHealth: {
          State: 'unhealthy',
          Reason: 'Target.ResponseCodeMismatch',
          Description: 'Health checks failed with these codes: [502]',
        },
      },
      { Target: { Id: 'i-3', Port: 8080 }, TargetHealth: { State: 'initial' } },
    ];
    expect(unhealthyLines('web-green', targets)).toEqual([
      'web-green: i-2:8080 is unhealthy (Target.ResponseCodeMismatch: Health checks failed with these codes: [502])',
      'web-green: i-3:8080 is initial (no reason)',
    ]);
    expect(unhealthyLines('web-green', [targets[0]!])).toEqual([]);
  });
});

describe('launch template versions', () => {
  it('a template that does not exist, by id and by name, fails with one line', async () => {
    const { ec2client } = setup();
    const e1 = await resolveVersion(ec2client, 'lt-0000000000000dead', '1').catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(ActionError);
    expect((e1 as Error).message).toBe('launch template lt-0000000000000dead does not exist in this region');
    const e2 = await resolveVersion(ec2client, 'nope', '$Latest').catch((e: unknown) => e);
    expect(e2).toBeInstanceOf(ActionError);
    expect((e2 as Error).message).toBe('launch template nope does not exist in this region');
  });

  it('a version that does not exist fails with one line; another error is thrown as it is', async () => {
    const { ec2client, account } = setup();
    const err = await resolveVersion(ec2client, 'web', '99').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionError);
    expect((err as Error).message).toBe('launch template web has no version 99');
    account.failNext('ec2', 'DescribeLaunchTemplateVersions', (s) =>
      s.error('UnauthorizedOperation', 'not authorised', 403),
    );
    const other = await resolveVersion(ec2client, 'web', '1').catch((e: unknown) => e);
    expect(other).not.toBeInstanceOf(ActionError);
    expect(other).toMatchObject({ code: 'UnauthorizedOperation' });
  });

  it('resolves by name and by id to the number and AMI', async () => {
    const { ec2client, templateId, currentAmi } = setup();
    const want = { templateId, templateName: 'web', version: 1, imageId: currentAmi };
    expect(await resolveVersion(ec2client, 'web', '$Default')).toEqual(want);
    expect(await resolveVersion(ec2client, templateId, '1')).toEqual(want);
  });

  it('an empty answer fails naming template and version', async () => {
    const ec2 = fakeClient<EC2Client>({
      DescribeLaunchTemplateVersionsCommand: () => ({ LaunchTemplateVersions: [] }),
    });
    const err = await resolveVersion(ec2, 'web', '$Latest').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionError);
    expect((err as Error).message).toBe('launch template web version $Latest was not found');
  });

  it('a new version cuts its description to 255 characters', async () => {
    const { ec2client, ec2, templateId, account, baseAmi } = setup();
    const source = await resolveVersion(ec2client, templateId, '1');
    account.calls.length = 0;
    const description = 'd'.repeat(250) + 'abcdefghij';
    const v = await createVersionWithImage(ec2client, source, baseAmi, description);
    expect(v).toEqual({ ...source, version: 2, imageId: baseAmi });
    expect(account.calls[0]!.input).toEqual({
      LaunchTemplateId: templateId,
      SourceVersion: '1',
      VersionDescription: 'd'.repeat(250) + 'abcde',
      LaunchTemplateData: { ImageId: baseAmi },
    });
    expect(
      ec2.region('us-east-1').launchTemplates.get(templateId)!.versions.get(2)!.description,
    ).toHaveLength(255);
  });

  it('fails when CreateLaunchTemplateVersion returns no version', async () => {
    const ec2 = fakeClient<EC2Client>({ CreateLaunchTemplateVersionCommand: () => ({}) });
    const source = { templateId: 'lt-1', templateName: 'web', version: 1, imageId: 'ami-old' };
    const err = await createVersionWithImage(ec2, source, 'ami-new', 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionError);
    expect((err as Error).message).toBe('CreateLaunchTemplateVersion on web returned no version');
  });
});
