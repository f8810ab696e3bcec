import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ApiProblem, placeFieldErrors } from '../api/problem';
import { useI18n } from '../i18n/i18n';
import { ProblemAlert } from '../ui/feedback';
import { ACTIONS, type ConsoleAction } from './actions';

export type FieldErrors = Record<string, string[]>;

/**
 * The form an action opens in place of its button. Its submit button carries the action's name
 * again, so the same name works twice: once to open, once to send. The API's field errors land
 * on the fields named in `fields`; anything else shows above the buttons.
 */
export function ActionForm({
  action,
  fields,
  onSubmit,
  onCancel,
  children,
  intro,
}: {
  action: ConsoleAction;
  fields: readonly string[];
  onSubmit(): Promise<void>;
  onCancel(): void;
  children(errors: FieldErrors): ReactNode;
  intro?: string;
}) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('input, select, textarea')?.focus();
  }, []);
  const placed = problem ? placeFieldErrors(problem.errors, fields) : { byField: {}, unplaced: [] };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      await onSubmit();
    } catch (error) {
      setProblem(error instanceof ApiProblem ? error : ApiProblem.network(error));
      setBusy(false);
    }
  };
  const headingId = `action-form-${action}`;
  return (
    <form className="action-form" ref={ref} onSubmit={submit} aria-labelledby={headingId} noValidate>
      <h3 id={headingId}>{t(ACTIONS[action]!.label)}</h3>
      {intro && <p className="muted">{intro}</p>}
      {children(placed.byField)}
      {problem && <ProblemAlert problem={new ApiProblem(problem.status, problem.code, problem.title, problem.detail, placed.unplaced, problem.errorId)} />}
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={busy}>
          {t(ACTIONS[action]!.label)}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
