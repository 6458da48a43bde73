import { tmpdir } from 'node:os';
import { getExecOutput } from '@actions/exec';
import type { BuiltImage } from '../../artifacts/oci/build.js';
import { buildDaemonless } from '../../artifacts/oci/build.js';
import { buildWithDockerfile } from '../../artifacts/oci/dockerfile.js';
import { formatReference } from '../../artifacts/oci/reference.js';
import { RegistryClient } from '../../artifacts/oci/registry/client.js';
import type { Deps } from '../../core/deps.js';
import { renderSummary } from '../../core/summary.js';
import type { DaemonlessInputs } from './inputs.js';
import { getInputs } from './inputs.js';
import { creationTime, defaultLabels } from './source.js';

const ACTION = 'build-image';

/** A client for the base's registry: the given credentials, ECR's token for an ECR base, or anonymous. */
function connector(deps: Deps, inputs: DaemonlessInputs) {
  return async (registry: string): Promise<RegistryClient> => {
    const common = {
      registry,
      clock: deps.clock,
      signal: deps.signal,
      debug: (line: string) => deps.io.debug(line),
      progress: (line: string) => deps.io.info(line),
      maxAttempts: inputs.maxAttempts,
    };
    if (inputs.credentials) return new RegistryClient({ ...common, credentials: inputs.credentials });
    if (inputs.ecr) {
      // The SDK loads only now, after every input has been checked.
      const { ecrLogin } = await import('../../artifacts/oci/ecr.js');
      const aws = deps.aws({ maxAttempts: inputs.maxAttempts, action: ACTION });
      const login = await ecrLogin(aws, inputs.ecr.region, deps.io, inputs.ecr.accountId);
      // The endpoint ECR reports for the registry (the same host, in AWS) is where the token is good.
      return new RegistryClient({
        ...common,
        registry: login.registry,
        credentials: login.credentials,
        preemptiveBasic: true,
      });
    }
    return new RegistryClient(common);
  };
}

export async function run(deps: Deps): Promise<void> {
  const { io } = deps;
  const workspace = deps.env['GITHUB_WORKSPACE'] ?? process.cwd();
  const inputs = getInputs(io, workspace, deps.env);
  const log = (line: string): void => io.info(line);
  const created = await creationTime(
    deps.env,
    workspace,
    (command, args, options) => getExecOutput(command, args, options),
    (line) => io.warning(line),
  );
  // Said inside the build's group: it belongs to the build.
  const saidCreated = (): void => log(`created ${created.iso} (${created.from})`);
  const labels = { ...(inputs.defaultLabels ? defaultLabels(deps.env, created) : {}), ...inputs.labels };
  let image: BuiltImage;
  let from: string;
  if (inputs.mode === 'dockerfile') {
    from = `Dockerfile ${inputs.dockerfile}`;
    image = await io.group(`build ${from} with docker buildx`, () => {
      saidCreated();
      return buildWithDockerfile({
        ...inputs,
        labels,
        ...(created.known ? { sourceDateEpoch: created.epoch } : {}),
        tempDir: deps.env['RUNNER_TEMP'] ?? tmpdir(),
        env: deps.env,
        exec: (command, args, options) => getExecOutput(command, args, options),
        log,
      });
    });
  } else {
    from = inputs.base === 'scratch' ? 'scratch' : formatReference(inputs.base);
    image = await io.group(`build on ${from}`, () => {
      saidCreated();
      return buildDaemonless({
        clock: deps.clock,
        base: inputs.base,
        context: inputs.contexts,
        exclude: inputs.exclude,
        platforms: inputs.platforms,
        output: inputs.output,
        settings: {
          env: inputs.env,
          labels,
          created: created.iso,
          expose: inputs.expose,
          workdir: inputs.workdir,
          ...(inputs.entrypoint ? { entrypoint: inputs.entrypoint } : {}),
          ...(inputs.cmd ? { cmd: inputs.cmd } : {}),
          ...(inputs.user !== undefined ? { user: inputs.user } : {}),
        },
        connect: connector(deps, inputs),
        log,
        warn: (line) => io.warning(line),
      });
    });
  }
  io.info(`wrote ${image.layoutPath}: ${image.digest} (${image.platforms.join(', ')})`);
  io.setOutput('digest', image.digest);
  io.setOutput('layout-path', image.layoutPath);
  io.setOutput('platforms', image.platforms.join(','));
  await io.appendSummary(
    renderSummary({
      title: 'slipway build-image',
      status: 'built',
      facts: [
        ['from', `\`${from}\``],
        ['layout', `\`${image.layoutPath}\``],
        ['digest', `\`${image.digest}\``],
        ['platforms', image.platforms.join(', ')],
      ],
    }),
  );
}
