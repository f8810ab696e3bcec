// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Evidence } from '../api/types';
import { I18nProvider } from '../i18n/i18n';
import { isoFromNow, order, removalOrder } from '../test/factories';
import { ACTION_FORMS, type FormProps } from './action-forms';

function renderForm(action: keyof typeof ACTION_FORMS, props: Partial<FormProps> = {}) {
  const Form = ACTION_FORMS[action]!;
  const sent: Record<string, unknown>[] = [];
  render(
    <I18nProvider lang="en">
      <Form order={order({ parties: ['ADDRESSEE'] })} evidence={[]} send={async (body) => void sent.push(body)} cancel={() => {}} {...props} />
    </I18nProvider>,
  );
  return sent;
}

const evidence = (overrides: Partial<Evidence> = {}): Evidence => ({
  id: 'ev-1',
  filename: 'mailbox.mbox',
  mediaType: 'application/mbox',
  size: 2048,
  sha256: 'ab'.repeat(32),
  productionSeq: null,
  createdAt: '2026-12-04T12:00:00Z',
  ...overrides,
});

describe('the forms of the actions', () => {
  afterEach(cleanup);

  it('non-execution: Annex III reasons 4 to 10, and section E only for a third-country conflict', async () => {
    const sent = renderForm('NOT_EXECUTE');
    const reasons = screen.getAllByRole('checkbox').map((box) => box.closest('label')!.textContent);
    expect(reasons.slice(0, 7)).toEqual([
      '4. The data are not stored (or were deleted)',
      '5. Impossible to execute for reasons beyond the provider’s control',
      '6. Not issued or validated by a competent authority',
      '7. Issued for an offence the Regulation does not cover',
      '8. The service is not covered by the Regulation',
      '9. The data are protected by an immunity or privilege',
      '10. Conflict with the law of a third country (Art 17)',
    ]);
    expect(screen.queryByLabelText('Title of the law')).toBeNull();
    fireEvent.click(screen.getByRole('checkbox', { name: /^10\./ }));
    fireEvent.change(screen.getByLabelText('Title of the law'), { target: { value: 'Stored Communications Act' } });
    fireEvent.change(screen.getByLabelText('Provisions and their text'), { target: { value: '18 U.S.C. § 2702' } });
    fireEvent.change(screen.getByLabelText('The law protects'), { target: { value: 'FUNDAMENTAL_RIGHTS' } });
    fireEvent.change(screen.getByLabelText('Why it applies and conflicts'), { target: { value: 'The account holder is a US person.' } });
    fireEvent.change(screen.getByLabelText('Explanation'), { target: { value: 'Disclosure would breach US law.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Report non-execution' }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({
      reasons: ['THIRD_COUNTRY_CONFLICT'],
      explanation: 'Disclosure would breach US law.',
      thirdCountryConflict: { law: 'Stored Communications Act', provisions: '18 U.S.C. § 2702', nature: 'FUNDAMENTAL_RIGHTS', reasoning: 'The account holder is a US person.' },
      preservation: { preserved: false },
    });
  });

  it('clarification request: only Annex III reasons 1 to 3', async () => {
    const sent = renderForm('REQUEST_CLARIFICATION');
    expect(screen.getAllByRole('checkbox')).toHaveLength(3);
    fireEvent.click(screen.getByRole('checkbox', { name: /^3\./ }));
    fireEvent.change(screen.getByLabelText('Message'), { target: { value: 'Which account?' } });
    fireEvent.click(screen.getByRole('button', { name: 'Request clarification' }));
    await waitFor(() => expect(sent).toEqual([{ reasons: ['INSUFFICIENT_INFORMATION'], message: 'Which account?' }]));
  });

  it('production: a decision for each target and category, a reason for what is withheld, the evidence not yet produced', async () => {
    const sent = renderForm('PRODUCE', {
      order: order({ parties: ['ADDRESSEE'], targets: [{ kind: 'ACCOUNT', value: 'a.one' }, { kind: 'EMAIL', value: 'b@example.com' }], dataCategories: ['SUBSCRIBER', 'CONTENT'] }),
      evidence: [evidence(), evidence({ id: 'ev-old', filename: 'earlier.zip', productionSeq: 6 })],
    });
    expect(screen.getByRole('checkbox', { name: /^mailbox\.mbox/ })).toBeTruthy();
    expect(screen.queryByRole('checkbox', { name: /^earlier\.zip/ })).toBeNull();
    expect(screen.getAllByRole('checkbox', { name: /^Produced:/ })).toHaveLength(4);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Produced: b@example.com, Content data' }));
    fireEvent.change(screen.getByLabelText('Reason for withholding b@example.com, Content data'), { target: { value: 'DATA_NOT_STORED' } });
    fireEvent.click(screen.getByRole('button', { name: 'Produce' }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({
      evidenceIds: ['ev-1'],
      decisions: [
        { target: 'a.one', category: 'SUBSCRIBER', produced: true },
        { target: 'a.one', category: 'CONTENT', produced: true },
        { target: 'b@example.com', category: 'SUBSCRIBER', produced: true },
        { target: 'b@example.com', category: 'CONTENT', produced: false, reason: 'DATA_NOT_STORED' },
      ],
    });
  });

  it('enforcing review: grounds only when raising them', async () => {
    const sent = renderForm('REVIEW');
    expect(screen.queryByRole('group', { name: /Grounds/ })).toBeNull();
    fireEvent.click(screen.getByRole('radio', { name: 'Grounds for refusal raised' }));
    fireEvent.click(screen.getByRole('checkbox', { name: /Ne bis in idem/ }));
    fireEvent.click(screen.getByRole('checkbox', { name: /Only part of the data/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Review' }));
    await waitFor(() => expect(sent).toEqual([{ decision: 'GROUNDS_RAISED', grounds: ['NE_BIS_IN_IDEM'], partial: true }]));
  });

  it('refusing to certify or pass on: a reason the issuing side reads', async () => {
    const sent = renderForm('REFUSE_CERTIFICATION');
    expect(screen.getByText(/The issuing authority reads your reason/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText(/Reason for refusing/), { target: { value: 'The order does not meet Art 5 of the Agreement.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Refuse certification' }));
    await waitFor(() => expect(sent).toEqual([{ reason: 'The order does not meet Art 5 of the Agreement.' }]));
  });

  it('challenge and countersignature of an emergency order: a reason, an optional note', async () => {
    const challenged = renderForm('CHALLENGE');
    fireEvent.change(screen.getByLabelText(/Why you ask the issuing authority to confirm/), { target: { value: 'Unknown sender address' } });
    fireEvent.click(screen.getByRole('button', { name: 'Ask the issuer to confirm' }));
    await waitFor(() => expect(challenged).toEqual([{ reason: 'Unknown sender address' }]));
    cleanup();
    const countersigned = renderForm('COUNTERSIGN');
    expect(screen.getByText(/may not countersign it/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Countersign' }));
    await waitFor(() => expect(countersigned).toEqual([{}]));
  });
});

describe('the forms of a removal order’s actions (Reg. 2021/784)', () => {
  afterEach(cleanup);
  const SHA = 'AB'.repeat(32);
  const PDQ = 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22';

  it('removal (Annex II): what was done, a SHA-256 and optional PDQ per item, lower-cased, empty rows left out', async () => {
    const sent = renderForm('REMOVE', { order: removalOrder({ parties: ['ADDRESSEE'] }) });
    fireEvent.click(screen.getByRole('radio', { name: 'Access disabled in all Member States' }));
    fireEvent.change(screen.getByLabelText('SHA-256 of item 1'), { target: { value: ` ${SHA} ` } });
    fireEvent.change(screen.getByLabelText('PDQ hash of item 1 (optional)'), { target: { value: PDQ } });
    fireEvent.click(screen.getByRole('button', { name: 'Add a hash' }));
    fireEvent.change(screen.getByLabelText('SHA-256 of item 2'), { target: { value: 'cd'.repeat(32) } });
    fireEvent.click(screen.getByRole('button', { name: 'Add a hash' }));
    fireEvent.click(screen.getByRole('checkbox', { name: /content provider was informed/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Confirm removal' }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({
      action: 'DISABLED',
      hashes: [{ sha256: 'ab'.repeat(32), pdq: PDQ }, { sha256: 'cd'.repeat(32) }],
      contentProviderInformed: true,
    });
  });

  it('removal: a picked file is hashed in the browser, and only its SHA-256 is sent', async () => {
    const sent = renderForm('REMOVE', { order: removalOrder({ parties: ['ADDRESSEE'] }) });
    const picker = screen.getByLabelText('Hash files in this browser') as HTMLInputElement;
    const file = new File([new TextEncoder().encode('abc')], 'propaganda.mp4', { type: 'video/mp4' });
    Object.defineProperty(picker, 'files', { value: [file] });
    fireEvent.change(picker);
    // SHA-256("abc"), FIPS 180-4's first example.
    await waitFor(() => expect((screen.getByLabelText('SHA-256 of item 1') as HTMLInputElement).value).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'));
    fireEvent.click(screen.getByRole('button', { name: 'Confirm removal' }));
    await waitFor(() => expect(sent).toEqual([{ action: 'REMOVED', hashes: [{ sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' }], contentProviderInformed: false }]));
  });

  it('removal: while the issuer’s non-disclosure runs, the content provider cannot be said to be informed', async () => {
    const sent = renderForm('REMOVE', { order: removalOrder({ parties: ['ADDRESSEE'], removal: { nonDisclosureUntil: isoFromNow(30 * 24 * 3_600_000, new Date()) } }) });
    expect(screen.queryByRole('checkbox', { name: /content provider was informed/ })).toBeNull();
    expect(screen.getByText(/not informed until/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Confirm removal' }));
    await waitFor(() => expect(sent).toEqual([{ action: 'REMOVED', hashes: [], contentProviderInformed: false }]));
  });

  it('non-execution of a removal order: the Regulation’s own Annex III reasons, not the evidence orders’', async () => {
    const sent = renderForm('NOT_EXECUTE', { order: removalOrder({ parties: ['ADDRESSEE'] }) });
    expect(screen.getAllByRole('checkbox').map((box) => box.closest('label')!.textContent)).toEqual([
      'Force majeure not attributable to the provider (Art 3(7))',
      'De facto impossibility not attributable to the provider, technical or operational reasons included (Art 3(7))',
      'The order contains manifest errors (Art 3(8))',
      'The order does not contain sufficient information to execute it (Art 3(8))',
    ]);
    expect(screen.queryByText(/Section G/)).toBeNull();
    fireEvent.click(screen.getByRole('checkbox', { name: /^Force majeure/ }));
    fireEvent.change(screen.getByLabelText('Explanation'), { target: { value: 'Our Dublin storage is down after a fire.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Report non-execution' }));
    await waitFor(() => expect(sent).toEqual([{ reasons: ['FORCE_MAJEURE'], explanation: 'Our Dublin storage is down after a fire.' }]));
  });

  it('the end of the impediment: an optional note', async () => {
    const sent = renderForm('RESUME_EXECUTION', { order: removalOrder({ status: 'NOT_EXECUTED', parties: ['ADDRESSEE'] }) });
    expect(screen.getByText(/runs again from now/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Report the grounds ceased' }));
    await waitFor(() => expect(sent).toEqual([{}]));
  });

  it('request for scrutiny: who asks, and why, with the 48 hours it may be made in', async () => {
    const sent = renderForm('REQUEST_SCRUTINY', { order: removalOrder({ parties: ['ADDRESSEE'] }) });
    expect(screen.getByText(/may be made until/)).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: /The content provider/ }));
    fireEvent.change(screen.getByLabelText('Reason'), { target: { value: 'The video is a news report on the attack.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Request scrutiny' }));
    await waitFor(() => expect(sent).toEqual([{ requestedBy: 'CONTENT_PROVIDER', reason: 'The video is a news report on the attack.' }]));
  });

  it('scrutiny: no infringement, or an infringement that revokes the order, with a reason', async () => {
    const sent = renderForm('SCRUTINISE', { order: removalOrder({ status: 'REMOVED', parties: ['SCRUTINISING'] }) });
    expect((screen.getByRole('radio', { name: /No infringement/ }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByRole('radio', { name: /revoke the order/ }));
    fireEvent.change(screen.getByLabelText('Reason'), { target: { value: 'Journalistic content (Art 1(3)).' } });
    fireEvent.click(screen.getByRole('button', { name: 'Decide on scrutiny' }));
    await waitFor(() => expect(sent).toEqual([{ decision: 'INFRINGEMENT', reason: 'Journalistic content (Art 1(3)).' }]));
  });
});
