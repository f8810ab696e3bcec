import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A setting of the running exchange shared by its instances (the demo clock's offset). */
@Entity({ name: 'exchange_settings' })
export class ExchangeSettingEntity {
  @PrimaryColumn({ type: 'varchar', length: 60 })
  key: string;

  @Column({ type: 'jsonb' })
  value: unknown;
}
