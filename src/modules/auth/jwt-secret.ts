import { Logger } from '@nestjs/common';
import { loadOrCreateLocalSecret } from '../../config/local-secrets.js';
import type { AppConfig } from '../../config/app-config.js';

export const JWT_SECRET = Symbol('JWT_SECRET');
export interface JwtSecret {
  value: string;
}

/** From configuration; in embedded mode, generated once into the data folder. */
export function resolveJwtSecret(config: AppConfig): JwtSecret {
  if (config.jwtSecret) return { value: config.jwtSecret };
  const { value, created } = loadOrCreateLocalSecret(config.dataDir, 'jwt-secret');
  if (created) {
    new Logger('Auth').warn(`Generated a token-signing secret in ${config.dataDir}/secrets; set JWT_SECRET in production.`);
  }
  return { value };
}
