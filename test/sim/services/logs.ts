import * as sdk from '@aws-sdk/client-cloudwatch-logs';
import { SimService } from '../account.js';

interface SimLogEvent {
  timestamp: number;
  message: string;
  ingestionTime: number;
}

/** GetLogEvents returns at most 10,000 events (1 MB) per call; `limit` may lower it. */
const MAX_EVENTS = 10_000;

/**
 * CloudWatch Logs: log groups (scenario set-up), log streams that writers create (the awslogs driver of an ECS
 * container), and GetLogEvents with its forward and backward tokens.
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetLogEvents.html
 */
export class LogsSim extends SimService {
  readonly clientName = 'CloudWatchLogsClient';
  readonly iamPrefix = 'logs';
  readonly sdk = sdk as unknown as Record<string, unknown>;
  // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/CommonErrors.html
  readonly throttle = { name: 'ThrottlingException', status: 400 };
  /** region/group → stream → events, in the order written. */
  private readonly groups = new Map<string, Map<string, SimLogEvent[]>>();

  // ---- set-up and writers (not API calls) ----

  createLogGroup(name: string, region = 'us-east-1'): void {
    if (!this.groups.has(`${region}/${name}`)) this.groups.set(`${region}/${name}`, new Map());
  }

  hasLogGroup(name: string, region: string): boolean {
    return this.groups.has(`${region}/${name}`);
  }

  /** A writer (the awslogs driver) appends events to a stream, creating the stream on the first write. */
  write(
    region: string,
    group: string,
    stream: string,
    events: Array<{ timestamp: number; message: string }>,
  ): void {
    const g = this.groups.get(`${region}/${group}`);
    if (!g) throw new Error(`log group ${group} does not exist in ${region}`);
    const s = g.get(stream) ?? [];
    g.set(stream, s);
    for (const e of events) s.push({ ...e, ingestionTime: this.now });
  }

  streamNames(group: string, region = 'us-east-1'): string[] {
    return [...(this.groups.get(`${region}/${group}`)?.keys() ?? [])];
  }

  // ---- API ----

  /**
   * Events from the head (startFromHead true) or the tail (the default) of a stream, at most `limit` (up to
   * 10,000). The tokens are positions: "f/<n>" reads forward from event n, "b/<n>" backward to it. "If you
   * have reached the end of the stream, it returns the same token you passed in": a forward read that finds
   * nothing new returns the token it was given, which is how a reader knows it is done.
   * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetLogEvents.html
   */
  GetLogEvents(input: sdk.GetLogEventsRequest, region: string): sdk.GetLogEventsResponse {
    const groupName = input.logGroupName ?? input.logGroupIdentifier?.split(':log-group:').pop() ?? '';
    const g = this.groups.get(`${region}/${groupName}`);
    if (!g) throw this.error('ResourceNotFoundException', 'The specified log group does not exist.', 400);
    const events = g.get(input.logStreamName ?? '');
    if (!events)
      throw this.error('ResourceNotFoundException', 'The specified log stream does not exist.', 400);
    const limit = input.limit ?? MAX_EVENTS;
    if (limit < 1 || limit > MAX_EVENTS)
      throw this.error('InvalidParameterException', 'limit must be between 1 and 10000.', 400);
    const token = input.nextToken;
    const m = token ? /^([fb])\/(\d+)$/.exec(token) : null;
    if (token && !m)
      throw this.error('InvalidParameterException', 'The specified nextToken is invalid.', 400);
    const forward = m ? m[1] === 'f' : input.startFromHead === true;
    let from: number;
    let to: number;
    if (forward) {
      from = m ? Number(m[2]) : 0;
      to = Math.min(events.length, from + limit);
    } else {
      to = m ? Number(m[2]) : events.length;
      from = Math.max(0, to - limit);
    }
    const page = events.slice(from, to);
    return {
      events: page.map((e) => ({
        timestamp: e.timestamp,
        message: e.message,
        ingestionTime: e.ingestionTime,
      })),
      // A page that read nothing new hands back the token it was given.
      nextForwardToken: forward && page.length === 0 && token ? token : `f/${to}`,
      nextBackwardToken: !forward && page.length === 0 && token ? token : `b/${from}`,
    };
  }
}
