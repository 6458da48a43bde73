import { afterEach, describe, expect, it, vi } from 'vitest';
import { run as deployEc2 } from '../../src/actions/deploy-ec2/main.js';
import { run as deployEcs } from '../../src/actions/deploy-ecs/main.js';
import { run as deployLambda } from '../../src/actions/deploy-lambda/main.js';
import type { AwsFactory } from '../../src/core/aws.js';
import type { Deps } from '../../src/core/deps.js';
import { createActionsIo } from '../../src/core/io.js';
import { runMain } from '../../src/core/run.js';
import { CONTAINER, CLUSTER, containersAccount, IMAGE_V2, SERVICE } from '../sim/containers.js';
import type { SimAccount } from '../sim/account.js';
import { MemoryIo } from '../sim/memory-io.js';
import { BLUE_GROUP, ec2Fixture, REGION } from './ec2-fixture.js';
import { baseInputs, lambdaFixture } from './lambda-fixture.js';

// What anyone who can write an alarm's reason, a task's exit reason or a function's error body could send:
// a line that stops the runner's command processing (hiding the real failure) and one that forges a warning.
const HOSTILE = 'x\n::stop-commands::pwned\r\n::warning::forged\u2028::error::forged too ##[error]old form';

// The free-text members AWS fills in, by operation: the parts of a response that reach a log line.
const FREE_TEXT: Record<string, readonly string[]> = {
  DescribeAlarmsCommand: ['StateReason'],
  DescribeTasksCommand: ['stoppedReason', 'reason'],
  DescribeServicesCommand: ['message', 'rolloutStateReason'],
  DescribeServiceDeploymentsCommand: ['statusReason'],
  DescribeTargetHealthCommand: ['Description'],
  DescribeScalingActivitiesCommand: ['StatusMessage', 'Description', 'Cause'],
  DescribeInstanceRefreshesCommand: ['StatusReason'],
};

function poison(value: unknown, keys: readonly string[]): void {
  if (Array.isArray(value)) for (const v of value) poison(v, keys);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'string' && keys.includes(k))
        (value as Record<string, unknown>)[k] = `${v} ${HOSTILE}`;
      else poison(v, keys);
    }
}

/** The account's clients, with hostile text appended to every free-text member of their responses. */
function hostileAws(aws: AwsFactory): AwsFactory {
  return (settings) => {
    const clients = aws(settings);
    const seen = new WeakSet<object>();
    return {
      get(ctor, region) {
        const client = clients.get(ctor, region) as {
          middlewareStack: { add: (mw: unknown, opts: unknown) => void };
        };
        if (!seen.has(client)) {
          seen.add(client);
          client.middlewareStack.add(
            (next: (a: unknown) => Promise<{ output: unknown }>, context: { commandName: string }) =>
              async (args: unknown) => {
                const result = await next(args);
                const keys = FREE_TEXT[context.commandName];
                if (keys) poison(result.output, keys);
                return result;
              },
            { step: 'initialize', name: 'hostileText', priority: 'low' },
          );
        }
        return client as never;
      },
    };
  };
}

/** A MemoryIo whose log lines also go through the runner's own io, whose stdout the test reads. */
class RunnerIo extends MemoryIo {
  private readonly runner = createActionsIo();
  override info(m: string): void {
    super.info(m);
    this.runner.info(m);
  }
  override warning(m: string): void {
    super.warning(m);
    this.runner.warning(m);
  }
  override error(m: string): void {
    super.error(m);
    this.runner.error(m);
  }
  override setFailed(m: string): void {
    super.setFailed(m);
    this.runner.error(m);
  }
}

const runnerDeps = (account: SimAccount, inputs: Record<string, string>) =>
  account.deps(inputs, { io: new RunnerIo(inputs) });

/** Runs an action's main as the runner does (runMain) and returns what it wrote to stdout. */
async function stdoutOf(run: (deps: Deps) => Promise<void>, deps: Deps): Promise<string[]> {
  const written: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    written.push(String(chunk));
    return true;
  });
  await runMain(run, { ...deps, aws: hostileAws(deps.aws) });
  vi.restoreAllMocks();
  return written.join('').split('\n');
}

/** The run failed, the hostile text reached the log (so the source is covered), and wrote no command. */
function expectDefused(lines: string[], deps: { io: MemoryIo }): void {
  expect(deps.io.failed).toBeDefined();
  const commands = lines.filter((l) => /^\s*::/.test(l)).map((l) => /^\s*::([a-z-]+)::/.exec(l)?.[1]);
  expect(new Set(commands)).toEqual(new Set(['error', ...(commands.includes('warning') ? ['warning'] : [])]));
  expect(
    lines.filter((l) => /stop-commands|forged/.test(l) && !/^::error::/.test(l) && /^\s*::/.test(l)),
  ).toEqual([]);
  expect(
    lines.some((l) => l.includes('x\\n\\::stop-commands::pwned') || l.includes('x\\n::stop-commands')),
  ).toBe(true);
  expect(lines.join('\n')).not.toContain('##[error]');
}

describe('text from AWS and from a deployed function cannot write a workflow command', () => {
  afterEach(() => vi.restoreAllMocks());

  it('an alarm reason (deploy-lambda canary, alarm fires)', async () => {
    const { account, lambda, cloudwatch } = lambdaFixture();
    cloudwatch.putAlarm('orders-errors');
    cloudwatch.fireWhen('orders-errors', () => lambda.weightOf('orders', 'live', '2') > 0, 60_000);
    const deps = runnerDeps(account, {
      ...baseInputs,
      strategy: 'canary',
      'canary-interval': '10m',
      alarms: 'orders-errors',
    });
    expectDefused(await stdoutOf(deployLambda, deps), deps);
  });

  it("a deployed function's error body (deploy-lambda smoke test)", async () => {
    const { account, lambda, newSha } = lambdaFixture();
    lambda.behave(newSha, () => ({ payload: { errorMessage: HOSTILE }, functionError: 'Unhandled' }));
    const deps = runnerDeps(account, {
      ...baseInputs,
      'smoke-payload': '{"ping":true}',
      'smoke-expect': '{"statusCode":200}',
    });
    expectDefused(await stdoutOf(deployLambda, deps), deps);
  });

  it('ECS stopped reasons, service events and target health reasons (deploy-ecs circuit breaker)', async () => {
    const env = containersAccount();
    env.ecs.behave(IMAGE_V2, { kind: 'unhealthy', reason: 'Target.ResponseCodeMismatch' });
    const deps = runnerDeps(env.account, {
      cluster: CLUSTER,
      service: SERVICE,
      image: IMAGE_V2,
      'container-name': CONTAINER,
      'aws-region': 'us-east-1',
    });
    expectDefused(await stdoutOf(deployEcs, deps), deps);
  });

  it('scaling activities and the refresh status reason (deploy-ec2 rolling rolls back)', async () => {
    const f = ec2Fixture({ minimumHealthy: 2 });
    f.ec2.app(f.newAmi, () => ({ up: false, reason: 'Target.ResponseCodeMismatch' }));
    const deps = runnerDeps(f.account, {
      'auto-scaling-group': BLUE_GROUP,
      'ami-id': f.newAmi,
      strategy: 'rolling',
      'min-healthy-percent': '50',
      'instance-warmup': '30s',
      'aws-region': REGION,
    });
    expectDefused(await stdoutOf(deployEc2, deps), deps);
  });

  it('target health reasons (deploy-ec2 blue/green, green never healthy)', async () => {
    const f = ec2Fixture();
    f.ec2.app(f.newAmi, () => ({ up: false, reason: 'Target.ResponseCodeMismatch' }));
    const deps = runnerDeps(f.account, {
      service: 'web',
      'ami-id': f.newAmi,
      strategy: 'blue-green',
      'listener-arn': f.listenerArn!,
      'aws-region': REGION,
    });
    expectDefused(await stdoutOf(deployEc2, deps), deps);
  });
});
