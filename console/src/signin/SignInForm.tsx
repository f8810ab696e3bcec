/**
 * The e-mail and password, then, when the account has a second factor, the one-time code: the
 * sign-in page and the dialog over a page whose session ended both use it.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiProblem } from '../api/problem';
import { useI18n, type MessageKey } from '../i18n/i18n';
import { signIn } from '../session/session';

/** What the person typed as a code, as the API takes it: the digits alone ("123 456" from an app that groups them). */
export function normaliseCode(typed: string): string {
  return typed.replace(/[\s-]/g, '');
}

/** The message for a refused sign-in, and whether it asks for the code (the second step). */
export function signInRefusal(problem: unknown): { message: MessageKey; codeStep: boolean } {
  if (!(problem instanceof ApiProblem)) return { message: 'problem.network', codeStep: false };
  if (problem.code === 'TOTP_REQUIRED') return { message: 'signin.codeIntro', codeStep: true };
  if (problem.code === 'TOTP_INVALID') return { message: 'signin.codeWrong', codeStep: true };
  if (problem.status === 401) return { message: 'signin.wrong', codeStep: false };
  if (problem.status === 429) return { message: 'signin.rateLimited', codeStep: false };
  if (problem.status === 400 && problem.errors.some((error) => error.field === 'totp')) return { message: 'signin.codeFormat', codeStep: true };
  if (problem.status === 400) return { message: 'signin.invalid', codeStep: false };
  return { message: 'problem.network', codeStep: false };
}

export function SignInForm({ email: fixedEmail, onStart, idPrefix = 'signin' }: { email?: string; onStart?: () => void; idPrefix?: string }) {
  const { t } = useI18n();
  const [email, setEmail] = useState(fixedEmail ?? '');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [codeStep, setCodeStep] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ key: MessageKey; alert: boolean } | null>(null);
  const firstRef = useRef<HTMLInputElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  const id = (name: string) => `${idPrefix}-${name}`;

  useEffect(() => {
    firstRef.current?.focus();
  }, []);
  useEffect(() => {
    if (codeStep) codeRef.current?.focus();
  }, [codeStep]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    onStart?.();
    try {
      await signIn(email.trim(), password, codeStep ? normaliseCode(code) : undefined);
    } catch (problem) {
      setBusy(false);
      const refusal = signInRefusal(problem);
      // Asked for the code for the first time: an instruction, not an error.
      setError({ key: refusal.message, alert: !(refusal.codeStep && !codeStep) });
      if (refusal.codeStep) {
        setCodeStep(true);
        setCode('');
      } else setCodeStep(false);
    }
  };

  const back = () => {
    setCodeStep(false);
    setCode('');
    setPassword('');
    setError(null);
  };

  const described = error ? id('error') : undefined;
  return (
    <form onSubmit={submit} noValidate>
      {!codeStep ? (
        <>
          {fixedEmail ? (
            <p className="signin__who">
              {t('signin.as')} <strong>{fixedEmail}</strong>
            </p>
          ) : (
            <div className="field">
              <label htmlFor={id('email')}>{t('signin.email')}</label>
              <input id={id('email')} ref={firstRef} type="email" name="email" autoComplete="username" value={email} required aria-describedby={described} onChange={(event) => setEmail(event.target.value)} />
            </div>
          )}
          <div className="field">
            <label htmlFor={id('password')}>{t('signin.password')}</label>
            <input
              id={id('password')}
              ref={fixedEmail ? firstRef : undefined}
              type="password"
              name="password"
              autoComplete="current-password"
              value={password}
              required
              aria-describedby={described}
              onChange={(event) => setPassword(event.target.value)}
            />
          </div>
        </>
      ) : (
        <div className="field">
          <label htmlFor={id('code')}>{t('signin.code')}</label>
          <input
            id={id('code')}
            ref={codeRef}
            type="text"
            name="one-time-code"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9 ]*"
            maxLength={7}
            className="code-input"
            value={code}
            required
            aria-describedby={[id('code-hint'), described].filter(Boolean).join(' ')}
            onChange={(event) => setCode(event.target.value)}
          />
          <p className="hint" id={id('code-hint')}>
            {t('signin.codeHint')}
          </p>
        </div>
      )}
      {error && (
        <p className={`alert ${error.alert ? 'alert--error' : 'alert--info'}`} id={id('error')} role={error.alert ? 'alert' : 'status'}>
          {t(error.key)}
        </p>
      )}
      <button type="submit" className="button button--primary" disabled={busy}>
        {codeStep ? t('signin.verify') : t('signin.submit')}
      </button>
      {codeStep && (
        <button type="button" className="button button--quiet" onClick={back}>
          {t('signin.back')}
        </button>
      )}
    </form>
  );
}
