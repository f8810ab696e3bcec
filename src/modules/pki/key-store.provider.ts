import { Logger, type Provider } from '@nestjs/common';
import { SoftwareKeyStore, type KeyStore } from '../../../libs/pki/index.js';
import { AppConfig } from '../../config/app-config.js';
import { loadOrCreateLocalSecret } from '../../config/local-secrets.js';
import { DbKeyRecordStore } from './db-key-record-store.js';

/** The key store, by interface: a PKCS#11 module can be bound here instead of the software one. */
export const KEY_STORE = Symbol('KEY_STORE');

/** The key-encryption key from configuration; in embedded mode generated once into the data folder. */
export function resolveKeyEncryptionKey(config: AppConfig): Buffer {
  if (config.keyEncryptionKey) return config.keyEncryptionKey;
  const { value, created } = loadOrCreateLocalSecret(config.dataDir, 'key-encryption-key');
  if (created) {
    new Logger('Pki').warn(
      `Generated the key-encryption key in ${config.dataDir}/secrets: whoever reads that folder can decrypt every stored private key. Set KEY_ENCRYPTION_KEY in production.`,
    );
  }
  return Buffer.from(value, 'base64url');
}

export const keyStoreProvider: Provider<KeyStore> = {
  provide: KEY_STORE,
  inject: [AppConfig, DbKeyRecordStore],
  useFactory: (config: AppConfig, records: DbKeyRecordStore) => new SoftwareKeyStore(resolveKeyEncryptionKey(config), records),
};
