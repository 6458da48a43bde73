import { LambdaAliases } from './lambda-aliases.js';

export type { Behaviour, SimFunction, VersionState } from './lambda-model.js';
export { SNAPSTART_PENDING_MS, UPDATE_MS, VERSION_PENDING_MS } from './lambda-model.js';

/**
 * Lambda as its API reference documents it: $LATEST with LastUpdateStatus, immutable published versions
 * that come up Pending then Active (or Failed), aliases with weighted routing to one extra published
 * version, and optimistic locking by RevisionId. Split by resource: lambda-functions.ts ($LATEST),
 * lambda-versions.ts (versions, Invoke), lambda-aliases.ts; this file holds the clock and the invariants.
 */
export class LambdaSim extends LambdaAliases {
  /** When set, versions outside it take traffic only after a direct invocation that succeeded. */
  private smokeTrusted: Set<string> | undefined;

  override tick(now: number): void {
    this.tickFunctions(now);
    this.tickVersions(now);
  }

  /**
   * From now on, a version takes traffic only once a direct invocation of it succeeded: for scenarios that
   * run a smoke test. The versions serving at this moment are exempt.
   */
  requireSmokeTest(): void {
    this.smokeTrusted = new Set();
    for (const f of this.functions.values())
      for (const a of f.aliases.values())
        for (const v of this.versionsWithTraffic(a)) this.smokeTrusted.add(`${f.name}:${v}`);
  }

  /**
   * Invariant: traffic goes only to published versions that are Active, whose last direct invocation (the
   * smoke test) did not fail, and, under requireSmokeTest, that one succeeded.
   */
  trafficProblems(): string | undefined {
    for (const f of this.functions.values())
      for (const a of f.aliases.values())
        for (const v of [a.functionVersion, ...Object.keys(a.weights)]) {
          const published = f.versions.get(v);
          const where = `alias ${f.name}:${a.name} routes to ${v}`;
          if (!published) return `${where}, which is not a published version`;
          if (!this.versionsWithTraffic(a).includes(v)) continue;
          if (published.state !== 'Active') return `${where}, which is ${published.state}`;
          const invoked = this.directInvocations.get(`${f.name}:${v}`);
          if (invoked === false) return `${where}, whose last direct invocation failed`;
          if (this.smokeTrusted && invoked === undefined && !this.smokeTrusted.has(`${f.name}:${v}`))
            return `${where}, which no smoke test invoked`;
        }
    return undefined;
  }

  /**
   * Invariant: a split always includes the version the alias last served whole, so one rollout never
   * routes to two versions besides the one it started from.
   */
  splitProblems(): string | undefined {
    return this.splitsBroken[0];
  }

  /** Final invariant: every alias ends serving one version, fully old or fully new. */
  splitLeft(): string | undefined {
    for (const f of this.functions.values())
      for (const a of f.aliases.values()) {
        const served = this.versionsWithTraffic(a);
        if (served.length > 1)
          return `alias ${f.name}:${a.name} is left split between ${served.join(' and ')}`;
      }
    return undefined;
  }
}
