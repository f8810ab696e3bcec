/**
 * The rules on what a party says when it acts, beyond the shape of its request: a provider's
 * clarification request, non-execution and production (Annex III), an enforcing authority's
 * review. Each answers every problem at once, in the request's own field names, so a
 * practitioner fixes a request in one go.
 */
import type { DataCategory } from './data-categories.js';
import type { FieldProblem } from './identity.js';
import { ANNEX_III_REASONS, parseAnnexIIIReason, type AnnexIIIReason, type Target } from './order-content.js';

/** An Annex III reason as the step records it: the form's number and the code. */
export interface RecordedReason {
  number: number;
  code: AnnexIIIReason;
}

export function recordReasons(reasons: readonly (string | number)[]): RecordedReason[] {
  return reasons.map((value) => {
    const code = parseAnnexIIIReason(value);
    if (!code) throw new Error(`not an Annex III reason: ${String(value)}`); // the request's validation refuses it first
    return { number: ANNEX_III_REASONS.indexOf(code) + 1, code };
  });
}

// ---------------------------------------------------------------------------------------------
// Non-execution (Annex III reasons 4-10)

export interface NonExecutionAnswer {
  reasons: readonly (string | number)[];
  thirdCountryConflict?: unknown;
  preservation: { preserved: boolean; reason?: string };
}

export function nonExecutionProblems(answer: NonExecutionAnswer): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const conflict = answer.reasons.some((reason) => parseAnnexIIIReason(reason) === 'THIRD_COUNTRY_CONFLICT');
  if (conflict && !answer.thirdCountryConflict) {
    problems.push({ field: 'thirdCountryConflict', message: 'is required with reason 10, a conflict with the law of a third country (Annex III section E, Reg. 2023/1543 Art 17)' });
  }
  if (!conflict && answer.thirdCountryConflict) {
    problems.push({ field: 'thirdCountryConflict', message: 'applies only with reason 10 (THIRD_COUNTRY_CONFLICT): add that reason or leave this out' });
  }
  if (!answer.preservation.preserved && !answer.preservation.reason) {
    problems.push({ field: 'preservation.reason', message: 'is required when the data are not preserved: say why (Annex III section G)' });
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The enforcing authority's review (Reg. 2023/1543 Art 12)

export interface ReviewAnswer {
  decision: 'NO_GROUNDS' | 'GROUNDS_RAISED';
  grounds?: readonly string[];
  partial?: boolean;
}

export function reviewProblems(answer: ReviewAnswer): FieldProblem[] {
  if (answer.decision === 'GROUNDS_RAISED' && !answer.grounds?.length) {
    return [{ field: 'grounds', message: 'is required when raising grounds for refusal: name at least one of Art 12(1)(a)-(d)' }];
  }
  if (answer.decision === 'NO_GROUNDS') {
    const problems: FieldProblem[] = [];
    if (answer.grounds?.length) problems.push({ field: 'grounds', message: 'applies only when raising grounds; leave it out with NO_GROUNDS' });
    if (answer.partial) problems.push({ field: 'partial', message: 'applies only when raising grounds; leave it out with NO_GROUNDS' });
    return problems;
  }
  return [];
}

/** Grounds raised in full oblige the issuing authority to withdraw the order (Art 12(2)). */
export function reviewRecord(answer: ReviewAnswer): Record<string, unknown> {
  return {
    decision: answer.decision,
    grounds: answer.grounds ?? [],
    partial: answer.partial === true,
    issuerMustWithdraw: answer.decision === 'GROUNDS_RAISED' && answer.partial !== true,
  };
}

// ---------------------------------------------------------------------------------------------
// Production (Reg. 2023/1543 Art 10; Annex III for what is withheld)

export interface ProductionDecision {
  target: string;
  category: DataCategory;
  produced: boolean;
  reason?: string | number;
}

export interface ProductionAnswer {
  evidenceIds: readonly string[];
  decisions: readonly ProductionDecision[];
}

/** What the order asks for: one decision is due for each target and each category. */
export interface ProductionRequest {
  targets: readonly Pick<Target, 'value'>[];
  dataCategories: readonly DataCategory[];
}

/** Something was withheld (with an Annex III reason): the order ends PARTIALLY_PRODUCED. */
export function isPartialProduction(answer: Pick<ProductionAnswer, 'decisions'>): boolean {
  return answer.decisions.some((decision) => !decision.produced);
}

/**
 * A production answers every target and category the order asks for, exactly once; gives an
 * Annex III reason (4-10) for each thing withheld and none for what is produced; lists the evidence
 * when it produces anything; and withholding everything is a non-execution, not a production.
 */
export function productionProblems(order: ProductionRequest, answer: ProductionAnswer): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  answer.decisions.forEach((decision, index) => {
    const field = `decisions[${index}]`;
    if (!decision.produced && decision.reason === undefined) problems.push({ field: `${field}.reason`, message: 'is required for what is withheld: an Annex III reason from 4 to 10' });
    if (decision.produced && decision.reason !== undefined) problems.push({ field: `${field}.reason`, message: 'applies only to what is withheld; leave it out when produced' });
    if (!order.targets.some((target) => target.value === decision.target)) problems.push({ field: `${field}.target`, message: 'is not a target of this order: use a target value exactly as the order gives it' });
    if (!order.dataCategories.includes(decision.category)) problems.push({ field: `${field}.category`, message: `is not a category this order asks for (${order.dataCategories.join(', ')})` });
    const key = `${decision.target}\u0000${decision.category}`;
    if (seen.has(key)) problems.push({ field, message: 'repeats a target and category already decided' });
    seen.add(key);
  });
  for (const target of order.targets) {
    for (const category of order.dataCategories) {
      if (!seen.has(`${target.value}\u0000${category}`)) problems.push({ field: 'decisions', message: `has no decision for ${target.value} and ${category}: every target and category needs one` });
    }
  }
  const withheld = answer.decisions.filter((decision) => !decision.produced).length;
  if (answer.decisions.length > 0 && withheld === answer.decisions.length) {
    problems.push({ field: 'decisions', message: 'withholds everything: answer with POST /non-execution (Annex III) instead' });
  }
  if (answer.evidenceIds.length === 0 && withheld < answer.decisions.length) problems.push({ field: 'evidenceIds', message: 'must list the evidence produced' });
  return problems;
}

/** The decisions as the step records them: reasons by number and code. */
export function recordDecisions(decisions: readonly ProductionDecision[]): Record<string, unknown>[] {
  return decisions.map((decision) => ({ ...decision, ...(decision.reason !== undefined ? { reason: parseAnnexIIIReason(decision.reason) } : {}) }));
}
