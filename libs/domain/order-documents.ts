/**
 * Which signed documents a step makes, and for whom. Every form a route names (the routing
 * catalogue's `form`) is listed: either the exchange makes a document for it when the order is
 * issued, or the entry says why it does not. The type makes the list exhaustive.
 */
import type { Form } from '../routing/types.js';
import { isReceipt } from './order-clocks.js';
import { hopOf, type HopKind, type OrderAction, type OrderStatus } from './order-lifecycle.js';

/** The documents the exchange renders and signs (libs/pdf has a template for each). */
export const DOCUMENT_FORMS = [
  'EPOC',
  'EPOC_PR',
  'ANNEX_III',
  'ANNEX_V',
  'ANNEX_VI',
  'OPO_COVER',
  'PRESERVATION_REQUEST',
  'VOLUNTARY_DISCLOSURE_REQUEST',
  'MLA_REQUEST',
  'TCO_ANNEX_I',
  'TCO_ANNEX_II',
  'TCO_ANNEX_III',
] as const;
export type DocumentForm = (typeof DOCUMENT_FORMS)[number];

/**
 * Who a copy is for: the addressee's copy every party reads; the enforcing authority's copy of an
 * EPOC carries Section M; a form addressed to the authorities of the route (a letter of request)
 * states the facts and is for them and the issuing side only.
 */
export const DOCUMENT_AUDIENCES = ['ADDRESSEE', 'ENFORCING_AUTHORITY', 'AUTHORITIES'] as const;
export type DocumentAudience = (typeof DOCUMENT_AUDIENCES)[number];

export type IssuanceDocument = { document: DocumentForm } | { none: string };

const SECOND_PROTOCOL_NOT_IN_FORCE =
  'The Second Additional Protocol to the Budapest Convention is not in force (it needs five ratifications, Art 16(3)); the exchange makes its forms only once it is.';

/** The document each routed form becomes when the order is issued, or why there is none. */
export const ISSUANCE_DOCUMENTS: Record<Form, IssuanceDocument> = {
  EPOC: { document: 'EPOC' },
  EPOC_PR: { document: 'EPOC_PR' },
  OPO_COVER: { document: 'OPO_COVER' },
  // The Australian international production order travels under the same kind of cover sheet.
  IPO_COVER: { document: 'OPO_COVER' },
  PRESERVATION_REQUEST: { document: 'PRESERVATION_REQUEST' },
  VOLUNTARY_DISCLOSURE_REQUEST: { document: 'VOLUNTARY_DISCLOSURE_REQUEST' },
  MLA_REQUEST: { document: 'MLA_REQUEST' },
  TCO_REMOVAL_ORDER: { document: 'TCO_ANNEX_I' },
  EIO_ANNEX_A: {
    none: 'An EIO is issued on Annex A of Directive 2014/41/EU in the form the issuing State prescribes; the exchange has no template for it yet, so the issuing authority attaches its own Annex A.',
  },
  US_LEGAL_PROCESS: {
    none: 'A US order under a data access agreement is US legal process (a warrant, court order or subpoena) made by a US court or agency under US law; the exchange carries it, it does not make it.',
  },
  SAP_ART6_REQUEST: { none: SECOND_PROTOCOL_NOT_IN_FORCE },
  SAP_ART7_ORDER: { none: SECOND_PROTOCOL_NOT_IN_FORCE },
  SAP_ART8_REQUEST: { none: SECOND_PROTOCOL_NOT_IN_FORCE },
  SAP_ART9_REQUEST: { none: SECOND_PROTOCOL_NOT_IN_FORCE },
};

/** Routes of Regulation (EU) 2023/1543, whose annexes (III, V, VI) answer and follow up their orders. */
const REGULATION_FORMS: readonly Form[] = ['EPOC', 'EPOC_PR'];

/**
 * Whether the route's form is addressed to the authority of a hop rather than to the provider. A
 * designated authority certifies the provider's order and serves it (UK-US Agreement Art 5; COPOA
 * 2019 s.9), so the form is made when it certifies; a letter of request is addressed to the
 * central authorities (the requested one obtains domestic process and serves that on the
 * provider), and an Art 29 request or an EIO to the authority of the requested State, so the form
 * is made when the order leaves the issuing side and the provider receives none from the exchange.
 */
const FORM_ADDRESSED_TO_HOP: Record<HopKind, boolean> = { CERTIFICATION: false, TRANSMISSION: true, RECOGNITION: true };

export interface DocumentToMake {
  form: DocumentForm;
  audience: DocumentAudience;
}

export interface StepContext {
  action: OrderAction;
  fromStatus: OrderStatus;
  toStatus: OrderStatus;
  /** The route's form. */
  routeForm: Form;
  /** The order is notified to an enforcing authority (Reg. 2023/1543 Art 8). */
  enforcingReview: boolean;
}

/**
 * The documents a step makes:
 * - when the order leaves the issuing side for an authority the route's form is addressed to
 *   (`FORM_ADDRESSED_TO_HOP`), that form for the authorities;
 * - at receipt (issue, validation of a pending order, or the certification that serves it), the
 *   route's form for the addressee, and for an EPOC under enforcing review the enforcing
 *   authority's copy with Section M (Art 8(1), 9(3)); nothing when the authority addressed passes
 *   it on, since the provider then receives that State's own order;
 * - on a Regulation route, Annex III with a clarification request, a non-execution or a partial
 *   production (Arts 10(5)-(8), 11(4)-(7)), Annex V with the subsequent request (Art 11(2)) and
 *   Annex VI with the extension (Art 11(1)).
 */
export function documentsFor(step: StepContext): DocumentToMake[] {
  const issuance = ISSUANCE_DOCUMENTS[step.routeForm];
  const fromHop = hopOf(step.fromStatus);
  const toHop = hopOf(step.toStatus);
  if (toHop && !fromHop && FORM_ADDRESSED_TO_HOP[toHop]) {
    return 'none' in issuance ? [] : [{ form: issuance.document, audience: 'AUTHORITIES' }];
  }
  if (isReceipt(step)) {
    if ('none' in issuance || (fromHop && FORM_ADDRESSED_TO_HOP[fromHop])) return [];
    const copies: DocumentToMake[] = [{ form: issuance.document, audience: 'ADDRESSEE' }];
    if (step.enforcingReview && issuance.document === 'EPOC') copies.push({ form: 'EPOC', audience: 'ENFORCING_AUTHORITY' });
    return copies;
  }
  const annex = (form: DocumentForm): DocumentToMake[] => [{ form, audience: 'ADDRESSEE' }];
  // Reg. 2021/784: Annex II, feedback on the removal (Art 3(6)); Annex III, why it cannot be executed (Art 3(7), 3(8)).
  if (step.routeForm === 'TCO_REMOVAL_ORDER') {
    if (step.action === 'REMOVE') return annex('TCO_ANNEX_II');
    if (step.action === 'NOT_EXECUTE') return annex('TCO_ANNEX_III');
    return [];
  }
  if (!REGULATION_FORMS.includes(step.routeForm)) return [];
  switch (step.action) {
    case 'REQUEST_CLARIFICATION':
    case 'NOT_EXECUTE':
      return annex('ANNEX_III');
    case 'PRODUCE':
      return step.toStatus === 'PARTIALLY_PRODUCED' ? annex('ANNEX_III') : [];
    case 'CONFIRM_SUBSEQUENT_REQUEST':
      return annex('ANNEX_V');
    case 'EXTEND_PRESERVATION':
      return annex('ANNEX_VI');
    default:
      return [];
  }
}
