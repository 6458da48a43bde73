import { rmSync } from 'node:fs';

/** Runs once before the suite: the IAM record starts empty, so it reflects this run only. */
export default function setup(): void {
  rmSync('.tmp/iam-calls', { recursive: true, force: true });
}
