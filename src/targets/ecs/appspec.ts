import { createHash } from 'node:crypto';
import type { RevisionLocation } from '@aws-sdk/client-codedeploy';
import type { Service } from '@aws-sdk/client-ecs';
import { ActionError } from '../../core/errors.js';

/**
 * The AppSpec of an Amazon ECS deployment, as JSON content with its sha256: one TargetService of Type
 * AWS::ECS::Service naming the task definition, the container and port that take the load balancer's traffic
 * (from the service's load balancer), and the service's network configuration, platform version and capacity
 * provider strategy when it has them, which a new task set would otherwise lose
 * and the lifecycle hooks given, each a Lambda function
 * (https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-resources.html#reference-appspec-file-structure-resources-ecs,
 * https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-hooks.html#appspec-hooks-ecs,
 * https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_AppSpecContent.html).
 */
export const ECS_HOOKS = [
  'BeforeInstall',
  'AfterInstall',
  'AfterAllowTestTraffic',
  'BeforeAllowTraffic',
  'AfterAllowTraffic',
] as const;

/** The Lambda function CodeDeploy invokes at each hook given. */
export type EcsHooks = Partial<Record<(typeof ECS_HOOKS)[number], string>>;

export function ecsAppSpecRevision(
  svc: Service,
  taskDefinitionArn: string,
  hooks: EcsHooks = {},
): RevisionLocation {
  const lb = svc.loadBalancers?.find((l) => l.containerName && l.containerPort !== undefined);
  if (!lb)
    throw new ActionError(
      `service ${svc.serviceName ?? ''} has no load balancer with a container name and port; a CodeDeploy blue/green deployment shifts its traffic through one`,
    );
  const vpc = svc.networkConfiguration?.awsvpcConfiguration;
  const properties = {
    TaskDefinition: taskDefinitionArn,
    LoadBalancerInfo: { ContainerName: lb.containerName, ContainerPort: lb.containerPort },
    ...(svc.platformVersion ? { PlatformVersion: svc.platformVersion } : {}),
    ...(vpc
      ? {
          NetworkConfiguration: {
            AwsvpcConfiguration: {
              Subnets: vpc.subnets ?? [],
              ...(vpc.securityGroups?.length ? { SecurityGroups: vpc.securityGroups } : {}),
              ...(vpc.assignPublicIp ? { AssignPublicIp: vpc.assignPublicIp } : {}),
            },
          },
        }
      : {}),
    ...(svc.capacityProviderStrategy?.length
      ? {
          CapacityProviderStrategy: svc.capacityProviderStrategy.map((c) => ({
            CapacityProvider: c.capacityProvider,
            // Stryker disable next-line ConditionalExpression: { Base: undefined } serialises as no Base at all
            ...(c.base !== undefined ? { Base: c.base } : {}),
            // Stryker disable next-line ConditionalExpression: { Weight: undefined } serialises as no Weight at all
            ...(c.weight !== undefined ? { Weight: c.weight } : {}),
          })),
        }
      : {}),
  };
  // Hooks: a list of one-key objects, in the order the events run.
  const named = ECS_HOOKS.filter((e) => hooks[e] !== undefined).map((e) => ({ [e]: hooks[e] }));
  const content = JSON.stringify({
    version: 0.0,
    Resources: [{ TargetService: { Type: 'AWS::ECS::Service', Properties: properties } }],
    ...(named.length ? { Hooks: named } : {}),
  });
  return {
    revisionType: 'AppSpecContent',
    appSpecContent: { content, sha256: createHash('sha256').update(content).digest('hex') },
  };
}
