import { Body, Controller, Get, HttpCode, Post, Put, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { CurrentPrincipal } from '../../common/auth/decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { validationError } from '../../common/errors/api-error.js';
import { Idempotency, type IdempotencyClaim } from '../../common/idempotency/idempotency-claim.js';
import { IDEMPOTENCY_KEY_HEADER } from '../../common/openapi/headers.js';
import { ApiProblems } from '../../common/openapi/api-problems.decorator.js';
import { UuidParam } from '../../common/validation/uuid-param.js';
import { EvidenceDto, EvidenceListDto, RecipientCertificatesDto, StartUploadDto, UploadStatusDto } from './dto/evidence.dto.js';
import { EvidenceService } from './evidence.service.js';

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

/** The body of a streamed route, as fastify hands it over (see configure-app.ts). */
function streamedBody(request: FastifyRequest): Readable {
  if (!(request.body instanceof Readable)) throw validationError([{ field: 'Content-Type', message: 'must be application/octet-stream (or application/pkcs7-mime for encrypted evidence)' }]);
  return request.body;
}

@ApiTags('orders')
@ApiBearerAuth()
@ApiProblems(401)
@Controller('orders')
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  @Post(':id/evidence')
  @HttpCode(201)
  @ApiOperation({ summary: 'Deliver one evidence file (the provider): streamed, hashed, checked against Repr-Digest' })
  @ApiConsumes('application/octet-stream', 'application/pkcs7-mime')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiHeader({ name: 'Content-Disposition', required: false, description: 'attachment; filename="mailbox.mbox"' })
  @ApiHeader({ name: 'Repr-Digest', required: false, description: 'RFC 9530, e.g. sha-256=:<base64>:; a mismatch keeps nothing' })
  @ApiHeader({ name: 'Content-Length', required: false, description: 'Reserves exactly this much of the order\'s room; without it, a whole file\'s worth is reserved while the body streams' })
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ApiCreatedResponse({ type: EvidenceDto })
  @ApiProblems(400, 403, 404, 409, 413, 415)
  upload(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string, @Req() request: FastifyRequest, @Idempotency() claim?: IdempotencyClaim): Promise<EvidenceDto> {
    const length = request.headers['content-length'];
    return this.evidence.upload(
      principal,
      id,
      streamedBody(request),
      {
        contentLength: length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined,
        contentDisposition: request.headers['content-disposition'],
        contentType: request.headers['content-type'],
        reprDigest: header(request.headers['repr-digest']),
      },
      claim,
    );
  }

  @Post(':id/evidence/uploads')
  @HttpCode(201)
  @ApiOperation({ summary: 'Start a resumable upload: declare the file (name, size, SHA-256), then PUT its chunks with Content-Range' })
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ApiCreatedResponse({ type: UploadStatusDto })
  @ApiProblems(400, 403, 404, 409, 413)
  startUpload(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string, @Body() body: StartUploadDto, @Idempotency() claim?: IdempotencyClaim): Promise<UploadStatusDto> {
    return this.evidence.startUpload(principal, id, body, claim);
  }

  @Get(':id/evidence/uploads/:uploadId')
  @ApiOperation({ summary: 'Where a resumable upload stands: the next chunk starts at `received`' })
  @ApiOkResponse({ type: UploadStatusDto })
  @ApiProblems(400, 403, 404)
  uploadStatus(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string, @UuidParam('uploadId') uploadId: string): Promise<UploadStatusDto> {
    return this.evidence.uploadStatus(principal, id, uploadId);
  }

  @Put(':id/evidence/uploads/:uploadId')
  @HttpCode(200)
  @ApiOperation({ summary: 'One chunk, in order (`Content-Range: bytes a-b/size`, optional `Content-Digest: sha-256=:…:`). 200 with the status; 201 with the evidence once the last chunk completes a file that matches its SHA-256' })
  @ApiConsumes('application/octet-stream')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiHeader({ name: 'Content-Range', required: true, description: 'bytes <first>-<last>/<size>; the first byte must be the upload\'s `received`' })
  @ApiHeader({ name: 'Content-Digest', required: false, description: 'RFC 9530 SHA-256 of this chunk; a mismatch keeps nothing of it' })
  @ApiOkResponse({ type: UploadStatusDto, description: 'Chunk kept; more to come' })
  @ApiCreatedResponse({ type: EvidenceDto, description: 'The last chunk: the file is evidence now' })
  @ApiProblems(400, 403, 404, 409)
  async uploadChunk(
    @CurrentPrincipal() principal: Principal,
    @UuidParam('id') id: string,
    @UuidParam('uploadId') uploadId: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UploadStatusDto | EvidenceDto> {
    const result = await this.evidence.uploadChunk(principal, id, uploadId, streamedBody(request), {
      contentRange: header(request.headers['content-range']),
      contentDigest: header(request.headers['content-digest']),
    });
    if (!result.done) return result.status;
    void reply.status(201);
    return result.evidence;
  }

  @Get(':id/evidence/recipient-certificates')
  @ApiOperation({ summary: 'The evidence recipient\'s own certificates, to encrypt evidence to it (CMS EnvelopedData, upload as application/pkcs7-mime)' })
  @ApiOkResponse({ type: RecipientCertificatesDto })
  @ApiProblems(400, 403, 404)
  recipientCertificates(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<RecipientCertificatesDto> {
    return this.evidence.recipientCertificates(principal, id);
  }

  @Get(':id/evidence')
  @ApiOperation({ summary: 'The evidence delivered for an order, with digests' })
  @ApiOkResponse({ type: EvidenceListDto })
  @ApiProblems(400, 403, 404)
  list(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<EvidenceListDto> {
    return this.evidence.list(principal, id);
  }
}
