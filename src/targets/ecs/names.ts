/** ECS's naming rules, as the deploy-ecs inputs check them before any AWS call. */
export const CLUSTER = {
  re: /^([A-Za-z0-9_-]{1,255}|arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:cluster\/[A-Za-z0-9_-]{1,255})$/,
  allowed: 'a cluster name (1-255 letters, digits, - or _) or a cluster ARN',
};
export const SERVICE = {
  re: /^([A-Za-z0-9_-]{1,255}|arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:service\/([A-Za-z0-9_-]{1,255}\/)?[A-Za-z0-9_-]{1,255})$/,
  allowed: 'a service name (1-255 letters, digits, - or _) or a service ARN',
};
export const CONTAINER_NAME = {
  re: /^[A-Za-z0-9_-]{1,255}$/,
  allowed: 'a container name from the task definition (1-255 letters, digits, - or _)',
};

// registry[:port]/ path components / [:tag] [@sha256:digest], as the OCI distribution spec names them.
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const REGISTRY =
  '(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::\\d{1,5})?/)?';
export const IMAGE = {
  re: new RegExp(
    `^(?=.{1,255}$)${REGISTRY}${COMPONENT}(?:/${COMPONENT})*(?::[\\w][\\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$`,
  ),
  allowed:
    'an image reference such as 123456789012.dkr.ecr.us-east-1.amazonaws.com/web@sha256:<64 hex> or registry/repo:tag (publish-image outputs image-uri)',
};

/** The short name of a cluster or service given by name or ARN. */
export const shortName = (nameOrArn: string): string => nameOrArn.split('/').pop() ?? nameOrArn;
