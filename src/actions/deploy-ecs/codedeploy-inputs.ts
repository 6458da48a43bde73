import { InputError } from '../../core/errors.js';
import type { Inputs } from '../../core/inputs.js';

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

export interface CodeDeployInputs {
  /** The CodeDeploy application and deployment group of a service on the CODE_DEPLOY controller. */
  codedeployApplication: string | undefined;
  codedeployDeploymentGroup: string | undefined;
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
  return { codedeployApplication, codedeployDeploymentGroup };
}
