/** A user error: one input has a value that is not allowed. */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    readonly input: string,
    readonly problem: string,
  ) {
    super(`input '${input}': ${problem}`);
  }
}

/** An AWS call failed; carries what a user needs to act on it. */
export class AwsError extends Error {
  override readonly name = 'AwsError';
  constructor(
    readonly service: string,
    readonly operation: string,
    readonly code: string,
    message: string,
    readonly requestId: string | undefined,
    readonly hint: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(
      `${service}:${operation} failed: ${code}: ${message}` +
        (requestId ? ` (request id ${requestId})` : '') +
        (hint ? `. ${hint}` : ''),
      options,
    );
  }
}

/** A rollout stopped on a failed gate or step; `rolledBack` says whether the target is back on the old version. */
export class RolloutFailedError extends Error {
  override readonly name = 'RolloutFailedError';
  constructor(
    message: string,
    readonly rolledBack: boolean,
    readonly diagnosis: readonly string[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The run was cancelled (SIGINT/SIGTERM); the post step finishes the clean-up from saved state. */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  constructor(message = 'cancelled') {
    super(message);
  }
}

/** A failure the action detected itself (a missing resource, a precondition), stated as one actionable line. */
export class ActionError extends Error {
  override readonly name = 'ActionError';
}

interface SdkErrorShape {
  name?: string;
  message?: string;
  Code?: string;
  code?: string;
  $metadata?: { requestId?: string; httpStatusCode?: number };
}

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ThrottledException',
  'RateExceeded',
]);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired']);

/** The error code an SDK v3 error carries (its name), or undefined for a non-AWS error. */
export function awsErrorCode(err: unknown): string | undefined {
  if (err instanceof AwsError) return err.code;
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as SdkErrorShape;
  if (!e.$metadata) return undefined;
  return e.Code ?? e.code ?? e.name;
}

/** Whether AWS refused the call for the account's request rate (after the SDK's own retries). */
export function isThrottlingError(err: unknown): boolean {
  const code = awsErrorCode(err);
  return code !== undefined && THROTTLING.has(code);
}

export function isAwsError(err: unknown, ...codes: string[]): boolean {
  const code = awsErrorCode(err);
  return code !== undefined && codes.includes(code);
}

function hintFor(code: string, service: string, operation: string): string | undefined {
  if (code === 'AccessDenied' || code === 'AccessDeniedException' || code === 'UnauthorizedOperation')
    return `The role needs ${service}:${operation}; actions/<name>/iam-policy.json has the exact policy`;
  if (THROTTLING.has(code))
    return 'AWS throttled the account after all retries; raise max-retries or run fewer deploys at once in this account and region';
  if (EXPIRED.has(code))
    return 'The credentials expired during the run; raise role-duration-seconds in configure-aws-credentials above the wait-timeout';
  if (code.endsWith('NotFound') || code.endsWith('NotFoundException') || code.endsWith('NotFoundFault'))
    return 'Check the name or id and the region (aws-region)';
  return undefined;
}

/** Wraps an SDK error into an AwsError; anything else (and an AwsError already) passes through unchanged. */
export function toAwsError(err: unknown, service: string, operation: string): unknown {
  if (err instanceof AwsError) return err;
  const code = awsErrorCode(err);
  if (code === undefined) return err;
  const e = err as SdkErrorShape;
  return new AwsError(
    service,
    operation,
    code,
    e.message ?? code,
    e.$metadata?.requestId,
    hintFor(code, service, operation),
    { cause: err },
  );
}
