import type { AutoScalingClient, AutoScalingGroup, InstanceRefresh } from '@aws-sdk/client-auto-scaling';
import { UpdateAutoScalingGroupCommand } from '@aws-sdk/client-auto-scaling';
import type { EC2Client } from '@aws-sdk/client-ec2';
import { ActionError } from '../../core/errors.js';
import type { RolloutContext } from '../../rollout/context.js';
import type { HealthReport, Target, TargetState } from '../../rollout/target.js';
import {
  describeGroup,
  groupsOfService,
  healthyInService,
  recentActivities,
  troubleLines,
} from './groups.js';
import type { TemplateVersion } from './launch-template.js';
import { createVersionWithImage, resolveVersion } from './launch-template.js';
import type { RefreshSettings } from './refresh.js';
import {
  ACTIVE,
  activeRefresh,
  describeProgress,
  describeRefresh,
  startRefresh,
  undoRefresh,
} from './refresh.js';

/** What the post step needs to undo a rolling deploy after a cancel. */
export interface RollingState {
  mode: 'rolling';
  region: string;
  group: string | undefined;
  /** The template the new version is made in (the group's, unless launch-template names another). */
  templateId: string | undefined;
  /** What the group ran before: a refresh back goes to this template and version. */
  previousTemplateId: string | undefined;
  previousVersion: number | undefined;
  newVersion: number | undefined;
  refreshId: string | undefined;
  startedAt: number | undefined;
}

export interface RollingSpec {
  region: string;
  group: string | undefined;
  service: string | undefined;
  amiId: string;
  launchTemplate: string | undefined;
  refresh: RefreshSettings;
  waitTimeoutMs: number;
  now: () => number;
}

/** The group's launch template as its LaunchTemplate (or mixed-instances policy) names it. */
export function groupTemplate(g: AutoScalingGroup): { template: string; version: string } {
  const spec = g.LaunchTemplate ?? g.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification;
  const template = spec?.LaunchTemplateId ?? spec?.LaunchTemplateName;
  if (!template)
    throw new ActionError(
      `group ${g.AutoScalingGroupName} uses a launch configuration; deploy-ec2 needs a launch template`,
    );
  return { template, version: spec?.Version ?? '$Default' };
}

/** Finds the one group: by name, or the one tagged with the service. */
export async function findGroup(
  asg: AutoScalingClient,
  name: string | undefined,
  service: string | undefined,
): Promise<AutoScalingGroup> {
  if (name) {
    const g = await describeGroup(asg, name);
    if (!g) throw new ActionError(`Auto Scaling group ${name} does not exist in this region`);
    return g;
  }
  const groups = await groupsOfService(asg, service!);
  if (groups.length === 0)
    throw new ActionError(`no Auto Scaling group is tagged slipway:service=${service} in this region`);
  if (groups.length > 1)
    throw new ActionError(
      `${groups.length} groups are tagged slipway:service=${service} (${groups.map((g) => g.AutoScalingGroupName).join(', ')}); a rolling deploy needs exactly one: set auto-scaling-group`,
    );
  return groups[0]!;
}

/**
 * A rolling deploy through an instance refresh: a new launch template version with the AMI, then
 * StartInstanceRefresh pinned to that version number (with auto-rollback, alarms and bake time), followed
 * until Successful. Success is the refresh's status and the group's configuration read back.
 */
export class RollingTarget implements Target {
  label: string;
  private group: AutoScalingGroup | undefined;
  /** What the group runs now. */
  private current: TemplateVersion | undefined;
  /** The version the new one is made from: the group's own, or launch-template's default version. */
  private source: TemplateVersion | undefined;
  private s: RollingState;

  constructor(
    private readonly ec2: EC2Client,
    private readonly asg: AutoScalingClient,
    private readonly spec: RollingSpec,
    restored?: RollingState,
  ) {
    this.label = `Auto Scaling group ${spec.group ?? `of service ${spec.service}`}`;
    this.s = restored ?? {
      mode: 'rolling',
      region: spec.region,
      group: spec.group,
      templateId: undefined,
      previousTemplateId: undefined,
      previousVersion: undefined,
      newVersion: undefined,
      refreshId: undefined,
      startedAt: undefined,
    };
  }

  state(): RollingState {
    return { ...this.s };
  }

  async describe(): Promise<TargetState> {
    const g = await findGroup(this.asg, this.spec.group, this.spec.service);
    this.group = g;
    this.s.group = g.AutoScalingGroupName!;
    this.label = `Auto Scaling group ${this.s.group}`;
    const own = groupTemplate(g);
    this.current = await resolveVersion(this.ec2, own.template, own.version);
    const other =
      this.spec.launchTemplate !== undefined &&
      ![this.current.templateId, this.current.templateName].includes(this.spec.launchTemplate);
    this.source = other
      ? await resolveVersion(this.ec2, this.spec.launchTemplate!, '$Default')
      : this.current;
    this.s.templateId = this.source.templateId;
    this.s.previousTemplateId = this.current.templateId;
    this.s.previousVersion = this.current.version;
    const active = await activeRefresh(this.asg, this.s.group);
    const onVersion = (g.Instances ?? []).every(
      (i) =>
        i.LaunchTemplate?.LaunchTemplateId === this.current!.templateId &&
        i.LaunchTemplate?.Version === String(this.current!.version),
    );
    return {
      current: `${this.current.imageId} (launch template ${this.current.templateName} version ${this.current.version})`,
      upToDate: this.current.imageId === this.spec.amiId && onVersion && !active,
      inProgress: active
        ? `instance refresh ${active.InstanceRefreshId} is ${describeProgress(active)}`
        : undefined,
    };
  }

  async prepareGreen(ctx: RolloutContext): Promise<void> {
    const g = this.group!;
    const cur = this.current!;
    const own = groupTemplate(g);
    if (!/^\d+$/.test(own.version) && own.template !== undefined) {
      // $Latest would follow the new version at once, and $Default cannot be rolled back to: pin the group to
      // the number it runs now (no instance changes) so the refresh's rollback target is what runs today.
      await this.asg.send(
        new UpdateAutoScalingGroupCommand({
          AutoScalingGroupName: this.s.group,
          LaunchTemplate: { LaunchTemplateId: cur.templateId, Version: String(cur.version) },
        }),
      );
      ctx.log(
        `${this.label} named version ${own.version}; pinned it to version ${cur.version}, which it runs now`,
      );
    }
    const source = this.source!;
    const next = await createVersionWithImage(
      this.ec2,
      source,
      this.spec.amiId,
      `slipway deploy-ec2: ${this.spec.amiId}`,
    );
    this.s.newVersion = next.version;
    ctx.log(
      `launch template ${source.templateName}: version ${next.version} runs ${this.spec.amiId} (from version ${source.version})`,
    );
  }

  async shift(_percent: number, ctx: RolloutContext): Promise<void> {
    const group = this.s.group!;
    this.s.startedAt = this.spec.now();
    this.s.refreshId = await startRefresh(
      this.asg,
      group,
      this.pinned(this.s.templateId!, this.s.newVersion!),
      this.spec.refresh,
    );
    ctx.checkpoint();
    ctx.log(`instance refresh ${this.s.refreshId} started on ${group}`);
    await this.follow(ctx, this.s.refreshId, 'Successful', true);
  }

  private pinned(templateId: string, version: number): { LaunchTemplateId: string; Version: string } {
    return { LaunchTemplateId: templateId, Version: String(version) };
  }

  /** Follows a refresh to `goal`; any other end state fails with the scaling activities' causes. */
  private async follow(ctx: RolloutContext, id: string, goal: string, gated: boolean): Promise<void> {
    const group = this.s.group!;
    const wait = gated ? ctx.waitUntil.bind(ctx) : ctx.waitPlain.bind(ctx);
    const end = await wait(
      `instance refresh ${id} on ${group}`,
      this.spec.waitTimeoutMs,
      async () => {
        const r = await describeRefresh(this.asg, group, id);
        if (!ACTIVE.has(r.Status ?? '')) return { done: true, value: r };
        return { done: false, status: describeProgress(r) };
      },
      () => this.diagnoseFailure(),
    );
    if (end.Status === goal) return;
    const causes = await this.diagnoseFailure();
    throw new ActionError(
      `instance refresh ${id} on ${group} ended ${end.Status}${end.StatusReason ? `: ${end.StatusReason}` : ''}` +
        (causes.length ? `; scaling activities: ${causes.slice(0, 3).join('; ')}` : ''),
    );
  }

  /** The group's failed launches and health-check replacements since the refresh started. */
  async diagnoseFailure(): Promise<string[]> {
    const group = this.s.group;
    if (!group) return [];
    return troubleLines(group, await recentActivities(this.asg, group), this.s.startedAt ?? 0);
  }

  async health(): Promise<HealthReport> {
    const g = await describeGroup(this.asg, this.s.group!);
    const healthy = g ? healthyInService(g) : 0;
    const desired = g?.DesiredCapacity ?? 0;
    return {
      name: `group ${this.s.group} health`,
      ok: healthy > 0 || desired === 0,
      detail: `${healthy} of ${desired} instances in service and healthy`,
      healthyCapacity: healthy,
    };
  }

  /** The refresh succeeded, so Auto Scaling has put the new version on the group: read it back. */
  async finalize(): Promise<void> {
    const g = await describeGroup(this.asg, this.s.group!);
    const version =
      g?.LaunchTemplate?.Version ??
      g?.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification?.Version;
    if (version !== String(this.s.newVersion))
      throw new ActionError(
        `${this.label} reads back launch template version ${version}, not ${this.s.newVersion}`,
      );
  }

  /** The active refresh to our template (and to our new version, once that is known). */
  private async ourActiveRefresh(group: string): Promise<InstanceRefresh | undefined> {
    const r = await activeRefresh(this.asg, group);
    const lt = r?.DesiredConfiguration?.LaunchTemplate;
    const ours =
      lt?.LaunchTemplateId === this.s.templateId &&
      (this.s.newVersion === undefined || lt?.Version === String(this.s.newVersion));
    return ours ? r : undefined;
  }

  async rollback(ctx: RolloutContext): Promise<void> {
    const group = this.s.group;
    // The state saved before a cancel may predate StartInstanceRefresh: look for the refresh to our version.
    if (group && !this.s.refreshId)
      this.s.refreshId = (await this.ourActiveRefresh(group))?.InstanceRefreshId;
    if (!group || !this.s.refreshId)
      return ctx.log(`${this.label}: no refresh was started; nothing to roll back`);
    let r = await describeRefresh(this.asg, group, this.s.refreshId);
    if (ACTIVE.has(r.Status ?? '') && r.Status !== 'RollbackInProgress') {
      const did = await undoRefresh(this.asg, group);
      ctx.log(
        `${this.label}: ${did === 'rollback' ? 'rolling back' : did === 'cancel' ? 'cancelling' : 'nothing active to undo in'} refresh ${r.InstanceRefreshId}`,
      );
    }
    r = await ctx.waitPlain(`refresh ${this.s.refreshId} to stop`, this.spec.waitTimeoutMs, async () => {
      const now = await describeRefresh(this.asg, group, this.s.refreshId!);
      return ACTIVE.has(now.Status ?? '')
        ? { done: false, status: describeProgress(now) }
        : { done: true, value: now };
    });
    if (r.Status === 'RollbackSuccessful')
      return ctx.log(`${this.label} is back on version ${this.s.previousVersion}`);
    // Cancelled, Failed without auto-rollback, or Successful before a gate failed: replace whatever runs the
    // new version with a refresh back to the previous one.
    const id = await startRefresh(
      this.asg,
      group,
      this.pinned(this.s.previousTemplateId!, this.s.previousVersion!),
      {
        ...this.spec.refresh,
        skipMatching: true,
        autoRollback: false,
        alarms: [],
        bakeS: 0,
        checkpoints: [],
      },
    );
    ctx.log(`${this.label}: refresh ${id} puts version ${this.s.previousVersion} back`);
    await this.follow(ctx, id, 'Successful', false);
  }
}
