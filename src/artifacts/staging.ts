import { cp } from 'node:fs/promises';
import { basename, relative } from 'node:path';
import { exec } from '@actions/exec';
import { ActionError } from '../core/errors.js';

/**
 * The staging copy an installer runs in: `source` copied into `staging` (an empty directory the caller made,
 * and removes), never the user's tree. The user's own node_modules (dev dependencies, other platforms) and
 * .git must not leak into the package; links are copied as links.
 */
export async function copyToStaging(source: string, staging: string): Promise<void> {
  await cp(source, staging, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (src) => {
      const rel = relative(source, src);
      return rel !== 'node_modules' && rel !== '.git' && basename(src) !== '.DS_Store';
    },
  });
}

// Enough for the error at the end of a failed install; the whole output is in the log.
const TAIL_LINES = 200;

export interface ToolRun {
  code: number;
  /** The last lines the tool wrote (at most TAIL_LINES), stdout and stderr, in the order read. */
  lines: string[];
}

/**
 * Runs an installer with an argument array (no shell). Its output is the package registry's and the
 * packages' own text, so each line reaches the log through `log` (io, which writes it as one safe line), not
 * the runner's stdout, where a line could be read as a workflow command. A tool that is not on PATH is one
 * ActionError saying how to get it (`hint`).
 */
export async function runTool(
  command: string,
  args: readonly string[],
  options: {
    cwd: string;
    log: (line: string) => void;
    hint: string;
  },
): Promise<ToolRun> {
  const lines: string[] = [];
  const line = (text: string): void => {
    lines.push(text);
    if (lines.length > TAIL_LINES) lines.shift();
    options.log(text);
  };
  try {
    const code = await exec(command, [...args], {
      cwd: options.cwd,
      silent: true,
      ignoreReturnCode: true,
      listeners: { stdline: line, errline: line },
    });
    return { code, lines };
  } catch (err) {
    if (/Unable to locate executable file/.test((err as Error).message))
      throw new ActionError(`${command} is not on PATH, or is not an executable file: ${options.hint}`);
    throw err;
  }
}
