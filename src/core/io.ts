import * as core from '@actions/core';
import { safeLogLine } from './log-line.js';

/**
 * The action's boundary with the runner: the only place that speaks the runner's protocol. Every message
 * (info, warning, error, debug, failure, group title) is written as one safe line (`safeLogLine`): callers
 * pass text from AWS or a registry as it came, and no message can write a workflow command.
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
  /** Runs `fn` with its log lines folded under `title` (a `::group::`); groups do not nest. */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
  appendSummary(markdown: string): Promise<void>;
}

/** The environment variable the runner gives an input in: `INPUT_`, then the name upper-cased, spaces as _. */
export const inputEnvName = (name: string): string => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;

/**
 * The runner's io, through @actions/core: inputs, outputs and state as the runner passes them (env vars and
 * file commands), masking, annotations, groups and the job summary. `npx @github/local-action` replaces
 * @actions/core with its own, so the same io serves a local run.
 */
export function createActionsIo(): Io {
  return {
    getInput: (name) => core.getInput(name),
    setOutput: (name, value) => core.setOutput(name, value),
    saveState: (name, value) => core.saveState(name, value),
    getState: (name) => core.getState(name),
    // The value itself: the runner must mask exactly it.
    setSecret: (value) => core.setSecret(value),
    info: (message) => core.info(safeLogLine(message)),
    warning: (message) => core.warning(safeLogLine(message)),
    error: (message) => core.error(safeLogLine(message)),
    // Otherwise each would cost a write to the runner's pipe (a push logs every request) for nothing.
    debug: (message) => {
      if (core.isDebug()) core.debug(safeLogLine(message));
    },
    isDebug: () => core.isDebug(),
    setFailed: (message) => core.setFailed(safeLogLine(message)),
    group: (title, fn) => core.group(safeLogLine(title), fn),
    appendSummary: async (markdown) => {
      // The summary file is optional outside the runner (local runs); @actions/core would throw without it.
      if (process.env['GITHUB_STEP_SUMMARY']) await core.summary.addRaw(markdown, true).write();
    },
  };
}
