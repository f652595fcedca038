// Custom key stores, answered as for an account that has none (operations/custom-key-stores.ts).
import { describe, expect, it } from 'vitest';
import { expectKmsError, setup } from '../test-kit';

describe('custom key stores in an account that has none', () => {
  it('DescribeCustomKeyStores lists nothing; a named store is CustomKeyStoreNotFoundException', async () => {
    const { kms } = await setup();
    expect(await kms.describeCustomKeyStores({})).toEqual({ CustomKeyStores: [], Truncated: false });
    await expectKmsError(kms.describeCustomKeyStores({ CustomKeyStoreId: 'cks-1234567890abcdef0' }), 'CustomKeyStoreNotFoundException', /cks-1234567890abcdef0/);
    await expectKmsError(kms.describeCustomKeyStores({ CustomKeyStoreName: 'ExampleStore' }), 'CustomKeyStoreNotFoundException', /ExampleStore/);
  });

  it('Connect, Disconnect, Update and Delete name an unknown store; Create finds no cluster or proxy', async () => {
    const { kms } = await setup();
    const CustomKeyStoreId = 'cks-1234567890abcdef0';
    await expectKmsError(kms.connectCustomKeyStore({ CustomKeyStoreId }), 'CustomKeyStoreNotFoundException');
    await expectKmsError(kms.disconnectCustomKeyStore({ CustomKeyStoreId }), 'CustomKeyStoreNotFoundException');
    await expectKmsError(kms.updateCustomKeyStore({ CustomKeyStoreId, NewCustomKeyStoreName: 'x' }), 'CustomKeyStoreNotFoundException');
    await expectKmsError(kms.deleteCustomKeyStore({ CustomKeyStoreId }), 'CustomKeyStoreNotFoundException');
    await expectKmsError(kms.createCustomKeyStore({ CustomKeyStoreName: 's', CloudHsmClusterId: 'cluster-234567abcdef', TrustAnchorCertificate: 'x', KeyStorePassword: 'password1' }), 'CloudHsmClusterNotFoundException');
    await expectKmsError(
      kms.createCustomKeyStore({ CustomKeyStoreName: 'x', CustomKeyStoreType: 'EXTERNAL_KEY_STORE', XksProxyUriEndpoint: 'https://proxy.example.com', XksProxyUriPath: '/kms/xks/v1', XksProxyConnectivity: 'PUBLIC_ENDPOINT', XksProxyAuthenticationCredential: { AccessKeyId: 'ABCDEFGHIJKLMNOPQRST', RawSecretAccessKey: 'a'.repeat(43) } }),
      'XksProxyUriUnreachableException',
    );
  });

  it('CreateKey with a CustomKeyStoreId is CustomKeyStoreNotFoundException and creates nothing; the model checks the id first', async () => {
    const { world, kms } = await setup();
    await expectKmsError(kms.createKey({ CustomKeyStoreId: 'cks-1234567890abcdef0', Origin: 'AWS_CLOUDHSM' }), 'CustomKeyStoreNotFoundException');
    expect(Object.keys(world.state.keys)).toHaveLength(0);
    await expectKmsError(
      kms.createKey({ CustomKeyStoreId: 'x'.repeat(65) }),
      'ValidationException',
      `1 validation error detected: Value '${'x'.repeat(65)}' at 'customKeyStoreId' failed to satisfy constraint: Member must have length less than or equal to 64`,
    );
  });
});
