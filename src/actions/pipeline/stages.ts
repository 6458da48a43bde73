import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Deps } from '../../core/deps.js';
import type { Io } from '../../core/io.js';
import { getInputs as buildAmiInputs } from '../build-ami/inputs.js';
import { run as buildAmi } from '../build-ami/main.js';
import { post as buildAmiPost } from '../build-ami/post.js';
import { getInputs as deployEc2Inputs } from '../deploy-ec2/inputs.js';
import { run as deployEc2 } from '../deploy-ec2/main.js';
import { post as deployEc2Post } from '../deploy-ec2/post.js';
import { getInputs as publishAmiInputs } from '../publish-ami/inputs.js';
import { run as publishAmi } from '../publish-ami/main.js';
import { post as publishAmiPost } from '../publish-ami/post.js';
import { getInputs as buildFunctionInputs } from '../build-function/inputs.js';
import { run as buildFunction } from '../build-function/main.js';
import { getInputs as buildImageInputs } from '../build-image/inputs.js';
import { run as buildImage } from '../build-image/main.js';
import { getInputs as deployEcsInputs } from '../deploy-ecs/inputs.js';
import { run as deployEcs } from '../deploy-ecs/main.js';
import { post as deployEcsPost } from '../deploy-ecs/post.js';
import { getInputs as deployLambdaInputs } from '../deploy-lambda/inputs.js';
import { run as deployLambda } from '../deploy-lambda/main.js';
import { post as deployLambdaPost } from '../deploy-lambda/post.js';
import { getInputs as publishFunctionInputs } from '../publish-function/inputs.js';
import { run as publishFunction } from '../publish-function/main.js';
import { getInputs as publishImageInputs } from '../publish-image/inputs.js';
import { run as publishImage } from '../publish-image/main.js';

/** One step of the pipeline: the composable action itself, run through an overlay io. */
export interface Stage {
  action: string;
  /** Reads the stage's inputs with the composable action's own getInputs (throwing InputError), and returns them. */
  validate: (io: Io, deps: Deps) => unknown;
  run: (deps: Deps) => Promise<void>;
  /** Inputs this stage takes from the previous stages' outputs: input name → output name. */
  chained: Readonly<Record<string, string>>;
  /**
   * Stand-ins for the chained inputs, so the stage's inputs can be checked before the first stage runs:
   * they pass the checks of form (and of existence, for paths), and the real values replace them later.
   */
  placeholders: (deps: Deps) => Record<string, string>;
  /** The action's own post step, which finds its saved state (if any) and cleans up after a cancel. */
  post?: (deps: Deps) => Promise<void>;
}

export interface Pipeline {
  stages: Stage[];
  /** Inputs the target cannot do without (checked first, all named in one line). */
  required: string[];
}

const workspace = (deps: Deps): string => deps.env['GITHUB_WORKSPACE'] ?? process.cwd();

function placeholderDir(): string {
  return mkdtempSync(join(tmpdir(), 'slipway-placeholder-'));
}

const PLACEHOLDER_AMI = 'ami-0123456789abcdef0';

const buildImageStage: Stage = {
  action: 'build-image',
  validate: (io, deps) => buildImageInputs(io, workspace(deps)),
  run: buildImage,
  chained: {},
  placeholders: () => ({}),
};

const publishImageStage: Stage = {
  action: 'publish-image',
  validate: (io, deps) => publishImageInputs(io, workspace(deps), deps.env),
  run: publishImage,
  chained: { 'layout-path': 'layout-path' },
  placeholders: () => {
    const layout = join(placeholderDir(), 'image.oci');
    mkdirSync(layout);
    writeFileSync(join(layout, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
    writeFileSync(join(layout, 'index.json'), '{"schemaVersion":2,"manifests":[]}');
    return { 'layout-path': layout };
  },
};

const deployLambdaStage: Stage = {
  action: 'deploy-lambda',
  validate: (io, deps) => deployLambdaInputs(io, deps.env),
  run: deployLambda,
  chained: { version: 'version' },
  placeholders: () => ({ version: '1' }),
  post: deployLambdaPost,
};

/** The region the stages will resolve, for a placeholder that must be in it (an ECR image for Lambda). */
const regionOf = (deps: Deps): string =>
  deps.io.getInput('aws-region').trim() ||
  deps.env['AWS_REGION'] ||
  deps.env['AWS_DEFAULT_REGION'] ||
  'us-east-1';

export const PIPELINES: Record<'lambda' | 'lambda-image' | 'ecs' | 'ec2', Pipeline> = {
  lambda: {
    required: ['function-name'],
    stages: [
      {
        action: 'build-function',
        validate: (io, deps) => buildFunctionInputs(io, workspace(deps)),
        run: buildFunction,
        chained: {},
        placeholders: () => ({}),
      },
      {
        action: 'publish-function',
        validate: (io, deps) => publishFunctionInputs(io, deps.env, workspace(deps)),
        run: publishFunction,
        chained: { 'zip-path': 'zip-path' },
        placeholders: () => {
          const zip = join(placeholderDir(), 'placeholder.zip');
          writeFileSync(zip, '');
          return { 'zip-path': zip };
        },
      },
      deployLambdaStage,
    ],
  },
  // target lambda with repository: an image function. The image is built and pushed to ECR, and the function
  // is published from the pushed digest (publish-image's image-uri).
  'lambda-image': {
    required: ['function-name', 'repository'],
    stages: [
      buildImageStage,
      publishImageStage,
      {
        action: 'publish-function',
        validate: (io, deps) => publishFunctionInputs(io, deps.env, workspace(deps)),
        run: publishFunction,
        chained: { 'image-uri': 'image-uri' },
        placeholders: (deps) => ({
          'image-uri': `123456789012.dkr.ecr.${regionOf(deps)}.amazonaws.com/placeholder@sha256:${'0'.repeat(64)}`,
        }),
      },
      deployLambdaStage,
    ],
  },
  ecs: {
    required: ['repository', 'service', 'container-name'],
    stages: [
      buildImageStage,
      publishImageStage,
      {
        action: 'deploy-ecs',
        validate: (io, deps) => deployEcsInputs(io, deps.env, workspace(deps)),
        run: (deps) => deployEcs(deps),
        chained: { image: 'image-uri' },
        placeholders: () => ({ image: `registry.example/placeholder@sha256:${'0'.repeat(64)}` }),
        post: deployEcsPost,
      },
    ],
  },
  ec2: {
    required: ['base-ami'],
    stages: [
      {
        action: 'build-ami',
        validate: (io, deps) => buildAmiInputs(io, deps.env, deps.clock.now(), workspace(deps)),
        run: buildAmi,
        chained: {},
        placeholders: () => ({}),
        post: buildAmiPost,
      },
      {
        action: 'publish-ami',
        validate: (io, deps) => publishAmiInputs(io, deps.env),
        run: publishAmi,
        chained: { 'ami-id': 'ami-id' },
        placeholders: () => ({ 'ami-id': PLACEHOLDER_AMI }),
        post: publishAmiPost,
      },
      {
        action: 'deploy-ec2',
        validate: (io, deps) => deployEc2Inputs(io, deps.env),
        run: deployEc2,
        // The group runs in the build's region: the AMI build-ami made there.
        chained: { 'ami-id': 'ami-id' },
        placeholders: () => ({ 'ami-id': PLACEHOLDER_AMI }),
        post: deployEc2Post,
      },
    ],
  },
};

/** The chained inputs of a stage, filled from the outputs so far. */
export function chainedInputs(
  stage: Stage,
  outputs: Readonly<Record<string, string>>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(stage.chained).map(([input, output]) => [input, outputs[output] ?? '']),
  );
}
