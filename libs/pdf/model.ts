/**
 * What a document is made from: the order, its route and the step that produces the form, as
 * the exchange holds them. Built by the application from stored data, never retyped; the same
 * object is embedded in the PDF as `order.json`.
 */
import type { Target } from '../domain/order-content.js';
import type { DocumentAudience, DocumentForm } from '../domain/order-documents.js';

export { DOCUMENT_AUDIENCES, DOCUMENT_FORMS, type DocumentAudience, type DocumentForm } from '../domain/order-documents.js';

export interface PartyInfo {
  id: string;
  name: string;
  country: string | null;
  authorityType: string | null;
}

export interface DocumentModel {
  form: DocumentForm;
  audience: DocumentAudience;
  order: {
    id: string;
    reference: string;
    type: 'PRODUCTION' | 'PRESERVATION';
    caseReference: string;
    tier: 'LOW' | 'HIGH';
    dataCategories: string[];
    targets: Target[];
    timeRange: { from: string; to: string } | null;
    offence: { description: string; legalProvisions: string; maxSentenceMonths: number; listedCategory?: string };
    emergency: { ground: string; justification: string } | null;
    targetIsUsPerson: boolean | null;
    targetLocation: string | null;
    language: string;
  };
  route: {
    instrument: string;
    name: string;
    legalBasis: string;
    catalogueVersion: string;
    transmission: string;
    certifiedBy: string | null;
  };
  issuingAuthority: PartyInfo;
  validatingAuthority: PartyInfo | null;
  evidenceRecipient: PartyInfo;
  addressee: PartyInfo & { establishmentCountry: string; role: string; languages: string[] };
  enforcing: { required: boolean; state: string | null };
  /** ISO 8601 UTC instants, null when the clock does not apply. */
  clocks: {
    issuedAt: string | null;
    receivedAt: string | null;
    dueAt: string | null;
    reviewEndsAt: string | null;
    preservationExpiresAt: string | null;
    exPostValidationDueAt: string | null;
  };
  /** Section M: present only in the enforcing authority's copy. */
  sectionM: { caseSummary: string | null; necessityGrounds: string | null } | null;
  /** The step that produces an annex (Annex III, V, VI): its payload and who took it. */
  step: { seq: number; action: string; at: string; payload: Record<string, unknown>; actor: PartyInfo } | null;
  /** Named in the visible signature block. */
  signer: { organisation: string; certificateSubject: string };
}
