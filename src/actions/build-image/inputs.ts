import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import picomatch from 'picomatch';
import type { Platform } from '../../artifacts/oci/media-types.js';
import type { BuildSecret } from '../../artifacts/oci/dockerfile.js';
import {
  ARCHITECTURES,
  formatPlatform,
  parsePlatform,
  platformProblem,
} from '../../artifacts/oci/platform.js';
import type { ImageReference } from '../../artifacts/oci/reference.js';
import { parseEcrHost, parseReference } from '../../artifacts/oci/reference.js';
import { InputError } from '../../core/errors.js';
import type { Io } from '../../core/io.js';
import { Inputs } from '../../core/inputs.js';
import { cacheLines, checkGhaEnv } from './cache-inputs.js';
import { hasPlaceholder, platformContexts } from './contexts.js';

interface Common {
  /** The context directory; with {arch}-style placeholders (daemonless only), as given, resolved. */
  context: string;
  platforms: Platform[];
  labels: Record<string, string>;
  /** Whether to add the org.opencontainers.image source, revision and created labels from the workflow. */
  defaultLabels: boolean;
  output: string;
  maxAttempts: number;
}

export interface DaemonlessInputs extends Common {
  mode: 'daemonless';
  /** One context directory per platform, in the order of platforms (the same one when context has no placeholder). */
  contexts: string[];
  base: ImageReference | 'scratch';
  /** .dockerignore-style patterns, after the context's own .dockerignore. */
  exclude: string[];
  workdir: string;
  entrypoint?: string[];
  cmd?: string[];
  env: Array<[string, string]>;
  user?: string;
  expose: string[];
  /** base-username/base-password: for the base's registry only, never the push registry's. */
  credentials?: { username: string; password: string };
  /** Set when the base is on ECR and no base-username is given: slipway logs in with the role. */
  ecr?: { accountId: string; region: string };
}

export interface DockerfileInputs extends Common {
  mode: 'dockerfile';
  dockerfile: string;
  buildArgs: string[];
  secrets: BuildSecret[];
  target?: string;
  /** cache-from and cache-to lines, passed to buildx as written. */
  cacheFrom: string[];
  cacheTo: string[];
}

export type BuildImageInputs = DaemonlessInputs | DockerfileInputs;

const show = (v: string): string => JSON.stringify(v.length > 80 ? `${v.slice(0, 77)}...` : v);
const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LABEL_KEY = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
const USER = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(?::[A-Za-z0-9_][A-Za-z0-9_.-]*)?$/;
const TARGET = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const DAEMONLESS_ONLY = [
  'base',
  'exclude',
  'workdir',
  'entrypoint',
  'cmd',
  'env',
  'user',
  'expose',
  'base-username',
  'base-password',
];
const DOCKERFILE_ONLY = ['build-args', 'build-target', 'secrets', 'cache-from', 'cache-to'];
const SECRET_ID = /^[A-Za-z0-9_.-]+$/;
const NOT_SHOWN = 'the line is not shown, as it may hold a secret';

/**
 * Masks the value of every `key=value` line of an input, before anything (an error included) could print
 * one. Values shorter than `minLength` stay readable: the runner masks a value wherever it appears, and a
 * build arg such as `1` or `true` would blank out every such word in the log.
 */
function maskValues(io: Io, name: string, minLength: number): void {
  for (const line of io.getInput(name).split(/\r?\n/)) {
    const text = line.trim();
    const value = text.includes('=') ? text.slice(text.indexOf('=') + 1) : text;
    if (value.length >= minLength) io.setSecret(value);
  }
}

// A token is never this short; a shorter build arg is a setting, not a secret.
const BUILD_ARG_MASK_MIN = 8;

/** Lines of `id=value` (as docker/build-push-action's secrets); no message ever shows a value. */
function secretsOf(io: Io): BuildSecret[] {
  const out: BuildSecret[] = [];
  for (const [n, line] of io.getInput('secrets').split(/\r?\n/).entries()) {
    const text = line.trim();
    if (text === '') continue;
    const eq = text.indexOf('=');
    const id = eq > 0 ? text.slice(0, eq) : '';
    const value = text.slice(eq + 1);
    if (eq < 0 || value === '')
      throw new InputError('secrets', `line ${n + 1} is not id=value with a value (${NOT_SHOWN})`);
    if (!SECRET_ID.test(id))
      throw new InputError(
        'secrets',
        `line ${n + 1} does not start with an id of letters, digits, _ . and - before the = (${NOT_SHOWN})`,
      );
    if (value.includes('\0'))
      throw new InputError(
        'secrets',
        `line ${n + 1} (id ${id}) has a NUL character, which no environment holds`,
      );
    if (out.some((x) => x.id === id)) throw new InputError('secrets', `id ${id} is given twice`);
    out.push({ id, value });
  }
  return out;
}

/** .dockerignore lines; a line the matcher cannot compile is refused here, before anything is built. */
function excludeOf(i: Inputs): string[] {
  // One per line or comma-separated, as build-function's exclude: the pipeline action shares the input.
  const lines = i.list('exclude').filter((l) => !l.startsWith('#'));
  for (const line of lines) {
    let ok = !line.includes('\0');
    try {
      picomatch.makeRe(line.replace(/^!/, ''), { dot: true });
    } catch {
      ok = false;
    }
    if (!ok)
      throw new InputError(
        'exclude',
        `line ${show(line)} is not a .dockerignore pattern; expected e.g. node_modules, **/*.log or !keep.txt`,
      );
  }
  return lines;
}

function workdirOf(i: Inputs): string {
  const value = i.raw('workdir') || '/app';
  if (!/^\/[A-Za-z0-9._@+/-]*$/.test(value) || value.split('/').some((seg) => seg === '..' || seg === '.'))
    throw new InputError(
      'workdir',
      `${show(value)} is not allowed; expected an absolute path such as /app (letters, digits, . _ @ + -; no . or .. segments)`,
    );
  return value.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
}

function platformsOf(i: Inputs): Platform[] {
  const items = i.list('platforms');
  const platforms: Platform[] = [];
  for (const text of items.length ? items : ['linux/amd64']) {
    const p = parsePlatform(text);
    if (!p || p.os !== 'linux' || !ARCHITECTURES.includes(p.architecture))
      throw new InputError(
        'platforms',
        `${show(text)} is not a Linux platform; expected os/arch[/variant] with arch one of ${ARCHITECTURES.join(', ')}, e.g. linux/arm64`,
      );
    // The same table a pulled base's platforms are checked against.
    const problem = platformProblem(p);
    if (problem) throw new InputError('platforms', `${show(text)}: ${problem}`);
    if (platforms.some((q) => formatPlatform(q) === formatPlatform(p)))
      throw new InputError('platforms', `${show(text)} is listed twice`);
    platforms.push(p);
  }
  return platforms;
}

function exposeOf(i: Inputs): string[] {
  const out: string[] = [];
  for (const item of i.list('expose')) {
    const m = /^(\d{1,5})(?:\/(tcp|udp|sctp))?$/.exec(item);
    const port = Number(m?.[1]);
    if (!m || port < 1 || port > 65535)
      throw new InputError(
        'expose',
        `item ${show(item)} is not a port; expected 1 to 65535, optionally /tcp, /udp or /sctp, e.g. 8080 or 53/udp`,
      );
    out.push(`${port}/${m[2] ?? 'tcp'}`);
  }
  return out;
}

function directory(i: Inputs, name: string, cwd: string): string {
  const raw = i.raw(name) || '.';
  const path = resolve(cwd, raw);
  if (!existsSync(path) || !statSync(path).isDirectory())
    throw new InputError(name, `${show(raw)} is not a directory`);
  return path;
}

/** Reads and checks every input; nothing touches the network before this returns. */
export function getInputs(
  io: Io,
  cwd: string,
  /** The action's environment, for what type=gha needs; without it (a pipeline's early check) that waits for the run. */
  env?: Readonly<Record<string, string | undefined>>,
): Readonly<BuildImageInputs> {
  const i = new Inputs((n) => io.getInput(n));
  // Mask the password first, so that no later message can print it.
  const password = i.raw('base-password');
  if (password) io.setSecret(password);
  maskValues(io, 'secrets', 1);
  maskValues(io, 'build-args', BUILD_ARG_MASK_MIN);

  const dockerfileRaw = i.raw('dockerfile');
  const contextRaw = i.raw('context') || '.';
  const perPlatform = hasPlaceholder(contextRaw);
  if (perPlatform && dockerfileRaw)
    throw new InputError(
      'context',
      `${show(contextRaw)} has a placeholder, which applies only without dockerfile (a Dockerfile picks per-platform files with TARGETARCH); remove the placeholder or dockerfile`,
    );
  const common = {
    context: perPlatform ? resolve(cwd, contextRaw) : directory(i, 'context', cwd),
    platforms: platformsOf(i),
    labels: Object.fromEntries(
      i.keyValues('labels', {
        re: LABEL_KEY,
        allowed: 'a label key such as org.opencontainers.image.source',
      }),
    ),
    defaultLabels: i.bool('default-labels', true),
    output: resolve(cwd, i.raw('output') || 'image.oci'),
    maxAttempts: i.maxAttempts(),
  };
  if (existsSync(common.output) && !statSync(common.output).isDirectory())
    throw new InputError(
      'output',
      `${show(i.raw('output') || 'image.oci')} exists and is not a directory; the output is an OCI image layout directory`,
    );

  if (dockerfileRaw) {
    for (const name of DAEMONLESS_ONLY)
      if (i.given(name))
        throw new InputError(
          name,
          `does not apply with dockerfile (the Dockerfile decides it); remove ${name} or dockerfile`,
        );
    const dockerfile = resolve(cwd, dockerfileRaw);
    if (!existsSync(dockerfile) || !statSync(dockerfile).isFile())
      throw new InputError('dockerfile', `${show(dockerfileRaw)} is not a file`);
    const target = i.optional('build-target', { re: TARGET, allowed: 'a build stage name such as runtime' });
    const cacheFrom = cacheLines(io, i, 'cache-from');
    const cacheTo = cacheLines(io, i, 'cache-to');
    if (env) {
      checkGhaEnv(io, 'cache-from', cacheFrom, env);
      checkGhaEnv(io, 'cache-to', cacheTo, env);
    }
    return Object.freeze({
      mode: 'dockerfile' as const,
      ...common,
      dockerfile,
      buildArgs: i
        .keyValues('build-args', {
          re: ENV_KEY,
          allowed: 'a name of letters, digits and _',
        })
        .map(([k, v]) => `${k}=${v}`),
      secrets: secretsOf(io),
      cacheFrom: cacheFrom.map((l) => l.text),
      cacheTo: cacheTo.map((l) => l.text),
      ...(target !== undefined ? { target } : {}),
    });
  }

  for (const name of DOCKERFILE_ONLY)
    if (i.given(name)) throw new InputError(name, 'applies only with dockerfile');
  const baseRaw = i.required('base', {
    re: /./,
    allowed: 'an image reference such as node:22-slim or ghcr.io/org/image:tag, or scratch',
  });
  let base: ImageReference | 'scratch' = 'scratch';
  if (baseRaw !== 'scratch') {
    const parsed = parseReference(baseRaw);
    if (typeof parsed === 'string')
      throw new InputError('base', `${show(baseRaw)} is not an image reference: ${parsed}`);
    base = parsed;
  }
  const username = i.raw('base-username');
  if (username && !password) throw new InputError('base-password', 'is required when base-username is set');
  if (password && !username) throw new InputError('base-username', 'is required when base-password is set');
  if (username && base === 'scratch')
    throw new InputError('base-username', 'does not apply to base scratch, which is not pulled');
  const ecr = base !== 'scratch' && !username ? parseEcrHost(base.registry) : undefined;
  // ECR tokens are regional; the registry host names the region, so no aws-region input is needed.
  const user = i.optional('user', {
    re: USER,
    allowed: 'a user or uid, optionally :group, e.g. node or 1000:1000',
  });
  const entrypoint = i.argv('entrypoint');
  const cmd = i.argv('cmd');
  return Object.freeze({
    mode: 'daemonless' as const,
    ...common,
    contexts: perPlatform
      ? platformContexts(contextRaw, common.platforms, cwd)
      : common.platforms.map(() => common.context),
    base,
    workdir: workdirOf(i),
    exclude: excludeOf(i),
    env: i.keyValues('env', { re: ENV_KEY, allowed: 'a name of letters, digits and _' }),
    expose: exposeOf(i),
    ...(entrypoint ? { entrypoint } : {}),
    ...(cmd ? { cmd } : {}),
    ...(user !== undefined ? { user } : {}),
    ...(username ? { credentials: { username, password } } : {}),
    ...(ecr ? { ecr } : {}),
  });
}
