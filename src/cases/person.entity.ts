import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Sex } from '../kernel/enums';

/** A person named in a case: a child, a reporter or an alleged perpetrator. Stored once, linked by role. */
@Entity('person')
@Index('idx_person_phone', ['phone'])
@Index('idx_person_name_trgm', { synchronize: false })
export class Person {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', nullable: true })
  fullName: string | null;

  /** Folded name for search without diacritics. */
  @Column({ type: 'text', nullable: true })
  nameKey: string | null;

  /** Free description when the name is unknown ("bé trai khoảng 8 tuổi"). */
  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text', nullable: true })
  sex: Sex | null;

  @Column({ type: 'integer', nullable: true })
  birthYear: number | null;

  @Column({ type: 'text', nullable: true })
  ethnicity: string | null;

  @Column({ type: 'boolean', nullable: true })
  hasDisability: boolean | null;

  @Column({ type: 'boolean', nullable: true })
  inSchool: boolean | null;

  /** Children in special circumstances (Law on Children art. 10), as tags. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  circumstances: string[];

  /** Normalised 0XXXXXXXXX. */
  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
