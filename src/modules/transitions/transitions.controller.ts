import { Body, Controller, HttpCode, Patch, Post, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../../common/auth/decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { ApiError } from '../../common/errors/api-error.js';
import { Idempotency, type IdempotencyClaim } from '../../common/idempotency/idempotency-claim.js';
import { ApiProblems } from '../../common/openapi/api-problems.decorator.js';
import { IDEMPOTENCY_KEY_HEADER, IF_MATCH_HEADER } from '../../common/openapi/headers.js';
import { OrderDto } from '../orders/dto/order.dto.js';
import { OrderEtagInterceptor } from '../orders/order-version.http.js';
import { CreateOrderDto, UpdateOrderDto } from './dto/create-order.dto.js';
import {
  CertifyDto,
  ChallengeBodyDto,
  ClarificationRequestDto,
  EnforcingReviewDto,
  ForwardDto,
  MessageDto,
  NonExecutionDto,
  NoteDto,
  ImpossibilityDto,
  ProductionDto,
  RemovalDto,
  ScrutinyDto,
  ScrutinyRequestDto,
  SignedBodyDto,
  SubmitDto,
  SubsequentRequestDto,
  ValidateDto,
  WithdrawDto,
} from './dto/transition.dto.js';
import { Step, StepRoute, type StepCall } from './step-call.js';
import { AmendDraft, DraftOrder } from './usecases/draft-order.usecase.js';
import { ChallengeOrder, CountersignOrder } from './usecases/emergency-trust.usecase.js';
import { CertifyOrder, ForwardOrder } from './usecases/hop-steps.usecase.js';
import { ConfirmSubsequentRequest, ExtendPreservation, ReviewOrder } from './usecases/issuer-follow-ups.usecase.js';
import { IssueOrder } from './usecases/issue-order.usecase.js';
import { DeclineOrder, ProduceOrder, RequestClarification } from './usecases/provider-answers.usecase.js';
import { AcknowledgeOrder, ClarifyOrder, CloseOrder, ConfirmPreservation, WithdrawOrder } from './usecases/simple-steps.usecase.js';
import { RemoveContent, ReportImpossibility, RequestScrutiny, ResumeExecution, ScrutiniseOrder } from './usecases/removal-steps.usecase.js';
import { SubmitOrder } from './usecases/submit-order.usecase.js';
import { ValidateOrder } from './usecases/validate-order.usecase.js';

/** A JSON object body, checked whole by the use case (drafts report every problem at once). */
function objectBody(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new ApiError('MALFORMED_REQUEST', 'The request body must be a JSON object.');
  return body as Record<string, unknown>;
}

/**
 * Every step of an order's life cycle: drafting (POST /orders), amending a draft (PATCH) and the
 * actions of the table, each one use case. Which party and role may take which action in which
 * state is the life-cycle table's (libs/domain): 403 for a party or role that may not, 409 for a
 * state that does not allow it.
 */
@ApiTags('orders')
@ApiBearerAuth()
@ApiProblems(401)
@Controller('orders')
export class TransitionsController {
  constructor(
    private readonly draftOrder: DraftOrder,
    private readonly amendDraft: AmendDraft,
    private readonly submitOrder: SubmitOrder,
    private readonly validateOrder: ValidateOrder,
    private readonly issueOrder: IssueOrder,
    private readonly acknowledgeOrder: AcknowledgeOrder,
    private readonly requestClarificationOf: RequestClarification,
    private readonly clarifyOrder: ClarifyOrder,
    private readonly confirmPreservationOf: ConfirmPreservation,
    private readonly extendPreservationOf: ExtendPreservation,
    private readonly confirmSubsequentRequestOf: ConfirmSubsequentRequest,
    private readonly reviewOrder: ReviewOrder,
    private readonly declineOrder: DeclineOrder,
    private readonly produceOrder: ProduceOrder,
    private readonly withdrawOrder: WithdrawOrder,
    private readonly closeOrder: CloseOrder,
    private readonly certifyOrder: CertifyOrder,
    private readonly forwardOrder: ForwardOrder,
    private readonly countersignOrder: CountersignOrder,
    private readonly challengeOrder: ChallengeOrder,
    private readonly removeContent: RemoveContent,
    private readonly reportImpossibility: ReportImpossibility,
    private readonly resumeExecution: ResumeExecution,
    private readonly requestScrutiny: RequestScrutiny,
    private readonly scrutiniseOrder: ScrutiniseOrder,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('OFFICER', 'PROSECUTOR', 'VALIDATOR')
  @UseInterceptors(OrderEtagInterceptor)
  @ApiOperation({ summary: 'Draft an order: checked, routed to a legal instrument, and signed as step 1' })
  @ApiBody({ type: CreateOrderDto })
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ApiCreatedResponse({ type: OrderDto })
  @ApiProblems(400, 403, 409, 422)
  create(@CurrentPrincipal() principal: Principal, @Body() body: unknown, @Idempotency() claim?: IdempotencyClaim): Promise<OrderDto> {
    return this.draftOrder.execute(principal, objectBody(body), claim);
  }

  @Patch(':id')
  @HttpCode(200)
  @UseInterceptors(OrderEtagInterceptor)
  @ApiOperation({ summary: 'Amend a draft (drafter\'s organisation only); the merged draft is checked and routed again, and signed as a step' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiBody({ type: UpdateOrderDto })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ApiOkResponse({ type: OrderDto })
  @ApiProblems(400, 403, 404, 409, 412, 422)
  amend(@Step() step: StepCall, @Body() body: unknown): Promise<OrderDto> {
    return this.amendDraft.execute({ ...step, body: objectBody(body) });
  }

  @StepRoute('submit', 'DRAFT → PENDING_VALIDATION: ask a judicial authority to validate (police drafts, or tiers the drafter cannot issue)')
  submit(@Step() step: StepCall, @Body() body: SubmitDto): Promise<OrderDto> {
    return this.submitOrder.execute({ ...step, body });
  }

  @StepRoute('validate', 'Approve (issues the order, or validates an emergency order ex post) or refuse (back to the drafter, or withdrawn ex post)')
  validate(@Step() step: StepCall, @Body() body: ValidateDto): Promise<OrderDto> {
    return this.validateOrder.execute({ ...step, body });
  }

  @StepRoute('issue', 'DRAFT → ISSUED by a qualified issuer, or by police in an emergency the law allows (48 h to validate ex post)')
  issue(@Step() step: StepCall, @Body() body: SignedBodyDto): Promise<OrderDto> {
    return this.issueOrder.execute({ ...step, body });
  }

  @StepRoute('acknowledge', 'ISSUED → ACKNOWLEDGED (the addressee)')
  acknowledge(@Step() step: StepCall, @Body() body: NoteDto): Promise<OrderDto> {
    return this.acknowledgeOrder.execute({ ...step, body });
  }

  @StepRoute('clarification-request', 'Annex III reasons 1-3: the addressee asks for clarification; the production clock stops')
  requestClarification(@Step() step: StepCall, @Body() body: ClarificationRequestDto): Promise<OrderDto> {
    return this.requestClarificationOf.execute({ ...step, body });
  }

  @StepRoute('clarification', 'The issuer clarifies; the order returns to where it was and the clock resumes')
  clarify(@Step() step: StepCall, @Body() body: MessageDto): Promise<OrderDto> {
    return this.clarifyOrder.execute({ ...step, body });
  }

  @StepRoute('preservation', 'The addressee confirms preservation (60 days from receipt)')
  confirmPreservation(@Step() step: StepCall, @Body() body: NoteDto): Promise<OrderDto> {
    return this.confirmPreservationOf.execute({ ...step, body });
  }

  @StepRoute('preservation-extension', 'Annex VI: +30 days, once, inside the first 60')
  extendPreservation(@Step() step: StepCall, @Body() body: NoteDto): Promise<OrderDto> {
    return this.extendPreservationOf.execute({ ...step, body });
  }

  @StepRoute('subsequent-request', 'Annex V: a request for production was issued; preservation continues until it is received')
  subsequentRequest(@Step() step: StepCall, @Body() body: SubsequentRequestDto): Promise<OrderDto> {
    return this.confirmSubsequentRequestOf.execute({ ...step, body });
  }

  @StepRoute('enforcing-review', 'The enforcing authority decides: no grounds, or grounds for refusal (Reg. 2023/1543 Art 12)')
  review(@Step() step: StepCall, @Body() body: EnforcingReviewDto): Promise<OrderDto> {
    return this.reviewOrder.execute({ ...step, body });
  }

  @StepRoute('non-execution', 'Annex III reasons 4-10, with section E for an Art 17 third-country conflict')
  nonExecution(@Step() step: StepCall, @Body() body: NonExecutionDto): Promise<OrderDto> {
    return this.declineOrder.execute({ ...step, body });
  }

  @StepRoute('production', 'Produce: a signed manifest of the evidence and a decision per target and category (PRODUCED or PARTIALLY_PRODUCED)')
  produce(@Step() step: StepCall, @Body() body: ProductionDto): Promise<OrderDto> {
    return this.produceOrder.execute({ ...step, body });
  }

  @StepRoute('withdraw', 'Withdraw (any state but the final ones)')
  withdraw(@Step() step: StepCall, @Body() body: WithdrawDto): Promise<OrderDto> {
    return this.withdrawOrder.execute({ ...step, body });
  }

  @StepRoute('close', 'Close: the issuer confirms receipt of the production, or accepts non-execution')
  close(@Step() step: StepCall, @Body() body: NoteDto): Promise<OrderDto> {
    return this.closeOrder.execute({ ...step, body });
  }

  @StepRoute('certify', 'A designated authority certifies the order (UK-US, AU-US agreements), or refuses; certified, it goes to the provider')
  certify(@Step() step: StepCall, @Body() body: CertifyDto): Promise<OrderDto> {
    return this.certifyOrder.execute({ ...step, body });
  }

  @StepRoute('forward', 'A central authority (requesting, then requested), an EIO\'s executing authority or a 24/7 point of contact passes the order on, or refuses')
  forward(@Step() step: StepCall, @Body() body: ForwardDto): Promise<OrderDto> {
    return this.forwardOrder.execute({ ...step, body });
  }

  @StepRoute('countersign', 'A second person of the issuing authority (never the drafter or issuer) vouches for an emergency order')
  countersign(@Step() step: StepCall, @Body() body: NoteDto): Promise<OrderDto> {
    return this.countersignOrder.execute({ ...step, body });
  }

  @StepRoute('challenge', 'The provider asks the issuing authority to confirm an emergency order')
  challenge(@Step() step: StepCall, @Body() body: ChallengeBodyDto): Promise<OrderDto> {
    return this.challengeOrder.execute({ ...step, body });
  }

  @StepRoute('removal', 'Removal order, Annex II: the provider removed the content or disabled access to it (within the hour of receipt), with its hashes for the stay-down list → REMOVED')
  removal(@Step() step: StepCall, @Body() body: RemovalDto): Promise<OrderDto> {
    return this.removeContent.execute({ ...step, body });
  }

  @StepRoute('impossibility', 'Removal order, Annex III (Reg. 2021/784): force majeure or de facto impossibility, manifest errors or insufficient information → NOT_EXECUTED; the hour runs again when the grounds cease or the issuer clarifies')
  impossibility(@Step() step: StepCall, @Body() body: ImpossibilityDto): Promise<OrderDto> {
    return this.reportImpossibility.execute({ ...step, body });
  }

  @StepRoute('resume', 'Removal order: the provider reports that the force majeure or de facto impossibility has ceased; the hour runs again from now')
  resume(@Step() step: StepCall, @Body() body: NoteDto): Promise<OrderDto> {
    return this.resumeExecution.execute({ ...step, body });
  }

  @StepRoute('scrutiny-request', 'Removal order: the provider, or the content provider through it, asks the host State\'s competent authority for scrutiny within 48 hours (Reg. 2021/784 Art 4(3))')
  scrutinyRequest(@Step() step: StepCall, @Body() body: ScrutinyRequestDto): Promise<OrderDto> {
    return this.requestScrutiny.execute({ ...step, body });
  }

  @StepRoute('scrutiny', 'Removal order: the competent authority of the host State decides within 72 hours (Reg. 2021/784 Art 4(4)); INFRINGEMENT → REVOKED and the provider reinstates the content')
  scrutiny(@Step() step: StepCall, @Body() body: ScrutinyDto): Promise<OrderDto> {
    return this.scrutiniseOrder.execute({ ...step, body });
  }
}
