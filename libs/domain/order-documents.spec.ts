import { loadCatalogue } from '../routing/catalogue.js';
import { FORMS } from '../routing/types.js';
import { DOCUMENT_FORMS, ISSUANCE_DOCUMENTS, documentsFor, type StepContext } from './order-documents.js';
import { ORDER_ACTIONS, type OrderAction } from './order-lifecycle.js';

const receipt = (routeForm: StepContext['routeForm'], enforcingReview = false): StepContext => ({ action: 'ISSUE', fromStatus: 'DRAFT', toStatus: 'ISSUED', routeForm, enforcingReview });

describe('the documents steps make', () => {
  it('says, for every form a route of the catalogue names, which document issuing makes or why none', () => {
    const routed = new Set(loadCatalogue().instruments.flatMap((instrument) => Object.values(instrument.covers).map((coverage) => coverage!.form)));
    for (const form of routed) {
      const entry = ISSUANCE_DOCUMENTS[form];
      expect(entry).toBeDefined();
      if ('document' in entry) expect(DOCUMENT_FORMS).toContain(entry.document);
      else expect(entry.none.length).toBeGreaterThan(40);
    }
    // And nothing is listed that no route could name.
    expect(Object.keys(ISSUANCE_DOCUMENTS).sort()).toEqual([...FORMS].sort());
  });

  it('makes the route\'s form at receipt, by issue or by the validation of a pending order, and only then', () => {
    expect(documentsFor(receipt('EPOC_PR'))).toEqual([{ form: 'EPOC_PR', audience: 'ADDRESSEE' }]);
    expect(documentsFor({ ...receipt('MLA_REQUEST'), action: 'VALIDATE', fromStatus: 'PENDING_VALIDATION' })).toEqual([{ form: 'MLA_REQUEST', audience: 'ADDRESSEE' }]);
    // An emergency order validated ex post was received already.
    expect(documentsFor({ action: 'VALIDATE', fromStatus: 'ACKNOWLEDGED', toStatus: 'ACKNOWLEDGED', routeForm: 'EPOC', enforcingReview: false })).toEqual([]);
    expect(documentsFor(receipt('US_LEGAL_PROCESS'))).toEqual([]);
  });

  it('gives the enforcing authority its own copy of an EPOC under review (Section M), and of nothing else', () => {
    expect(documentsFor(receipt('EPOC', true))).toEqual([
      { form: 'EPOC', audience: 'ADDRESSEE' },
      { form: 'EPOC', audience: 'ENFORCING_AUTHORITY' },
    ]);
    expect(documentsFor(receipt('EPOC_PR', true))).toEqual([{ form: 'EPOC_PR', audience: 'ADDRESSEE' }]);
  });

  it('makes the Regulation\'s annexes on its own routes only', () => {
    const annexes: Partial<Record<OrderAction, string>> = { REQUEST_CLARIFICATION: 'ANNEX_III', NOT_EXECUTE: 'ANNEX_III', CONFIRM_SUBSEQUENT_REQUEST: 'ANNEX_V', EXTEND_PRESERVATION: 'ANNEX_VI' };
    for (const action of ORDER_ACTIONS.filter((a) => a !== 'ISSUE' && a !== 'VALIDATE')) {
      const step = { action, fromStatus: 'ACKNOWLEDGED' as const, toStatus: 'ACKNOWLEDGED' as const, enforcingReview: false };
      const expected = annexes[action] ? [{ form: annexes[action], audience: 'ADDRESSEE' }] : [];
      expect(documentsFor({ ...step, routeForm: 'EPOC' })).toEqual(expected);
      expect(documentsFor({ ...step, routeForm: 'OPO_COVER' })).toEqual([]);
    }
    expect(documentsFor({ action: 'PRODUCE', fromStatus: 'ACKNOWLEDGED', toStatus: 'PARTIALLY_PRODUCED', routeForm: 'EPOC', enforcingReview: false })).toEqual([{ form: 'ANNEX_III', audience: 'ADDRESSEE' }]);
    expect(documentsFor({ action: 'PRODUCE', fromStatus: 'ACKNOWLEDGED', toStatus: 'PRODUCED', routeForm: 'EPOC', enforcingReview: false })).toEqual([]);
  });
});

describe('the documents of routes through other authorities', () => {
  const step = (action: StepContext['action'], fromStatus: StepContext['fromStatus'], toStatus: StepContext['toStatus'], routeForm: StepContext['routeForm']): StepContext => ({ action, fromStatus, toStatus, routeForm, enforcingReview: false });

  it('makes the OPO cover when the designated authority certifies it, for the provider, and nothing when the judge makes it', () => {
    expect(documentsFor(step('VALIDATE', 'PENDING_VALIDATION', 'AWAITING_CERTIFICATION', 'OPO_COVER'))).toEqual([]);
    expect(documentsFor(step('CERTIFY', 'AWAITING_CERTIFICATION', 'ISSUED', 'OPO_COVER'))).toEqual([{ form: 'OPO_COVER', audience: 'ADDRESSEE' }]);
    expect(documentsFor(step('REFUSE_CERTIFICATION', 'AWAITING_CERTIFICATION', 'TRANSMISSION_REFUSED', 'OPO_COVER'))).toEqual([]);
  });

  it('makes the letter of request when it leaves the issuing side, for the authorities, and nothing for the provider', () => {
    expect(documentsFor(step('ISSUE', 'DRAFT', 'AWAITING_TRANSMISSION', 'MLA_REQUEST'))).toEqual([{ form: 'MLA_REQUEST', audience: 'AUTHORITIES' }]);
    expect(documentsFor(step('FORWARD', 'AWAITING_TRANSMISSION', 'AWAITING_RECOGNITION', 'MLA_REQUEST'))).toEqual([]);
    expect(documentsFor(step('FORWARD', 'AWAITING_RECOGNITION', 'ISSUED', 'MLA_REQUEST'))).toEqual([]);
    expect(documentsFor(step('VALIDATE', 'PENDING_VALIDATION', 'AWAITING_RECOGNITION', 'PRESERVATION_REQUEST'))).toEqual([{ form: 'PRESERVATION_REQUEST', audience: 'AUTHORITIES' }]);
    expect(documentsFor(step('ISSUE', 'DRAFT', 'AWAITING_RECOGNITION', 'EIO_ANNEX_A'))).toEqual([]);
  });
});
