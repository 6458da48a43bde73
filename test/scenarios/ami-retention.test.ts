import { describe, expect, it } from 'vitest';
import { run } from '../../src/actions/publish-ami/main.js';
import { REGION, vmsAccount } from '../sim/vms.js';
import { expectClean } from './ami-fixture.js';

const DAY = 86_400_000;
const FAMILY = { 'slipway:family': 'web-{sha}' };
const CONSUMER = '111111111111';

/** The family in the source region: web-old (launch template web v1 uses it) and the AMI to publish. */
function retentionFixture() {
  const vms = vmsAccount({ instances: 0 });
  const now = vms.account.clock.now();
  vms.ec2.image(REGION, vms.currentAmi)!.createdAt = now - 10 * DAY;
  const source = vms.ec2.addImage(REGION, { name: 'web-0123456789ab', tags: FAMILY });
  return { ...vms, now, source };
}

const inputs = (amiId: string, extra: Record<string, string> = {}) => ({
  'ami-id': amiId,
  keep: '1',
  'aws-region': REGION,
  ...extra,
});

describe('publish-ami retention on the simulated account', () => {
  it('reports, per AMI, the snapshots DeregisterImage did not delete, and why', async () => {
    const { account, ec2, now, source } = retentionFixture();
    // old1's snapshot is also registered as old2: deleting it is skipped. old3's snapshot is one the role
    // may not delete.
    const old1 = ec2.addImage(REGION, { name: 'web-old1', tags: FAMILY, createdAt: now - 5 * DAY });
    const old2 = ec2.addImage(REGION, {
      name: 'web-old2',
      tags: FAMILY,
      createdAt: now - 6 * DAY,
      snapshotOf: old1,
    });
    const old3 = ec2.addImage(REGION, { name: 'web-old3', tags: FAMILY, createdAt: now - 7 * DAY });
    ec2.denySnapshotDeletion(old3.snapshotIds[0]!);
    const deps = account.deps(inputs(source.id));
    await run(deps);
    expect(deps.io.failed).toBeUndefined();
    for (const old of [old1, old2, old3]) expect(ec2.image(REGION, old.id)!.state).toBe('deregistered');
    const [shared, denied] = [old1.snapshotIds[0]!, old3.snapshotIds[0]!];
    // old2 went after old1, when nothing else used the snapshot any more: deleted then.
    expect(ec2.region(REGION).snapshots.has(shared)).toBe(false);
    expect(ec2.region(REGION).snapshots.has(denied)).toBe(true);
    const warnings = deps.io.logs.filter((l) => l.startsWith('::warning::'));
    expect(warnings).toEqual([
      `::warning::${REGION}: deregistered ${old1.id}, but not its snapshots ${shared} (skipped: another AMI uses it)`,
      `::warning::${REGION}: deregistered ${old3.id}, but not its snapshots ${denied} (missing-permissions: the role may not ec2:DeleteSnapshot it)`,
    ]);
    expect(deps.io.summary).toContain(`${old1.id}: ${shared} (skipped)`);
    expect(deps.io.summary).toContain(`${old3.id}: ${denied} (missing-permissions)`);
    expectClean(account);
  });

  it('deprecates a shared AMI past retention now, and deregisters it only once the grace period has passed', async () => {
    const { account, ec2, now, source } = retentionFixture();
    const shared = ec2.addImage(REGION, { name: 'web-shared', tags: FAMILY, createdAt: now - 5 * DAY });
    shared.launchUserIds.add(CONSUMER);
    // Deprecated long enough ago (by deprecate-after, say): consumers have had their warning.
    const stale = ec2.addImage(REGION, { name: 'web-stale', tags: FAMILY, createdAt: now - 200 * DAY });
    stale.launchUserIds.add(CONSUMER);
    stale.deprecateAt = now - 100 * DAY;
    const unshared = ec2.addImage(REGION, { name: 'web-unshared', tags: FAMILY, createdAt: now - 6 * DAY });

    const first = account.deps(inputs(source.id, { 'shared-grace-period': '14d' }));
    await run(first);
    expect(first.io.failed).toBeUndefined();
    expect(ec2.image(REGION, unshared.id)!.state).toBe('deregistered');
    expect(ec2.image(REGION, stale.id)!.state).toBe('deregistered');
    expect(ec2.image(REGION, shared.id)!.state).toBe('available');
    const deprecatedAt = ec2.image(REGION, shared.id)!.deprecateAt!;
    expect(deprecatedAt - account.clock.now()).toBeGreaterThan(0);
    expect(deprecatedAt - account.clock.now()).toBeLessThanOrEqual(2 * 60_000);
    const after = new Date(deprecatedAt + 14 * DAY).toISOString();
    expect(first.io.logs).toContain(
      `${REGION}: deprecated ${shared.id} (shared with other accounts, whose launch templates this account cannot see); a run after ${after} deregisters it`,
    );
    expect(first.io.summary).toContain(shared.id);

    // Within the grace period: kept, and its deprecation time is not pushed back.
    account.clock.advance(10 * DAY);
    const second = account.deps(inputs(source.id, { 'shared-grace-period': '14d' }));
    await run(second);
    expect(ec2.image(REGION, shared.id)!.state).toBe('available');
    expect(ec2.image(REGION, shared.id)!.deprecateAt).toBe(deprecatedAt);
    expect(second.io.logs.join('\n')).toContain(`a run after ${after} deregisters it`);

    // Past it: deregistered with its snapshot.
    account.clock.advance(5 * DAY);
    const third = account.deps(inputs(source.id, { 'shared-grace-period': '14d' }));
    await run(third);
    expect(ec2.image(REGION, shared.id)!.state).toBe('deregistered');
    expect(ec2.region(REGION).snapshots.has(shared.snapshotIds[0]!)).toBe(false);
    expectClean(account);
  });

  it('rejects a grace period that is not a duration, before any AWS call', async () => {
    const { account, source } = retentionFixture();
    const deps = account.deps(inputs(source.id, { 'shared-grace-period': '0d' }));
    await expect(run(deps)).rejects.toThrow(/shared-grace-period/);
    expect(account.calls).toEqual([]);
  });
});
