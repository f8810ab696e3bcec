import { describe, expect, it } from 'vitest';
import { order, removalOrder } from '../test/factories';
import { emptyDraft, emptyTarget, formFields, fromOrder, toOrderBody, toRoutingQuery, type Draft } from './draft-model';

function draft(overrides: Partial<Draft> = {}): Draft {
  return {
    ...emptyDraft(),
    providerId: 'provider-1',
    caseReference: ' OFAC-2026-0412 ',
    dataCategories: ['CONTENT'],
    targets: [{ ...emptyTarget(), value: 'suspect.account.42' }],
    offenceDescription: 'Online fraud',
    legalProvisions: 'Code pénal, art. 313-1',
    maxSentenceMonths: '60',
    ...overrides,
  };
}

describe('the new-order form as API bodies', () => {
  it('sends what was filled in, trimmed, with numbers as numbers', () => {
    expect(toOrderBody(draft())).toEqual({
      type: 'PRODUCTION',
      providerId: 'provider-1',
      caseReference: 'OFAC-2026-0412',
      dataCategories: ['CONTENT'],
      targets: [{ kind: 'ACCOUNT', value: 'suspect.account.42' }],
      offence: { description: 'Online fraud', legalProvisions: 'Code pénal, art. 313-1', maxSentenceMonths: 60 },
    });
  });

  it('leaves a missing number out, so the API names the field', () => {
    expect(toOrderBody(draft({ maxSentenceMonths: '  ' })).offence).not.toHaveProperty('maxSentenceMonths');
  });

  it('sends the IP fields only for an IP address, and the facts only when stated', () => {
    const body = toOrderBody(
      draft({
        targets: [
          { kind: 'IP_ADDRESS', value: '203.0.113.7', sourcePort: '41234', timestamp: '2026-09-01T12:15:30+02:00', destinationIp: '', destinationPort: '', protocol: 'TCP', accountHandle: '' },
          { ...emptyTarget('EMAIL'), value: 'a@example.com', sourcePort: '99' },
        ],
        emergency: true,
        emergencyGround: 'LIFE',
        emergencyJustification: ' A child is missing ',
        targetIsUsPerson: 'no',
        offenceInIssuingState: 'yes',
        targetLocation: 'fr',
        caseSummary: 'For the enforcing authority',
      }),
    );
    expect(body.targets).toEqual([
      { kind: 'IP_ADDRESS', value: '203.0.113.7', sourcePort: 41234, timestamp: '2026-09-01T12:15:30+02:00', protocol: 'TCP' },
      { kind: 'EMAIL', value: 'a@example.com' },
    ]);
    expect(body.emergency).toEqual({ ground: 'LIFE', justification: 'A child is missing' });
    expect(body.targetIsUsPerson).toBe(false);
    expect(body.offenceInIssuingState).toBe(true);
    expect(body).not.toHaveProperty('targetResidesInIssuingState');
    expect(body.targetLocation).toBe('FR');
    expect(body.caseSummary).toBe('For the enforcing authority');
  });

  it('asks for a route only once provider, categories and sentence are there', () => {
    expect(toRoutingQuery(draft({ providerId: '' }), 'FR')).toBeNull();
    expect(toRoutingQuery(draft({ dataCategories: [] }), 'FR')).toBeNull();
    expect(toRoutingQuery(draft({ maxSentenceMonths: '' }), 'FR')).toBeNull();
    expect(toRoutingQuery(draft(), null)).toBeNull();
    expect(toRoutingQuery(draft({ emergency: true, listedCategory: 'TERRORISM', targetLocation: 'g' }), 'FR')).toEqual({
      issuingCountry: 'FR',
      providerId: 'provider-1',
      orderType: 'PRODUCTION',
      dataCategories: ['CONTENT'],
      offence: { maxSentenceMonths: 60, listedCategory: 'TERRORISM' },
      emergency: true,
    });
  });

  it('reads a draft order back into the form unchanged', () => {
    const existing = order({
      status: 'DRAFT',
      targets: [{ kind: 'IP_ADDRESS', value: '203.0.113.7', sourcePort: 41234, timestamp: '2026-09-01T10:15:30Z' }],
      offence: { description: 'Online fraud', legalProvisions: 'Code pénal, art. 313-1', maxSentenceMonths: 60, listedCategory: 'NON_CASH_PAYMENT_FRAUD' },
      targetIsUsPerson: false,
      caseSummary: 'Summary',
    });
    const form = fromOrder(existing);
    const body = toOrderBody(form);
    expect(body.targets).toEqual(existing.targets);
    expect(body.offence).toEqual(existing.offence);
    expect(body.targetIsUsPerson).toBe(false);
    expect(body.caseSummary).toBe('Summary');
    // The issuing authority receives the evidence unless the order names another.
    expect(body.evidenceRecipientId).toBeUndefined();
    expect(toOrderBody(fromOrder({ ...existing, evidenceRecipientId: 'prosecutor' })).evidenceRecipientId).toBe('prosecutor');
  });

  it('names every field the API may point at, target by target', () => {
    const fields = formFields(draft({ targets: [emptyTarget(), emptyTarget('IP_ADDRESS')] }));
    expect(fields).toContain('targets[1].sourcePort');
    expect(fields).toContain('offence.maxSentenceMonths');
    expect(fields).not.toContain('targets[2].value');
  });
});

describe('a removal order in the new-order form (Reg. 2021/784)', () => {
  const removal = (overrides: Partial<Draft> = {}) =>
    draft({
      type: 'REMOVAL',
      targets: [{ ...emptyTarget('URL'), value: ' https://video.example.com/v/123 ', accountHandle: ' @propaganda.cell ' }],
      removalReasons: ['INCITEMENT', 'THREAT'],
      contentDescription: ' Video calling for attacks on places of worship ',
      ...overrides,
    });

  it('sends its URLs and the Regulation’s terms, and none of an evidence order’s facts', () => {
    expect(toOrderBody(removal({ targetIsUsPerson: 'no', caseSummary: 'Left over from a production order', emergency: true }))).toEqual({
      type: 'REMOVAL',
      providerId: 'provider-1',
      caseReference: 'OFAC-2026-0412',
      targets: [{ kind: 'URL', value: 'https://video.example.com/v/123', accountHandle: '@propaganda.cell' }],
      removal: { reasons: ['INCITEMENT', 'THREAT'], contentDescription: 'Video calling for attacks on places of worship' },
    });
  });

  it('sends the Art 3(2) emergency, the Art 11(3) non-disclosure and a certified account’s override only when given', () => {
    const body = toOrderBody(
      removal({ removalEmergencyJustification: ' An attack is announced for tonight ', nonDisclosure: true, nonDisclosureReason: 'Investigation under way', nonDisclosureUntil: '2026-12-31T00:00', overrideCertifiedReason: ' Account taken over ' }),
    );
    expect(body.removal).toEqual({
      reasons: ['INCITEMENT', 'THREAT'],
      contentDescription: 'Video calling for attacks on places of worship',
      emergencyJustification: 'An attack is announced for tonight',
      nonDisclosure: { reason: 'Investigation under way', until: new Date('2026-12-31T00:00').toISOString() },
    });
    expect(body.overrideCertified).toEqual({ reason: 'Account taken over' });
  });

  it('asks the route as soon as the provider is chosen', () => {
    expect(toRoutingQuery(removal({ providerId: '' }), 'FR')).toBeNull();
    expect(toRoutingQuery(removal({ maxSentenceMonths: '', dataCategories: [] }), 'FR')).toEqual({
      issuingCountry: 'FR',
      providerId: 'provider-1',
      orderType: 'REMOVAL',
      dataCategories: ['CONTENT'],
      offence: { maxSentenceMonths: 0 },
      emergency: false,
    });
  });

  it('reads a removal draft back into the form', () => {
    const back = fromOrder(removalOrder({ status: 'DRAFT', removal: { reasons: ['SOLICITATION'], contentDescription: 'A recruitment video' } }));
    expect(back).toMatchObject({ type: 'REMOVAL', removalReasons: ['SOLICITATION'], contentDescription: 'A recruitment video', nonDisclosure: false });
    expect(back.targets).toEqual([{ ...emptyTarget('URL'), value: 'https://video.example.com/v/123' }]);
    expect(formFields(back)).toEqual(expect.arrayContaining(['removal.reasons', 'removal.contentDescription', 'targets[0].accountHandle', 'overrideCertified.reason']));
  });
});
