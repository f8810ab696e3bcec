// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiProblem } from '../api/problem';
import { I18nProvider } from '../i18n/i18n';
import { getSession, signOut } from '../session/session';
import { normaliseCode, SignInForm, signInRefusal } from './SignInForm';

const ME = {
  user: { id: 'u', email: 'judge@tj-paris.fr.demo', name: 'Judge', roles: ['VALIDATOR'], totpEnabled: true },
  organisation: { id: 'o', name: 'Tribunal judiciaire de Paris', kind: 'AUTHORITY', country: 'FR', requireTotp: false },
  totpEnrolmentRequired: false,
};
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' } });
const problem = (status: number, code: string, errors: { field: string; message: string }[] = []) => json(status, { type: 'urn:x', title: code, status, detail: code, code, errors });

describe('the sign-in form with a second factor', () => {
  const logins: Record<string, unknown>[] = [];
  beforeEach(() => {
    logins.length = 0;
    vi.stubGlobal('fetch', async (request: Request) => {
      const path = new URL(request.url).pathname;
      if (path === '/api/v1/me') return json(200, ME);
      const body = (await request.json()) as Record<string, unknown>;
      logins.push(body);
      if (body.password !== 'demo-password-123') return problem(401, 'UNAUTHENTICATED');
      if (body.totp === undefined) return problem(401, 'TOTP_REQUIRED', [{ field: 'totp', message: 'is required' }]);
      if (body.totp !== '246810') return problem(401, 'TOTP_INVALID');
      return json(200, { accessToken: 'a.b.c', tokenType: 'Bearer', expiresIn: 900 });
    });
    render(
      <I18nProvider lang="en">
        <SignInForm />
      </I18nProvider>,
    );
  });
  afterEach(() => {
    signOut('user');
    cleanup();
    vi.unstubAllGlobals();
  });

  const submitCredentials = async () => {
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'judge@tj-paris.fr.demo' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'demo-password-123' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    return screen.findByLabelText('One-time code');
  };

  it('asks for the code when the API answers TOTP_REQUIRED, as a numeric one-time-code field, and signs in with it', async () => {
    const code = await submitCredentials();
    expect(code.getAttribute('autocomplete')).toBe('one-time-code');
    expect(code.getAttribute('inputmode')).toBe('numeric');
    // The focus moves in an effect after the field is shown: on a busy machine, a little after.
    await vi.waitFor(() => expect(document.activeElement).toBe(code));
    expect(screen.getByRole('status').textContent).toBe('This account has a second factor: type the code your authenticator app shows.');
    expect(screen.queryByLabelText('Password')).toBeNull();
    fireEvent.change(code, { target: { value: '246 810' } });
    fireEvent.click(screen.getByRole('button', { name: 'Verify' }));
    await vi.waitFor(() => expect(getSession().phase).toBe('signed-in'));
    // The password is sent again with the code, the code without the space the app shows.
    expect(logins.at(-1)).toEqual({ email: 'judge@tj-paris.fr.demo', password: 'demo-password-123', totp: '246810' });
  });

  it('says when the code is wrong and keeps asking for it; "Use another password" goes back', async () => {
    const code = await submitCredentials();
    fireEvent.change(code, { target: { value: '111111' } });
    fireEvent.click(screen.getByRole('button', { name: 'Verify' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/^The code is not right, or was used already/);
    expect(screen.getByLabelText('One-time code')).toBeTruthy();
    expect(getSession().phase).toBe('signed-out');
    fireEvent.click(screen.getByRole('button', { name: 'Use another password' }));
    expect(screen.getByLabelText('Password')).toBeTruthy();
    expect(screen.queryByLabelText('One-time code')).toBeNull();
  });

  it('answers a wrong password as before, without a code step', async () => {
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'judge@tj-paris.fr.demo' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'wrong' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The e-mail address or the password is not right.');
    expect(screen.queryByLabelText('One-time code')).toBeNull();
  });
});

describe('the refusals of a sign-in', () => {
  it('map each API answer to its message and step', () => {
    expect(signInRefusal(new ApiProblem(401, 'TOTP_REQUIRED', '', ''))).toEqual({ message: 'signin.codeIntro', codeStep: true });
    expect(signInRefusal(new ApiProblem(401, 'TOTP_INVALID', '', ''))).toEqual({ message: 'signin.codeWrong', codeStep: true });
    expect(signInRefusal(new ApiProblem(400, 'VALIDATION_FAILED', '', '', [{ field: 'totp', message: 'must be 6 digits' }]))).toEqual({ message: 'signin.codeFormat', codeStep: true });
    expect(signInRefusal(new ApiProblem(400, 'VALIDATION_FAILED', '', '', [{ field: 'email', message: 'x' }]))).toEqual({ message: 'signin.invalid', codeStep: false });
    expect(signInRefusal(new ApiProblem(429, 'RATE_LIMITED', '', ''))).toEqual({ message: 'signin.rateLimited', codeStep: false });
    expect(signInRefusal(new Error('offline'))).toEqual({ message: 'problem.network', codeStep: false });
    expect(normaliseCode(' 123 456 ')).toBe('123456');
  });
});
