import { Injectable } from '@nestjs/common';
import { validationError } from '../../../common/errors/api-error.js';
import { StayDownRepository } from '../../staydown/stay-down.repository.js';
import type { OrderDto } from '../../orders/dto/order.dto.js';
import type { ImpossibilityDto, NoteDto, RemovalDto, ScrutinyDto, ScrutinyRequestDto } from '../dto/transition.dto.js';
import { StepRunner, type StepRequest } from '../step-runner.js';

/**
 * The steps of a removal order (Regulation (EU) 2021/784) beside those it shares with every order
 * (issue, acknowledge, withdraw, close): the provider's answer (Annex II or III), the end of what
 * kept it from acting, and the host State's scrutiny (Art 4).
 */
function removalOnly(type: string, what: string): void {
  if (type !== 'REMOVAL') throw validationError([{ field: 'type', message: `${what} applies only to a removal order (Reg. 2021/784)` }]);
}

/** Annex II: the content was removed, or access to it disabled in all Member States (Art 3(3), 3(6)); its hashes, never the content. */
@Injectable()
export class RemoveContent {
  constructor(
    private readonly steps: StepRunner,
    private readonly staydown: StayDownRepository,
  ) {}

  execute(request: StepRequest<RemovalDto>): Promise<OrderDto> {
    const hashes = (request.body.hashes ?? []).map((hash) => ({ sha256: hash.sha256, ...(hash.pdq ? { pdq: hash.pdq.toLowerCase() } : {}) }));
    return this.steps.run(request, {
      action: 'REMOVE',
      plan: ({ order, now }) => {
        // Art 11(3): while the issuing authority's non-disclosure runs, the content provider is not told.
        const silence = order.content.removal?.nonDisclosure;
        if (request.body.contentProviderInformed && silence && Date.parse(silence.until) > now.getTime()) {
          throw validationError([{ field: 'contentProviderInformed', message: `must not be true: the issuing authority decided the content provider is not informed until ${silence.until} (Reg. 2021/784 Art 11(3))` }]);
        }
        return {
        record: { annex: 'II', action: request.body.action, actedAt: now.toISOString(), hashes, contentProviderInformed: request.body.contentProviderInformed === true },
        // Notice and stay down: the hashes (never the content) join the shared list with the step.
        underLock: (manager) => this.staydown.addForRemoval(manager, order, hashes, (order.content.certifiedAccounts?.length ?? 0) > 0),
        };
      },
    });
  }
}

/** Annex III of Reg. 2021/784: force majeure or de facto impossibility (Art 3(7)); manifest errors or insufficient information (Art 3(8)). */
@Injectable()
export class ReportImpossibility {
  constructor(private readonly steps: StepRunner) {}

  execute(request: StepRequest<ImpossibilityDto>): Promise<OrderDto> {
    return this.steps.run(request, {
      action: 'NOT_EXECUTE',
      plan: ({ order }) => {
        removalOnly(order.type, 'this Annex III');
        return { record: { annex: 'TCO_III', reasons: [...request.body.reasons], resumeStatus: order.status }, changes: { resumeStatus: order.status } };
      },
    });
  }
}

/** Art 3(7): the grounds that kept the provider from acting have ceased; the hour runs again from now. */
@Injectable()
export class ResumeExecution {
  constructor(private readonly steps: StepRunner) {}

  execute(request: StepRequest<NoteDto>): Promise<OrderDto> {
    return this.steps.run(request, { action: 'RESUME_EXECUTION', plan: ({ now }) => ({ record: { groundsCeasedAt: now.toISOString() }, changes: { resumeStatus: null } }) });
  }
}

/** Art 4(3): the provider, or the content provider through it, asks the host State's competent authority to scrutinise the order. */
@Injectable()
export class RequestScrutiny {
  constructor(private readonly steps: StepRunner) {}

  execute(request: StepRequest<ScrutinyRequestDto>): Promise<OrderDto> {
    return this.steps.run(request, { action: 'REQUEST_SCRUTINY', plan: () => ({ record: { requestedBy: request.body.requestedBy } }) });
  }
}

/**
 * Art 4(4)-(5): the host State's competent authority decides. An infringement revokes the order: it
 * ceases to have legal effect and the provider reinstates the content or access to it.
 */
@Injectable()
export class ScrutiniseOrder {
  constructor(
    private readonly steps: StepRunner,
    private readonly staydown: StayDownRepository,
  ) {}

  execute(request: StepRequest<ScrutinyDto>): Promise<OrderDto> {
    const infringement = request.body.decision === 'INFRINGEMENT';
    return this.steps.run(request, {
      action: 'SCRUTINISE',
      input: { infringement },
      plan: ({ order, now }) => ({
        record: { decision: request.body.decision, ...(infringement ? { reinstate: true } : {}) },
        // Reinstated content must not stay down: the order's hashes leave the list.
        ...(infringement ? { underLock: (manager) => this.staydown.withdrawForOrder(manager, order.id, now) } : {}),
      }),
    });
  }
}
