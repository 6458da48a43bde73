// Request-rate throttling of one account, per region and API family, as token buckets on the virtual clock.
// Every client of the account draws from the same buckets, as every caller of a real account does.

/** A bucket's size (the burst) and how many tokens it regains per second (the sustained rate). */
export interface BucketSpec {
  size: number;
  refillPerSecond: number;
}

const READ = /^(Describe|Get|List|BatchGet)/;

const EC2_PAGE = 'https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html';
const ECS_PAGE = 'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html';
const LAMBDA_PAGE = 'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html';
const CLOUDWATCH_PAGE =
  'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html';

/** Which bucket a call draws from (its key within the account and region) and that bucket's figures. */
export interface BucketChoice {
  key: string;
  spec: BucketSpec;
  /** The page the figures come from, or 'assumed' (see /work/notes/assumptions-s.md). */
  source: string;
}

// EC2 (EC2_PAGE, "Request token bucket sizes and refill rates"): each API has its own bucket ("each API is
// evaluated individually"); non-mutating actions 100 tokens, 20 a second (the page's DescribeHosts example);
// mutating actions 200 tokens, 5 a second. The separate resource-token limits (RunInstances,
// TerminateInstances) are not modelled.
function ec2(action: string): BucketChoice {
  return READ.test(action)
    ? { key: `ec2:${action}`, spec: { size: 100, refillPerSecond: 20 }, source: EC2_PAGE }
    : { key: `ec2:${action}`, spec: { size: 200, refillPerSecond: 5 }, source: EC2_PAGE };
}

// ECS (ECS_PAGE, "Throttling quotas"): buckets per group of actions, burst = bucket size, sustained = refill.
// The page's example: cluster read actions (DescribeClusters) have a bucket of 50 tokens and refill 20 a
// second. The other groups use the page's figures as read for this model; where unsure, the lower one.
const ECS_GROUPS: Array<[RegExp, string, BucketSpec]> = [
  [/^(DescribeClusters|ListClusters)$/, 'cluster-read', { size: 50, refillPerSecond: 20 }],
  [
    /^(DescribeServices|ListServices|ListServiceDeployments|DescribeServiceDeployments|DescribeServiceRevisions)$/,
    'service-read',
    { size: 100, refillPerSecond: 20 },
  ],
  [/^(CreateService|UpdateService|DeleteService)$/, 'service-modify', { size: 50, refillPerSecond: 5 }],
  [/^(DescribeTasks|ListTasks)$/, 'task-read', { size: 100, refillPerSecond: 20 }],
  [/^(RunTask|StartTask|StopTask)$/, 'task-modify', { size: 100, refillPerSecond: 20 }],
  [/^(DescribeTaskDefinition|ListTaskDefinitions)$/, 'taskdef-read', { size: 20, refillPerSecond: 1 }],
  [/^(RegisterTaskDefinition|DeregisterTaskDefinition)$/, 'taskdef-modify', { size: 20, refillPerSecond: 1 }],
  [/^(DescribeTaskSets)$/, 'taskset-read', { size: 20, refillPerSecond: 1 }],
  [
    /^(CreateTaskSet|UpdateTaskSet|DeleteTaskSet|UpdateServicePrimaryTaskSet)$/,
    'taskset-modify',
    { size: 20, refillPerSecond: 1 },
  ],
];
function ecs(action: string): BucketChoice {
  for (const [pattern, group, spec] of ECS_GROUPS)
    if (pattern.test(action)) return { key: `ecs:${group}`, spec, source: ECS_PAGE };
  // Actions the page groups elsewhere (tags, container instances, account settings): the lowest rate.
  return { key: 'ecs:other', spec: { size: 20, refillPerSecond: 1 }, source: ECS_PAGE };
}

// Lambda (LAMBDA_PAGE, "Lambda API requests"): GetFunction 100 requests a second, GetPolicy 15, and every other
// control-plane request (everything but Invoke) 15 a second in all. The page gives rates, no burst: the
// stricter reading is a bucket of one second's worth.
function lambda(action: string): BucketChoice | undefined {
  if (action === 'Invoke' || action === 'InvokeWithResponseStream') return undefined;
  if (action === 'GetFunction')
    return { key: 'lambda:GetFunction', spec: { size: 100, refillPerSecond: 100 }, source: LAMBDA_PAGE };
  if (action === 'GetPolicy')
    return { key: 'lambda:GetPolicy', spec: { size: 15, refillPerSecond: 15 }, source: LAMBDA_PAGE };
  return { key: 'lambda:control-plane', spec: { size: 15, refillPerSecond: 15 }, source: LAMBDA_PAGE };
}

// CloudWatch (CLOUDWATCH_PAGE): DescribeAlarms 9 transactions a second, PutMetricAlarm 3, GetMetricData 50; no
// burst is published, so a bucket of one second's worth. Other actions: the DescribeAlarms figure.
const CLOUDWATCH_TPS: Record<string, number> = { DescribeAlarms: 9, PutMetricAlarm: 3, GetMetricData: 50 };
function cloudwatch(action: string): BucketChoice {
  const tps = CLOUDWATCH_TPS[action] ?? 9;
  return { key: `cloudwatch:${action}`, spec: { size: tps, refillPerSecond: tps }, source: CLOUDWATCH_PAGE };
}

// Auto Scaling and ELBv2 publish no request rates. Assumed (stricter than EC2's published figures, which share
// the regional control plane): one bucket per family for reads, 40 tokens and 10 a second, and one for
// writes, 20 tokens and 2 a second. See /work/notes/assumptions-s.md.
function assumedFamily(prefix: string, action: string): BucketChoice {
  return READ.test(action)
    ? { key: `${prefix}:read`, spec: { size: 40, refillPerSecond: 10 }, source: 'assumed' }
    : { key: `${prefix}:write`, spec: { size: 20, refillPerSecond: 2 }, source: 'assumed' };
}

/** The bucket a call of `prefix:action` draws from; undefined for a family that is not rate-limited here. */
export function bucketFor(prefix: string, action: string): BucketChoice | undefined {
  switch (prefix) {
    case 'ec2':
      return ec2(action);
    case 'ecs':
      return ecs(action);
    case 'lambda':
      return lambda(action);
    case 'cloudwatch':
      return cloudwatch(action);
    case 'autoscaling':
    case 'elasticloadbalancing':
      return assumedFamily(prefix, action);
    default:
      return undefined;
  }
}

/** One token bucket; it refills continuously at its rate, up to its size, as the virtual clock moves. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly spec: BucketSpec,
    now: number,
  ) {
    this.tokens = spec.size;
    this.last = now;
  }

  /** Takes one token at `now`; false when the bucket is empty (the call is throttled). */
  take(now: number): boolean {
    if (now > this.last) {
      this.tokens = Math.min(
        this.spec.size,
        this.tokens + ((now - this.last) / 1000) * this.spec.refillPerSecond,
      );
      this.last = now;
    }
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** The buckets of one account, by region and bucket key, with a count of what they refused. */
export class RateLimits {
  private readonly buckets = new Map<string, TokenBucket>();
  /** Throttled calls by bucket key (`ecs:service-read`), over all regions. */
  readonly throttled = new Map<string, number>();

  constructor(private readonly choose: typeof bucketFor = bucketFor) {}

  /** Whether a call may go through now; a refused call counts against its bucket's key. */
  admit(prefix: string, action: string, region: string, now: number): boolean {
    const choice = this.choose(prefix, action);
    if (!choice) return true;
    const id = `${region}/${choice.key}`;
    let bucket = this.buckets.get(id);
    if (!bucket) this.buckets.set(id, (bucket = new TokenBucket(choice.spec, now)));
    if (bucket.take(now)) return true;
    this.throttled.set(choice.key, (this.throttled.get(choice.key) ?? 0) + 1);
    return false;
  }
}
