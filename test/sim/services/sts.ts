import * as sdk from '@aws-sdk/client-sts';
import { SimService } from '../account.js';

export class StsSim extends SimService {
  readonly clientName = 'STSClient';
  readonly iamPrefix = 'sts';
  readonly sdk = sdk as unknown as Record<string, unknown>;
  readonly throttle = { name: 'Throttling', status: 400 };

  GetCallerIdentity(): sdk.GetCallerIdentityResponse {
    return {
      Account: this.account.accountId,
      Arn: `arn:aws:sts::${this.account.accountId}:assumed-role/deploy/slipway`,
      UserId: 'AROASIMULATED:slipway',
    };
  }
}
