// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nProvider } from '../i18n/i18n';
import { routing } from '../test/factories';
import { RoutingPanel } from './RoutingPanel';

describe('the route panel of the new-order form', () => {
  afterEach(cleanup);

  it('names the authorities on the way to the provider, or says none is on the exchange', () => {
    const route = routing({ production: 'P10D' });
    const hops = [
      { kind: 'CERTIFICATION', side: 'ISSUING', country: 'GB', actingAs: ['DESIGNATED_AUTHORITY'], roles: ['CERTIFIER'], addresseeRole: null, deadlines: [], basis: 'UK-US Agreement Art 5', groundsBasis: '', authorities: [{ organisationId: 'ho', name: 'Home Office, UK Designated Authority' }], confidence: 'CONFIRMED' },
      { kind: 'RECOGNITION', side: 'ADDRESSEE', country: 'US', actingAs: ['CENTRAL_AUTHORITY'], roles: ['CERTIFIER'], addresseeRole: null, deadlines: [], basis: '18 USC 2523', groundsBasis: '', authorities: null, confidence: 'CONFIRMED' },
    ];
    render(
      <I18nProvider lang="en">
        <RoutingPanel result={{ ...route, selected: { ...route.selected!, hops } } as never} problem={null} waiting={false} pending={false} providerName="Examplegram" />
      </I18nProvider>,
    );
    const way = screen.getByText('On the way to the provider').nextElementSibling!;
    expect([...way.querySelectorAll('li')].map((item) => item.textContent)).toEqual([
      'Certification · GB: Home Office, UK Designated Authority (UK-US Agreement Art 5)',
      'Recognition in the State addressed · US: no authority on the exchange (18 USC 2523)',
    ]);
  });

  it('says nothing of hops on a route straight to the provider', () => {
    render(
      <I18nProvider lang="en">
        <RoutingPanel result={routing({ production: 'P10D' })} problem={null} waiting={false} pending={false} providerName="Examplegram" />
      </I18nProvider>,
    );
    expect(screen.queryByText('On the way to the provider')).toBeNull();
  });

  it('warns of an unconfirmed route outside its list of facts, and names a removal order’s clocks', () => {
    const route = routing();
    const removal = {
      ...route,
      selected: {
        ...route.selected!,
        confidence: 'UNCONFIRMED',
        deadlines: [
          { clock: 'REMOVAL', duration: 'PT1H', from: 'RECEIPT', basis: 'Reg. 2021/784 Art 3(3)', confidence: 'CONFIRMED' },
          { clock: 'SCRUTINY', duration: 'PT72H', from: 'RECEIPT', basis: 'Reg. 2021/784 Art 4(4)', confidence: 'CONFIRMED' },
        ],
      },
    };
    render(
      <I18nProvider lang="en">
        <RoutingPanel result={removal as never} problem={null} waiting={false} pending={false} providerName="Examplegram" />
      </I18nProvider>,
    );
    const list = document.querySelector('dl.facts')!;
    // A <dl> holds only <div> groups of <dt> and <dd> (axe: definition-list).
    expect([...list.children].map((child) => child.tagName)).toEqual(Array(list.children.length).fill('DIV'));
    expect(document.querySelector('.alert--warning')).toBeTruthy();
    expect(list.textContent).toContain('Removal: 1 hour');
    expect(list.textContent).toContain('Scrutiny by the host State: 72 hours');
  });
});
