/**
 * One call per action, each to its endpoint, with the submission's Idempotency-Key (the panel
 * keeps it, so a retry of the same action is answered from the API's record instead of acting
 * twice: ../api/submission) and `If-Match` with the version the user was looking at (412 when
 * someone acted in the meantime).
 */
import { api, transitionHeaders, unwrap } from '../api/client';
import type { NamedRequest } from '../api/submission';
import type { Order } from '../api/types';
import type { ConsoleAction } from './actions';

type Body = Record<string, unknown>;

export const PATHS = {
  SUBMIT: '/api/v1/orders/{id}/submit',
  ISSUE: '/api/v1/orders/{id}/issue',
  VALIDATE: '/api/v1/orders/{id}/validate',
  REFUSE_VALIDATION: '/api/v1/orders/{id}/validate',
  ACKNOWLEDGE: '/api/v1/orders/{id}/acknowledge',
  REQUEST_CLARIFICATION: '/api/v1/orders/{id}/clarification-request',
  CLARIFY: '/api/v1/orders/{id}/clarification',
  CONFIRM_PRESERVATION: '/api/v1/orders/{id}/preservation',
  EXTEND_PRESERVATION: '/api/v1/orders/{id}/preservation-extension',
  CONFIRM_SUBSEQUENT_REQUEST: '/api/v1/orders/{id}/subsequent-request',
  REVIEW: '/api/v1/orders/{id}/enforcing-review',
  NOT_EXECUTE: '/api/v1/orders/{id}/non-execution',
  PRODUCE: '/api/v1/orders/{id}/production',
  WITHDRAW: '/api/v1/orders/{id}/withdraw',
  CLOSE: '/api/v1/orders/{id}/close',
  CERTIFY: '/api/v1/orders/{id}/certify',
  REFUSE_CERTIFICATION: '/api/v1/orders/{id}/certify',
  FORWARD: '/api/v1/orders/{id}/forward',
  REFUSE_FORWARDING: '/api/v1/orders/{id}/forward',
  COUNTERSIGN: '/api/v1/orders/{id}/countersign',
  CHALLENGE: '/api/v1/orders/{id}/challenge',
  REMOVE: '/api/v1/orders/{id}/removal',
  RESUME_EXECUTION: '/api/v1/orders/{id}/resume',
  REQUEST_SCRUTINY: '/api/v1/orders/{id}/scrutiny-request',
  SCRUTINISE: '/api/v1/orders/{id}/scrutiny',
} as const satisfies { [A in Exclude<ConsoleAction, 'AMEND'>]?: string };

export type PostAction = keyof typeof PATHS;

/**
 * An action whose endpoint depends on the order's type: a removal order's Annex III (Reg. 2021/784:
 * force majeure, impossibility, errors) has its own endpoint, recorded as the same NOT_EXECUTE step.
 */
export const TYPE_PATHS: Partial<Record<Order['type'], Partial<Record<PostAction, string>>>> = {
  REMOVAL: { NOT_EXECUTE: '/api/v1/orders/{id}/impossibility' },
};

/** The fixed part of a body: an action and its refusal share one endpoint, told apart by `decision`. */
export const FIXED: Partial<Record<PostAction, Body>> = {
  VALIDATE: { decision: 'APPROVE' },
  REFUSE_VALIDATION: { decision: 'REFUSE' },
  CERTIFY: { decision: 'CERTIFY' },
  REFUSE_CERTIFICATION: { decision: 'REFUSE' },
  FORWARD: { decision: 'FORWARD' },
  REFUSE_FORWARDING: { decision: 'REFUSE' },
};

/** The request an action sends: its endpoint and body (the form's fields over the fixed part). */
export function requestOf(action: PostAction, body: Body = {}, type?: Order['type']): { path: string; body: Body } {
  return { path: pathOf(action, type), body: { ...FIXED[action], ...body } };
}

export function pathOf(action: PostAction, type?: Order['type']): string {
  return (type && TYPE_PATHS[type]?.[action]) ?? PATHS[action];
}

/** The request as the exchange names it for its Idempotency-Key: the version sent in If-Match is not part of it. */
export function namedRequestOf(order: Order, action: PostAction, body: Body = {}): NamedRequest {
  const request = requestOf(action, body, order.type);
  return { method: 'POST', path: request.path.replace('{id}', order.id), body: request.body };
}

export async function perform(order: Order, action: PostAction, body: Body, key: string): Promise<Order> {
  // The generated body types are exact for most actions; Annex III reasons are documented
  // loosely (openapi.json: array of arrays), so the bodies are built by the forms and sent as is.
  const request = requestOf(action, body, order.type);
  const init = {
    params: { path: { id: order.id } },
    headers: transitionHeaders(order.version, key),
    body: request.body,
  } as never;
  return unwrap<Order>(api.POST(request.path as (typeof PATHS)[PostAction], init) as Promise<{ data?: Order; error?: unknown; response: Response }>);
}
