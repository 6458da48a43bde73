import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';
import { safeLogLine } from './log-line.js';

/**
 * The action's boundary with the runner: the only place that speaks the runner's protocol. Every message
 * (info, warning, error, debug, failure) is written as one safe line (`safeLogLine`): callers pass text from
 * AWS or a registry as it came, and no message can write a workflow command.
 */
export interface Io {
  getInput(name: string): string;
  setOutput(name: string, value: string): void;
  saveState(name: string, value: string): void;
  getState(name: string): string;
  setSecret(value: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
  debug(message: string): void;
  isDebug(): boolean;
  setFailed(message: string): void;
  appendSummary(markdown: string): Promise<void>;
}

/** The environment variable the runner gives an input in: `INPUT_`, then the name upper-cased, spaces as _. */
export const inputEnvName = (name: string): string => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;

// Workflow commands escape these so that a value cannot end the command or start another one.
const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

/**
 * A heredoc delimiter that occurs in neither the name nor the value, so that no value can end its block and
 * write another output. It is checked, not trusted to chance, so Math.random serves: node:crypto, which
 * @actions/core uses here, took 9-13 ms to load, at the start of every step.
 */
function delimiterFor(name: string, value: string): string {
  for (;;) {
    const delimiter = `ghadelimiter_${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
    if (!name.includes(delimiter) && !value.includes(delimiter)) return delimiter;
  }
}

/**
 * The runner's io. Inputs, state, logs, outputs and failure follow the runner's documented env, stdout and
 * file-command protocol directly. @actions/core would do the same, but importing it loads its HTTP client
 * (70-90 ms measured on these machines): a run with a bad input could not fail fast, and every step that
 * writes a job summary, which the runner always asks for, would pay it at the end.
 */
export function createActionsIo(env: NodeJS.ProcessEnv = process.env): Io {
  const command = (name: string, message: string): void => {
    process.stdout.write(`::${name}::${escapeData(safeLogLine(message))}${EOL}`);
  };
  // Set by the runner exactly when step debug logging is on, the only time it shows debug lines.
  const isDebug = (): boolean => env['RUNNER_DEBUG'] === '1';
  const fileCommand = (file: 'OUTPUT' | 'STATE', name: string, value: string): void => {
    const path = env[`GITHUB_${file}`];
    if (!path) throw new Error(`GITHUB_${file} is not set: not running on a GitHub Actions runner?`);
    const delimiter = delimiterFor(name, value);
    appendFileSync(path, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, 'utf8');
  };
  return {
    getInput: (name) => (env[inputEnvName(name)] ?? '').trim(),
    setOutput: (name, value) => fileCommand('OUTPUT', name, value),
    saveState: (name, value) => fileCommand('STATE', name, value),
    getState: (name) => env[`STATE_${name}`] ?? '',
    // The value itself, escaped for the command but not made safe: the runner must mask exactly it.
    setSecret: (value) => void process.stdout.write(`::add-mask::${escapeData(value)}${EOL}`),
    info: (message) => void process.stdout.write(safeLogLine(message) + EOL),
    warning: (message) => command('warning', message),
    error: (message) => command('error', message),
    // Otherwise each would cost a write to the runner's pipe (a push logs every request) for nothing.
    debug: (message) => {
      if (isDebug()) command('debug', message);
    },
    isDebug,
    setFailed: (message) => {
      process.exitCode = 1;
      command('error', message);
    },
    appendSummary: async (markdown) => {
      // The summary file is optional outside the runner (local runs).
      const path = env['GITHUB_STEP_SUMMARY'];
      // Synchronous, as the file commands are.
      if (path) appendFileSync(path, markdown + EOL, 'utf8');
    },
  };
}
