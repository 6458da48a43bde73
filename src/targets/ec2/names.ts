/** Formats of the Auto Scaling, EC2 and ELB identifiers that deploy-ec2 takes as inputs. */
export const GROUP_NAME = {
  re: /^[^:\0\n]{1,255}$/,
  allowed: 'an Auto Scaling group name (1-255 characters, no colon)',
};
export const SERVICE_NAME = {
  // Green target groups are named <service>-<6-character suffix>, within the 32 characters ELB allows, so
  // that the policy's ${Service}-* patterns match them whole.
  re: /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,23}[a-zA-Z0-9])?$/,
  allowed:
    'a service name: 1-25 letters, digits and hyphens, not starting or ending with a hyphen (green target groups are named <service>-<suffix> within the 32 characters ELB allows)',
};
export const LAUNCH_TEMPLATE = {
  re: /^(lt-[0-9a-f]{17}|[a-zA-Z0-9().\-/_]{3,128})$/,
  allowed: 'a launch template id (lt-…) or name',
};
export const LISTENER_ARN = {
  re: /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:listener\/app\/[^/]+\/[0-9a-f]+\/[0-9a-f]+$/,
  allowed: 'an Application Load Balancer listener ARN (…:listener/app/<lb>/<id>/<id>)',
};
export const RULE_ARN = {
  re: /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:listener-rule\/app\/[^/]+\/[0-9a-f]+\/[0-9a-f]+\/[0-9a-f]+$/,
  allowed: 'an Application Load Balancer listener rule ARN (…:listener-rule/app/<lb>/<id>/<id>/<id>)',
};
