import { describe, expect, it } from 'vitest';
import { run } from '../../src/actions/deploy-ecs/main.js';
import { RolloutFailedError } from '../../src/core/errors.js';
import { containersAccount, ECS_BASE_INPUTS, IMAGE_V2 } from '../sim/containers.js';

const base = ECS_BASE_INPUTS;

describe('deploy-ecs after a failed deployment left in place', () => {
  it('a service left on a FAILED revision (rollback: false) is not up to date: the next deploy is no no-op', async () => {
    const env = containersAccount();
    // rollback: false leaves the failed revision in place, as the user asked.
    env.account.expectViolations();
    env.ecs.behave(IMAGE_V2, { kind: 'crash', afterMs: 3_000, exitCode: 137 });
    const first = env.account.deps({ ...base, rollback: 'false' });
    expect(await run(first).catch((e: unknown) => e)).toBeInstanceOf(RolloutFailedError);
    // The service now runs the failed revision, with its PRIMARY deployment FAILED.
    expect(env.ecs.taskDefinitionOf(env.service).revision).toBe(2);
    const second = env.account.deps({ ...base, rollback: 'false' });
    await run(second).catch((e: unknown) => e);
    expect(second.io.outputs['status']).not.toBe('no-op');
    expect(env.account.mutatingCalls().filter((c) => c.action === 'UpdateService' && !c.error)).toHaveLength(
      2,
    );
  });
});
