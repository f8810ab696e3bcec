/**
 * The signed-in person's second factor (TOTP): set it up with an authenticator app (a QR code,
 * the key to type, or the otpauth link), confirm it with a first code, replace it with a new
 * device, or turn it off when the organisation does not require it. A person whose
 * organisation requires one and who has none sees this page alone until it is done.
 */
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../api/client';
import { ApiProblem, placeFieldErrors } from '../api/problem';
import type { Me } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { navigate } from '../router';
import { continueWith, reloadMe } from '../session/session';
import { Page } from '../shell/page';
import { normaliseCode } from '../signin/SignInForm';
import { ProblemAlert, Status } from '../ui/feedback';
import { TextField } from '../ui/fields';
import { QrCode } from './QrCode';

interface Enrolment {
  secret: string;
  otpauthUri: string;
}

/** The key as people copy it from a screen: groups of four. */
export function groupedKey(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

const asProblem = (error: unknown) => (error instanceof ApiProblem ? error : ApiProblem.network(error));

export default function SecurityPage({ me }: { me: Me }) {
  const { t } = useI18n();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const enabled = me.user.totpEnabled;
  const required = me.organisation.requireTotp;

  return (
    <Page title={t('security.title')}>
      <Status message={message} />
      {me.totpEnrolmentRequired && <p className="alert alert--warning">{enabled ? t('security.signInAgain') : t('security.mustEnrol', { name: me.organisation.name })}</p>}
      <section className="panel" aria-labelledby="totp-title">
        <h2 id="totp-title">{t('security.totp')}</h2>
        <p>{t('security.totpIntro')}</p>
        <p>
          <strong>{enabled ? t('security.on') : t('security.off')}</strong>
          {required && ` ${t('security.requiredBy', { name: me.organisation.name })}`}
        </p>
        {me.totpEnrolmentRequired && enabled ? null : enrolment ? (
          <ConfirmEnrolment
            enrolment={enrolment}
            replacing={enabled}
            onCancel={() => setEnrolment(null)}
            onConfirmed={() => {
              setEnrolment(null);
              setMessage(t('security.enabled'));
              // Let in only to enrol: now the person goes where they were going.
              if (me.totpEnrolmentRequired) navigate('/', { replace: true });
            }}
          />
        ) : enabled ? (
          <>
            <CodeAction
              name="replace"
              title={t('security.replaceTitle')}
              hint={t('security.replaceHint')}
              submit={t('security.replace')}
              run={async (code) => setEnrolment(await unwrap(api.POST('/api/v1/me/totp', { body: { code } })))}
            />
            {required ? (
              <p className="hint">{t('security.cannotTurnOff')}</p>
            ) : (
              <CodeAction
                name="disable"
                title={t('security.disableTitle')}
                hint={t('security.disableHint')}
                submit={t('security.disable')}
                danger
                run={async (code) => {
                  await unwrap(api.DELETE('/api/v1/me/totp', { body: { code } }));
                  await reloadMe();
                  setMessage(t('security.disabled'));
                }}
              />
            )}
          </>
        ) : (
          <StartEnrolment onStarted={setEnrolment} />
        )}
      </section>
    </Page>
  );
}

function StartEnrolment({ onStarted }: { onStarted(enrolment: Enrolment): void }) {
  const { t } = useI18n();
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const start = async () => {
    setBusy(true);
    setProblem(null);
    try {
      onStarted(await unwrap(api.POST('/api/v1/me/totp', { body: {} })));
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className="button button--primary" disabled={busy} onClick={() => void start()}>
        {t('security.start')}
      </button>
      {problem && <ProblemAlert problem={problem} />}
    </>
  );
}

function ConfirmEnrolment({ enrolment, replacing, onConfirmed, onCancel }: { enrolment: Enrolment; replacing: boolean; onConfirmed(): void; onCancel(): void }) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = problem ? placeFieldErrors(problem.errors, ['code']).byField : {};
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const token = await unwrap(api.POST('/api/v1/me/totp/confirm', { body: { code: normaliseCode(code) } }));
      await continueWith(token);
      onConfirmed();
    } catch (error) {
      setProblem(asProblem(error));
      setBusy(false);
    }
  };
  return (
    <div className="enrolment">
      <ol className="enrolment__steps">
        <li>
          <p>{t('security.scan')}</p>
          <QrCode text={enrolment.otpauthUri} label={t('security.qrLabel')} />
        </li>
        <li>
          <p>{t('security.orType')}</p>
          <p>
            <code className="secret-key" aria-label={t('security.keyLabel')}>
              {groupedKey(enrolment.secret)}
            </code>
          </p>
          <p className="hint">{t('security.keyHint')}</p>
          <label htmlFor="otpauth-uri">{t('security.uri')}</label>
          <textarea id="otpauth-uri" className="secret" readOnly rows={3} value={enrolment.otpauthUri} />
        </li>
        <li>
          <form onSubmit={submit} noValidate>
            <TextField
              name="confirm-code"
              label={t('security.firstCode')}
              hint={t('security.firstCodeHint')}
              inputMode="numeric"
              autoComplete="one-time-code"
              value={code}
              onChange={setCode}
              errors={errors.code}
              required
            />
            {problem && problem.errors.length === 0 && <ProblemAlert problem={problem} />}
            <button type="submit" className="button button--primary" disabled={busy}>
              {t('security.confirm')}
            </button>{' '}
            {replacing && (
              <button type="button" className="button" onClick={onCancel}>
                {t('common.cancel')}
              </button>
            )}
          </form>
        </li>
      </ol>
    </div>
  );
}

/** A form that takes a current code and does one thing with it (replace the device, turn the factor off). */
function CodeAction({ name, title, hint, submit: label, danger = false, run }: { name: string; title: string; hint: string; submit: string; danger?: boolean; run(code: string): Promise<void> }) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = problem ? placeFieldErrors(problem.errors, ['code']).byField : {};
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      await run(normaliseCode(code));
      setCode('');
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate className="code-action" aria-labelledby={`${name}-title`}>
      <h3 id={`${name}-title`}>{title}</h3>
      <TextField name={`${name}-code`} label={t('security.currentCode')} hint={hint} inputMode="numeric" autoComplete="one-time-code" value={code} onChange={setCode} errors={errors.code} required />
      {problem && problem.errors.length === 0 && <ProblemAlert problem={problem} />}
      <button type="submit" className={`button ${danger ? 'button--danger' : 'button--primary'}`} disabled={busy}>
        {label}
      </button>
    </form>
  );
}
