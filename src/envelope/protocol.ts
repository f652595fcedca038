// Messages between the page and the envelope Web Worker (worker.ts). Everything here is
// structured-cloneable: CryptoKeys (non-extractable) and Blobs cross without copying key bytes.
import type { EnvelopeErrorCode, EnvelopeHeader } from './format';
import type { Progress } from './chunked';

export type WorkerRequest =
  | {
      id: number;
      op: 'seal';
      key: CryptoKey;
      keyArn: string;
      encryptionContext?: Record<string, string>;
      encryptedDataKey: Uint8Array;
      chunkSize: number;
      /** A Blob/File (read a slice at a time) or bytes in memory (transferred, not copied). */
      data: Blob | ArrayBuffer;
    }
  | { id: number; op: 'open'; key: CryptoKey; envelope: Blob | ArrayBuffer };

export type WorkerResponse =
  | { id: number; type: 'progress'; progress: Progress }
  /**
   * The result comes back as a Blob when the input was a Blob (built in the worker, so the page's
   * main thread never copies megabytes), and as transferred ArrayBuffers when the input was bytes.
   */
  | { id: number; type: 'sealed'; parts?: ArrayBuffer[]; blob?: Blob; chunks: number; headerLength: number }
  | { id: number; type: 'opened'; parts?: ArrayBuffer[]; blob?: Blob; header: EnvelopeHeader }
  /** `crypto`: an error of the browser's own APIs (WebCrypto, file reading), with its DOMException name. */
  | { id: number; type: 'error'; code: EnvelopeErrorCode | 'crypto'; message: string; chunk?: number; name?: string };
