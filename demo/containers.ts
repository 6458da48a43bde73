import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run as buildImage } from '../src/actions/build-image/main.js';
import { run as deployEcs } from '../src/actions/deploy-ecs/main.js';
import { CLUSTER, CONTAINER, containersAccount, SERVICE } from '../test/sim/containers.js';
import { DemoRun } from './step.js';

const REPOSITORY = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web';

/**
 * Containers: build-image (daemonless, on scratch: no base to pull) → deploy-ecs rolling with the circuit
 * breaker, then a release whose tasks fail their health checks, which ECS rolls back and the job reports
 * as rolled back. publish-image needs a real registry, so the demo deploys the digest build-image computed
 * (the tests push it to Debian's docker-registry).
 */
export async function containersDemo(out: string): Promise<{ ok: boolean; summaries: string[] }> {
  const env = containersAccount();
  const demo = new DemoRun(env.account, {});
  console.log(`simulated account: cluster ${CLUSTER}, service ${SERVICE} (3 tasks behind an ALB)`);

  const release = async (name: string, body: string) => {
    const context = join(out, name);
    mkdirSync(context, { recursive: true });
    writeFileSync(join(context, 'server.js'), body);
    const built = await demo.step(`build-image ${name}`, buildImage, {
      base: 'scratch',
      context,
      cmd: '["node","server.js"]',
      output: join(out, `${name}.oci`),
    });
    return `${REPOSITORY}@${built.outputs['digest']!}`;
  };

  const good = await release('web-v2', 'require("http").createServer((q, s) => s.end("v2")).listen(8080);\n');
  const first = await demo.step('deploy-ecs rolling (circuit breaker on)', deployEcs, {
    cluster: CLUSTER,
    service: SERVICE,
    'container-name': CONTAINER,
    image: good,
    'bake-time': '2m',
  });

  const broken = await release('web-v3', 'process.exit(1);\n');
  env.ecs.behave(broken, { kind: 'unhealthy', reason: 'Target.ResponseCodeMismatch' });
  const second = await demo.step('deploy-ecs rolling of a release that fails its health checks', deployEcs, {
    cluster: CLUSTER,
    service: SERVICE,
    'container-name': CONTAINER,
    image: broken,
  });

  const running = env.ecs.taskDefinitionOf(env.service).containerDefinitions?.[0]?.image;
  console.log(`\nservice ${SERVICE} now runs ${running}; second deploy status: ${second.outputs['status']}`);
  console.log(demo.totals());
  const ok =
    env.account.violations.length === 0 &&
    first.outputs['status'] === 'succeeded' &&
    second.outputs['status'] === 'rolled-back' &&
    running === good;
  return { ok, summaries: demo.summaries };
}
