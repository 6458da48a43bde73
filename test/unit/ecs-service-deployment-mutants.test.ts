import type { ECSClient, ServiceDeployment } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import {
  describeFailure,
  describeProgress,
  describeServiceDeployment,
  NOT_SUCCEEDING,
  reached,
  shortArn,
  UNFINISHED,
  unfinishedDeployments,
} from '../../src/targets/ecs/service-deployment.js';
import { fakeClient } from './fake-client.js';

const SD = 'arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/web/abc';

const STAGES = [
  'RECONCILE_SERVICE',
  'PRE_SCALE_UP',
  'SCALE_UP',
  'POST_SCALE_UP',
  'TEST_TRAFFIC_SHIFT',
  'POST_TEST_TRAFFIC_SHIFT',
  'PRE_PRODUCTION_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT',
  'BAKE_TIME',
  'CLEAN_UP',
];

describe('service deployment status lists', () => {
  it('lists exactly the statuses ECS documents as unfinished and as not succeeding', () => {
    expect([...UNFINISHED]).toEqual([
      'PENDING',
      'IN_PROGRESS',
      'STOP_REQUESTED',
      'ROLLBACK_REQUESTED',
      'ROLLBACK_IN_PROGRESS',
    ]);
    expect([...NOT_SUCCEEDING]).toEqual([
      'STOPPED',
      'STOP_REQUESTED',
      'ROLLBACK_REQUESTED',
      'ROLLBACK_IN_PROGRESS',
      'ROLLBACK_SUCCESSFUL',
      'ROLLBACK_FAILED',
    ]);
  });
});

describe('reached', () => {
  it('a deployment with no stage yet has reached no stage', () => {
    // With a stage name blanked out, '' would be found in the list and count as reaching that stage.
    for (const stage of STAGES) expect(reached({ status: 'IN_PROGRESS' }, stage), stage).toBe(false);
  });

  it('each stage counts as reached at itself and after, not before', () => {
    STAGES.forEach((stage, i) => {
      expect(reached({ status: 'IN_PROGRESS', lifecycleStage: stage as never }, stage), stage).toBe(true);
      if (i > 0)
        expect(reached({ status: 'IN_PROGRESS', lifecycleStage: STAGES[i - 1] as never }, stage)).toBe(false);
      if (i < STAGES.length - 1)
        expect(reached({ status: 'IN_PROGRESS', lifecycleStage: STAGES[i + 1] as never }, stage)).toBe(true);
    });
  });

  it('a SUCCESSFUL deployment has reached every stage, whatever stage it reports', () => {
    expect(reached({ status: 'SUCCESSFUL' }, 'CLEAN_UP')).toBe(true);
    expect(reached({ status: 'SUCCESSFUL', lifecycleStage: 'SCALE_UP' }, 'BAKE_TIME')).toBe(true);
    expect(reached({ status: 'ROLLBACK_SUCCESSFUL', lifecycleStage: 'SCALE_UP' }, 'BAKE_TIME')).toBe(false);
  });

  it('shortArn keeps the last path part', () => {
    expect(shortArn(SD)).toBe('abc');
    expect(shortArn('plain')).toBe('plain');
  });
});

describe('describeServiceDeployment', () => {
  it("names ECS's failure reason when the deployment cannot be described", async () => {
    const client = fakeClient<ECSClient>({
      DescribeServiceDeploymentsCommand: () => ({
        serviceDeployments: [],
        failures: [{ reason: 'MISSING' }],
      }),
    });
    await expect(describeServiceDeployment(client, SD)).rejects.toThrow(
      `service deployment ${SD} cannot be described (MISSING)`,
    );
  });

  it("says 'not found' when ECS gives neither the deployment nor a failure", async () => {
    const client = fakeClient<ECSClient>({ DescribeServiceDeploymentsCommand: () => ({}) });
    await expect(describeServiceDeployment(client, SD)).rejects.toThrow(
      `service deployment ${SD} cannot be described (not found)`,
    );
  });

  it('asks for the one ARN and returns what ECS reports', async () => {
    const seen: unknown[] = [];
    const client = fakeClient<ECSClient>({
      DescribeServiceDeploymentsCommand: (input) => {
        seen.push(input);
        return { serviceDeployments: [{ serviceDeploymentArn: SD, status: 'IN_PROGRESS' }] };
      },
    });
    expect(await describeServiceDeployment(client, SD)).toEqual({
      serviceDeploymentArn: SD,
      status: 'IN_PROGRESS',
    });
    expect(seen).toEqual([{ serviceDeploymentArns: [SD] }]);
  });
});

describe('unfinishedDeployments', () => {
  it('reads every page, sorts newest first, and fills a missing ARN or status', async () => {
    const inputs: Array<Record<string, unknown>> = [];
    const client = fakeClient<ECSClient>({
      ListServiceDeploymentsCommand: (input) => {
        inputs.push(input);
        if (!input['nextToken'])
          return {
            serviceDeployments: [
              { serviceDeploymentArn: 'a/old', status: 'IN_PROGRESS', createdAt: new Date(1000) },
              {},
            ],
            nextToken: 't1',
          };
        return {
          serviceDeployments: [
            { serviceDeploymentArn: 'a/new', status: 'PENDING', createdAt: new Date(5000) },
          ],
        };
      },
    });
    expect(await unfinishedDeployments(client, 'prod', 'web')).toEqual([
      { arn: 'a/new', status: 'PENDING' },
      { arn: 'a/old', status: 'IN_PROGRESS' },
      { arn: '', status: 'UNKNOWN' },
    ]);
    expect(inputs).toEqual([
      { cluster: 'prod', service: 'web', status: [...UNFINISHED], nextToken: undefined },
      { cluster: 'prod', service: 'web', status: [...UNFINISHED], nextToken: 't1' },
    ]);
  });
});

describe('describeProgress', () => {
  it('a bare deployment reads UNKNOWN', () => {
    expect(describeProgress({})).toBe('UNKNOWN');
  });

  it('status and stage', () => {
    expect(describeProgress({ status: 'IN_PROGRESS', lifecycleStage: 'SCALE_UP' })).toBe(
      'IN_PROGRESS at SCALE_UP',
    );
  });

  it('rolling: task counts, missing counts as 0, no traffic weight', () => {
    expect(
      describeProgress({
        status: 'IN_PROGRESS',
        targetServiceRevision: {
          runningTaskCount: 1,
          requestedTaskCount: 3,
          requestedProductionTrafficWeight: 0,
        },
      }),
    ).toBe('IN_PROGRESS, new tasks 1/3 running');
    expect(
      describeProgress({
        status: 'IN_PROGRESS',
        deploymentConfiguration: { strategy: 'ROLLING' },
        targetServiceRevision: { requestedProductionTrafficWeight: 50 },
      }),
    ).toBe('IN_PROGRESS, new tasks 0/0 running');
  });

  it('native: traffic weight and the hook awaiting action', () => {
    const sd: ServiceDeployment = {
      status: 'IN_PROGRESS',
      lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT',
      deploymentConfiguration: { strategy: 'BLUE_GREEN' },
      targetServiceRevision: {
        runningTaskCount: 2,
        requestedTaskCount: 2,
        requestedProductionTrafficWeight: 0,
      },
      lifecycleHookDetails: [
        { hookId: 'h-done', status: 'SUCCEEDED' } as never,
        { hookId: 'h-wait', status: 'AWAITING_ACTION' } as never,
      ],
    };
    expect(describeProgress(sd)).toBe(
      'IN_PROGRESS at POST_TEST_TRAFFIC_SHIFT, new tasks 2/2 running, production traffic 0%, paused at hook h-wait',
    );
  });

  it('native without a weight or a waiting hook says neither', () => {
    expect(
      describeProgress({
        status: 'IN_PROGRESS',
        deploymentConfiguration: { strategy: 'CANARY' },
        targetServiceRevision: { runningTaskCount: 1, requestedTaskCount: 2 },
        lifecycleHookDetails: [{ hookId: 'h1', status: 'SUCCEEDED' } as never],
      }),
    ).toBe('IN_PROGRESS, new tasks 1/2 running');
  });
});

describe('describeFailure', () => {
  it('names the deployment by default, with reason, breaker and alarms in that order', () => {
    const sd: ServiceDeployment = {
      serviceDeploymentArn: SD,
      status: 'ROLLBACK_SUCCESSFUL',
      statusReason: 'tasks failed',
      rollback: { reason: 'alarm went off' },
      deploymentCircuitBreaker: { status: 'TRIGGERED', failureCount: 4, threshold: 3 },
      alarms: { triggeredAlarmNames: ['a1', 'a2'] } as never,
    };
    expect(describeFailure(sd)).toBe(
      'ECS service deployment abc is ROLLBACK_SUCCESSFUL: tasks failed; alarm went off; circuit breaker: 4 failed tasks (threshold 3); alarms in ALARM: a1, a2',
    );
    expect(describeFailure(sd, false)).toBe(
      'ROLLBACK_SUCCESSFUL: tasks failed; alarm went off; circuit breaker: 4 failed tasks (threshold 3); alarms in ALARM: a1, a2',
    );
  });

  it('says a reason once when statusReason and the rollback reason agree', () => {
    expect(
      describeFailure({
        serviceDeploymentArn: SD,
        status: 'STOPPED',
        statusReason: 'same',
        rollback: { reason: 'same' },
      }),
    ).toBe('ECS service deployment abc is STOPPED: same');
  });

  it('leaves out a missing reason', () => {
    expect(describeFailure({ status: 'ROLLBACK_FAILED', rollback: { reason: 'only this' } }, false)).toBe(
      'ROLLBACK_FAILED: only this',
    );
    expect(describeFailure({ status: 'ROLLBACK_FAILED', statusReason: 'first' }, false)).toBe(
      'ROLLBACK_FAILED: first',
    );
    expect(describeFailure({ status: 'STOPPED' }, false)).toBe('STOPPED');
    expect(describeFailure({ status: 'STOPPED' })).toBe('ECS service deployment  is STOPPED');
  });

  it('a triggered breaker without counts shows ?; one not triggered and no alarms add nothing', () => {
    expect(
      describeFailure(
        { status: 'ROLLBACK_SUCCESSFUL', deploymentCircuitBreaker: { status: 'TRIGGERED' } },
        false,
      ),
    ).toBe('ROLLBACK_SUCCESSFUL; circuit breaker: ? failed tasks (threshold ?)');
    expect(
      describeFailure(
        {
          status: 'ROLLBACK_SUCCESSFUL',
          deploymentCircuitBreaker: { status: 'MONITORING', failureCount: 1, threshold: 3 },
          alarms: { triggeredAlarmNames: [] } as never,
        },
        false,
      ),
    ).toBe('ROLLBACK_SUCCESSFUL');
  });
});
