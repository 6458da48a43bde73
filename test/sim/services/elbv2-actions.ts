import type * as sdk from '@aws-sdk/client-elastic-load-balancing-v2';

type Fail = (name: string, message: string) => Error;

/**
 * The client secrets of a new action list's authenticate-oidc actions, as CreateListener, CreateRule,
 * ModifyListener and ModifyRule take them.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_AuthenticateOidcActionConfig.html:
 * "ClientSecret: This parameter is required if you are creating a rule. If you are modifying a rule, you can
 * omit this parameter if you set UseExistingClientSecret to true." Giving both is refused with
 * InvalidLoadBalancerAction "You cannot both specify a client secret and set UseExistingClientSecret to true"
 * (the error AWS returns, quoted in https://github.com/ansible-collections/amazon.aws/issues/1877).
 * `previous` is the list being replaced (undefined when creating); the stored list keeps the secret and
 * drops UseExistingClientSecret, which is a request flag, not state.
 */
export function resolveOidcSecrets(
  actions: sdk.Action[],
  previous: readonly sdk.Action[] | undefined,
  fail: Fail,
): sdk.Action[] {
  const existing = previous?.find((a) => a.Type === 'authenticate-oidc')?.AuthenticateOidcConfig
    ?.ClientSecret;
  return actions.map((a): sdk.Action => {
    if (a.Type !== 'authenticate-oidc') return a;
    const { UseExistingClientSecret: useExisting, ...config }: sdk.AuthenticateOidcActionConfig =
      a.AuthenticateOidcConfig ?? ({} as sdk.AuthenticateOidcActionConfig);
    if (config.ClientSecret && useExisting)
      throw fail(
        'InvalidLoadBalancerActionException',
        'You cannot both specify a client secret and set UseExistingClientSecret to true',
      );
    if (config.ClientSecret) return { ...a, AuthenticateOidcConfig: config };
    // The documentation names no error for a missing secret; the action is refused as invalid (ASSUMPTIONS.md).
    if (!useExisting)
      throw fail(
        'InvalidLoadBalancerActionException',
        previous
          ? 'You must specify a client secret or set UseExistingClientSecret to true'
          : 'You must specify a client secret when you create an authenticate-oidc action',
      );
    if (!existing)
      throw fail(
        'InvalidLoadBalancerActionException',
        'UseExistingClientSecret is true but the rule has no existing client secret',
      );
    return { ...a, AuthenticateOidcConfig: { ...config, ClientSecret: existing } };
  });
}

/**
 * An action list as DescribeListeners and DescribeRules return it: without the OIDC client secret, which
 * AWS never returns (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_AuthenticateOidcActionConfig.html:
 * a write that omits it must set UseExistingClientSecret; Terraform keeps it from its own state for this reason,
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lb_listener).
 */
export function describedActions(actions: readonly sdk.Action[]): sdk.Action[] {
  return structuredClone(actions as sdk.Action[]).map((a) => {
    if (a.AuthenticateOidcConfig) delete a.AuthenticateOidcConfig.ClientSecret;
    return a;
  });
}
