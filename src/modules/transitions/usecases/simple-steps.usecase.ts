import { Injectable } from '@nestjs/common';
import type { OrderDto } from '../../orders/dto/order.dto.js';
import type { MessageDto, NoteDto, WithdrawDto } from '../dto/transition.dto.js';
import { StayDownRepository } from '../../staydown/stay-down.repository.js';
import { StepRunner, type StepRequest } from '../step-runner.js';

/** ISSUED → ACKNOWLEDGED: the addressee confirms receipt (Reg. 2023/1543 Arts 10(1), 11(1)). */
@Injectable()
export class AcknowledgeOrder {
  constructor(private readonly steps: StepRunner) {}

  execute(request: StepRequest<NoteDto>): Promise<OrderDto> {
    return this.steps.run(request, { action: 'ACKNOWLEDGE' });
  }
}

/** The addressee confirms it preserves the data (Art 11(1)); the 60 days run from receipt. */
@Injectable()
export class ConfirmPreservation {
  constructor(private readonly steps: StepRunner) {}

  execute(request: StepRequest<NoteDto>): Promise<OrderDto> {
    return this.steps.run(request, { action: 'CONFIRM_PRESERVATION' });
  }
}

/**
 * The issuing side withdraws the order, from any state but the final ones. A removal order
 * withdrawn after the removal no longer keeps its content down: the order's hashes leave the
 * stay-down list in the withdrawal's own transaction (an entry rests on an order in force; the
 * list is voluntary practice beside the Regulation, Art 5, and the withdrawn order no longer
 * supports it).
 */
@Injectable()
export class WithdrawOrder {
  constructor(
    private readonly steps: StepRunner,
    private readonly staydown: StayDownRepository,
  ) {}

  execute(request: StepRequest<WithdrawDto>): Promise<OrderDto> {
    return this.steps.run(request, {
      action: 'WITHDRAW',
      plan: ({ order, now }) => (order.type === 'REMOVAL' ? { underLock: (manager) => this.staydown.withdrawForOrder(manager, order.id, now) } : {}),
    });
  }
}

/** The issuing side closes the order: it received the production, or accepts the non-execution. */
@Injectable()
export class CloseOrder {
  constructor(private readonly steps: StepRunner) {}

  execute(request: StepRequest<NoteDto>): Promise<OrderDto> {
    return this.steps.run(request, { action: 'CLOSE' });
  }
}

/** The issuing side answers a clarification request; the order returns where it was and its clock resumes. */
@Injectable()
export class ClarifyOrder {
  constructor(private readonly steps: StepRunner) {}

  execute(request: StepRequest<MessageDto>): Promise<OrderDto> {
    return this.steps.run(request, {
      action: 'CLARIFY',
      plan: ({ decision }) => ({ record: { resumedTo: decision.to }, changes: { resumeStatus: null } }),
    });
  }
}
