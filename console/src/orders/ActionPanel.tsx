/**
 * The buttons of what the signed-in user may do on this order. Actions without input act on
 * the click; the others open their form in place of the button. The panel keeps the
 * Idempotency-Key of what it sends: a retry of the same action with the same words (after a
 * network failure, a lost answer, a form closed and opened again) goes with the same key, so the
 * exchange does it at most once.
 */
import { useState } from 'react';
import { useSubmission } from '../api/submission';
import type { Evidence, Me, Order, Step } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { navigate } from '../router';
import { DateTime, ProblemAlert } from '../ui/feedback';
import { ACTION_FORMS } from './action-forms';
import { ACTIONS, availableActions, type ActionSpec, type ConsoleAction } from './actions';
import { namedRequestOf, perform, type PostAction } from './perform';

/** Buttons that stop or turn back the order, in the colour of a warning. */
const STOPPING: readonly ConsoleAction[] = ['WITHDRAW', 'REFUSE_VALIDATION', 'REFUSE_CERTIFICATION', 'REFUSE_FORWARDING', 'NOT_EXECUTE'];

export function ActionPanel({
  order,
  me,
  steps,
  evidence,
  now,
  onDone,
}: {
  order: Order;
  me: Me;
  steps: readonly Step[] | null;
  evidence: readonly Evidence[];
  now: Date;
  onDone(message: string): Promise<void>;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState<ConsoleAction | null>(null);
  const [busy, setBusy] = useState<ConsoleAction | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const submission = useSubmission();
  const actions = availableActions(order, me, now, steps ?? undefined);

  const act = async (action: PostAction, body: Record<string, unknown> = {}) => {
    await submission.send(namedRequestOf(order, action, body), (key) => perform(order, action, body, key));
    setOpen(null);
    await onDone(t('action.done', { action: t(ACTIONS[action]!.label) }));
  };

  const click = async (action: ConsoleAction, spec: ActionSpec) => {
    setProblem(null);
    if (action === 'AMEND') return navigate(`/orders/${order.id}/edit`);
    if (spec.needsInput) return setOpen(action);
    setBusy(action);
    try {
      await act(action as PostAction);
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(null);
    }
  };

  const Form = open ? ACTION_FORMS[open] : undefined;

  return (
    <section className="panel panel--actions" aria-labelledby="actions-title">
      <h2 id="actions-title">{t('order.actions')}</h2>
      {actions.length === 0 && <p className="muted">{t('order.noActions')}</p>}
      {actions.length > 0 && (
        <div className="button-row">
          {actions.map(({ action, spec, blocked }) =>
            open === action ? null : (
              <button
                key={action}
                type="button"
                className={`button ${STOPPING.includes(action) ? 'button--danger' : 'button--primary'}`}
                disabled={busy !== null || blocked !== undefined}
                aria-describedby={blocked ? `blocked-${action}` : undefined}
                onClick={() => void click(action, spec)}
              >
                {t(spec.label)}
              </button>
            ),
          )}
        </div>
      )}
      {actions
        .filter((entry) => entry.blocked === 'REVIEW_PENDING')
        .map(({ action }) => (
          <p key={action} id={`blocked-${action}`} className="hint">
            {t('action.blocked.reviewPending')} {order.enforcingReview?.endsAt && <DateTime iso={order.enforcingReview.endsAt} />}
          </p>
        ))}
      {open && Form && <Form order={order} evidence={evidence} send={(body) => act(open as PostAction, body)} cancel={() => setOpen(null)} />}
      <ProblemAlert problem={problem} focus />
    </section>
  );
}
