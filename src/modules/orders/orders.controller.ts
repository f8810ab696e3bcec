import { Body, Controller, Get, Headers, HttpCode, Patch, Post, Put, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { CurrentPrincipal, Roles } from '../../common/auth/decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { validationError } from '../../common/errors/api-error.js';
import { ApiProblems } from '../../common/openapi/api-problems.decorator.js';
import type { Page } from '../../common/pagination.js';
import { UuidParam } from '../../common/validation/uuid-param.js';
import { CreateOrderDto, UpdateOrderDto } from './dto/create-order.dto.js';
import { DocumentListDto } from './dto/document.dto.js';
import { EvidenceDto, EvidenceListDto, RecipientCertificatesDto, StartUploadDto, UploadStatusDto } from './dto/evidence.dto.js';
import { ListOrdersQueryDto } from './dto/list-orders.query.js';
import { OrderDto, OrderPageDto, StepListDto, VerificationDto } from './dto/order.dto.js';
import {
  ClarificationRequestDto,
  EnforcingReviewDto,
  MessageDto,
  NonExecutionDto,
  NoteDto,
  ProductionDto,
  SignedBodyDto,
  SubmitDto,
  SubsequentRequestDto,
  ValidateDto,
  WithdrawDto,
} from './dto/transition.dto.js';
import { BundleService } from './bundle.service.js';
import { DocumentsService } from './documents.service.js';
import { EvidenceService } from './evidence.service.js';
import { OrderActionsService } from './order-actions.service.js';
import { OrderStepsService } from './order-steps.service.js';
import { OrdersService } from './orders.service.js';

const IF_MATCH = { name: 'If-Match', required: false, description: 'The order version this action is for, e.g. "3": 412 if the order moved on' };
const IDEMPOTENCY_KEY = { name: 'Idempotency-Key', required: false, description: 'A unique key per intended action: a retry replays the stored answer' };

/** `If-Match: "3"` (also `3` or `W/"3"`) → 3. */
function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!match) throw validationError([{ field: 'If-Match', message: 'must be the order version in quotes, e.g. "3"' }]);
  return Number(match[1]);
}

/** The version as an entity tag, so `If-Match` can send it back. */
function withEtag(reply: FastifyReply, order: OrderDto): OrderDto {
  void reply.header('etag', `"${order.version}"`);
  return order;
}

@ApiTags('orders')
@ApiBearerAuth()
@ApiProblems(401)
@Controller('orders')
export class OrdersController {
  constructor(
    private readonly orders: OrdersService,
    private readonly actions: OrderActionsService,
    private readonly steps: OrderStepsService,
    private readonly evidence: EvidenceService,
    private readonly documents: DocumentsService,
    private readonly bundles: BundleService,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('OFFICER', 'PROSECUTOR', 'VALIDATOR')
  @ApiOperation({ summary: 'Draft an order: checked, routed to a legal instrument, and signed as step 1' })
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiCreatedResponse({ type: OrderDto })
  @ApiProblems(400, 403, 409, 422)
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateOrderDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<OrderDto> {
    return withEtag(reply, await this.orders.create(principal, body));
  }

  @Get()
  @ApiOperation({ summary: 'Orders your organisation is party to, newest first' })
  @ApiOkResponse({ type: OrderPageDto })
  @ApiProblems(400)
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListOrdersQueryDto): Promise<Page<OrderDto>> {
    return this.orders.list(principal, { status: query.status, type: query.type, box: query.box }, query.limit ?? 50, query.cursor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One order, with its clocks (dueAt, overdue, enforcingReview, preservationExpiresAt)' })
  @ApiOkResponse({ type: OrderDto })
  @ApiProblems(400, 404)
  async get(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<OrderDto> {
    return withEtag(reply, await this.orders.get(principal, id));
  }

  @Patch(':id')
  @HttpCode(200)
  @ApiOperation({ summary: 'Amend a draft (drafter\'s organisation only); routed again and signed as a step' })
  @ApiHeader(IF_MATCH)
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: OrderDto })
  @ApiProblems(400, 403, 404, 409, 412, 422)
  async update(
    @CurrentPrincipal() principal: Principal,
    @UuidParam('id') id: string,
    @Body() body: UpdateOrderDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrderDto> {
    return withEtag(reply, await this.orders.update(principal, id, body, parseIfMatch(ifMatch)));
  }

  @Get(':id/steps')
  @ApiOperation({ summary: 'The signed chain of steps (API.md "A signed step")' })
  @ApiOkResponse({ type: StepListDto })
  @ApiProblems(400, 404)
  listSteps(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<StepListDto> {
    return this.steps.list(principal, id);
  }

  @Get(':id/verification')
  @ApiOperation({ summary: 'Every signature, seal, timestamp and link of the chain, recomputed from the stored bytes' })
  @ApiOkResponse({ type: VerificationDto })
  @ApiProblems(400, 404)
  verification(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<VerificationDto> {
    return this.steps.verify(principal, id);
  }

  @Post(':id/evidence')
  @HttpCode(201)
  @ApiOperation({ summary: 'Deliver one evidence file (the provider): streamed, hashed, checked against Repr-Digest' })
  @ApiConsumes('application/octet-stream', 'application/pkcs7-mime')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiHeader({ name: 'Content-Disposition', required: false, description: 'attachment; filename="mailbox.mbox"' })
  @ApiHeader({ name: 'Repr-Digest', required: false, description: 'RFC 9530, e.g. sha-256=:<base64>:; a mismatch keeps nothing' })
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiCreatedResponse({ type: EvidenceDto })
  @ApiProblems(400, 403, 404, 409, 413, 415)
  uploadEvidence(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string, @Req() request: FastifyRequest): Promise<EvidenceDto> {
    if (!(request.body instanceof Readable)) throw validationError([{ field: 'Content-Type', message: 'must be application/octet-stream' }]);
    const length = request.headers['content-length'];
    return this.evidence.upload(principal, id, request.body, {
      contentLength: length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined,
      contentDisposition: request.headers['content-disposition'],
      contentType: request.headers['content-type'],
      reprDigest: header(request.headers['repr-digest']),
    });
  }

  @Post(':id/evidence/uploads')
  @HttpCode(201)
  @ApiOperation({ summary: 'Start a resumable upload: declare the file (name, size, SHA-256), then PUT its chunks with Content-Range' })
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiCreatedResponse({ type: UploadStatusDto })
  @ApiProblems(400, 403, 404, 409, 413)
  startUpload(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string, @Body() body: StartUploadDto): Promise<UploadStatusDto> {
    return this.evidence.startUpload(principal, id, body);
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
    if (!(request.body instanceof Readable)) throw validationError([{ field: 'Content-Type', message: 'must be application/octet-stream' }]);
    const result = await this.evidence.uploadChunk(principal, id, uploadId, request.body, { contentRange: header(request.headers['content-range']), contentDigest: header(request.headers['content-digest']) });
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
  listEvidence(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<EvidenceListDto> {
    return this.evidence.list(principal, id);
  }

  @Get(':id/documents')
  @ApiOperation({ summary: 'The signed documents of an order (EPOC, Annex III...), each in every language the exchange has labels for' })
  @ApiOkResponse({ type: DocumentListDto })
  @ApiProblems(400, 404)
  listDocuments(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<DocumentListDto> {
    return this.documents.list(principal, id);
  }

  @Get(':id/documents/:documentId')
  @ApiOperation({ summary: 'One signed document as PDF (PAdES B-T, PDF/A-3b shaped, order.json attached)' })
  @ApiQuery({ name: 'lang', required: false, description: 'ISO 639-1; the order\'s language by default', example: 'fr' })
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

  @Get(':id/bundle')
  @ApiOperation({ summary: 'The evidence bundle (issuing authority, evidence recipient): an ASiC-E zip with the evidence, documents, signed steps, CA, CRL and a CAdES signature over its manifest; check it offline with `node evx-verify.mjs bundle.zip` (GET /api/v1/tools/evx-verify.mjs)' })
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: 'ASiC-E container (zip), streamed', schema: { type: 'string', format: 'binary' } })
  @ApiProblems(400, 403, 404, 409)
  async bundle(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<StreamableFile> {
    const bundle = await this.bundles.open(principal, id);
    return new StreamableFile(bundle.stream, { type: 'application/zip', disposition: `attachment; filename="${bundle.filename}"` });
  }

  // ---------------------------------------------------------------------------------------------
  // Transitions: each appends one signed step (API.md "Orders"). Role and state rules are the
  // life-cycle table's: 403 for a role or party that may not act, 409 for a state that does not allow it.

  @Post(':id/submit')
  @HttpCode(200)
  @ApiOperation({ summary: 'DRAFT → PENDING_VALIDATION: ask a judicial authority to validate (police drafts, or tiers the drafter cannot issue)' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: OrderDto })
  @ApiProblems(400, 403, 404, 409, 412)
  async submit(@CurrentPrincipal() p: Principal, @UuidParam('id') id: string, @Body() body: SubmitDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<OrderDto> {
    return withEtag(reply, await this.actions.submit(p, id, body, parseIfMatch(ifMatch)));
  }

  @Post(':id/validate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve (issues the order, or validates an emergency order ex post) or refuse (back to the drafter, or withdrawn ex post)' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: OrderDto })
  @ApiProblems(400, 403, 404, 409, 412)
  async validate(@CurrentPrincipal() p: Principal, @UuidParam('id') id: string, @Body() body: ValidateDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<OrderDto> {
    return withEtag(reply, await this.actions.validate(p, id, body, parseIfMatch(ifMatch)));
  }

  @Post(':id/issue')
  @HttpCode(200)
  @ApiOperation({ summary: 'DRAFT → ISSUED by a qualified issuer, or by police in an emergency the law allows (48 h to validate ex post)' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: OrderDto })
  @ApiProblems(400, 403, 404, 409, 412)
  async issue(@CurrentPrincipal() p: Principal, @UuidParam('id') id: string, @Body() body: SignedBodyDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<OrderDto> {
    return withEtag(reply, await this.actions.issue(p, id, body, parseIfMatch(ifMatch)));
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @ApiOperation({ summary: 'ISSUED → ACKNOWLEDGED (the addressee)' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: OrderDto })
  @ApiProblems(400, 403, 404, 409, 412)
  async acknowledge(@CurrentPrincipal() p: Principal, @UuidParam('id') id: string, @Body() body: NoteDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<OrderDto> {
    return withEtag(reply, await this.actions.acknowledge(p, id, body, parseIfMatch(ifMatch)));
  }

  @Post(':id/clarification-request')
  @HttpCode(200)
  @ApiOperation({ summary: 'Annex III reasons 1-3: the addressee asks for clarification; the production clock stops' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: OrderDto })
  @ApiProblems(400, 403, 404, 409, 412)
  async requestClarification(@CurrentPrincipal() p: Principal, @UuidParam('id') id: string, @Body() body: ClarificationRequestDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<OrderDto> {
    return withEtag(reply, await this.actions.requestClarification(p, id, body, parseIfMatch(ifMatch)));
  }

  @Post(':id/clarification')
  @HttpCode(200)
  @ApiOperation({ summary: 'The issuer clarifies; the order returns to where it was and the clock resumes' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: OrderDto })
  @ApiProblems(400, 403, 404, 409, 412)
  async clarify(@CurrentPrincipal() p: Principal, @UuidParam('id') id: string, @Body() body: MessageDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<OrderDto> {
    return withEtag(reply, await this.actions.clarify(p, id, body, parseIfMatch(ifMatch)));
  }

  @Post(':id/preservation')
  @HttpCode(200)
  @ApiOperation({ summary: 'The addressee confirms preservation (60 days from receipt)' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: OrderDto })
  @ApiProblems(400, 403, 404, 409, 412)
  async confirmPreservation(@CurrentPrincipal() p: Principal, @UuidParam('id') id: string, @Body() body: NoteDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<OrderDto> {
    return withEtag(reply, await this.actions.confirmPreservation(p, id, body, parseIfMatch(ifMatch)));
  }

  @Post(':id/preservation-extension')
  @HttpCode(200)
  @ApiOperation({ summary: 'Annex VI: +30 days, once, inside the first 60' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: OrderDto })
  @ApiProblems(400, 403, 404, 409, 412)
  async extendPreservation(@CurrentPrincipal() p: Principal, @UuidParam('id') id: string, @Body() body: NoteDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<OrderDto> {
    return withEtag(reply, await this.actions.extendPreservation(p, id, body, parseIfMatch(ifMatch)));
  }

  @Post(':id/subsequent-request')
  @HttpCode(200)
  @ApiOperation({ summary: 'Annex V: a request for production was issued; preservation continues until it is received' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: OrderDto })
  @ApiProblems(400, 403, 404, 409, 412)
  async subsequentRequest(@CurrentPrincipal() p: Principal, @UuidParam('id') id: string, @Body() body: SubsequentRequestDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<OrderDto> {
    return withEtag(reply, await this.actions.confirmSubsequentRequest(p, id, body, parseIfMatch(ifMatch)));
  }

  @Post(':id/enforcing-review')
  @HttpCode(200)
  @ApiOperation({ summary: 'The enforcing authority decides: no grounds, or grounds for refusal (Reg. 2023/1543 Art 12)' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: OrderDto })
  @ApiProblems(400, 403, 404, 409, 412)
  async review(@CurrentPrincipal() p: Principal, @UuidParam('id') id: string, @Body() body: EnforcingReviewDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<OrderDto> {
    return withEtag(reply, await this.actions.review(p, id, body, parseIfMatch(ifMatch)));
  }

  @Post(':id/non-execution')
  @HttpCode(200)
  @ApiOperation({ summary: 'Annex III reasons 4-10, with section E for an Art 17 third-country conflict' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: OrderDto })
  @ApiProblems(400, 403, 404, 409, 412)
  async nonExecution(@CurrentPrincipal() p: Principal, @UuidParam('id') id: string, @Body() body: NonExecutionDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<OrderDto> {
    return withEtag(reply, await this.actions.nonExecution(p, id, body, parseIfMatch(ifMatch)));
  }

  @Post(':id/production')
  @HttpCode(200)
  @ApiOperation({ summary: 'Produce: a signed manifest of the evidence and a decision per target and category (PRODUCED or PARTIALLY_PRODUCED)' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: OrderDto })
  @ApiProblems(400, 403, 404, 409, 412)
  async produce(@CurrentPrincipal() p: Principal, @UuidParam('id') id: string, @Body() body: ProductionDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<OrderDto> {
    return withEtag(reply, await this.actions.produce(p, id, body, parseIfMatch(ifMatch)));
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw (any state but the final ones)' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: OrderDto })
  @ApiProblems(400, 403, 404, 409, 412)
  async withdraw(@CurrentPrincipal() p: Principal, @UuidParam('id') id: string, @Body() body: WithdrawDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<OrderDto> {
    return withEtag(reply, await this.actions.withdraw(p, id, body, parseIfMatch(ifMatch)));
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close: the issuer confirms receipt of the production, or accepts non-execution' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: OrderDto })
  @ApiProblems(400, 403, 404, 409, 412)
  async close(@CurrentPrincipal() p: Principal, @UuidParam('id') id: string, @Body() body: NoteDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<OrderDto> {
    return withEtag(reply, await this.actions.close(p, id, body, parseIfMatch(ifMatch)));
  }
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}
