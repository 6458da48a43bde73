// `npm run demo`: the three patterns end to end on the simulated AWS account (no AWS needed): Serverless
// (build, publish, a canary that succeeds, then one whose alarm rolls it back), Containers (a daemonless image
// build, an ECS rolling deploy, then one that ECS rolls back) and VMs (the root action baking an AMI and
// rolling it out blue/green). Progress lines print as they happen, stamped with the simulated time; the job
// summaries go to demo-output/summary.md.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { containersDemo } from './containers.js';
import { serverlessDemo } from './serverless.js';
import { vmsDemo } from './vms.js';

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'demo-output');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const results: Array<[string, { ok: boolean; summaries: string[] }]> = [];
console.log('═══ Serverless: build-function → publish-function → deploy-lambda');
results.push(['serverless', await serverlessDemo(root, out)]);
console.log('\n═══ Containers: build-image → deploy-ecs');
results.push(['containers', await containersDemo(out)]);
console.log('\n═══ VMs: the root action, target ec2 (build-ami → publish-ami → deploy-ec2)');
results.push(['vms', await vmsDemo()]);

const summaryPath = join(out, 'summary.md');
writeFileSync(summaryPath, results.flatMap(([, r]) => r.summaries).join('\n---\n\n'));
console.log(`\njob summaries written to ${summaryPath}`);
const failed = results.filter(([, r]) => !r.ok).map(([name]) => name);
if (failed.length) {
  console.log(`the demo did not end as expected: ${failed.join(', ')}`);
  process.exit(1);
}
