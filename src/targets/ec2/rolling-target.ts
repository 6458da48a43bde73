import type {
  AutoScalingClient,
  AutoScalingGroup,
  Instance,
  InstanceRefresh,
} from '@aws-sdk/client-auto-scaling';
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
import type { PinnedTemplate } from './group-config.js';
import { checkOverrides, configWith, desiredTemplate, groupTemplate } from './group-config.js';
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
  /** The refresh's choices for protected and Standby instances, which a refresh back must repeat. */
  scaleInProtected: RefreshSettings['scaleInProtected'];
  standby: RefreshSettings['standby'];
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

const isStandby = (i: Instance): boolean =>
  i.LifecycleState === 'Standby' || i.LifecycleState === 'EnteringStandby';
const isTerminating = (i: Instance): boolean => (i.LifecycleState ?? '').startsWith('Terminat');
const listIds = (ids: string[]): string =>
  ids.length > 10 ? `${ids.slice(0, 10).join(', ')} and ${ids.length - 10} more` : ids.join(', ');

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
      scaleInProtected: spec.refresh.scaleInProtected,
      standby: spec.refresh.standby,
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
    // Instances on their way out, and those the refresh is told to ignore, do not make the group out of date.
    const onVersion = (g.Instances ?? [])
      .filter((i) => !isTerminating(i) && !this.ignores(i))
      .every(
        (i) =>
          i.LaunchTemplate?.LaunchTemplateId === this.current!.templateId &&
          i.LaunchTemplate?.Version === String(this.current!.version),
      );
    const upToDate = this.current.imageId === this.spec.amiId && onVersion && !active;
    if (!upToDate && !active) {
      // Read-only checks, before anything is written: a refusal here changes nothing.
      checkOverrides(g);
      this.checkBlockers(g);
    }
    return {
      current: `${this.current.imageId} (launch template ${this.current.templateName} version ${this.current.version})`,
      upToDate,
      inProgress: active
        ? `instance refresh ${active.InstanceRefreshId} is ${describeProgress(active)}`
        : undefined,
    };
  }

  private ignores(i: Instance): boolean {
    const r = this.spec.refresh;
    return (
      (r.scaleInProtected === 'ignore' && i.ProtectedFromScaleIn === true) ||
      (r.standby === 'ignore' && isStandby(i))
    );
  }

  /**
   * With Wait (Auto Scaling's default), a refresh that meets a protected or Standby instance waits an hour
   * and then fails: fail now instead, before any write, naming the instances and the inputs that decide.
   */
  private checkBlockers(g: AutoScalingGroup): void {
    const r = this.spec.refresh;
    const instances = g.Instances ?? [];
    const blockers = [
      {
        on: r.scaleInProtected === 'wait',
        ids: instances.filter((i) => i.ProtectedFromScaleIn && !isTerminating(i)).map((i) => i.InstanceId!),
        what: 'protected from scale in',
        input: 'scale-in-protected-instances',
        choices: 'refresh (replace them too) or ignore (leave them on the old version)',
        undo: 'remove their protection',
      },
      {
        on: r.standby === 'wait',
        ids: instances.filter(isStandby).map((i) => i.InstanceId!),
        what: 'in Standby',
        input: 'standby-instances',
        choices: 'terminate or ignore',
        undo: 'return them to service',
      },
    ];
    for (const b of blockers)
      if (b.on && b.ids.length)
        throw new ActionError(
          `${this.label}: ${b.ids.length} instance${b.ids.length === 1 ? ' is' : 's are'} ${b.what} (${listIds(b.ids)}); an instance refresh would wait an hour for you to ${b.undo}, then fail. Set ${b.input} to ${b.choices}, or ${b.undo} first`,
        );
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
          ...configWith(g, this.pinned(cur.templateId, cur.version)),
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
      configWith(this.group!, this.pinned(this.s.templateId!, this.s.newVersion!)),
      this.forwardSettings(ctx),
    );
    ctx.checkpoint();
    ctx.log(`instance refresh ${this.s.refreshId} started on ${group}`);
    await this.follow(ctx, this.s.refreshId, 'Successful', true);
  }

  private pinned(templateId: string, version: number): PinnedTemplate {
    return { LaunchTemplateId: templateId, Version: String(version) };
  }

  /**
   * The forward refresh's settings. Auto Scaling refuses AutoRollback when the group's launch template takes
   * its AMI from a Systems Manager parameter: slipway's own rollback (a refresh back to the version the
   * group runs now) takes its place, with a warning.
   */
  private forwardSettings(ctx: RolloutContext): RefreshSettings {
    const s = this.spec.refresh;
    const image = this.current?.imageId ?? '';
    if (!s.autoRollback || !image.startsWith('resolve:ssm:')) return s;
    ctx.warn(
      `launch template ${this.current!.templateName} version ${this.current!.version} takes its AMI from a Systems Manager parameter (${image}), and Auto Scaling cannot roll such a group back by itself; auto-rollback is off for this refresh, and slipway rolls back with its own refresh to version ${this.current!.version} if it fails (while this job runs, or in its post step after a cancel)`,
    );
    return { ...s, autoRollback: false };
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
        // Stryker disable next-line StringLiteral: Auto Scaling always sets a refresh Status, and no fallback text is an active status
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
    if (this.group?.MixedInstancesPolicy && !g?.MixedInstancesPolicy)
      throw new ActionError(`${this.label} reads back without its mixed instances policy`);
    if (version !== String(this.s.newVersion))
      throw new ActionError(
        `${this.label} reads back launch template version ${version}, not ${this.s.newVersion}`,
      );
  }

  /** The active refresh to our template (and to our new version, once that is known). */
  private async ourActiveRefresh(group: string): Promise<InstanceRefresh | undefined> {
    const r = await activeRefresh(this.asg, group);
    const lt = desiredTemplate(r?.DesiredConfiguration);
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
    // Stryker disable next-line StringLiteral: Auto Scaling always sets a refresh Status, and no fallback text is an active status
    if (ACTIVE.has(r.Status ?? '') && r.Status !== 'RollbackInProgress') {
      const did = await undoRefresh(this.asg, group);
      ctx.log(
        `${this.label}: ${did === 'rollback' ? 'rolling back' : did === 'cancel' ? 'cancelling' : 'nothing active to undo in'} refresh ${r.InstanceRefreshId}`,
      );
    }
    r = await ctx.waitPlain(`refresh ${this.s.refreshId} to stop`, this.spec.waitTimeoutMs, async () => {
      const now = await describeRefresh(this.asg, group, this.s.refreshId!);
      // Stryker disable next-line StringLiteral: Auto Scaling always sets a refresh Status, and no fallback text is an active status
      return ACTIVE.has(now.Status ?? '')
        ? { done: false, status: describeProgress(now) }
        : { done: true, value: now };
    });
    if (r.Status === 'RollbackSuccessful')
      return ctx.log(`${this.label} is back on version ${this.s.previousVersion}`);
    // Cancelled, Failed without auto-rollback, or Successful before a gate failed: replace whatever runs the
    // new version with a refresh back to the previous one.
    // The post step has not described the group: read it for its mixed instances policy, if any.
    const g = this.group ?? (await describeGroup(this.asg, group));
    if (!g)
      throw new ActionError(
        `${this.label} no longer exists; cannot put version ${this.s.previousVersion} back`,
      );
    const id = await startRefresh(
      this.asg,
      group,
      configWith(g, this.pinned(this.s.previousTemplateId!, this.s.previousVersion!)),
      {
        ...this.spec.refresh,
        scaleInProtected: this.s.scaleInProtected,
        standby: this.s.standby,
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
