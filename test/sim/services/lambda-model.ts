/** The records the Lambda simulator keeps, and the timings it runs on. */

/** https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html */
export type VersionState = 'Pending' | 'Active' | 'Inactive' | 'Failed';

/**
 * The configuration PublishVersion snapshots into a version, and compares to decide whether there is anything
 * new to publish (https://docs.aws.amazon.com/lambda/latest/api/API_PublishVersion.html).
 */
export interface FunctionSettings {
  role: string;
  handler: string;
  runtime: string;
  memorySize: number;
  timeout: number;
  environment: Record<string, string>;
  layers: string[];
  /** https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html: one of x86_64, arm64. */
  architectures: string[];
  /** /tmp in MB (API_CreateFunction.html: EphemeralStorage 512-10240). */
  ephemeralStorage: number;
}

/** How a function's published versions come up: Pending for `pendingMs`, then Active, or Failed. */
export interface Activation {
  pendingMs: number;
  /** Set: the version goes Failed with this StateReason instead of Active. */
  failReason?: string;
  failCode?: string;
}

export interface Published {
  version: string;
  state: VersionState;
  stateReason: string | undefined;
  stateReasonCode: string | undefined;
  /** When a Pending version leaves Pending, and how (Active, or Failed with `failReason`). */
  settlesAt: number;
  failReason: string | undefined;
  failCode: string | undefined;
  codeSha256: string;
  codeSize: number;
  description: string;
  settings: FunctionSettings;
  revisionId: string;
  lastModified: string;
}

export interface Alias {
  name: string;
  functionVersion: string;
  weights: Record<string, number>;
  revisionId: string;
  description: string;
  /** How many more UpdateAlias calls answer ResourceConflictException (see conflictAliasUpdates). */
  conflicts: number;
}

export interface SimFunction {
  name: string;
  arn: string;
  settings: FunctionSettings;
  description: string;
  snapStart: boolean;
  activation: Activation;
  /** https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html: Zip or Image, fixed at creation. */
  packageType: 'Zip' | 'Image';
  /** Image functions: the URI given, and the one Lambda resolved to a digest (API_GetFunction.html, Code). */
  imageUri: string | undefined;
  resolvedImageUri: string | undefined;
  /** https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html: Pending after CreateFunction. */
  state: 'Pending' | 'Active' | 'Failed';
  activeAt: number;
  codeSha256: string;
  codeSize: number;
  revisionId: string;
  lastModified: string;
  lastUpdateStatus: 'Successful' | 'InProgress' | 'Failed';
  updateDoneAt: number;
  /** The code and configuration last published, to tell whether PublishVersion has anything new. */
  publishedFrom: string | undefined;
  versions: Map<string, Published>;
  nextVersion: number;
  aliases: Map<string, Alias>;
}

/** What invoking a version returns; scenarios script it per code hash. */
export type Behaviour = (payload: unknown) => { payload: unknown; functionError?: string };

/** How long an UpdateFunctionCode or UpdateFunctionConfiguration stays InProgress. */
export const UPDATE_MS = 8_000;
/** How long a new function stays Pending after CreateFunction (see ASSUMPTIONS.md). */
export const CREATE_PENDING_MS = 6_000;
/** How long a newly published version stays Pending before it turns Active (see ASSUMPTIONS.md). */
export const VERSION_PENDING_MS = 4_000;
/**
 * A SnapStart version stays Pending while Lambda initialises it and takes the snapshot
 * (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-activate.html#snapstart-function-states).
 */
export const SNAPSTART_PENDING_MS = 90_000;

/** What PublishVersion compares: the code and every configuration field a version snapshots. */
export function publishSignature(codeSha256: string, s: FunctionSettings): string {
  const env = Object.entries(s.environment).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([
    codeSha256,
    s.role,
    s.handler,
    s.runtime,
    s.memorySize,
    s.timeout,
    env,
    s.layers,
    s.architectures,
    s.ephemeralStorage,
  ]);
}
