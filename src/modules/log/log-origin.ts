import { isValidKeyName } from '../../../libs/tlog/index.js';

/** Where the log is served, under the API prefix. */
export const LOG_PATH = '/api/v1/log';

/**
 * The log's origin line (and its key's name): the log's URL without its scheme, as C2SP
 * tlog-checkpoint recommends, e.g. `evidence.example.eu/api/v1/log` for PUBLIC_URL
 * `https://evidence.example.eu`. Fixed when the log key is made.
 */
export function logOriginFor(publicUrl: string): string {
  const url = new URL(publicUrl);
  const origin = `${url.host}${url.pathname.replace(/\/+$/, '')}${LOG_PATH}`;
  if (!isValidKeyName(origin)) throw new Error(`PUBLIC_URL ${publicUrl} gives no usable log origin (${origin})`);
  return origin;
}
