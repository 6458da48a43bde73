import type { AutoScalingClient, InstanceRefresh } from '@aws-sdk/client-auto-scaling';
import { AutoScalingClient as Asg } from '@aws-sdk/client-auto-scaling';
import { describe, expect, it } from 'vitest';
import { ActionError } from '../../src/core/errors.js';
import type { RefreshSettings } from '../../src/targets/ec2/refresh.js';
import {
  activeRefresh,
  describeProgress,
  describeRefresh,
  preferences,
  startRefresh,
  undoRefresh,
} from '../../src/targets/ec2/refresh.js';
import { vmsAccount } from '../sim/vms.js';
import { fakeClient } from './fake-client.js';

const base = {
  minHealthyPercent: 90,
  maxHealthyPercent: undefined,
  instanceWarmupS: undefined,
  checkpoints: [],
  checkpointDelayS: undefined,
  skipMatching: true,
  autoRollback: true,
  alarms: [],
  bakeS: 0,
  scaleInProtected: 'wait',
  standby: 'wait',
} as unknown as RefreshSettings;

const settings = (o: Partial<RefreshSettings>): RefreshSettings => ({ ...base, ...o });

describe('refresh preferences', () => {
  it('leaves out every optional preference that is not set', () => {
    const p = preferences(base);
    expect(p).toMatchObject({ MinHealthyPercentage: 90, SkipMatching: true, AutoRollback: true });
    for (const k of [
      'MaxHealthyPercentage',
      'InstanceWarmup',
      'CheckpointPercentages',
      'CheckpointDelay',
      'AlarmSpecification',
      'BakeTime',
    ])
      expect(Object.keys(p)).not.toContain(k);
  });

  it('writes each optional preference that is set', () => {
    const p = preferences(
      settings({
        maxHealthyPercent: 150,
        instanceWarmupS: 30,
        checkpoints: [50, 100],
        checkpointDelayS: 120,
        alarms: ['web-5xx'],
        bakeS: 300,
      }),
    );
    expect(p).toMatchObject({
      MaxHealthyPercentage: 150,
      InstanceWarmup: 30,
      CheckpointPercentages: [50, 100],
      CheckpointDelay: 120,
      AlarmSpecification: { Alarms: ['web-5xx'] },
      BakeTime: 300,
    });
  });

  it('a checkpoint delay without checkpoints, or checkpoints without a delay, writes no CheckpointDelay', () => {
    expect(Object.keys(preferences(settings({ checkpointDelayS: 60 })))).not.toContain('CheckpointDelay');
    const p = preferences(settings({ checkpoints: [50, 100] }));
    expect(Object.keys(p)).not.toContain('CheckpointDelay');
    expect(p.CheckpointPercentages).toEqual([50, 100]);
  });
});

describe('refresh calls', () => {
  it('StartInstanceRefresh without an id fails with one line', async () => {
    const asg = fakeClient<AutoScalingClient>({ StartInstanceRefreshCommand: () => ({}) });
    const err = await startRefresh(asg, 'web-blue', {}, base).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionError);
    expect((err as Error).message).toBe('StartInstanceRefresh on web-blue returned no id');
  });

  it('describeRefresh asks for that refresh only, and fails when it is not found', async () => {
    const inputs: Array<Record<string, unknown>> = [];
    const asg = fakeClient<AutoScalingClient>({
      DescribeInstanceRefreshesCommand: (input) => {
        inputs.push(input);
        return { InstanceRefreshes: input['InstanceRefreshIds'] ? [] : [{ InstanceRefreshId: 'other' }] };
      },
    });
    const err = await describeRefresh(asg, 'web-blue', 'r-1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionError);
    expect((err as Error).message).toBe('instance refresh r-1 of web-blue was not found');
    expect(inputs).toEqual([{ AutoScalingGroupName: 'web-blue', InstanceRefreshIds: ['r-1'] }]);
  });

  it('activeRefresh finds the first refresh in a moving status', async () => {
    for (const status of ['Pending', 'InProgress', 'Cancelling', 'RollbackInProgress', 'Baking']) {
      const asg = fakeClient<AutoScalingClient>({
        DescribeInstanceRefreshesCommand: () => ({
          InstanceRefreshes: [
            { InstanceRefreshId: 'done', Status: 'Successful' },
            { InstanceRefreshId: 'moving', Status: status },
          ],
        }),
      });
      expect((await activeRefresh(asg, 'web-blue'))?.InstanceRefreshId).toBe('moving');
    }
    const idle = fakeClient<AutoScalingClient>({
      DescribeInstanceRefreshesCommand: () => ({
        InstanceRefreshes: [{ Status: 'Cancelled' }, { Status: 'Failed' }, {}],
      }),
    });
    expect(await activeRefresh(idle, 'web-blue')).toBeUndefined();
  });

  it('describeProgress: status, percentage, instances left and reason, each only when known', () => {
    const r = (o: Partial<InstanceRefresh>): InstanceRefresh => ({ Status: 'InProgress', ...o });
    expect(describeProgress(r({}))).toBe('InProgress');
    expect(describeProgress(r({ PercentageComplete: 0, InstancesToUpdate: 0 }))).toBe(
      'InProgress 0%, 0 to update',
    );
    expect(
      describeProgress(
        r({ PercentageComplete: 50, InstancesToUpdate: 2, StatusReason: 'Waiting for warm-up' }),
      ),
    ).toBe('InProgress 50%, 2 to update (Waiting for warm-up)');
    expect(describeProgress(r({ StatusReason: '' }))).toBe('InProgress');
  });
});

describe('undoRefresh', () => {
  function setup() {
    const vms = vmsAccount({ instances: 2 });
    const asg = vms.account.aws({ maxAttempts: 1, action: 'test' }).get(Asg, 'us-east-1');
    return { ...vms, asg };
  }

  it('no active refresh: none, after only the rollback was asked', async () => {
    const { asg, account } = setup();
    expect(await undoRefresh(asg, 'web-blue')).toBe('none');
    expect(account.calls.map((c) => [c.action, c.error])).toEqual([
      ['RollbackInstanceRefresh', 'ActiveInstanceRefreshNotFoundFault'],
    ]);
  });

  it('an irreversible refresh is cancelled; nothing left to cancel is none', async () => {
    const { asg, account } = setup();
    account.failNext('autoscaling', 'RollbackInstanceRefresh', (s) =>
      s.error('IrreversibleInstanceRefreshFault', 'The instance refresh cannot be rolled back.'),
    );
    expect(await undoRefresh(asg, 'web-blue')).toBe('none');
    expect(account.calls.map((c) => [c.action, c.error])).toEqual([
      ['RollbackInstanceRefresh', 'IrreversibleInstanceRefreshFault'],
      ['CancelInstanceRefresh', 'ActiveInstanceRefreshNotFoundFault'],
    ]);
  });

  it('an irreversible refresh that is still active is cancelled', async () => {
    const { account } = setup();
    const asg = fakeClient<AutoScalingClient>({
      RollbackInstanceRefreshCommand: () => {
        throw Object.assign(new Error('cannot be rolled back'), {
          name: 'IrreversibleInstanceRefreshFault',
          $metadata: {},
        });
      },
      CancelInstanceRefreshCommand: () => ({ InstanceRefreshId: 'r-1' }),
    });
    expect(await undoRefresh(asg, 'web-blue')).toBe('cancel');
    expect(asg.sent).toEqual(['RollbackInstanceRefreshCommand', 'CancelInstanceRefreshCommand']);
    expect(account.calls).toEqual([]);
  });

  it('any other error from the rollback or the cancel is thrown', async () => {
    const { asg, account } = setup();
    account.failNext('autoscaling', 'RollbackInstanceRefresh', (s) => s.error('AccessDenied', 'no', 403));
    await expect(undoRefresh(asg, 'web-blue')).rejects.toMatchObject({ code: 'AccessDenied' });
    account.calls.length = 0;
    account.failNext('autoscaling', 'RollbackInstanceRefresh', (s) =>
      s.error('IrreversibleInstanceRefreshFault', 'The instance refresh cannot be rolled back.'),
    );
    account.failNext('autoscaling', 'CancelInstanceRefresh', (s) => s.error('AccessDenied', 'no', 403));
    await expect(undoRefresh(asg, 'web-blue')).rejects.toMatchObject({ code: 'AccessDenied' });
    expect(account.calls.map((c) => c.action)).toEqual(['RollbackInstanceRefresh', 'CancelInstanceRefresh']);
  });
});
