import {
  DescribeImagesCommand,
  EC2Client,
  GetConsoleOutputCommand,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { AwsError } from '../../src/core/errors.js';
import { EC2_TIMING } from '../sim/services/ec2.js';
import { REGION, vmsAccount } from '../sim/vms.js';

const ec2Client = (account: ReturnType<typeof vmsAccount>['account'], region = REGION) =>
  account.aws({ maxAttempts: 2, action: 'test' }).get(EC2Client, region);

describe('EC2 simulator', () => {
  it('answers unknown AMIs with InvalidAMIID.NotFound through the real client', async () => {
    const { account } = vmsAccount({ instances: 0 });
    const err = await ec2Client(account)
      .send(new DescribeImagesCommand({ ImageIds: ['ami-0fffffffffffffff0'] }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsError);
    expect((err as AwsError).code).toBe('InvalidAMIID.NotFound');
  });

  it('RunInstances is idempotent by ClientToken, limits user data to 16 KB, and stops on an instance-initiated shutdown', async () => {
    const { account, ec2, baseAmi } = vmsAccount({ instances: 0 });
    // A simulator test: its instance stays stopped.
    account.expectViolations();
    ec2.provision(() => ({ durationMs: 60_000, console: ['done'], powerOff: true }));
    const client = ec2Client(account);
    const input = {
      ImageId: baseAmi,
      MinCount: 1,
      MaxCount: 1,
      ClientToken: 'tok',
      UserData: Buffer.from('#!/bin/bash').toString('base64'),
      InstanceInitiatedShutdownBehavior: 'stop' as const,
    };
    const a = await client.send(new RunInstancesCommand(input));
    const b = await client.send(new RunInstancesCommand(input));
    expect(b.Instances![0]!.InstanceId).toBe(a.Instances![0]!.InstanceId);
    expect(ec2.region(REGION).instances.size).toBe(1);
    const tooBig = await client
      .send(
        new RunInstancesCommand({
          ...input,
          ClientToken: 'other',
          UserData: Buffer.alloc(16 * 1024 + 1).toString('base64'),
        }),
      )
      .catch((e: unknown) => e);
    expect((tooBig as AwsError).code).toBe('InvalidParameterValue');
    const id = a.Instances![0]!.InstanceId!;
    account.clock.advance(EC2_TIMING.pendingMs + EC2_TIMING.bootMs + 60_000 + EC2_TIMING.stoppingMs);
    const i = ec2.instance(REGION, id)!;
    expect(i.state).toBe('stopped');
    expect(i.stateReason).toMatch(/InstanceInitiatedShutdown/);
    const out = await client.send(new GetConsoleOutputCommand({ InstanceId: id }));
    expect(Buffer.from(out.Output!, 'base64').toString()).toMatch(/Linux version[\s\S]*done\n$/);
  });

  it('CopyImage runs in the destination, is idempotent by ClientToken, and encrypts with the destination default key', async () => {
    const { account, ec2 } = vmsAccount({ instances: 0 });
    // A simulator test: its copy is still pending at the end.
    account.expectViolations();
    const src = ec2.addImage(REGION, { name: 'web-1', encrypted: true });
    const input = { SourceRegion: REGION, SourceImageId: src.id, Name: 'web-1', ClientToken: 'c1' };
    const first = ec2.CopyImage(input, 'eu-west-1').ImageId!;
    expect(ec2.CopyImage(input, 'eu-west-1').ImageId).toBe(first);
    const copy = ec2.image('eu-west-1', first)!;
    expect(copy.state).toBe('pending');
    const snap = ec2.region('eu-west-1').snapshots.get(copy.snapshotIds[0]!)!;
    expect(snap.kmsKeyId).toBe(ec2.defaultEbsKey('eu-west-1'));
    // A snapshot under the default key cannot be shared; the image itself can.
    expect(() =>
      ec2.ModifySnapshotAttribute(
        { SnapshotId: snap.id, CreateVolumePermission: { Add: [{ UserId: '111111111111' }] } },
        'eu-west-1',
      ),
    ).toThrow(/AWS Managed CMK can't be shared/);
    expect(() => ec2.CopyImage({ ...input, ClientToken: 'c2', Name: 'web-1' }, 'eu-west-1')).toThrow(
      /already in use/,
    );
  });

  it('DeregisterImage keeps snapshots unless DeleteAssociatedSnapshots; a snapshot in use cannot be deleted', () => {
    const { ec2 } = vmsAccount({ instances: 0 });
    const a = ec2.addImage(REGION, { name: 'a' });
    const b = ec2.addImage(REGION, { name: 'b' });
    expect(() => ec2.DeleteSnapshot({ SnapshotId: a.snapshotIds[0]! }, REGION)).toThrow(/currently in use/);
    ec2.DeregisterImage({ ImageId: a.id }, REGION);
    expect(ec2.region(REGION).snapshots.has(a.snapshotIds[0]!)).toBe(true);
    const out = ec2.DeregisterImage({ ImageId: b.id, DeleteAssociatedSnapshots: true }, REGION);
    expect(out.DeleteSnapshotResults).toEqual([{ SnapshotId: b.snapshotIds[0], ReturnCode: 'success' }]);
    expect(ec2.region(REGION).snapshots.has(b.snapshotIds[0]!)).toBe(false);
    expect(
      ec2.DescribeImages({ Owners: ['self'], Filters: [{ Name: 'name', Values: ['a', 'b'] }] }, REGION)
        .Images,
    ).toEqual([]);
  });

  it('DeregisterImage skips a snapshot another AMI uses, reports missing-permissions, and records ec2:DeleteSnapshot', () => {
    const { account, ec2 } = vmsAccount({ instances: 0 });
    const a = ec2.addImage(REGION, { name: 'a', tags: { team: 'x' } });
    const b = ec2.addImage(REGION, { name: 'b', snapshotOf: a });
    const c = ec2.addImage(REGION, { name: 'c' });
    const [shared, denied] = [a.snapshotIds[0]!, c.snapshotIds[0]!];
    ec2.denySnapshotDeletion(denied);
    const calls = account.calls.length;
    expect(ec2.DeregisterImage({ ImageId: a.id, DeleteAssociatedSnapshots: true }, REGION)).toEqual({
      Return: true,
      DeleteSnapshotResults: [{ SnapshotId: shared, ReturnCode: 'skipped' }],
    });
    expect(ec2.region(REGION).snapshots.has(shared)).toBe(true);
    expect(ec2.DeregisterImage({ ImageId: c.id, DeleteAssociatedSnapshots: true }, REGION)).toEqual({
      Return: true,
      DeleteSnapshotResults: [{ SnapshotId: denied, ReturnCode: 'missing-permissions' }],
    });
    expect(ec2.region(REGION).snapshots.has(denied)).toBe(true);
    // Once no other AMI uses it, the shared snapshot goes with the last one.
    expect(
      ec2.DeregisterImage({ ImageId: b.id, DeleteAssociatedSnapshots: true }, REGION).DeleteSnapshotResults,
    ).toEqual([{ SnapshotId: shared, ReturnCode: 'success' }]);
    expect(ec2.region(REGION).snapshots.has(shared)).toBe(false);
    // IAM checks ec2:DeleteSnapshot on every snapshot it tries to delete, with the snapshot's tags.
    expect(account.calls.slice(calls).map((x) => [x.action, x.resources])).toEqual([
      ['DeleteSnapshot', [{ arn: `arn:aws:ec2:${REGION}::snapshot/${denied}`, context: {} }]],
      [
        'DeleteSnapshot',
        [{ arn: `arn:aws:ec2:${REGION}::snapshot/${shared}`, context: { 'aws:ResourceTag/team': 'x' } }],
      ],
    ]);
  });

  it('CopyImage with a token whose copy was deregistered returns that dead id again', () => {
    const { ec2 } = vmsAccount({ instances: 0 });
    const src = ec2.addImage(REGION, { name: 'web-1' });
    const input = { SourceRegion: REGION, SourceImageId: src.id, Name: 'web-1', ClientToken: 'c1' };
    const first = ec2.CopyImage(input, 'eu-west-1').ImageId!;
    ec2.DeregisterImage({ ImageId: first, DeleteAssociatedSnapshots: true }, 'eu-west-1');
    expect(ec2.CopyImage(input, 'eu-west-1').ImageId).toBe(first);
    expect(ec2.DescribeImages({ ImageIds: [first] }, 'eu-west-1').Images).toEqual([]);
    // A new token makes a new copy.
    const second = ec2.CopyImage({ ...input, ClientToken: 'c2' }, 'eu-west-1').ImageId!;
    expect(second).not.toBe(first);
    ec2.DeregisterImage({ ImageId: second, DeleteAssociatedSnapshots: true }, 'eu-west-1');
  });

  it('launch template versions inherit from SourceVersion and resolve $Latest and $Default', () => {
    const { ec2, templateId } = vmsAccount({ instances: 0 });
    const v2 = ec2.CreateLaunchTemplateVersion(
      {
        LaunchTemplateId: templateId,
        SourceVersion: '1',
        LaunchTemplateData: { ImageId: 'ami-0aaaaaaaaaaaaaaa1' },
      },
      REGION,
    ).LaunchTemplateVersion!;
    expect(v2.VersionNumber).toBe(2);
    expect(v2.LaunchTemplateData).toMatchObject({
      ImageId: 'ami-0aaaaaaaaaaaaaaa1',
      InstanceType: 't3.small',
      SecurityGroupIds: ['sg-0123456789abcdef0'],
    });
    const pick = (v: string) =>
      ec2.DescribeLaunchTemplateVersions({ LaunchTemplateId: templateId, Versions: [v] }, REGION)
        .LaunchTemplateVersions![0]!.VersionNumber;
    expect([pick('$Latest'), pick('$Default'), pick('2')]).toEqual([2, 1, 2]);
    expect(() => pick('9')).toThrow(/version 9/);
  });
});
