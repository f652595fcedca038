// toAwsError keeps AWS errors as AWS gives them and marks everything else as not KMS's answer.
import { describe, expect, it } from 'vitest';
import { createWorld, toAwsError } from './kms-calls';

describe('toAwsError', () => {
  it('tells KMS errors from the browser’s and the app’s', async () => {
    const world = await createWorld({});
    const err = await world.client({ region: 'us-east-1' }).describeKey({ KeyId: 'alias/none' }).then(() => null, (e: unknown) => e);
    expect(toAwsError(err)).toEqual({ name: 'NotFoundException', message: expect.stringContaining('alias/none') });
    expect(toAwsError(err).origin).toBeUndefined();
    expect(toAwsError(new DOMException('key is not extractable', 'InvalidAccessError'))).toEqual({ name: 'InvalidAccessError', message: 'key is not extractable', origin: 'browser' });
    expect(toAwsError(new TypeError('Choose a key.'))).toEqual({ name: 'TypeError', message: 'Choose a key.', origin: 'app' });
    expect(toAwsError('odd')).toEqual({ name: 'Error', message: 'odd', origin: 'app' });
  });
});
