import type { SafeStorage } from 'electron';
import type { SecretCipher } from '../core/connections/cipher';

/**
 * The desktop vault cipher: Electron `safeStorage` (Keychain on macOS, DPAPI on
 * Windows, the Secret Service / KWallet on Linux). On Linux without a keyring
 * Chromium falls back to `basic_text`, which only obfuscates with a key that is
 * the same on every machine; `needsConsent` tells the vault to ask the user
 * before storing anything then (connections.vault.status / consent).
 *
 * Create it after `app` is ready: before that the Linux backend reads `unknown`.
 */
export function createSafeStorageCipher(
  safeStorage: SafeStorage,
  platform: NodeJS.Platform = process.platform,
): SecretCipher {
  const backend =
    platform === 'darwin' ? 'keychain' : platform === 'win32' ? 'dpapi' : safeStorage.getSelectedStorageBackend();
  return {
    backend,
    needsConsent: backend === 'basic_text',
    async encrypt(plain: Buffer): Promise<Buffer> {
      if (!safeStorage.isEncryptionAvailable()) {
        throw new Error(
          'The operating system keyring is not available, so secrets cannot be stored securely right now.',
        );
      }
      // safeStorage seals strings; base64 carries arbitrary bytes (a PEM key, a passphrase) losslessly.
      return safeStorage.encryptString(plain.toString('base64'));
    },
    async decrypt(sealed: Buffer): Promise<Buffer> {
      return Buffer.from(safeStorage.decryptString(sealed), 'base64');
    },
  };
}
