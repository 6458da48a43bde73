import { SimAccount } from './account.js';
import { AutoScalingSim } from './services/autoscaling.js';
import { CloudWatchSim } from './services/cloudwatch.js';
import { Ec2Sim } from './services/ec2.js';
import { Elbv2Sim } from './services/elbv2.js';
import { S3Sim } from './services/s3.js';
import { SsmSim } from './services/ssm.js';
import { StsSim } from './services/sts.js';

export const REGION = 'us-east-1';
export const SERVICE = 'web';
export const BLUE_GROUP = 'web-blue';
export const TEMPLATE = 'web';
export const SERVICE_TAG = 'slipway:service';
export const BASE_AMI_PARAM = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64';

export interface VmsOptions {
  seed?: number;
  /** Instances in the live group (0: no group, no load balancer; for the AMI scenarios). */
  instances?: number;
  /** The healthy serving capacity the invariant demands at every tick (default: all instances). */
  minimumHealthy?: number;
  deregistrationDelaySeconds?: number;
  healthCheckGraceSeconds?: number;
  /** Forward through a listener rule rather than the listener's default action. */
  useRule?: boolean;
}

/**
 * An account for the VM pattern: EC2, ELBv2, Auto Scaling, CloudWatch, SSM, S3 and STS. It has a base AMI
 * (also published as the Amazon Linux SSM parameter), launch template `web` whose version 1 runs the service's
 * current AMI, and (unless instances is 0) group `web-blue`, tagged with the service, serving through target
 * group `web-blue` behind an ALB listener on port 80. Invariants checked at every tick and call: the
 * listener's healthy serving capacity stays at or above the minimum, and no forward weight points at a target
 * group without a healthy target.
 */
export function vmsAccount(o: VmsOptions = {}) {
  const account = new SimAccount(o.seed !== undefined ? { seed: o.seed } : {});
  const ec2 = account.add(new Ec2Sim(account));
  const elbv2 = account.add(new Elbv2Sim(account));
  const autoscaling = account.add(new AutoScalingSim(account));
  const cloudwatch = account.add(new CloudWatchSim(account));
  const ssm = account.add(new SsmSim(account));
  const s3 = account.add(new S3Sim(account));
  const sts = account.add(new StsSim(account));

  const base = ec2.addImage(REGION, {
    name: 'al2023-ami-2023.6.20261101.0-kernel-6.1-x86_64',
    ownerId: '137112412989',
    ownerAlias: 'amazon',
    createdAt: account.clock.now() - 20 * 86_400_000,
  });
  ssm.putParameter(REGION, BASE_AMI_PARAM, base.id);
  const current = ec2.addImage(REGION, {
    name: 'web-old',
    tags: { 'slipway:family': 'web-{sha}' },
    createdAt: account.clock.now() - 86_400_000,
  });
  const template = ec2.addLaunchTemplate(REGION, TEMPLATE, {
    ImageId: current.id,
    InstanceType: 't3.small',
    SecurityGroupIds: ['sg-0123456789abcdef0'],
  });

  const instances = o.instances ?? 4;
  let listenerArn: string | undefined;
  let ruleArn: string | undefined;
  let blueTg: string | undefined;
  if (instances > 0) {
    const lb = elbv2.createLoadBalancer('web');
    blueTg = elbv2.createTargetGroup({
      Name: BLUE_GROUP,
      Protocol: 'HTTP',
      Port: 8080,
      VpcId: 'vpc-0sim',
      HealthCheckPath: '/health',
      HealthCheckIntervalSeconds: 10,
      HealthyThresholdCount: 3,
      UnhealthyThresholdCount: 2,
    });
    elbv2.ModifyTargetGroupAttributes({
      TargetGroupArn: blueTg,
      Attributes: [
        { Key: 'deregistration_delay.timeout_seconds', Value: String(o.deregistrationDelaySeconds ?? 120) },
      ],
    });
    const forward = [
      { Type: 'forward' as const, ForwardConfig: { TargetGroups: [{ TargetGroupArn: blueTg, Weight: 1 }] } },
    ];
    if (o.useRule) {
      listenerArn = elbv2.createListener(lb, 80, [
        { Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } },
      ]);
      ruleArn = elbv2.createRule(listenerArn, 10, forward);
    } else listenerArn = elbv2.createListener(lb, 80, forward);
    autoscaling.seedGroup(
      {
        AutoScalingGroupName: BLUE_GROUP,
        LaunchTemplate: { LaunchTemplateId: template.id, Version: '1' },
        MinSize: Math.min(2, instances),
        MaxSize: instances * 2,
        DesiredCapacity: instances,
        VPCZoneIdentifier: 'subnet-0aaaaaaaaaaaaaaa1,subnet-0bbbbbbbbbbbbbbb2',
        HealthCheckType: 'ELB',
        HealthCheckGracePeriod: o.healthCheckGraceSeconds ?? 90,
        TargetGroupARNs: [blueTg],
        Tags: [
          { Key: SERVICE_TAG, Value: SERVICE, PropagateAtLaunch: true },
          { Key: 'team', Value: 'payments', PropagateAtLaunch: true },
        ],
      },
      REGION,
    );
    const watched = ruleArn ?? listenerArn;
    const minimum = o.minimumHealthy ?? instances;
    account.invariant('healthy serving capacity stays at or above the minimum', () => {
      const n = elbv2.servingCapacity(watched);
      return n >= minimum ? undefined : `${n} healthy targets take traffic, below ${minimum}`;
    });
    account.invariant('forward weights point only at healthy target groups', () =>
      elbv2.weightsPointAtHealthy(),
    );
  }
  account.calls.length = 0;
  return {
    account,
    ec2,
    elbv2,
    autoscaling,
    cloudwatch,
    ssm,
    s3,
    sts,
    baseAmi: base.id,
    currentAmi: current.id,
    templateId: template.id,
    listenerArn,
    ruleArn,
    blueTg,
  };
}

export type Vms = ReturnType<typeof vmsAccount>;
