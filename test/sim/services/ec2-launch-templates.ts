import type * as sdk from '@aws-sdk/client-ec2';
import type { SimInstance, SimLaunchTemplate } from './ec2-model.js';
import { matchesFilters, page, tagList } from './ec2-model.js';
import { Ec2Instances } from './ec2-instances.js';
import type { SsmSim } from './ssm.js';

/** Launch templates with numbered versions, and the launches Auto Scaling makes from them. */
export abstract class Ec2LaunchTemplates extends Ec2Instances {
  /** A launch template that exists before the scenario, with version 1 as its default. */
  addLaunchTemplate(region: string, name: string, data: sdk.ResponseLaunchTemplateData): SimLaunchTemplate {
    const lt: SimLaunchTemplate = {
      id: this.id('lt'),
      name,
      region,
      createdAt: this.now,
      defaultVersion: 1,
      latestVersion: 1,
      versions: new Map([[1, { number: 1, description: undefined, data, createdAt: this.now }]]),
      tags: new Map(),
    };
    this.region(region).launchTemplates.set(lt.id, lt);
    return lt;
  }

  // ---- internals shared with Auto Scaling ----

  resolveTemplate(
    region: string,
    spec: { LaunchTemplateId?: string | undefined; LaunchTemplateName?: string | undefined },
  ): SimLaunchTemplate {
    const r = this.region(region);
    if (spec.LaunchTemplateId) {
      const lt = r.launchTemplates.get(spec.LaunchTemplateId);
      if (!lt)
        throw this.error(
          'InvalidLaunchTemplateId.NotFound',
          `The specified launch template, with template ID ${spec.LaunchTemplateId}, does not exist.`,
        );
      return lt;
    }
    const lt = [...r.launchTemplates.values()].find((t) => t.name === spec.LaunchTemplateName);
    if (!lt)
      throw this.error(
        'InvalidLaunchTemplateName.NotFoundException',
        `The specified launch template, with template name ${spec.LaunchTemplateName}, does not exist.`,
      );
    return lt;
  }

  /** A version by number, $Latest or $Default (the empty version means $Default). */
  /**
   * The AMI a launch uses: ImageId resolve:ssm:<name> is resolved at launch, to the parameter's value then
   * (https://docs.aws.amazon.com/autoscaling/ec2/userguide/using-systems-manager-parameters.html).
   */
  private resolveImageParameter(region: string, imageId: string): string {
    if (!imageId.startsWith('resolve:ssm:')) return imageId;
    const name = imageId.slice('resolve:ssm:'.length).replace(/:[^:/]*$/, '');
    return this.account.service<SsmSim>('SSMClient').parameterValue(region, name) ?? imageId;
  }

  /** A version's data, for the other simulated services (not an API call). */
  templateData(region: string, id: string, version: string): sdk.ResponseLaunchTemplateData {
    const lt = this.resolveTemplate(region, { LaunchTemplateId: id });
    return lt.versions.get(this.versionNumber(lt, version))!.data;
  }

  versionNumber(lt: SimLaunchTemplate, version: string | undefined): number {
    if (version === undefined || version === '' || version === '$Default') return lt.defaultVersion;
    if (version === '$Latest') return lt.latestVersion;
    const n = Number(version);
    if (!Number.isInteger(n) || !lt.versions.has(n))
      throw this.error(
        'InvalidLaunchTemplateId.VersionNotFound',
        `Could not find launch template version ${version} for template ${lt.id}`,
      );
    return n;
  }

  /**
   * Launches one instance for an Auto Scaling group. Returns the instance, or the status message a failed
   * scaling activity shows (an unknown AMI, a scripted failure).
   */
  launchForGroup(
    region: string,
    spec: {
      LaunchTemplateId?: string | undefined;
      LaunchTemplateName?: string | undefined;
      Version?: string | undefined;
    },
    subnetId: string,
    tags: Map<string, string>,
    options: { alreadyRunning?: boolean } = {},
  ): SimInstance | string {
    let lt: SimLaunchTemplate;
    let number: number;
    try {
      lt = this.resolveTemplate(region, spec);
      number = this.versionNumber(lt, spec.Version);
    } catch (err) {
      return (err as Error).message;
    }
    const data = lt.versions.get(number)!.data;
    const imageId = this.resolveImageParameter(region, data.ImageId ?? '');
    const image = this.region(region).images.get(imageId);
    if (!image || image.state === 'deregistered')
      return `The image id '[${imageId}]' does not exist. Launching EC2 instance failed.`;
    if (image.state !== 'available')
      return `The image id '[${imageId}]' is not available (state ${image.state}). Launching EC2 instance failed.`;
    const scripted = this.launchFailures.get(imageId);
    if (scripted) return `${scripted}. Launching EC2 instance failed.`;
    const snap = this.region(region).snapshots.get(image.snapshotIds[0] ?? '');
    const instance = this.newInstance(region, {
      imageId,
      instanceType: data.InstanceType ?? 't3.micro',
      subnetId,
      securityGroupIds: data.SecurityGroupIds ?? [],
      iamInstanceProfile: data.IamInstanceProfile?.Name ?? data.IamInstanceProfile?.Arn,
      shutdownBehavior: data.InstanceInitiatedShutdownBehavior === 'stop' ? 'stop' : 'terminate',
      userData: data.UserData ? Buffer.from(data.UserData, 'base64').toString('utf8') : '',
      tags,
      launchTemplate: { id: lt.id, name: lt.name, version: number },
      root: {
        id: this.id('vol'),
        deviceName: image.rootDeviceName,
        // An AMI's own root mapping deletes the volume with the instance, as Amazon's images do.
        deleteOnTermination: true,
        sizeGiB: snap?.sizeGiB ?? 8,
        encrypted: snap?.encrypted ?? false,
        kmsKeyId: snap?.kmsKeyId,
      },
      launchedBy: 'autoscaling',
    });
    // Scenario set-up: an instance that has been serving for an hour.
    if (options.alreadyRunning) {
      const since = this.now - 3_600_000;
      Object.assign(instance, { launchTime: since, stateSince: since, runningAt: since, state: 'running' });
    }
    return instance;
  }

  CreateLaunchTemplate(
    input: sdk.CreateLaunchTemplateRequest,
    region: string,
  ): sdk.CreateLaunchTemplateResult {
    const exists = [...this.region(region).launchTemplates.values()].some(
      (t) => t.name === input.LaunchTemplateName,
    );
    if (exists)
      throw this.error(
        'InvalidLaunchTemplateName.AlreadyExistsException',
        `Launch template name already in use.`,
      );
    const lt = this.addLaunchTemplate(
      region,
      input.LaunchTemplateName!,
      (input.LaunchTemplateData ?? {}) as sdk.ResponseLaunchTemplateData,
    );
    return { LaunchTemplate: this.templateOut(lt) };
  }

  protected templateOut(lt: SimLaunchTemplate): sdk.LaunchTemplate {
    return {
      LaunchTemplateId: lt.id,
      LaunchTemplateName: lt.name,
      CreateTime: new Date(lt.createdAt),
      DefaultVersionNumber: lt.defaultVersion,
      LatestVersionNumber: lt.latestVersion,
      Tags: tagList(lt.tags),
    };
  }

  protected versionOut(lt: SimLaunchTemplate, n: number): sdk.LaunchTemplateVersion {
    const v = lt.versions.get(n)!;
    return {
      LaunchTemplateId: lt.id,
      LaunchTemplateName: lt.name,
      VersionNumber: n,
      ...(v.description !== undefined ? { VersionDescription: v.description } : {}),
      CreateTime: new Date(v.createdAt),
      DefaultVersion: lt.defaultVersion === n,
      LaunchTemplateData: structuredClone(v.data),
    };
  }

  /**
   * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateLaunchTemplateVersion.html: a version
   * made from SourceVersion inherits its parameters except those given in LaunchTemplateData.
   */
  CreateLaunchTemplateVersion(
    input: sdk.CreateLaunchTemplateVersionRequest,
    region: string,
  ): sdk.CreateLaunchTemplateVersionResult {
    const lt = this.resolveTemplate(region, input);
    const base = input.SourceVersion
      ? lt.versions.get(this.versionNumber(lt, input.SourceVersion))!.data
      : {};
    const data = {
      ...structuredClone(base),
      ...(input.LaunchTemplateData as sdk.ResponseLaunchTemplateData),
    };
    if (data.ImageId && !data.ImageId.startsWith('resolve:ssm:')) {
      const image = this.region(region).images.get(data.ImageId);
      // AWS accepts an unknown AMI here and fails at launch; only the format is checked.
      if (!image && !/^ami-[0-9a-f]{8,17}$/.test(data.ImageId))
        throw this.error('InvalidAMIID.Malformed', `Invalid id: "${data.ImageId}"`);
    }
    const n = ++lt.latestVersion;
    lt.versions.set(n, { number: n, description: input.VersionDescription, data, createdAt: this.now });
    return { LaunchTemplateVersion: this.versionOut(lt, n) };
  }

  DescribeLaunchTemplates(
    input: sdk.DescribeLaunchTemplatesRequest,
    region: string,
  ): sdk.DescribeLaunchTemplatesResult {
    let list = [...this.region(region).launchTemplates.values()];
    if (input.LaunchTemplateIds?.length)
      list = input.LaunchTemplateIds.map((id) => this.resolveTemplate(region, { LaunchTemplateId: id }));
    if (input.LaunchTemplateNames?.length)
      list = input.LaunchTemplateNames.map((name) =>
        this.resolveTemplate(region, { LaunchTemplateName: name }),
      );
    list = list.filter((t) => matchesFilters(input.Filters, t.tags, { 'launch-template-name': t.name }));
    const p = page(list, input, 100);
    return {
      LaunchTemplates: p.items.map((t) => this.templateOut(t)),
      ...(p.NextToken ? { NextToken: p.NextToken } : {}),
    };
  }

  DescribeLaunchTemplateVersions(
    input: sdk.DescribeLaunchTemplateVersionsRequest,
    region: string,
  ): sdk.DescribeLaunchTemplateVersionsResult {
    const lt = this.resolveTemplate(region, input);
    let numbers: number[];
    if (input.Versions?.length) numbers = [...new Set(input.Versions.map((v) => this.versionNumber(lt, v)))];
    else {
      numbers = [...lt.versions.keys()].sort((a, b) => a - b);
      if (input.MinVersion) numbers = numbers.filter((n) => n >= Number(input.MinVersion));
      if (input.MaxVersion) numbers = numbers.filter((n) => n <= Number(input.MaxVersion));
    }
    const p = page(numbers, input, 100);
    return {
      LaunchTemplateVersions: p.items.map((n) => this.versionOut(lt, n)),
      ...(p.NextToken ? { NextToken: p.NextToken } : {}),
    };
  }

  ModifyLaunchTemplate(
    input: sdk.ModifyLaunchTemplateRequest,
    region: string,
  ): sdk.ModifyLaunchTemplateResult {
    const lt = this.resolveTemplate(region, input);
    if (input.DefaultVersion !== undefined) lt.defaultVersion = this.versionNumber(lt, input.DefaultVersion);
    return { LaunchTemplate: this.templateOut(lt) };
  }
}
