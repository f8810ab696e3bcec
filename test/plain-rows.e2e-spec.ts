import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource, EntityMetadata } from 'typeorm';
import { plainRows } from '../src/database/plain-rows.js';
import { OrderEntity } from '../src/modules/orders/entities/order.entity.js';
import { OrdersRepository } from '../src/modules/orders/orders.repository.js';
import { DEMO } from './support/demo-accounts.js';
import { demoDirectory, orderBody, ordersClient, expectStatus as ok } from './support/orders.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * src/database/plain-rows.ts: the order read on every step without TypeORM's query builder is the
 * entity TypeORM itself reads, column for column and value for value (dates, jsonb, nulls), on
 * an order with every kind of column filled in by a real cycle of steps.
 */
describe('orders read as plain rows', () => {
  let t: TestApp;
  let dataSource: DataSource;
  beforeAll(async () => {
    t = await startTestApp();
    dataSource = t.app.get<DataSource>(getDataSourceToken());
  });
  afterAll(() => t.close());

  it('gives the entity TypeORM gives, for every column', async () => {
    const orders = ordersClient(t);
    const { Examplegram } = await demoDirectory(t);
    const created = ok(await orders.create(DEMO.parisProsecutor, orderBody(Examplegram, { dataCategories: ['SUBSCRIBER'] })), 201).body as { id: string };
    ok(await orders.act(DEMO.parisProsecutor, created.id, 'issue'));
    ok(await orders.act(DEMO.examplegram, created.id, 'acknowledge'));
    const prosecutor = await dataSource.query(`SELECT organisation_id FROM users WHERE email = $1`, [DEMO.parisProsecutor]);

    const visible = await t.app.get(OrdersRepository).findVisible(prosecutor[0].organisation_id as string, created.id);
    const typeorm = await dataSource.manager.findOneByOrFail(OrderEntity, { id: created.id });
    expect(visible).not.toBeNull();
    expect(visible!.order).toBeInstanceOf(OrderEntity);
    expect(visible!.order).toEqual(typeorm);
    expect(Object.keys(visible!.order).sort()).toEqual(Object.keys(typeorm).sort());
    expect(visible!.order.createdAt).toBeInstanceOf(Date);
    expect(visible!.order.history.map((step) => step.action)).toEqual(['CREATE', 'ISSUE', 'ACKNOWLEDGE']);
    expect(visible!.parties).toEqual(['ISSUING']);
  });

  it('refuses a column node-postgres would not read as TypeORM does', () => {
    const metadata = (column: Record<string, unknown>) => ({ name: 'Probe', target: class {}, columns: [{ propertyName: 'id', databaseName: 'id', type: 'uuid' }, { databaseName: 'x', ...column }] }) as unknown as EntityMetadata;
    // TypeORM reads a date column as 'YYYY-MM-DD', node-postgres as a Date; a transformer runs in TypeORM only.
    expect(() => plainRows(metadata({ propertyName: 'day', type: 'date' }))).toThrow('Probe.day (date) cannot be read as a plain row');
    expect(() => plainRows(metadata({ propertyName: 'secret', type: 'text', transformer: { from: String, to: String } }))).toThrow('Probe.secret (text, with a transformer) cannot be read as a plain row');
    expect(() => plainRows(metadata({ propertyName: 'owner', type: 'uuid', relationMetadata: { propertyName: 'owner' } }))).toThrow('Probe.owner (uuid) cannot be read as a plain row');
    expect(() => plainRows(metadata({ propertyName: 'inferred', type: String }))).toThrow('Probe.inferred (a JavaScript type) cannot be read as a plain row');
    // The order itself is plain.
    expect(plainRows(dataSource.getMetadata(OrderEntity)).select('o')).toContain('o."history"');
  });
});
