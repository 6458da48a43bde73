import type { FunctionConfiguration, LambdaClient } from '@aws-sdk/client-lambda';
import { ListVersionsByFunctionCommand } from '@aws-sdk/client-lambda';

/** JSON with object keys sorted, so that two equal configurations give one string. */
function canonical(value: unknown): string {
  // Stryker disable next-line StringLiteral: FunctionConfiguration has no arrays of numbers, the only items that could run together unseparated
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      // Stryker disable next-line StringLiteral: each member starts with a quoted key, so the text reads back one way without commas
      .join(',')}}`;
  return JSON.stringify(value ?? null);
}

/**
 * What a version takes from $LATEST when it is published: its code and configuration. PublishVersion
 * publishes nothing when "the function's configuration and code haven't changed since the last version"
 * (https://docs.aws.amazon.com/lambda/latest/api/API_PublishVersion.html), so a version is as good as a new
 * one only when all of this matches. Left out: what names or times the version itself (ARN, RevisionId,
 * LastModified, State), its own Description, and the runtime version Lambda patches on its own.
 */
export function versionSnapshot(c: FunctionConfiguration): string {
  return canonical({
    code: c.CodeSha256,
    packageType: c.PackageType,
    role: c.Role,
    handler: c.Handler,
    runtime: c.Runtime,
    memory: c.MemorySize,
    timeout: c.Timeout,
    environment: c.Environment?.Variables ?? {},
    layers: (c.Layers ?? []).map((l) => l.Arn),
    vpc: {
      subnets: c.VpcConfig?.SubnetIds ?? [],
      securityGroups: c.VpcConfig?.SecurityGroupIds ?? [],
      ipv6: c.VpcConfig?.Ipv6AllowedForDualStack ?? false,
    },
    deadLetter: c.DeadLetterConfig?.TargetArn,
    kms: c.KMSKeyArn,
    tracing: c.TracingConfig?.Mode,
    fileSystems: c.FileSystemConfigs ?? [],
    image: c.ImageConfigResponse?.ImageConfig,
    architectures: c.Architectures ?? ['x86_64'],
    ephemeralStorage: c.EphemeralStorage?.Size ?? 512,
    snapStart: c.SnapStart?.ApplyOn ?? 'None',
    logging: c.LoggingConfig ?? {},
  });
}

/** The newest published version whose code and configuration both match `latest` ($LATEST), if any. */
export async function publishedMatching(
  client: LambdaClient,
  functionName: string,
  latest: FunctionConfiguration,
): Promise<FunctionConfiguration | undefined> {
  const wanted = versionSnapshot(latest);
  let marker: string | undefined;
  let best: FunctionConfiguration | undefined;
  do {
    const page = await client.send(
      new ListVersionsByFunctionCommand({ FunctionName: functionName, Marker: marker, MaxItems: 50 }),
    );
    for (const v of page.Versions ?? [])
      if (
        v.Version !== '$LATEST' &&
        // Stryker disable next-line EqualityOperator: version numbers are unique, so >= differs only on a repeat of the same version
        (!best || Number(v.Version) > Number(best.Version)) &&
        versionSnapshot(v) === wanted
      )
        best = v;
    marker = page.NextMarker;
  } while (marker);
  return best;
}
