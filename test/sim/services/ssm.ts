import * as sdk from '@aws-sdk/client-ssm';
import { SimService } from '../account.js';

/** SSM Parameter Store, read-only: enough for public parameters such as the latest Amazon Linux AMI. */
export class SsmSim extends SimService {
  readonly clientName = 'SSMClient';
  readonly iamPrefix = 'ssm';
  readonly sdk = sdk as unknown as Record<string, unknown>;
  readonly throttle = { name: 'ThrottlingException', status: 400 };
  private readonly parameters = new Map<string, Map<string, { value: string; version: number }>>();

  /** Sets a parameter in a region (set-up, not an API call). */
  putParameter(region: string, name: string, value: string): void {
    let r = this.parameters.get(region);
    if (!r) this.parameters.set(region, (r = new Map()));
    const version = (r.get(name)?.version ?? 0) + 1;
    r.set(name, { value, version });
  }

  /** A parameter's value, for the other simulated services (not an API call). */
  parameterValue(region: string, name: string): string | undefined {
    return this.parameters.get(region)?.get(name)?.value;
  }

  /** https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html */
  GetParameter(input: sdk.GetParameterRequest, region: string): sdk.GetParameterResult {
    const name = input.Name ?? '';
    const p = this.parameters.get(region)?.get(name);
    // AWS answers a missing parameter with ParameterNotFound and no message beyond the name.
    if (!p) throw this.error('ParameterNotFound', `Parameter ${name} not found.`);
    return {
      Parameter: {
        Name: name,
        Type: 'String',
        Value: p.value,
        Version: p.version,
        DataType: name.startsWith('/aws/service/ami-') ? 'aws:ec2:image' : 'text',
        ARN: `arn:aws:ssm:${region}::parameter${name}`,
      },
    };
  }
}
