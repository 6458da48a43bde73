import type {
  GroupInstance,
  LtRef,
  RefreshPrefs,
  ReplacementPass,
  SimGroup,
  SimRefresh,
} from './autoscaling-model.js';

/** What the refresh state machine needs from the group it runs on. */
export interface RefreshHost {
  readonly now: number;
  /** Healthy, in service, past its warm-up, and passing the load balancer's checks when the group uses them. */
  ready(group: SimGroup, i: GroupInstance): boolean;
  /** Instances not terminating. */
  alive(group: SimGroup): GroupInstance[];
  terminate(group: SimGroup, i: GroupInstance, cause: string): void;
  /** The first of `alarms` in ALARM, if any. */
  firingAlarm(alarms: readonly string[]): string | undefined;
  resolveVersion(ref: LtRef): number;
}

/**
 * How many failed launches or failed health checks of new instances a refresh tolerates before it fails.
 * AWS does not publish its threshold ("an instance refresh might fail for several reasons, such as EC2
 * launch failures, misconfigured health checks", API_StartInstanceRefresh); three is this model's choice.
 */
export const REFRESH_FAILURE_LIMIT = 3;

/**
 * How long a refresh waits for protected or Standby instances when the preference is Wait: "waits one hour
 * for you to remove scale-in protection (return the instances to service). Otherwise, the instance refresh
 * will fail." (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_RefreshPreferences.html)
 */
export const BLOCKED_WAIT_MS = 3_600_000;

/** The instances a refresh with these preferences leaves alone (Ignore), decided as it starts. */
export const ignoredBy = (prefs: RefreshPrefs, i: GroupInstance): boolean =>
  (i.protectedFromScaleIn && prefs.scaleInProtected === 'Ignore') ||
  (i.lifecycle === 'Standby' && prefs.standby === 'Ignore');

/** An instance the refresh may not replace yet: protected from scale in, or in Standby, with Wait. */
const waitsFor = (prefs: RefreshPrefs, i: GroupInstance): boolean =>
  (i.protectedFromScaleIn && prefs.scaleInProtected === 'Wait') ||
  (i.lifecycle === 'Standby' && prefs.standby === 'Wait');

export const passId = (r: SimRefresh, pass: ReplacementPass): string =>
  pass === r.rollback ? `${r.id}:rollback` : r.id;

export function newPass(toReplace: Set<string>, target: ReplacementPass['target']): ReplacementPass {
  return {
    toReplace,
    total: toReplace.size,
    target,
    extra: 0,
    pendingOld: [],
    nextCheckpoint: 0,
    checkpointUntil: undefined,
    failures: 0,
    blockedSince: undefined,
  };
}

/** The pass whose configuration new instances of the group launch with now, if a refresh drives them. */
export function activePass(r: SimRefresh | undefined): ReplacementPass | undefined {
  if (!r) return undefined;
  if (r.status === 'InProgress' || r.status === 'Baking' || r.status === 'Cancelling') return r.forward;
  if (r.status === 'RollbackInProgress') return r.rollback;
  return undefined;
}

/** How far a pass has come: replaced instances whose replacements are ready. */
export function progress(host: RefreshHost, group: SimGroup, r: SimRefresh, pass: ReplacementPass) {
  const id = passId(r, pass);
  const ready = host.alive(group).filter((i) => i.launchedBy === id && host.ready(group, i)).length;
  const updated = Math.min(pass.total, ready);
  return {
    updated,
    toUpdate: pass.total - updated,
    percent: pass.total === 0 ? 100 : Math.floor((100 * updated) / pass.total),
  };
}

type StepResult = { kind: 'waiting' } | { kind: 'done' } | { kind: 'failed'; reason: string };

/** One decision of a pass: wait for the batch in flight, pause at a checkpoint, start the next batch, or finish. */
function step(
  host: RefreshHost,
  group: SimGroup,
  r: SimRefresh,
  pass: ReplacementPass,
  checkpoints: readonly number[],
): StepResult {
  const id = passId(r, pass);
  if (pass.failures >= REFRESH_FAILURE_LIMIT)
    return {
      kind: 'failed',
      reason: r.statusReason ?? 'new instances failed to launch or to pass health checks',
    };
  const alive = host.alive(group);
  const notReady = alive.filter((i) => i.launchedBy === id && !host.ready(group, i));
  // A batch is done when its replacements are ready and the group is back at capacity (a replacement that
  // failed its health check is itself being replaced).
  if (notReady.length || alive.length < group.desired + pass.extra) return { kind: 'waiting' };
  if (pass.extra > 0) {
    // Launch-first: the extra instances are ready, so the old ones they replace can go.
    for (const oldId of pass.pendingOld) {
      const old = group.instances.get(oldId);
      if (old && old.lifecycle !== 'Terminating')
        host.terminate(group, old, 'an instance refresh replaced it');
    }
    pass.extra = 0;
    pass.pendingOld = [];
    return { kind: 'waiting' };
  }
  // Standby instances are not alive (they do not count toward capacity), but a refresh replaces them too.
  let remaining = [...group.instances.values()].filter(
    (i) => i.lifecycle !== 'Terminating' && pass.toReplace.has(i.id),
  );
  // StandbyInstances Terminate: terminated, and not replaced (they were not part of the capacity).
  for (const i of remaining)
    if (i.lifecycle === 'Standby' && r.prefs.standby === 'Terminate')
      host.terminate(group, i, 'an instance refresh terminated an instance in Standby');
  remaining = remaining.filter((i) => i.lifecycle !== 'Terminating');
  if (remaining.length === 0) return { kind: 'done' };
  const replaceable = remaining.filter((i) => i.lifecycle !== 'Standby' && !waitsFor(r.prefs, i));
  if (replaceable.length === 0) {
    const blocked = remaining.map((i) => i.id).join(', ');
    const what = remaining.some((i) => i.lifecycle === 'Standby')
      ? 'instances in Standby to return to service'
      : 'scale-in protection to be removed from instances';
    pass.blockedSince ??= host.now;
    if (host.now - pass.blockedSince >= BLOCKED_WAIT_MS)
      return { kind: 'failed', reason: `Waited one hour for ${what}: ${blocked}` };
    r.statusReason = `Waiting for ${what}: ${blocked}`;
    return { kind: 'waiting' };
  }
  pass.blockedSince = undefined;
  const updated = pass.total - remaining.length;
  const percent = Math.floor((100 * updated) / pass.total);
  const cp = checkpoints[pass.nextCheckpoint];
  if (cp !== undefined && cp < 100 && percent >= cp) {
    pass.checkpointUntil ??= host.now + r.prefs.checkpointDelayMs;
    if (host.now < pass.checkpointUntil) {
      r.statusReason = `Waiting for the checkpoint delay at ${cp}%`;
      return { kind: 'waiting' };
    }
    pass.nextCheckpoint++;
    pass.checkpointUntil = undefined;
    r.statusReason = undefined;
  }
  const desired = group.desired;
  const { minHealthy, maxHealthy } = r.prefs;
  const launchFirst = maxHealthy !== undefined && maxHealthy > 100;
  let batch = launchFirst
    ? Math.max(1, Math.floor((desired * maxHealthy) / 100) - desired)
    : Math.max(1, desired - Math.ceil((desired * minHealthy) / 100));
  const next = checkpoints[pass.nextCheckpoint];
  if (next !== undefined && next < 100)
    batch = Math.min(batch, Math.max(1, Math.ceil((pass.total * next) / 100) - updated));
  const victims = replaceable.slice(0, Math.min(batch, replaceable.length));
  if (launchFirst) {
    pass.extra = victims.length;
    pass.pendingOld = victims.map((v) => v.id);
  } else for (const v of victims) host.terminate(group, v, 'an instance refresh replaced it');
  return { kind: 'waiting' };
}

/** Starts the rollback pass: every instance not on the group's previous configuration is replaced. */
function startRollback(host: RefreshHost, group: SimGroup, r: SimRefresh, reason: string): void {
  const p = progress(host, group, r, r.forward);
  const target = { id: r.previous.id, name: r.previous.name, version: host.resolveVersion(r.previous) };
  const toReplace = new Set(
    host
      .alive(group)
      .filter((i) => i.lt.id !== target.id || i.lt.version !== target.version)
      .map((i) => i.id),
  );
  r.forward.extra = 0;
  r.forward.pendingOld = [];
  r.rollback = {
    ...newPass(toReplace, target),
    reason,
    start: host.now,
    percentAtRollback: p.percent,
    toUpdateAtRollback: p.toUpdate,
  };
  r.status = 'RollbackInProgress';
  r.statusReason = reason;
}

function fail(host: RefreshHost, group: SimGroup, r: SimRefresh, reason: string): void {
  if (r.prefs.autoRollback && !r.rollback) return startRollback(host, group, r, reason);
  r.status = 'Failed';
  r.statusReason = reason;
  r.end = host.now;
}

/** Starts a manual rollback (RollbackInstanceRefresh). */
export function rollBack(host: RefreshHost, group: SimGroup, r: SimRefresh): void {
  startRollback(host, group, r, 'A rollback was started by the user (RollbackInstanceRefresh)');
}

/** Records a failed launch or a failed health check of an instance the pass launched. */
export function passFailure(r: SimRefresh, pass: ReplacementPass, reason: string): void {
  pass.failures++;
  r.statusReason = reason;
}

/** Moves a refresh on by one tick; `succeed` puts the desired configuration on the group. */
export function advanceRefresh(host: RefreshHost, group: SimGroup, r: SimRefresh, succeed: () => void): void {
  if (r.status === 'Pending') r.status = 'InProgress';
  if (r.status === 'InProgress' || r.status === 'Baking') {
    const alarm = host.firingAlarm(r.prefs.alarms);
    if (alarm) return fail(host, group, r, `CloudWatch alarm ${alarm} is in ALARM state`);
  }
  switch (r.status) {
    case 'InProgress': {
      const res = step(host, group, r, r.forward, r.prefs.checkpoints);
      if (res.kind === 'failed') return fail(host, group, r, res.reason);
      if (res.kind === 'done') {
        if (r.prefs.bakeMs > 0) {
          r.status = 'Baking';
          r.bakeUntil = host.now + r.prefs.bakeMs;
          r.statusReason = 'Waiting for the bake time to pass';
        } else finish(host, r, succeed);
      }
      return;
    }
    case 'Baking':
      if (host.now >= (r.bakeUntil ?? 0)) finish(host, r, succeed);
      return;
    case 'Cancelling': {
      const id = passId(r, r.forward);
      const inFlight = host.alive(group).some((i) => i.launchedBy === id && !host.ready(group, i));
      if (!inFlight) {
        r.status = 'Cancelled';
        r.statusReason = 'The instance refresh was cancelled (CancelInstanceRefresh)';
        r.end = host.now;
        r.forward.extra = 0;
      }
      return;
    }
    case 'RollbackInProgress': {
      const res = step(host, group, r, r.rollback!, []);
      if (res.kind === 'failed') {
        r.status = 'RollbackFailed';
        r.statusReason = res.reason;
        r.end = host.now;
      } else if (res.kind === 'done') {
        r.status = 'RollbackSuccessful';
        r.statusReason = `Rolled back: ${r.rollback!.reason}`;
        r.end = host.now;
      }
      return;
    }
    default:
      return;
  }
}

function finish(host: RefreshHost, r: SimRefresh, succeed: () => void): void {
  succeed();
  r.status = 'Successful';
  r.statusReason = undefined;
  r.end = host.now;
}
