// The one place that says where slipway is published: every `uses:` in the READMEs and examples takes its
// form from here (scripts/docs.mjs renders it; test/integration/workflows.test.ts checks the examples), and
// the release workflow refuses a tag whose major version is not MAJOR.
export const REPOSITORY = 'slipway/slipway';
export const MAJOR = 'v1';

/** The `uses:` of an action by its folder name; `pipeline` is the root action.yml. */
export function usesOf(name) {
  return name === 'pipeline' ? `${REPOSITORY}@${MAJOR}` : `${REPOSITORY}/actions/${name}@${MAJOR}`;
}
