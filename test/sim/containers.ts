import type { DeploymentConfiguration, PlacementStrategy } from '@aws-sdk/client-ecs';
import { SimAccount } from './account.js';
import { CloudWatchSim } from './services/cloudwatch.js';
import { EcsRunTaskSim } from './services/ecs-run-task.js';
import { Elbv2Sim } from './services/elbv2.js';
import { LogsSim } from './services/logs.js';
import { StsSim } from './services/sts.js';
import { NOT_FOUND, forwardToBlue } from './listener-actions.js';

export interface ContainersOptions {
  seed?: number;
  /** EC2 (the default): bridge networking with dynamic host ports on container instances; FARGATE: awsvpc. */
  launchType?: 'EC2' | 'FARGATE';
  instances?: number;
  instanceMemory?: number;
  /** Memory of the one container, in MiB. */
  taskMemory?: number;
  desiredCount?: number;
  placementStrategy?: PlacementStrategy[];
  deploymentConfiguration?: DeploymentConfiguration;
  /** Give the load balancer entry the advancedConfiguration that native strategies need (default true). */
  advancedConfiguration?: boolean;
  /** A container health check in the task definition. */
  containerHealthCheck?: boolean;
  deregistrationDelaySeconds?: number;
  /** The container logs to CloudWatch Logs (awslogs) in this log group, which set-up creates. */
  awslogsGroup?: string;
}

export const CLUSTER = 'prod';
export const SERVICE = 'web';
export const CONTAINER = 'app';
export const FAMILY = 'web';
export const IMAGE_V1 = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web@sha256:' + '1'.repeat(64);
export const IMAGE_V2 = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web@sha256:' + '2'.repeat(64);

/**
 * An account with ECS, ELBv2, CloudWatch and STS, a cluster and a service of three tasks behind an ALB:
 * a production listener rule and a test listener rule, each forwarding to the blue and green target groups
 * (100/0). Its invariants, checked at every tick and call: the production rule's healthy serving capacity
 * stays at or above the service's minimum healthy count, and no forward weight points at a target group
 * without a healthy target.
 */
export function containersAccount(o: ContainersOptions = {}) {
  const account = new SimAccount(o.seed !== undefined ? { seed: o.seed } : {});
  const elbv2 = new Elbv2Sim(account);
  const ecs = account.add(new EcsRunTaskSim(account, elbv2));
  account.add(elbv2);
  const cloudwatch = account.add(new CloudWatchSim(account));
  const sts = account.add(new StsSim(account));
  const logs = account.add(new LogsSim(account));
  ecs.useLogs(logs);
  if (o.awslogsGroup) logs.createLogGroup(o.awslogsGroup);
  const fargate = o.launchType === 'FARGATE';

  ecs.createCluster(CLUSTER);
  if (!fargate)
    for (let i = 0; i < (o.instances ?? 3); i++)
      ecs.addContainerInstance(CLUSTER, { cpu: 2048, memory: o.instanceMemory ?? 4096 });

  const lb = elbv2.createLoadBalancer('web');
  const tgSettings = {
    Protocol: 'HTTP' as const,
    Port: 8080,
    TargetType: fargate ? ('ip' as const) : ('instance' as const),
    HealthCheckIntervalSeconds: 10,
    HealthyThresholdCount: 3,
    UnhealthyThresholdCount: 2,
  };
  const blue = elbv2.createTargetGroup({ Name: 'web-blue', ...tgSettings });
  const green = elbv2.createTargetGroup({ Name: 'web-green', ...tgSettings });
  for (const tg of [blue, green])
    elbv2.ModifyTargetGroupAttributes({
      TargetGroupArn: tg,
      Attributes: [
        { Key: 'deregistration_delay.timeout_seconds', Value: String(o.deregistrationDelaySeconds ?? 60) },
      ],
    });
  const notFound = NOT_FOUND;
  const forward = forwardToBlue(blue, green);
  const productionListener = elbv2.createListener(lb, 80, notFound);
  const testListener = elbv2.createListener(lb, 8080, notFound);
  const productionRule = elbv2.createRule(productionListener, 10, forward);
  const testRule = elbv2.createRule(testListener, 10, forward);

  const td = ecs.registerTaskDefinition({
    family: FAMILY,
    ...(fargate
      ? { networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512' }
      : { networkMode: 'bridge' }),
    containerDefinitions: [
      {
        name: CONTAINER,
        image: IMAGE_V1,
        essential: true,
        memory: o.taskMemory ?? 512,
        portMappings: [{ containerPort: 8080, ...(fargate ? {} : { hostPort: 0 }) }],
        environment: [{ name: 'PORT', value: '8080' }],
        ...(o.awslogsGroup
          ? {
              logConfiguration: {
                logDriver: 'awslogs' as const,
                options: {
                  'awslogs-group': o.awslogsGroup,
                  'awslogs-region': 'us-east-1',
                  'awslogs-stream-prefix': 'ecs',
                },
              },
            }
          : {}),
        ...(o.containerHealthCheck
          ? {
              healthCheck: {
                command: ['CMD-SHELL', 'curl -f http://localhost:8080/health || exit 1'],
                interval: 10,
                retries: 2,
              },
            }
          : {}),
      },
    ],
  });
  const role = `arn:aws:iam::${account.accountId}:role/ecs-infrastructure`;
  const service = ecs.createService({
    cluster: CLUSTER,
    name: SERVICE,
    taskDefinition: td.taskDefinitionArn!,
    desiredCount: o.desiredCount ?? 3,
    launchType: fargate ? 'FARGATE' : 'EC2',
    ...(o.placementStrategy ? { placementStrategy: o.placementStrategy } : {}),
    ...(fargate
      ? {
          networkConfiguration: {
            awsvpcConfiguration: { subnets: ['subnet-0sim'], securityGroups: ['sg-0sim'] },
          },
        }
      : {}),
    loadBalancers: [
      {
        targetGroupArn: blue,
        containerName: CONTAINER,
        containerPort: 8080,
        ...(o.advancedConfiguration === false
          ? {}
          : {
              advancedConfiguration: {
                alternateTargetGroupArn: green,
                productionListenerRule: productionRule,
                testListenerRule: testRule,
                roleArn: role,
              },
            }),
      },
    ],
    ...(o.deploymentConfiguration ? { deploymentConfiguration: o.deploymentConfiguration } : {}),
  });

  // The healthy count ECS must keep: minimumHealthyPercent of the desired count, rounded up, taken from the
  // service as it is before any deploy, so a deploy that lowers minimumHealthyPercent cannot move it.
  const minimumBefore = Math.ceil(
    (service.desiredCount * (service.deploymentConfiguration.minimumHealthyPercent ?? 100)) / 100,
  );
  const minimum = (): number => minimumBefore;
  account.invariant('healthy serving capacity ≥ the minimum', () => {
    const serving = elbv2.servingCapacity(productionRule);
    return serving >= minimum()
      ? undefined
      : `${serving} healthy targets serve production, below the minimum ${minimum()}`;
  });
  account.invariant('listener weights only at healthy target groups', () => elbv2.weightsPointAtHealthy());

  return {
    account,
    ecs,
    elbv2,
    cloudwatch,
    sts,
    logs,
    service,
    taskDefinition: td,
    loadBalancer: lb,
    targetGroups: { blue, green },
    listeners: { production: productionListener, test: testListener },
    rules: { production: productionRule, test: testRule },
    minimum,
  };
}

/** deploy-ecs inputs every ECS scenario starts from: the new image on the simulated service. */
export const ECS_BASE_INPUTS = {
  cluster: CLUSTER,
  service: SERVICE,
  image: IMAGE_V2,
  'container-name': CONTAINER,
  'aws-region': 'us-east-1',
};
