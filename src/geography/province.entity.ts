import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A province or centrally-run city, by its official administrative code (e.g. 22 Quảng Ninh). */
@Entity('province')
export class Province {
  @PrimaryColumn({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  kind: string;

  /** Name without diacritics, lower-case, for search. */
  @Column({ type: 'text' })
  nameKey: string;
}
