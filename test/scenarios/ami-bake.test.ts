import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/actions/build-ami/main.js';
import { post } from '../../src/actions/build-ami/post.js';
import { EC2_TIMING } from '../sim/services/ec2.js';
import { REGION } from '../sim/vms.js';
import {
  amiFixture,
  bakeEnv,
  bakeInputs,
  cancelWhen,
  expectClean,
  incompressible,
  PROVISION,
  workspace,
} from './ami-fixture.js';

const actions = (calls: Array<{ service: string; action: string }>) =>
  calls.map((c) => `${c.service}:${c.action}`);

describe('build-ami on the simulated account', () => {
  it('takes the script from provision-file as from provision: the same payload, so the same AMI is reused', async () => {
    const { account } = amiFixture();
    const dir = workspace();
    writeFileSync(join(dir, 'provision.sh'), PROVISION);
    const first = account.deps(bakeInputs(dir), { env: bakeEnv(dir) });
    await run(first);
    expect(first.io.outputs['reused']).toBe('false');
    const fromFile = account.deps(bakeInputs(dir, { provision: '', 'provision-file': 'provision.sh' }), {
      env: bakeEnv(dir),
    });
    await run(fromFile);
    expect(fromFile.io.outputs['source-digest']).toBe(first.io.outputs['source-digest']);
    expect(fromFile.io.outputs['reused']).toBe('true');
    expect(fromFile.io.outputs['ami-id']).toBe(first.io.outputs['ami-id']);
    // Each phase is a group; what it found stands outside.
    expect(first.io.logs.filter((l) => l.startsWith('::group::'))).toEqual([
      '::group::resolve the base AMI',
      expect.stringMatching(/^::group::bake web-\S+ on a t3\.small builder$/),
    ]);
    expect(first.io.logs).toContainEqual(expect.stringMatching(/^baked ami-\w+ \(web-/));
    expectClean(account);
  });

  it('bakes: builder provisions and powers off, the AMI is created with its tags, the builder is terminated', async () => {
    const { account, ec2, baseAmi } = amiFixture();
    const dir = workspace();
    const deps = account.deps(bakeInputs(dir), { env: bakeEnv(dir) });
    const t0 = account.clock.now();
    await run(deps);
    const out = deps.io.outputs;
    expect(deps.io.failed).toBeUndefined();
    expect(out['reused']).toBe('false');
    expect(out['ami-name']).toMatch(/^web-0123456789ab-20261122-\d{6}$/);
    const image = ec2.image(REGION, out['ami-id']!)!;
    expect(image.state).toBe('available');
    expect(image.name).toBe(out['ami-name']);
    expect(Object.fromEntries(image.tags)).toMatchObject({
      team: 'payments',
      'slipway:source-digest': out['source-digest'],
      'slipway:family': 'web-{sha}-{date}',
      'slipway:base-ami': baseAmi,
    });
    expect(out['snapshot-ids']).toBe(image.snapshotIds.join(','));
    // The builder: launched once, from the base AMI, told to stop (not terminate) on power-off, then terminated.
    const runCall = account.calls.find((c) => c.action === 'RunInstances')!;
    const req = runCall.input as {
      ImageId: string;
      ClientToken: string;
      InstanceInitiatedShutdownBehavior: string;
      UserData: string;
    };
    expect(req.ImageId).toBe(baseAmi);
    expect(req.InstanceInitiatedShutdownBehavior).toBe('stop');
    expect(req.ClientToken).toMatch(/^slipway-[0-9a-f]{24}$/);
    expect(Buffer.from(req.UserData, 'base64').length).toBeLessThanOrEqual(16 * 1024);
    const builders = [...ec2.region(REGION).instances.values()];
    expect(builders).toHaveLength(1);
    expect(['shutting-down', 'terminated']).toContain(builders[0]!.state);
    // Order: wait for stop, read the console, then image, wait, terminate.
    const order = actions(account.mutatingCalls());
    expect(order).toEqual(['ec2:RunInstances', 'ec2:CreateImage', 'ec2:TerminateInstances']);
    expect(account.clock.now() - t0).toBeGreaterThanOrEqual(6 * 60_000 + EC2_TIMING.createImageMs);
    expect(deps.io.summary).toContain(out['ami-id']!);
    expectClean(account);
    // A post step after success finds nothing to do.
    const calls = account.calls.length;
    const postDeps = account.deps({}, { io: deps.io.forPost() });
    await post(postDeps);
    expect(account.calls.length).toBe(calls);
  });

  it('a provision script that fails: an error with the console lines, no AMI, the builder terminated', async () => {
    const { account, ec2 } = amiFixture(() => ({
      exitCode: 3,
      output: ['Installing nginx', 'Error: Unable to find a match: nginx'],
      durationMs: 2 * 60_000,
    }));
    const dir = workspace();
    const deps = account.deps(bakeInputs(dir), { env: bakeEnv(dir) });
    const err = await run(deps).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(
      /the provision script failed with exit code 3 on builder i-[0-9a-f]+; no AMI was made\. Last console lines: .*Unable to find a match: nginx/,
    );
    expect(actions(account.mutatingCalls())).toEqual(['ec2:RunInstances', 'ec2:TerminateInstances']);
    expect([...ec2.region(REGION).images.values()].filter((i) => i.created)).toEqual([]);
    expect(deps.io.outputs['ami-id']).toBeUndefined();
    expectClean(account);
  });

  it('a builder with its own encrypted 20 GiB volume: the volume goes with the builder, after success and after failure', async () => {
    for (const exitCode of [0, 3]) {
      const { account, ec2 } = amiFixture(() => ({ exitCode, output: ['done'], durationMs: 60_000 }));
      const dir = workspace();
      const deps = account.deps(bakeInputs(dir, { 'volume-size': '20', encrypted: 'true' }), {
        env: bakeEnv(dir),
      });
      const failed = await run(deps).then(
        () => false,
        () => true,
      );
      expect([exitCode, failed]).toEqual([exitCode, exitCode !== 0]);
      const [builder] = [...ec2.region(REGION).instances.values()];
      expect(builder!.root).toMatchObject({ sizeGiB: 20, encrypted: true, deleteOnTermination: true });
      expectClean(account);
    }
  });

  it('the simulated account counts a builder volume kept after termination as left behind', async () => {
    const { account, ec2, baseAmi } = amiFixture();
    account.expectViolations();
    const [instance] = ec2.RunInstances(
      {
        ImageId: baseAmi,
        MinCount: 1,
        MaxCount: 1,
        BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 20 } }],
      },
      REGION,
    ).Instances!;
    ec2.TerminateInstances({ InstanceIds: [instance!.InstanceId!] }, REGION);
    await account.clock.sleep(EC2_TIMING.shuttingDownMs);
    expect(account.orphans()).toEqual([
      expect.stringMatching(
        new RegExp(`^ec2 volume vol-\\w+ kept by terminated ${instance!.InstanceId} in ${REGION}$`),
      ),
    ]);
  });

  it('a cancel while the AMI is pending: the post step terminates the builder and deregisters the AMI and its snapshots', async () => {
    const { account, ec2 } = amiFixture();
    const dir = workspace();
    const created = () => [...ec2.region(REGION).images.values()].filter((i) => i.created);
    // A minute into CreateImage's four.
    const deps = cancelWhen(account, account.deps(bakeInputs(dir), { env: bakeEnv(dir) }), () =>
      created().some((i) => account.clock.now() - i.createdAt >= 60_000),
    );
    await expect(run(deps)).rejects.toThrow(/cancelled/);
    const pending = [...ec2.region(REGION).images.values()].filter((i) => i.created);
    expect(pending.map((i) => i.state)).toEqual(['pending']);
    expect(account.orphans().length).toBeGreaterThan(0);
    const postDeps = account.deps({}, { io: deps.io.forPost() });
    await post(postDeps);
    expect(pending[0]!.state).toBe('deregistered');
    expect(ec2.region(REGION).snapshots.has(pending[0]!.snapshotIds[0]!)).toBe(false);
    const builder = [...ec2.region(REGION).instances.values()][0]!;
    expect(['shutting-down', 'terminated']).toContain(builder.state);
    expect(postDeps.io.logs.join('\n')).toMatch(/terminated builder i-.*deregistered ami-/s);
    expectClean(account);
  });

  it('a cancel while provisioning: the post step terminates the builder, and no AMI exists', async () => {
    const { account, ec2 } = amiFixture();
    const dir = workspace();
    const builder = () => [...ec2.region(REGION).instances.values()][0];
    const deps = cancelWhen(account, account.deps(bakeInputs(dir), { env: bakeEnv(dir) }), () => {
      const b = builder();
      return b?.state === 'running' && account.clock.now() - b.runningAt! >= 2 * 60_000;
    });
    await expect(run(deps)).rejects.toThrow(/cancelled/);
    expect(account.orphans()).toEqual([expect.stringMatching(/^ec2 instance i-\S+ \(running\)/)]);
    await post(account.deps({}, { io: deps.io.forPost() }));
    expect(account.mutatingCalls().map((c) => c.action)).toEqual(['RunInstances', 'TerminateInstances']);
    expect([...ec2.region(REGION).images.values()].filter((i) => i.created)).toEqual([]);
    expect(account.orphans()).toEqual([]);
    expectClean(account);
  });

  it('reuses an available AMI with the same source digest, in seconds and without a builder', async () => {
    const { account } = amiFixture();
    const dir = workspace();
    const first = account.deps(bakeInputs(dir), { env: bakeEnv(dir) });
    await run(first);
    account.calls.length = 0;
    account.clock.advance(3_600_000);
    const second = account.deps(bakeInputs(dir), { env: { ...bakeEnv(dir), GITHUB_RUN_ID: '9002' } });
    const t0 = account.clock.now();
    await run(second);
    expect(second.io.outputs['reused']).toBe('true');
    expect(second.io.outputs['ami-id']).toBe(first.io.outputs['ami-id']);
    expect(second.io.outputs['source-digest']).toBe(first.io.outputs['source-digest']);
    expect(account.mutatingCalls()).toEqual([]);
    expect(account.clock.now() - t0).toBeLessThan(10_000);
    // A changed file is a different digest, and bakes again.
    const changed = workspace({ 'extra.txt': 'new' });
    const third = account.deps(bakeInputs(changed), { env: bakeEnv(changed) });
    await run(third);
    expect(third.io.outputs['reused']).toBe('false');
    expect(third.io.outputs['source-digest']).not.toBe(first.io.outputs['source-digest']);
    expect(account.orphans()).toEqual([]);
    expectClean(account);
  });

  it('files too big for user-data travel through S3 on a presigned URL, deleted afterwards', async () => {
    const { account, s3, ec2 } = amiFixture((script, files) => ({
      exitCode: files.get('blob.bin')?.length === 64 * 1024 && script.includes('nginx') ? 0 : 9,
      output: [`got ${files.size} files`],
      durationMs: 60_000,
    }));
    s3.createBucket('build-artifacts');
    // Random bytes do not compress: 64 KiB cannot fit in 16 KiB of user-data.
    const blob = incompressible(64 * 1024);
    const dir = workspace({ 'blob.bin': blob });
    const deps = account.deps(bakeInputs(dir, { 's3-bucket': 'build-artifacts' }), { env: bakeEnv(dir) });
    await run(deps);
    expect(deps.io.failed).toBeUndefined();
    const userData = Buffer.from(
      (account.calls.find((c) => c.action === 'RunInstances')!.input as { UserData: string }).UserData,
      'base64',
    ).toString();
    expect(userData).toMatch(
      /curl -fsSL .*'https:\/\/build-artifacts\.s3\.us-east-1\.amazonaws\.com\/slipway\/build-ami\/[0-9a-f]{64}\.tgz\?.*X-Amz-Signature=/,
    );
    expect(actions(account.mutatingCalls())).toContain('s3:PutObject');
    expect(actions(account.mutatingCalls()).at(-1)).toBe('s3:DeleteObject');
    expect(ec2.image(REGION, deps.io.outputs['ami-id']!)?.state).toBe('available');
    expect(account.orphans()).toEqual([]);
    expectClean(account);
  });

  it('leaves .git and .env files out of the payload, with one warning naming the .env files', async () => {
    let shipped: string[] = [];
    const { account } = amiFixture((_script, files) => {
      shipped = [...files.keys()].sort();
      return { exitCode: 0, output: [], durationMs: 60_000 };
    });
    const dir = workspace({ '.env': 'DB_PASSWORD=hunter2\n' });
    mkdirSync(join(dir, 'files', '.git'));
    writeFileSync(join(dir, 'files', '.git', 'config'), '\textraheader = AUTHORIZATION: basic c2VjcmV0\n');
    const deps = account.deps(bakeInputs(dir), { env: bakeEnv(dir) });
    await run(deps);
    expect(deps.io.failed).toBeUndefined();
    expect(shipped).toEqual(['app.conf']);
    const warnings = deps.io.logs.filter((l) => l.startsWith('::warning::'));
    expect(warnings).toEqual([
      expect.stringMatching(/left out 1 \.env file\(s\).*: \.env; an AMI is readable/),
    ]);
  });

  it('a link in files that points outside it fails before any AWS call, naming the link and its target', async () => {
    const { account } = amiFixture();
    const dir = workspace();
    symlinkSync('/etc/shadow', join(dir, 'files', 'shadow'));
    const deps = account.deps(bakeInputs(dir), { env: bakeEnv(dir) });
    await expect(run(deps)).rejects.toThrow(
      /shadow -> \/etc\/shadow resolves to \/etc\/shadow, outside the source/,
    );
    expect(account.calls).toEqual([]);
  });

  it('resolves base-ami from a name pattern with owners, newest first', async () => {
    const { account, ec2 } = amiFixture();
    const older = ec2.addImage(REGION, {
      name: 'ubuntu-24.04-20260101',
      ownerId: '099720109477',
      createdAt: account.clock.now() - 90 * 86_400_000,
    });
    const newer = ec2.addImage(REGION, {
      name: 'ubuntu-24.04-20261101',
      ownerId: '099720109477',
      createdAt: account.clock.now() - 9 * 86_400_000,
    });
    ec2.addImage(REGION, { name: 'ubuntu-24.04-20261120', ownerId: '111111111111' });
    const dir = workspace();
    const deps = account.deps(bakeInputs(dir, { 'base-ami': 'ubuntu-24.04-*', owners: '099720109477' }), {
      env: bakeEnv(dir),
    });
    await run(deps);
    const req = account.calls.find((c) => c.action === 'RunInstances')!.input as { ImageId: string };
    expect(req.ImageId).toBe(newer.id);
    expect(req.ImageId).not.toBe(older.id);
    expectClean(account);
  });
});
