// Types for scripts/changelog-section.mjs, so test/unit/changelog-section.test.ts can import it.
export function changelogSection(changelog: string, tag: string): string;
