// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiProblem } from '../api/problem';
import { I18nProvider } from '../i18n/i18n';
import { me, NOW, order, removalOrder } from '../test/factories';
import { ActionPanel } from './ActionPanel';

// A stub of the API calls (a plain function: vi.fn's bookkeeping of rejected promises reports them as failures).
// `calls` holds what each action sends (order, action, body); the Idempotency-Key comes fourth.
const stub = vi.hoisted(() => ({ calls: [] as unknown[][], outcome: async (): Promise<unknown> => ({}) }));
vi.mock('./perform', async (importOriginal) => ({
  ...(await importOriginal<typeof import('./perform')>()),
  perform: (...args: unknown[]) => {
    stub.calls.push(args.slice(0, 3));
    return stub.outcome();
  },
}));

function renderPanel(props: Partial<Parameters<typeof ActionPanel>[0]> = {}) {
  const onDone = vi.fn(async () => {});
  render(
    <I18nProvider lang="en">
      <ActionPanel order={order({ status: 'ISSUED', parties: ['ADDRESSEE'] })} me={me(['RESPONDER'], { kind: 'PROVIDER' })} steps={[]} evidence={[]} now={NOW} onDone={onDone} {...props} />
    </I18nProvider>,
  );
  return { onDone };
}

describe('the action buttons of an order', () => {
  beforeEach(() => {
    stub.calls.length = 0;
    stub.outcome = async () => order();
  });
  afterEach(cleanup);

  it('are named after the actions, and act at once when nothing needs to be said', async () => {
    const { onDone } = renderPanel();
    for (const name of ['Acknowledge', 'Produce', 'Request clarification', 'Report non-execution']) expect(screen.getByRole('button', { name })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Acknowledge' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('Done: Acknowledge.'));
    expect(stub.calls).toEqual([[expect.objectContaining({ status: 'ISSUED' }), 'ACKNOWLEDGE', {}]]);
  });

  it('open a form in place of the button, whose submit carries the same name', async () => {
    renderPanel({ order: order({ status: 'PENDING_VALIDATION', parties: ['VALIDATION_CANDIDATE'] }), me: me(['VALIDATOR'], { authorityType: 'INVESTIGATING_JUDGE' }) });
    fireEvent.click(screen.getByRole('button', { name: 'Refuse' }));
    expect(screen.getAllByRole('button', { name: 'Refuse' })).toHaveLength(1);
    fireEvent.change(screen.getByLabelText(/Reason for refusing/), { target: { value: 'Not proportionate' } });
    fireEvent.click(screen.getByRole('button', { name: 'Refuse' }));
    await waitFor(() => expect(stub.calls).toEqual([[expect.anything(), 'REFUSE_VALIDATION', { reason: 'Not proportionate' }]]));
  });

  it('show the API’s refusal, with field errors on the field they name', async () => {
    stub.outcome = async () => {
      throw new ApiProblem(400, 'VALIDATION_FAILED', 'The request is not valid', 'reasons: choose at least one', [{ field: 'reasons', message: 'choose at least one' }]);
    };
    renderPanel();
    fireEvent.click(screen.getByRole('button', { name: 'Request clarification' }));
    fireEvent.change(screen.getByLabelText(/Message/), { target: { value: 'Which account?' } });
    fireEvent.click(screen.getByRole('button', { name: 'Request clarification' }));
    await waitFor(() => expect(screen.getByText('choose at least one')).toBeTruthy());
    const group = screen.getByRole('group', { name: /Reasons/ });
    expect(group.getAttribute('aria-describedby')).toContain('field-reasons-error');
  });

  it('say so when the API refuses an action that acts at once', async () => {
    stub.outcome = async () => {
      throw new ApiProblem(409, 'ORDER_INVALID_TRANSITION', 'Not possible now', 'ACKNOWLEDGE is not possible on a production order in state PRODUCED');
    };
    renderPanel();
    fireEvent.click(screen.getByRole('button', { name: 'Acknowledge' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('ACKNOWLEDGE is not possible'));
  });

  it('disable production during a suspensive review, with the reason beside it', () => {
    renderPanel({
      order: order({
        status: 'ACKNOWLEDGED',
        parties: ['ADDRESSEE'],
        enforcingReview: { state: 'IE', status: 'PENDING', suspensive: true, endsAt: '2026-12-14T12:00:00Z', decidedAt: null, grounds: [], partial: false, issuerMustWithdraw: false },
      }),
    });
    const produce = screen.getByRole('button', { name: 'Produce' }) as HTMLButtonElement;
    expect(produce.disabled).toBe(true);
    expect(document.getElementById(produce.getAttribute('aria-describedby')!)?.textContent).toContain('review by the enforcing authority');
  });

  it('let a designated authority certify at once', async () => {
    const route = order().routing as unknown as { selected: { hops: unknown[] } };
    const { onDone } = renderPanel({
      order: order({ status: 'AWAITING_CERTIFICATION', parties: ['CERTIFYING'], routing: { ...route, selected: { ...route.selected, hops: [{ kind: 'CERTIFICATION', roles: ['CERTIFIER'] }] } } as never }),
      me: me(['CERTIFIER'], { authorityType: 'DESIGNATED_AUTHORITY', country: 'GB' }),
    });
    expect((screen.getByRole('button', { name: 'Refuse certification' }) as HTMLElement).className).toContain('button--danger');
    fireEvent.click(screen.getByRole('button', { name: 'Certify' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('Done: Certify.'));
    expect(stub.calls).toEqual([[expect.objectContaining({ status: 'AWAITING_CERTIFICATION' }), 'CERTIFY', {}]]);
  });

  it('give a hosting provider the removal order’s answers, and send its Annex II as the REMOVE step', async () => {
    const { onDone } = renderPanel({ order: removalOrder({ status: 'ACKNOWLEDGED', parties: ['ADDRESSEE'] }) });
    expect(screen.getAllByRole('button').map((button) => button.textContent)).toEqual(['Confirm removal', 'Report non-execution', 'Request scrutiny']);
    expect(screen.queryByRole('button', { name: 'Produce' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Confirm removal' }));
    fireEvent.change(screen.getByLabelText('SHA-256 of item 1'), { target: { value: 'ab'.repeat(32) } });
    fireEvent.click(screen.getByRole('button', { name: 'Confirm removal' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('Done: Confirm removal.'));
    expect(stub.calls).toEqual([[expect.objectContaining({ type: 'REMOVAL' }), 'REMOVE', { action: 'REMOVED', hashes: [{ sha256: 'ab'.repeat(32) }], contentProviderInformed: false }]]);
  });

  it('give the host State’s competent authority its scrutiny decision', async () => {
    renderPanel({ order: removalOrder({ status: 'REMOVED', parties: ['SCRUTINISING'] }), me: me(['REVIEWER'], { authorityType: 'ENFORCING_AUTHORITY', country: 'IE' }) });
    expect(screen.getAllByRole('button').map((button) => button.textContent)).toEqual(['Decide on scrutiny']);
    fireEvent.click(screen.getByRole('button', { name: 'Decide on scrutiny' }));
    fireEvent.change(screen.getByLabelText('Reason'), { target: { value: 'Nothing infringes the Regulation.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Decide on scrutiny' }));
    await waitFor(() => expect(stub.calls).toEqual([[expect.anything(), 'SCRUTINISE', { decision: 'NO_INFRINGEMENT', reason: 'Nothing infringes the Regulation.' }]]));
  });
});
