/**
 * What the builder prints on its serial console when provisioning ends. The run's token is part of the
 * marker, so neither an earlier boot's output nor a script that echoes the word can pass for this result.
 */
export const OK_MARKER = 'SLIPWAY-PROVISION-OK';
export const FAILED_MARKER = 'SLIPWAY-PROVISION-FAILED';

export type ProvisionResult =
  | { kind: 'succeeded'; lastLines: string[] }
  | { kind: 'failed'; exitCode: string; lastLines: string[] }
  | { kind: 'unknown'; lastLines: string[] };

const TAIL = 30;

/** Reads the decoded console output for this run's marker, with the lines the script printed before it. */
export function readProvisionResult(consoleText: string, token: string): ProvisionResult {
  const lines = consoleText.replace(/\r/g, '').split('\n');
  const ok = new RegExp(`^.*${OK_MARKER} ${token}\\s*$`);
  const failed = new RegExp(`^.*${FAILED_MARKER} ${token} exit=(\\d+)\\s*$`);
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] ?? '';
    const lastLines = lines.slice(Math.max(0, i - TAIL), i).filter((l) => l.trim() !== '');
    if (ok.test(line)) return { kind: 'succeeded', lastLines };
    const m = failed.exec(line);
    if (m) return { kind: 'failed', exitCode: m[1] ?? '?', lastLines };
  }
  const nonEmpty = lines.filter((l) => l.trim() !== '');
  return { kind: 'unknown', lastLines: nonEmpty.slice(-TAIL) };
}
