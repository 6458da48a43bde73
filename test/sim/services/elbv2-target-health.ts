import type * as sdk from '@aws-sdk/client-elastic-load-balancing-v2';
import type { HealthAnswer, HealthSource, SimTarget, SimTargetGroup } from './elbv2-base.js';
import { DESCRIPTIONS, forwards, key } from './elbv2-base.js';
import { Elbv2TargetGroups } from './elbv2-target-groups.js';

/**
 * Targets: registration, health checks on the target group's interval and thresholds (asked of the health
 * sources that whoever owns the targets registers), draining for the deregistration delay.
 */
export abstract class Elbv2TargetHealth extends Elbv2TargetGroups {
  addHealthSource(source: HealthSource): void {
    this.sources.push(source);
  }

  /** Registers a target that has been up for long enough to be healthy already (scenario set-up). */
  seedHealthyTarget(tgArn: string, id: string, port: number): void {
    const tg = this.tg(tgArn);
    const t = this.newTarget(tg, id, port, undefined);
    Object.assign(t, { state: 'healthy', reason: undefined, description: undefined, checked: true });
    t.okStreak = tg.healthyThreshold;
  }

  /** Registers a target for a service acting on the user's behalf (ECS registering a task). */
  registerTarget(tgArn: string, id: string, port: number, az?: string): void {
    this.RegisterTargets({ TargetGroupArn: tgArn, Targets: [{ Id: id, Port: port, AvailabilityZone: az }] });
  }

  deregisterTarget(tgArn: string, id: string, port: number): void {
    this.DeregisterTargets({ TargetGroupArn: tgArn, Targets: [{ Id: id, Port: port }] });
  }

  /** Invariant: every forward with a weight above 0 points at a target group with a healthy target. */
  weightsPointAtHealthy(): string | undefined {
    for (const [arn, actions] of this.allActionLists())
      for (const f of forwards(actions))
        if (f.weight > 0 && this.healthyCount(f.targetGroupArn) === 0)
          return `${arn} sends weight ${f.weight} to ${this.nameOf(f.targetGroupArn)}, which has no healthy target`;
    return undefined;
  }

  /** Invariant: the target groups together have at least `n` healthy targets. */
  healthyAtLeast(tgArns: readonly string[], n: number): string | undefined {
    const healthy = tgArns.reduce((s, a) => s + this.healthyCount(a), 0);
    return healthy >= n
      ? undefined
      : `${healthy} healthy targets in ${tgArns.map((a) => this.nameOf(a)).join(', ')}, below ${n}`;
  }

  /** Target groups that no listener or rule uses: left behind by a blue/green that did not clean up. */
  // ---- virtual time ----

  override tick(now: number): void {
    if (now <= this.position) return;
    this.position = now;
    for (const tg of this.targetGroups.values()) {
      const inUse = this.loadBalancersOf(tg.arn).length > 0;
      for (const t of [...tg.targets.values()]) this.advanceTarget(tg, t, now, inUse);
    }
  }

  protected advanceTarget(tg: SimTargetGroup, t: SimTarget, now: number, inUse: boolean): void {
    if (t.drainUntil !== undefined) {
      if (now >= t.drainUntil) tg.targets.delete(key(t.id, t.port));
      return;
    }
    if (!tg.healthCheckEnabled) return this.setState(t, 'unavailable', 'Target.HealthCheckDisabled');
    if (!inUse) {
      this.setState(t, 'unused', 'Target.NotInUse');
      Object.assign(t, {
        okStreak: 0,
        failStreak: 0,
        checked: false,
        nextCheckAt: now + tg.intervalSeconds * 1000,
      });
      return;
    }
    if (t.state === 'unused') this.setState(t, 'initial', 'Elb.RegistrationInProgress');
    // Catch up on every check that fell due since the last tick; sources answer for the time of each check.
    while (t.nextCheckAt <= now) {
      const at = t.nextCheckAt;
      const answer = this.ask(t.id, t.port, at);
      t.checked = true;
      if (answer.up) {
        t.okStreak++;
        t.failStreak = 0;
        if (t.state !== 'healthy' && t.okStreak >= tg.healthyThreshold)
          this.setState(t, 'healthy', undefined);
      } else {
        t.failStreak++;
        t.okStreak = 0;
        const reason = answer.reason ?? 'Target.FailedHealthChecks';
        if (t.state === 'unhealthy') this.setState(t, 'unhealthy', reason);
        else if (t.failStreak >= tg.unhealthyThreshold) this.setState(t, 'unhealthy', reason);
      }
      if (t.state === 'initial') this.setState(t, 'initial', 'Elb.InitialHealthChecking');
      t.nextCheckAt = at + tg.intervalSeconds * 1000;
    }
  }

  protected ask(id: string, port: number, at: number): HealthAnswer {
    for (const source of this.sources) {
      const answer = source(id, port, at);
      if (answer) return answer;
    }
    return { up: false, reason: 'Target.Timeout' };
  }
  // ---- API: targets ----

  RegisterTargets(input: sdk.RegisterTargetsInput): sdk.RegisterTargetsOutput {
    const tg = this.tg(input.TargetGroupArn ?? '');
    for (const d of input.Targets ?? []) {
      const id = d.Id ?? '';
      const valid =
        tg.targetType === 'instance'
          ? /^i-[0-9a-f]{8,17}$/.test(id)
          : tg.targetType === 'ip'
            ? /^\d+\.\d+\.\d+\.\d+$/.test(id)
            : id !== '';
      if (!valid)
        throw this.error(
          'InvalidTargetException',
          `The following targets are not valid for target type '${tg.targetType}': ${id}`,
          400,
        );
      const port = d.Port ?? tg.port;
      const existing = tg.targets.get(key(id, port));
      // Registering a registered target does nothing; registering a draining one makes it a new registration.
      if (existing && existing.drainUntil === undefined) continue;
      this.newTarget(tg, id, port, d.AvailabilityZone);
    }
    return {};
  }

  DeregisterTargets(input: sdk.DeregisterTargetsInput): sdk.DeregisterTargetsOutput {
    const tg = this.tg(input.TargetGroupArn ?? '');
    const delay = this.deregistrationDelayMs(tg.arn);
    for (const d of input.Targets ?? []) {
      const t = tg.targets.get(key(d.Id ?? '', d.Port ?? tg.port));
      if (!t || t.drainUntil !== undefined) continue;
      // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html:
      // a target deregistered while unhealthy is unhealthy.draining; either way it drains for the delay.
      this.setState(
        t,
        t.state === 'unhealthy' ? 'unhealthy.draining' : 'draining',
        'Target.DeregistrationInProgress',
      );
      t.drainUntil = this.now + delay;
    }
    return {};
  }

  DescribeTargetHealth(input: sdk.DescribeTargetHealthInput): sdk.DescribeTargetHealthOutput {
    const tg = this.tg(input.TargetGroupArn ?? '');
    const describe = (t: SimTarget): sdk.TargetHealthDescription => ({
      Target: { Id: t.id, Port: t.port, ...(t.az ? { AvailabilityZone: t.az } : {}) },
      HealthCheckPort: String(t.port),
      TargetHealth: {
        State: t.state,
        ...(t.reason ? { Reason: t.reason as sdk.TargetHealthReasonEnum, Description: t.description } : {}),
      },
    });
    if (input.Targets?.length)
      return {
        TargetHealthDescriptions: input.Targets.map((d) => {
          const t = tg.targets.get(key(d.Id ?? '', d.Port ?? tg.port));
          if (t) return describe(t);
          return {
            Target: { Id: d.Id, Port: d.Port ?? tg.port },
            TargetHealth: {
              State: 'unused',
              Reason: 'Target.NotRegistered',
              Description: DESCRIPTIONS['Target.NotRegistered'],
            },
          };
        }),
      };
    return { TargetHealthDescriptions: [...tg.targets.values()].map(describe) };
  }
}
