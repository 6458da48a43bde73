// Types for scripts/uses.mjs, so the tests can import it.
export const REPOSITORY: string;
export const MAJOR: string;
export function usesOf(name: string): string;
