import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { VERIFIER_FILENAME } from '../../../libs/bundle/index.js';
import { Public } from '../../common/auth/decorators.js';
import { ApiProblems } from '../../common/openapi/api-problems.decorator.js';
import { VerifierFile } from './verifier-file.js';

/** Whether an If-None-Match header names `etag` (RFC 9110 13.1.2: weak comparison, or `*`). */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag;
  });
}

/** Tools for the people who receive what the exchange produces, who have no account. */
@ApiTags('tools')
@Controller('tools')
export class ToolsController {
  constructor(private readonly files: VerifierFile) {}

  @Get(VERIFIER_FILENAME)
  @Public()
  @ApiOperation({
    summary: 'The offline bundle verifier as one file that needs only Node.js 20.19+: `node evx-verify.mjs bundle.zip [--root root.pem] [--json]`, exit 0 and a report, or 1 naming each failure',
  })
  @ApiProduces('text/javascript')
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'The ETag of a copy you hold: 304 when it is still this file' })
  @ApiOkResponse({
    description: 'An ES module importing only Node built-ins. Its SHA-256 is in ETag and Repr-Digest (RFC 9530) and in the README of the version.',
    schema: { type: 'string' },
    headers: {
      ETag: { description: '"sha256-<hex SHA-256 of the file>"', schema: { type: 'string' } },
      'Repr-Digest': { description: 'sha-256=:<base64 SHA-256>:', schema: { type: 'string' } },
    },
  })
  @ApiResponse({ status: 304, description: 'Not modified: If-None-Match names this file' })
  @ApiProblems(503)
  verifier(@Headers('if-none-match') ifNoneMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Buffer | undefined {
    const file = this.files.get();
    void reply.header('etag', file.etag).header('repr-digest', file.reprDigest).header('cache-control', 'public, no-cache');
    if (matches(ifNoneMatch, file.etag)) {
      void reply.status(304);
      return undefined;
    }
    void reply.header('content-type', 'text/javascript; charset=utf-8').header('content-disposition', `attachment; filename="${VERIFIER_FILENAME}"`);
    return file.bytes;
  }
}
