// Types for scripts/docs.mjs, so test/integration/workflows.test.ts can check the usage examples.
export function exampleFile(name: string): string;
export function example(name: string): {
  file: string;
  step: { uses: string; id?: string; with: Record<string, unknown> };
  yaml: string;
};
