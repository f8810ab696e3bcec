// @vitest-environment happy-dom
/**
 * The Idempotency-Key an order's actions carry, read off the requests as they leave the console:
 * one per submission, the same for every retry of it, so the exchange acts at most once.
 */
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../i18n/i18n';
import { me, NOW, order } from '../test/factories';
import { ActionPanel } from './ActionPanel';

interface Sent {
  path: string;
  key: string | null;
  ifMatch: string | null;
  body: unknown;
}

describe('the Idempotency-Key of an order’s actions', () => {
  let sent: Sent[];
  /** How the exchange answers each request in turn: a network failure, or the order. */
  let answers: ('network' | 'order' | (() => Promise<Response>))[];
  const issued = order({ status: 'ISSUED', parties: ['ADDRESSEE'], version: 3 });

  beforeEach(() => {
    sent = [];
    answers = [];
    vi.stubGlobal('fetch', async (request: Request) => {
      sent.push({ path: new URL(request.url).pathname, key: request.headers.get('idempotency-key'), ifMatch: request.headers.get('if-match'), body: await request.json() });
      const answer = answers.shift() ?? 'order';
      if (answer === 'network') throw new TypeError('Failed to fetch');
      if (typeof answer === 'function') return answer();
      return new Response(JSON.stringify({ ...issued, version: 4 }), { status: 200, headers: { 'content-type': 'application/json' } });
    });
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  function renderPanel() {
    const onDone = vi.fn(async () => {});
    render(
      <I18nProvider lang="en">
        <ActionPanel order={issued} me={me(['RESPONDER'], { kind: 'PROVIDER' })} steps={[]} evidence={[]} now={NOW} onDone={onDone} />
      </I18nProvider>,
    );
    return { onDone };
  }

  function openClarificationRequest(message: string) {
    fireEvent.click(screen.getByRole('button', { name: 'Request clarification' }));
    fireEvent.click(screen.getByRole('checkbox', { name: /The order is incomplete/ }));
    fireEvent.change(screen.getByLabelText(/Message/), { target: { value: message } });
  }

  it('sends a retry after a network failure with the same key, and a changed form with a new one', async () => {
    answers = ['network', 'network', 'network', 'order'];
    const { onDone } = renderPanel();
    openClarificationRequest('Which account?');
    const submit = () => fireEvent.click(screen.getByRole('button', { name: 'Request clarification' }));
    submit();
    await screen.findByText(/could not be reached/);
    submit();
    await waitFor(() => expect(sent).toHaveLength(2));
    await screen.findByText(/could not be reached/);
    // The user rewords the message: another request, another key.
    fireEvent.change(screen.getByLabelText(/Message/), { target: { value: 'Which account, and since when?' } });
    submit();
    await waitFor(() => expect(sent).toHaveLength(3));
    await screen.findByText(/could not be reached/);
    submit();
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('Done: Request clarification.'));

    expect(sent.map((request) => request.path)).toEqual(Array(4).fill(`/api/v1/orders/${issued.id}/clarification-request`));
    expect(sent.map((request) => request.ifMatch)).toEqual(Array(4).fill('"3"'));
    const [first, retry, reworded, reworded2] = sent.map((request) => request.key);
    expect(first).toBeTruthy();
    expect(retry).toBe(first);
    expect(reworded).not.toBe(first);
    expect(reworded2).toBe(reworded);
    expect(sent[3].body).toEqual({ reasons: ['INCOMPLETE'], message: 'Which account, and since when?' });
  });

  it('keeps the key when the form is closed and opened again with the same words, and takes a new one once it succeeded', async () => {
    answers = ['network', 'order', 'order'];
    renderPanel();
    openClarificationRequest('Which account?');
    fireEvent.click(screen.getByRole('button', { name: 'Request clarification' }));
    await screen.findByText(/could not be reached/);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    openClarificationRequest('Which account?');
    fireEvent.click(screen.getByRole('button', { name: 'Request clarification' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull());
    // Done: the same words sent again are a new request (the page would normally have moved on).
    openClarificationRequest('Which account?');
    fireEvent.click(screen.getByRole('button', { name: 'Request clarification' }));
    await waitFor(() => expect(sent).toHaveLength(3));
    expect(sent[1].key).toBe(sent[0].key);
    expect(sent[2].key).not.toBe(sent[0].key);
  });

  it('sends one request for a double click, on a form and on an action that acts at once', async () => {
    let answer!: (response: Response) => void;
    answers = [() => new Promise<Response>((resolve) => (answer = resolve))];
    const { onDone } = renderPanel();
    const acknowledge = screen.getByRole('button', { name: 'Acknowledge' });
    fireEvent.click(acknowledge);
    fireEvent.click(acknowledge);
    await waitFor(() => expect(sent).toHaveLength(1));
    await act(async () => answer(new Response(JSON.stringify({ ...issued, status: 'ACKNOWLEDGED', version: 4 }), { status: 200, headers: { 'content-type': 'application/json' } })));
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));

    answers = [() => new Promise<Response>((resolve) => (answer = resolve))];
    openClarificationRequest('Which account?');
    const form = screen.getByRole('button', { name: 'Request clarification' }).closest('form')!;
    fireEvent.submit(form);
    fireEvent.submit(form);
    await waitFor(() => expect(sent).toHaveLength(2));
    await act(async () => answer(new Response(JSON.stringify({ ...issued, version: 5 }), { status: 200, headers: { 'content-type': 'application/json' } })));
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(2));
    expect(sent).toHaveLength(2);
  });
});
