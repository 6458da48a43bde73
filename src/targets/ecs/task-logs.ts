import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';

/** Where a container's awslogs driver writes a task's lines. */
export interface LogStream {
  region: string;
  group: string;
  stream: string;
}

/** The most lines printed: the last ones, where a failed migration says why. */
export const MAX_LINES = 1000;
// A guard against a stream that keeps growing while it is read: 10,000 events a page, so 1,000,000 at most.
const MAX_PAGES = 100;

/**
 * The awslogs stream of one container of a task: prefix/container/task-id
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html); undefined when the
 * container does not log to CloudWatch Logs or names no stream prefix (then the stream name is not knowable).
 */
export function awslogsStream(
  definition: Record<string, unknown>,
  container: string,
  taskArn: string,
  defaultRegion: string,
): LogStream | undefined {
  const defs = (definition['containerDefinitions'] ?? []) as Array<{
    name?: string;
    logConfiguration?: { logDriver?: string; options?: Record<string, string> };
  }>;
  const log = defs.find((c) => c.name === container)?.logConfiguration;
  const o = log?.options;
  if (log?.logDriver !== 'awslogs' || !o?.['awslogs-group'] || !o['awslogs-stream-prefix']) return undefined;
  return {
    region: o['awslogs-region'] ?? defaultRegion,
    group: o['awslogs-group'],
    // Stryker disable next-line StringLiteral: split() always returns at least one element, so pop() never gives undefined
    stream: `${o['awslogs-stream-prefix']}/${container}/${taskArn.split('/').pop() ?? ''}`,
  };
}

/** The CloudWatch console's page for a stream; it escapes each name twice, with $ for %. */
export function streamConsoleUrl(s: LogStream): string {
  const esc = (x: string): string => encodeURIComponent(encodeURIComponent(x)).replace(/%/g, '$');
  return `https://${s.region}.console.aws.amazon.com/cloudwatch/home?region=${s.region}#logsV2:log-groups/log-group/${esc(s.group)}/log-events/${esc(s.stream)}`;
}

/**
 * The stream's lines from its head, the last MAX_LINES of them, and how many earlier ones were left out.
 * GetLogEvents pages forward with nextForwardToken; the end is the page that hands back the token it was given
 * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetLogEvents.html).
 */
export async function readTaskLog(
  logs: CloudWatchLogsClient,
  s: LogStream,
): Promise<{ lines: string[]; leftOut: number }> {
  const lines: string[] = [];
  let leftOut = 0;
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const out = await logs.send(
      new GetLogEventsCommand({
        logGroupName: s.group,
        logStreamName: s.stream,
        startFromHead: true,
        ...(token ? { nextToken: token } : {}),
      }),
    );
    for (const e of out.events ?? []) lines.push(...(e.message ?? '').replace(/\n$/, '').split('\n'));
    // Stryker disable next-line ConditionalExpression,EqualityOperator: splice with a deleteCount of 0 or less removes nothing, so the test only saves a call
    if (lines.length > MAX_LINES) leftOut += lines.splice(0, lines.length - MAX_LINES).length;
    if (!out.nextForwardToken || out.nextForwardToken === token) break;
    token = out.nextForwardToken;
  }
  return { lines, leftOut };
}
