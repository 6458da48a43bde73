import * as core from '@actions/core';

/** The action's boundary with the runner: the only place that touches @actions/core. */
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

export function createActionsIo(): Io {
  return {
    getInput: (name) => core.getInput(name),
    setOutput: (name, value) => core.setOutput(name, value),
    saveState: (name, value) => core.saveState(name, value),
    getState: (name) => core.getState(name),
    setSecret: (value) => core.setSecret(value),
    info: (message) => core.info(message),
    warning: (message) => core.warning(message),
    error: (message) => core.error(message),
    debug: (message) => core.debug(message),
    isDebug: () => core.isDebug(),
    setFailed: (message) => core.setFailed(message),
    appendSummary: async (markdown) => {
      // The summary file is optional outside the runner (local runs, tests of other paths).
      if (!process.env['GITHUB_STEP_SUMMARY']) return;
      await core.summary.addRaw(markdown, true).write();
    },
  };
}
