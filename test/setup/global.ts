import { rmSync } from 'node:fs';
import { IAM_CALLS_DIR } from './iam-calls-dir.js';

/** Runs once before the suite: the IAM record starts empty, so it reflects this run only. */
export default function setup(): void {
  rmSync(IAM_CALLS_DIR, { recursive: true, force: true });
}
