import { InputError } from '../../core/errors.js';
import type { Inputs } from '../../core/inputs.js';
import { parseDuration } from '../../core/inputs.js';
import type { FunctionConfigSpec } from '../../targets/lambda/function-config.js';

// The constraints of https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html (and
// API_UpdateFunctionConfiguration.html), checked here so that a bad value fails before any AWS call.
const ROLE = {
  re: /^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/,
  allowed: 'an IAM role ARN (arn:aws:iam::<account>:role/<name>)',
};
const RUNTIME = {
  re: /^(nodejs\d+\.x|python3\.\d+|java\d+(\.al2)?|dotnet\d+|ruby\d\.\d+|provided(\.al2(023)?)?)$/,
  allowed:
    'a Lambda runtime identifier such as nodejs22.x, python3.13, java21, dotnet8, ruby3.3 or provided.al2023',
};
const HANDLER = {
  re: /^[^\s]{1,128}$/,
  allowed: 'a handler of 1-128 characters without spaces, e.g. index.handler',
};
const LAYER = {
  re: /^arn:[a-zA-Z0-9-]+:lambda:[a-z]{2}(-gov)?-[a-z]+-\d:\d{12}:layer:[a-zA-Z0-9-_]+:\d+$/,
  allowed: 'a layer version ARN (arn:aws:lambda:<region>:<account>:layer:<name>:<version>)',
};
// https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html: keys start with a letter and hold
// letters, digits and underscores; all variables together are at most 4 KB.
const ENV_KEY = {
  re: /^[a-zA-Z][a-zA-Z0-9_]*$/,
  allowed: 'a name that starts with a letter, then letters, digits or _',
};
const ENV_MAX_BYTES = 4096;
const MAX_LAYERS = 5;

/** `timeout`: whole seconds (30) or a duration (30s, 5m), 1 s to 15 min. */
function timeoutSeconds(i: Inputs): number | undefined {
  const value = i.raw('timeout');
  if (value === '') return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : parseDuration(value);
  if (ms === undefined || ms % 1000 !== 0 || ms < 1000 || ms > 900_000)
    throw new InputError(
      'timeout',
      `${JSON.stringify(value)} is not allowed; expected whole seconds from 1 to 900, or a duration such as 30s or 5m (at most 15m)`,
    );
  return ms / 1000;
}

function environment(i: Inputs): Record<string, string> | undefined {
  const lines = i.keyValues('environment', ENV_KEY);
  if (lines.length === 0) return undefined;
  const env: Record<string, string> = {};
  for (const [k, v] of lines) {
    if (k in env) throw new InputError('environment', `${k} is given twice; expected each name once`);
    env[k] = v;
  }
  const bytes = Buffer.byteLength(JSON.stringify(env));
  if (bytes > ENV_MAX_BYTES)
    throw new InputError(
      'environment',
      `is ${bytes} bytes; Lambda allows at most ${ENV_MAX_BYTES} bytes of variables`,
    );
  return env;
}

/**
 * The function configuration inputs: each set only when given. `runtime`, `handler` and `layers` are refused
 * for an image function: Lambda takes them from the image, and container images don't support layers
 * (https://docs.aws.amazon.com/lambda/latest/dg/images-create.html).
 */
export function configInputs(i: Inputs, image: boolean): FunctionConfigSpec {
  const memory = i.given('memory') ? i.int('memory', { min: 128, max: 10240 }) : undefined;
  const storage = i.given('ephemeral-storage')
    ? i.int('ephemeral-storage', { min: 512, max: 10240 })
    : undefined;
  const layers = i.list('layers', LAYER);
  if (layers.length > MAX_LAYERS)
    throw new InputError('layers', `has ${layers.length} layers; Lambda allows at most ${MAX_LAYERS}`);
  const spec: FunctionConfigSpec = {
    environment: environment(i),
    memory,
    timeoutSeconds: timeoutSeconds(i),
    handler: i.optional('handler', HANDLER),
    runtime: i.optional('runtime', RUNTIME),
    layers: i.given('layers') ? layers : undefined,
    architecture: i.given('architectures')
      ? i.oneOf('architectures', ['x86_64', 'arm64'] as const)
      : undefined,
    ephemeralStorage: storage,
    role: i.optional('role', ROLE),
  };
  if (image)
    for (const name of ['runtime', 'handler', 'layers'] as const)
      if (i.given(name))
        throw new InputError(
          name,
          `${JSON.stringify(i.text(name))} is not allowed with image-uri; an image function takes its ${name} from the image (leave ${name} empty)`,
        );
  return spec;
}
