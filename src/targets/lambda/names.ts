/** Lambda's naming rules, shared by every Lambda action's inputs. */
export const FUNCTION_NAME = {
  re: /^([a-zA-Z0-9-_]{1,64}|arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[a-zA-Z0-9-_]{1,64})$/,
  allowed: 'a function name (1-64 letters, digits, - or _) or a function ARN without a qualifier',
};
export const ALIAS_NAME = {
  re: /^(?!\d+$)[a-zA-Z0-9-_]{1,128}$/,
  allowed: 'an alias name: 1-128 letters, digits, - or _, not all digits',
};
export const VERSION = {
  re: /^[1-9]\d{0,9}$/,
  allowed: 'a published version number such as 7 (not $LATEST)',
};
