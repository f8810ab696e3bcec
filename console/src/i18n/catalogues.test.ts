import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ORDER_ACTIONS, ORDER_PARTIES, ORDER_STATUSES } from '../../../libs/domain/order-lifecycle.js';
import { ROLES } from '../../../libs/domain/identity.js';
import { DATA_CATEGORIES } from '../../../libs/domain/data-categories.js';
import { ANNEX_III_REASONS, TCO_CONTENT_REASONS, TCO_IMPOSSIBILITY_REASONS } from '../../../libs/domain/order-content.js';
import { CLARIFICATION_REASONS, NON_EXECUTION_REASONS } from '../api/types';
import { en } from './en';
import { fr } from './fr';
import { hasLabel, labelOf, translate } from './i18n';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('the English and French catalogues', () => {
  it('have exactly the same keys', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
  });

  it('have no empty string, and the same placeholders in both languages', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(en[key].trim(), key).not.toBe('');
      expect(fr[key].trim(), key).not.toBe('');
      expect(placeholders(fr[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('label every status, step, role, party and data category the exchange knows', () => {
    for (const status of ORDER_STATUSES) expect(hasLabel('status', status), status).toBe(true);
    for (const action of ORDER_ACTIONS) expect(hasLabel('step', action), action).toBe(true);
    for (const role of [...ROLES, 'SYSTEM']) expect(hasLabel('role', role), role).toBe(true);
    for (const party of ORDER_PARTIES) expect(hasLabel('party', party), party).toBe(true);
    for (const category of DATA_CATEGORIES) expect(hasLabel('category', category), category).toBe(true);
    for (const reason of TCO_CONTENT_REASONS) expect(hasLabel('tcoReason', reason), reason).toBe(true);
    for (const reason of TCO_IMPOSSIBILITY_REASONS) expect(hasLabel('tcoImpossibility', reason), reason).toBe(true);
  });

  it('label every code the API documents that the console shows by name', () => {
    // openapi.json's enums, so a code added to the API without its label fails here.
    const schemas = (JSON.parse(readFileSync(new URL('../../../openapi.json', import.meta.url), 'utf8')) as { components: { schemas: Record<string, { properties: Record<string, { enum?: string[]; items?: { enum?: string[] } }> }> } }).components.schemas;
    const codes = (schema: string, property: string) => {
      const field = schemas[schema].properties[property];
      const values = field.enum ?? field.items?.enum;
      if (!values) throw new Error(`${schema}.${property} has no enum`);
      return values;
    };
    const shown: [string, string, string][] = [
      ['status', 'OrderDto', 'status'],
      ['party', 'OrderParticipantDto', 'party'],
      ['authorityType', 'AuthorityDto', 'authorityType'],
      ['designation', 'AuthorityDto', 'designations'],
      ['hopKind', 'HopStateDto', 'kind'],
      ['hopOutcome', 'HopStateDto', 'outcome'],
      ['documentForm', 'DocumentDto', 'form'],
      ['audience', 'DocumentDto', 'audience'],
      ['eventType', 'WebhookDto', 'events'],
      ['deliveryStatus', 'DeliveryDto', 'status'],
      ['role', 'MeUserDto', 'roles'],
      ['step', 'StepDto', 'action'],
      ['orderType', 'OrderDto', 'type'],
      // Removal orders (Reg. 2021/784): the provider's answer, its Annex III, the host State's scrutiny.
      ['removalAction', 'RemovalDto', 'action'],
      ['tcoImpossibility', 'ImpossibilityDto', 'reasons'],
      ['scrutinyRequester', 'ScrutinyRequestDto', 'requestedBy'],
      ['scrutinyDecision', 'ScrutinyDto', 'decision'],
      ['scrutinyStatus', 'ScrutinyStateDto', 'status'],
    ];
    for (const [group, schema, property] of shown) for (const code of codes(schema, property)) expect(hasLabel(group, code), `${group}.${code}`).toBe(true);
  });

  it('name the Annex III reasons in the form’s order, as the API numbers them', () => {
    expect([...CLARIFICATION_REASONS, ...NON_EXECUTION_REASONS]).toEqual([...ANNEX_III_REASONS]);
    for (const reason of ANNEX_III_REASONS) expect(hasLabel('annexIII', reason), reason).toBe(true);
  });

  it('fill placeholders and fall back to the code for a label not there yet', () => {
    expect(translate('fr', 'deadline.left', { time: '2 h' })).toBe('échéance dans 2 h');
    expect(translate('en', 'order.titleWithReference', { reference: 'EVX-1' })).toBe('Order EVX-1');
    expect(labelOf('fr', 'status', 'ISSUED')).toBe('Émise');
    expect(labelOf('en', 'status', 'SOMETHING_NEW')).toBe('SOMETHING_NEW');
  });
});
