/** Request headers several routes document the same way. */
export const IDEMPOTENCY_KEY_HEADER = { name: 'Idempotency-Key', required: false, description: 'A unique key per intended action: a retry replays the stored answer (kept 24 hours)' };
export const IF_MATCH_HEADER = { name: 'If-Match', required: false, description: 'The order\'s ETag (its version in quotes, e.g. "3"): 412 if the order moved on' };
