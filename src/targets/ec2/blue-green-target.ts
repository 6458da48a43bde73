import type { AutoScalingClient, AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CreateOrUpdateTagsCommand } from '@aws-sdk/client-auto-scaling';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeTargetGroupsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Clock } from '../../core/clock.js';
import { ActionError, isAwsError } from '../../core/errors.js';
import { formatDuration } from '../../core/inputs.js';
import type { RolloutContext } from '../../rollout/context.js';
import type { Fetch } from '../../rollout/smoke-url.js';
import { smokeCheck } from '../../rollout/smoke-url.js';
import type { HealthReport, Target, TargetState } from '../../rollout/target.js';
import type { AlarmCopy } from './clone-alarms.js';
import { deleteExisting, groupAlarms, planAlarmCopies, putAlarmCopies } from './clone-alarms.js';
import type { GroupSettings } from './clone-settings.js';
import { applyAfterCreate, createMembers, readGroupSettings, settingsSummary } from './clone-settings.js';
import {
  copyScaling,
  createGroupLike,
  describeGroup,
  forceDeleteGroup,
  groupsOfService,
  PREVIOUS_TAG,
  recentActivities,
  SERVICE_TAG,
  tagOf,
  troubleLines,
} from './groups.js';
import { createVersionWithImage, resolveVersion } from './launch-template.js';
import type { TrafficSpec, Weights } from './listener.js';
import { readWeights, trafficLabel, writeWeights } from './listener.js';
import { checkOverrides, groupTemplate } from './group-config.js';
import { SERVICE_NAME } from './names.js';
import {
  cloneTargetGroup,
  deleteTargetGroup,
  deregistrationDelayMs,
  describeTargetGroup,
  healthyCount,
  setDeregistrationDelay,
  targetHealth,
  unhealthyLines,
} from './target-groups.js';

/** What the post step needs to put traffic back on blue and remove green after a cancel. */
export interface BlueGreenState {
  mode: 'blue-green';
  region: string;
  traffic: TrafficSpec;
  service: string | undefined;
  blueGroup: string | undefined;
  blueTg: string | undefined;
  greenGroup: string | undefined;
  greenTgName: string | undefined;
  greenTg: string | undefined;
  newVersion: number | undefined;
  /** Green's copies of blue's scaling alarms, saved before they are put (absent in older saved states). */
  greenAlarms?: string[];
}

export interface BlueGreenSpec {
  region: string;
  group: string | undefined;
  service: string | undefined;
  amiId: string;
  launchTemplate: string | undefined;
  traffic: TrafficSpec;
  minHealthyPercent: number;
  smokeUrl: string | undefined;
  keepPrevious: boolean;
  waitTimeoutMs: number;
  clock: Clock;
  /** The smoke check's HTTP client. */
  fetch: Fetch;
}

/** A green that keeps failing: this many failed launches or health-check replacements end the wait. */
const GREEN_FAILURE_LIMIT = 3;

const tgSuffix = (arn: string): string => arn.slice(arn.indexOf('targetgroup/'));

/**
 * Blue/green (red/black) on Auto Scaling and an ALB: green is a clone of the live group with the new launch
 * template version and its own target group (cloned from blue's), joined to the listener at weight 0 so its
 * targets are health-checked. Traffic moves by the forward weights, each write read back; finalize drains
 * blue for its deregistration delay and deletes it (or keeps it at weight 0), and a rollback puts all
 * traffic on blue and deletes green.
 */
export class BlueGreenTarget implements Target {
  label: string;
  private blue: AutoScalingGroup | undefined;
  private previousGroups: AutoScalingGroup[] = [];
  private blueZeroAt: number | undefined;
  private startedAt = 0;
  private s: BlueGreenState;
  /** What green carries beyond blue's launch configuration, read (and refused) before any write. */
  private settings: GroupSettings | undefined;
  private alarmCopies: AlarmCopy[] = [];

  constructor(
    private readonly clients: {
      ec2: EC2Client;
      asg: AutoScalingClient;
      elb: ElasticLoadBalancingV2Client;
      cw: CloudWatchClient;
    },
    private readonly spec: BlueGreenSpec,
    restored?: BlueGreenState,
  ) {
    this.label = `service ${spec.service ?? spec.group} on ${trafficLabel(spec.traffic)}`;
    this.s = restored ?? {
      mode: 'blue-green',
      region: spec.region,
      traffic: spec.traffic,
      service: spec.service,
      blueGroup: undefined,
      blueTg: undefined,
      greenGroup: undefined,
      greenTgName: undefined,
      greenTg: undefined,
      newVersion: undefined,
    };
  }

  state(): BlueGreenState {
    return { ...this.s };
  }

  private weightOf(g: AutoScalingGroup, weights: Weights): number {
    return (g.TargetGroupARNs ?? []).reduce((sum, tg) => sum + (weights[tg] ?? 0), 0);
  }

  async describe(): Promise<TargetState> {
    const { asg, ec2 } = this.clients;
    const weights = await readWeights(this.clients.elb, this.spec.traffic);
    let candidates: AutoScalingGroup[];
    if (this.spec.group) {
      const g = await describeGroup(asg, this.spec.group);
      if (!g)
        throw new ActionError(
          `Auto Scaling group ${this.spec.group} does not exist in this region; a blue/green deploy replaces the group each time, so set service to find the live one by its ${SERVICE_TAG} tag`,
        );
      const service = this.spec.service ?? tagOf(g, SERVICE_TAG);
      const siblings = service ? await groupsOfService(asg, service) : [];
      candidates = [g, ...siblings.filter((s) => s.AutoScalingGroupName !== g.AutoScalingGroupName)];
    } else candidates = await groupsOfService(asg, this.spec.service!);
    const live = candidates.filter((g) => this.weightOf(g, weights) > 0);
    if (live.length === 0)
      throw new ActionError(
        `no group of ${this.spec.group ?? `service ${this.spec.service}`} takes traffic on ${trafficLabel(this.spec.traffic)}; the listener forwards to ${Object.keys(weights).join(', ') || 'nothing'}`,
      );
    const blue = live.length === 1 ? live[0]! : undefined;
    const others = candidates.filter((g) => g !== blue && !live.includes(g));
    this.previousGroups = others.filter((g) => tagOf(g, PREVIOUS_TAG) === 'true');
    const strays = others.filter((g) => tagOf(g, PREVIOUS_TAG) !== 'true');
    const inProgress =
      live.length > 1
        ? `groups ${live.map((g) => `${g.AutoScalingGroupName} (weight ${this.weightOf(g, weights)})`).join(' and ')} share the traffic`
        : strays.length
          ? `group ${strays.map((g) => g.AutoScalingGroupName).join(', ')} exists beside the live one: another rollout is running, or an earlier one was not cleaned up`
          : undefined;
    if (!blue) return { current: undefined, upToDate: false, inProgress };
    this.blue = blue;
    const blueTgs = (blue.TargetGroupARNs ?? []).filter((tg) => (weights[tg] ?? 0) > 0);
    if (blueTgs.length !== 1)
      throw new ActionError(
        `group ${blue.AutoScalingGroupName} serves ${trafficLabel(this.spec.traffic)} through ${blueTgs.length} target groups; blue/green needs exactly one`,
      );
    const service = this.spec.service ?? tagOf(blue, SERVICE_TAG) ?? blue.AutoScalingGroupName!;
    if (!SERVICE_NAME.re.test(service))
      throw new ActionError(
        `the service name "${service}" (from group ${blue.AutoScalingGroupName}'s ${tagOf(blue, SERVICE_TAG) !== undefined ? `${SERVICE_TAG} tag` : 'name'}) is not ${SERVICE_NAME.allowed}: set service`,
      );
    const own = groupTemplate(blue);
    const current = await resolveVersion(ec2, own.template, own.version);
    // Names decided now, so that a cancel at any later moment leaves the post step enough to find green.
    const suffix = Math.floor(this.spec.clock.now() / 1000).toString(36);
    Object.assign(this.s, {
      service,
      blueGroup: blue.AutoScalingGroupName,
      blueTg: blueTgs[0],
      greenGroup: `${service}-${suffix}`,
      greenTgName: `${service}-${suffix}`,
    });
    this.label = `service ${service} on ${trafficLabel(this.spec.traffic)}`;
    // Read-only, before green exists: green's overrides would keep the old AMI just as blue's do.
    if (current.imageId !== this.spec.amiId) checkOverrides(blue);
    if (current.imageId !== this.spec.amiId && !inProgress) await this.planClone(blue);
    return {
      current: `${current.imageId} (group ${blue.AutoScalingGroupName}, launch template ${current.templateName} version ${current.version})`,
      upToDate: current.imageId === this.spec.amiId,
      inProgress,
    };
  }

  /** Reads what green must carry from blue, and refuses (before any write) with all that it cannot carry. */
  private async planClone(blue: AutoScalingGroup): Promise<void> {
    const { asg, cw } = this.clients;
    const read = await readGroupSettings(asg, blue);
    const alarms = await planAlarmCopies(asg, cw, this.s.blueGroup!, this.s.greenGroup!);
    const problems = [...read.problems, ...alarms.problems];
    if (problems.length)
      throw new ActionError(
        `blue/green cannot clone group ${this.s.blueGroup} faithfully, so nothing was changed: ${problems.join('; ')}`,
      );
    this.settings = read.settings;
    this.alarmCopies = alarms.copies;
  }

  async prepareGreen(ctx: RolloutContext): Promise<void> {
    const { ec2, asg, elb } = this.clients;
    const blue = this.blue!;
    const s = this.s;
    this.startedAt = this.spec.clock.now();
    const own = groupTemplate(blue);
    const template = this.spec.launchTemplate ?? own.template;
    const source = await resolveVersion(ec2, template, this.spec.launchTemplate ? '$Default' : own.version);
    const next = await createVersionWithImage(
      ec2,
      source,
      this.spec.amiId,
      `slipway deploy-ec2: ${this.spec.amiId}`,
    );
    s.newVersion = next.version;
    ctx.log(`launch template ${next.templateName}: version ${next.version} runs ${this.spec.amiId}`);
    const blueTg = await describeTargetGroup(elb, s.blueTg!);
    if (!blueTg) throw new ActionError(`target group ${s.blueTg} of ${s.blueGroup} no longer exists`);
    const tags = [{ Key: SERVICE_TAG, Value: s.service! }];
    s.greenTg = await cloneTargetGroup(elb, blueTg, s.greenTgName!, tags);
    ctx.checkpoint();
    // Weight 0 keeps green out of traffic, but in use by the load balancer, so its targets are health-checked.
    await writeWeights(elb, this.spec.traffic, [s.blueTg!], { [s.blueTg!]: 100, [s.greenTg]: 0 });
    const settings = this.settings!;
    await createGroupLike(
      asg,
      blue,
      s.greenGroup!,
      { LaunchTemplateId: next.templateId, Version: String(next.version) },
      [s.greenTg],
      tags,
      createMembers(settings),
    );
    await applyAfterCreate(asg, s.greenGroup!, settings);
    const { copied, policyArns } = await copyScaling(asg, s.blueGroup!, s.greenGroup!, {
      blue: tgSuffix(s.blueTg!),
      green: tgSuffix(s.greenTg),
    });
    // Saved before they exist, so that a rollback after a cancel at any moment finds them.
    s.greenAlarms = this.alarmCopies.map((c) => c.name);
    ctx.checkpoint();
    await putAlarmCopies(this.clients.cw, this.alarmCopies, s.blueGroup!, s.greenGroup!, policyArns);
    const desired = blue.DesiredCapacity ?? 1;
    const carried = settingsSummary(settings);
    ctx.log(
      `green group ${s.greenGroup} created (${desired} instances, ${copied} scaling policies and scheduled actions copied, ${this.alarmCopies.length} scaling alarms copied${carried ? `; carried ${carried}` : ''})`,
    );
    await ctx.waitUntil(
      `green group ${s.greenGroup} to have ${desired} healthy targets`,
      this.spec.waitTimeoutMs,
      async () => {
        const targets = await targetHealth(elb, s.greenTg!);
        const healthy = healthyCount(targets);
        if (healthy >= desired) return { done: true, value: undefined };
        const trouble = troubleLines(
          s.greenGroup!,
          await recentActivities(asg, s.greenGroup!),
          this.startedAt,
        );
        if (trouble.length >= GREEN_FAILURE_LIMIT)
          throw new ActionError(
            `green group ${s.greenGroup} is not becoming healthy: ${trouble.slice(0, 3).join('; ')}`,
          );
        return { done: false, status: `${healthy} of ${desired} healthy (${targets.length} registered)` };
      },
      () => this.diagnoseFailure(),
    );
    if (this.spec.smokeUrl) {
      const smoke = await smokeCheck(this.spec.smokeUrl, {
        fetch: this.spec.fetch,
        clock: this.spec.clock,
        signal: ctx.signal,
      });
      ctx.check({ name: 'smoke test', ok: smoke.ok, detail: smoke.detail });
      if (!smoke.ok) throw new ActionError(`smoke test failed: ${smoke.detail}`);
      ctx.log(`smoke test passed: ${smoke.detail}`);
    }
  }

  /** Green's unhealthy targets with ELB's reasons, and its failed launches and health-check replacements. */
  async diagnoseFailure(): Promise<string[]> {
    const { asg, elb } = this.clients;
    const s = this.s;
    if (!s.greenGroup) return [];
    const lines = s.greenTg ? unhealthyLines(s.greenTgName!, await targetHealth(elb, s.greenTg)) : [];
    return [
      ...lines,
      ...troubleLines(s.greenGroup!, await recentActivities(asg, s.greenGroup!), this.startedAt),
    ];
  }

  async shift(percent: number, ctx: RolloutContext): Promise<void> {
    const { blueTg, greenTg } = this.s;
    await writeWeights(this.clients.elb, this.spec.traffic, [blueTg!, greenTg!], {
      [blueTg!]: 100 - percent,
      [greenTg!]: percent,
    });
    if (percent >= 100) this.blueZeroAt = this.spec.clock.now();
    ctx.log(`${trafficLabel(this.spec.traffic)}: green ${percent}%, blue ${100 - percent}% (read back)`);
  }

  async health(): Promise<HealthReport> {
    const desired = this.blue?.DesiredCapacity ?? 1;
    const need = Math.max(1, Math.ceil((desired * this.spec.minHealthyPercent) / 100));
    const healthy = healthyCount(await targetHealth(this.clients.elb, this.s.greenTg!));
    return {
      name: `green ${this.s.greenTgName} healthy targets`,
      ok: healthy >= need,
      detail: `${healthy} healthy, at least ${need} needed`,
      healthyCapacity: healthy,
    };
  }

  async finalize(ctx: RolloutContext): Promise<void> {
    const { elb, asg } = this.clients;
    const s = this.s;
    // Blue has had weight 0 since the last shift; in-flight requests finish within its deregistration delay.
    const delay = await deregistrationDelayMs(elb, s.blueTg!);
    const until = (this.blueZeroAt ?? this.spec.clock.now()) + delay;
    await ctx.waitUntil(
      `blue ${s.blueGroup} to drain (deregistration delay ${formatDuration(delay)})`,
      delay + 60_000,
      async () => {
        const left = until - this.spec.clock.now();
        return left <= 0
          ? { done: true, value: undefined }
          : { done: false, status: `draining: ${formatDuration(delay - left)} of ${formatDuration(delay)}` };
      },
    );
    for (const old of this.previousGroups)
      await this.removeGroup(ctx, old.AutoScalingGroupName!, old.TargetGroupARNs ?? []);
    if (this.spec.keepPrevious) {
      await asg.send(
        new CreateOrUpdateTagsCommand({
          Tags: [
            {
              ResourceId: s.blueGroup,
              ResourceType: 'auto-scaling-group',
              Key: PREVIOUS_TAG,
              Value: 'true',
              PropagateAtLaunch: false,
            },
          ],
        }),
      );
      return ctx.log(
        `blue ${s.blueGroup} kept at weight 0 (keep-previous): shift back to it to roll back by hand`,
      );
    }
    await this.removeGroup(ctx, s.blueGroup!, [s.blueTg!]);
  }

  /**
   * Takes a group's target groups out of the listener, then deletes the group (its instances already drained,
   * so its delay is set to 0 first) and, once it is gone, the target groups.
   */
  private async removeGroup(ctx: RolloutContext, group: string, tgs: readonly string[]): Promise<void> {
    const { elb, asg } = this.clients;
    const weights = await readWeights(elb, this.spec.traffic);
    const inListener = tgs.filter((tg) => tg in weights);
    if (inListener.length) {
      const rest = Object.fromEntries(Object.entries(weights).filter(([tg]) => !tgs.includes(tg)));
      await writeWeights(elb, this.spec.traffic, Object.keys(weights), rest);
    }
    for (const tg of tgs) if (await describeTargetGroup(elb, tg)) await setDeregistrationDelay(elb, tg, 0);
    // Its scaling alarms (green has its own copies) are named now and deleted once the group is gone, so a
    // failed deletion leaves the group still scaling.
    const alarms = await groupAlarms(asg, this.clients.cw, group);
    if (await forceDeleteGroup(asg, group)) await this.waitGone(ctx, group);
    const deleted = await deleteExisting(this.clients.cw, alarms);
    if (deleted.length) ctx.log(`deleted the scaling alarms of ${group}: ${deleted.join(', ')}`);
    for (const tg of tgs) await this.deleteTg(tg);
    ctx.log(`deleted group ${group} and target group ${tgs.map((t) => t.split('/')[1]).join(', ')}`);
  }

  private async waitGone(ctx: RolloutContext, group: string): Promise<void> {
    await ctx.waitPlain(`group ${group} to be deleted`, this.spec.waitTimeoutMs, async () => {
      const g = await describeGroup(this.clients.asg, group);
      return g
        ? { done: false, status: `${g.Status ?? 'deleting'}, ${(g.Instances ?? []).length} instances left` }
        : { done: true, value: undefined };
    });
  }

  private async deleteTg(arn: string): Promise<void> {
    try {
      await deleteTargetGroup(this.clients.elb, arn);
    } catch (err) {
      if (!isAwsError(err, 'TargetGroupNotFoundException')) throw err;
    }
  }

  /** All traffic back on blue (read back), then green's group and target group deleted. */
  async rollback(ctx: RolloutContext): Promise<void> {
    const { elb, asg } = this.clients;
    const s = this.s;
    if (!s.greenTg && s.greenTgName) {
      // A cancel can land between CreateTargetGroup and the saved state: find green's target group by name.
      const found = await elb
        .send(new DescribeTargetGroupsCommand({ Names: [s.greenTgName] }))
        .catch((err: unknown) => {
          if (isAwsError(err, 'TargetGroupNotFoundException')) return undefined;
          throw err;
        });
      s.greenTg = found?.TargetGroups?.[0]?.TargetGroupArn;
    }
    const weights = await readWeights(elb, this.spec.traffic);
    if (s.greenTg && s.greenTg in weights) {
      if (!(s.blueTg! in weights))
        throw new ActionError(
          `blue ${s.blueGroup} is no longer behind ${trafficLabel(this.spec.traffic)}; cannot roll back`,
        );
      const rest = Object.fromEntries(
        Object.entries(weights).filter(([tg]) => tg !== s.greenTg && tg !== s.blueTg),
      );
      await writeWeights(elb, this.spec.traffic, [s.blueTg!, s.greenTg], { ...rest, [s.blueTg!]: 100 });
      ctx.log(`${trafficLabel(this.spec.traffic)}: all traffic back on blue ${s.blueGroup} (read back)`);
    }
    const alarms = await deleteExisting(this.clients.cw, s.greenAlarms ?? []);
    if (alarms.length) ctx.log(`deleted green's scaling alarms: ${alarms.join(', ')}`);
    if (s.greenGroup && (await forceDeleteGroup(asg, s.greenGroup))) await this.waitGone(ctx, s.greenGroup);
    if (s.greenTg) await this.deleteTg(s.greenTg);
    ctx.log(
      `green ${s.greenGroup ?? ''} removed; launch template version ${s.newVersion ?? '(none)'} is left for the record`,
    );
  }
}
