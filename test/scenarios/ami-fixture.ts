import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScriptBehaviour } from '../sim/bake-machine.js';
import { bakeMachine } from '../sim/bake-machine.js';
import type { SimAccount } from '../sim/account.js';
import { CancelledError } from '../../src/core/errors.js';
import { REGION, vmsAccount } from '../sim/vms.js';

export const PROVISION =
  '#!/bin/bash\nset -euo pipefail\ndnf install -y nginx\ncp "$SLIPWAY_FILES/app.conf" /etc/nginx/conf.d/\n';

/** A workspace with a small `files` directory (it fits in user-data). */
export function workspace(extra: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'slipway-ami-'));
  mkdirSync(join(dir, 'files'));
  writeFileSync(join(dir, 'files', 'app.conf'), 'server { listen 8080; }\n');
  for (const [name, body] of Object.entries(extra)) writeFileSync(join(dir, 'files', name), body);
  return dir;
}

export const succeeds: ScriptBehaviour = () => ({
  exitCode: 0,
  output: ['Installing nginx', 'Complete!'],
  durationMs: 6 * 60_000,
});

/** The VM account with no group, whose builders run slipway's user-data as `behaviour` says. */
export function amiFixture(behaviour: ScriptBehaviour = succeeds, seed?: number) {
  const vms = vmsAccount({ instances: 0, ...(seed !== undefined ? { seed } : {}) });
  vms.ec2.provision(bakeMachine(behaviour, vms.s3));
  return vms;
}

export const bakeInputs = (dir: string, extra: Record<string, string> = {}) => ({
  'base-ami': 'ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
  provision: PROVISION,
  files: 'files',
  'ami-name': 'web-{sha}-{date}',
  tags: 'team=payments',
  'aws-region': REGION,
  ...extra,
});

export const bakeEnv = (dir: string) => ({
  GITHUB_WORKSPACE: dir,
  GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
  GITHUB_RUN_ID: '9001',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_RUN_NUMBER: '42',
});

/** `n` bytes that do not compress (a sha256 chain), the same on every run. */
export function incompressible(n: number): Buffer {
  const parts: Buffer[] = [];
  let h = Buffer.from('slipway');
  for (let size = 0; size < n; size += 32) parts.push((h = createHash('sha256').update(h).digest()));
  return Buffer.concat(parts).subarray(0, n);
}

/**
 * Cancels a run (as SIGINT would) at the first moment of virtual time when `when` holds. Tied to the
 * simulated state rather than to a fixed time, so the set-up's real I/O cannot let the clock race past it.
 */
export function cancelWhen<D extends { signal: AbortSignal }>(
  account: SimAccount,
  deps: D,
  when: () => boolean,
): D {
  const controller = new AbortController();
  let fired = false;
  account.clock.onAdvance.push(() => {
    if (!fired && when()) {
      fired = true;
      controller.abort(new CancelledError('cancelled (SIGINT)'));
    }
  });
  return { ...deps, signal: controller.signal };
}

/** The end of every scenario: no invariant was broken at any tick or call, and nothing is left behind. */
export function expectClean(account: SimAccount): void {
  expect(account.violations).toEqual([]);
  expect(account.orphans()).toEqual([]);
}
