// Types for scripts/iam-match.mjs, so test/unit/iam-check.test.ts can import it.
export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}
export interface Policy {
  Version?: string;
  Statement: PolicyStatement[];
}
export type CallContext = Record<string, string | string[]>;
export const IAM_NAME: Record<string, string>;
export const PLACEHOLDERS: Record<string, string>;
export function iamName(call: string): string;
export function patternRegex(pattern: string, options?: { globs?: boolean; ignoreCase?: boolean }): RegExp;
export function checkStatement(statement: PolicyStatement): void;
export function conditionHolds(
  condition: PolicyStatement['Condition'],
  context: CallContext | undefined,
): boolean;
export function allowingStatement(
  policy: Policy,
  action: string,
  arn: string,
  context?: CallContext,
): PolicyStatement | undefined;
