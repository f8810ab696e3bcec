import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../../common/auth/decorators.js';
import { ApiProblems } from '../../common/openapi/api-problems.decorator.js';
import { ExchangePkiService } from '../pki/exchange-pki.service.js';
import { LogTiles } from './log-tiles.service.js';

const TEXT = 'text/plain; charset=utf-8';
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Partial tiles never change either, but a log may stop serving them once full: keep them briefly. */
const SHORT_LIVED = 'public, max-age=60';

/**
 * The public transparency log (C2SP tlog-checkpoint, signed-note, tlog-tiles), for anyone to
 * audit with tools that are not ours. No authentication; every answer sets its own caching.
 */
@ApiTags('log')
@Public()
@Controller('log')
export class LogController {
  constructor(
    private readonly tiles: LogTiles,
    private readonly pki: ExchangePkiService,
  ) {}

  @Get('checkpoint')
  @ApiOperation({ summary: 'The latest checkpoint (C2SP tlog-checkpoint): origin, tree size, base64 RFC 6962 root, signed by the log key, with the witness cosignatures collected' })
  @ApiProduces(TEXT)
  @ApiOkResponse({ description: 'A signed note', schema: { type: 'string', example: 'localhost:3000/api/v1/log\n42\n<base64 root>\n\n— localhost:3000/api/v1/log <base64 key ID and signature>\n' } })
  @ApiProblems(503)
  async checkpoint(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const note = await this.tiles.checkpoint();
    void reply.header('content-type', TEXT).header('cache-control', 'no-cache');
    return note;
  }

  @Get('key')
  @ApiOperation({ summary: 'The log\'s note verifier key, `<name>+<hex key ID>+<base64(0x01 || Ed25519 public key)>`, as Go\'s note.NewVerifier reads it' })
  @ApiProduces(TEXT)
  @ApiOkResponse({ description: 'One line', schema: { type: 'string' } })
  key(@Res({ passthrough: true }) reply: FastifyReply): string {
    void reply.header('content-type', TEXT).header('cache-control', 'public, max-age=86400');
    return `${this.pki.logKey().verifierKey}\n`;
  }

  @Get('tile/*')
  @ApiOperation({
    summary:
      'A tile (C2SP tlog-tiles): `tile/<L>/<N>[.p/<W>]` holds 256 (or W) hashes of level L, `tile/entries/<N>[.p/<W>]` the entries (32-byte step hashes, each after a big-endian uint16 length). N in groups of three digits, all but the last prefixed with x',
  })
  @ApiParam({ name: '*', description: 'The tile path after `tile/`, e.g. `0/001`, `1/000.p/3`, `entries/x001/234.p/17`', example: '0/000.p/5' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'Full tiles are immutable (cached for a year); partial tiles for a minute', schema: { type: 'string', format: 'binary' } })
  @ApiProblems(404)
  async tile(@Param('*') rest: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const answer = await this.tiles.resource(`tile/${rest}`);
    void reply.header('content-type', 'application/octet-stream').header('cache-control', answer.full ? IMMUTABLE : SHORT_LIVED);
    return answer.data;
  }
}
