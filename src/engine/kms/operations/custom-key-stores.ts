// Custom key stores (AWS CloudHSM key stores and external key stores), answered as AWS answers an
// account that has none — KMS Lab models no CloudHSM cluster and no external key store proxy:
// DescribeCustomKeyStores lists nothing, any CustomKeyStoreId is unknown, and CreateCustomKeyStore
// finds no cluster (CloudHsmClusterNotFoundException) or no reachable proxy
// (XksProxyUriUnreachableException). The exception names are the API reference's; the messages are
// KMS Lab's (not AWS-validated).
import { KmsError } from '../../errors';
import type { CallContext, OperationDefinition } from '../operation';

export const customKeyStoreNotFound = (id: string) =>
  new KmsError('CustomKeyStoreNotFoundException', `Custom key store ${id} does not exist in this account and Region.`);

async function unknownStore(ctx: CallContext, id: string): Promise<never> {
  await ctx.authorize({});
  ctx.stage = 'perform';
  throw customKeyStoreNotFound(id);
}

export const DescribeCustomKeyStores: OperationDefinition<'DescribeCustomKeyStores'> = {
  readOnly: true,
  auditResponse: 'response',
  async run(ctx, r) {
    await ctx.authorize({});
    ctx.stage = 'perform';
    if (r.CustomKeyStoreId !== undefined) throw customKeyStoreNotFound(r.CustomKeyStoreId);
    if (r.CustomKeyStoreName !== undefined)
      throw new KmsError('CustomKeyStoreNotFoundException', `No custom key store named ${r.CustomKeyStoreName} exists in this account and Region.`);
    return { CustomKeyStores: [], Truncated: false };
  },
};

export const ConnectCustomKeyStore: OperationDefinition<'ConnectCustomKeyStore'> = {
  readOnly: false,
  auditResponse: 'response',
  run: (ctx, r) => unknownStore(ctx, r.CustomKeyStoreId),
};
export const DisconnectCustomKeyStore: OperationDefinition<'DisconnectCustomKeyStore'> = {
  readOnly: false,
  auditResponse: 'response',
  run: (ctx, r) => unknownStore(ctx, r.CustomKeyStoreId),
};
export const DeleteCustomKeyStore: OperationDefinition<'DeleteCustomKeyStore'> = {
  readOnly: false,
  auditResponse: 'response',
  run: (ctx, r) => unknownStore(ctx, r.CustomKeyStoreId),
};
export const UpdateCustomKeyStore: OperationDefinition<'UpdateCustomKeyStore'> = {
  readOnly: false,
  auditResponse: 'response',
  run: (ctx, r) => unknownStore(ctx, r.CustomKeyStoreId),
};

export const CreateCustomKeyStore: OperationDefinition<'CreateCustomKeyStore'> = {
  readOnly: false,
  auditResponse: 'response',
  async run(ctx, r) {
    await ctx.authorize({});
    ctx.stage = 'perform';
    if ((r.CustomKeyStoreType ?? 'AWS_CLOUDHSM') === 'AWS_CLOUDHSM')
      throw new KmsError('CloudHsmClusterNotFoundException', `No AWS CloudHSM cluster${r.CloudHsmClusterId ? ` with ID ${r.CloudHsmClusterId}` : ''} exists in this account and Region.`);
    throw new KmsError('XksProxyUriUnreachableException', 'KMS cannot reach the external key store proxy: KMS Lab models no external key store.');
  },
};
