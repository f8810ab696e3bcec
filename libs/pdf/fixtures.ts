/**
 * A complete, fixed document model for specs, golden pages and the benchmark: the demo world's
 * content order from OFAC to Examplegram, validated by the Paris investigating judge.
 */
import type { DocumentForm, DocumentModel } from './model.js';

export function sampleModel(form: DocumentForm = 'EPOC', overrides: Partial<DocumentModel> = {}): DocumentModel {
  return {
    form,
    audience: 'ADDRESSEE',
    order: {
      id: '0b6f3f0e-8a1c-4f7e-9d51-3c2a7e5b9f10',
      reference: 'EVX-2026-7KQ3M9XD',
      type: form === 'EPOC_PR' || form === 'ANNEX_V' || form === 'ANNEX_VI' || form === 'PRESERVATION_REQUEST' ? 'PRESERVATION' : 'PRODUCTION',
      caseReference: 'OFAC-2026-0412',
      tier: 'HIGH',
      dataCategories: ['TRAFFIC', 'CONTENT'],
      targets: [
        { kind: 'ACCOUNT', value: 'suspect.account.42' },
        { kind: 'IP_ADDRESS', value: '203.0.113.7', sourcePort: 51234, timestamp: '2026-09-01T10:15:30Z', destinationIp: '198.51.100.20', destinationPort: 443, protocol: 'TCP' },
      ],
      timeRange: { from: '2026-08-01T00:00:00Z', to: '2026-08-31T23:59:59Z' },
      offence: { description: 'Escroquerie en bande organisée au moyen de fausses annonces (40 victimes)', legalProvisions: 'Code pénal, art. 313-1 et 313-2', maxSentenceMonths: 120 },
      emergency: null,
      targetIsUsPerson: false,
      targetLocation: 'FR',
      language: 'en',
    },
    route: {
      instrument: 'EU_PRODUCTION_ORDER',
      name: 'European Production Order (EPOC)',
      legalBasis: 'Regulation (EU) 2023/1543 Arts 3(1), 4, 5, 7, 10',
      catalogueVersion: '2026.11.1',
      transmission: 'Decentralised IT system (e-CODEX) to the designated establishment or legal representative',
      certifiedBy: null,
    },
    issuingAuthority: { id: '4e7ac3b8-acd1-4bde-a7df-0baef9d36844', name: 'Police nationale, OFAC', country: 'FR', authorityType: 'POLICE' },
    validatingAuthority: { id: '1ab1c665-6fed-419c-b3a6-d41531c09eef', name: 'Tribunal judiciaire de Paris', country: 'FR', authorityType: 'INVESTIGATING_JUDGE' },
    evidenceRecipient: { id: '4e7ac3b8-acd1-4bde-a7df-0baef9d36844', name: 'Police nationale, OFAC', country: 'FR', authorityType: 'POLICE' },
    addressee: { id: '651e03c2-e2b0-472c-b5f7-2e1fdbcd9181', name: 'Examplegram', country: 'US', authorityType: null, establishmentCountry: 'IE', role: 'LEGAL_REPRESENTATIVE', languages: ['en', 'fr'] },
    enforcing: { required: true, state: 'IE' },
    clocks: {
      issuedAt: '2026-09-01T08:00:00.000Z',
      receivedAt: '2026-09-01T08:00:00.000Z',
      dueAt: '2026-09-11T08:00:00.000Z',
      reviewEndsAt: '2026-09-11T08:00:00.000Z',
      preservationExpiresAt: form === 'EPOC_PR' || form === 'ANNEX_V' || form === 'ANNEX_VI' ? '2026-10-31T08:00:00.000Z' : null,
      exPostValidationDueAt: null,
    },
    sectionM: null,
    step: null,
    signer: { organisation: 'Tribunal judiciaire de Paris', certificateSubject: 'CN=Tribunal judiciaire de Paris, O=Tribunal judiciaire de Paris, C=FR' },
    ...overrides,
  };
}
