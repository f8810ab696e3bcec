/**
 * What a document is made from: the order, its route and the step that produces the form, as
 * the exchange holds them. Built by the application from stored data, never retyped; the same
 * object is embedded in the PDF as `order.json`.
 */
import type { Target } from '../domain/order-content.js';
import type { DocumentAudience, DocumentForm } from '../domain/order-documents.js';
import type { HopKind } from '../domain/order-lifecycle.js';

export { DOCUMENT_AUDIENCES, DOCUMENT_FORMS, type DocumentAudience, type DocumentForm } from '../domain/order-documents.js';

/** A person acting for an organisation, as the form names them (never by id). */
export interface Person {
  name: string;
  function: string | null;
}

/**
 * An organisation the form names. The id stays in order.json for machines; the face of the form
 * shows the name, the contacts and the person acting (Reg. 2023/1543 Annex I sections I, J: name,
 * representative, post, address, telephone, e-mail).
 */
export interface PartyInfo {
  id: string;
  name: string;
  country: string | null;
  authorityType: string | null;
  contact?: { email: string | null; phone: string | null; address: string | null } | null;
  representative?: Person | null;
}

/** An authority between the issuing side and the provider, and when it acted (a certification). */
export interface HopInfo {
  kind: HopKind;
  authority: PartyInfo;
  actedAt: string | null;
}

export interface DocumentModel {
  form: DocumentForm;
  audience: DocumentAudience;
  order: {
    id: string;
    reference: string;
    type: 'PRODUCTION' | 'PRESERVATION' | 'REMOVAL';
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
    /** A removal order (Reg. 2021/784 Annex I section B): why the content is terrorist content, and what it is. */
    removal?: { reasons: string[]; contentDescription: string; nonDisclosure?: { reason: string; until: string } } | null;
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
  /** The authorities of the route, in order (a designated authority, central authorities). */
  hops?: HopInfo[];
  enforcing: { required: boolean; state: string | null };
  /** A removal order: the competent authority of the State of the main establishment or legal representative that receives a copy (Reg. 2021/784 Art 4). */
  scrutiny?: { state: string; authorities: PartyInfo[] } | null;
  /** ISO 8601 UTC instants, null when the clock does not apply. */
  clocks: {
    issuedAt: string | null;
    receivedAt: string | null;
    dueAt: string | null;
    reviewEndsAt: string | null;
    preservationExpiresAt: string | null;
    exPostValidationDueAt: string | null;
  };
  /** Section M: present only in the enforcing authority's copy, and as the facts of a letter to the authorities of the route. */
  sectionM: { caseSummary: string | null; necessityGrounds: string | null } | null;
  /** The step that produces an annex (Annex III, V, VI): its payload and who took it. */
  step: { seq: number; action: string; at: string; payload: Record<string, unknown>; actor: PartyInfo } | null;
  /** Named in the visible signature block. */
  signer: { organisation: string; certificateSubject: string; person?: Person | null };
}
