import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VERIFIER_FILENAME } from '../../../libs/bundle/index.js';
import { ApiError } from '../../common/errors/api-error.js';

/** The project root: the nearest folder with a package.json, from src/ (tests) or dist/src/ (the server). */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('no package.json above the tools module');
    dir = parent;
  }
  return dir;
}

export interface ServedFile {
  bytes: Buffer;
  /** A strong validator: the SHA-256, so a recipient can pin the file by it. */
  etag: string;
  /** RFC 9530. */
  reprDigest: string;
  sha256: string;
}

/**
 * The single-file verifier that `npm run build` writes to dist/tools/ (scripts/build-verifier.js),
 * read once and kept: it changes only with a new build of the exchange.
 */
@Injectable()
export class VerifierFile {
  readonly path = join(projectRoot(), 'dist', 'tools', VERIFIER_FILENAME);
  private served?: ServedFile;

  get(): ServedFile {
    if (!this.served) {
      if (!existsSync(this.path)) throw new ApiError('SERVICE_UNAVAILABLE', `The verifier was not built on this server (npm run build writes dist/tools/${VERIFIER_FILENAME}).`);
      const bytes = readFileSync(this.path);
      const digest = createHash('sha256').update(bytes).digest();
      this.served = { bytes, etag: `"sha256-${digest.toString('hex')}"`, reprDigest: `sha-256=:${digest.toString('base64')}:`, sha256: digest.toString('hex') };
    }
    return this.served;
  }
}
