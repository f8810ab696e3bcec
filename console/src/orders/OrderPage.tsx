/** One order: where it stands, what the user may do, what it says, its documents, history and evidence. */
import { useCallback, useEffect, useState } from 'react';
import { api, unwrap } from '../api/client';
import { ApiProblem } from '../api/problem';
import type { Evidence, Me, Order, OrderDocument, OrderParty, Step, Verification } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { Link } from '../router';
import { homeFor } from '../shell/navigation';
import { Page } from '../shell/page';
import { ProblemAlert, Status } from '../ui/feedback';
import { useNow } from '../ui/use-now';
import { ActionPanel } from './ActionPanel';
import { BundleDownload } from './BundleDownload';
import { Documents } from './Documents';
import { EvidenceSection } from './EvidenceSection';
import { History } from './History';
import { useOrderFeed } from './live';
import { OrderContent } from './OrderContent';
import { OrderSummary } from './OrderSummary';
import { Removal } from './Removal';
import { Safeguards, SuspensionWarning } from './Safeguards';
import { Transmission } from './Transmission';

interface Related {
  steps: Step[] | null;
  verification: Verification | null;
  documents: OrderDocument[] | null;
  /** null: not loaded or not for this party to see. */
  evidence: Evidence[] | null;
}

/** Who may list an order's evidence (the API answers 403 to the other parties). */
const EVIDENCE_READERS: readonly OrderParty[] = ['ADDRESSEE', 'ISSUING', 'VALIDATING', 'EVIDENCE_RECIPIENT'];

/** The order and what belongs to it; what this party may not see comes back as null. */
async function fetchOrderView(orderId: string): Promise<{ order: Order; related: Related }> {
  const path = { params: { path: { id: orderId } } };
  const optional = async <T,>(call: Promise<T>): Promise<T | null> => {
    try {
      return await call;
    } catch (error) {
      if (error instanceof ApiProblem && (error.status === 403 || error.status === 404)) return null;
      throw error;
    }
  };
  const order = await unwrap(api.GET('/api/v1/orders/{id}', path));
  // The enforcing authority alone may not see the evidence: not asked, so no 403 to log.
  const seesEvidence = order.parties.some((party) => EVIDENCE_READERS.includes(party));
  const [steps, verification, documents, evidence] = await Promise.all([
    optional(unwrap(api.GET('/api/v1/orders/{id}/steps', path))),
    optional(unwrap(api.GET('/api/v1/orders/{id}/verification', path))),
    optional(unwrap(api.GET('/api/v1/orders/{id}/documents', path))),
    seesEvidence ? optional(unwrap(api.GET('/api/v1/orders/{id}/evidence', path))) : null,
  ]);
  return { order, related: { steps: steps?.items ?? null, verification, documents: documents?.items ?? null, evidence: evidence?.items ?? null } };
}

export default function OrderPage({ me, orderId }: { me: Me; orderId: string }) {
  const { t } = useI18n();
  const [view, setView] = useState<{ order: Order; related: Related; gone?: boolean } | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const now = useNow(1000);
  const order = view?.order ?? null;
  const related = view?.related ?? { steps: null, verification: null, documents: null, evidence: null };

  useEffect(() => {
    let live = true;
    fetchOrderView(orderId).then(
      (next) => {
        if (!live) return;
        setView(next);
        setProblem(null);
      },
      (error: unknown) => {
        if (!live) return;
        // Shown a moment ago, gone now: the last step took it away from this organisation
        // (a refused validation returns the draft to its drafter alone).
        if (error instanceof ApiProblem && error.status === 404) setView((current) => (current ? { ...current, gone: true } : current));
        setProblem(error);
      },
    );
    return () => {
      live = false;
    };
  }, [orderId, generation]);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);

  // Someone else acted: reload when the version moved.
  useOrderFeed(async (event) => {
    if (event.kind === 'order' && event.orderId !== orderId) return;
    try {
      const latest = await unwrap(api.GET('/api/v1/orders/{id}', { params: { path: { id: orderId } } }));
      if (!order || latest.version !== order.version || latest.status !== order.status) reload();
    } catch {
      // the next tick tries again
    }
  });

  const afterAction = async (done: string) => {
    setMessage(done);
    reload();
  };

  if (view?.gone) {
    return (
      <Page title={t('order.titleWithReference', { reference: view.order.reference })}>
        <Status message={message} />
        <p className="alert alert--info">{t('order.gone')}</p>
        <p>
          <Link to={homeFor(me)}>{t('common.backHome')}</Link>
        </p>
      </Page>
    );
  }

  if (!order) {
    return (
      <Page title={t('order.title')}>
        <ProblemAlert problem={problem} />
        {!problem && (
          <p className="loading" role="status">
            {t('common.loading')}
          </p>
        )}
      </Page>
    );
  }

  return (
    <Page title={t('order.titleWithReference', { reference: order.reference })}>
      <Status message={message} />
      <ProblemAlert problem={problem} />
      <SuspensionWarning order={order} />
      <OrderSummary order={order} now={now} />
      <ActionPanel order={order} me={me} steps={related.steps} evidence={related.evidence ?? []} now={now} onDone={afterAction} />
      <Removal order={order} steps={related.steps} />
      <Safeguards order={order} />
      <Transmission order={order} />
      <EvidenceSection order={order} me={me} evidence={related.evidence} onChange={async () => reload()} />
      <BundleDownload order={order} />
      <OrderContent order={order} me={me} />
      <Documents order={order} documents={related.documents} />
      <History steps={related.steps} verification={related.verification} me={me} />
    </Page>
  );
}
