/**
 * The authorities between the issuing side and the provider on a state-to-state route
 * (docs/state-to-state.md), in order: who takes each hop (or took it), when the order reached it
 * and left it, and the clocks that run against it.
 */
import type { HopState, Order } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { DateTime } from '../ui/feedback';

export function Transmission({ order }: { order: Order }) {
  const { t } = useI18n();
  if (order.transmission.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="transmission-title">
      <h2 id="transmission-title">{t('transmission.title')}</h2>
      <p className="muted">{t('transmission.intro')}</p>
      <ol className="hops">
        {order.transmission.map((hop, index) => (
          <Hop key={`${hop.kind}-${index}`} hop={hop} />
        ))}
        <li className={`hop hop--${order.receivedAt ? 'passed' : 'waiting'}`}>
          <h3>{t('transmission.provider')}</h3>
          <p>{order.receivedAt ? <>{t('transmission.receivedAt')} <DateTime iso={order.receivedAt} /></> : <span className="muted">{t('transmission.notYet')}</span>}</p>
        </li>
      </ol>
    </section>
  );
}

function Hop({ hop }: { hop: HopState }) {
  const { t, label } = useI18n();
  const outcome = hop.outcome ?? 'NOT_REACHED';
  return (
    <li className={`hop hop--${outcome.toLowerCase()}`}>
      <h3>
        {label('hopKind', hop.kind)} · {hop.country}
      </h3>
      <dl className="facts">
        <div>
          <dt>{t('transmission.outcome')}</dt>
          <dd>
            <span className={`hop-outcome hop-outcome--${outcome.toLowerCase()}`}>{label('hopOutcome', outcome)}</span>
          </dd>
        </div>
        <div>
          <dt>{hop.outcome === 'PASSED' || hop.outcome === 'REFUSED' ? t('transmission.takenBy') : t('transmission.mayTake')}</dt>
          <dd>{hop.authorities.length > 0 ? hop.authorities.map((authority) => authority.name).join(', ') : <span className="muted">—</span>}</dd>
        </div>
        {hop.receivedAt && (
          <div>
            <dt>{t('transmission.reachedAt')}</dt>
            <dd>
              <DateTime iso={hop.receivedAt} />
            </dd>
          </div>
        )}
        {hop.actedAt && (
          <div>
            <dt>{t('transmission.actedAt')}</dt>
            <dd>
              <DateTime iso={hop.actedAt} />
            </dd>
          </div>
        )}
        {hop.deadlines.map((deadline) => (
          <div key={deadline.clock}>
            <dt>{label('clock', deadline.clock)}</dt>
            <dd>
              <DateTime iso={deadline.dueAt} />
              {deadline.overdue && hop.outcome === 'PENDING' && <span className="badge badge--overdue">{t('order.overdue')}</span>}
            </dd>
          </div>
        ))}
      </dl>
    </li>
  );
}
