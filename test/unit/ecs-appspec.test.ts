import { createHash } from 'node:crypto';
import type { Service } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { ActionError } from '../../src/core/errors.js';
import { ecsAppSpecRevision } from '../../src/targets/ecs/appspec.js';
import {
  describeCdFailure,
  describeCdProgress,
  failedEvents,
} from '../../src/targets/ecs/codedeploy-events.js';

const TD = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:7';
const lb = { targetGroupArn: 'arn:tg', containerName: 'app', containerPort: 8080 };
const props = (svc: Service): Record<string, unknown> => {
  const content = ecsAppSpecRevision(svc, TD).appSpecContent!.content!;
  return JSON.parse(content).Resources[0].TargetService.Properties;
};

describe('the AppSpec of a CodeDeploy ECS deployment', () => {
  it('names the task definition and the load balancer container and port; its sha256 is the content hash', () => {
    const rev = ecsAppSpecRevision({ serviceName: 'web', loadBalancers: [lb] }, TD);
    expect(rev.revisionType).toBe('AppSpecContent');
    const { content, sha256 } = rev.appSpecContent!;
    expect(sha256).toBe(createHash('sha256').update(content!).digest('hex'));
    expect(JSON.parse(content!)).toEqual({
      version: 0,
      Resources: [
        {
          TargetService: {
            Type: 'AWS::ECS::Service',
            Properties: {
              TaskDefinition: TD,
              LoadBalancerInfo: { ContainerName: 'app', ContainerPort: 8080 },
            },
          },
        },
      ],
    });
  });

  it("carries the service's network configuration, platform version and capacity provider strategy", () => {
    expect(
      props({
        serviceName: 'web',
        loadBalancers: [lb],
        platformVersion: '1.4.0',
        networkConfiguration: {
          awsvpcConfiguration: {
            subnets: ['subnet-1', 'subnet-2'],
            securityGroups: ['sg-1'],
            assignPublicIp: 'DISABLED',
          },
        },
        capacityProviderStrategy: [
          { capacityProvider: 'FARGATE', base: 1, weight: 1 },
          { capacityProvider: 'FARGATE_SPOT', weight: 3 },
        ],
      }),
    ).toEqual({
      TaskDefinition: TD,
      LoadBalancerInfo: { ContainerName: 'app', ContainerPort: 8080 },
      PlatformVersion: '1.4.0',
      NetworkConfiguration: {
        AwsvpcConfiguration: {
          Subnets: ['subnet-1', 'subnet-2'],
          SecurityGroups: ['sg-1'],
          AssignPublicIp: 'DISABLED',
        },
      },
      CapacityProviderStrategy: [
        { CapacityProvider: 'FARGATE', Base: 1, Weight: 1 },
        { CapacityProvider: 'FARGATE_SPOT', Weight: 3 },
      ],
    });
  });

  it('hooks: one object each, in the order the events run, and no Hooks key without them', () => {
    const content = (hooks: Parameters<typeof ecsAppSpecRevision>[2]) =>
      JSON.parse(ecsAppSpecRevision({ loadBalancers: [lb] }, TD, hooks).appSpecContent!.content!);
    expect(
      content({ AfterAllowTraffic: 'c', BeforeInstall: 'a', AfterAllowTestTraffic: 'b' })['Hooks'],
    ).toEqual([{ BeforeInstall: 'a' }, { AfterAllowTestTraffic: 'b' }, { AfterAllowTraffic: 'c' }]);
    expect(content({ AfterInstall: 'x', BeforeAllowTraffic: 'y' })['Hooks']).toEqual([
      { AfterInstall: 'x' },
      { BeforeAllowTraffic: 'y' },
    ]);
    expect(content({})).not.toHaveProperty('Hooks');
    expect(content(undefined)).not.toHaveProperty('Hooks');
  });

  it('a network configuration without subnets carries an empty list', () => {
    expect(
      props({ loadBalancers: [lb], networkConfiguration: { awsvpcConfiguration: {} as never } })[
        'NetworkConfiguration'
      ],
    ).toEqual({ AwsvpcConfiguration: { Subnets: [] } });
  });

  it('the load balancer entry with a container is used; a service without one is refused', () => {
    expect(
      props({
        serviceName: 'web',
        loadBalancers: [{ targetGroupArn: 'arn:other' }, { ...lb, containerPort: 80 }],
      })['LoadBalancerInfo'],
    ).toEqual({ ContainerName: 'app', ContainerPort: 80 });
    // An entry needs both the container's name and its port.
    expect(
      props({
        serviceName: 'web',
        loadBalancers: [{ containerName: 'sidecar' }, { containerPort: 443 }, lb],
      })['LoadBalancerInfo'],
    ).toEqual({ ContainerName: 'app', ContainerPort: 8080 });
    expect(() => ecsAppSpecRevision({ loadBalancers: [{ containerName: 'app' }] }, TD)).toThrow(
      'service  has no load balancer with a container name and port; a CodeDeploy blue/green deployment shifts its traffic through one',
    );
    expect(() => ecsAppSpecRevision({ serviceName: 'web', loadBalancers: [] }, TD)).toThrow(ActionError);
    expect(() => ecsAppSpecRevision({ serviceName: 'web' }, TD)).toThrow(
      /web has no load balancer with a container name and port/,
    );
  });
});

describe('CodeDeploy deployment lines', () => {
  const target = {
    ecsTarget: {
      lifecycleEvents: [
        { lifecycleEventName: 'Install', status: 'Succeeded' as const },
        { lifecycleEventName: 'AllowTraffic', status: 'InProgress' as const },
        {
          lifecycleEventName: 'AfterAllowTraffic',
          status: 'Failed' as const,
          diagnostics: { errorCode: 'ScriptFailed' as const },
        },
      ],
      taskSetsInfo: [
        { taskSetLabel: 'Blue' as const, trafficWeight: 90 },
        { taskSetLabel: 'Green' as const, trafficWeight: 10 },
      ],
    },
  };

  it('progress: status, the overview counts that are not 0, the running event and the traffic shifted', () => {
    expect(
      describeCdProgress(
        { deploymentId: 'd-1', status: 'InProgress', deploymentOverview: { InProgress: 1, Pending: 0 } },
        target,
      ),
    ).toBe(
      'CodeDeploy deployment d-1 InProgress; targets: InProgress 1; lifecycle event AllowTraffic; production traffic on the replacement: 10%',
    );
    expect(describeCdProgress({ deploymentId: 'd-1', status: 'Created' }, undefined)).toBe(
      'CodeDeploy deployment d-1 Created',
    );
  });

  it('what CodeDeploy leaves out reads as a blank id, "?" for a status or event name, several counts in a list', () => {
    expect(describeCdProgress({}, undefined)).toBe('CodeDeploy deployment  ?');
    expect(
      describeCdProgress(
        { deploymentOverview: { Pending: 2, InProgress: 1 } },
        { ecsTarget: { lifecycleEvents: [{ status: 'InProgress' }] } },
      ),
    ).toBe('CodeDeploy deployment  ?; targets: Pending 2, InProgress 1; lifecycle event ?');
    expect(describeCdFailure({}, undefined)).toBe(
      'CodeDeploy deployment  ?; CodeDeploy did not roll it back',
    );
    expect(describeCdFailure({ status: 'Failed', errorInformation: {} }, undefined)).toBe(
      'CodeDeploy deployment  Failed (?: ); CodeDeploy did not roll it back',
    );
    expect(failedEvents({ ecsTarget: { lifecycleEvents: [{ status: 'Failed' }] } })).toEqual([
      'lifecycle event ? Failed',
    ]);
  });

  it('failure: the error once, the failed events, and whether CodeDeploy rolls back', () => {
    expect(failedEvents(target)).toEqual(['lifecycle event AfterAllowTraffic Failed: ScriptFailed']);
    expect(
      describeCdFailure(
        {
          deploymentId: 'd-1',
          status: 'Failed',
          errorInformation: { code: 'HOOK_EXECUTION_FAILURE', message: 'ScriptFailed' },
          rollbackInfo: { rollbackDeploymentId: 'd-2' },
        },
        target,
      ),
    ).toBe(
      'CodeDeploy deployment d-1 Failed (HOOK_EXECUTION_FAILURE); lifecycle event AfterAllowTraffic Failed: ScriptFailed; CodeDeploy rolls it back with deployment d-2',
    );
    expect(
      describeCdFailure(
        {
          deploymentId: 'd-1',
          status: 'Stopped',
          errorInformation: { code: 'MANUAL_STOP', message: 'stopped by a user' },
        },
        undefined,
      ),
    ).toBe(
      'CodeDeploy deployment d-1 Stopped (MANUAL_STOP: stopped by a user); CodeDeploy did not roll it back',
    );
  });
});
