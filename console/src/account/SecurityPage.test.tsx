// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../i18n/i18n';
import { getSession, signOut } from '../session/session';
import { me } from '../test/factories';
import SecurityPage from './SecurityPage';

const json = (status: number, body?: unknown) => new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' } });
const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const URI = `otpauth://totp/Evidence%20Exchange:someone%40example.demo?secret=${SECRET}&issuer=Evidence%20Exchange&algorithm=SHA1&digits=6&period=30`;

describe('the account security page', () => {
  const sent: { method: string; path: string; body: unknown }[] = [];
  beforeEach(() => {
    sent.length = 0;
    vi.stubGlobal('fetch', async (request: Request) => {
      const path = new URL(request.url).pathname;
      const body = request.method === 'GET' ? undefined : await request.json().catch(() => undefined);
      sent.push({ method: request.method, path, body });
      if (path === '/api/v1/me/totp' && request.method === 'POST') return json(201, { secret: SECRET, otpauthUri: URI });
      if (path === '/api/v1/me/totp/confirm') {
        const { code } = body as { code: string };
        if (code !== '123456') return json(422, { status: 422, code: 'TOTP_CODE_REJECTED', title: 'Rejected', detail: 'wrong', errors: [{ field: 'code', message: 'is not a current code of your authenticator app, or was used already' }] });
        return json(200, { accessToken: 'full.token.x', tokenType: 'Bearer', expiresIn: 900 });
      }
      if (path === '/api/v1/me') return json(200, { ...me(['OFFICER']), user: { ...me(['OFFICER']).user, totpEnabled: true } });
      return json(404, { status: 404, code: 'NOT_FOUND' });
    });
  });
  afterEach(() => {
    signOut('user');
    cleanup();
    vi.unstubAllGlobals();
  });

  it('enrols: the QR code, the key in groups of four and the link, then the first code; a wrong one lands on the field', async () => {
    render(
      <I18nProvider lang="en">
        <SecurityPage me={me(['OFFICER'])} />
      </I18nProvider>,
    );
    expect(screen.getByText('Off: signing in asks for your password only.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Set up a second factor' }));
    expect(await screen.findByRole('img', { name: 'QR code of the key for your authenticator app' })).toBeTruthy();
    expect(screen.getByLabelText('Key').textContent).toBe('GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ');
    expect((screen.getByLabelText('The same key as a link (otpauth), for an app on this device') as HTMLTextAreaElement).value).toBe(URI);
    const code = screen.getByLabelText('Code the app shows now');
    expect(code.getAttribute('autocomplete')).toBe('one-time-code');
    fireEvent.change(code, { target: { value: '654321' } });
    fireEvent.click(screen.getByRole('button', { name: 'Turn on the second factor' }));
    expect((await screen.findByText('is not a current code of your authenticator app, or was used already')).id).toBe(`${code.id}-error`);
    expect(code.getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(code, { target: { value: '123 456' } });
    fireEvent.click(screen.getByRole('button', { name: 'Turn on the second factor' }));
    await vi.waitFor(() => expect(getSession().phase).toBe('signed-in'));
    expect(sent.filter((request) => request.path === '/api/v1/me/totp/confirm').map((request) => request.body)).toEqual([{ code: '654321' }, { code: '123456' }]);
    expect(await screen.findByText('The second factor is on: signing in now asks for a code.')).toBeTruthy();
  });

  it('asks a current code to move the factor to a new device, and offers no way to turn it off where the organisation requires it', async () => {
    const enrolled = me(['OFFICER'], { requireTotp: true, name: 'Politie Antwerpen' });
    render(
      <I18nProvider lang="en">
        <SecurityPage me={{ ...enrolled, user: { ...enrolled.user, totpEnabled: true } }} />
      </I18nProvider>,
    );
    expect(screen.getByText('On: signing in asks for a code.', { exact: false })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Turn off the second factor' })).toBeNull();
    expect(screen.getByText(/Your organisation requires it, so it cannot be turned off/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Current code from your app'), { target: { value: '111 222' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set up a new device' }));
    await screen.findByRole('img', { name: 'QR code of the key for your authenticator app' });
    expect(sent.find((request) => request.path === '/api/v1/me/totp')?.body).toEqual({ code: '111222' });
  });
});
