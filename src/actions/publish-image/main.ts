import { OciLayout } from '../../artifacts/oci/layout.js';
import { pushLayout } from '../../artifacts/oci/push.js';
import { DOCKER_HUB } from '../../artifacts/oci/reference.js';
import { RegistryClient } from '../../artifacts/oci/registry/client.js';
import type { Deps } from '../../core/deps.js';
import { InputError } from '../../core/errors.js';
import { renderSummary } from '../../core/summary.js';
import { formatBytes } from '../../core/units.js';
import type { PublishImageInputs } from './inputs.js';
import { getInputs } from './inputs.js';

const ACTION = 'publish-image';

/** Where to push, and how to log in: ECR through the role's token (masked), or the registry given. */
async function connect(deps: Deps, inputs: PublishImageInputs): Promise<RegistryClient> {
  const common = {
    clock: deps.clock,
    signal: deps.signal,
    debug: (line: string) => deps.io.debug(line),
    progress: (line: string) => deps.io.info(line),
    maxAttempts: inputs.maxAttempts,
  };
  if (inputs.kind === 'registry')
    return new RegistryClient({
      ...common,
      registry: inputs.registry,
      ...(inputs.credentials ? { credentials: inputs.credentials } : {}),
    });
  // The SDK loads only now, after every input has been checked.
  const { ecrLogin, ensureEcrRepository } = await import('../../artifacts/oci/ecr.js');
  const aws = deps.aws({ maxAttempts: inputs.maxAttempts, action: ACTION });
  const login = await ecrLogin(aws, inputs.region, deps.io);
  await ensureEcrRepository(aws, inputs.region, inputs.repository, {
    immutableTags: inputs.immutableTags,
    log: (line) => deps.io.info(line),
    warn: (line) => deps.io.warning(line),
  });
  return new RegistryClient({
    ...common,
    registry: login.registry,
    credentials: login.credentials,
    preemptiveBasic: true,
  });
}

export async function run(deps: Deps): Promise<void> {
  const { io } = deps;
  const inputs = getInputs(io, deps.env['GITHUB_WORKSPACE'] ?? process.cwd(), deps.env);
  // A layout that cannot be read is the input's fault; say so before any request.
  const layout = await OciLayout.open(inputs.layoutPath).catch((err: Error) => {
    throw new InputError('layout-path', err.message);
  });
  await layout.top().catch((err: Error) => {
    throw new InputError('layout-path', err.message);
  });
  const client = await io.group(`log in to ${inputs.kind === 'registry' ? inputs.registry : 'ECR'}`, () =>
    connect(deps, inputs),
  );
  const pushed = await io.group(`push ${client.registry}/${inputs.repository}`, () =>
    pushLayout(client, layout, inputs.repository, inputs.tags, (line) => io.info(line)),
  );
  const name = `${client.registry}/${inputs.repository}`;
  const imageUri = `${name}@${pushed.digest}`;
  const tagRefs = pushed.tags.map((t) => `${name}:${t}`);
  io.info(
    `${pushed.status === 'unchanged' ? 'unchanged' : 'pushed'}: ${imageUri} (${client.requests} registry requests)`,
  );
  io.setOutput('image-uri', imageUri);
  io.setOutput('digest', pushed.digest);
  // attest-build-provenance's subject-name; Docker Hub's attestations go to index.docker.io, as Docker's docs say.
  io.setOutput('name', client.registry === DOCKER_HUB ? `index.docker.io/${inputs.repository}` : name);
  io.setOutput('tags', tagRefs.join('\n'));
  io.setOutput('status', pushed.status);
  const b = pushed.blobs;
  await io.appendSummary(
    renderSummary({
      title: 'slipway publish-image',
      status: pushed.status,
      facts: [
        ['image', `\`${imageUri}\``],
        ['tags', tagRefs.map((t) => `\`${t}\``).join(', ') || '(none)'],
        [
          'blobs',
          `${b.uploaded} uploaded (${formatBytes(b.bytesUploaded)}), ${b.mounted} mounted, ${b.existing} already there`,
        ],
        ['registry requests', String(client.requests)],
      ],
    }),
  );
}
