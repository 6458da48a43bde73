import { CONTROL_IN_LOG } from './control-characters.js';

/**
 * The one way text from outside (AWS, a registry, a deployed function, an input) reaches the log: as one
 * line that the runner cannot read as a workflow command. Every io write goes through it.
 */

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\u001b': '\\e' };

// A log line longer than this is cut: a deployed function's error body or a registry's page can be
// megabytes, and the log is for reading.
export const LOG_LINE_MAX = 4096;

/**
 * Returns `text` as one safe log line:
 * - CR, LF and other control characters become visible escapes (`\n`, `\r`, `\e`, `\u0007`), so no text can
 *   start a new line, and so none can start a line with `::` (a workflow command such as `::stop-commands::`
 *   or `::add-mask::`);
 * - a line that itself starts with `::` (after white space, which the runner trims) is defused as `\::`, and
 *   `##[` (the runner's older command form) as `#\#[`;
 * - text over LOG_LINE_MAX characters is cut, saying how much was left out.
 */
export function safeLogLine(text: string): string {
  let line = text.length > LOG_LINE_MAX ? text.slice(0, LOG_LINE_MAX) : text;
  line = line.replace(
    CONTROL_IN_LOG,
    (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  line = line.replace(/^(\s*)::/, '$1\\::').replace(/##\[/g, '#\\#[');
  return text.length > LOG_LINE_MAX ? `${line}... (${text.length - LOG_LINE_MAX} more characters)` : line;
}
