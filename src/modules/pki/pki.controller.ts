import { Body, Controller, Get, Header, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth/decorators.js';
import { ApiProblems } from '../../common/openapi/api-problems.decorator.js';
import { ExchangePkiService } from './exchange-pki.service.js';

export const TIMESTAMP_QUERY = 'application/timestamp-query';

/** The exchange's public trust material, and its timestamp authority. */
@ApiTags('pki')
@Controller('pki')
export class PkiController {
  constructor(private readonly pki: ExchangePkiService) {}

  @Get('ca')
  @Public()
  @Header('content-type', 'application/pem-certificate-chain')
  @Header('cache-control', 'public, max-age=3600')
  @ApiOperation({ summary: 'The exchange CA chain, PEM: the issuing CA, then the root' })
  @ApiProduces('application/pem-certificate-chain')
  @ApiOkResponse({ description: 'PEM certificates', schema: { type: 'string' } })
  ca(): string {
    return this.pki.caChainPem();
  }

  @Get('crl')
  @Public()
  @Header('content-type', 'application/pkix-crl')
  @Header('cache-control', 'no-cache')
  @ApiOperation({ summary: 'The current certificate revocation list of the issuing CA, DER' })
  @ApiProduces('application/pkix-crl')
  @ApiOkResponse({ description: 'DER CRL (RFC 5280)', schema: { type: 'string', format: 'binary' } })
  crl(): Promise<Buffer> {
    return this.pki.currentCrl();
  }

  @Post('timestamp')
  @HttpCode(200)
  @ApiBearerAuth()
  @Header('content-type', 'application/timestamp-reply')
  @ApiOperation({ summary: 'RFC 3161 timestamp authority: a DER TimeStampReq in, a TimeStampResp out (SHA-256 imprints)' })
  @ApiConsumes(TIMESTAMP_QUERY)
  @ApiBody({ description: 'DER TimeStampReq', schema: { type: 'string', format: 'binary' } })
  @ApiProduces('application/timestamp-reply')
  @ApiOkResponse({ description: 'DER TimeStampResp; a rejected request is a TimeStampResp with a failure status', schema: { type: 'string', format: 'binary' } })
  @ApiProblems(400, 401, 413, 415)
  timestamp(@Body() request: Buffer): Promise<Buffer> {
    return this.pki.tsa().respond(request);
  }
}
