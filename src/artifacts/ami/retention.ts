import type { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import type { EC2Client, Image } from '@aws-sdk/client-ec2';
import {
  DeregisterImageCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplatesCommand,
  DescribeLaunchTemplateVersionsCommand,
} from '@aws-sdk/client-ec2';
import { ownImages } from './images.js';
import { FAMILY_TAG } from './source-digest.js';

/** Every AMI id that a launch template version names in this region. */
async function imagesInLaunchTemplates(ec2: EC2Client): Promise<Map<string, string>> {
  const users = new Map<string, string>();
  let NextToken: string | undefined;
  do {
    const page = await ec2.send(
      new DescribeLaunchTemplatesCommand({ MaxResults: 200, ...(NextToken ? { NextToken } : {}) }),
    );
    for (const lt of page.LaunchTemplates ?? []) {
      let VersionToken: string | undefined;
      do {
        const versions = await ec2.send(
          new DescribeLaunchTemplateVersionsCommand({
            LaunchTemplateId: lt.LaunchTemplateId,
            MaxResults: 200,
            ...(VersionToken ? { NextToken: VersionToken } : {}),
          }),
        );
        for (const v of versions.LaunchTemplateVersions ?? [])
          if (v.LaunchTemplateData?.ImageId)
            users.set(
              v.LaunchTemplateData.ImageId,
              `launch template ${lt.LaunchTemplateName} version ${v.VersionNumber}`,
            );
        VersionToken = versions.NextToken;
      } while (VersionToken);
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return users;
}

/** AMIs that instances (in Auto Scaling groups or not) run on now, among `candidates`. */
async function imagesRunning(
  ec2: EC2Client,
  asg: AutoScalingClient,
  candidates: string[],
): Promise<Map<string, string>> {
  const users = new Map<string, string>();
  const groupOf = new Map<string, string>();
  let GroupToken: string | undefined;
  do {
    const page = await asg.send(
      new DescribeAutoScalingGroupsCommand({
        MaxRecords: 100,
        ...(GroupToken ? { NextToken: GroupToken } : {}),
      }),
    );
    for (const g of page.AutoScalingGroups ?? [])
      for (const i of g.Instances ?? [])
        if (i.InstanceId) groupOf.set(i.InstanceId, g.AutoScalingGroupName ?? '');
    GroupToken = page.NextToken;
  } while (GroupToken);
  for (let i = 0; i < candidates.length; i += 200) {
    let NextToken: string | undefined;
    do {
      const page = await ec2.send(
        new DescribeInstancesCommand({
          Filters: [
            { Name: 'image-id', Values: candidates.slice(i, i + 200) },
            { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] },
          ],
          ...(NextToken ? { NextToken } : {}),
        }),
      );
      for (const r of page.Reservations ?? [])
        for (const inst of r.Instances ?? []) {
          const group = groupOf.get(inst.InstanceId ?? '');
          users.set(
            inst.ImageId ?? '',
            group ? `Auto Scaling group ${group} (${inst.InstanceId})` : `instance ${inst.InstanceId}`,
          );
        }
      NextToken = page.NextToken;
    } while (NextToken);
  }
  return users;
}

export interface RetentionResult {
  deregistered: string[];
  keptInUse: Array<{ imageId: string; usedBy: string }>;
}

/**
 * Keeps the `keep` newest available AMIs of a family (always including `current`), and deregisters the rest
 * with their snapshots, except any that a launch template version or a running instance still uses.
 */
export async function pruneFamily(
  ec2: EC2Client,
  asg: AutoScalingClient,
  family: string,
  keep: number,
  current: string,
): Promise<RetentionResult> {
  const images = await ownImages(ec2, [
    { Name: `tag:${FAMILY_TAG}`, Values: [family] },
    { Name: 'state', Values: ['available'] },
  ]);
  const newestFirst = images
    .filter((i): i is Image & { ImageId: string } => !!i.ImageId)
    .sort((a, b) => (b.CreationDate ?? '').localeCompare(a.CreationDate ?? ''));
  const kept = new Set([
    current,
    ...newestFirst
      .filter((i) => i.ImageId !== current)
      .slice(0, Math.max(0, keep - 1))
      .map((i) => i.ImageId),
  ]);
  const candidates = newestFirst.filter((i) => !kept.has(i.ImageId)).map((i) => i.ImageId);
  const result: RetentionResult = { deregistered: [], keptInUse: [] };
  if (!candidates.length) return result;
  const users = new Map([
    ...(await imagesInLaunchTemplates(ec2)),
    ...(await imagesRunning(ec2, asg, candidates)),
  ]);
  for (const imageId of candidates) {
    const usedBy = users.get(imageId);
    if (usedBy) {
      result.keptInUse.push({ imageId, usedBy });
      continue;
    }
    await ec2.send(new DeregisterImageCommand({ ImageId: imageId, DeleteAssociatedSnapshots: true }));
    result.deregistered.push(imageId);
  }
  return result;
}
