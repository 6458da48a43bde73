// Where the IAM call record goes. SLIPWAY_IAM_CALLS moves it, so that a run of some test files does not wipe
// or mix with the record of another run in the same tree; scripts/check-iam.mjs reads the same variable.
export const IAM_CALLS_DIR = process.env.SLIPWAY_IAM_CALLS || '.tmp/iam-calls';
