import type {
  CreateFunctionRequest,
  FunctionConfiguration,
  UpdateFunctionConfigurationRequest,
} from '@aws-sdk/client-lambda';

/** The configuration publish-function was asked for: each field only when its input was given. */
export interface FunctionConfigSpec {
  environment?: Readonly<Record<string, string>> | undefined;
  memory?: number | undefined;
  timeoutSeconds?: number | undefined;
  handler?: string | undefined;
  runtime?: string | undefined;
  layers?: readonly string[] | undefined;
  architecture?: 'x86_64' | 'arm64' | undefined;
  ephemeralStorage?: number | undefined;
  role?: string | undefined;
}

export type ConfigDelta = Omit<UpdateFunctionConfigurationRequest, 'FunctionName' | 'RevisionId'>;

function sameMap(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => b[k] === a[k]);
}

const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * The UpdateFunctionConfiguration fields whose asked value differs from $LATEST's (`cfg`); empty when
 * nothing asked for differs. Inputs not given leave the function's setting alone. The environment is
 * compared as a whole map (it replaces the function's), layers as an ordered list (order is merge order).
 */
export function configDelta(spec: FunctionConfigSpec | undefined, cfg: FunctionConfiguration): ConfigDelta {
  const d: ConfigDelta = {};
  if (!spec) return d;
  if (spec.role !== undefined && spec.role !== cfg.Role) d.Role = spec.role;
  if (spec.handler !== undefined && spec.handler !== cfg.Handler) d.Handler = spec.handler;
  if (spec.runtime !== undefined && spec.runtime !== cfg.Runtime)
    d.Runtime = spec.runtime as ConfigDelta['Runtime'];
  if (spec.memory !== undefined && spec.memory !== cfg.MemorySize) d.MemorySize = spec.memory;
  if (spec.timeoutSeconds !== undefined && spec.timeoutSeconds !== cfg.Timeout)
    d.Timeout = spec.timeoutSeconds;
  if (spec.environment !== undefined && !sameMap(spec.environment, cfg.Environment?.Variables ?? {}))
    d.Environment = { Variables: { ...spec.environment } };
  if (
    spec.layers !== undefined &&
    !sameList(
      spec.layers,
      // Stryker disable next-line StringLiteral: a layer without an ARN equals no asked ARN, whatever stands in for it
      (cfg.Layers ?? []).map((l) => l.Arn ?? ''),
    )
  )
    d.Layers = [...spec.layers];
  if (spec.ephemeralStorage !== undefined && spec.ephemeralStorage !== (cfg.EphemeralStorage?.Size ?? 512))
    d.EphemeralStorage = { Size: spec.ephemeralStorage };
  return d;
}

/** The names of the fields a delta changes, for the log (values stay out: the environment may be secret). */
export const deltaFields = (d: ConfigDelta): string[] => Object.keys(d);

/**
 * Architectures is set by CreateFunction and UpdateFunctionCode, not UpdateFunctionConfiguration
 * (https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionCode.html): a change re-sends the code.
 */
export const architectureDiffers = (
  spec: FunctionConfigSpec | undefined,
  cfg: FunctionConfiguration,
): boolean => spec?.architecture !== undefined && (cfg.Architectures ?? ['x86_64'])[0] !== spec.architecture;

/** The configuration part of CreateFunction: only what was asked, so Lambda's defaults apply to the rest. */
export function createConfig(spec: FunctionConfigSpec | undefined): Partial<CreateFunctionRequest> {
  const delta = configDelta(spec, {});
  return {
    ...delta,
    ...(spec?.architecture ? { Architectures: [spec.architecture] } : {}),
  } as Partial<CreateFunctionRequest>;
}
