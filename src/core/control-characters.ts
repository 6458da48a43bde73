/* eslint-disable no-control-regex -- these patterns exist to find control characters */

// C0 controls, DEL, C1 controls, and the Unicode line and paragraph separators: what a terminal or the runner
// may act on, and what no name, path, key or tag needs.

/** Any control character, tab and line feed included: nothing a one-line input may hold. */
export const ANY_CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** A control character other than tab and line feed: what no input of several lines may hold either. */
export const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/;

/** Every control character but tab (harmless, and common in tool output): what a log line escapes. */
export const CONTROL_IN_LOG = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g;
