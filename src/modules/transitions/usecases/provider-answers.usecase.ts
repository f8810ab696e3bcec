import { Injectable } from '@nestjs/common';
import { canonicalJson } from '../../../../libs/pki/index.js';
import { isPartialProduction, nonExecutionProblems, productionProblems, recordDecisions, recordReasons } from '../../../../libs/domain/order-answers.js';
import { validationError } from '../../../common/errors/api-error.js';
import { EvidenceRepository, listing } from '../../evidence/evidence.repository.js';
import type { OrderDto } from '../../orders/dto/order.dto.js';
import type { ClarificationRequestDto, NonExecutionDto, ProductionDto } from '../dto/transition.dto.js';
import { StepRunner, type StepRequest } from '../step-runner.js';

/** Annex III reasons 1-3: the addressee asks for clarification; the production clock stops (Arts 10(6), 11(5)). */
@Injectable()
export class RequestClarification {
  constructor(private readonly steps: StepRunner) {}

  execute(request: StepRequest<ClarificationRequestDto>): Promise<OrderDto> {
    const reasons = recordReasons(request.body.reasons);
    return this.steps.run(request, {
      action: 'REQUEST_CLARIFICATION',
      plan: ({ order }) => ({ record: { reasons, resumeStatus: order.status }, changes: { resumeStatus: order.status } }),
    });
  }
}

/** Annex III reasons 4-10, with section E for an Art 17 conflict with a third country's law. */
@Injectable()
export class DeclineOrder {
  constructor(private readonly steps: StepRunner) {}

  execute(request: StepRequest<NonExecutionDto>): Promise<OrderDto> {
    const { body } = request;
    const problems = nonExecutionProblems(body);
    if (problems.length) throw validationError(problems);
    const reasons = recordReasons(body.reasons);
    return this.steps.run(request, {
      action: 'NOT_EXECUTE',
      plan: ({ order }) => {
        if (order.type === 'REMOVAL') throw validationError([{ field: 'reasons', message: 'a removal order cannot be executed for the reasons of Reg. 2021/784 Annex III: send them to POST /orders/:id/impossibility' }]);
        return { record: { annex: 'III', reasons, art17Conflict: reasons.some((reason) => reason.code === 'THIRD_COUNTRY_CONFLICT'), preserved: body.preservation.preserved } };
      },
    });
  }
}

/**
 * The provider produces (Reg. 2023/1543 Art 10): a decision for each target and category, an
 * Annex III reason for what is withheld, and the production manifest (each file by name, size and
 * SHA-256) as part of what it signs. The files are bound to this step under the order's lock.
 */
@Injectable()
export class ProduceOrder {
  constructor(
    private readonly steps: StepRunner,
    private readonly evidence: EvidenceRepository,
  ) {}

  async execute(request: StepRequest<ProductionDto>): Promise<OrderDto> {
    // The exchange builds the manifest for custodial signing; a system signing itself sends it.
    const body = { ...request.body, manifest: request.body.manifest ?? (await this.evidence.manifestOf(request.orderId, request.body.evidenceIds)) };
    return this.steps.run(
      { ...request, body },
      {
        action: 'PRODUCE',
        input: { partial: isPartialProduction(body) },
        plan: ({ order }) => {
          const problems = productionProblems(order.content, body);
          if (problems.length) throw validationError(problems);
          return {
            // The production manifest: what was delivered, named by digest (ETSI EN 319 522), as the
            // provider signed it; checked under the lock against the files received.
            record: { manifest: body.manifest, decisions: recordDecisions(body.decisions) },
            underLock: async (manager, seq) => {
              const files = await this.evidence.findForOrder(manager, order.id, body.evidenceIds);
              const missing = body.evidenceIds.map((evidenceId, index) => ({ evidenceId, index })).filter(({ evidenceId }) => !files.some((file) => file.id === evidenceId && file.productionSeq === null));
              if (missing.length) throw validationError(missing.map(({ index }) => ({ field: `evidenceIds[${index}]`, message: 'is not evidence uploaded to this order and not yet produced' })));
              const manifest = body.evidenceIds.map((evidenceId) => listing(files.find((file) => file.id === evidenceId)!));
              if (!canonicalJson(manifest).equals(canonicalJson(body.manifest))) {
                throw validationError([{ field: 'manifest', message: 'does not list the evidence as received (id, filename, mediaType, size, sha256, in evidenceIds order)' }]);
              }
              await this.evidence.markProduced(manager, order.id, body.evidenceIds, seq);
            },
          };
        },
      },
    );
  }
}
