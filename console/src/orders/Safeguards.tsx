/**
 * What helps a provider trust an emergency order, and the issuing side see who doubts it
 * (docs/state-to-state.md, "Emergency orders a provider can trust"): the countersignature of a
 * second person of the issuing authority, the providers' requests to confirm, the issuing
 * authority's record on the exchange (the provider's view only), and its suspension.
 */
import type { Order } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { DateTime } from '../ui/feedback';

/** Shown above everything else: the operator suspended the issuing authority. */
export function SuspensionWarning({ order }: { order: Order }) {
  const { t } = useI18n();
  const suspension = order.issuingAuthoritySuspended;
  if (!suspension) return null;
  return (
    <div className="alert alert--warning" role="note">
      <p className="alert__title">{t('safeguards.suspended')}</p>
      <p>
        {suspension.reason} (<DateTime iso={suspension.suspendedAt} />)
      </p>
    </div>
  );
}

export function Safeguards({ order }: { order: Order }) {
  const { t } = useI18n();
  const verification = order.emergencyVerification;
  const record = order.issuerRecord;
  if (!verification && order.challenges.length === 0 && !record) return null;
  return (
    <section className="panel" aria-labelledby="safeguards-title">
      <h2 id="safeguards-title">{t('safeguards.title')}</h2>
      <dl className="facts">
        {verification && (
          <div>
            <dt>{t('safeguards.countersignature')}</dt>
            <dd>
              {verification.countersigned ? (
                <>
                  <span className="mark mark--ok">{t('safeguards.countersigned')}</span> {verification.countersignedBy?.name}
                  {verification.countersignedBy?.function && <span className="muted"> ({verification.countersignedBy.function})</span>}
                  {verification.countersignedAt && (
                    <>
                      {' · '}
                      <DateTime iso={verification.countersignedAt} />
                    </>
                  )}
                </>
              ) : (
                <span className="mark mark--warning">{t('safeguards.notCountersigned')}</span>
              )}
            </dd>
          </div>
        )}
        {record && (
          <>
            <div>
              <dt>{t('safeguards.ordersBefore')}</dt>
              <dd>{t('safeguards.ordersBeforeValue', { all: record.ordersSentBefore, you: record.ordersSentToYouBefore })}</dd>
            </div>
            <div>
              <dt>{t('safeguards.certificate')}</dt>
              <dd>
                {record.certificateIssuedAt ? (
                  <>
                    {t('safeguards.certificateIssued')} <DateTime iso={record.certificateIssuedAt} />
                    {record.certificateOlderThan30Days === false && <span className="mark mark--warning"> · {t('safeguards.certificateNew')}</span>}
                  </>
                ) : (
                  <span className="muted">—</span>
                )}
              </dd>
            </div>
          </>
        )}
      </dl>
      {order.challenges.length > 0 && (
        <>
          <h3>{t('safeguards.challenges')}</h3>
          <ul className="challenges">
            {order.challenges.map((challenge) => (
              <li key={challenge.at + challenge.organisationId}>
                <DateTime iso={challenge.at} /> · <strong>{challenge.organisationName}</strong>: {challenge.reason}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
