/** The values an ami-name template can use. */
export interface NameValues {
  sha: string;
  date: string;
  run: string;
}

// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateImage.html: 3-128 characters of
// letters, digits, ( ) [ ] space . / - ' @ _
export const AMI_NAME_CHARS = /^[a-zA-Z0-9()[\]./\-'@_ ]*$/;
export const AMI_NAME_MAX = 128;
const PLACEHOLDER = /\{([^}]*)\}/g;
const KNOWN = new Set(['sha', 'date', 'run']);

/** The values from the run: the commit (12 hex digits), the UTC time, and the run number and attempt. */
export function nameValues(env: Readonly<Record<string, string | undefined>>, now: number): NameValues {
  const iso = new Date(now).toISOString();
  return {
    sha: (env['GITHUB_SHA'] ?? 'local').slice(0, 12),
    date: `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}`,
    run: `${env['GITHUB_RUN_NUMBER'] ?? '0'}-${env['GITHUB_RUN_ATTEMPT'] ?? '1'}`,
  };
}

/** What is wrong with a template, or undefined when it is usable. */
export function templateProblem(template: string): string | undefined {
  for (const m of template.matchAll(PLACEHOLDER))
    if (!KNOWN.has(m[1] ?? '')) return `has an unknown placeholder {${m[1]}}; use {sha}, {date} or {run}`;
  const literal = template.replace(PLACEHOLDER, '');
  if (/[{}]/.test(literal)) return 'has an unbalanced { or }';
  if (!AMI_NAME_CHARS.test(literal))
    return "may use only letters, digits, spaces and ( ) [ ] . / - ' @ _ besides the placeholders";
  return undefined;
}

export function expandName(template: string, values: NameValues): string {
  return template.replace(PLACEHOLDER, (_, key: string) => values[key as keyof NameValues]);
}
