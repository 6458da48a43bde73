import { InputError } from '../../core/errors.js';
import { AMI_ID } from './names.js';

/** base-ami as given: validated before any AWS call, resolved later. */
export type BaseAmiSpec =
  | { kind: 'id'; id: string }
  | { kind: 'ssm'; name: string }
  | { kind: 'pattern'; pattern: string; owners: readonly string[] };

const SSM_NAME = /^\/[a-zA-Z0-9_.\-/]{1,2047}$/;
const OWNER = /^(\d{12}|self|amazon|aws-marketplace)$/;
const NAME_PATTERN = /^[a-zA-Z0-9()[\]./\-'@_ *?]{1,128}$/;

export function parseBaseAmi(value: string, owners: readonly string[]): BaseAmiSpec {
  if (value === '')
    throw new InputError(
      'base-ami',
      'is required (an AMI id, ssm:/parameter/name, or a name pattern with owners)',
    );
  if (value.startsWith('ami-')) {
    if (!AMI_ID.re.test(value))
      throw new InputError(
        'base-ami',
        `${JSON.stringify(value)} is not an AMI id (ami- and 8 or 17 hex digits)`,
      );
    return { kind: 'id', id: value };
  }
  if (value.startsWith('ssm:')) {
    const name = value.slice(4);
    if (!SSM_NAME.test(name))
      throw new InputError(
        'base-ami',
        `${JSON.stringify(value)} is not an SSM parameter; expected ssm:/path/to/parameter, e.g. ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64`,
      );
    return { kind: 'ssm', name };
  }
  if (!NAME_PATTERN.test(value))
    throw new InputError(
      'base-ami',
      `${JSON.stringify(value)} is neither an AMI id, an ssm: parameter, nor an AMI name pattern (letters, digits, ( ) [ ] . / - ' @ _ space, * and ?)`,
    );
  if (owners.length === 0)
    throw new InputError(
      'owners',
      'is required when base-ami is a name pattern (e.g. amazon, self or an account id)',
    );
  for (const o of owners)
    if (!OWNER.test(o))
      throw new InputError(
        'owners',
        `${JSON.stringify(o)} is not an owner; expected an account id, self, amazon or aws-marketplace`,
      );
  return { kind: 'pattern', pattern: value, owners };
}
