import { describe, expect, it } from 'vitest';
import { run } from '../../src/actions/publish-ami/main.js';
import { post } from '../../src/actions/publish-ami/post.js';
import { EC2_TIMING } from '../sim/services/ec2.js';
import { REGION, vmsAccount } from '../sim/vms.js';
import { cancelWhen, expectClean } from './ami-fixture.js';

const DAY = 86_400_000;
const DESTINATIONS = ['eu-west-1', 'ap-southeast-2', 'us-west-2'];
const ACCOUNTS = ['111111111111', '222222222222'];
const ORG = 'arn:aws:organizations::123456789012:organization/o-abcdefghij';
const cmk = (region: string) => `arn:aws:kms:${region}:123456789012:key/0f0e0d0c-0b0a-4909-8807-060504030201`;

function publishFixture(o: { encrypted?: boolean } = {}) {
  const vms = vmsAccount({ instances: 0 });
  const { ec2, account } = vms;
  const now = account.clock.now();
  const family = { 'slipway:family': 'web-{sha}' };
  // The family in the source region: the current AMI (10 days old, launch template web v1 uses it), two
  // older builds that nothing uses, and the new one to publish.
  ec2.image(REGION, vms.currentAmi)!.createdAt = now - 10 * DAY;
  const old1 = ec2.addImage(REGION, { name: 'web-old1', tags: family, createdAt: now - 3 * DAY });
  const old2 = ec2.addImage(REGION, { name: 'web-old2', tags: family, createdAt: now - 2 * DAY });
  const source = ec2.addImage(REGION, {
    name: 'web-0123456789ab',
    tags: { ...family, team: 'payments', Name: 'web-0123456789ab' },
    ...(o.encrypted ? { encrypted: true, kmsKeyId: cmk(REGION) } : {}),
  });
  return { ...vms, old1, old2, source };
}

const inputs = (amiId: string, extra: Record<string, string> = {}) => ({
  'ami-id': amiId,
  regions: DESTINATIONS.join('\n'),
  'share-accounts': ACCOUNTS.join(','),
  'share-organizations': ORG,
  'deprecate-after': '90d',
  keep: '2',
  'aws-region': REGION,
  ...extra,
});

describe('publish-ami on the simulated account', () => {
  it('copies to three regions in parallel, shares image and snapshots, re-tags, deprecates and prunes', async () => {
    const { account, ec2, source, old1, old2, currentAmi } = publishFixture();
    const deps = account.deps(inputs(source.id));
    const t0 = account.clock.now();
    await run(deps);
    expect(deps.io.failed).toBeUndefined();
    const amis = JSON.parse(deps.io.outputs['amis']!) as Record<string, string>;
    expect(Object.keys(amis).sort()).toEqual([REGION, ...DESTINATIONS].sort());
    expect(amis[REGION]).toBe(source.id);
    // Each CopyImage ran in its destination region, all at the same moment, with a ClientToken.
    const copies = account.calls.filter((c) => c.action === 'CopyImage');
    expect(copies.map((c) => c.region).sort()).toEqual([...DESTINATIONS].sort());
    expect(new Set(copies.map((c) => c.t)).size).toBe(1);
    for (const c of copies)
      expect(c.input).toMatchObject({
        SourceRegion: REGION,
        SourceImageId: source.id,
        ClientToken: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
    // In parallel: the whole publish takes about one copy, not three.
    expect(account.clock.now() - t0).toBeLessThan(2 * EC2_TIMING.copyImageMs);
    for (const [region, id] of Object.entries(amis)) {
      const image = ec2.image(region, id)!;
      expect(image.state).toBe('available');
      expect([...image.launchUserIds].sort()).toEqual(ACCOUNTS);
      expect([...image.launchOrgArns]).toEqual([ORG]);
      expect(image.tags.get('team')).toBe('payments');
      expect(image.tags.get('slipway:source-ami')).toBe(source.id);
      // Ninety days from when the copies were done, rounded to the minute as EC2 does.
      expect(image.deprecateAt! % 60_000).toBe(0);
      expect(image.deprecateAt! - t0).toBeGreaterThanOrEqual(90 * DAY);
      expect(image.deprecateAt! - t0).toBeLessThan(90 * DAY + EC2_TIMING.copyImageMs * 2);
      for (const snap of image.snapshotIds) {
        const s = ec2.region(region).snapshots.get(snap)!;
        expect([...s.createVolumeUserIds].sort()).toEqual(ACCOUNTS);
        expect(s.tags.get('slipway:source-ami')).toBe(source.id);
      }
    }
    // Retention in the source region: keep 2 = the new AMI and the newest other; of the rest, the one a
    // launch template version uses stays, the other goes with its snapshot.
    expect(ec2.image(REGION, old2.id)!.state).toBe('available');
    expect(ec2.image(REGION, old1.id)!.state).toBe('deregistered');
    expect(ec2.region(REGION).snapshots.has(old1.snapshotIds[0]!)).toBe(false);
    expect(ec2.image(REGION, currentAmi)!.state).toBe('available');
    expect(deps.io.logs.join('\n')).toContain(
      `kept ${currentAmi}: launch template web version 1 still uses it`,
    );
    // Two phases, each a group; the line that says what was copied stands between them.
    expect(deps.io.logs.filter((l) => /^::(end)?group::|^copied: /.test(l))).toEqual([
      `::group::find ${source.id} in ${REGION}`,
      '::endgroup::',
      `::group::copy ${source.id} to ${DESTINATIONS.join(', ')}`,
      '::endgroup::',
      expect.stringMatching(/^copied: /),
      '::group::tag, share and prune',
      '::endgroup::',
    ]);
    expectClean(account);

    // Published again: the copies are found by their source tag, and nothing is copied twice.
    account.calls.length = 0;
    const again = account.deps(inputs(source.id));
    await run(again);
    expect(JSON.parse(again.io.outputs['amis']!)).toEqual(amis);
    expect(account.calls.filter((c) => c.action === 'CopyImage')).toEqual([]);
  });

  it('encrypted copies use the customer managed key of each region, and share', async () => {
    const { account, ec2, source } = publishFixture({ encrypted: true });
    const keys = DESTINATIONS.map((r) => `${r}=${cmk(r)}`).join('\n');
    const deps = account.deps(inputs(source.id, { 'kms-key-ids': keys, keep: '0' }));
    await run(deps);
    const amis = JSON.parse(deps.io.outputs['amis']!) as Record<string, string>;
    for (const region of DESTINATIONS) {
      const snap = ec2.region(region).snapshots.get(ec2.image(region, amis[region]!)!.snapshotIds[0]!)!;
      expect(snap.encrypted).toBe(true);
      expect(snap.kmsKeyId).toBe(cmk(region));
      expect([...snap.createVolumeUserIds].sort()).toEqual(ACCOUNTS);
    }
    expectClean(account);
  });

  it('refuses, before copying anything, to make encrypted copies with the default key it could not share', async () => {
    const { account, source } = publishFixture({ encrypted: true });
    const deps = account.deps(inputs(source.id, { 'kms-key-ids': `eu-west-1=${cmk('eu-west-1')}` }));
    await expect(run(deps)).rejects.toThrow(
      /copies in ap-southeast-2, us-west-2 would use the default EBS key, whose snapshots cannot be shared/,
    );
    expect(account.mutatingCalls()).toEqual([]);
    expectClean(account);
  });

  it('a cancel mid-copy: the post step deregisters the pending copies and their snapshots', async () => {
    const { account, ec2, source } = publishFixture();
    const pending = () =>
      DESTINATIONS.flatMap((r) => [...ec2.region(r).images.values()].filter((i) => i.state === 'pending'));
    const deps = cancelWhen(account, account.deps(inputs(source.id)), () => pending().length === 3);
    await expect(run(deps)).rejects.toThrow(/cancelled/);
    expect(account.orphans()).toHaveLength(3);
    await post(account.deps({}, { io: deps.io.forPost() }));
    expect(pending()).toEqual([]);
    expect(account.orphans()).toEqual([]);
    expectClean(account);
  });

  it.each([
    [
      'the job is re-run (same run, next attempt)',
      { GITHUB_RUN_ID: '9001', GITHUB_RUN_ATTEMPT: '1' },
      { GITHUB_RUN_ID: '9001', GITHUB_RUN_ATTEMPT: '2' },
    ],
    ['it runs again outside Actions', {}, {}],
  ])('a cancel mid-copy, then %s: the copies are made afresh and the run finishes', async (_, env1, env2) => {
    const { account, ec2, source } = publishFixture();
    const pending = () =>
      DESTINATIONS.flatMap((r) => [...ec2.region(r).images.values()].filter((i) => i.state === 'pending'));
    const deps = cancelWhen(
      account,
      account.deps(inputs(source.id), { env: env1 }),
      () => pending().length === 3,
    );
    await expect(run(deps)).rejects.toThrow(/cancelled/);
    await post(account.deps({}, { io: deps.io.forPost(), env: env1 }));
    const dead = account.calls
      .filter((c) => c.action === 'DeregisterImage')
      .map((c) => (c.input as { ImageId: string }).ImageId);
    expect(dead).toHaveLength(3);

    const t0 = account.clock.now();
    const again = account.deps(inputs(source.id), { env: env2 });
    await run(again);
    expect(again.io.failed).toBeUndefined();
    const amis = JSON.parse(again.io.outputs['amis']!) as Record<string, string>;
    for (const region of DESTINATIONS) {
      expect(dead).not.toContain(amis[region]);
      expect(ec2.image(region, amis[region]!)!.state).toBe('available');
    }
    // One copy's time, not the wait-timeout.
    expect(account.clock.now() - t0).toBeLessThan(2 * EC2_TIMING.copyImageMs);
    expectClean(account);
  });
});
