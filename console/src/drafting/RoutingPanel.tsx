/**
 * The routing decision for the facts typed so far, from `POST /routing/evaluate`: the instrument,
 * addressee, approvals, review and deadlines, and why every other instrument does or does not
 * apply with its legal basis. The explanations are the API's (in English); the console's own
 * words around them follow the chosen language.
 */
import type { RoutingCandidate, RoutingResult } from '../api/types';
import { formatIsoDuration } from '../i18n/format';
import { hasLabel, useI18n } from '../i18n/i18n';
import { ProblemAlert } from '../ui/feedback';

export function RoutingPanel({
  result,
  problem,
  waiting,
  pending,
  providerName,
}: {
  result: RoutingResult | null;
  problem: unknown;
  waiting: boolean;
  /** A new evaluation is on its way: what is shown is for the previous facts. */
  pending: boolean;
  providerName: string;
}) {
  const { t, label, lang } = useI18n();
  const selected = result?.selected ?? null;
  const summary = !result
    ? waiting
      ? t('routing.needFacts')
      : t('common.loading')
    : selected
      ? t('routing.summary', { instrument: selected.name, provider: providerName, role: label('establishmentRole', selected.addressee.role), country: selected.addressee.country })
      : t('routing.noRoute');
  return (
    <aside className="panel routing" aria-labelledby="routing-title" aria-busy={pending}>
      <h2 id="routing-title">
        {t('routing.title')}
        {pending && result && <span className="muted routing__pending"> · {t('routing.updating')}</span>}
      </h2>
      <p className="routing__summary" aria-live="polite">
        {summary}
      </p>
      <ProblemAlert problem={problem} />
      {selected && (
        <dl className="facts">
          <div>
            <dt>{t('routing.instrument')}</dt>
            <dd>
              {selected.name}
              {!selected.name.includes(label('form', selected.form)) && <span className="muted"> ({label('form', selected.form)})</span>}
            </dd>
          </div>
          <div>
            <dt>{t('routing.legalBasis')}</dt>
            <dd>{selected.legalBasis}</dd>
          </div>
          <div>
            <dt>{t('routing.addressee')}</dt>
            <dd>
              {providerName}, {label('establishmentRole', selected.addressee.role)} ({selected.addressee.country}) · {t('routing.languages')}: {selected.addressee.languages.join(', ')}
            </dd>
          </div>
          <div>
            <dt>{t('routing.approvals')}</dt>
            <dd>
              {t('routing.issuers')}: {selected.approvals.issuers.map((type) => label('authorityType', type)).join(', ') || '—'}
              <br />
              {t('routing.validators')}: {selected.approvals.validators.map((type) => label('authorityType', type)).join(', ') || '—'}
              {selected.approvals.emergencyWithoutPriorValidation && (
                <>
                  <br />
                  {t('routing.emergencyWithoutValidation', { hours: selected.approvals.exPostValidationHours ?? 48 })}
                </>
              )}
              <br />
              <span className="basis">{selected.approvals.basis}</span>
            </dd>
          </div>
          {selected.hops.length > 0 && (
            <div>
              <dt>{t('routing.hops')}</dt>
              <dd>
                <ol className="plain">
                  {selected.hops.map((hop, index) => (
                    <li key={`${hop.kind}-${index}`}>
                      {label('hopKind', hop.kind)} · {hop.country}: {hop.authorities?.length ? hop.authorities.map((authority) => authority.name).join(', ') : t('routing.hopNobody')}{' '}
                      <span className="basis">({hop.basis})</span>
                    </li>
                  ))}
                </ol>
              </dd>
            </div>
          )}
          <div>
            <dt>{t('routing.enforcingReview')}</dt>
            <dd>
              {selected.enforcingReview ? t('routing.reviewYes', { state: selected.enforcingState ?? '' }) : t('routing.reviewNo')}
              <br />
              <span className="muted">{selected.enforcingReviewReason}</span>
            </dd>
          </div>
          <div>
            <dt>{t('routing.deadlines')}</dt>
            <dd>
              <ul className="plain">
                {selected.deadlines.map((deadline) => (
                  <li key={deadline.clock}>
                    {label('clock', deadline.clock)}: {formatIsoDuration(deadline.duration, lang)} {t('routing.from', { from: label('clockFrom', deadline.from) })}{' '}
                    <span className="basis">({deadline.basis})</span>
                    {deadline.note && <span className="muted"> {deadline.note}</span>}
                  </li>
                ))}
              </ul>
              {selected.deadlinesNote && <p className="muted">{selected.deadlinesNote}</p>}
            </dd>
          </div>
        </dl>
      )}
      {/* Outside the list: a <dl> holds only its term and description groups (axe: definition-list). */}
      {selected?.confidence === 'UNCONFIRMED' && <p className="alert alert--warning">{t('routing.unconfirmed')}</p>}
      {result && (
        <>
          <h3>{t('routing.candidates')}</h3>
          <ul className="candidates">
            {[...result.candidates].sort((a, b) => Number(b.eligible) - Number(a.eligible) || a.preferenceRank - b.preferenceRank).map((candidate) => (
              <Candidate key={candidate.instrument} candidate={candidate} chosen={candidate.instrument === selected?.instrument} />
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}

function Candidate({ candidate, chosen }: { candidate: RoutingCandidate; chosen: boolean }) {
  const { t, label } = useI18n();
  const shown = candidate.eligible ? candidate.reasons : candidate.reasons.filter((reason) => reason.outcome !== 'MET');
  return (
    <li className={`candidate ${candidate.eligible ? 'candidate--eligible' : 'candidate--ineligible'}`}>
      <details open={chosen}>
        <summary>
          <span aria-hidden="true">{candidate.eligible ? '✔ ' : '✖ '}</span>
          {candidate.name} — {chosen ? t('routing.chosen') : candidate.eligible ? t('routing.eligible') : t('routing.notEligible')}
        </summary>
        <ul>
          {shown.map((reason, index) => (
            <li key={`${reason.code}-${index}`} className={`reason reason--${reason.outcome.toLowerCase()}`}>
              {hasLabel('reason', reason.code) && <strong>{label('reason', reason.code)}: </strong>}
              <span lang="en">{reason.message}</span> <span className="basis">({reason.basis})</span>
            </li>
          ))}
        </ul>
      </details>
    </li>
  );
}
