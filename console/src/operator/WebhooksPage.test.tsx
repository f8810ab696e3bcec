// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../i18n/i18n';
import { me } from '../test/factories';
import WebhooksPage from './WebhooksPage';

function answer(status: number, body?: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' } });
}

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('the webhooks page', () => {
  let subscriptions: { id: string; url: string; events: string[]; createdAt: string; disabledReason: string | null }[];
  const sent: { method: string; path: string; body: unknown; key: string | null }[] = [];
  /** The next subscriptions are made, but their answers never reach the browser. */
  let answersLost = 0;

  beforeEach(() => {
    subscriptions = [];
    sent.length = 0;
    answersLost = 0;
    vi.stubGlobal('fetch', async (request: Request) => {
      const path = new URL(request.url).pathname;
      const body = request.method === 'POST' ? await request.json() : undefined;
      sent.push({ method: request.method, path, body, key: request.headers.get('idempotency-key') });
      if (path === '/api/v1/webhooks' && request.method === 'GET') return answer(200, { items: subscriptions });
      if (path === '/api/v1/webhooks' && request.method === 'POST') {
        const { url, events } = body as { url: string; events?: string[] };
        if (!url.startsWith('https://')) return answer(400, { status: 400, code: 'VALIDATION_FAILED', title: 'Invalid', detail: 'url: must be https', errors: [{ field: 'url', message: 'must be https' }] });
        // The exchange's record of keys: the same key and body are answered again, not made twice.
        const key = request.headers.get('idempotency-key');
        const made = sent.slice(0, -1).some((earlier) => earlier.method === 'POST' && earlier.key === key && JSON.stringify(earlier.body) === JSON.stringify(body));
        const created = made ? subscriptions.find((subscription) => subscription.url === url)! : { id: `w${subscriptions.length + 1}`, url, events: events ?? ['order.received', 'order.updated'], createdAt: '2026-12-04T12:00:00Z', disabledReason: null };
        if (!made) subscriptions.push(created);
        if (answersLost > 0) {
          answersLost -= 1;
          throw new TypeError('Failed to fetch');
        }
        return answer(201, { ...created, secret: SECRET });
      }
      if (path === '/api/v1/webhooks/w1/deliveries')
        return answer(200, { items: [{ eventId: 'e1', type: 'order.received', status: 'FAILED', attempts: 5, lastAnswer: 'HTTP 503', deliveredAt: null, nextAttemptAt: null }], nextCursor: null });
      if (path === '/api/v1/webhooks/w1' && request.method === 'DELETE') {
        subscriptions = [];
        return answer(204);
      }
      return answer(404, { status: 404, code: 'NOT_FOUND' });
    });
    render(
      <I18nProvider lang="en">
        <WebhooksPage me={me(['RESPONDER', 'ORG_ADMIN'], { kind: 'PROVIDER', name: 'Examplegram' })} />
      </I18nProvider>,
    );
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('puts the API’s field error on the URL', async () => {
    await screen.findByText('No subscriptions.');
    fireEvent.change(screen.getByLabelText(/Receiver URL/), { target: { value: 'http://legal.example' } });
    fireEvent.click(screen.getByRole('button', { name: 'Subscribe' }));
    await screen.findByText('must be https');
    expect(screen.getByLabelText(/Receiver URL/).getAttribute('aria-invalid')).toBe('true');
  });

  it('shows the secret once, lists the subscription with its deliveries, and deletes it', async () => {
    await screen.findByText('No subscriptions.');
    fireEvent.change(screen.getByLabelText(/Receiver URL/), { target: { value: 'https://legal.example/hooks' } });
    fireEvent.click(screen.getByRole('checkbox', { name: /order\.received/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Subscribe' }));
    const secret = (await screen.findByLabelText('Secret for https://legal.example/hooks')) as HTMLInputElement;
    expect(secret.value).toBe(SECRET);
    expect(sent.find((request) => request.method === 'POST')?.body).toEqual({ url: 'https://legal.example/hooks', events: ['order.received'] });
    fireEvent.click(screen.getByRole('button', { name: 'I have kept it' }));
    expect(screen.queryByDisplayValue(SECRET)).toBeNull();

    const item = (await screen.findByRole('heading', { name: 'https://legal.example/hooks' })).closest('li')!;
    fireEvent.click(within(item).getByRole('button', { name: 'Show deliveries' }));
    const log = await within(item).findByRole('table', { name: /Deliveries to https:\/\/legal.example\/hooks/ });
    expect(log.textContent).toContain('failed');
    expect(log.textContent).toContain('HTTP 503');

    fireEvent.click(within(item).getByRole('button', { name: 'Delete subscription' }));
    fireEvent.click(within(item).getByRole('button', { name: 'Delete it: nothing more is sent' }));
    await screen.findByText('No subscriptions.');
    expect(sent.some((request) => request.method === 'DELETE' && request.path === '/api/v1/webhooks/w1')).toBe(true);
  });

  it('sends a subscription whose answer was lost again with the same key, so it is made once; the next one gets a new key', async () => {
    await screen.findByText('No subscriptions.');
    answersLost = 1;
    fireEvent.change(screen.getByLabelText(/Receiver URL/), { target: { value: 'https://legal.example/hooks' } });
    fireEvent.click(screen.getByRole('button', { name: 'Subscribe' }));
    await screen.findByText(/could not be reached/);
    fireEvent.click(screen.getByRole('button', { name: 'Subscribe' }));
    await screen.findByLabelText('Secret for https://legal.example/hooks');
    expect(subscriptions).toHaveLength(1);

    fireEvent.change(screen.getByLabelText(/Receiver URL/), { target: { value: 'https://legal.example/other' } });
    fireEvent.click(screen.getByRole('button', { name: 'Subscribe' }));
    await screen.findByLabelText('Secret for https://legal.example/other');
    const posts = sent.filter((request) => request.method === 'POST');
    expect(posts).toHaveLength(3);
    expect(posts[1].key).toBe(posts[0].key);
    expect(posts[2].key).not.toBe(posts[0].key);
    expect(subscriptions.map((subscription) => subscription.url)).toEqual(['https://legal.example/hooks', 'https://legal.example/other']);
  });
});
