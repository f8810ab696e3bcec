/** What each user finds in the menu, from their roles and organisation (`GET /me`). */
import type { Me } from '../api/types';
import type { MessageKey } from '../i18n/i18n';

export interface NavItem {
  to: string;
  label: MessageKey;
}

const DRAFTERS = ['OFFICER', 'PROSECUTOR', 'VALIDATOR'] as const;
const VALIDATORS = ['VALIDATOR', 'PROSECUTOR'] as const;

export function navigationFor(me: Me): NavItem[] {
  const roles = me.user.roles;
  const has = (role: (typeof roles)[number]) => roles.includes(role);
  const items: NavItem[] = [];
  if (has('OPERATOR')) {
    items.push({ to: '/organisations', label: 'nav.organisations' });
    return items;
  }
  if (me.organisation.kind === 'AUTHORITY' && VALIDATORS.some(has)) items.push({ to: '/validation', label: 'nav.validation' });
  items.push({ to: '/inbox', label: 'nav.inbox' });
  if (me.organisation.kind === 'AUTHORITY' && DRAFTERS.some(has)) {
    items.push({ to: '/outbox', label: 'nav.outbox' });
    items.push({ to: '/orders/new', label: 'nav.newOrder' });
  }
  if (has('ORG_ADMIN')) {
    items.push({ to: `/organisations/${me.organisation.id}`, label: 'nav.myOrganisation' });
    items.push({ to: '/webhooks', label: 'nav.webhooks' });
  }
  return items;
}

/** Where `/` leads: the first thing this user works on. */
export function homeFor(me: Me): string {
  const roles = me.user.roles;
  if (roles.includes('OPERATOR')) return '/organisations';
  if (roles.includes('RESPONDER') || roles.includes('REVIEWER') || roles.includes('CERTIFIER')) return '/inbox';
  if (roles.includes('VALIDATOR') && !roles.includes('OFFICER')) return '/validation';
  if (me.organisation.kind === 'AUTHORITY') return '/outbox';
  return '/inbox';
}
