import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { changelogSection } from '../../scripts/changelog-section.mjs';

const CHANGELOG = `# Changelog

All notable changes to this project are documented in this file.

## [Unreleased]

### Added

- Something new.

## [1.11.0-rc.1] - 2026-02-10

- A release candidate.

## [1.10.0] - 2026-02-01

### Fixed

- The ten.

## [1.1.0] - 2026-01-15

### Added

- Canary for ECS.

### Fixed

- A typo.

## [1.0.0] - 2026-01-01

- First release.

[Unreleased]: https://github.com/slipway/slipway/compare/v1.1.0...HEAD
[1.1.0]: https://github.com/slipway/slipway/compare/v1.0.0...v1.1.0
[1.0.0]: https://github.com/slipway/slipway/releases/tag/v1.0.0
`;

describe('changelogSection', () => {
  it("returns the tag's section without its heading, up to the next section", () => {
    expect(changelogSection(CHANGELOG, 'v1.1.0')).toBe(
      '### Added\n\n- Canary for ECS.\n\n### Fixed\n\n- A typo.\n',
    );
  });

  it('takes the tag with or without its v, and does not take 1.1.0 for 1.10.0', () => {
    expect(changelogSection(CHANGELOG, '1.10.0')).toBe('### Fixed\n\n- The ten.\n');
    expect(changelogSection(CHANGELOG, 'v1.10.0')).toBe('### Fixed\n\n- The ten.\n');
  });

  it('takes neither a pre-release for its release nor the other way round', () => {
    expect(changelogSection(CHANGELOG, 'v1.11.0-rc.1')).toBe('- A release candidate.\n');
    expect(() => changelogSection(CHANGELOG, 'v1.11.0')).toThrow(/no section for 1\.11\.0/);
  });

  it('leaves out the link definitions that close the file', () => {
    expect(changelogSection(CHANGELOG, 'v1.0.0')).toBe('- First release.\n');
  });

  it('reads a file with CRLF line ends', () => {
    expect(changelogSection(CHANGELOG.replace(/\n/g, '\r\n'), 'v1.0.0')).toBe('- First release.\n');
  });

  it('refuses a tag that is not a version, a missing section and an empty one', () => {
    expect(() => changelogSection(CHANGELOG, 'latest')).toThrow(/"latest" is not a version tag/);
    expect(() => changelogSection(CHANGELOG, 'v1.0.0; rm -rf /')).toThrow(/is not a version tag/);
    expect(() => changelogSection(CHANGELOG, 'v2.0.0')).toThrow(/no section for 2\.0\.0/);
    expect(() => changelogSection('## [2.0.0] - 2026-03-01\n\n## [1.0.0]\n- x\n', 'v2.0.0')).toThrow(
      /section for 2\.0\.0 is empty/,
    );
  });

  it('as release.yml runs it: prints the notes, or fails with a message and exit status 1', () => {
    const missing = spawnSync(process.execPath, ['scripts/changelog-section.mjs', 'v9.9.9', 'CHANGELOG.md'], {
      encoding: 'utf8',
    });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/CHANGELOG\.md: the changelog has no section for 9\.9\.9/);
    expect(missing.stdout).toBe('');
  });

  it("the repository's CHANGELOG.md has the sections release.yml will need", () => {
    const changelog = readFileSync('CHANGELOG.md', 'utf8');
    expect(changelog).toMatch(/^## \[Unreleased\]$/m);
    const notes = execFileSync(process.execPath, ['scripts/changelog-section.mjs', 'v0.1.0'], {
      encoding: 'utf8',
    });
    expect(notes).toBe(changelogSection(changelog, '0.1.0'));
    expect(notes.length).toBeGreaterThan(100);
  });
});
