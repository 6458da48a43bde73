import type { Io } from '../../core/io.js';

/**
 * The pipeline's io for one stage: inputs the previous stage produced override the user's, and outputs are
 * both collected (to chain into the next stage) and passed through (the pipeline's outputs are the union).
 */
export function overlayIo(
  io: Io,
  chained: Readonly<Record<string, string>>,
  collected: Record<string, string>,
): Io {
  return {
    getInput: (name) => chained[name] ?? io.getInput(name),
    setOutput: (name, value) => {
      collected[name] = value;
      io.setOutput(name, value);
    },
    saveState: (name, value) => io.saveState(name, value),
    getState: (name) => io.getState(name),
    setSecret: (value) => io.setSecret(value),
    info: (message) => io.info(message),
    warning: (message) => io.warning(message),
    error: (message) => io.error(message),
    debug: (message) => io.debug(message),
    isDebug: () => io.isDebug(),
    setFailed: (message) => io.setFailed(message),
    group: (title, fn) => io.group(title, fn),
    appendSummary: (markdown) => io.appendSummary(markdown),
  };
}
