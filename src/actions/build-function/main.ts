import { tmpdir } from 'node:os';
import { buildFunctionPackage } from '../../artifacts/function-package.js';
import type { Deps } from '../../core/deps.js';
import { renderSummary } from '../../core/summary.js';
import { formatBytes } from '../../core/units.js';
import { describeQuota, DIRECT_UPLOAD_MAX_BYTES } from '../../targets/lambda/limits.js';
import { getInputs } from './inputs.js';

export async function run(deps: Deps): Promise<void> {
  const { io } = deps;
  const inputs = getInputs(io, deps.env['GITHUB_WORKSPACE'] ?? process.cwd());
  // npm, pnpm and yarn install (and build native modules) for the machine they run on.
  const runner = process.arch === 'arm64' ? 'arm64' : process.arch === 'x64' ? 'x86_64' : process.arch;
  if (
    ['npm', 'pnpm', 'yarn'].includes(inputs.install) &&
    inputs.architecture &&
    inputs.architecture !== runner
  )
    io.warning(
      `${inputs.install} installs for this runner (${runner}), and the function is ${inputs.architecture}: ` +
        `a native module would be built for the wrong one; build on an ${inputs.architecture} runner if it has any`,
    );
  const zip = await io.group(`package ${inputs.source}`, () =>
    buildFunctionPackage({
      ...inputs,
      tempDir: deps.env['RUNNER_TEMP'] ?? tmpdir(),
      log: (line) => io.info(line),
      warn: (line) => io.warning(line),
    }),
  );
  io.info(
    `wrote ${zip.path}: ${zip.files} files, ${formatBytes(zip.size)} zipped (${formatBytes(zip.unzippedSize)} unzipped), sha256 ${zip.sha256}`,
  );
  if (zip.size > DIRECT_UPLOAD_MAX_BYTES)
    io.warning(
      `${zip.path} is ${formatBytes(zip.size)}, over Lambda's ${describeQuota(DIRECT_UPLOAD_MAX_BYTES)} direct upload limit: give publish-function an s3-bucket`,
    );
  io.setOutput('zip-path', zip.path);
  io.setOutput('sha256', zip.sha256);
  io.setOutput('code-sha256', zip.codeSha256);
  io.setOutput('size', String(zip.size));
  io.setOutput('files', String(zip.files));
  await io.appendSummary(
    renderSummary({
      title: 'slipway build-function',
      status: 'built',
      facts: [
        ['zip', `\`${zip.path}\``],
        ['files', String(zip.files)],
        ['size', `${formatBytes(zip.size)} zipped, ${formatBytes(zip.unzippedSize)} unzipped`],
        ['sha256', `\`${zip.sha256}\``],
        ['CodeSha256', `\`${zip.codeSha256}\``],
      ],
    }),
  );
}
