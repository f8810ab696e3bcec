import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Embedded mode has no operator to hand it secrets, so it makes its own on first start and
 * keeps them in `<dataDir>/secrets` (mode 0600). Anyone who can read that folder holds them:
 * fine for trying the product, never for production, which passes them in the environment.
 *
 * Returns the secret and whether it was just created (the caller logs a warning then).
 */
export function loadOrCreateLocalSecret(dataDir: string, name: string, bytes = 32): { value: string; created: boolean } {
  const dir = join(dataDir, 'secrets');
  const file = join(dir, name);
  try {
    return { value: readFileSync(file, 'utf8').trim(), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const value = randomBytes(bytes).toString('base64url');
  // 'wx' fails if another process created it meanwhile: read theirs instead of overwriting it.
  try {
    writeFileSync(file, `${value}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { value: readFileSync(file, 'utf8').trim(), created: false };
    throw error;
  }
  return { value, created: true };
}
