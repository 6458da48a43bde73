import type { ServiceDeployment } from '@aws-sdk/client-ecs';
import { describe, expect, it, vi } from 'vitest';

// The module's constants are made when it loads: each test loads it afresh so a changed constant shows.
const load = async () => {
  vi.resetModules();
  return import('../../src/targets/ecs/service-deployment.js');
};

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

describe('service deployment constants, loaded in the test', () => {
  it('the status lists are the ones ECS documents', async () => {
    const m = await load();
    expect([...m.UNFINISHED]).toEqual([
      'PENDING',
      'IN_PROGRESS',
      'STOP_REQUESTED',
      'ROLLBACK_REQUESTED',
      'ROLLBACK_IN_PROGRESS',
    ]);
    expect([...m.NOT_SUCCEEDING]).toEqual([
      'STOPPED',
      'STOP_REQUESTED',
      'ROLLBACK_REQUESTED',
      'ROLLBACK_IN_PROGRESS',
      'ROLLBACK_SUCCESSFUL',
      'ROLLBACK_FAILED',
    ]);
  });

  it('each lifecycle stage is reached at itself and after, never before, in the documented order', async () => {
    const { reached } = await load();
    const at = (stage: string): ServiceDeployment => ({
      status: 'IN_PROGRESS',
      lifecycleStage: stage as ServiceDeployment['lifecycleStage'],
    });
    STAGES.forEach((stage, i) => {
      expect(reached(at(stage), stage), stage).toBe(true);
      if (i > 0) expect(reached(at(STAGES[i - 1] as string), stage), stage).toBe(false);
      if (i < STAGES.length - 1) expect(reached(at(STAGES[i + 1] as string), stage), stage).toBe(true);
      // A deployment with no stage yet has reached none.
      expect(reached({ status: 'IN_PROGRESS' }, stage), stage).toBe(false);
    });
  });
});
