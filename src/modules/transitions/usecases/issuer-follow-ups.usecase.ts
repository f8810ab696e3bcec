import { Injectable } from '@nestjs/common';
import { reviewProblems, reviewRecord } from '../../../../libs/domain/order-answers.js';
import { clocksOf } from '../../../../libs/domain/order-facts.js';
import { validationError } from '../../../common/errors/api-error.js';
import type { OrderDto } from '../../orders/dto/order.dto.js';
import { stateOf } from '../../orders/orders.mapper.js';
import type { EnforcingReviewDto, NoteDto, SubsequentRequestDto } from '../dto/transition.dto.js';
import { StepRunner, type StepRequest } from '../step-runner.js';

/** Annex VI: the preservation runs 30 more days, once, asked inside the first 60 (Art 11(1)). */
@Injectable()
export class ExtendPreservation {
  constructor(private readonly steps: StepRunner) {}

  execute(request: StepRequest<NoteDto>): Promise<OrderDto> {
    return this.steps.run(request, {
      action: 'EXTEND_PRESERVATION',
      plan: ({ order, now }) => ({ record: { annex: 'VI', previousExpiry: clocksOf(stateOf(order), now).preservationExpiresAt?.toISOString() ?? null } }),
    });
  }
}

/** Annex V: a request for production was issued; the data stay preserved until it arrives (Art 11(1)-(2)). */
@Injectable()
export class ConfirmSubsequentRequest {
  constructor(private readonly steps: StepRunner) {}

  execute(request: StepRequest<SubsequentRequestDto>): Promise<OrderDto> {
    return this.steps.run(request, { action: 'CONFIRM_SUBSEQUENT_REQUEST', plan: () => ({ record: { annex: 'V' } }) });
  }
}

/** The enforcing authority decides on grounds for refusal (Reg. 2023/1543 Arts 8, 12). */
@Injectable()
export class ReviewOrder {
  constructor(private readonly steps: StepRunner) {}

  execute(request: StepRequest<EnforcingReviewDto>): Promise<OrderDto> {
    const problems = reviewProblems(request.body);
    if (problems.length) throw validationError(problems);
    return this.steps.run(request, { action: 'REVIEW', plan: () => ({ record: reviewRecord(request.body) }) });
  }
}
