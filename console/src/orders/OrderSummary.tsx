/** Where the order stands: its status and every clock, with live countdowns. */
import type { Order } from '../api/types';
import { formatSpan } from '../i18n/format';
import { useI18n } from '../i18n/i18n';
import { DateTime } from '../ui/feedback';
import { DeadlineCell } from './DeadlineCell';
import { answerWindow } from './deadlines';

export function OrderSummary({ order, now }: { order: Order; now: Date }) {
  const { t, label, lang } = useI18n();
  const review = order.enforcingReview;
  return (
    <section className="panel panel--summary" aria-labelledby="summary-title">
      <h2 id="summary-title" className="visually-hidden">
        {t('order.summary')}
      </h2>
      <div className="summary-head">
        <span className={`status status--${order.status.toLowerCase()}`}>{label('status', order.status)}</span>
        <span>
          {label('orderType', order.type)} · {label('form', order.form)} · {label('tier', order.tier)}
        </span>
        {order.emergency && <span className="badge badge--emergency">{answerWindow(order) === 'ONE_HOUR' ? t('deadline.oneHour') : t('deadline.emergency')}</span>}
        {order.overdue && <span className="badge badge--overdue">{t('order.overdue')}</span>}
      </div>
      <dl className="facts facts--clocks">
        <div>
          <dt>{t('order.caseReference')}</dt>
          <dd>{order.caseReference}</dd>
        </div>
        <div>
          <dt>{t('order.createdAt')}</dt>
          <dd>
            <DateTime iso={order.createdAt} />
          </dd>
        </div>
        <div>
          <dt>{t('order.receivedAt')}</dt>
          <dd>
            <DateTime iso={order.receivedAt} />
          </dd>
        </div>
        <div>
          <dt>{t('order.deadline')}</dt>
          <dd>
            <DeadlineCell order={order} now={now} badge={false} />
          </dd>
        </div>
        {order.dueAt && (
          <div>
            <dt>{t('order.dueAt')}</dt>
            <dd>
              <DateTime iso={order.dueAt} />
              {order.clockSuspended && <span className="muted"> · {t('deadline.suspended')}</span>}
            </dd>
          </div>
        )}
        {order.preservationExpiresAt && (
          <div>
            <dt>{t('order.preservationExpiresAt')}</dt>
            <dd>
              <DateTime iso={order.preservationExpiresAt} />
            </dd>
          </div>
        )}
        {order.exPostValidationDueAt && (
          <div>
            <dt>{t('order.exPostValidationDueAt')}</dt>
            <dd>
              <DateTime iso={order.exPostValidationDueAt} />
            </dd>
          </div>
        )}
        {review && (
          <div>
            <dt>{t('order.enforcingReview', { state: review.state ?? '' })}</dt>
            <dd>
              {label('reviewStatus', review.status)}
              {review.status === 'PENDING' && review.endsAt && (
                <>
                  {' '}
                  · {t('order.reviewEnds')} <DateTime iso={review.endsAt} /> ({t('deadline.left', { time: formatSpan(Date.parse(review.endsAt) - now.getTime(), lang) })})
                </>
              )}
              {review.suspensive && review.status === 'PENDING' && <span className="muted"> · {t('order.reviewSuspends')}</span>}
              {review.grounds.length > 0 && <> · {review.grounds.map((ground) => label('reviewGround', ground)).join(', ')}</>}
              {review.partial && <> · {t('order.reviewPartial')}</>}
              {review.issuerMustWithdraw && <strong> · {t('order.issuerMustWithdraw')}</strong>}
            </dd>
          </div>
        )}
      </dl>
    </section>
  );
}
