import { InputError } from '../../core/errors.js';
import type { Inputs } from '../../core/inputs.js';
import type { EcsHooks } from '../../targets/ecs/appspec.js';
import { ECS_HOOKS } from '../../targets/ecs/appspec.js';

// CodeDeploy's names: 1-100 letters, digits, periods, underscores, + and -
// (https://docs.aws.amazon.com/codedeploy/latest/userguide/limits.html, "Applications" and "Deployment groups").
const NAME = /^[A-Za-z0-9._+-]{1,100}$/;
const APPLICATION = {
  re: NAME,
  allowed: 'a CodeDeploy application name (1-100 letters, digits, ., _, + or -)',
};
const DEPLOYMENT_GROUP = {
  re: NAME,
  allowed: 'a CodeDeploy deployment group name (1-100 letters, digits, ., _, + or -)',
};

// The five hooks an Amazon ECS AppSpec may name, in the order they run
// (https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-hooks.html#reference-appspec-file-structure-hooks-list-ecs).
const HOOK = {
  re: new RegExp(`^(${ECS_HOOKS.join('|')})$`),
  allowed: `a hook of an ECS deployment (${ECS_HOOKS.join(', ')})`,
};
// A Lambda function by name (1-64 letters, digits, - or _), name:qualifier, or ARN
// (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html#lambda-Invoke-request-FunctionName).
const FUNCTION =
  /^(arn:aws[a-z-]*:lambda:[a-z]{2}(-[a-z]+)+-\d:\d{12}:function:)?[A-Za-z0-9_-]{1,64}(:(\$LATEST|[A-Za-z0-9_-]{1,128}))?$/;

export interface CodeDeployInputs {
  /** The CodeDeploy application and deployment group of a service on the CODE_DEPLOY controller. */
  codedeployApplication: string | undefined;
  codedeployDeploymentGroup: string | undefined;
  /** The AppSpec's hooks, by event; none when not given. */
  codedeployHooks: EcsHooks;
}

/** codedeploy-application and codedeploy-deployment-group: both or neither. */
export function readCodeDeployInputs(i: Inputs): CodeDeployInputs {
  const codedeployApplication = i.optional('codedeploy-application', APPLICATION);
  const codedeployDeploymentGroup = i.optional('codedeploy-deployment-group', DEPLOYMENT_GROUP);
  if ((codedeployApplication === undefined) !== (codedeployDeploymentGroup === undefined)) {
    const missing =
      codedeployApplication === undefined ? 'codedeploy-application' : 'codedeploy-deployment-group';
    throw new InputError(
      missing,
      `is required with ${missing === 'codedeploy-application' ? 'codedeploy-deployment-group' : 'codedeploy-application'}: a CODE_DEPLOY service is deployed through its application and deployment group`,
    );
  }
  const codedeployHooks = readHooks(i);
  if (Object.keys(codedeployHooks).length && codedeployApplication === undefined)
    throw new InputError(
      'codedeploy-hooks',
      'needs codedeploy-application and codedeploy-deployment-group: hooks are for a service on the CODE_DEPLOY controller',
    );
  return { codedeployApplication, codedeployDeploymentGroup, codedeployHooks };
}

/** codedeploy-hooks: one `Event=function` a line, each event at most once. */
function readHooks(i: Inputs): EcsHooks {
  const hooks: EcsHooks = {};
  for (const [event, fn] of i.keyValues('codedeploy-hooks', HOOK)) {
    const name = event as keyof EcsHooks;
    if (hooks[name] !== undefined) throw new InputError('codedeploy-hooks', `${event} is given twice`);
    if (!FUNCTION.test(fn))
      throw new InputError(
        'codedeploy-hooks',
        `${event}: ${JSON.stringify(fn)} is not a Lambda function (a name of 1-64 letters, digits, - or _, with an optional :version or :alias, or a function ARN)`,
      );
    hooks[name] = fn;
  }
  return hooks;
}
