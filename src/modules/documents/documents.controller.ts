import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal } from '../../common/auth/decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { validationError } from '../../common/errors/api-error.js';
import { ApiProblems } from '../../common/openapi/api-problems.decorator.js';
import { UuidParam } from '../../common/validation/uuid-param.js';
import { DocumentsService } from './documents.service.js';
import { DocumentListDto } from './dto/document.dto.js';

@ApiTags('orders')
@ApiBearerAuth()
@ApiProblems(401)
@Controller('orders')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Get(':id/documents')
  @ApiOperation({ summary: 'The signed documents of an order (EPOC, Annex III...), with the languages each can be read in' })
  @ApiOkResponse({ type: DocumentListDto })
  @ApiProblems(400, 404)
  list(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<DocumentListDto> {
    return this.documents.list(principal, id);
  }

  @Get(':id/documents/:documentId')
  @ApiOperation({ summary: 'One signed document as PDF (PAdES B-T, PDF/A-3b shaped, order.json attached); another language is made when first asked for' })
  @ApiQuery({ name: 'lang', required: false, description: 'ISO 639-1; the language the step made it in by default', example: 'fr' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The signed PDF', schema: { type: 'string', format: 'binary' } })
  @ApiProblems(400, 404)
  async document(
    @CurrentPrincipal() principal: Principal,
    @UuidParam('id') id: string,
    @UuidParam('documentId') documentId: string,
    @Query('lang') lang: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    if (lang !== undefined && !/^[a-z]{2}$/.test(lang)) throw validationError([{ field: 'lang', message: 'must be an ISO 639-1 code, e.g. fr' }]);
    const file = await this.documents.open(principal, id, documentId, lang);
    void reply.header('repr-digest', `sha-256=:${Buffer.from(file.sha256, 'hex').toString('base64')}:`);
    return new StreamableFile(file.stream, { type: 'application/pdf', disposition: `attachment; filename="${file.filename}"`, length: file.size });
  }
}
