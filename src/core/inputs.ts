import { ANY_CONTROL, CONTROL_IN_TEXT } from './control-characters.js';
import { InputError } from './errors.js';

/**
 * Strict input parsers. Each reads one raw input through `read`, and throws InputError naming the input,
 * the value and what is allowed. Empty means "not given", so the default applies.
 */
export type ReadInput = (name: string) => string;

const show = (value: string): string =>
  JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);

function refuseControl(name: string, value: string, re: RegExp, what: string): string {
  const m = re.exec(value);
  if (m)
    throw new InputError(
      name,
      `${show(value)} has the control character U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} at position ${m.index + 1}; ${what}`,
    );
  return value;
}

export class Inputs {
  constructor(private readonly read: ReadInput) {}

  /** Whether the input is given at all (for "applies only with" checks, which come before its own). */
  given(name: string): boolean {
    return this.read(name).trim() !== '';
  }

  /** A one-line input as given (trimmed), refusing any control character, line breaks and tabs included. */
  raw(name: string): string {
    return refuseControl(name, this.read(name).trim(), ANY_CONTROL, 'expected one line of printable text');
  }

  /**
   * An input of several lines (a list, key=value lines, a script, JSON): line feeds and tabs are allowed, a
   * CR LF line end reads as LF, and any other control character is refused.
   */
  text(name: string): string {
    const value = this.read(name).replace(/\r\n/g, '\n').trim();
    return refuseControl(name, value, CONTROL_IN_TEXT, 'expected lines of printable text');
  }

  /** A required string; `pattern` states the allowed form in the error. */
  required(name: string, pattern?: { re: RegExp; allowed: string }): string {
    const value = this.raw(name);
    if (value === '') throw new InputError(name, `is required${pattern ? ` (${pattern.allowed})` : ''}`);
    if (pattern && !pattern.re.test(value))
      throw new InputError(name, `${show(value)} is not allowed; expected ${pattern.allowed}`);
    return value;
  }

  optional(name: string, pattern?: { re: RegExp; allowed: string }): string | undefined {
    const value = this.raw(name);
    if (value === '') return undefined;
    if (pattern && !pattern.re.test(value))
      throw new InputError(name, `${show(value)} is not allowed; expected ${pattern.allowed}`);
    return value;
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.raw(name);
    if (value === '') return fallback;
    if (/^(true|True|TRUE)$/.test(value)) return true;
    if (/^(false|False|FALSE)$/.test(value)) return false;
    throw new InputError(name, `${show(value)} is not a boolean; expected true or false`);
  }

  int(name: string, range: { min: number; max: number }, fallback?: number): number {
    const value = this.raw(name);
    if (value === '') {
      if (fallback === undefined)
        throw new InputError(name, `is required (a whole number from ${range.min} to ${range.max})`);
      return fallback;
    }
    if (!/^-?\d+$/.test(value))
      throw new InputError(
        name,
        `${show(value)} is not a whole number; expected ${range.min} to ${range.max}`,
      );
    const n = Number(value);
    if (n < range.min || n > range.max)
      throw new InputError(name, `${value} is out of range; expected ${range.min} to ${range.max}`);
    return n;
  }

  /** A duration such as `90s`, `15m`, `1h` or `1h30m`, returned in milliseconds. */
  duration(name: string, fallback: string, range: { minMs?: number; maxMs?: number } = {}): number {
    const value = this.raw(name) || fallback;
    const ms = parseDuration(value);
    if (ms === undefined)
      throw new InputError(
        name,
        `${show(value)} is not a duration; expected a number with s, m or h, such as 90s, 15m or 1h`,
      );
    if (range.minMs !== undefined && ms < range.minMs)
      throw new InputError(name, `${value} is too short; the minimum is ${formatDuration(range.minMs)}`);
    if (range.maxMs !== undefined && ms > range.maxMs)
      throw new InputError(name, `${value} is too long; the maximum is ${formatDuration(range.maxMs)}`);
    return ms;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback?: T): T {
    const value = this.raw(name);
    if (value === '') {
      if (fallback === undefined)
        throw new InputError(name, `is required; expected one of ${allowed.join(', ')}`);
      return fallback;
    }
    if (!(allowed as readonly string[]).includes(value))
      throw new InputError(name, `${show(value)} is not allowed; expected one of ${allowed.join(', ')}`);
    return value as T;
  }

  /** A list: one item per line, or comma-separated; blank items dropped. */
  list(name: string, item?: { re: RegExp; allowed: string }): string[] {
    const items = this.text(name)
      .split(/[\n,]/)
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (item)
      for (const value of items)
        if (!item.re.test(value))
          throw new InputError(name, `item ${show(value)} is not allowed; expected ${item.allowed}`);
    return items;
  }

  /** Lines of `KEY=VALUE` (values may hold commas and `=`); blank lines are skipped. */
  keyValues(name: string, key: { re: RegExp; allowed: string }): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    for (const line of this.text(name).split('\n')) {
      const text = line.trim();
      if (text === '') continue;
      const eq = text.indexOf('=');
      const k = eq > 0 ? text.slice(0, eq) : '';
      if (!key.re.test(k))
        throw new InputError(name, `line ${show(text)} is not KEY=VALUE with ${key.allowed}`);
      out.push([k, text.slice(eq + 1)]);
    }
    return out;
  }

  /** An argv: a JSON array of strings (exec form), or words separated by spaces when no quoting is needed. */
  argv(name: string): string[] | undefined {
    const value = this.text(name);
    if (value === '') return undefined;
    if (value.startsWith('[')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch {
        throw new InputError(name, `${show(value)} is not a valid JSON array, e.g. ["node", "server.js"]`);
      }
      if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((a) => typeof a === 'string'))
        throw new InputError(
          name,
          `${show(value)} must be a non-empty JSON array of strings, e.g. ["node", "server.js"]`,
        );
      return parsed as string[];
    }
    if (/["'\\\n]/.test(value))
      throw new InputError(
        name,
        `${show(value)} has quotes, backslashes or lines; write it as a JSON array, e.g. ["sh", "-c", "echo hi"]`,
      );
    return value.split(/\s+/);
  }

  json(name: string): unknown {
    const value = this.text(name);
    if (value === '') return undefined;
    try {
      return JSON.parse(value) as unknown;
    } catch (err) {
      throw new InputError(name, `is not valid JSON: ${(err as Error).message}`);
    }
  }

  arn(name: string, service?: string): string | undefined {
    const value = this.raw(name);
    if (value === '') return undefined;
    const m = /^arn:aws[a-z-]*:([a-z0-9-]+):[a-z0-9-]*:\d{0,12}:.+$/.exec(value);
    if (!m || (service !== undefined && m[1] !== service))
      throw new InputError(
        name,
        `${show(value)} is not ${service ? `an ${service} ARN` : 'an ARN'} (arn:aws:${service ?? '<service>'}:<region>:<account>:...)`,
      );
    return value;
  }

  /**
   * Attempts per request from `max-retries`: the same name, meaning and default (8 retries after the first
   * attempt) on every action, for AWS calls (the SDK's adaptive retry) and registry requests alike.
   */
  maxAttempts(): number {
    return this.int('max-retries', { min: 0, max: 20 }, 8) + 1;
  }

  /** `aws-region`, falling back to AWS_REGION, then AWS_DEFAULT_REGION, as configure-aws-credentials sets them. */
  region(name: string, env: Readonly<Record<string, string | undefined>>): string {
    const value = this.raw(name) || env['AWS_REGION'] || env['AWS_DEFAULT_REGION'] || '';
    if (value === '')
      throw new InputError(
        name,
        'is required: set aws-region, or AWS_REGION (aws-actions/configure-aws-credentials sets it)',
      );
    if (!REGION.test(value))
      throw new InputError(name, `${show(value)} is not an AWS region such as us-east-1`);
    return value;
  }
}

export const HTTP_URL = { re: /^https?:\/\/\S+$/, allowed: 'an http(s) URL' };

// A GitHub-hosted job runs at most 6 hours; no wait or timeout may outlive it.
export const JOB_MAX_MS = 6 * 3_600_000;

export const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;

export function parseDuration(value: string): number | undefined {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(value.trim());
  if (!m || value.trim() === '' || (m[1] === undefined && m[2] === undefined && m[3] === undefined))
    return undefined;
  return ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000;
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  return [h ? `${h}h` : '', m ? `${m}m` : '', rest || (!h && !m) ? `${rest}s` : ''].join('');
}
