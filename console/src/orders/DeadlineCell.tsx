import type { Order } from '../api/types';
import { formatSpan, formatUtc } from '../i18n/format';
import { useI18n } from '../i18n/i18n';
import { answerWindow, primaryDeadline, urgencyOf } from './deadlines';

/**
 * The deadline that matters now, as a live countdown. Emergency (8-hour) and one-hour orders
 * carry a badge, so they stand out by more than colour.
 */
export function DeadlineCell({ order, now, badge: showBadge = true }: { order: Order; now: Date; badge?: boolean }) {
  const { t, lang, label } = useI18n();
  const deadline = primaryDeadline(order);
  const window = answerWindow(order);
  let badge: React.JSX.Element | null = null;
  if (showBadge && window === 'ONE_HOUR') badge = <span className="badge badge--one-hour">{t('deadline.oneHour')}</span>;
  else if (showBadge && (order.emergency || window === 'EIGHT_HOURS')) badge = <span className="badge badge--emergency">{t('deadline.emergency')}</span>;
  if (!deadline) return badge ?? <span className="muted">—</span>;
  const urgency = urgencyOf(deadline, now);
  const left = Date.parse(deadline.at) - now.getTime();
  const text = deadline.suspended
    ? t('deadline.suspended')
    : left <= 0
      ? t('deadline.overdue', { time: formatSpan(left, lang) })
      : t('deadline.left', { time: formatSpan(left, lang) });
  return (
    <span className={`deadline deadline--${urgency}`}>
      {badge}
      <span className="deadline__kind">{label('deadlineKind', deadline.kind)}</span>{' '}
      <time dateTime={deadline.at} title={formatUtc(deadline.at)} className="deadline__countdown">
        {text}
      </time>
    </span>
  );
}
