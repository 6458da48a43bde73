import type {
  AutoScalingGroup,
  DesiredConfiguration,
  LaunchTemplateSpecification,
} from '@aws-sdk/client-auto-scaling';
import { ActionError } from '../../core/errors.js';

/** A launch template pinned to a version number. */
export interface PinnedTemplate {
  LaunchTemplateId: string;
  Version: string;
}

/** The group's launch template as its LaunchTemplate (or mixed instances policy) names it. */
export function groupTemplate(g: AutoScalingGroup): { template: string; version: string } {
  const spec = g.LaunchTemplate ?? g.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification;
  const template = spec?.LaunchTemplateId ?? spec?.LaunchTemplateName;
  if (!template)
    throw new ActionError(
      `group ${g.AutoScalingGroupName} uses a launch configuration; deploy-ec2 needs a launch template`,
    );
  return { template, version: spec?.Version ?? '$Default' };
}

/**
 * The group's configuration with its launch template replaced by `lt`, for a refresh, an update or a clone.
 * A mixed instances policy keeps its overrides, instance types, Spot settings and allocation strategies: a
 * launch template given alone would replace the whole policy.
 */
export function configWith(g: AutoScalingGroup, lt: PinnedTemplate): DesiredConfiguration {
  const mixed = g.MixedInstancesPolicy;
  if (!mixed) return { LaunchTemplate: lt };
  return {
    MixedInstancesPolicy: {
      ...mixed,
      LaunchTemplate: { ...mixed.LaunchTemplate, LaunchTemplateSpecification: lt },
    },
  };
}

/** The launch template a refresh's desired configuration names. */
export const desiredTemplate = (
  dc: DesiredConfiguration | undefined,
): LaunchTemplateSpecification | undefined =>
  dc?.LaunchTemplate ?? dc?.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification;

/**
 * Refuses a mixed instances policy whose overrides name launch templates of their own: the new AMI goes into
 * the policy's launch template only, so instances of those types would keep the old one.
 */
export function checkOverrides(g: AutoScalingGroup): void {
  const own = (g.MixedInstancesPolicy?.LaunchTemplate?.Overrides ?? []).filter(
    (o) => o.LaunchTemplateSpecification,
  );
  if (own.length === 0) return;
  const list = own
    .map((o) => {
      const lt = o.LaunchTemplateSpecification!;
      return `${o.InstanceType ?? 'an instance-requirements override'} uses ${lt.LaunchTemplateName ?? lt.LaunchTemplateId}`;
    })
    .join('; ');
  throw new ActionError(
    `group ${g.AutoScalingGroupName}'s mixed instances policy has overrides with their own launch template (${list}); deploy-ec2 puts the new AMI in the policy's launch template only, so those instances would keep the old AMI: remove LaunchTemplateSpecification from those overrides`,
  );
}
