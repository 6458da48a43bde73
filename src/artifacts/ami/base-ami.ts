import type { EC2Client, Image } from '@aws-sdk/client-ec2';
import { DescribeImagesCommand } from '@aws-sdk/client-ec2';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { ActionError, isAwsError } from '../../core/errors.js';
import type { BaseAmiSpec } from './base-ami-spec.js';

/** The base image, resolved to one AMI. */
export interface BaseImage {
  imageId: string;
  name: string;
  rootDeviceName: string;
  rootSizeGiB: number | undefined;
  /** How the spec resolved, for the log (e.g. "ssm:/aws/... → ami-…"). */
  via: string;
}

function toBase(image: Image, via: string): BaseImage {
  const root = image.BlockDeviceMappings?.find((m) => m.DeviceName === image.RootDeviceName);
  return {
    imageId: image.ImageId!,
    name: image.Name ?? '',
    rootDeviceName: image.RootDeviceName ?? '/dev/xvda',
    rootSizeGiB: root?.Ebs?.VolumeSize,
    via,
  };
}

async function byId(ec2: EC2Client, id: string, via: string): Promise<BaseImage> {
  const out = await ec2.send(new DescribeImagesCommand({ ImageIds: [id] })).catch((err: unknown) => {
    if (isAwsError(err, 'InvalidAMIID.NotFound', 'InvalidAMIID.Malformed'))
      throw new ActionError(
        `base AMI ${id} (${via}) does not exist in this region or is not shared with this account`,
      );
    throw err;
  });
  const image = out.Images?.[0];
  if (!image) throw new ActionError(`base AMI ${id} (${via}) is deregistered`);
  if (image.State !== 'available')
    throw new ActionError(`base AMI ${id} (${via}) is ${image.State}, not available`);
  return toBase(image, via);
}

/** Resolves base-ami: an id as given, an SSM parameter's value, or the newest available AMI matching a name. */
export async function resolveBaseAmi(ec2: EC2Client, ssm: SSMClient, spec: BaseAmiSpec): Promise<BaseImage> {
  if (spec.kind === 'id') return byId(ec2, spec.id, spec.id);
  if (spec.kind === 'ssm') {
    const out = await ssm.send(new GetParameterCommand({ Name: spec.name })).catch((err: unknown) => {
      if (isAwsError(err, 'ParameterNotFound'))
        throw new ActionError(`SSM parameter ${spec.name} (base-ami) does not exist in this region`);
      throw err;
    });
    const id = out.Parameter?.Value ?? '';
    if (!/^ami-[0-9a-f]{8,17}$/.test(id))
      throw new ActionError(`SSM parameter ${spec.name} holds ${JSON.stringify(id)}, not an AMI id`);
    return byId(ec2, id, `ssm:${spec.name}`);
  }
  const images: Image[] = [];
  let NextToken: string | undefined;
  do {
    const out = await ec2.send(
      new DescribeImagesCommand({
        Owners: [...spec.owners],
        Filters: [
          { Name: 'name', Values: [spec.pattern] },
          { Name: 'state', Values: ['available'] },
        ],
        ...(NextToken ? { NextToken } : {}),
      }),
    );
    images.push(...(out.Images ?? []));
    NextToken = out.NextToken;
  } while (NextToken);
  const newest = images.sort((a, b) => (b.CreationDate ?? '').localeCompare(a.CreationDate ?? ''))[0];
  if (!newest)
    throw new ActionError(
      `no available AMI named like ${JSON.stringify(spec.pattern)} owned by ${spec.owners.join(', ')}`,
    );
  return toBase(newest, `newest of "${spec.pattern}": ${newest.Name}`);
}
