/**
 * The signed steps: who did what and when, each with the exchange's own check of its signature,
 * chain link, seal and timestamp (`GET /orders/:id/verification`).
 */
import type { Me, Step, StepCheck, Verification } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { DateTime } from '../ui/feedback';

/** The organisation (O=) of a certificate subject as the API writes it (`CN=A\, B,O=A\, B,C=FR`). */
export function organisationOfSubject(subject: string): string | null {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < subject.length; i++) {
    const char = subject[i];
    if (char === '\\' && i + 1 < subject.length) {
      current += subject[++i];
    } else if (char === ',') {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  const organisation = parts.map((part) => part.trim()).find((part) => part.startsWith('O='));
  return organisation ? organisation.slice(2) : null;
}

export function stepVerified(check: StepCheck | undefined): boolean {
  return !!check && check.signatureValid && check.chainValid && check.sealValid && check.timestampValid && check.problems.length === 0;
}

export function History({ steps, verification, me }: { steps: Step[] | null; verification: Verification | null; me: Me }) {
  const { t, label } = useI18n();
  const checks = new Map(verification?.steps.map((check) => [check.seq, check]));
  return (
    <section className="panel" aria-labelledby="history-title">
      <h2 id="history-title">{t('history.title')}</h2>
      {verification && (
        <p className={`alert ${verification.valid ? 'alert--ok' : 'alert--error'}`}>
          {verification.valid ? t('history.allVerified') : t('history.problems', { problems: verification.problems.join('; ') })}
        </p>
      )}
      {steps === null ? (
        <p className="muted">{t('common.loading')}</p>
      ) : (
        <div className="table-wrap" role="region" aria-labelledby="history-caption" tabIndex={0}>
          <table className="history">
            <caption id="history-caption">{t('history.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('history.action')}</th>
                <th scope="col">{t('history.status')}</th>
                <th scope="col">{t('history.at')}</th>
                <th scope="col">{t('history.who')}</th>
                <th scope="col">{t('history.verified')}</th>
              </tr>
            </thead>
            <tbody>
              {steps.map((step) => {
                const check = checks.get(step.seq);
                const subject = check?.signer && typeof (check.signer as Record<string, unknown>).subject === 'string' ? String((check.signer as Record<string, unknown>).subject) : '';
                const organisation =
                  step.actor.organisationId === me.organisation.id ? me.organisation.name : (organisationOfSubject(subject) ?? (step.actor.role === 'SYSTEM' ? t('history.exchange') : '—'));
                const verified = stepVerified(check);
                return (
                  <tr key={step.seq}>
                    <td>{step.seq}</td>
                    <td>{label('step', step.action)}</td>
                    <td>
                      {step.fromStatus ? `${label('status', step.fromStatus)} → ` : ''}
                      {label('status', step.toStatus)}
                    </td>
                    <td>
                      <DateTime iso={step.at} />
                    </td>
                    <td>
                      {organisation}
                      <span className="muted"> · {label('role', step.actor.role)}</span>
                      {step.actor.userId === me.user.id && <span className="muted"> ({t('history.you')})</span>}
                    </td>
                    <td>
                      {check === undefined ? (
                        <span className="muted">—</span>
                      ) : verified ? (
                        <span className="verified" title={t('history.verifiedDetail')}>
                          <span aria-hidden="true">✔ </span>
                          {t('history.verifiedMark')}
                        </span>
                      ) : (
                        <span className="not-verified">
                          <span aria-hidden="true">✖ </span>
                          {t('history.notVerified')}
                          {check.problems.length > 0 && `: ${check.problems.join('; ')}`}
                        </span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
