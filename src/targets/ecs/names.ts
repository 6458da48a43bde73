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

export const TASK_DEFINITION_ARN = {
  re: /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition\/[A-Za-z0-9_-]{1,255}:\d+$/,
  allowed:
    'a task definition ARN with its revision (arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>)',
};

// ECS takes an image reference of up to 255 characters (ContainerDefinition.image, ECS API reference); its
// form is checked by the one reference parser, artifacts/oci/reference.ts.
export const IMAGE_MAX = 255;

/** The short name of a cluster or service given by name or ARN. */
export const shortName = (nameOrArn: string): string => nameOrArn.split('/').pop() ?? nameOrArn;
