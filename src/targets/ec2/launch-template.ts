import type { EC2Client } from '@aws-sdk/client-ec2';
import {
  CreateLaunchTemplateVersionCommand,
  DescribeLaunchTemplateVersionsCommand,
} from '@aws-sdk/client-ec2';
import { ActionError, isAwsError } from '../../core/errors.js';

/** A launch template version, resolved to its number and the AMI it launches. */
export interface TemplateVersion {
  templateId: string;
  templateName: string;
  version: number;
  imageId: string | undefined;
}

/** Resolves `version` ($Latest, $Default or a number) of a template given by id (lt-…) or name. */
export async function resolveVersion(
  ec2: EC2Client,
  template: string,
  version: string,
): Promise<TemplateVersion> {
  const byId = template.startsWith('lt-');
  const out = await ec2
    .send(
      new DescribeLaunchTemplateVersionsCommand({
        ...(byId ? { LaunchTemplateId: template } : { LaunchTemplateName: template }),
        Versions: [version],
      }),
    )
    .catch((err: unknown) => {
      if (isAwsError(err, 'InvalidLaunchTemplateId.NotFound', 'InvalidLaunchTemplateName.NotFoundException'))
        throw new ActionError(`launch template ${template} does not exist in this region`);
      if (isAwsError(err, 'InvalidLaunchTemplateId.VersionNotFound'))
        throw new ActionError(`launch template ${template} has no version ${version}`);
      throw err;
    });
  const v = out.LaunchTemplateVersions?.[0];
  if (!v?.VersionNumber)
    throw new ActionError(`launch template ${template} version ${version} was not found`);
  return {
    templateId: v.LaunchTemplateId!,
    templateName: v.LaunchTemplateName ?? template,
    version: v.VersionNumber,
    imageId: v.LaunchTemplateData?.ImageId,
  };
}

/**
 * A new version with only the AMI changed: everything else is inherited from `source`
 * (CreateLaunchTemplateVersion's SourceVersion), so the rollout changes the image and nothing else.
 */
export async function createVersionWithImage(
  ec2: EC2Client,
  source: TemplateVersion,
  imageId: string,
  description: string,
): Promise<TemplateVersion> {
  const out = await ec2.send(
    new CreateLaunchTemplateVersionCommand({
      LaunchTemplateId: source.templateId,
      SourceVersion: String(source.version),
      VersionDescription: description.slice(0, 255),
      LaunchTemplateData: { ImageId: imageId },
    }),
  );
  const n = out.LaunchTemplateVersion?.VersionNumber;
  if (!n) throw new ActionError(`CreateLaunchTemplateVersion on ${source.templateName} returned no version`);
  return { ...source, version: n, imageId };
}
