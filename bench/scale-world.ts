// One simulated account holding many independent rollout targets (bench 'scale'): each function, ECS service and
// Auto Scaling group is set up the way test/sim/containers.ts, test/sim/vms.ts and the Lambda fixture set up
// one, under names of its own, so that every rollout is a separate action run on a shared account.
import { SimAccount } from '../test/sim/account.js';
import { AutoScalingSim } from '../test/sim/services/autoscaling.js';
import { CloudWatchSim } from '../test/sim/services/cloudwatch.js';
import { Ec2Sim } from '../test/sim/services/ec2.js';
import { EcsRunTaskSim } from '../test/sim/services/ecs-run-task.js';
import { Elbv2Sim } from '../test/sim/services/elbv2.js';
import { LambdaSim } from '../test/sim/services/lambda.js';
import { LogsSim } from '../test/sim/services/logs.js';
import { S3Sim } from '../test/sim/services/s3.js';
import { SsmSim } from '../test/sim/services/ssm.js';
import { StsSim } from '../test/sim/services/sts.js';
import { NOT_FOUND, forwardToBlue } from '../test/sim/listener-actions.js';

export const REGION = 'us-east-1';
const IMAGE = (d: string): string =>
  `123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:${d.repeat(64)}`;

export function scaleWorld(seed = 42) {
  const account = new SimAccount({ seed });
  const elbv2 = new Elbv2Sim(account);
  const ecs = account.add(new EcsRunTaskSim(account, elbv2));
  account.add(elbv2);
  const lambda = account.add(new LambdaSim(account));
  const cloudwatch = account.add(new CloudWatchSim(account));
  const ec2 = account.add(new Ec2Sim(account));
  const autoscaling = account.add(new AutoScalingSim(account));
  account.add(new SsmSim(account));
  account.add(new S3Sim(account));
  account.add(new StsSim(account));
  ecs.useLogs(account.add(new LogsSim(account)));
  return { account, elbv2, ecs, lambda, cloudwatch, ec2, autoscaling };
}
export type ScaleWorld = ReturnType<typeof scaleWorld>;

/** Function `name`: version 1 behind alias `live`, version 2 published (as lambda-fixture.ts sets up one). */
export function addFunction(w: ScaleWorld, name: string): Record<string, string> {
  // Each change leaves the function Pending or InProgress for a few seconds, as lambda-fixture.ts allows for.
  const settle = (): void => w.account.clock.advance(10_000);
  w.lambda.createFunction(name, Buffer.from(`${name} old`));
  settle();
  w.lambda.PublishVersion({ FunctionName: name });
  settle();
  w.lambda.CreateAlias({ FunctionName: name, Name: 'live', FunctionVersion: '1' });
  w.lambda.UpdateFunctionCode({ FunctionName: name, ZipFile: Buffer.from(`${name} new`) });
  settle();
  w.lambda.PublishVersion({ FunctionName: name });
  return { 'function-name': name, version: '2', 'aws-region': REGION };
}

/** ECS service `name` in its own cluster, 2 tasks behind production and test rules (as containers.ts). */
export function addEcsService(w: ScaleWorld, name: string): Record<string, string> {
  const { ecs, elbv2, account } = w;
  ecs.createCluster(name);
  for (let i = 0; i < 2; i++) ecs.addContainerInstance(name, { cpu: 2048, memory: 4096 });
  const lb = elbv2.createLoadBalancer(name);
  const tg = {
    Protocol: 'HTTP' as const,
    Port: 8080,
    TargetType: 'instance' as const,
    HealthCheckIntervalSeconds: 10,
    HealthyThresholdCount: 3,
    UnhealthyThresholdCount: 2,
  };
  const blue = elbv2.createTargetGroup({ Name: `${name}-b`, ...tg });
  const green = elbv2.createTargetGroup({ Name: `${name}-g`, ...tg });
  for (const arn of [blue, green])
    elbv2.ModifyTargetGroupAttributes({
      TargetGroupArn: arn,
      Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }],
    });
  const notFound = NOT_FOUND;
  const forward = forwardToBlue(blue, green);
  const production = elbv2.createRule(elbv2.createListener(lb, 80, notFound), 10, forward);
  const test = elbv2.createRule(elbv2.createListener(lb, 8080, notFound), 10, forward);
  const td = ecs.registerTaskDefinition({
    family: name,
    networkMode: 'bridge',
    containerDefinitions: [
      {
        name: 'app',
        image: IMAGE('1'),
        essential: true,
        memory: 512,
        portMappings: [{ containerPort: 8080, hostPort: 0 }],
      },
    ],
  });
  ecs.createService({
    cluster: name,
    name,
    taskDefinition: td.taskDefinitionArn!,
    desiredCount: 2,
    launchType: 'EC2',
    loadBalancers: [
      {
        targetGroupArn: blue,
        containerName: 'app',
        containerPort: 8080,
        advancedConfiguration: {
          alternateTargetGroupArn: green,
          productionListenerRule: production,
          testListenerRule: test,
          roleArn: `arn:aws:iam::${account.accountId}:role/ecs-infrastructure`,
        },
      },
    ],
  });
  return {
    cluster: name,
    service: name,
    image: IMAGE('2'),
    'container-name': 'app',
    'aws-region': REGION,
  };
}

/** Auto Scaling group `<name>-blue` (2 instances, tagged slipway:service=name) behind its own ALB (as vms.ts). */
export function addEc2Service(w: ScaleWorld, name: string): Record<string, string> {
  const { ec2, elbv2, autoscaling, account } = w;
  const current = ec2.addImage(REGION, {
    name: `${name}-old`,
    createdAt: account.clock.now() - 86_400_000,
  });
  const newAmi = ec2.addImage(REGION, { name: `${name}-new` }).id;
  const template = ec2.addLaunchTemplate(REGION, name, {
    ImageId: current.id,
    InstanceType: 't3.small',
    SecurityGroupIds: ['sg-0123456789abcdef0'],
  });
  const lb = elbv2.createLoadBalancer(name);
  const blueTg = elbv2.createTargetGroup({
    Name: `${name}-blue`,
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
    Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }],
  });
  const listenerArn = elbv2.createListener(lb, 80, [
    { Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: blueTg, Weight: 1 }] } },
  ]);
  autoscaling.seedGroup(
    {
      AutoScalingGroupName: `${name}-blue`,
      LaunchTemplate: { LaunchTemplateId: template.id, Version: '1' },
      MinSize: 2,
      MaxSize: 4,
      DesiredCapacity: 2,
      VPCZoneIdentifier: 'subnet-0aaaaaaaaaaaaaaa1,subnet-0bbbbbbbbbbbbbbb2',
      HealthCheckType: 'ELB',
      HealthCheckGracePeriod: 90,
      TargetGroupARNs: [blueTg],
      Tags: [{ Key: 'slipway:service', Value: name, PropagateAtLaunch: true }],
    },
    REGION,
  );
  return { service: name, 'ami-id': newAmi, 'aws-region': REGION, 'listener-arn': listenerArn };
}
