// Prints one version's section of a Keep a Changelog file: the release notes of .github/workflows/release.yml.
// Usage: node scripts/changelog-section.mjs <vX.Y.Z | X.Y.Z> [CHANGELOG.md]
import { readFileSync } from 'node:fs';

const VERSION = /^v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$/;

/**
 * The body of the `## [X.Y.Z]` section (any date after it), without its heading, up to the next `## ` heading
 * or the link definitions that close the file. Throws when the tag is not a version, or the section is
 * missing or empty: a release without notes is a mistake to stop, not to publish.
 */
export function changelogSection(changelog, tag) {
  const m = VERSION.exec(tag);
  if (!m) throw new Error(`${JSON.stringify(tag)} is not a version tag such as v1.2.3`);
  const version = m[1];
  const lines = changelog.split(/\r?\n/);
  const heading = new RegExp(`^## \\[?v?${version.replace(/\./g, '\\.')}\\]?(?:\\s|$)`);
  const start = lines.findIndex((l) => heading.test(l));
  if (start < 0)
    throw new Error(`the changelog has no section for ${version} (a "## [${version}] - date" heading)`);
  let end = lines.findIndex((l, i) => i > start && /^## /.test(l));
  if (end < 0) end = lines.length;
  const body = lines.slice(start + 1, end);
  while (body.length && (/^\[[^\]]+\]:\s/.test(body.at(-1)) || body.at(-1).trim() === '')) body.pop();
  while (body.length && body[0].trim() === '') body.shift();
  if (!body.length) throw new Error(`the changelog's section for ${version} is empty`);
  return `${body.join('\n')}\n`;
}

if (process.argv[1]?.endsWith('changelog-section.mjs')) {
  const [tag, file = 'CHANGELOG.md'] = process.argv.slice(2);
  try {
    process.stdout.write(changelogSection(readFileSync(file, 'utf8'), tag ?? ''));
  } catch (err) {
    console.error(`${file}: ${err.message}`);
    process.exit(1);
  }
}
