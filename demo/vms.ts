import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run as pipeline } from '../src/actions/pipeline/main.js';
import { bakeMachine } from '../test/sim/bake-machine.js';
import { REGION, SERVICE, vmsAccount } from '../test/sim/vms.js';
import { DemoRun } from './step.js';

/**
 * VMs, through the root action in one step: build-ami bakes an AMI with user-data → publish-ami → deploy-ec2
 * blue/green behind the ALB (green cloned, checked at weight 0, all traffic moved, blue drained and deleted).
 */
export async function vmsDemo(): Promise<{ ok: boolean; summaries: string[] }> {
  const vms = vmsAccount();
  // Builders run the provision script the way slipway's user-data does, in six simulated minutes.
  vms.ec2.provision(
    bakeMachine(
      () => ({ exitCode: 0, output: ['Installing nginx', 'Complete!'], durationMs: 6 * 60_000 }),
      vms.s3,
    ),
  );
  const workspace = mkdtempSync(join(tmpdir(), 'slipway-demo-ami-'));
  mkdirSync(join(workspace, 'files'));
  writeFileSync(join(workspace, 'files', 'app.conf'), 'server { listen 8080; }\n');
  const demo = new DemoRun(vms.account, {
    GITHUB_WORKSPACE: workspace,
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_RUN_ID: '9001',
    GITHUB_RUN_ATTEMPT: '1',
  });
  console.log(`simulated account: service ${SERVICE}, an Auto Scaling group of 4 behind an ALB listener`);

  const run = await demo.step('slipway (target ec2): bake, publish, blue/green', pipeline, {
    target: 'ec2',
    'base-ami': 'ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
    provision:
      '#!/bin/bash\nset -euo pipefail\ndnf install -y nginx\ncp "$SLIPWAY_FILES/app.conf" /etc/nginx/conf.d/\n',
    files: 'files',
    'ami-name': 'web-{sha}-{date}',
    service: SERVICE,
    strategy: 'blue-green',
    'listener-arn': vms.listenerArn!,
    'bake-time': '3m',
    'aws-region': REGION,
  });

  const live = run.outputs['auto-scaling-group'];
  console.log(
    `\nthe service now runs group ${live} on ${run.outputs['ami-id']}; status: ${run.outputs['status']}`,
  );
  console.log(demo.totals());
  const ok = vms.account.violations.length === 0 && run.outputs['status'] === 'succeeded';
  return { ok, summaries: demo.summaries };
}
