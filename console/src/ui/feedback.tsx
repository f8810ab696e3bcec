import { useEffect, useRef } from 'react';
import { ApiProblem } from '../api/problem';
import { useI18n } from '../i18n/i18n';
import { formatDateTime, formatUtc } from '../i18n/format';

/** What the API answered when it refused, in a region screen readers announce. */
export function ProblemAlert({ problem, focus = false }: { problem: unknown; focus?: boolean }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focus) ref.current?.focus();
  }, [focus, problem]);
  if (!problem) return null;
  const p = problem instanceof ApiProblem ? problem : ApiProblem.network(problem);
  // status 0: found here before any request (an empty file), or no answer at all (NETWORK).
  const local = p.status === 0 && p.code !== 'NETWORK';
  const heading = local ? null : p.code === 'NETWORK' ? t('problem.network') : p.status === 403 ? t('problem.forbidden') : p.status === 404 ? t('problem.notFound') : t('problem.refused');
  return (
    <div className="alert alert--error" role="alert" tabIndex={-1} ref={ref}>
      {heading && <p className="alert__title">{heading}</p>}
      {/* The detail repeats the field errors when there are any: list them instead. */}
      {p.detail && p.errors.length === 0 && <p>{p.detail}</p>}
      {p.errors.length > 0 && (
        <ul>
          {p.errors.map((error) => (
            <li key={`${error.field}:${error.message}`}>
              <code>{error.field}</code>: {error.message}
            </li>
          ))}
        </ul>
      )}
      {!local && (p.code !== 'NETWORK' || p.errorId) && (
        <p className="alert__meta">
          {p.status > 0 && `HTTP ${p.status} · `}
          <code>{p.code}</code>
          {p.errorId && ` · ${t('problem.errorId', { id: p.errorId })}`}
        </p>
      )}
    </div>
  );
}

/** A date in the user's time zone; hovering shows the instant in UTC. */
export function DateTime({ iso }: { iso: string | null | undefined }) {
  const { lang } = useI18n();
  if (!iso) return <span className="muted">—</span>;
  return (
    <time dateTime={iso} title={formatUtc(iso)}>
      {formatDateTime(iso, lang)}
    </time>
  );
}

/** A polite announcement of what just happened ("Order acknowledged"). */
export function Status({ message }: { message: string | null }) {
  return (
    <p className="status-message" role="status">
      {message}
    </p>
  );
}

/** What a page shows while its code or data is on its way. */
export function Loading() {
  const { t } = useI18n();
  return (
    <p className="loading" role="status">
      {t('common.loading')}
    </p>
  );
}
