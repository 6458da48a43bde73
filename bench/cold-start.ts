import { resolve } from 'node:path';
import { sideBySide, timeCommand } from './measure.js';

/** Startup of a deploy bundle that fails on a bad input, against bare node. */
export async function benchColdStart(): Promise<string[]> {
  const bundle = resolve('dist/deploy-lambda/index.js');
  const env = {
    PATH: process.env['PATH'] ?? '',
    GITHUB_STATE: '/dev/null',
    GITHUB_OUTPUT: '/dev/null',
    INPUT_VERSION: 'latest',
  };
  const t = sideBySide(
    25,
    () => timeCommand(process.execPath, [bundle], { env }),
    () => timeCommand(process.execPath, ['-e', '0'], { env }),
  );
  return [
    'cold start of node dist/deploy-lambda/index.js on a bad input vs node -e 0 (median of 25, alternating):',
    `  bundle ${t.a.toFixed(1)} ms, node -e 0 ${t.b.toFixed(1)} ms, +${(t.a - t.b).toFixed(1)} ms (target < +60 ms), ratio ${(t.a / t.b).toFixed(2)}x`,
  ];
}
