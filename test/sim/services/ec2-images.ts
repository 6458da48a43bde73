import type * as sdk from '@aws-sdk/client-ec2';
import { EC2_TIMING } from './ec2-base.js';
import type { SimImage } from './ec2-model.js';
import { matchesFilters, page, specTags, tagList } from './ec2-model.js';
import { Ec2Snapshots } from './ec2-snapshots.js';

const AMI_NAME = /^[a-zA-Z0-9()[\]./\-'@_ ]{3,128}$/;

/** AMIs: pending → available, copies across regions, launch permissions, deprecation, deregistration. */
export abstract class Ec2Images extends Ec2Snapshots {
  /**
   * An available AMI that exists before the scenario (a base image, or one a previous run made, whose
   * snapshot carries the image's tags as build-ami tags it). `snapshotOf` registers it on another AMI's
   * snapshots instead of a new one, as RegisterImage from a snapshot can.
   */
  addImage(
    region: string,
    o: {
      name: string;
      ownerId?: string;
      ownerAlias?: string;
      tags?: Record<string, string>;
      sizeGiB?: number;
      encrypted?: boolean;
      kmsKeyId?: string;
      createdAt?: number;
      architecture?: string;
      snapshotOf?: SimImage;
    },
  ): SimImage {
    const encrypted = o.encrypted ?? false;
    let snapshotIds = o.snapshotOf?.snapshotIds;
    if (!snapshotIds) {
      const snap = this.newSnapshot(region, {
        sizeGiB: o.sizeGiB ?? 8,
        encrypted,
        kmsKeyId: encrypted ? (o.kmsKeyId ?? this.defaultEbsKey(region)) : undefined,
        completedAt: this.now,
        created: false,
      });
      snap.state = 'completed';
      for (const [k, v] of Object.entries(o.tags ?? {})) snap.tags.set(k, v);
      snapshotIds = [snap.id];
    }
    const image = this.newImage(region, {
      name: o.name,
      ownerId: o.ownerId ?? this.account.accountId,
      ownerAlias: o.ownerAlias,
      snapshotIds: [...snapshotIds],
      availableAt: this.now,
      created: false,
      architecture: o.architecture ?? 'x86_64',
    });
    image.state = 'available';
    if (o.createdAt !== undefined) image.createdAt = o.createdAt;
    for (const [k, v] of Object.entries(o.tags ?? {})) image.tags.set(k, v);
    return image;
  }

  /** The caller's role may not ec2:DeleteSnapshot these snapshots (a policy without it, or scoped away). */
  denySnapshotDeletion(...snapshotIds: string[]): void {
    for (const id of snapshotIds) this.undeletableSnapshots.add(id);
  }

  image(region: string, id: string): SimImage | undefined {
    return this.region(region).images.get(id);
  }

  protected imageOut(image: SimImage): sdk.Image {
    const snaps = image.snapshotIds.map((id) => this.region(image.region).snapshots.get(id));
    return {
      ImageId: image.id,
      Name: image.name,
      Description: image.description,
      OwnerId: image.ownerId,
      ...(image.ownerAlias ? { ImageOwnerAlias: image.ownerAlias } : {}),
      State: image.state as sdk.ImageState,
      ...(image.stateReason ? { StateReason: { Code: 'Server.Error', Message: image.stateReason } } : {}),
      CreationDate: new Date(image.createdAt).toISOString(),
      Architecture: image.architecture as sdk.ArchitectureValues,
      RootDeviceType: 'ebs',
      RootDeviceName: image.rootDeviceName,
      VirtualizationType: 'hvm',
      Public: false,
      BlockDeviceMappings: snaps.map((s, n) => ({
        DeviceName: n === 0 ? image.rootDeviceName : `/dev/sd${String.fromCharCode(98 + n)}`,
        Ebs: {
          SnapshotId: s?.id,
          VolumeSize: s?.sizeGiB,
          VolumeType: 'gp3',
          DeleteOnTermination: true,
          Encrypted: s?.encrypted ?? false,
          ...(s?.kmsKeyId ? { KmsKeyId: s.kmsKeyId } : {}),
        },
      })),
      Tags: tagList(image.tags),
      ...(image.deprecateAt !== undefined
        ? { DeprecationTime: new Date(image.deprecateAt).toISOString() }
        : {}),
      ...(image.sourceImageId
        ? { SourceImageId: image.sourceImageId, SourceImageRegion: image.sourceRegion }
        : {}),
    };
  }

  DescribeImages(input: sdk.DescribeImagesRequest, region: string): sdk.DescribeImagesResult {
    const r = this.region(region);
    let images: SimImage[];
    if (input.ImageIds?.length) {
      for (const id of input.ImageIds)
        if (!/^ami-[0-9a-f]{8,17}$/.test(id))
          throw this.error('InvalidAMIID.Malformed', `Invalid id: "${id}"`);
      const missing = input.ImageIds.filter((id) => !r.images.has(id));
      if (missing.length)
        throw this.error('InvalidAMIID.NotFound', `The image id '[${missing.join(', ')}]' does not exist`);
      images = input.ImageIds.map((id) => r.images.get(id)!);
    } else images = [...r.images.values()];
    // Deregistered AMIs drop out of the results (AWS shows them briefly, then returns nothing).
    images = images.filter((i) => i.state !== 'deregistered');
    if (input.Owners?.length) {
      const owners = input.Owners.map((o) => (o === 'self' ? this.account.accountId : o));
      images = images.filter(
        (i) => owners.includes(i.ownerId) || (i.ownerAlias && owners.includes(i.ownerAlias)),
      );
    }
    images = images.filter((i) =>
      matchesFilters(input.Filters, i.tags, {
        name: i.name,
        state: i.state,
        'image-id': i.id,
        'owner-id': i.ownerId,
        'owner-alias': i.ownerAlias,
        architecture: i.architecture,
        'is-public': 'false',
      }),
    );
    const p = page(images, input);
    return {
      Images: p.items.map((i) => this.imageOut(i)),
      ...(p.NextToken ? { NextToken: p.NextToken } : {}),
    };
  }

  CreateImage(input: sdk.CreateImageRequest, region: string): sdk.CreateImageResult {
    const i = this.findInstance(region, input.InstanceId!);
    if (i.state !== 'running' && i.state !== 'stopped')
      throw this.error(
        'IncorrectInstanceState',
        `The instance '${i.id}' is not in the 'running' or 'stopped' state.`,
      );
    const name = input.Name ?? '';
    if (!AMI_NAME.test(name))
      throw this.error(
        'InvalidAMIName.Malformed',
        `AMI names must be between 3 and 128 characters long, and may contain letters, numbers, '(', ')', '.', '-', '/' and '_'`,
      );
    this.assertNameFree(region, name);
    const snap = this.newSnapshot(region, {
      sizeGiB: i.root.sizeGiB,
      encrypted: i.root.encrypted,
      kmsKeyId: i.root.kmsKeyId,
      completedAt: this.now + EC2_TIMING.createImageMs,
      created: true,
    });
    for (const [k, v] of specTags(input.TagSpecifications, 'snapshot')) snap.tags.set(k, v);
    const image = this.newImage(region, {
      name,
      description: input.Description,
      ownerId: this.account.accountId,
      snapshotIds: [snap.id],
      availableAt: this.now + EC2_TIMING.createImageMs,
      created: true,
      architecture: this.region(region).images.get(i.imageId)?.architecture ?? 'x86_64',
    });
    for (const [k, v] of specTags(input.TagSpecifications, 'image')) image.tags.set(k, v);
    return { ImageId: image.id };
  }

  protected assertNameFree(region: string, name: string): void {
    const taken = [...this.region(region).images.values()].some(
      (x) => x.name === name && x.ownerId === this.account.accountId && x.state !== 'deregistered',
    );
    if (taken)
      throw this.error(
        'InvalidAMIName.Duplicate',
        `AMI name ${name} is already in use by an AMI in ${region}`,
      );
  }

  /**
   * Called in the destination region. https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CopyImage.html:
   * ClientToken makes it idempotent; an encrypted source or Encrypted=true gives encrypted snapshots, with
   * KmsKeyId or else the destination's default EBS key. A token already used returns the image it made
   * (https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-idempotency.html), even once that image is
   * deregistered: the caller then gets a dead id (test/sim/ASSUMPTIONS.md).
   */
  CopyImage(input: sdk.CopyImageRequest, region: string): sdk.CopyImageResult {
    const r = this.region(region);
    const signature = JSON.stringify([input.SourceRegion, input.SourceImageId, input.Name, input.KmsKeyId]);
    if (input.ClientToken) {
      const known = r.copyTokens.get(input.ClientToken);
      if (known) {
        if (known.signature !== signature)
          throw this.error(
            'IdempotentParameterMismatch',
            'The client token was used with different parameters',
          );
        return { ImageId: known.imageId };
      }
    }
    const source = this.findImage(input.SourceRegion!, input.SourceImageId!);
    if (source.state !== 'available')
      throw this.error(
        'InvalidAMIID.Unavailable',
        `The image '${source.id}' is not available for copy (state ${source.state})`,
      );
    if (input.KmsKeyId && !input.Encrypted)
      throw this.error('InvalidParameterDependency', 'KmsKeyId requires Encrypted to be true');
    if (input.KmsKeyId?.startsWith('arn:') && input.KmsKeyId.split(':')[3] !== region)
      throw this.error(
        'InvalidParameterValue',
        `The KMS key ${input.KmsKeyId} is not in the destination region ${region}`,
      );
    this.assertNameFree(region, input.Name ?? '');
    const doneAt = this.now + EC2_TIMING.copyImageMs;
    const snaps = source.snapshotIds.map((id) => {
      const s = this.findSnapshot(source.region, id);
      const encrypted = s.encrypted || input.Encrypted === true;
      return this.newSnapshot(region, {
        sizeGiB: s.sizeGiB,
        encrypted,
        kmsKeyId: encrypted ? (input.KmsKeyId ?? this.defaultEbsKey(region)) : undefined,
        completedAt: doneAt,
        created: true,
      });
    });
    const image = this.newImage(region, {
      name: input.Name!,
      description: input.Description ?? source.description,
      ownerId: this.account.accountId,
      snapshotIds: snaps.map((s) => s.id),
      availableAt: doneAt,
      created: true,
      architecture: source.architecture,
      sourceImageId: source.id,
      sourceRegion: source.region,
    });
    if (input.CopyImageTags) for (const [k, v] of source.tags) image.tags.set(k, v);
    for (const [k, v] of specTags(input.TagSpecifications, 'image')) image.tags.set(k, v);
    // "You can tag the AMI, the snapshots, or both" (TagSpecifications in the CopyImage reference).
    for (const s of snaps)
      for (const [k, v] of specTags(input.TagSpecifications, 'snapshot')) s.tags.set(k, v);
    if (input.ClientToken) r.copyTokens.set(input.ClientToken, { signature, imageId: image.id });
    return { ImageId: image.id };
  }

  /**
   * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeregisterImage.html: the snapshots stay
   * unless DeleteAssociatedSnapshots is true, and a snapshot another AMI is associated with is never deleted
   * (the AMI is still deregistered). Each snapshot is reported with a code from
   * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteSnapshotReturnCode.html: success,
   * skipped (associated with other AMIs) or missing-permissions (the role lacks ec2:DeleteSnapshot, which
   * IAM checks on each snapshot, so it is recorded as an authorised call for the IAM tests).
   */
  DeregisterImage(input: sdk.DeregisterImageRequest, region: string): sdk.DeregisterImageResult {
    const r = this.region(region);
    const image = this.findImage(region, input.ImageId!);
    image.state = 'deregistered';
    if (!input.DeleteAssociatedSnapshots) return { Return: true };
    const results: sdk.DeleteSnapshotReturnCode[] = image.snapshotIds.map((id) => {
      const shared = [...r.images.values()].some(
        (other) => other.state !== 'deregistered' && other.snapshotIds.includes(id),
      );
      if (shared) return { SnapshotId: id, ReturnCode: 'skipped' };
      this.authorise('DeleteSnapshot', region, 'snapshot', id, r.snapshots.get(id)?.tags, {
        DeregisterImage: image.id,
      });
      if (this.undeletableSnapshots.has(id)) return { SnapshotId: id, ReturnCode: 'missing-permissions' };
      r.snapshots.delete(id);
      return { SnapshotId: id, ReturnCode: 'success' };
    });
    return { Return: true, DeleteSnapshotResults: results };
  }

  ModifyImageAttribute(input: sdk.ModifyImageAttributeRequest, region: string): Record<string, never> {
    const image = this.findImage(region, input.ImageId!);
    if (image.ownerId !== this.account.accountId)
      throw this.error('AuthFailure', `Not authorized for image:${image.id}`, 403);
    const lp = input.LaunchPermission;
    if (!lp) throw this.error('InvalidParameterCombination', 'No attributes specified.');
    for (const p of lp.Add ?? []) {
      if (p.UserId) {
        if (!/^\d{12}$/.test(p.UserId))
          throw this.error(
            'InvalidAMIAttributeItemValue',
            `Invalid attribute item value "${p.UserId}" for userId item type.`,
          );
        image.launchUserIds.add(p.UserId);
      }
      if (p.OrganizationArn) image.launchOrgArns.add(p.OrganizationArn);
      if (p.OrganizationalUnitArn) image.launchOuArns.add(p.OrganizationalUnitArn);
      if (p.Group === 'all') throw new Error('simulator: public AMIs are not modelled');
    }
    for (const p of lp.Remove ?? []) {
      if (p.UserId) image.launchUserIds.delete(p.UserId);
      if (p.OrganizationArn) image.launchOrgArns.delete(p.OrganizationArn);
      if (p.OrganizationalUnitArn) image.launchOuArns.delete(p.OrganizationalUnitArn);
    }
    return {};
  }

  DescribeImageAttribute(input: sdk.DescribeImageAttributeRequest, region: string): sdk.ImageAttribute {
    const image = this.findImage(region, input.ImageId!);
    if (input.Attribute !== 'launchPermission')
      throw new Error(`simulator: image attribute ${input.Attribute}`);
    return {
      ImageId: image.id,
      LaunchPermissions: [
        ...[...image.launchUserIds].map((UserId) => ({ UserId })),
        ...[...image.launchOrgArns].map((OrganizationArn) => ({ OrganizationArn })),
        ...[...image.launchOuArns].map((OrganizationalUnitArn) => ({ OrganizationalUnitArn })),
      ],
    };
  }

  /** https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EnableImageDeprecation.html */
  EnableImageDeprecation(
    input: sdk.EnableImageDeprecationRequest,
    region: string,
  ): sdk.EnableImageDeprecationResult {
    const image = this.findImage(region, input.ImageId!);
    const at = input.DeprecateAt?.getTime() ?? NaN;
    if (!(at > this.now))
      throw this.error('InvalidParameterValue', 'The deprecation time must be in the future');
    if (at > this.now + 10 * 365 * 86_400_000)
      throw this.error('InvalidParameterValue', 'The deprecation time can be at most 10 years from now');
    // AWS rounds the seconds to the nearest minute.
    image.deprecateAt = Math.round(at / 60_000) * 60_000;
    return { Return: true };
  }
}
