import { keptSnapshotsText } from '../../artifacts/ami/deregister.js';
import type { RetentionResult } from '../../artifacts/ami/retention.js';
import type { Io } from '../../core/io.js';

/** One line per AMI retention kept or left half-deleted; a warning for every snapshot left behind. */
export function logRetention(io: Io, region: string, r: RetentionResult): void {
  for (const k of r.keptInUse) io.info(`${region}: kept ${k.imageId}: ${k.usedBy} still uses it`);
  for (const g of r.inGrace)
    io.info(
      `${region}: ${g.deprecatedNow ? 'deprecated' : 'kept deprecated'} ${g.imageId} (shared with other accounts, whose launch templates this account cannot see); a run after ${g.deregisterAfter.toISOString()} deregisters it`,
    );
  for (const k of r.snapshotsKept)
    io.warning(
      `${region}: deregistered ${k.imageId}, but not its snapshots ${keptSnapshotsText(k.snapshots)}`,
    );
}

/** The summary's retention rows for one region. */
export function retentionFacts(region: string, r: RetentionResult): Array<[string, string]> {
  const facts: Array<[string, string]> = [
    [
      `retention ${region}`,
      `deregistered ${r.deregistered.join(', ') || 'none'}; kept in use ${r.keptInUse.map((k) => k.imageId).join(', ') || 'none'}`,
    ],
  ];
  if (r.inGrace.length)
    facts.push([
      `deprecated, shared ${region}`,
      r.inGrace.map((g) => `${g.imageId} until ${g.deregisterAfter.toISOString()}`).join('; '),
    ]);
  if (r.snapshotsKept.length)
    facts.push([
      `snapshots kept ${region}`,
      r.snapshotsKept
        .flatMap((k) => k.snapshots.map((s) => `${k.imageId}: ${s.snapshotId} (${s.code})`))
        .join('; '),
    ]);
  return facts;
}
