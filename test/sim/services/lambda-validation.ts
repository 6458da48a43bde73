import type * as sdk from '@aws-sdk/client-lambda';

type Fail = (message: string) => Error;

/** The configuration fields CreateFunction and UpdateFunctionConfiguration share. */
type ConfigInput = Pick<
  sdk.UpdateFunctionConfigurationRequest,
  'Role' | 'Handler' | 'Runtime' | 'MemorySize' | 'Timeout' | 'Layers' | 'EphemeralStorage' | 'Description'
>;

/**
 * https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html and
 * https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionConfiguration.html (Request Parameters):
 * Role matches arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+; MemorySize 128-10240;
 * Timeout at least 1 (and at most 900, https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html);
 * Layers at most 5, each a layer version ARN; EphemeralStorage Size 512-10240; Description at most 256.
 * Lambda answers a value out of these constraints with a 400 (ValidationException or
 * InvalidParameterValueException; which one is not documented per field, see ASSUMPTIONS.md).
 */
export function checkConfig(input: ConfigInput, fail: Fail): void {
  if (
    input.Role !== undefined &&
    !/^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/.test(input.Role)
  )
    throw fail(
      `Value '${input.Role}' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern`,
    );
  if (input.MemorySize !== undefined && (input.MemorySize < 128 || input.MemorySize > 10240))
    throw fail(
      `Value '${input.MemorySize}' at 'memorySize' failed to satisfy constraint: Member must have value between 128 and 10240`,
    );
  if (input.Timeout !== undefined && (input.Timeout < 1 || input.Timeout > 900))
    throw fail(
      `Value '${input.Timeout}' at 'timeout' failed to satisfy constraint: Member must have value between 1 and 900`,
    );
  if (input.Layers !== undefined) {
    if (input.Layers.length > 5)
      throw fail(
        `Value at 'layers' failed to satisfy constraint: Member must have length less than or equal to 5`,
      );
    for (const l of input.Layers)
      if (
        !/^arn:[a-zA-Z0-9-]+:lambda:[a-z]{2}(-gov)?-[a-z]+-\d{1}:\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+$/.test(l)
      )
        throw fail(
          `Value '${l}' at 'layers' failed to satisfy constraint: Member must satisfy regular expression pattern`,
        );
  }
  const size = input.EphemeralStorage?.Size;
  if (size !== undefined && (size < 512 || size > 10240))
    throw fail(
      `Value '${size}' at 'ephemeralStorage.size' failed to satisfy constraint: Member must have value between 512 and 10240`,
    );
  if (input.Description !== undefined && input.Description.length > 256)
    throw fail(
      `Value at 'description' failed to satisfy constraint: Member must have length less than or equal to 256`,
    );
}

/**
 * https://docs.aws.amazon.com/lambda/latest/dg/images-create.html: an image function takes its runtime and
 * handler from the image, and "container images don't support layers"; CreateFunction and
 * UpdateFunctionConfiguration refuse Runtime, Handler and Layers for PackageType Image. The exact message is
 * not documented (see ASSUMPTIONS.md).
 */
export function checkImageConfig(input: ConfigInput, fail: Fail): void {
  for (const [name, value] of [
    ['Runtime', input.Runtime],
    ['Handler', input.Handler],
    ['Layers', input.Layers],
  ] as const)
    if (value !== undefined)
      throw fail(`Please don't provide ${name} when the function's PackageType is Image.`);
}

/**
 * https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html (Code, ImageUri) and
 * https://docs.aws.amazon.com/lambda/latest/dg/images-create.html: the image is in an Amazon ECR repository in
 * the function's Region (ecr-fips endpoints are not supported), named by tag or by digest.
 */
export function parseImageUri(
  uri: string,
  region: string,
  fail: Fail,
): { repo: string; tag?: string; digest?: string } {
  const m =
    /^(\d{12}\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/[a-z0-9._/-]+?)(?::([\w][\w.-]{0,127}))?(?:@sha256:([0-9a-f]{64}))?$/.exec(
      uri,
    );
  if (!m || (m[3] === undefined && m[4] === undefined))
    throw fail(`Source image ${uri} is not valid. Provide a valid source image.`);
  if (m[2] !== region) throw fail(`Source image ${uri} is not in the function's Region ${region}.`);
  return { repo: m[1]!, ...(m[3] ? { tag: m[3] } : {}), ...(m[4] ? { digest: m[4] } : {}) };
}
