import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Province } from './province.entity';

/** A commune, ward or special zone (the lower tier since 1 July 2025), by its official code. */
@Entity('commune')
@Index('idx_commune_province', ['provinceCode'])
export class Commune {
  @PrimaryColumn({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  @ForeignKey(() => Province, 'code', { name: 'commune_province_code_fkey' })
  provinceCode: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  nameKey: string;
}
