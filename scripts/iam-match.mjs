// Decides whether an IAM policy allows one recorded call: an Allow statement whose Action names it, whose
// Resource pattern matches the call's ARN and whose Condition holds for the call's condition keys. Used by
// scripts/check-iam.mjs; kept apart so test/unit/iam-check.test.ts can exercise it.
//
// The policies carry placeholders the user fills in, written ${Name} as the Service Authorization Reference
// writes its ARN formats (arn:aws:lambda:${Region}:${Account}:function:${FunctionName}). For the check each
// placeholder stands for what such a value can be (PLACEHOLDERS), never for "anything".

// Where the IAM action is not named like the API operation.
export const IAM_NAME = {
  'lambda:Invoke': 'lambda:InvokeFunction',
  's3:HeadObject': 's3:GetObject',
};

export const iamName = (call) => IAM_NAME[call] ?? call;

/** What each placeholder may stand for, as a regular expression; a placeholder not listed here is an error. */
export const PLACEHOLDERS = {
  Region: '[a-z]{2}(?:-[a-z]+)+-\\d{1,2}',
  Account: '\\d{12}',
  // Names the user gives; ARN separators (: and /) never occur in them.
  FunctionName: '[A-Za-z0-9_-]{1,64}',
  ClusterName: '[A-Za-z0-9_-]{1,255}',
  ServiceName: '[A-Za-z0-9_-]{1,255}',
  TaskDefinitionFamily: '[A-Za-z0-9_-]{1,255}',
  // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
  LogGroupName: '[A-Za-z0-9_./#-]{1,512}',
  // https://docs.aws.amazon.com/codedeploy/latest/userguide/limits.html: letters, digits, . _ + -, up to 100.
  CodeDeployApplication: '[A-Za-z0-9._+-]{1,100}',
  CodeDeployDeploymentGroup: '[A-Za-z0-9._+-]{1,100}',
  AutoScalingGroupName: '[^:/]{1,255}',
  LoadBalancerName: '[A-Za-z0-9-]{1,32}',
  TargetGroupName: '[A-Za-z0-9-]{1,32}',
  LaunchTemplateId: 'lt-[0-9a-f]{8,17}',
  BucketName: '[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]',
  RepositoryName: '[a-z0-9]+(?:[._/-][a-z0-9]+)*',
  RoleName: '[A-Za-z0-9+=,.@_-]{1,64}',
  ParameterName: '[A-Za-z0-9_./-]{1,1011}',
  // The slipway:service tag's value, which also starts the names of the groups and target groups it makes.
  Service: '[A-Za-z0-9][A-Za-z0-9-]{0,24}',
  // build-ami's ami-name template, kept in the slipway:family tag (placeholders such as {sha} included).
  AmiFamily: '[^:/]{1,128}',
};

const escape = (s) => s.replace(/[.+^$()|[\]\\{}]/g, '\\$&');

/**
 * An IAM pattern as a RegExp: ${Name} placeholders become PLACEHOLDERS[Name]; with `globs`, * and ? are
 * IAM's wildcards (ARN patterns and StringLike), else they are literal (StringEquals).
 */
export function patternRegex(pattern, { globs = true, ignoreCase = false } = {}) {
  let out = '';
  for (const part of String(pattern).split(/(\$\{[A-Za-z]+\})/)) {
    const name = /^\$\{([A-Za-z]+)\}$/.exec(part)?.[1];
    if (name !== undefined) {
      if (!(name in PLACEHOLDERS)) throw new Error(`unknown placeholder \${${name}} in ${pattern}`);
      out += `(?:${PLACEHOLDERS[name]})`;
    } else if (globs) out += escape(part).replace(/\*/g, '.*').replace(/\?/g, '.');
    else out += escape(part).replace(/[*?]/g, '\\$&');
  }
  return new RegExp(`^${out}$`, ignoreCase ? 'i' : '');
}

const list = (v) => (Array.isArray(v) ? v : [v]);

// Condition operators this checker evaluates; anything else is an error, not a silent pass.
const SINGLE = {
  StringEquals: (want, have) => patternRegex(want, { globs: false }).test(have),
  StringLike: (want, have) => patternRegex(want).test(have),
  ArnEquals: (want, have) => patternRegex(want, { globs: false }).test(have),
  ArnLike: (want, have) => patternRegex(want).test(have),
  Bool: (want, have) => String(want).toLowerCase() === String(have).toLowerCase(),
};

/**
 * Throws when a statement cannot be checked: a condition operator the checker does not evaluate, or a
 * placeholder it does not know, in any Action, Resource or condition value (whether or not a call reaches it).
 */
export function checkStatement(statement) {
  for (const [op, keys] of Object.entries(statement.Condition ?? {})) {
    const base = op.replace(/^(ForAllValues|ForAnyValue):/, '');
    if (!(base in SINGLE) || op.startsWith('ForAnyValue:'))
      throw new Error(`condition operator ${op} (Sid ${statement.Sid}) is not one the IAM check evaluates`);
    for (const v of Object.values(keys)) list(v).forEach((p) => patternRegex(p));
  }
  [...list(statement.Action), ...list(statement.Resource)].forEach((p) => patternRegex(p));
}

/**
 * IAM's evaluation of one Condition block against a call's keys: every operator and every key must hold.
 * A single-valued operator is false when the key is absent; ForAllValues is true when it is absent (as in
 * IAM, which is why a policy pairs it with a key the request must carry).
 */
export function conditionHolds(condition, context) {
  for (const [op, keys] of Object.entries(condition ?? {})) {
    const forAll = op.startsWith('ForAllValues:');
    const test = SINGLE[op.replace(/^ForAllValues:/, '')];
    if (!test || op.startsWith('ForAnyValue:')) throw new Error(`unknown condition operator ${op}`);
    for (const [key, wanted] of Object.entries(keys)) {
      const have = context?.[key];
      const matchOne = (v) => list(wanted).some((w) => test(w, v));
      if (forAll) {
        if (have !== undefined && !list(have).every(matchOne)) return false;
      } else if (have === undefined || Array.isArray(have) || !matchOne(have)) return false;
    }
  }
  return true;
}

const actionMatches = (pattern, action) => patternRegex(pattern, { ignoreCase: true }).test(action);

/** The first Allow statement of `policy` that allows `action` on `arn` given the condition keys, if any. */
export function allowingStatement(policy, action, arn, context = {}) {
  return policy.Statement.find(
    (s) =>
      s.Effect === 'Allow' &&
      list(s.Action).some((a) => actionMatches(a, action)) &&
      list(s.Resource).some((r) => patternRegex(r).test(arn)) &&
      conditionHolds(s.Condition, context),
  );
}
