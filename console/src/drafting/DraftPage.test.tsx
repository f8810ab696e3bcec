// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Authority } from '../api/types';
import { I18nProvider } from '../i18n/i18n';
import { me } from '../test/factories';
import DraftPage from './DraftPage';

// The directory as the API would list it; no request leaves the test (no provider is chosen, so no route is asked).
const directory = vi.hoisted(() => ({ authorities: [] as unknown[] }));
vi.mock('../orders/authorities', () => ({ useAuthorities: () => directory.authorities }));
vi.mock('../orders/directory', () => ({ useProviders: () => [] }));

function authority(designations: string[]): Authority {
  return { id: 'org-1', name: 'OFAC', country: 'FR', authorityType: 'POLICE', designations, languages: ['fr'] } as unknown as Authority;
}

function renderDraft() {
  render(
    <I18nProvider lang="en">
      <DraftPage me={me(['OFFICER'], { authorityType: 'POLICE', name: 'OFAC' })} />
    </I18nProvider>,
  );
}

describe('the new-order form', () => {
  beforeEach(() => {
    directory.authorities = [];
  });
  afterEach(cleanup);

  it('offers a removal order only to an authority designated competent for them', () => {
    directory.authorities = [authority([])];
    renderDraft();
    expect(screen.queryByRole('radio', { name: 'Removal' })).toBeNull();
    cleanup();
    directory.authorities = [authority(['TCO_COMPETENT_AUTHORITY'])];
    renderDraft();
    expect(screen.getByRole('radio', { name: 'Removal' })).toBeTruthy();
  });

  it('asks a removal order for URLs and the Regulation’s terms, not an evidence order’s facts', () => {
    directory.authorities = [authority(['TCO_COMPETENT_AUTHORITY'])];
    renderDraft();
    expect(screen.getByLabelText('Maximum sentence (months)', { exact: false })).toBeTruthy();
    expect(screen.getByRole('group', { name: /Categories of data/ })).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: 'Removal' }));
    expect(screen.queryByLabelText('Maximum sentence (months)', { exact: false })).toBeNull();
    expect(screen.queryByRole('group', { name: /Categories of data/ })).toBeNull();
    expect((screen.getByLabelText('Kind') as HTMLSelectElement).value).toBe('URL');
    expect(screen.getByLabelText('Account that published it')).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Why it is terrorist content' })).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: /Incites the commission of terrorist offences/ })).toBeTruthy();
    expect(screen.getByLabelText('Description of the content')).toBeTruthy();
  });

  it('saves a draft sent again after a network failure with the same Idempotency-Key, and a changed one with a new key', async () => {
    const keys: (string | null)[] = [];
    let failures = 2;
    vi.stubGlobal('fetch', async (request: Request) => {
      if (new URL(request.url).pathname !== '/api/v1/orders' || request.method !== 'POST') throw new Error(`unexpected ${request.method} ${request.url}`);
      keys.push(request.headers.get('idempotency-key'));
      if (failures-- > 0) throw new TypeError('Failed to fetch');
      return new Response(JSON.stringify({ id: 'order-1' }), { status: 201, headers: { 'content-type': 'application/json' } });
    });
    try {
      renderDraft();
      fireEvent.change(screen.getByLabelText(/Case reference/), { target: { value: 'PARIS-2026-0042' } });
      const save = screen.getByRole('button', { name: 'Save draft' }) as HTMLButtonElement;
      for (let attempt = 1; attempt <= 2; attempt += 1) {
        fireEvent.click(save);
        await waitFor(() => expect(keys).toHaveLength(attempt));
        await waitFor(() => expect(save.disabled).toBe(false));
        expect(screen.getByRole('alert').textContent).toContain('Failed to fetch');
      }
      fireEvent.change(screen.getByLabelText(/Case reference/), { target: { value: 'PARIS-2026-0043' } });
      fireEvent.click(save);
      await waitFor(() => expect(location.pathname).toBe('/console/orders/order-1'));
      expect(keys[0]).toBeTruthy();
      expect(keys[1]).toBe(keys[0]);
      expect(keys[2]).not.toBe(keys[0]);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
