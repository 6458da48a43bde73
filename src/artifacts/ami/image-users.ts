import type { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import type { EC2Client } from '@aws-sdk/client-ec2';
import {
  DescribeInstancesCommand,
  DescribeLaunchTemplatesCommand,
  DescribeLaunchTemplateVersionsCommand,
} from '@aws-sdk/client-ec2';

// What in this account still uses an AMI: retention never deregisters one of these.

/** Every AMI id that a launch template version names in this region. */
export async function imagesInLaunchTemplates(ec2: EC2Client): Promise<Map<string, string>> {
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
export async function imagesRunning(
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
