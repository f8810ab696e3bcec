// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../i18n/i18n';
import { isoFromNow, me, order } from '../test/factories';
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
});
