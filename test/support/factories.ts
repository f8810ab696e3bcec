import { randomUUID } from 'node:crypto';

/** Small builders for request bodies; each test overrides only what it is about. */

export function authorityInput(overrides: Record<string, unknown> = {}) {
  return { name: `Test authority ${randomUUID().slice(0, 8)}`, kind: 'AUTHORITY', country: 'BE', authorityType: 'POLICE', ...overrides };
}

export function providerInput(overrides: Record<string, unknown> = {}) {
  return {
    name: `Test provider ${randomUUID().slice(0, 8)}`,
    kind: 'PROVIDER',
    country: 'NL',
    cgnatOperator: false,
    establishments: [{ country: 'NL', role: 'DESIGNATED_ESTABLISHMENT', languages: ['nl', 'en'] }],
    ...overrides,
  };
}

export function userInput(overrides: Record<string, unknown> = {}) {
  return {
    email: `user-${randomUUID().slice(0, 8)}@example.test`,
    name: 'Test User',
    password: 'a-long-test-password',
    roles: ['OFFICER'],
    ...overrides,
  };
}
