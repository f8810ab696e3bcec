import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource, EntityMetadata } from 'typeorm';
import { plainRows } from '../src/database/plain-rows.js';
import { anyOf, statementName } from '../src/database/prepared-statements.js';
import { UserEntity } from '../src/modules/identity/entities/user.entity.js';
import { OrderEntity } from '../src/modules/orders/entities/order.entity.js';
import { OrdersRepository } from '../src/modules/orders/orders.repository.js';
import { DEMO } from './support/demo-accounts.js';
import { demoDirectory, orderBody, ordersClient, expectStatus as ok } from './support/orders.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The statements of every step, written for speed (docs/architecture.md, "A step's hot statements
 * in plain SQL"), read what TypeORM's own would. src/database/plain-rows.ts: the order read on every step without TypeORM's query builder is the
 * entity TypeORM itself reads, value for value (dates, jsonb, nulls, a char column's padding), on
 * an order taken through a real cycle of steps; and a column it would read otherwise is refused.
 */
describe('orders read as plain rows', () => {
  let t: TestApp;
  let dataSource: DataSource;
  beforeAll(async () => {
    t = await startTestApp();
    dataSource = t.app.get<DataSource>(getDataSourceToken());
  });
  afterAll(() => t.close());

  it('gives the entity TypeORM gives, every value as node-postgres read it', async () => {
    const orders = ordersClient(t);
    const { Examplegram } = await demoDirectory(t);
    const created = ok(await orders.create(DEMO.parisProsecutor, orderBody(Examplegram, { dataCategories: ['SUBSCRIBER'] })), 201).body as { id: string };
    ok(await orders.act(DEMO.parisProsecutor, created.id, 'issue'));
    ok(await orders.act(DEMO.examplegram, created.id, 'acknowledge'));
    // A char(2) shorter than its length comes back padded ('F '): a read that trimmed would differ.
    await dataSource.query(`UPDATE orders SET enforcing_state = 'F' WHERE id = $1`, [created.id]);
    const [prosecutor] = (await dataSource.query(`SELECT organisation_id FROM users WHERE email = $1`, [DEMO.parisProsecutor])) as { organisation_id: string }[];

    const visible = await t.app.get(OrdersRepository).findVisible(prosecutor.organisation_id, created.id);
    const typeorm = await dataSource.manager.findOneByOrFail(OrderEntity, { id: created.id });
    expect(visible).not.toBeNull();
    expect(visible!.order).toBeInstanceOf(OrderEntity);
    expect(visible!.order).toEqual(typeorm);
    expect(visible!.order.enforcingState).toBe('F ');
    expect(visible!.order.createdAt).toBeInstanceOf(Date);
    expect(visible!.order.history.map((step) => step.action)).toEqual(['CREATE', 'ISSUE', 'ACKNOWLEDGE']);
    expect(visible!.parties).toEqual(['ISSUING']);
  });

  it('refuses a column or an entity node-postgres would not read as TypeORM does', () => {
    const metadata = (column: Record<string, unknown>, entity: Record<string, unknown> = {}) =>
      ({
        name: 'Probe',
        target: class {},
        afterLoadListeners: [],
        connection: { subscribers: [] },
        columns: [{ propertyName: 'id', databaseName: 'id', type: 'uuid', isSelect: true }, { databaseName: 'x', isSelect: true, ...column }],
        ...entity,
      }) as unknown as EntityMetadata;
    const refused = (column: Record<string, unknown>, entity?: Record<string, unknown>) => () => plainRows(metadata(column, entity));
    // TypeORM reads a date as 'YYYY-MM-DD' (node-postgres: a Date), bigint and numeric as it is told, simple-json by parsing text.
    for (const type of ['date', 'bigint', 'numeric', 'simple-json', 'simple-array']) {
      expect(refused({ propertyName: 'probe', type })).toThrow(`Probe.probe (${type}) cannot be read as a plain row`);
    }
    expect(refused({ propertyName: 'secret', type: 'text', transformer: { from: String, to: String } })).toThrow('Probe.secret (text, with a transformer) cannot be read as a plain row');
    expect(refused({ propertyName: 'owner', type: 'uuid', relationMetadata: { propertyName: 'owner' } })).toThrow('Probe.owner (uuid, not a plain selected column)');
    expect(refused({ propertyName: 'hidden', type: 'text', isSelect: false })).toThrow('Probe.hidden (text, not a plain selected column)');
    expect(refused({ propertyName: 'city', type: 'text', embeddedMetadata: {} })).toThrow('Probe.city (text, not a plain selected column)');
    expect(refused({ propertyName: 'inferred', type: String })).toThrow('Probe.inferred (a JavaScript type) cannot be read as a plain row');
    expect(refused({ propertyName: 'name', type: 'text' }, { afterLoadListeners: [{}] })).toThrow('Probe has an afterLoad listener or subscriber');
    expect(refused({ propertyName: 'name', type: 'text' }, { connection: { subscribers: [{ afterLoad: () => undefined }] } })).toThrow('Probe has an afterLoad listener or subscriber');
    // A plain column, and the order itself, are read.
    expect(plainRows(metadata({ propertyName: 'name', type: 'text' })).select('p')).toBe('p."id", p."x"');
    expect(plainRows(dataSource.getMetadata(OrderEntity)).select('o')).toContain('o."history"');
  });

  it('looks up by ids with one prepared text whatever their number, each anyOf with values of its own', async () => {
    const users = (await dataSource.query(`SELECT id, organisation_id FROM users ORDER BY email LIMIT 3`)) as { id: string; organisation_id: string }[];
    const [first, second, third] = users;
    // Two operators in one query: each compares with its own values (a shared name would compare both with the last).
    const found = await dataSource.manager.find(UserEntity, { where: { id: anyOf([first.id, second.id, first.id]), organisationId: anyOf([first.organisation_id]) } });
    expect(found.map((user) => user.id).sort()).toEqual(users.filter((user) => [first.id, second.id].includes(user.id) && user.organisation_id === first.organisation_id).map((user) => user.id).sort());
    expect(found.map((user) => user.id)).toContain(first.id);
    const either = await dataSource.manager.find(UserEntity, { where: [{ id: anyOf([first.id]) }, { id: anyOf([third.id]) }] });
    expect(either.map((user) => user.id).sort()).toEqual([first.id, third.id].sort());
    // One text for one id or three: it is named (prepared), where In() wrote a text per length.
    const [one] = dataSource.manager.createQueryBuilder(UserEntity, 'u').where({ id: anyOf([first.id]) }).getQueryAndParameters();
    const [three] = dataSource.manager.createQueryBuilder(UserEntity, 'u').where({ id: anyOf([first.id, second.id, third.id]) }).getQueryAndParameters();
    expect(one).toBe(three);
    expect(one).toContain('= ANY($1)');
    expect(statementName(one)).toMatch(/^evx_\d+$/);
  });
});
