// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../i18n/i18n';
import type { Step } from '../api/types';
import { isoFromNow, me, order, removalOrder } from '../test/factories';
import { deadlinesOf } from './deadlines';
import { Removal } from './Removal';
import { OrderContent } from './OrderContent';
import { Safeguards, SuspensionWarning } from './Safeguards';
import { Transmission } from './Transmission';

const HOUR = 3_600_000;

vi.mock('./directory', () => ({ useProviders: () => [] }));

function inEnglish(node: React.ReactNode) {
  return render(<I18nProvider lang="en">{node}</I18nProvider>);
}

describe('what the order page shows of the new parts of an order', () => {
  afterEach(cleanup);

  it('the way to the provider: each hop, who may take it or took it, and its clock', () => {
    const travelling = order({
      status: 'AWAITING_CERTIFICATION',
      receivedAt: null,
      transmission: [
        {
          kind: 'CERTIFICATION',
          side: 'ISSUING',
          country: 'GB',
          outcome: 'PENDING',
          receivedAt: isoFromNow(-HOUR),
          actedAt: null,
          authorities: [{ organisationId: 'home-office', name: 'Home Office, Investigatory Powers Unit' }],
          deadlines: [{ clock: 'SERVICE', dueAt: isoFromNow(90 * 24 * HOUR), overdue: false }],
        },
      ],
    });
    inEnglish(<Transmission order={travelling} />);
    const section = screen.getByRole('region', { name: 'The way to the provider' });
    expect(section.textContent).toContain('Certification · GB');
    expect(section.textContent).toContain('waiting for its decision');
    expect(section.textContent).toContain('May take it');
    expect(section.textContent).toContain('Home Office, Investigatory Powers Unit');
    expect(section.textContent).toContain('Service');
    expect(section.textContent).toContain('Not received yet');
  });

  it('nothing of the kind on a route straight to the provider', () => {
    const { container } = inEnglish(<Transmission order={order()} />);
    expect(container.textContent).toBe('');
  });

  it('the countersignature, the challenges, the issuer’s record and its suspension', () => {
    const emergency = order({
      emergency: { ground: 'LIFE', justification: 'A child is missing' },
      emergencyVerification: { countersigned: true, countersignedAt: isoFromNow(-HOUR), countersignedBy: { userId: 'u2', name: 'Cdt Martin', function: 'Duty commander' } },
      challenges: [{ at: isoFromNow(-2 * HOUR), reason: 'Unknown sender address', organisationId: 'examplegram', organisationName: 'Examplegram' }],
      issuerRecord: { ordersSentBefore: 12, ordersSentToYouBefore: 3, certificateIssuedAt: isoFromNow(-5 * 24 * HOUR), certificateOlderThan30Days: false },
      issuingAuthoritySuspended: { suspendedAt: isoFromNow(-HOUR), reason: 'An officer’s account was taken over' },
    });
    inEnglish(
      <>
        <SuspensionWarning order={emergency} />
        <Safeguards order={emergency} />
      </>,
    );
    expect(screen.getByRole('note').textContent).toContain('An officer’s account was taken over');
    const section = screen.getByRole('region', { name: 'Can the order be trusted?' });
    expect(section.textContent).toContain('Countersigned by Cdt Martin (Duty commander)');
    expect(section.textContent).toContain('12 on the exchange, 3 of them to you');
    expect(section.textContent).toContain('less than 30 days old when it signed');
    expect(section.textContent).toContain('Examplegram: Unknown sender address');
  });

  it('authorities by name, with the part each plays', () => {
    const named = order({
      parties: ['ISSUING'],
      issuingAuthorityId: 'police',
      evidenceRecipientId: 'prosecutor',
      participants: [
        { party: 'ISSUING', organisationId: 'police', name: 'Metropolitan Police', country: 'GB', authorityType: 'POLICE', contact: { email: 'ops@met.demo', phone: null, address: null }, suspended: null },
        { party: 'EVIDENCE_RECIPIENT', organisationId: 'prosecutor', name: 'Crown Prosecution Service', country: 'GB', authorityType: 'PROSECUTOR', contact: null, suspended: { suspendedAt: isoFromNow(-HOUR), reason: 'Account taken over' } },
      ],
    });
    inEnglish(<OrderContent order={named} me={me(['OFFICER'], { id: 'someone-else' })} />);
    const issuingSection = screen.getByRole('heading', { name: 'Issuing authority' }).parentElement!;
    const fact = (term: string) => [...issuingSection.querySelectorAll('dt')].find((dt) => dt.textContent === term)!.nextElementSibling!.textContent;
    expect(fact('Issuing authority')).toBe('Metropolitan Police');
    expect(fact('Evidence recipient')).toBe('Crown Prosecution Service');
    const participants = screen.getByRole('heading', { name: 'Who takes part' }).parentElement!.textContent;
    expect(participants).toContain('Metropolitan Police (Police, GB) · ops@met.demo');
    expect(participants).toContain('Crown Prosecution Service (Prosecutor, GB) · suspended by the operator since');
    expect(participants).toContain(': Account taken over');
    expect(participants.match(/suspended by the operator/g)).toHaveLength(1);
  });

  it('a removal order: its reasons, the answer within the hour or not, the scrutiny, the stay-down hashes', () => {
    const sha256 = 'ab'.repeat(32);
    const pdq = 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22';
    const removed = removalOrder({
      status: 'REMOVED',
      removal: { action: 'DISABLED', actedAt: isoFromNow(-HOUR / 4), withinTheHour: false, contentProviderInformed: true, preservedUntil: isoFromNow(180 * 24 * HOUR) },
      scrutiny: { requestedAt: isoFromNow(-HOUR / 8), reason: null },
    });
    const steps = [{ seq: 5, action: 'REMOVE', record: { annex: 'II', hashes: [{ sha256, pdq }] }, payload: { action: 'DISABLED', hashes: [{ sha256, pdq }] } } as unknown as Step];
    inEnglish(<Removal order={removed} steps={steps} />);
    const section = screen.getByRole('region', { name: 'Removal order (Reg. 2021/784)' });
    const fact = (term: string) => [...section.querySelectorAll('dt')].find((dt) => dt.textContent === term)?.nextElementSibling?.textContent;
    expect(fact('Terrorist content because it')).toBe('Incites the commission of terrorist offences (Art 2(7)(a))');
    expect(fact('The provider’s answer (Annex II)')).toMatch(/^Access disabled in all Member States · .+ after the hour$/);
    expect(fact('Content provider informed (Art 11(1))')).toBe('Yes');
    expect(fact('Scrutiny by the host State (Art 4)')).toContain('IE: may still scrutinise');
    expect(fact('Requested on')).toBeTruthy();
    expect(fact('May be requested until')).toBeUndefined();
    expect(fact('Hashes on the stay-down list')).toBe(`SHA-256 ${sha256} · PDQ ${pdq}`);
    expect(screen.queryByRole('note')).toBeNull();
    // The scrutiny's 72 hours are a deadline of the order; the hour is over once removed.
    expect(deadlinesOf(removed).map((deadline) => deadline.kind)).toEqual(['SCRUTINY']);
    expect(deadlinesOf(removalOrder({ status: 'ISSUED', scrutiny: null })).map((deadline) => deadline.kind)).toEqual(['REMOVAL']);
  });

  it('a removal order revoked after scrutiny tells the provider to reinstate; without a host State there is no scrutiny', () => {
    inEnglish(<Removal order={removalOrder({ status: 'REVOKED', removal: { reinstate: true }, scrutiny: { status: 'INFRINGEMENT', decidedAt: isoFromNow(-HOUR), reason: 'Journalistic content' } })} steps={[]} />);
    expect(screen.getByRole('note').textContent).toContain('reinstates the content');
    expect(screen.getByRole('region').textContent).toContain('IE: infringement found: the order is revoked');
    expect(screen.getByRole('region').textContent).toContain('Journalistic content');
    cleanup();
    inEnglish(<Removal order={removalOrder({ scrutiny: null })} steps={null} />);
    expect(screen.getByRole('region').textContent).toContain('None: the provider is established or represented in the issuing State.');
    expect(screen.getByRole('region').textContent).toContain('not yet');
    cleanup();
    inEnglish(<Removal order={order()} steps={null} />);
    expect(screen.queryByRole('region')).toBeNull();
  });
});
